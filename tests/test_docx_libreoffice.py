"""The DOCX files as LibreOffice shows them: converted to PDF and read back.

Word is not available here; LibreOffice is the other application a secretariat opens a DOCX
with, and it shows fields as stored (it does not update a TOC on opening). So the TOC must be
filled in, and the footer's "Pagina N van M" must stand at the right margin, apart from the
version and fingerprint on the left (issue 18: "vingerafdruk 2976eb6f3881Pagina 2 van 33").

One conversion per document for the whole module (soffice takes a few seconds); needs
soffice (tests.conftest.require_tools: fails instead of skipping when CI is set).
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.assemble import assemble_regions
from generator.commands.common import render_convenant
from generator.project import load_project
from generator.redline import compare
from generator.render.redline_docx import RENVOOI_HEADING, render_redline_docx

from .conftest import require_tools
from .test_redline_docx import copy_repo_data

A4_WIDTH = 595.3
"""Points."""
RIGHT_MARGIN = A4_WIDTH - 2.5 / 2.54 * 72
"""The right edge of the text (2.5 cm margins), in points."""


def _convert(folder: Path, name: str, data: bytes) -> bytes:
    """``data`` (a DOCX) converted by LibreOffice with a private profile; the PDF's bytes."""
    source = folder / f"{name}.docx"
    source.write_bytes(data)
    profile = (folder / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return (folder / f"{name}.pdf").read_bytes()


@pytest.fixture(scope="module")
def converted(tmp_path_factory, real_documents):
    """name → (LibreOffice's PDF of the DOCX, that DOCX's source): the ZHZ convenant (built
    with its PDF, as `build` does) and a renvooi of it with a lid inserted in artikel 4."""
    require_tools("soffice")
    folder = tmp_path_factory.mktemp("libreoffice")
    old = real_documents["zhz"]
    built = render_convenant(old, ["pdf", "docx"])
    root = copy_repo_data(folder / "new")
    stuurgroep = root / "clauses/artikelen/stuurgroep.md"
    text = stuurgroep.read_text(encoding="utf-8")
    assert "## frequentie @zhz" in text
    stuurgroep.write_text(text.replace(
        "## frequentie @zhz", "## vervanging @zhz\n\nEen lid van de Stuurgroep kan zich laten "
        "vervangen;\n\n## frequentie @zhz", 1), encoding="utf-8")
    new = assemble_regions(load_project(root), ["zhz"])["zhz"]
    redline = compare(old, new, "2019-1", "werkversie")
    return {"convenant": (_convert(folder, "convenant", built["docx"]), built["pdf"]),
            "renvooi": (_convert(folder, "renvooi", render_redline_docx(redline)), None)}


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _fragments(pdf: bytes, page: int) -> list[tuple[str, float]]:
    """(text, x in points) of the text pieces on a page."""
    out: list[tuple[str, float]] = []

    def visit(text, cm, tm, *_):
        if text.strip():
            out.append((text, tm[4] * cm[0] + cm[4]))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return out


def test_the_convenant_toc_lists_every_heading_with_its_page(converted, real_documents):
    pdf, own_pdf = converted["convenant"]
    doc = real_documents["zhz"]
    toc = next(text for text in _pages(pdf) if "Inhoudsopgave" in text)
    flat = re.sub(r"\s+", " ", toc)
    for heading in [doc.article_heading(a) for a in doc.articles] + [doc.annex_heading(a) for a in doc.annexes]:
        assert heading in flat, heading
    assert "Veld bijwerken" not in flat
    # The page numbers are those of the PDF made in the same build.
    reader = PdfReader(io.BytesIO(own_pdf))
    stuurgroep = next(i for i in reader.outline if not isinstance(i, list) and i.title.endswith("Stuurgroep"))
    page = reader.get_destination_page_number(stuurgroep) + 1
    assert re.search(rf"Artikel 4\. Stuurgroep\.*\s*{page}\b", flat)


@pytest.mark.parametrize("name", ["convenant", "renvooi"])
def test_the_footer_line_is_not_glued(converted, name):
    """"... vingerafdruk 2976eb6f3881" (or "2019-1 → werkversie") left, "Pagina N van M" at the
    right margin, on every page that has a footer."""
    pdf, _ = converted[name]
    pages = _pages(pdf)
    total = len(pages)
    assert total > 10
    for number, text in enumerate(pages, start=1):
        if name == "convenant" and number == 1:
            continue  # the title page has no footer
        assert f"Pagina {number} van {total}" in text, (name, number)
        assert not re.search(r"[0-9a-f]Pagina|werkversiePagina", text)
    for number in (2, total):
        pieces = _fragments(pdf, number - 1)
        left = [x for text, x in pieces if "vingerafdruk" in text or "werkversie" in text]
        right = [x for text, x in pieces if text.startswith("Pagina")]
        assert left and right, pieces
        assert min(left) < 100 and right[-1] > A4_WIDTH / 2, (left, right)
        assert right[-1] < RIGHT_MARGIN


def test_the_renvooi_opens_with_its_cover(converted):
    """Gevolg and the overview of the changes before the tracked text; no running header on
    the cover, "Renvooi <titel>" above the pages after it."""
    pdf, _ = converted["renvooi"]
    pages = _pages(pdf)
    cover = pages[0]
    assert cover.lstrip().startswith("Renvooi") and "Gevolg voor de Partijen" in cover
    assert "Overzicht van de wijzigingen" in cover and "Renvooi Samenwerkingsconvenant" not in cover
    assert any(RENVOOI_HEADING in text for text in pages[:3])
    assert all("Renvooi Samenwerkingsconvenant" in text for text in pages[1:])
