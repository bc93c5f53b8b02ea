"""The second factor, as pure rules: who must use one, TOTP codes (RFC 6238) with a window
and without replay, recovery codes and how they are typed.

A code belongs to one 30-second time step. A code is accepted for the current step and
``WINDOW`` steps either side (clocks on phones drift), but never for a step at or before
the last step the account has used: a code that was seen once cannot be used again, not
even by someone who read it over the person's shoulder a second later.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from dataclasses import dataclass

import pyotp

#: steps of 30 seconds accepted either side of the current one
WINDOW = 1
DIGITS = 6
INTERVAL = 30
RECOVERY_CODE_COUNT = 10
#: recovery codes: 10 characters from an alphabet without look-alikes (0/O, 1/I/L)
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECOVERY_LENGTH = 10

_TOTP_SHAPE = re.compile(r"^\d{6}$")


def second_factor_required(staff_or_assessor: bool, enrolled: bool) -> bool:
    """Registrars, admins and assessors must always pass a second factor; anyone else
    must once they have chosen to enrol."""
    return staff_or_assessor or enrolled


def new_secret() -> str:
    """A new random TOTP secret: 160 bits, base32 (what authenticator apps expect)."""
    return pyotp.random_base32(length=32)


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The ``otpauth://totp/...`` URI that authenticator apps read (from a QR code)."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).provisioning_uri(
        name=account, issuer_name=issuer
    )


def grouped(secret: str, size: int = 4) -> str:
    """The secret in groups of four characters, for typing it into an app by hand."""
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))


def time_step(at: dt.datetime) -> int:
    """The TOTP time step (counter) of the moment ``at`` (timezone-aware)."""
    return int(at.timestamp()) // INTERVAL


def code_at(secret: str, step: int) -> str:
    """The code of ``step`` (for tests and for the demo; the app never shows one)."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).generate_otp(step)


def normalise_code(typed: str) -> str:
    """What a person typed, without spaces, dashes or dots, in capitals."""
    return re.sub(r"[\s\-.]", "", typed or "").upper()


def looks_like_totp(typed: str) -> bool:
    """Six digits: a code from the app (a recovery code has letters and is longer)."""
    return bool(_TOTP_SHAPE.match(normalise_code(typed)))


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of checking a code: the step it matched (None: no match) and whether it
    was refused because that step (or a later one) has been used already."""

    step: int | None
    replayed: bool = False

    @property
    def accepted(self) -> bool:
        return self.step is not None and not self.replayed


def check_totp(secret: str, typed: str, at: dt.datetime, last_step: int | None) -> CodeCheck:
    """Check a typed code against ``secret`` at the moment ``at``: the matching step within
    the window, refused as a replay when that step is not after ``last_step``."""
    code = normalise_code(typed)
    if not _TOTP_SHAPE.match(code):
        return CodeCheck(None)
    now = time_step(at)
    for step in range(now - WINDOW, now + WINDOW + 1):
        if hmac.compare_digest(code_at(secret, step), code):
            return CodeCheck(step, replayed=last_step is not None and step <= last_step)
    return CodeCheck(None)


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """``count`` new random recovery codes (about 50 bits each), shown as ``XXXXX-XXXXX``."""
    return [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        for _ in range(count)
    ]


def shown_recovery_code(code: str) -> str:
    """A recovery code as shown to the person: two groups of five."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def looks_like_recovery_code(typed: str) -> bool:
    """The shape of a recovery code (after normalising): the right length and alphabet."""
    code = normalise_code(typed)
    return len(code) == RECOVERY_LENGTH and all(c in RECOVERY_ALPHABET for c in code)
