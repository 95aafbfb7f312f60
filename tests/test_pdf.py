"""The real PDFs, rendered once per region: A4, TOC page numbers, signature blocks, pages."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from generator.render.html import render_html
from generator.render.pdf import AssetsOnlyFetcher, render_pdf, render_pdf_from_html
from generator.render.pdfa import pdfa_markers

from .pdfcheck import assert_bundled_fonts_only, longest_dark_run, page_pixels

EXPECTED_BLOCKS = {"zhz": 31, "haaglanden": 34}
A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def pdfs(real_documents):
    out = {}
    for region, doc in real_documents.items():
        pdf = render_pdf(doc)
        reader = PdfReader(io.BytesIO(pdf))
        out[region] = (doc, reader, [page.extract_text() or "" for page in reader.pages])
        PDF_BYTES[region] = pdf
    return out


PDF_BYTES: dict[str, bytes] = {}
"""The bytes of the module's PDFs (filled in by the fixture pdfs)."""


def destination_pages(reader: PdfReader) -> dict[str, int]:
    """Named destinations (HTML ids) → 1-based page number."""
    return {name: reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


def toc_entries(texts: list[str]) -> dict[str, int]:
    """"Artikel 4. Stuurgroep ..... 7" lines of the Inhoudsopgave → {heading: page}."""
    toc_page = next(t for t in texts if "Inhoudsopgave" in t)
    entries = {}
    for line in toc_page.splitlines():
        m = re.match(r"^(.*?)[\s.]*?(\d+)$", line.strip())
        if m and (m.group(1).startswith(("Artikel", "Bijlage")) or "toelichting" in m.group(1)):
            entries[m.group(1).rstrip(" .")] = int(m.group(2))
    return entries


@pytest.mark.parametrize("region", ["zhz", "haaglanden"])
def test_pdf_opens_and_is_a4(pdfs, region):
    _doc, reader, texts = pdfs[region]
    assert len(reader.pages) > 15
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)
    assert "Samenwerkingsconvenant" in texts[0]


@pytest.mark.parametrize("region", ["zhz", "haaglanden"])
def test_toc_page_numbers_are_the_pages_articles_start_on(pdfs, region):
    doc, reader, texts = pdfs[region]
    entries = toc_entries(texts)
    pages = destination_pages(reader)
    assert len(doc.articles) == 25
    for article in doc.articles:
        heading = doc.article_heading(article)
        assert heading in entries, f"{heading!r} not in the TOC: {sorted(entries)}"
        assert entries[heading] == pages[article.id], heading
        assert heading in texts[pages[article.id] - 1].replace("\n", " ")
    for annex in doc.annexes:
        assert entries[doc.annex_heading(annex)] == pages[annex.id]
        assert annex.title.split()[0] in texts[pages[annex.id] - 1]


@pytest.mark.parametrize("region", ["zhz", "haaglanden"])
def test_one_signature_block_per_party_and_none_split(pdfs, region):
    doc, _reader, texts = pdfs[region]
    starts = [t.count("in dezen rechtsgeldig vertegenwoordigd door") for t in texts]
    ends = [t.count("Handtekening:") for t in texts]
    assert sum(starts) == EXPECTED_BLOCKS[region] == len(doc.party_ids)
    assert starts == ends  # every block starts and ends on the same page


@pytest.mark.parametrize("region", ["zhz", "haaglanden"])
def test_running_header_and_page_footer(pdfs, region):
    doc, reader, texts = pdfs[region]
    total = len(reader.pages)
    for number, text in enumerate(texts, start=1):
        assert f"Pagina {number} van {total}" in text
        if number > 1:
            assert doc.zvh in text
        # The version and short fingerprint identify a printed page: both real covenants are
        # recorded in register/ as the versions in force (1 and 2019).
        version = {"zhz": "1", "haaglanden": "2019"}[region]
        assert f"Versie {version} · vingerafdruk {doc.fingerprint[:12]}" in text
    assert re.fullmatch(r"[0-9a-f]{64}", doc.fingerprint)
    assert doc.fingerprint in texts[0].replace("\n", "")


@pytest.mark.parametrize("region", ["zhz", "haaglanden"])
def test_no_heading_stranded_at_a_page_bottom(pdfs, region):
    doc, reader, _texts = pdfs[region]
    pages = destination_pages(reader)
    for article in doc.articles:
        first_lid = f"{article.id}.{article.leden[0].id}"
        assert pages[first_lid] == pages[article.id], article.id


def test_signature_blocks_show_the_representative(pdfs):
    _doc, _reader, texts = pdfs["zhz"]
    text = " ".join(texts)
    assert "Gemeente Alblasserdam" in text
    assert "de heer J.W. Boersma, burgemeester" in text
    _doc, _reader, texts = pdfs["haaglanden"]
    assert "Naam partij:" in " ".join(texts)


def test_fetcher_refuses_everything_but_package_assets():
    fetcher = AssetsOnlyFetcher()
    html = ('<html><head><link rel="stylesheet" href="http://example.invalid/x.css"></head>'
            '<body><img src="file:///etc/passwd"><p style="background: url(data:image/png;base64,AA==)">'
            'x</p></body></html>')
    pdf = render_pdf_from_html(html, fetcher)
    assert pdf.startswith(b"%PDF")
    assert any(url.startswith("http://example.invalid") for url in fetcher.refused)
    assert "file:///etc/passwd" in fetcher.refused
    assert any(url.startswith("data:") for url in fetcher.refused)
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/hostname")


def test_data_cannot_inject_markup(real_documents):
    import copy

    doc = copy.deepcopy(real_documents["zhz"])
    doc.title = 'A & B <img src="file:///etc/passwd">'
    html = render_html(doc)
    assert "A &amp; B &lt;img src=" in html
    assert '<img src="file:///etc/passwd">' not in html


# ---------------------------------------------------------------- fonts, header, bookmarks, PDF/A


@pytest.mark.parametrize("region", ["zhz", "haaglanden"])
def test_every_glyph_from_the_bundled_fonts(pdfs, region):
    names = assert_bundled_fonts_only(PDF_BYTES[region])
    # the fingerprint (and haaglanden's "◦" list labels) in the bundled Source Code Pro
    assert any(name.endswith("+Convenant-Mono") for name in names), names


def test_running_header_is_one_rule_with_space_below(pdfs):
    """Page 3: one rule across the text width (26 mm to 22 mm from the edges), the text at
    least 4 mm under it; the title page has none."""
    dpi = 100
    mm = dpi / 25.4
    page = page_pixels(PDF_BYTES["zhz"], 3, dpi)
    width = (210 - 26 - 22) * mm
    rows = [y for y in range(int(30 * mm)) if longest_dark_run(page, y) > 0.97 * width]
    assert rows, "no rule across the text width in the top 30 mm"
    rule = rows[-1]
    below = next(y for y in range(rule + 1, page.height)
                 if longest_dark_run(page, y, threshold=200) > 0)
    assert below - rule >= 4 * mm, (below - rule) / mm
    title = page_pixels(PDF_BYTES["zhz"], 1, dpi)
    assert not [y for y in range(int(30 * mm)) if longest_dark_run(title, y) > 0.5 * width]


def test_bookmarks_are_the_headings_with_their_spaces(pdfs):
    doc, reader, _texts = pdfs["zhz"]
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    for article in doc.articles:
        assert doc.article_heading(article) in titles
    assert all("  " not in t and t == t.strip() for t in titles)


def test_pdfa_option_makes_a_pdfa_2b(real_documents):
    pdf = render_pdf(real_documents["zhz"], pdfa=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert pdfa_markers(reader) == {"part": "2", "conformance": "B", "intent": "/GTS_PDFA1",
                                    "title": real_documents["zhz"].title}
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert_bundled_fonts_only(pdf)
