"""Forms of the registrar's journey: the queue filters and the one form of an application's
page, whose buttons are its actions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional, StopValidation, ValidationError

from register.domain.identity import IdentityProblem, PersonalNumber, personal_number_in
from register.domain.lifecycle import ApplicationState
from register.formtools import VersionedForm
from register.i18n import current_language
from register.labels import choices
from register.models.applications import Route
from register.policy import current_policies
from register.review.identity import PROBLEM_MESSAGES


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


#: the fields kept as the registrar's draft until acted on (every field of the page)
DRAFT_FIELDS = (
    "message",
    "approve_reason",
    "refuse_reason",
    "identity_method",
    "identity_document",
    "identity_checked_on",
    "identity_details_match",
    "identity_note",
)
#: the actions of the registrar's application page (each a button of its one form) and the
#: fields each acts on (the others are kept as typed, in the draft)
ACTION_FIELDS = {
    "save": (),
    "start": (),
    "request_info": ("message",),
    "identity": (
        "identity_method",
        "identity_document",
        "identity_checked_on",
        "identity_details_match",
        "identity_note",
    ),
    "approve": ("approve_reason",),
    "refuse": ("refuse_reason",),
}
#: the refusal of a text that holds a number the register never records about a person
NUMBER_MESSAGES = {
    PersonalNumber.CITIZEN_SERVICE_NUMBER: _l(
        "This looks like a citizen service number (BSN). The register never records it: "
        "remove the number."
    ),
    PersonalNumber.DOCUMENT_NUMBER: _l(
        "This looks like the number of an identity document. The register never records "
        "it: remove the number."
    ),
}


class NoPersonalNumber:
    """Refuse a text holding something that looks like a citizen service number or an
    identity document's number (``register.domain.identity.personal_number_in``)."""

    def __call__(self, form, field):
        found = personal_number_in(field.data if isinstance(field.data, str) else None)
        if found is not None:
            raise ValidationError(NUMBER_MESSAGES[found])


class RequiredFor:
    """Required when the form's ``action`` is ``action``; for any other action an empty
    field is skipped (as ``Optional``), because another button of the page was pressed."""

    field_flags = {"required": True}

    def __init__(self, action: str, message):
        self.action, self.message = action, message

    def __call__(self, form, field):
        raw = field.raw_data[0] if field.raw_data else ""
        empty = not (raw.strip() if isinstance(raw, str) else raw) and not getattr(
            field, "unreadable", False
        )
        if field.type == "BooleanField":
            empty = not field.data
        if not empty:
            return
        field.errors[:] = []
        if getattr(form, "action", None) == self.action:
            raise StopValidation(self.message)
        raise StopValidation()


class ReadableDate(DateField):
    """A date whose unreadable text is reported only when its own action is posted (the
    page's other buttons keep what was typed without complaining about it)."""

    unreadable = False

    def process_formdata(self, valuelist):
        self.unreadable = False
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            self.unreadable = bool(" ".join(valuelist).strip())

    def post_validate(self, form, validation_stopped):
        if self.unreadable and getattr(form, "action", None) == "identity":
            self.errors.append(_l("Enter the date as day, month and year."))


class ApplicationActionsForm(VersionedForm):
    """The one form of the registrar's application page: every action is a button of it,
    and each posts every field, so what was typed for the other actions is kept (shown again
    on a refusal, stored as the registrar's draft after an action)."""

    message = TextAreaField(
        _l("What information do you need?"),
        validators=[
            RequiredFor("request_info", _l("Write what information you need from the applicant.")),
            Length(max=5000),
            NoPersonalNumber(),
        ],
    )
    identity_method = RadioField(
        _l("How did you see the applicant?"),
        validators=[RequiredFor("identity", _l("Choose how you saw the applicant."))],
    )
    identity_document = RadioField(
        _l("Which identity document did you see?"),
        validators=[RequiredFor("identity", _l("Choose the kind of identity document you saw."))],
    )
    identity_checked_on = ReadableDate(
        _l("Date of the check"),
        validators=[RequiredFor("identity", _l("Enter the date you saw the applicant."))],
    )
    identity_details_match = BooleanField(
        _l("The name and date of birth on the document match the application"),
        validators=[RequiredFor("identity", PROBLEM_MESSAGES[IdentityProblem.DETAILS_DIFFER])],
    )
    identity_note = TextAreaField(
        _l("Note (optional)"),
        validators=[Optional(), Length(max=500), NoPersonalNumber()],
    )
    approve_reason = TextAreaField(
        _l("Reason (required when the rules propose otherwise)"),
        validators=[Optional(), Length(max=5000), NoPersonalNumber()],
    )
    refuse_reason = TextAreaField(
        _l("Reason for the refusal"),
        validators=[
            RequiredFor("refuse", _l("Give the reason for the refusal.")),
            Length(max=5000),
            NoPersonalNumber(),
        ],
    )

    def __init__(self, *args, action: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        rules = current_policies().registration.identity_check
        language = current_language()
        self.identity_method.choices = [
            SelectChoice(code, text.get(language)) for code, text in rules.methods.items()
        ]
        self.identity_document.choices = [
            SelectChoice(code, text.get(language)) for code, text in rules.document_kinds.items()
        ]

    def typed(self, *, leaving: tuple[str, ...] = ()) -> dict[str, str]:
        """The fields as typed (the raw text), without the ``leaving`` ones: what the draft
        keeps. Empty fields are left out."""
        kept = {}
        for name in DRAFT_FIELDS:
            if name in leaving:
                continue
            raw = getattr(self, name).raw_data
            if raw and isinstance(raw[0], str) and raw[0].strip():
                kept[name] = raw[0]
        return kept
