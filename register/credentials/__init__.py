"""Verifiable credentials (issue 14): the registrant's registration as a signed W3C
Verifiable Credential (an Open Badges 3.0 ``OpenBadgeCredential``), the register's public
keys (``/.well-known/jwks.json``), the two status lists that say when a credential is no
longer true (suspension, revocation), and the public verify page. The API operation is
``POST /api/v1/credentials/verify`` (``register.api.credentials``). docs/credentials.md
says how it fits together."""

from flask import Blueprint

bp = Blueprint("credentials", __name__)

from register.credentials import views  # noqa: E402,F401
