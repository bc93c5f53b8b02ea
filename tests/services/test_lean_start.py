"""Web workers start lean: the PDF and QR libraries load with the first certificate, the
migration tools only on the command line (issue 15: worker memory under 100 MB)."""

import subprocess
import sys

HEAVY = ("fpdf", "PIL", "fontTools", "segno", "alembic", "flask_migrate")

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


def test_the_command_line_still_has_the_migration_commands():
    out = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "register", "db", "--help"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.returncode == 0 and "upgrade" in out.stdout, out.stderr
