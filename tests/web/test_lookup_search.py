"""Searching the register: Dutch names and forgiving numbers, through the service and the page
(table-driven)."""

import pytest

from register.domain.lifecycle import RegistrationStatus
from register.domain.numbers import NumberProblem
from register.lookup.services import SearchProblem, search_registrations
from tests.lookup_support import add_registration

PEOPLE = [
    # (given, prefix, surname, tier, status)
    ("Jan", "van der", "Berg", 2, RegistrationStatus.ACTIVE),
    ("Piet", "", "Bergman", 1, RegistrationStatus.ACTIVE),
    ("Karin", "van den", "Berg", 3, RegistrationStatus.LAPSED),
    ("Fatma", "", "Çelik", 2, RegistrationStatus.ACTIVE),
    ("Hans", "", "Müller", 1, RegistrationStatus.STRUCK_OFF),
    ("Kees", "", "Dijkstra", 2, RegistrationStatus.SUSPENDED),
    ("Anna Maria", "", "Jansen-Çelik", 3, RegistrationStatus.ACTIVE),
    ("Joost", "de", "Vries", 1, RegistrationStatus.ACTIVE),
    ("Anna", "", "Jansen-van der Berg", 2, RegistrationStatus.ACTIVE),  # married, inner prefix
]


@pytest.fixture
def people(db, policies):
    return {
        f"{g} {p} {s}".replace("  ", " "): add_registration(
            policies, given=g, prefix=p, surname=s, tier=t, status=st, commit=False
        )
        for g, p, s, t, st in PEOPLE
    }


def names(page):
    return [item.name for item in page.items]


@pytest.mark.parametrize(
    ("query", "expected_first", "also_found"),
    [
        ("van der Berg", "Jan van der Berg", {"Karin van den Berg"}),
        ("Berg, van der", "Jan van der Berg", {"Karin van den Berg"}),
        ("Berg", "Jan van der Berg", {"Karin van den Berg", "Piet Bergman"}),
        ("berg", "Jan van der Berg", set()),
        ("BERG", "Jan van der Berg", set()),
        ("Jan van der Berg", "Jan van der Berg", set()),
        ("Berg, Jan", "Jan van der Berg", set()),
        ("Karin Berg", "Karin van den Berg", {"Jan van der Berg"}),
        ("Berg van den", "Karin van den Berg", set()),
        ("Celik", "Fatma Çelik", {"Anna Maria Jansen-Çelik"}),
        ("çelik", "Fatma Çelik", set()),
        ("Muller", "Hans Müller", set()),
        ("Müller", "Hans Müller", set()),
        ("Dykstra", "Kees Dijkstra", set()),
        ("Dijkstra", "Kees Dijkstra", set()),
        ("Dij", "Kees Dijkstra", set()),
        ("Di", "Kees Dijkstra", set()),
        ("Bergm", "Piet Bergman", set()),
        ("Jansen-Celik", "Anna Maria Jansen-Çelik", set()),
        ("Jansen Celik", "Anna Maria Jansen-Çelik", set()),
        ("de Vries", "Joost de Vries", set()),
        ("Vries", "Joost de Vries", set()),
        ("Vries, de", "Joost de Vries", set()),
        # a married name with an inner prefix: whole, either part, the part after the prefix
        ("Jansen-van der Berg", "Anna Jansen-van der Berg", set()),
        ("Anna Jansen-van der Berg", "Anna Jansen-van der Berg", set()),
        ("Jansen", "Anna Maria Jansen-Çelik", {"Anna Jansen-van der Berg"}),
        ("van der Berg", "Jan van der Berg", {"Anna Jansen-van der Berg"}),
        ("Berg", "Jan van der Berg", {"Anna Jansen-van der Berg"}),
        ("van der Berg, Anna", "Anna Jansen-van der Berg", {"Jan van der Berg"}),
        # prefixes typed together with the surname
        ("vanderberg", "Jan van der Berg", set()),
        ("Vandenberg", "Karin van den Berg", set()),
        ("Jan Vanderberg", "Jan van der Berg", set()),
        ("devries", "Joost de Vries", set()),
        # given names after the surname and its prefix
        ("van der Berg Jan", "Jan van der Berg", set()),
        ("Berg Karin", "Karin van den Berg", set()),
        # other Unicode compatibility forms (full width)
        ("Ｖａｎ ｄｅｒ Ｂｅｒｇ", "Jan van der Berg", set()),
        ("Ｃｅｌｉｋ", "Fatma Çelik", set()),
    ],
)
def test_name_search_finds_people_the_way_they_are_typed(people, query, expected_first, also_found):
    page = search_registrations(query)
    found = names(page)
    assert found[0] == expected_first, found
    assert also_found <= set(found)
    assert page.total == len(found)


@pytest.mark.parametrize("query", ["Pietersen", "Bergmann", "Xyz"])
def test_names_not_in_the_register_find_nothing(people, query):
    page = search_registrations(query)
    assert page.items == [] and page.total == 0 and page.problem is None


def test_struck_off_and_lapsed_remain_findable_with_their_status(people):
    muller = search_registrations("Müller").items[0]
    assert muller.status is RegistrationStatus.STRUCK_OFF
    karin = search_registrations("Karin van den Berg").items[0]
    assert karin.status is RegistrationStatus.LAPSED


@pytest.mark.parametrize(
    ("tier", "status", "expected"),
    [
        (
            None,
            None,
            {"Jan van der Berg", "Karin van den Berg", "Piet Bergman", "Anna Jansen-van der Berg"},
        ),
        (2, None, {"Jan van der Berg", "Anna Jansen-van der Berg"}),
        (None, "lapsed", {"Karin van den Berg"}),
        (1, "active", {"Piet Bergman"}),
        (3, "active", set()),
    ],
)
def test_filters_by_tier_and_status(people, tier, status, expected):
    assert set(names(search_registrations("Berg", tier=tier, status=status))) == expected


def test_results_are_paginated_and_ordered_by_relevance_then_surname(policies, db):
    for given in ("Zoë", "Anna", "Mark"):
        add_registration(policies, given=given, surname="Smit", commit=False)
    for surname in ("Smits", "Smith", "Smitskamp"):
        add_registration(policies, given="Eva", surname=surname, commit=False)
    first = search_registrations("Smit", per_page=4)
    assert first.total == 6 and first.pages == 2
    # exact surname matches first (ordered by given name), then partial ones by surname
    assert names(first) == ["Anna Smit", "Mark Smit", "Zoë Smit", "Eva Smith"]
    second = search_registrations("Smit", page=2, per_page=4)
    assert names(second) == ["Eva Smits", "Eva Smitskamp"]
    assert search_registrations("Smit", page=3, per_page=4).items == []


def test_too_short_a_name_is_refused_with_a_reason(people):
    assert search_registrations("B").problem is SearchProblem.TOO_SHORT


@pytest.mark.parametrize(
    "typed",
    ["{n}", "{n_lower}", " {n} ", "{digits}", "ED{digits}", "ED-ED-{digits}", "ed {spaced}"],
)
def test_number_search_is_forgiving(people, typed):
    number = people["Jan van der Berg"].number
    digits = number[3:]
    query = typed.format(
        n=number, n_lower=number.lower(), digits=digits, spaced=f"{digits[:4]} {digits[4:]}"
    )
    page = search_registrations(query)
    assert page.kind == "number" and names(page) == ["Jan van der Berg"]


def test_number_problems_are_named(people):
    number = people["Jan van der Berg"].number
    wrong_check = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert search_registrations(wrong_check).problem is NumberProblem.CHECK_DIGIT
    assert search_registrations("ED-123").problem is NumberProblem.MALFORMED
    assert search_registrations("ED-00000000").problem is not None


def test_search_page_shows_results_with_checked_time(client, people):
    response = client.get("/search", query_string={"q": "Berg, van der"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Jan van der Berg" in html and "Karin van den Berg" in html
    assert "Status as of" in html or "Status op" in html
    assert response.headers["Cache-Control"].startswith("public, max-age=")


def test_search_page_goes_straight_to_an_exact_number(client, people):
    reg = people["Fatma Çelik"]
    response = client.get("/search", query_string={"q": reg.number.lower().replace("-", " ")})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/registrations/{reg.number}")


def test_search_page_explains_a_failed_check_digit_instead_of_not_found(client, people):
    number = people["Jan van der Berg"].number
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    client.post("/language", data={"lang": "en"})
    html = client.get("/search", query_string={"q": wrong}).get_data(as_text=True)
    assert "check digit" in html
    assert 'aria-invalid="true"' in html and f'value="{wrong}"' in html
    assert "No registration was found" not in html


def test_search_page_without_matches_says_so_and_keeps_the_query(client, people):
    client.post("/language", data={"lang": "en"})
    html = client.get("/search", query_string={"q": "Pietersen"}).get_data(as_text=True)
    assert "No registration was found" in html and 'value="Pietersen"' in html


def test_search_page_paginates(client, db, policies):
    for i in range(25):
        add_registration(policies, given=f"Persoon{i:02d}", surname="Bakker", commit=False)
    client.post("/language", data={"lang": "en"})
    html = client.get("/search", query_string={"q": "Bakker", "page": "2"}).get_data(as_text=True)
    assert "Page 2 of 2" in html and "Persoon24" in html and "Persoon00" not in html
    assert 'rel="prev"' in html


def test_a_typed_prefix_and_a_later_given_name_rank_first(policies, db):
    for given, prefix in (("Anna", ""), ("Bram", "de"), ("Carla Wil", "van"), ("Wil", "van")):
        add_registration(policies, given=given, prefix=prefix, surname="Wit", commit=False)
    # the typed prefix first, then the rest of the class in index order
    assert names(search_registrations("van Wit")) == [
        "Carla Wil van Wit",
        "Wil van Wit",
        "Anna Wit",
        "Bram de Wit",
    ]
    # a first given name that starts with the typed one before a later given name
    assert names(search_registrations("Wil Wit"))[:2] == ["Wil van Wit", "Carla Wil van Wit"]


def test_common_names_are_counted_up_to_the_cap(policies, db, monkeypatch, client):
    from register.lookup import name_search

    for given in ("Anna", "Bram", "Carla", "Daan"):
        add_registration(policies, given=given, surname="Smit", commit=False)
    add_registration(policies, given="Eva", surname="Smits", commit=False)
    monkeypatch.setattr(name_search, "TOTAL_CAP", 3)
    capped = search_registrations("Smit", per_page=2)
    assert capped.total == 3 and capped.total_capped and capped.pages == 2
    assert names(capped) == ["Anna Smit", "Bram Smit"]
    # pages stop at the cap; a query with fewer matches is counted exactly
    assert names(search_registrations("Smit", page=2, per_page=2)) == ["Carla Smit"]
    exact = search_registrations("Smits")
    assert exact.total == 1 and not exact.total_capped
    client.post("/language", data={"lang": "en"})
    html = client.get("/search", query_string={"q": "Smit"}).get_data(as_text=True)
    assert "More than 3 registrations found." in html
    body = client.get("/api/v1/registrations", query_string={"name": "Smit"}).get_json()
    assert body["total"] == 3 and body["total_capped"] is True


def test_each_query_shape_is_built_once(people):
    from register.lookup import name_search

    name_search.plan.cache_clear()
    search_registrations("Jan Berg")
    search_registrations("Piet Smit")
    search_registrations("Berg", tier=2)
    info = name_search.plan.cache_info()
    assert (info.misses, info.hits) == (2, 1)


def test_warm_up_builds_the_common_shapes_and_never_fails(app, people, monkeypatch):
    from register.lookup import name_search

    name_search.plan.cache_clear()
    name_search.warm_up(app)
    assert name_search.plan.cache_info().currsize >= 8

    def broken(*args, **kwargs):
        raise RuntimeError("database away")

    monkeypatch.setattr(name_search, "find", broken)
    name_search.warm_up(app)  # logged, not raised


@pytest.mark.parametrize(
    "query", ["Berg", "van der Berg", "Karin Berg", "Celik", "Di", "Jansen Celik", "Vries, de"]
)
def test_class_by_class_and_all_at_once_rank_alike(people, monkeypatch, query):
    from register.lookup import name_search

    at_once = names(search_registrations(query))
    monkeypatch.setattr(name_search, "FEW_MATCHES", 0)  # as for a common name
    assert names(search_registrations(query)) == at_once
    assert names(search_registrations(query, per_page=1, page=2)) == at_once[1:2]
