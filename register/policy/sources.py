"""Quoted source text in policy: the one mechanism (``Quote``) and the documents it cites.

Every text a policy file takes from a source document is a ``Quote``: the text in Dutch and
in English, the source it comes from and where (lines of the file in ``shared/seeds/``, or a
section). The text in the source's own language is as written (Dutch for 001, 002 and 004;
English for 000 and 003), the other is a rendering. ``python -m register.sources check``
(``make sources-check``) proves that each quote's source-language text occurs in its source,
so a paraphrase cannot take a quote's place. Where the register corrects an obvious typing
error of the source, the quote says so in ``corrections`` and the check undoes the
correction before it looks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator, model_validator

from register.policy.common import Frozen, Text

SourceId = Literal["000", "001", "002", "003", "004"]


@dataclass(frozen=True)
class SourceDocument:
    """One of the documents the register is built from."""

    id: str
    language: str
    title: Text
    file_prefix: str


def _doc(id_: str, language: str, nl: str, en: str) -> SourceDocument:
    return SourceDocument(id_, language, Text(nl=nl, en=en), f"{id_}_")


#: The source documents (``shared/seeds/README.md``), by the id quotes cite them with.
SOURCES: dict[str, SourceDocument] = {
    d.id: d
    for d in (
        _doc(
            "000",
            "en",
            "Europees competentieprofiel voor peer support workers in de ggz (Erasmus+)",
            "European competence profile for peer supporters in mental health (Erasmus+)",
        ),
        _doc(
            "001",
            "nl",
            "Leerplan Ervaringsdeskundigheid niveau 2, 3, 4, 5, 6 en 7 (KvE, 2022)",
            "Curriculum Experiential Expertise levels 2 to 7 (KvE, 2022)",
        ),
        _doc(
            "002",
            "nl",
            "Competentieprofiel peer support werker A&B",
            "Competence profile peer support worker A&B",
        ),
        _doc(
            "003",
            "en",
            "WHO Europa (2025), Transforming mental health through lived experience",
            "WHO Europe (2025), Transforming mental health through lived experience",
        ),
        _doc(
            "004",
            "nl",
            "Werkzame elementen van peer support",
            "Working mechanisms of peer support",
        ),
    )
}


class Correction(Frozen):
    """An obvious error of the source that the quote corrects: the source has ``written``
    where the quote ``reads``, for ``reason``. The check puts ``written`` back."""

    written: str
    reads: str
    reason: str


class Quote(Frozen):
    """A text taken from a source, in both interface languages, with where it stands.

    ``nl`` and ``en`` work as ``Text`` does (``get(lang)``); ``verbatim`` is the one of the
    two in the source's language. Subclasses add their own keys (an id, levels)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: who refuses an empty text: the text's own key ("field"), the quote naming its id
    #: ("id"), or the object that holds the quote ("owner", e.g. a framework outcome)
    empty_text_check: ClassVar[str] = "field"

    nl: str
    en: str
    source: SourceId
    location: str
    corrections: tuple[Correction, ...] = ()

    @field_validator("nl", "en", "location")
    @classmethod
    def _strip(cls, value: str, info: ValidationInfo) -> str:
        value = " ".join(value.split())
        if not value and info.field_name != "location" and cls.empty_text_check == "field":
            raise ValueError("must not be empty")
        return value

    @model_validator(mode="after")
    def _quote_valid(self) -> Quote:
        owner = getattr(self, "id", None) or "quote"
        if self.empty_text_check == "id":
            for language, value in (("Dutch", self.nl), ("English", self.en)):
                if not value:
                    raise ValueError(f"{owner}: {language} text is empty")
        if not self.location:
            raise ValueError(f"{owner}: the quote does not say where it stands")
        for correction in self.corrections:
            if correction.reads not in self.verbatim:
                raise ValueError(f"{owner}: correction {correction.reads!r} is not in the text")
        return self

    def get(self, lang: str) -> str:
        """The text in ``lang``, falling back to Dutch."""
        return self.en if lang == "en" else self.nl

    @property
    def document(self) -> SourceDocument:
        """The document the quote is taken from."""
        return SOURCES[self.source]

    @property
    def verbatim(self) -> str:
        """The text in the source's language: the one that stands in the source."""
        return self.en if self.document.language == "en" else self.nl

    def as_written(self) -> str:
        """The verbatim text with the recorded corrections undone: what the source reads."""
        text = self.verbatim
        for correction in self.corrections:
            text = text.replace(correction.reads, correction.written, 1)
        return text


def _label(item, index: int) -> str:
    """A list item's part of a key path: its id, its levels (``L3-4``) or its index."""
    if getattr(item, "id", None):
        return str(item.id)
    levels = getattr(item, "levels", None)
    if levels:
        return "L" + "-".join(str(level) for level in levels)
    return str(index)


def quotes_in(value, path: str = "") -> Iterator[tuple[str, Quote]]:
    """Every ``Quote`` inside a policy object, with its key path (``outcomes.3.texts.1``)."""
    if isinstance(value, Quote):
        yield path, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from quotes_in(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            label = _label(item, index)
            yield from quotes_in(item, f"{path}.{label}" if path else label)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from quotes_in(item, f"{path}.{key}" if path else str(key))
