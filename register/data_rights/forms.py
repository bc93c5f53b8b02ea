"""Forms of the data-rights pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length

from register.formtools import strip_text


class ExportForm(FlaskForm):
    """The person's own export: one button (the form carries the CSRF token)."""


class AccessRequestForm(FlaskForm):
    """An admin's export for a person who asked in writing."""

    reason = TextAreaField(
        _l("The written request"),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Say when and how the person asked, for example by letter of 3 May.")),
            Length(max=2000, message=_l("Use at most %(max)d characters.")),
        ],
    )


class DeleteAccountForm(FlaskForm):
    """Deleting one's own account: ticked on purpose."""

    confirm = BooleanField(
        _l("I understand that my account is deleted and cannot be restored"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
