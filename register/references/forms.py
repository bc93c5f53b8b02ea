"""The referee's answer and the registrar's replacement referee."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FloatField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from register.formtools import clean_name, strip_text
from register.models.applications import ReferenceRelation


class RefereeAnswerForm(FlaskForm):
    """Confirm the applicant's role, period and hours, or decline."""

    answer = RadioField(
        _l("Can you confirm this work?"),
        choices=[
            SelectChoice("confirm", _l("Yes, I confirm it (correct what is not right below)")),
            SelectChoice("decline", _l("No, I cannot confirm it")),
        ],
        validators=[InputRequired(message=_l("Choose whether you confirm."))],
    )
    role = StringField(_l("Role"), validators=[Optional(), Length(max=200)])
    start = DateField(_l("Worked there from"), validators=[Optional()])
    end = DateField(_l("Until (leave empty if still working there)"), validators=[Optional()])
    hours_per_week = FloatField(
        _l("Hours per week"),
        validators=[
            Optional(),
            NumberRange(min=0, max=60, message=_l("Fill in a number of hours from 0 to 60.")),
        ],
    )
    comment = TextAreaField(
        _l("Comment or reason (optional)"), validators=[Optional(), Length(max=2000)]
    )

    def validate(self, extra_validators=None) -> bool:
        """Role, start and hours are needed when confirming (checked here, because an empty
        optional field stops its own validators); the period must run forwards and cannot
        start in the future."""
        ok = super().validate(extra_validators)
        if self.answer.data == "confirm":
            for field, message in (
                (self.role, _l("Fill in the role.")),
                (self.start, _l("Fill in the date the work started.")),
                (self.hours_per_week, _l("Fill in the hours per week.")),
            ):
                if field.data in (None, "") and not field.errors:
                    field.errors.append(message)
            start, end = self.start.data, self.end.data
            if start and start > dt.date.today() and not self.start.errors:
                self.start.errors.append(_l("The start date cannot be in the future."))
            if start and end and end < start and not self.end.errors:
                self.end.errors.append(_l("The end date cannot be before the start date."))
        return ok and not any(f.errors for f in self)


class ReplaceRefereeForm(FlaskForm):
    """A new referee in place of one who did not or could not confirm."""

    name = StringField(
        _l("Name of the referee"),
        filters=[clean_name],
        validators=[InputRequired(message=_l("Fill in the referee's name.")), Length(max=200)],
    )
    email = StringField(
        _l("E-mail address of the referee"),
        filters=[strip_text],
        validators=[
            InputRequired(message=_l("Fill in the referee's e-mail address.")),
            Length(max=254),
            Email(message=_l("Fill in a valid e-mail address."), check_deliverability=False),
        ],
    )
    organisation = StringField(
        _l("Organisation"),
        validators=[InputRequired(message=_l("Fill in the organisation.")), Length(max=200)],
    )
    relation = RadioField(
        _l("How does the referee know the applicant's work?"),
        choices=[
            SelectChoice(ReferenceRelation.SUPERVISOR.value, _l("Supervisor")),
            SelectChoice(ReferenceRelation.EMPLOYER.value, _l("Employer or client")),
            SelectChoice(ReferenceRelation.COLLEAGUE.value, _l("Colleague")),
            SelectChoice(ReferenceRelation.OTHER.value, _l("Other")),
        ],
        validators=[InputRequired(message=_l("Choose how the referee knows the work."))],
    )
