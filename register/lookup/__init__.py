"""The public lookup: search the register, a registration's public page, bulk verification
of a CSV file, and the check of a certificate's QR code."""

from flask import Blueprint

bp = Blueprint("lookup", __name__)

from register.lookup import views  # noqa: E402,F401
