"""The registration certificate as a PDF (fpdf2) with a QR code (segno) to the public page.

Names may hold any script, so the text uses DejaVu Sans when it is installed; without it the
PDF falls back to a core font and writes letters outside Latin-1 without their accents.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import segno
from flask_babel import format_date
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from register.pdf_text import FONT_DIR, PdfText


@dataclass(frozen=True)
class CertificateContent:
    """Everything printed on a certificate."""

    name: str
    number: str
    tier: int
    tier_name: str
    valid_from: object
    valid_until: object
    issued_on: object
    url: str
    #: under whose direction the tier works (tier 1), printed below the tier
    direction: str | None = None


def qr_png(url: str) -> io.BytesIO:
    """A QR code for ``url`` as PNG bytes."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return buffer


class _Writer(PdfText):
    """The certificate's text, a line at a time."""

    def line(self, value: str, size: int, style: str = "", height: float = 8) -> None:
        self.pdf.set_font(self.family, style, size)
        self.pdf.multi_cell(
            0, height, self.text(value), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )


def certificate_pdf(content: CertificateContent, font_dir: Path = FONT_DIR) -> bytes:
    """The certificate for ``content`` as PDF bytes, in the current interface language."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(_("Certificate of registration"))
    pdf.set_author(_("Register of Experts by Experience"))
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    writer = _Writer(pdf, font_dir)
    pdf.set_line_width(0.8)
    pdf.rect(10, 10, 190, 277)
    pdf.set_y(28)
    writer.line(_("Register of Experts by Experience"), 14)
    writer.line(_("Certificate of registration"), 24, "B", 14)
    pdf.ln(8)
    writer.line(_("This is to certify that"), 12)
    writer.line(content.name, 22, "B", 12)
    writer.line(
        _("is registered in the register of experts by experience in mental health care."), 12
    )
    pdf.ln(8)
    rows = (
        (_("Registration number"), content.number),
        (_("Tier"), f"{content.tier} – {content.tier_name}"),
        *(((_("Works under direction"), content.direction),) if content.direction else ()),
        (_("Valid from"), format_date(content.valid_from, "long")),
        (_("Valid until"), format_date(content.valid_until, "long")),
        (_("Issued on"), format_date(content.issued_on, "long")),
    )
    for label, value in rows:
        writer.line(f"{label}: {value}", 12, height=7)
    pdf.image(qr_png(content.url), x=80, y=190, w=50, h=50)
    pdf.set_y(245)
    writer.line(
        _(
            "Scan the code to check this certificate. The register's page shows the "
            "current status of the registration: that is what counts, not this paper."
        ),
        10,
        height=5,
    )
    pdf.set_font(writer.family, "", 7)
    pdf.multi_cell(0, 4, writer.text(content.url), align="C")
    return bytes(pdf.output())
