"""Forms of the registrar's journey: the queue filters and the actions on an application."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from register.domain.lifecycle import ApplicationState
from register.formtools import VersionedForm
from register.labels import choices
from register.models.applications import Route


class QueueFilterForm(FlaskForm):
    """Filters of the application queue (a GET form: no CSRF token needed)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), default="open")
    tier = SelectField(_l("Tier"), default="")
    route = SelectField(_l("Route"), default="")
    waited = IntegerField(
        _l("Waiting more than (days)"),
        validators=[
            Optional(),
            NumberRange(min=0, max=3650, message=_l("Enter a number of days from 0 to 3650.")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [
            SelectChoice("open", _l("Open applications")),
            SelectChoice("all", _l("All applications")),
        ]
        self.status.choices += choices(
            s for s in ApplicationState if s is not ApplicationState.DRAFT
        )
        self.tier.choices = [SelectChoice("", _l("All tiers"))] + [
            SelectChoice(str(code), _l("Tier %(code)s", code=code)) for code in (1, 2, 3)
        ]
        self.route.choices = [SelectChoice("", _l("All routes")), *choices(Route)]


class StartReviewForm(VersionedForm):
    """Take a submitted application into review."""


class InfoRequestForm(VersionedForm):
    """Ask the applicant for more information."""

    message = TextAreaField(
        _l("What information do you need?"),
        validators=[
            DataRequired(_l("Write what information you need from the applicant.")),
            Length(max=5000),
        ],
    )


class ApproveForm(VersionedForm):
    """Approve the application."""

    reason = TextAreaField(
        _l("Reason (required when the rules propose otherwise)"),
        validators=[Optional(), Length(max=5000)],
    )


class RefuseForm(VersionedForm):
    """Refuse the application; the reason is required and sent to the applicant."""

    reason = TextAreaField(
        _l("Reason for the refusal"),
        validators=[DataRequired(_l("Give the reason for the refusal.")), Length(max=5000)],
    )
