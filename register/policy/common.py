"""Building blocks shared by the policy schemas."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator


class Frozen(BaseModel):
    """Base for every policy object: immutable, and unknown keys are an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Frozen):
    """A text in both interface languages."""

    nl: str
    en: str

    @field_validator("nl", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must not be empty")
        return value.strip()

    def get(self, lang: str) -> str:
        """The text in ``lang``, falling back to Dutch."""
        return self.en if lang == "en" else self.nl


class Versioned(Frozen):
    """Every policy file carries a version, stored with each decision made under it."""

    version: str

    @field_validator("version")
    @classmethod
    def _version_present(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("version must not be empty")
        return value.strip()
