"""The verify page's form: paste the credential, or upload its file."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from register.domain.credentials import MAX_CREDENTIAL_CHARS
from register.errors import ActionRefused


class VerifyCredentialForm(FlaskForm):
    """Paste a credential or choose its file (one of the two). A public form
    (``register.public_http``): its token is in the form, none in the session."""

    class Meta:
        csrf = False

    credential = TextAreaField(
        _l("The credential (the text of the .jwt file)"),
        validators=[
            Optional(),
            Length(
                max=MAX_CREDENTIAL_CHARS,
                message=_l("This is too long to be a credential of the register."),
            ),
        ],
    )
    file = FileField(_l("Or choose the credential file (.jwt)"))

    def credential_text(self) -> str:
        """The pasted text, else the uploaded file's text; refused (on its field) when
        neither was given or the file cannot be a credential."""
        pasted = (self.credential.data or "").strip()
        if pasted:
            return pasted
        upload = self.file.data
        if not upload or not getattr(upload, "filename", ""):
            raise ActionRefused(_l("Paste the credential or choose its file."), field="credential")
        data = upload.read(MAX_CREDENTIAL_CHARS + 1)
        try:
            text = data.decode("ascii").strip()
        except UnicodeDecodeError:
            text = None
        if not text or len(data) > MAX_CREDENTIAL_CHARS:
            raise ActionRefused(_l("This file is not a credential of the register."), field="file")
        return text
