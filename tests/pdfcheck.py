"""Read back what a PDF is made of with poppler's clients, for the tests of every PDF the
project writes: its fonts (pdffonts) and a page as pixels (pdftoppm)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from .conftest import require_tools

FORBIDDEN_FONTS = ("Helvetica", "DejaVu", "Times", "Courier", "Arial")
"""Fonts no PDF of the project names: reportlab's and the system's fallbacks."""


def pdf_fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """Every font of the PDF as pdffonts lists it: (name, embedded)."""
    require_tools("pdffonts")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    fonts = []
    for line in out.stdout.splitlines()[2:]:
        fields = line.split()
        # name type... encoding emb sub uni object-id generation: emb is the 5th field from the end
        fonts.append((fields[0], fields[-5] == "yes"))
    return fonts


def assert_bundled_fonts_only(pdf: bytes) -> list[str]:
    """Every font embedded and none of FORBIDDEN_FONTS; returns the fonts' names."""
    fonts = pdf_fonts(pdf)
    assert fonts, "no font at all"
    assert all(embedded for _name, embedded in fonts), fonts
    assert not [n for n, _e in fonts if any(bad in n for bad in FORBIDDEN_FONTS)], fonts
    return [name for name, _embedded in fonts]


def page_pixels(pdf: bytes, page: int, dpi: int = 100):
    """One page (1-based) as a greyscale Pillow image."""
    from PIL import Image

    require_tools("pdftoppm")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page),
                        str(path), str(Path(folder) / "p")], check=True)
        image = next(Path(folder).glob("p*.pgm"))
        return Image.open(image).copy()


def longest_dark_run(image, row: int, threshold: int = 235) -> int:
    """The longest run of non-white pixels on one row of a greyscale image."""
    best = run = 0
    for x in range(image.width):
        run = run + 1 if image.getpixel((x, row)) < threshold else 0
        best = max(best, run)
    return best
