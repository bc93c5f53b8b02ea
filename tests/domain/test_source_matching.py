"""Finding quotes in PDF-extracted text (register.sources.matching): what the comparison
forgives (layout) and what it never forgives (words and punctuation). Pure: no files."""

from __future__ import annotations

import pytest

from register.sources.matching import SourceText, line_ranges, quote_skeleton, skeleton

DOCUMENT = """\
6.1.1 Werkplek
Algemene aandachtspunten voor de werkplek zijn:
1.\t De organisatie is bekend met ervaringsdeskundig-
heid.
2.\t De werkplek biedt de student een professionele context

en de ruimte om de rol van ervaringsdeskundige in te
vullen.
•\tKan kracht bij anderen herkennen
bekrachtigen en mobiliseren
Bijdragen aan de
ontwikkelingvan herstelondersteuning
De student kan dilemma’s benoemen en de ﬁnanciering regelen; daarna volgt meer.
"""


@pytest.fixture(scope="module")
def source() -> SourceText:
    return SourceText(DOCUMENT)


@pytest.mark.parametrize(
    ("quote", "location"),
    [
        # a word hyphenated at the end of a line
        ("De organisatie is bekend met ervaringsdeskundigheid.", "l.3–4"),
        # a sentence split by a blank line, the list number left out
        (
            "De werkplek biedt de student een professionele context en de ruimte om de rol "
            "van ervaringsdeskundige in te vullen.",
            "l.5–8",
        ),
        # the bullet and the tab dropped, the source's missing comma kept
        ("Kan kracht bij anderen herkennen bekrachtigen en mobiliseren", "l.9–10"),
        # the space lost at a line join
        ("Bijdragen aan de ontwikkeling van herstelondersteuning", "l.11–12"),
        # curly and straight apostrophes, a ligature, another case, no final full stop
        ("de student kan dilemma's benoemen en de financiering regelen", "l.13"),
        # a quote that ends where the source's sentence goes on
        ("De student kan dilemma’s benoemen en de ﬁnanciering regelen.", "l.13"),
    ],
)
def test_layout_is_forgiven(source, quote, location):
    matches = source.find_all(quote)
    assert [m.location for m in matches] == [location]


@pytest.mark.parametrize(
    "quote",
    [
        "De organisatie is goed bekend met ervaringsdeskundigheid.",  # a word added
        "De organisatie kent ervaringsdeskundigheid.",  # a paraphrase
        "Kan kracht bij anderen herkennen, bekrachtigen en mobiliseren",  # a comma added
        "De student kan dilemma's benoemen en de financiering regelen, daarna",  # , for ;
        "De organisatie is bekend met ervaringsdeskundigheid. De werkplek biedt",  # skips "2."
    ],
)
def test_words_and_punctuation_count(source, quote):
    assert source.find_all(quote) == ()


def test_every_occurrence_is_found():
    text = "Nabijheid versus afstand\nwat tekst\nnabijheid versus\nafstand\n"
    assert [m.location for m in SourceText(text).find_all("Nabijheid versus afstand")] == [
        "l.1",
        "l.3–4",
    ]


def test_skeletons():
    assert skeleton("Zorg- of wel-\nzijns•organisatie") == "zorgofwelzijnsorganisatie"
    assert skeleton("stigma´s ‘x’ “y”") == "stigma's'x'\"y\""
    assert quote_skeleton("  Een zin.  ") == "eenzin"
    assert quote_skeleton("") == ""


def test_an_empty_quote_is_never_found(source):
    assert source.find_all(" . ") == ()


def test_nearest_passage_shows_where_the_quote_departs(source):
    near = source.nearest("De werkplek biedt de student een vaste context", ((5, 8),))
    assert near.first_line == 5
    assert near.matched_chars == len(quote_skeleton("De werkplek biedt de student een "))
    assert near.excerpt.startswith("2. De werkplek biedt de student een professionele context")


def test_nearest_passage_of_a_short_quote_looks_in_the_stated_lines_first(source):
    near = source.nearest("Kan kracht herkennen", ((9, 10),))
    assert near.first_line == 9


def test_nearest_passage_without_a_common_beginning(source):
    near = source.nearest("xyz ontwikkeling")
    assert near.first_line == 12 and near.matched_chars >= len("ontwikkeling")


@pytest.mark.parametrize(
    ("location", "ranges"),
    [
        ("l.2580–2730", ((2580, 2730),)),
        ("l.1112", ((1112, 1112),)),
        ("l.1111-1112, l.1177–1178", ((1111, 1112), (1177, 1178))),
        ("§6.1.1", ()),
    ],
)
def test_line_ranges(location, ranges):
    assert line_ranges(location) == ranges
