"""Forms of the log, the confirmer's answer, the renewal request and the registrar's
decision. Fields that a policy makes required (a confirmer) are checked in ``validate``, so
that every problem shows at once."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from register.formtools import VersionedForm

_EMAIL = [
    Optional(),
    Length(max=254),
    Email(message=_l("Fill in a valid e-mail address."), check_deliverability=False),
]


class _ConfirmerFields:
    """Name and e-mail address of the person who confirms a line of the log."""

    def _require_confirmer(self) -> None:
        for field, message in (
            (self.confirmer_name, _l("Fill in the name of the person who confirms.")),
            (
                self.confirmer_email,
                _l("Fill in the e-mail address of the person who confirms."),
            ),
        ):
            if not (field.data or "").strip() and not field.errors:
                field.errors.append(message)


class PracticeForm(_ConfirmerFields, FlaskForm):
    """A period of practice: where, in which role, from when to when, how many hours."""

    organisation = StringField(
        _l("Employer or organisation"),
        validators=[
            InputRequired(message=_l("Fill in the employer or organisation.")),
            Length(max=200),
        ],
    )
    role = StringField(_l("Your role (optional)"), validators=[Optional(), Length(max=200)])
    start = DateField(
        _l("From"), validators=[InputRequired(message=_l("Fill in a valid start date."))]
    )
    end = DateField(_l("Until (optional)"), validators=[Optional()])
    hours_per_week = FloatField(
        _l("Hours per week"),
        validators=[
            InputRequired(message=_l("Fill in a number of hours from 0.5 to 60.")),
            NumberRange(min=0.5, max=60, message=_l("Fill in a number of hours from 0.5 to 60.")),
        ],
    )
    confirmer_name = StringField(
        _l("Name of the person who confirms"), validators=[Optional(), Length(max=200)]
    )
    confirmer_email = StringField(
        _l("E-mail address of the person who confirms"), validators=_EMAIL
    )

    confirmation_required = True  # set from the renewal policy by the view

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.confirmation_required:
            self._require_confirmer()
        return ok and not any(f.errors for f in self)


class DevelopmentForm(_ConfirmerFields, FlaskForm):
    """A development activity: category, date, hours or points, what it was about."""

    category = RadioField(
        _l("Kind of activity"),
        choices=[],
        validators=[InputRequired(message=_l("Choose the kind of activity."))],
    )
    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Fill in a valid date."))])
    amount = FloatField(
        _l("Hours or points"),
        validators=[
            InputRequired(message=_l("Fill in a number from 0.5 to 500.")),
            NumberRange(min=0.5, max=500, message=_l("Fill in a number from 0.5 to 500.")),
        ],
    )
    description = StringField(
        _l("What was it about?"),
        validators=[
            InputRequired(message=_l("Describe the activity in a few words.")),
            Length(max=200),
        ],
    )
    organisation = StringField(_l("Given by (optional)"), validators=[Optional(), Length(max=200)])
    proof = FileField(_l("Proof (optional)"))
    confirmer_name = StringField(
        _l("Name of the supervisor"), validators=[Optional(), Length(max=200)]
    )
    confirmer_email = StringField(_l("E-mail address of the supervisor"), validators=_EMAIL)

    confirmed_categories: frozenset = frozenset()  # set from the renewal policy by the view

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.category.data in self.confirmed_categories:
            self._require_confirmer()
        return ok and not any(f.errors for f in self)


class ConfirmerForm(_ConfirmerFields, FlaskForm):
    """Someone else to confirm a line of the log."""

    confirmer_name = StringField(
        _l("Name of the person who confirms"), validators=[Optional(), Length(max=200)]
    )
    confirmer_email = StringField(
        _l("E-mail address of the person who confirms"), validators=_EMAIL
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        self._require_confirmer()
        return ok and not any(f.errors for f in self)


class ProofForm(FlaskForm):
    """The proof behind a line of the log."""

    proof = FileField(
        _l("Proof (PDF, PNG or JPEG)"),
        validators=[FileRequired(message=_l("Choose a file to upload."))],
    )


class RenewForm(FlaskForm):
    """The request: the declaration and, where needed, an explanation."""

    declaration = BooleanField(
        _l("I declare that my log is true and complete, and that I can show the proof behind it.")
    )
    note = TextAreaField(
        _l("Explanation for the registrar (optional)"),
        validators=[Optional(), Length(max=4000)],
    )


class ActionForm(FlaskForm):
    """A button without fields (send the proof, withdraw, send a link again)."""


class ConfirmAnswerForm(FlaskForm):
    """The employer's or supervisor's answer: confirm (correcting what is not right) or
    decline."""

    answer = RadioField(
        _l("Can you confirm this?"),
        choices=[
            SelectChoice("confirm", _l("Yes, I confirm it (correct what is not right below)")),
            SelectChoice("decline", _l("No, I cannot confirm it")),
        ],
        validators=[InputRequired(message=_l("Choose whether you confirm."))],
    )
    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("Until (optional)"), validators=[Optional()])
    hours_per_week = FloatField(
        _l("Hours per week"),
        validators=[
            Optional(),
            NumberRange(min=0, max=60, message=_l("Fill in a number of hours from 0 to 60.")),
        ],
    )
    amount = FloatField(
        _l("Hours or points"),
        validators=[
            Optional(),
            NumberRange(min=0, max=500, message=_l("Fill in a number from 0 to 500.")),
        ],
    )
    comment = TextAreaField(
        _l("Comment or reason (optional)"), validators=[Optional(), Length(max=2000)]
    )

    practice = True  # set by the view: a practice line (period and hours) or an activity

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.answer.data == "confirm":
            needed = (
                [
                    (self.start, _l("Fill in the start date.")),
                    (self.hours_per_week, _l("Fill in the hours per week.")),
                ]
                if self.practice
                else [(self.amount, _l("Fill in the number you confirm."))]
            )
            for field, message in needed:
                if field.data in (None, "") and not field.errors:
                    field.errors.append(message)
        return ok and not any(f.errors for f in self)


class DecisionForm(VersionedForm):
    """The registrar's decision on a renewal or restoration request."""

    decision = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice("approve", _l("Approve: renew the registration")),
            SelectChoice("refuse", _l("Refuse")),
        ],
        validators=[InputRequired(message=_l("Choose approve or refuse."))],
    )
    grounds = TextAreaField(
        _l("Grounds (sent to the registrant)"), validators=[Optional(), Length(max=4000)]
    )


class LapsingForm(FlaskForm):
    """How far ahead the list of registrations about to lapse looks (a GET form)."""

    class Meta:
        csrf = False

    weeks = IntegerField(
        _l("Lapsing within (weeks)"),
        default=12,
        validators=[
            Optional(),
            NumberRange(min=1, max=104, message=_l("Fill in a number of weeks from 1 to 104.")),
        ],
    )
