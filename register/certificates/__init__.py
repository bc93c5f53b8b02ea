"""Registration certificates: a registrant downloads a PDF with a QR code that leads to the
public page with a signed token, so that anyone can check the certificate is genuine."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)

from register.certificates import views  # noqa: E402,F401
