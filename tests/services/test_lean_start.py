"""Web workers start lean: the PDF and QR libraries load with the first certificate, the
migration tools only on the command line, the signing library (jwcrypto with cryptography)
with the first credential, the edit distance (rapidfuzz) with the first name change
(issue 15: worker memory under 100 MB)."""

import os
import subprocess
import sys

import pytest

from register.credentials.keys import generated_key_set

# never touches the test database: runs once, in the SQLite run (marker "no_database")
pytestmark = pytest.mark.no_database

HEAVY = (
    "fpdf",
    "PIL",
    "fontTools",
    "segno",
    "alembic",
    "flask_migrate",
    "jwcrypto",
    "cryptography",
    "rapidfuzz",
)

PROBE = f"""
import sys
from register import create_app
app = create_app({{"SQLALCHEMY_DATABASE_URI": "sqlite://", "MAIL_BACKEND": "memory"}})
client = app.test_client()
assert client.get("/health").status_code == 200
print(",".join(m for m in {HEAVY!r} if m in sys.modules))
"""


def test_a_web_worker_loads_no_pdf_qr_or_migration_library():
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=180
    )
    assert out.stdout.strip() == "", f"loaded at start-up: {out.stdout.strip()}"


def test_a_production_worker_checks_its_keys_without_loading_the_signing_library(tmp_path):
    env = {
        **os.environ,
        "REGISTER_ENV": "production",
        "SECRET_KEY": "lean-start-test-secret",
        "CREDENTIAL_KEYS": generated_key_set(),
        "SEARCH_WARM_UP": "0",
        "POLICY_HISTORY_AT_STARTUP": "0",
    }
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=180, env=env
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "", f"loaded at start-up: {out.stdout.strip()}"


def test_a_production_worker_refuses_an_unreadable_key_set():
    env = {
        **os.environ,
        "REGISTER_ENV": "production",
        "SECRET_KEY": "lean-start-test-secret",
        "CREDENTIAL_KEYS": '{"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "abc"}]}',
        "POLICY_HISTORY_AT_STARTUP": "0",
    }
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=180, env=env
    )
    assert out.returncode != 0
    assert "must hold its private part" in out.stderr


def test_the_command_line_still_has_the_migration_commands():
    out = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "register", "db", "--help"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.returncode == 0 and "upgrade" in out.stdout, out.stderr
