"""Signing and checking JWTs as VC-JOSE-COSE says: a compact JWS whose payload is the
credential itself, header ``alg`` EdDSA (Ed25519), ``typ`` ``vc+jwt``, ``cty`` ``vc``, and
``kid`` the key's thumbprint (media type ``application/vc+jwt``).

jwcrypto (with cryptography, about 10 MB) is imported where a token is signed or checked, so
that a web worker that never handles a credential does not hold it (issue 15)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from register.credentials.keys import key_ring
from register.domain.credentials import SignatureOutcome

ALG = "EdDSA"
TYP = "vc+jwt"
MEDIA_TYPE = "application/vc+jwt"


def sign(credential: dict) -> str:
    """``credential`` signed with the current key, as a compact JWS."""
    from jwcrypto import jws  # with cryptography, about 10 MB: loaded on first use

    key = key_ring().current
    token = jws.JWS(json.dumps(credential, ensure_ascii=False, separators=(",", ":")).encode())
    header = {"alg": ALG, "typ": TYP, "cty": "vc", "kid": key.get("kid")}
    token.add_signature(key, alg=ALG, protected=json.dumps(header))
    return token.serialize(compact=True)


@dataclass(frozen=True)
class Checked:
    """What the signature check found, and the credential when the signature is valid."""

    outcome: SignatureOutcome
    credential: dict | None = None
    kid: str | None = None


def check(text: str) -> Checked:
    """Check a compact JWS against the register's keys (current and old)."""
    from jwcrypto import jws
    from jwcrypto.common import JWException

    token = jws.JWS()
    try:
        token.deserialize(text.strip())
        header = token.jose_header
    except (JWException, ValueError, TypeError):
        return Checked(SignatureOutcome.MALFORMED)
    if not isinstance(header, dict) or header.get("alg") != ALG:
        return Checked(SignatureOutcome.MALFORMED)
    kid = header.get("kid")
    key = key_ring().by_kid(kid) if isinstance(kid, str) else None
    if key is None:
        return Checked(SignatureOutcome.UNKNOWN_KEY, kid=kid if isinstance(kid, str) else None)
    try:
        token.verify(key, alg=ALG)
    except JWException:
        return Checked(SignatureOutcome.TAMPERED, kid=kid)
    try:
        credential = json.loads(token.payload)
    except (ValueError, UnicodeDecodeError):
        return Checked(SignatureOutcome.MALFORMED, kid=kid)
    if not isinstance(credential, dict):
        return Checked(SignatureOutcome.MALFORMED, kid=kid)
    return Checked(SignatureOutcome.VALID, credential, kid)
