"""Forms of objections: the objector's form, and the registrar's fieldsets on one page
(hearing, hearing record, extension, excusing a delay, decision), each a form of its own
with a prefix, posted together so that whatever was typed in the others is kept."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, DateField, RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from register.domain.objections import ObjectionAction
from register.formtools import VersionedForm

TEXT_LIMIT = 8000


def _text(label, message, **kw):
    return TextAreaField(
        label, validators=[InputRequired(message=message), Length(max=TEXT_LIMIT)], **kw
    )


class ObjectionForm(FlaskForm):
    """The person concerned objects to a decision."""

    grounds = _text(_l("Why do you object?"), _l("Write why you object to this decision."))
    lateness_reason = TextAreaField(
        _l("Why do you object only now?"), validators=[Optional(), Length(max=TEXT_LIMIT)]
    )
    files = MultipleFileField(_l("Files that support your objection (PDF, PNG or JPEG)"))
    wants_hearing = BooleanField(_l("I want to explain my objection in a hearing"))


class HearingForm(VersionedForm):
    """Plan the hearing and invite the objector."""

    hearing_on = DateField(
        _l("Date of the hearing"),
        validators=[InputRequired(message=_l("Give the date of the hearing."))],
    )
    details = _text(
        _l("Time, place and how to join (sent to the objector)"),
        _l("Tell the objector the time and place of the hearing."),
    )


class HearingRecordForm(VersionedForm):
    """Record that the hearing was held."""

    record = _text(
        _l("What was said at the hearing"), _l("Write down what was said at the hearing.")
    )


class ExtensionForm(VersionedForm):
    """Extend the decision period once."""

    reason = _text(
        _l("Reason for the extension (sent to the objector)"),
        _l("Give the reason for the extension."),
    )


class ExcuseForm(VersionedForm):
    """Excuse the delay of a late objection."""

    reason = _text(_l("Why the delay is excused"), _l("Give the reason for excusing the delay."))


class DecisionForm(VersionedForm):
    """Decide on the objection."""

    outcome = RadioField(
        _l("Decision on the objection"),
        validators=[InputRequired(message=_l("Choose a decision."))],
    )
    grounds = _text(
        _l("Grounds (sent to the objector with the decision)"),
        _l("Give the grounds for the decision."),
    )

    def offer(self, actions) -> None:
        """Offer the deciding actions the rules allow now."""
        words = {
            ObjectionAction.UPHOLD: _l("Uphold: the decision is revoked or replaced"),
            ObjectionAction.DISMISS: _l("Dismiss: the decision stands"),
            ObjectionAction.REFUSE_LATE: _l("Refuse as late: the objection is not considered"),
        }
        self.outcome.choices = [SelectChoice(a.value, words[a]) for a in actions]


#: the registrar's fieldsets on the objection page: name → (form class, action it posts)
WORK_FORMS = {
    "hearing": (HearingForm, ObjectionAction.SCHEDULE_HEARING),
    "record": (HearingRecordForm, ObjectionAction.RECORD_HEARING),
    "extend": (ExtensionForm, ObjectionAction.EXTEND),
    "excuse": (ExcuseForm, ObjectionAction.EXCUSE_LATENESS),
    "decide": (DecisionForm, None),
}


class QueueFilterForm(FlaskForm):
    """The objection queue's filter (a GET form)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Show"), default="open")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [
            SelectChoice("open", _l("Open objections")),
            SelectChoice("decided", _l("Decided objections")),
            SelectChoice("all", _l("All objections")),
        ]
