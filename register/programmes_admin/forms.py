"""Forms for adding programmes and manually entered accreditation periods."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from register.labels import choices
from register.models.programmes import ProgrammeContext, StudyMode


class ProgrammeForm(FlaskForm):
    """A training programme and the provider that offers it."""

    provider_name = StringField(
        _l("Training provider"),
        validators=[
            DataRequired(_l("Fill in the name of the training provider.")),
            Length(max=200),
        ],
    )
    name = StringField(
        _l("Name of the programme"),
        validators=[DataRequired(_l("Fill in the name of the programme.")), Length(max=200)],
    )
    nlqf_level = SelectField(
        _l("NLQF level"),
        coerce=int,
        choices=[SelectChoice(level, str(level)) for level in range(2, 8)],
        validators=[DataRequired(_l("Choose the NLQF level."))],
    )
    context = SelectField(
        _l("Context"),
        choices=choices(ProgrammeContext),
        default="standalone",
    )
    study_load_hours = IntegerField(
        _l("Study load in hours (optional)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=20000, message=_l("Enter a number of hours from 1 to 20000.")),
        ],
    )
    mode = SelectField(
        _l("Mode of study (optional)"),
        choices=[SelectChoice("", _l("Not known")), *choices(StudyMode)],
        default="",
    )
    description = TextAreaField(
        _l("Description (optional)"), validators=[Optional(), Length(max=4000)]
    )


class AccreditationForm(FlaskForm):
    """An accreditation period entered by hand."""

    valid_from = DateField(
        _l("Accredited from"),
        validators=[DataRequired(_l("Fill in the date the accreditation started."))],
    )
    valid_until = DateField(
        _l("Accredited until"),
        validators=[DataRequired(_l("Fill in the date the accreditation ends or ended."))],
    )
    note = TextAreaField(
        _l("Note (for example the decision it is based on)"),
        validators=[Optional(), Length(max=4000)],
    )

    def validate_valid_until(self, field) -> None:
        """The period must end after it starts."""
        if self.valid_from.data and field.data and field.data <= self.valid_from.data:
            raise ValidationError(_l("The end date must be after the start date."))
