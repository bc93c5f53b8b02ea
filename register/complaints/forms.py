"""Forms of complaints and cases: the public complaint form, the registrar's fieldsets on
the case page (one form, each part with its prefix), and the registrant's answer."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    DateField,
    EmailField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional

from register.formtools import VersionedForm, clean_name

TEXT_LIMIT = 8000

#: how the complainant knows the registrant (stored as the code)
RELATIONS = (
    SelectChoice("client", _l("I am or was their client")),
    SelectChoice("relative", _l("I am a relative or friend of a client")),
    SelectChoice("colleague", _l("I am a colleague")),
    SelectChoice("employer", _l("I am their employer or client organisation")),
    SelectChoice("other", _l("Other")),
)


def _text(label, message, **kw):
    return TextAreaField(
        label, validators=[InputRequired(message=message), Length(max=TEXT_LIMIT)], **kw
    )


class ComplaintForm(FlaskForm):
    """A member of the public files a complaint about a registrant."""

    name = StringField(
        _l("Your name"),
        filters=[clean_name],
        validators=[InputRequired(message=_l("Give your name.")), Length(max=200)],
    )
    email = EmailField(
        _l("Your e-mail address"),
        validators=[
            InputRequired(message=_l("Give your e-mail address.")),
            Email(message=_l("Give a valid e-mail address, like name@example.nl.")),
            Length(max=254),
        ],
    )
    phone = StringField(_l("Your phone number (optional)"), validators=[Optional(), Length(max=40)])
    relation = SelectField(
        _l("How do you know the registrant?"),
        choices=[SelectChoice("", _l("Choose one")), *RELATIONS],
        validators=[InputRequired(message=_l("Choose how you know the registrant."))],
    )
    registration = StringField(
        _l("Who is your complaint about? Their registration number or name"),
        validators=[
            InputRequired(message=_l("Give the registration number or the name.")),
            Length(max=200),
        ],
    )
    happened_on = DateField(_l("When did it happen? (optional)"), validators=[Optional()])
    account = _text(_l("What happened?"), _l("Write what happened and why you complain about it."))
    files = MultipleFileField(_l("Files that support your complaint (optional; PDF, PNG or JPEG)"))


class MatchForm(VersionedForm):
    """Intake: the registration the complaint is about."""

    number = StringField(
        _l("Registration number"),
        validators=[InputRequired(message=_l("Give the registration number.")), Length(max=40)],
    )


class IntakeForm(VersionedForm):
    """Intake: admissible or not; a reason is needed when not (told to the complainant)."""

    admissible = SelectField(
        _l("Is the complaint admissible?"),
        choices=[
            SelectChoice("", _l("Choose")),
            SelectChoice("yes", _l("Yes, admissible")),
            SelectChoice("no", _l("No, not admissible")),
        ],
        validators=[InputRequired(message=_l("Choose whether the complaint is admissible."))],
    )
    reason = TextAreaField(
        _l("Reason (required when not admissible; the complainant is told it)"),
        validators=[Optional(), Length(max=TEXT_LIMIT)],
    )


class NoteForm(VersionedForm):
    """A registrar's note (internal)."""

    text = _text(_l("Note (internal)"), _l("Write the note."))


class CaseFileForm(VersionedForm):
    """A file added to the case by a registrar."""

    files = MultipleFileField(_l("Add files to the case (PDF, PNG or JPEG)"))


class RequestForm(VersionedForm):
    """A request to the registrant, answered in the portal by the policy's deadline."""

    question = _text(
        _l("Your question to the registrant (they answer in the portal)"),
        _l("Write the question to the registrant."),
    )


class InterimForm(VersionedForm):
    """An interim suspension while the case runs (public category: investigation)."""

    reason = _text(
        _l("Reason for the interim suspension (internal)"),
        _l("Give the reason for the interim suspension."),
    )


class DecisionForm(VersionedForm):
    """The decision on the case."""

    outcome = SelectField(
        _l("Decision"),
        choices=[],
        validators=[InputRequired(message=_l("Choose the decision."))],
    )
    grounds = _text(
        _l("Grounds (in the decision letter to the registrant; never public)"),
        _l("Give the grounds of the decision."),
    )
    public_text = TextAreaField(
        _l("The conditions, as the public register shows them (conditions only)"),
        validators=[Optional(), Length(max=2000)],
    )
    ends_on = DateField(
        _l("End date (a suspension) or deadline (conditions)"), validators=[Optional()]
    )


class CloseForm(VersionedForm):
    """Close a decided or inadmissible case."""


class AnswerForm(VersionedForm):
    """The registrant answers the register's request."""

    answer = _text(_l("Your answer"), _l("Write your answer."))
    files = MultipleFileField(_l("Files with your answer (optional; PDF, PNG or JPEG)"))
