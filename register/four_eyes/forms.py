"""The second registrar's forms on a proposal: confirm, reject with a note, withdraw."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from register.formtools import VersionedForm


class ConfirmProposalForm(VersionedForm):
    """A second registrar confirms: the action takes effect now."""


class RejectProposalForm(VersionedForm):
    """A second registrar rejects, saying why (the proposer reads it)."""

    note = TextAreaField(
        _l("Why do you reject this proposal?"),
        validators=[DataRequired(_l("Say why you reject this proposal.")), Length(max=4000)],
    )


class WithdrawProposalForm(VersionedForm):
    """The proposer takes the proposal back."""
