"""Schema of ``policies/professional-code.yaml``: the professional code (beroepscode) that
registrants accept, versioned, in the text the register board sets (001 l.24-25 names it;
its content is not in the sources). A placeholder text is marked as one."""

from __future__ import annotations

from pydantic import model_validator

from register.policy.common import Frozen, Text, Versioned
from register.policy.sources import Quote


class CodeSection(Frozen):
    """One section of the code: a title and its paragraphs."""

    title: Text
    paragraphs: tuple[Text, ...]

    @model_validator(mode="after")
    def _has_text(self) -> CodeSection:
        if not self.paragraphs:
            raise ValueError("a section needs at least one paragraph")
        return self


class ProfessionalCodePolicy(Versioned):
    """The code's name, text and version; ``placeholder`` marks a text that is not the
    board's (every page that shows it says so)."""

    placeholder: bool
    name: Text
    mentioned_in: Quote
    sections: tuple[CodeSection, ...]

    @model_validator(mode="after")
    def _has_sections(self) -> ProfessionalCodePolicy:
        if not self.sections:
            raise ValueError("the professional code needs at least one section")
        return self
