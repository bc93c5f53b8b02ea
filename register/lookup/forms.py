"""Forms of the public lookup: the search (a GET form) and the bulk CSV upload."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from register.policy.registration import REGISTRATION_STATUSES

#: the filters' choices per language: (policies they were made from, tiers, statuses)
_FILTER_CHOICES: dict[str, tuple] = {}


def filter_choices(policies, lang: str) -> tuple[tuple, tuple]:
    """The tier and status filters' choices in ``lang``, as plain strings (so that
    ``kept_field`` in ``register.templating`` can keep their HTML), made once per language
    and loaded policies."""
    kept = _FILTER_CHOICES.get(lang)
    if kept is None or kept[0] is not policies:
        with force_locale(lang):
            tiers = (("", _("All tiers")),) + tuple(
                (str(t.code), f"{t.code} – {t.name.get(lang)}") for t in policies.tiers.tiers
            )
            statuses = (("", _("All statuses")),) + tuple(
                (code, policies.registration.statuses[code].name.get(lang))
                for code in REGISTRATION_STATUSES
            )
        kept = _FILTER_CHOICES[lang] = (policies, tiers, statuses)
    return kept[1], kept[2]


class SearchForm(FlaskForm):
    """Search by name or number, optionally filtered by tier and status."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Name or registration number"),
        validators=[
            DataRequired(_l("Type a name or a registration number.")),
            Length(max=120, message=_l("Type at most 120 characters.")),
        ],
    )
    tier = SelectField(_l("Tier"), choices=[], default="", validators=[Optional()])
    status = SelectField(_l("Status"), choices=[], default="", validators=[Optional()])

    def set_choices(self, policies, lang: str) -> None:
        """Fill the filters from the policies, in the interface language."""
        self.tier.choices, self.status.choices = filter_choices(policies, lang)


class BulkUploadForm(FlaskForm):
    """Upload a CSV file of registration numbers to check them all at once. Its token is
    the public form's (``register.public_http``): none in the session."""

    class Meta:
        csrf = False

    file = FileField(
        _l("CSV file with registration numbers"),
        validators=[FileRequired(_l("Choose a CSV file to upload."))],
    )


class BulkDownloadForm(FlaskForm):
    """Carries the signed list of checked numbers back for the CSV download (a public form,
    like the upload)."""

    class Meta:
        csrf = False

    token = HiddenField(validators=[DataRequired()])
