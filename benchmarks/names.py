"""Name pools for the benchmark register: Dutch-like names as they occur in the Netherlands.

Common surnames are drawn with Zipf-like weights (a few very frequent, as "De Jong" and
"Jansen" are), the long tail from Dutch-sounding compounds, so that name searches at a
million registrations hit realistic result counts. The pools include prefixes (tussenvoegsels),
diacritics (Çelik, Müller, Şahin, Nguyễn) and ij/y spellings (Dijkstra/Dykstra, Meijer/Meyer).
"""

from __future__ import annotations

import itertools
import random
import unicodedata

#: (prefix, surname) in rough order of frequency.
COMMON_SURNAMES: tuple[tuple[str, str], ...] = (
    ("de", "Jong"),
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Janssen"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("", "Jacobs"),
    ("de", "Haan"),
    ("", "Vermeulen"),
    ("van den", "Heuvel"),
    ("van der", "Veen"),
    ("van den", "Broek"),
    ("de", "Bruijn"),
    ("de", "Bruin"),
    ("van der", "Heijden"),
    ("van der", "Heyden"),
    ("", "Schouten"),
    ("van", "Beek"),
    ("", "Willems"),
    ("van", "Vliet"),
    ("van de", "Ven"),
    ("", "Hoekstra"),
    ("", "Maas"),
    ("", "Verhoeven"),
    ("", "Koster"),
    ("van", "Dam"),
    ("van der", "Wal"),
    ("", "Prins"),
    ("", "Blom"),
    ("", "Huisman"),
    ("", "Yılmaz"),
    ("", "Kaya"),
    ("", "Çelik"),
    ("", "Şahin"),
    ("", "Öztürk"),
    ("", "Özdemir"),
    ("", "Demir"),
    ("", "Aydın"),
    ("", "Yıldız"),
    ("", "Doğan"),
    ("", "Arslan"),
    ("", "Koç"),
    ("", "Müller"),
    ("", "Schröder"),
    ("", "Nguyễn"),
    ("", "Trần"),
    ("", "Phạm"),
    ("", "Lê"),
    ("", "Meyer"),
    ("", "Dykstra"),
    ("", "Kuijpers"),
    ("", "Kuipers"),
    ("", "Bijl"),
    ("", "Byl"),
    ("", "IJzerman"),
    ("", "Yzerman"),
    ("van", "Rijn"),
    ("van", "Ryn"),
    ("ter", "Horst"),
    ("ten", "Brink"),
    ("van 't", "Hof"),
    ("in 't", "Veld"),
    ("'t", "Hart"),
    ("van der", "Berg"),
    ("van de", "Berg"),
    ("op de", "Beeck"),
    ("van", "IJzendoorn"),
    ("", "El Amrani"),
    ("", "Benali"),
    ("", "Bouzid"),
    ("", "Ouali"),
    ("el", "Idrissi"),
    ("", "Wójcik"),
    ("", "Nowak"),
    ("", "Kowalski"),
    ("", "Gonçalves"),
    ("", "Sánchez"),
    ("", "Núñez"),
    ("", "Peña"),
    ("", "Ramdin"),
    ("", "Sewnath"),
    ("", "Kartosen"),
    ("", "Postma"),
    ("", "Veenstra"),
    ("", "Sjoerdsma"),
    ("", "Bakkenes"),
    ("de", "Lange"),
    ("van", "Wijk"),
    ("van", "Wyk"),
    ("de", "Kort"),
    ("", "Wouters"),
    ("", "Claassen"),
    ("", "Rijnders"),
    ("", "Reijnders"),
    ("", "Heijnen"),
)

GIVEN_NAMES: tuple[str, ...] = (
    "Jan",
    "Pieter",
    "Kees",
    "Willem",
    "Henk",
    "Gerrit",
    "Johannes Petrus",
    "Cornelis",
    "Sanne",
    "Femke",
    "Anouk",
    "Lotte",
    "Daan",
    "Sem",
    "Noah",
    "Emma",
    "Julia",
    "Sophie",
    "Anna Maria",
    "Ingrid",
    "Mieke",
    "Marieke",
    "Esther",
    "Ilse",
    "Bram",
    "Thijs",
    "Ruud",
    "Mohammed",
    "Fatima",
    "Youssef",
    "Khadija",
    "Nora",
    "Ayoub",
    "Ayşe",
    "Zeynep",
    "Mehmet",
    "Emre",
    "Özlem",
    "Gülşen",
    "Hatice",
    "Thi Lan",
    "Minh",
    "Anh",
    "Chantal",
    "Priscilla",
    "Rajesh",
    "Shanti",
    "José",
    "Renée",
    "Chloë",
    "Anaïs",
    "Loïs",
    "Zoë",
    "Noël",
    "IJsbrand",
    "Ymke",
    "Wiebe",
    "Sjoukje",
    "Agnieszka",
    "Tomasz",
    "Łucja",
    "Mariëlle",
    "Geertruida",
    "Hendrika",
    "Dirk-Jan",
    "Jan-Willem",
    "Yvonne",
    "Ijsbrand",
    "Rutger",
    "Tjitske",
)

_STEMS = (
    "Hoog",
    "Bos",
    "Wester",
    "Ooster",
    "Zuider",
    "Noord",
    "Groen",
    "Berg",
    "Brug",
    "Dijk",
    "Veen",
    "Kamp",
    "Steen",
    "Molen",
    "Kerk",
    "Mols",
    "Heij",
    "Rijk",
    "Wijn",
    "Brinck",
    "Lang",
    "Kort",
    "Hol",
    "Slot",
    "Zand",
    "Zee",
    "Haas",
    "Vlie",
    "Kruis",
    "Eik",
    "Beuk",
    "Linde",
    "Wilg",
    "Hazel",
    "Appel",
    "Peer",
    "Riet",
    "Gras",
    "Heide",
    "Moer",
    "Blok",
    "Stok",
    "Boom",
    "Brand",
    "Drie",
    "Vier",
    "Zeven",
    "Hamer",
    "Smeden",
    "Kuiper",
    "Visch",
    "Vogel",
    "Haan",
    "Kraai",
    "Zwaan",
    "Hert",
    "Wolf",
    "Beer",
    "Leeuw",
    "Os",
    "Ros",
    "Kalf",
    "Geit",
    "Wal",
    "Gracht",
    "Sluis",
    "Haven",
    "Markt",
    "Poort",
    "Toren",
    "Kasteel",
    "Klooster",
    "Abdij",
    "Schuur",
    "Stal",
    "Hooi",
    "Koorn",
    "Tarwe",
    "Rogge",
    "Spijk",
)
_SUFFIXES = (
    "man",
    "mans",
    "veld",
    "velde",
    "kamp",
    "kampen",
    "hof",
    "hoff",
    "stra",
    "sma",
    "inga",
    "ing",
    "ink",
    "huis",
    "huizen",
    "hout",
    "brink",
    "hoven",
    "dijk",
    "meijer",
    "beek",
    "horst",
    "werf",
    "land",
    "lander",
    "berg",
    "bergen",
    "burg",
    "broek",
    "bosch",
    "donk",
    "rode",
    "loo",
    "wijk",
    "stein",
    "steeg",
    "laar",
    "kate",
    "holt",
    "weg",
)
_TURKISH = (
    (
        "Öz",
        "Yıl",
        "Şen",
        "Ak",
        "Kara",
        "Çak",
        "Gül",
        "Er",
        "Tok",
        "Aydoğ",
        "Kılıç",
        "Gök",
        "Ay",
        "Yücel",
        "Bül",
    ),
    (
        "demir",
        "maz",
        "türk",
        "yıldız",
        "oğlu",
        "ır",
        "er",
        "kaya",
        "taş",
        "çelik",
        "dağ",
        "han",
        "soy",
        "can",
        "güneş",
    ),
)
_TAIL_PREFIXES = ("van", "van der", "van den", "de", "ter", "ten", "van de", "in 't")

#: Share of surnames from the common list; the rest come from the long tail. With these
#: weights "de Jong" is about 0.6% of the register, as it is of the Dutch population.
COMMON_SHARE = 0.12
_ZIPF_CUMULATIVE = list(
    itertools.accumulate(1.0 / (rank + 1) ** 0.5 for rank in range(len(COMMON_SURNAMES)))
)


def _variant(rng: random.Random, name: str) -> str:
    """A spelling variant, as Dutch surnames have many (ij/y, ck/k, a trailing s)."""
    roll = rng.random()
    if roll < 0.12:
        return name.replace("ij", "y")
    if roll < 0.22:
        return name.replace("ck", "k").replace("sch", "s")
    if roll < 0.34:
        return name + "s"
    return name


class NamePicker:
    """Draws names from the pools with a seeded random generator (reproducible data)."""

    def __init__(self, rng: random.Random, common_share: float = COMMON_SHARE):
        self.rng = rng
        self.common_share = common_share

    def surname(self) -> tuple[str, str]:
        """A (prefix, surname) pair: common (Zipf-weighted) or a long-tail name."""
        rng = self.rng
        roll = rng.random()
        if roll < self.common_share:
            return rng.choices(COMMON_SURNAMES, cum_weights=_ZIPF_CUMULATIVE)[0]
        if roll < self.common_share + 0.06:
            return "", rng.choice(_TURKISH[0]) + rng.choice(_TURKISH[1])
        surname = _variant(rng, rng.choice(_STEMS) + rng.choice(_SUFFIXES))
        prefix = rng.choice(_TAIL_PREFIXES) if rng.random() < 0.25 else ""
        return prefix, surname

    def given_names(self) -> str:
        """One or (sometimes) two given names."""
        first = self.rng.choice(GIVEN_NAMES)
        if self.rng.random() < 0.12:
            return f"{first} {self.rng.choice(GIVEN_NAMES)}"
        return first


_FOLD = str.maketrans({"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "đ": "d", "ß": "ss"})


def plain(text: str) -> str:
    """``text`` without diacritics, as someone with a plain keyboard types it."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


#: The query classes ``search_queries`` draws from, in the order of ``form`` below.
QUERY_CLASSES = (
    "surname",
    "prefix + surname",
    "surname, prefix",
    "given + surname",
    "partial surname",
    "ij/y swapped",
    "lower case with prefix",
)


def search_queries(rng: random.Random, count: int) -> list[str]:
    """Realistic name-search queries: plain spellings, prefixes in front or after a comma,
    given name plus surname, partial surnames and ij/y swaps."""
    return [query for _, query in classified_search_queries(rng, count)]


def classified_search_queries(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``(query class, query)`` pairs, as ``search_queries`` draws them."""
    picker = NamePicker(rng, common_share=0.5)
    queries: list[tuple[str, str]] = []
    while len(queries) < count:
        prefix, surname = picker.surname()
        form = rng.randrange(7)
        if form == 0:
            query = plain(surname)
        elif form == 1:
            query = " ".join(p for p in (prefix, surname) if p)
        elif form == 2:
            query = f"{plain(surname)}, {prefix}" if prefix else plain(surname).lower()
        elif form == 3:
            query = " ".join(p for p in (picker.given_names().split()[0], prefix, surname) if p)
        elif form == 4:
            query = plain(surname)[: max(4, len(surname) // 2)]
        elif form == 5:
            swapped = surname.replace("ij", "y").replace("IJ", "Y")
            if swapped == surname:
                swapped = surname.replace("y", "ij").replace("Y", "IJ")
            query = plain(swapped)
        else:
            query = plain(f"{prefix} {surname}".strip()).lower()
        queries.append((QUERY_CLASSES[form], query))
    return queries


#: query classes of issue 12 (``more_search_queries``), measured after the classes above
MORE_QUERY_CLASSES = (
    "prefix typed together",
    "prefix + surname + given",
    "married name, whole",
    "full-width surname",
)


def more_search_queries(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``(query class, query)`` pairs of the forms issue 12 added: "vandenberg", "van den
    Berg Jan", "Jansen-van den Berg" (two drawn surnames), and "Ｊａｎｓｅｎ"."""
    picker = NamePicker(rng, common_share=0.5)
    queries: list[tuple[str, str]] = []
    while len(queries) < count:
        prefix, surname = picker.surname()
        form = rng.randrange(len(MORE_QUERY_CLASSES))
        if form == 0:
            query = plain(f"{prefix}{surname}").replace(" ", "").lower()
        elif form == 1:
            first = picker.given_names().split()[0]
            query = " ".join(p for p in (prefix, surname, first) if p)
        elif form == 2:
            other_prefix, other = picker.surname()
            query = f"{surname}-{' '.join(p for p in (other_prefix or 'van', other) if p)}"
        else:
            query = "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in surname)
        queries.append((MORE_QUERY_CLASSES[form], query))
    return queries
