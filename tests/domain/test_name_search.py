"""Dutch name folding, search keys and query reading (pure functions, table-driven)."""

import pytest

from register.domain.names import (
    fold,
    key_variants,
    parse_query,
    prefix_range,
    search_keys,
)


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Çelik", "celik"),
        ("Müller", "muller"),
        ("MÜLLER", "muller"),
        ("Dijkstra", "dykstra"),
        ("Dykstra", "dykstra"),
        ("IJzerman", "yzerman"),
        ("Ĳzerman", "yzerman"),
        ("Strauß", "strauss"),
        ("Søren", "soren"),
        ("Łukasz", "lukasz"),
        ("Jansen-de Vries", "jansen de vries"),
        ("'t Hart", "t hart"),
        ("  Berg  ", "berg"),
        ("Zoë", "zoe"),
        ("Ayşe Yıldız", "ayse yildiz"),
        ("Ｂｅｒｇ", "berg"),  # full width
        ("Ⓑerg", "berg"),  # a circled capital
        ("Deﬁnitief", "definitief"),  # a ligature
        ("", ""),
        (None, ""),
    ],
)
def test_fold(typed, folded):
    assert fold(typed) == folded


@pytest.mark.parametrize(
    ("given", "prefix", "surname", "expected"),
    [
        (
            "Jan",
            "van der",
            "Berg",
            {
                "surname_key": "berg",
                "surname_alt_key": "vanderberg",  # as typed together: "Vanderberg"
                "given_key": "jan",
                "given_later_key": None,
                "prefix_key": "van der",
            },
        ),
        # a married name with an inner prefix: its later part without the prefix
        (
            "Anna",
            "",
            "Jansen-van der Berg",
            {
                "surname_key": "jansenvanderberg",
                "surname_alt_key": "berg",
                "given_key": "anna",
                "given_later_key": None,
                "prefix_key": "",
            },
        ),
        (
            "Joke",
            "van",
            "Dijk-de Vries",
            {
                "surname_key": "dykdevries",
                "surname_alt_key": "vries",
                "given_key": "joke",
                "given_later_key": None,
                "prefix_key": "van",
            },
        ),
        # text in another Unicode compatibility form (full width) folds to the same keys
        (
            "Ｊａｎ",
            "ｖａｎ ｄｅｒ",
            "Ｂｅｒｇ",
            {
                "surname_key": "berg",
                "surname_alt_key": "vanderberg",
                "given_key": "jan",
                "given_later_key": None,
                "prefix_key": "van der",
            },
        ),
        (
            "Fatma",
            "",
            "Çelik",
            {
                "surname_key": "celik",
                "surname_alt_key": None,
                "given_key": "fatma",
                "given_later_key": None,
                "prefix_key": "",
            },
        ),
        (
            "Anna Maria",
            "",
            "Jansen-Çelik",
            {
                "surname_key": "jansencelik",
                "surname_alt_key": "celik",
                "given_key": "anna maria",
                "given_later_key": "maria",
                "prefix_key": "",
            },
        ),
        # a prefix typed into the surname field is still read as a prefix
        (
            "Piet",
            "",
            "van den Heuvel",
            {
                "surname_key": "heuvel",
                "surname_alt_key": "vandenheuvel",
                "given_key": "piet",
                "given_later_key": None,
                "prefix_key": "van den",
            },
        ),
        (
            "Els",
            "",
            "Van",  # a surname that is only a prefix word stays the surname
            {
                "surname_key": "van",
                "surname_alt_key": None,
                "given_key": "els",
                "given_later_key": None,
                "prefix_key": "",
            },
        ),
        (
            "Kees",
            "",
            "Dijkstra",
            {
                "surname_key": "dykstra",
                "surname_alt_key": None,
                "given_key": "kees",
                "given_later_key": None,
                "prefix_key": "",
            },
        ),
    ],
)
def test_search_keys(given, prefix, surname, expected):
    assert search_keys(given, prefix, surname) == expected


@pytest.mark.parametrize(
    ("query", "first_surname", "first_given", "prefix"),
    [
        ("van der Berg", "berg", (), "van der"),
        ("Van Der Berg", "berg", (), "van der"),
        ("Berg, van der", "berg", (), "van der"),
        ("Berg, Jan van der", "berg", ("jan",), "van der"),
        ("van der Berg, Jan", "berg", ("jan",), "van der"),
        ("Jan van der Berg", "berg", ("jan",), "van der"),
        ("Berg van der", "berg", (), "van der"),
        ("Berg", "berg", (), ""),
        ("berg, j.", "berg", ("j",), ""),
        ("Jan Berg", "berg", ("jan",), ""),
        ("Celik", "celik", (), ""),
        ("de Vries", "vries", (), "de"),
        ("Maria van den Heuvel-de Groot", "heuveldegroot", ("maria",), "van den"),
        ("Van", "van", (), ""),
        ("Jansen-van der Berg", "jansenvanderberg", (), "van der"),
        ("Jansen - van der Berg", "jansenvanderberg", (), "van der"),
        ("van der Berg Jan", "berg", ("jan",), "van der"),
        ("Jan Berg van der", "berg", ("jan",), "van der"),
        ("vanderberg", "vanderberg", (), ""),
        ("Ｖａｎ ｄｅｒ Ｂｅｒｇ", "berg", (), "van der"),
    ],
)
def test_parse_query_first_reading(query, first_surname, first_given, prefix):
    parsed = parse_query(query)
    assert parsed.candidates[0] == (first_surname, first_given)
    assert parsed.prefix == prefix


def test_two_words_without_prefix_are_read_both_ways_and_as_one_compound_surname():
    readings = parse_query("Jansen Celik").candidates
    assert ("celik", ("jansen",)) in readings
    assert ("jansen", ("celik",)) in readings
    assert ("jansencelik", ()) in readings


@pytest.mark.parametrize("query", ["", "   ", ",", "!!"])
def test_empty_queries(query):
    assert parse_query(query).empty


@pytest.mark.parametrize(
    ("key", "low", "high"), [("berg", "berg", "berh"), ("az", "az", "a{"), ("b9", "b9", "b:")]
)
def test_prefix_range_covers_exactly_the_keys_starting_with_key(key, low, high):
    assert prefix_range(key) == (low, high)
    assert low <= key + "man" < high
    assert not (low <= "bers" < high) or key == "bers"


def test_partly_typed_ij_is_also_tried_as_y():
    assert key_variants("di") == ("di", "dy")
    assert key_variants("berg") == ("berg",)


def test_a_married_name_typed_whole_is_also_read_as_its_later_part():
    """ "Jansen-van der Berg": the whole surname first, then "Berg" (the stored
    ``surname_alt_key``) with "Jansen" as a word to rank by."""
    readings = parse_query("Jansen-van der Berg").candidates
    assert readings[0] == ("jansenvanderberg", ())
    assert ("berg", ("jansen",)) in readings


def test_a_hyphen_inside_the_later_part_does_not_make_a_whole_name_reading():
    readings = parse_query("Maria van den Heuvel-de Groot").candidates
    assert ("mariavandenheuveldegroot", ()) not in readings
