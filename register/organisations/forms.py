"""Forms of organisation accounts and of the register's staff on them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, EmailField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from register.accounts.forms import (
    SignupForm,
    _NameFields,
    new_password_field,
    repeat_password_field,
)
from register.formtools import strip_text

_MAX = _l("Use at most %(max)d characters.")


class OrganisationSignupForm(SignupForm):
    """An organisation and its first user."""

    organisation_name = StringField(
        _l("Name of the organisation"),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Fill in the name of the organisation.")),
            Length(max=200, message=_MAX),
        ],
    )
    kvk_number = StringField(
        _l("KvK number"),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Fill in the KvK number of the organisation.")),
            Length(max=20, message=_MAX),
        ],
    )


class JoinForm(_NameFields, FlaskForm):
    """The account of an invited user (the address is the invitation's)."""

    account_email = ""
    password = new_password_field(_l("Password"))
    password_repeat = repeat_password_field(_l("Repeat password"))


class InviteForm(FlaskForm):
    email = EmailField(
        _l("E-mail address of the new user"),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Fill in an e-mail address.")),
            Email(_l("Fill in an e-mail address like name@example.nl.")),
            Length(max=254, message=_MAX),
        ],
    )


class KeyForm(FlaskForm):
    name = StringField(
        _l("Name of the key"),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Give the key a name, such as the system that uses it.")),
            Length(max=100, message=_MAX),
        ],
    )


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (revoke, remove, new secret, unblock)."""


class WatchForm(FlaskForm):
    number = StringField(
        _l("Registration number"),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Fill in a registration number.")),
            Length(max=40, message=_MAX),
        ],
    )
    employed_since = DateField(
        _l("Employed since (optional)"),
        validators=[Optional()],
        format="%Y-%m-%d",
    )
    role = StringField(
        _l("Role (optional)"),
        filters=[strip_text],
        validators=[Optional(), Length(max=100, message=_MAX)],
    )


class WatchUploadForm(FlaskForm):
    file = FileField(
        _l("CSV file with registration numbers"),
        validators=[FileRequired(_l("Choose a CSV file to upload."))],
    )


class SettingsForm(FlaskForm):
    alert_mode = RadioField(
        _l("E-mail about changes"),
        choices=[],  # the labelled modes, set by the view (register.labels.choices)
        validators=[DataRequired(_l("Choose how you want to hear of changes."))],
    )
    webhook_url = StringField(
        _l("Webhook address (optional)"),
        filters=[strip_text],
        validators=[Optional(), Length(max=500, message=_MAX)],
    )


class BlockForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (the organisation's users see it)"),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Give the reason for blocking.")),
            Length(max=500, message=_MAX),
        ],
    )
