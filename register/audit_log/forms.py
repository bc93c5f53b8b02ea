"""The audit viewer's filter form (a GET form: the filters are in the address, so a filtered
view can be bookmarked, paged and exported)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import Email, Length, NumberRange, Optional, ValidationError

from register.formtools import strip_text


class AuditFilterForm(FlaskForm):
    """Who (the actor's e-mail address), about what (subject type and id), which action,
    when (a period of days)."""

    class Meta:
        csrf = False

    actor = StringField(
        _l("Person (e-mail address)"),
        filters=[strip_text],
        validators=[
            Optional(),
            Email(_l("Enter an e-mail address in the right format, like name@example.nl.")),
            Length(max=254, message=_l("Use at most %(max)d characters.")),
        ],
    )
    subject_type = SelectField(_l("Subject"), choices=[], validate_choice=True, default="")
    subject_id = IntegerField(
        _l("Subject number"),
        validators=[
            Optional(),
            NumberRange(min=1, max=2**31 - 1, message=_l("Enter a whole number above 0.")),
        ],
    )
    action = StringField(
        _l("Action"),
        filters=[strip_text],
        validators=[Optional(), Length(max=64, message=_l("Use at most %(max)d characters."))],
    )
    date_from = DateField(_l("From (date)"), validators=[Optional()])
    date_to = DateField(_l("Up to and including (date)"), validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))
