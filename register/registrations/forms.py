"""Forms for managing registrations and the registrant's own choices."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from register.formtools import VersionedForm

STATUS_FILTERS = ("", "active", "grace", "suspended", "lapsed", "struck_off")


class RegistrationSearchForm(FlaskForm):
    """Search the registrations by number or name, filter by status (a GET form)."""

    class Meta:
        csrf = False

    q = StringField(_l("Number or name"), validators=[Optional(), Length(max=120)])
    status = SelectField(_l("Status"), choices=[], validate_choice=True, default="")


class SuspendForm(VersionedForm):
    """Suspend a registration."""

    category = SelectField(
        _l("Reason category (shown publicly)"),
        choices=[],
        validators=[DataRequired(_l("Choose a reason category."))],
    )
    reason = TextAreaField(
        _l("Reason (internal, not shown publicly)"),
        validators=[DataRequired(_l("Give the reason for the suspension.")), Length(max=4000)],
    )
    ends_on = DateField(_l("End date (optional)"), validators=[Optional()])


class StrikeOffForm(VersionedForm):
    """Strike a registration off the register."""

    reason = TextAreaField(
        _l("Reason for striking off (internal)"),
        validators=[DataRequired(_l("Give the reason for striking off.")), Length(max=4000)],
    )


class ReinstateForm(VersionedForm):
    """Reinstate a suspended or struck-off registration."""

    note = TextAreaField(_l("Note (optional, internal)"), validators=[Optional(), Length(max=4000)])


class WorkRegionForm(FlaskForm):
    """The registrant's choice to show their work region in the public register."""

    show_work_region = BooleanField(_l("Show my work region in the public register"))
