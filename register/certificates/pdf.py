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


#: the register's colours (as in the stylesheet): blue, dark blue, a light tint
_BLUE, _DARK, _TINT, _MUTED = (21, 66, 115), (11, 42, 74), (230, 238, 246), (77, 77, 77)


class _Writer(PdfText):
    """The certificate's text, a line at a time."""

    def line(
        self,
        value: str,
        size: int,
        style: str = "",
        height: float = 8,
        colour=_DARK,
        align: str = "C",
        width: float = 0,
    ) -> None:
        self.pdf.set_font(self.family, style, size)
        self.pdf.set_text_color(*colour)
        self.pdf.multi_cell(
            width, height, self.text(value), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )


def _mark(pdf, x: float, y: float, size: float) -> None:
    """The register's mark (as the favicon): a blue rounded square with a white tick."""
    pdf.set_fill_color(*_BLUE)
    pdf.rect(x, y, size, size, style="F", round_corners=True, corner_radius=size / 5)
    pdf.set_draw_color(255, 255, 255)
    pdf.set_line_width(size / 8)
    unit = size / 32
    pdf.polyline(
        [
            (x + 9 * unit, y + 17 * unit),
            (x + 14 * unit, y + 22 * unit),
            (x + 23 * unit, y + 10 * unit),
        ]
    )


def short_address(url: str) -> str:
    """The verification address to print for typing: the public page without the scheme
    and without the certificate's token (the QR code carries that)."""
    return url.split("?", 1)[0].split("://", 1)[-1]


def certificate_pdf(content: CertificateContent, font_dir: Path = FONT_DIR) -> bytes:
    """The certificate for ``content`` as PDF bytes, in the current interface language: the
    register's mark and name, the holder, then tier, number and validity, and at the foot
    the QR code beside a short address and the number to type there."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(_("Certificate of registration"))
    pdf.set_author(_("Register of Experts by Experience"))
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(24, 24, 24)
    pdf.add_page()
    writer = _Writer(pdf, font_dir)
    # a double frame
    pdf.set_draw_color(*_BLUE)
    pdf.set_line_width(1.6)
    pdf.rect(10, 10, 190, 277)
    pdf.set_line_width(0.3)
    pdf.rect(14, 14, 182, 269)
    # the mark and the register's name
    _mark(pdf, 95, 24, 20)
    pdf.set_y(48)
    writer.line(_("Register of Experts by Experience"), 15, "B", 8, _BLUE)
    writer.line(
        _("The register of experts by experience in mental health care."), 10, "", 6, _MUTED
    )
    pdf.ln(8)
    writer.line(_("Certificate of registration"), 26, "B", 14)
    pdf.ln(6)
    writer.line(_("This is to certify that"), 12, "", 7, _MUTED)
    writer.line(content.name, 24, "B", 13)
    writer.line(
        _("is registered in the register of experts by experience in mental health care."),
        12,
        "",
        7,
        _MUTED,
    )
    # the tier, in a tinted band
    pdf.ln(6)
    band_top = pdf.get_y()
    band_height = 26 if content.direction else 18
    pdf.set_fill_color(*_TINT)
    pdf.rect(24, band_top, 162, band_height, style="F")
    pdf.set_y(band_top + 3)
    writer.line(_("Tier"), 10, "", 5, _MUTED)
    writer.line(f"{content.tier} – {content.tier_name}", 16, "B", 8)
    if content.direction:
        under = _("Works under direction")
        writer.line(f"{under}: {content.direction}", 9, "", 5, _MUTED)
    pdf.set_y(band_top + band_height + 6)
    # number and validity, in three columns
    columns = (
        (_("Registration number"), content.number),
        (_("Valid from"), format_date(content.valid_from, "long")),
        (_("Valid until"), format_date(content.valid_until, "long")),
    )
    top = pdf.get_y()
    for i, (label, value) in enumerate(columns):
        pdf.set_xy(24 + i * 54, top)
        writer.line(label, 9, "", 5, _MUTED, width=54)
        pdf.set_x(24 + i * 54)
        writer.line(value, 13, "B", 7, width=54)
    pdf.set_y(top + 16)
    issued = _("Issued on")
    writer.line(f"{issued}: {format_date(content.issued_on, 'long')}", 9, "", 5, _MUTED)
    # the foot: QR code, short address and the number to type there
    pdf.set_draw_color(*_BLUE)
    pdf.set_line_width(0.3)
    pdf.line(24, 222, 186, 222)
    pdf.image(qr_png(content.url), x=24, y=228, w=42, h=42)
    pdf.set_xy(72, 229)
    writer.line(_("Check this certificate"), 12, "B", 6, _BLUE, align="L", width=114)
    pdf.set_x(72)
    writer.line(
        _(
            "Scan the code, or go to the address below. The register's page shows the "
            "current status of the registration: that is what counts, not this paper."
        ),
        9,
        "",
        4.6,
        _MUTED,
        align="L",
        width=114,
    )
    pdf.set_x(72)
    writer.line(short_address(content.url), 10, "B", 6, align="L", width=114)
    pdf.set_x(72)
    writer.line(
        _("Or search the register for the number %(number)s.", number=content.number),
        9,
        "",
        5,
        _MUTED,
        align="L",
        width=114,
    )
    return bytes(pdf.output())
