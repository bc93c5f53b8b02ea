"""Text in the PDFs the register makes (certificates, decision letters): DejaVu Sans when
it is installed, so that any name prints as written; otherwise a core font, with accents
folded and dashes made plain, as core fonts hold Latin-1 only. fpdf2 itself is imported by
the modules that draw, on first use."""

from __future__ import annotations

import unicodedata
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


class PdfText:
    """The font family of ``pdf`` and the text as that font can print it."""

    def __init__(self, pdf, font_dir: Path = FONT_DIR):
        self.pdf, self.family, self.unicode = pdf, "Helvetica", False
        paths = {style: font_dir / name for style, name in FONT_FILES.items()}
        if all(path.is_file() for path in paths.values()):
            for style, path in paths.items():
                pdf.add_font("DejaVu", style, str(path))
            self.family, self.unicode = "DejaVu", True

    def text(self, value: str) -> str:
        if self.unicode:
            return value
        folded = unicodedata.normalize("NFKD", value)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
        folded = folded.replace("—", "-").replace("–", "-")
        return folded.encode("latin-1", errors="replace").decode("latin-1")
