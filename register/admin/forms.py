"""Forms of the admin's account pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from register.formtools import strip_text


class AccountSearchForm(FlaskForm):
    """Find accounts by e-mail address or name (a GET form)."""

    class Meta:
        csrf = False

    q = StringField(
        _l("E-mail address or name"),
        filters=[strip_text],
        validators=[Optional(), Length(max=120, message=_l("Use at most %(max)d characters."))],
    )


class ReasonForm(FlaskForm):
    """An admin action on an account, with its reason (kept in the audit log)."""

    reason = TextAreaField(
        _l("Reason"),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Give the reason.")),
            Length(max=2000, message=_l("Use at most %(max)d characters.")),
        ],
    )
