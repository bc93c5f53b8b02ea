"""Certificate tokens: the QR code on a certificate carries one (signed through
``register.tokens``, never expiring), so the public page can say that the certificate is
genuine and when it was issued, and spot a changed one."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from register import tokens

PURPOSE = "certificate"


class CertificateVerdict(enum.StrEnum):
    """What the public page can say about a certificate token."""

    GENUINE = "genuine"
    TAMPERED = "tampered"


@dataclass(frozen=True)
class CertificateCheck:
    """The outcome of reading a token: the verdict and, when genuine, what was certified."""

    verdict: CertificateVerdict
    issued_on: dt.date | None = None
    tier: int | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


def make_token(
    number: str, tier: int, valid_from: dt.date, valid_until: dt.date, issued_on: dt.date
) -> str:
    """The signed token for a certificate of ``number`` issued on ``issued_on``; it never
    expires (it is printed)."""
    return tokens.sign(
        PURPOSE,
        {
            "n": number,
            "t": tier,
            "f": valid_from.isoformat(),
            "u": valid_until.isoformat(),
            "d": issued_on.isoformat(),
        },
        expires=False,
    )


def check_token(token: str, number: str) -> CertificateCheck:
    """Read ``token`` for the registration ``number``: genuine, or tampered when the signature
    fails, the content is not what we sign, or it belongs to another registration."""
    try:
        data = tokens.verify(PURPOSE, token, max_age=None)
        if data["n"] != number:
            raise ValueError("token for another registration")
        return CertificateCheck(
            CertificateVerdict.GENUINE,
            issued_on=dt.date.fromisoformat(data["d"]),
            tier=int(data["t"]),
            valid_from=dt.date.fromisoformat(data["f"]),
            valid_until=dt.date.fromisoformat(data["u"]),
        )
    except (tokens.TokenInvalid, KeyError, TypeError, ValueError):
        return CertificateCheck(CertificateVerdict.TAMPERED)
