"""Forms for changing a registered name."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from register.formtools import VersionedForm, clean_name


class _NameFields:
    """The three parts of a name, as the register holds it."""

    given_names = StringField(
        _l("Given names"),
        filters=[clean_name],
        validators=[InputRequired(_l("Fill in the given names.")), Length(max=120)],
    )
    surname_prefix = StringField(
        _l("Surname prefix"), filters=[clean_name], validators=[Optional(), Length(max=40)]
    )
    surname = StringField(
        _l("Surname"),
        filters=[clean_name],
        validators=[InputRequired(_l("Fill in the surname.")), Length(max=120)],
    )


class NameChangeRequestForm(_NameFields, FlaskForm):
    """The registrant asks for another registered name, with proof."""

    explanation = TextAreaField(
        _l("Explanation (optional)"), validators=[Optional(), Length(max=2000)]
    )
    proof = FileField(_l("Proof of the change of name (PDF, PNG or JPEG)"))


class WithdrawNameChangeForm(FlaskForm):
    """The registrant withdraws a request that waits for a decision (a button)."""


class NameChangeDecisionForm(VersionedForm):
    """The registrar's decision on a request for another registered name."""

    decision = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice("approve", _l("Approve: the register shows the new name")),
            SelectChoice("refuse", _l("Refuse: the name in the register stays the same")),
        ],
        validators=[InputRequired(_l("Choose to approve or refuse."))],
    )
    grounds = TextAreaField(
        _l("Reason for the registrant"), validators=[Optional(), Length(max=4000)]
    )


class NameCorrectionForm(_NameFields, VersionedForm):
    """A registrar corrects a typo in a registered name."""

    reason = TextAreaField(
        _l("Reason for the correction (internal)"),
        validators=[InputRequired(_l("Give the reason for the correction.")), Length(max=2000)],
    )
