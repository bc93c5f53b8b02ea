"""Forms of the account pages. Every validator carries its own translated message."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from register.accounts.services import password_problem
from register.formtools import clean_name, strip_text

EMAIL_REQUIRED = _l("Enter your e-mail address.")
EMAIL_FORMAT = _l("Enter an e-mail address in the right format, like name@example.nl.")
PASSWORD_HINT = _l(
    "At least 10 characters. Not your e-mail address and not an easy password "
    "like 'password123'. A sentence of a few words is easy to remember."
)


class _NameFields:
    given_names = StringField(
        _l("Given names"),
        filters=[clean_name],
        validators=[
            DataRequired(_l("Enter your given names.")),
            Length(max=120, message=_l("Use at most %(max)d characters.")),
        ],
    )
    surname_prefix = StringField(
        _l("Surname prefix"),
        filters=[clean_name],
        validators=[Optional(), Length(max=40, message=_l("Use at most %(max)d characters."))],
    )
    surname = StringField(
        _l("Surname"),
        filters=[clean_name],
        validators=[
            DataRequired(_l("Enter your surname.")),
            Length(max=120, message=_l("Use at most %(max)d characters.")),
        ],
    )


def _check_new_password(form, field):
    email = getattr(form, "email", None)
    problem = password_problem(field.data or "", email.data if email else form.account_email)
    if problem is not None:
        raise ValidationError(str(problem))


def new_password_field(label) -> PasswordField:
    """A new password, checked against the password rules (and the account's address)."""
    return PasswordField(
        label, validators=[DataRequired(_l("Choose a password.")), _check_new_password]
    )


def repeat_password_field(label) -> PasswordField:
    """The new password typed again; must equal the ``password`` field."""
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Type your password again.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
    )


class SignupForm(_NameFields, FlaskForm):
    """Create an applicant account."""

    email = EmailField(
        _l("E-mail address"),
        filters=[strip_text],
        validators=[
            DataRequired(EMAIL_REQUIRED),
            Email(EMAIL_FORMAT),
            Length(max=254, message=_l("Use at most %(max)d characters.")),
        ],
    )
    password = new_password_field(_l("Password"))
    password_repeat = repeat_password_field(_l("Repeat password"))


class LoginForm(FlaskForm):
    """E-mail address and password."""

    email = EmailField(
        _l("E-mail address"), filters=[strip_text], validators=[DataRequired(EMAIL_REQUIRED)]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])
    remember = BooleanField(_l("Stay logged in on this device"))


class SecondFactorForm(FlaskForm):
    """A code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code"),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Type the code from your app.")),
            Length(max=32, message=_l("Use at most %(max)d characters.")),
        ],
    )


class ForgotPasswordForm(FlaskForm):
    """Ask for a reset link."""

    email = EmailField(
        _l("E-mail address"),
        filters=[strip_text],
        validators=[DataRequired(EMAIL_REQUIRED), Email(EMAIL_FORMAT)],
    )


class ResetPasswordForm(FlaskForm):
    """Choose a new password through a reset link; ``account_email`` is set by the view."""

    account_email = ""
    password = new_password_field(_l("New password"))
    password_repeat = repeat_password_field(_l("Repeat new password"))


class ProfileForm(_NameFields, FlaskForm):
    """Name parts and preferred language."""

    locale = RadioField(
        _l("Language of the website and e-mails"),
        choices=[
            SelectChoice("nl", "Nederlands", render_kw={"lang": "nl"}),
            SelectChoice("en", "English", render_kw={"lang": "en"}),
        ],
        validators=[DataRequired(_l("Choose a language."))],
    )


class ChangePasswordForm(FlaskForm):
    """Change the password; ``account_email`` is set by the view."""

    account_email = ""
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )
    password = new_password_field(_l("New password"))
    password_repeat = repeat_password_field(_l("Repeat new password"))
