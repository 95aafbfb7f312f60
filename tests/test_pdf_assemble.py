"""Per-party package PDFs as incremental updates on one base: pages, privacy, links, outline."""

from __future__ import annotations

import io
import subprocess

import pytest
from pypdf import PdfReader

from generator.render.pdf import render_pdf_from_html
from generator.render.pdf_assemble import LANG, OUTLINE, PackageAssembler

from .conftest import pdf_texts, require_tools

MAIN_PAGES = 6

# The extra PDF: every page's text is its marker. Page 0 links to page 1 (same party), page 2
# links to page 0 (another party's page), page 3 has a web link.
EXTRA = ["LETTER-A-1", "LETTER-A-2", "LETTER-B-1", "LETTER-C-1", "SIGN-A", "SIGN-B", "SIGN-C"]
PARTIES = {"A": ([0, 1], [4]), "B": ([2], [5]), "C": ([3], [6])}


def main_html() -> str:
    """Several pages, headings (→ bookmarks) and an internal link to the last chapter."""
    chapters = []
    for i in range(1, MAIN_PAGES + 1):
        anchor = ' id="x"' if i == MAIN_PAGES else ""
        link = '<p>Zie <a href="#x">het slot</a>.</p>' if i == 1 else ""
        chapters.append(f'<h1{anchor} style="break-before: page">Hoofdstuk {i}</h1>'
                        f"<p>MAINTEXT-{i} De partijen komen het volgende overeen.</p>{link}")
    return f"<html><head><title>Convenant</title></head><body>{''.join(chapters)}</body></html>"


def raw_pdf(objects: dict[int, bytes], root: int) -> bytes:
    """A PDF file from numbered object bodies (streams uncompressed, so text is greppable)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 00000 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


def text_content(text: str) -> bytes:
    return b"BT /F1 24 Tf 72 720 Td (%s) Tj ET q 1 0 0 1 72 600 cm /X1 Do Q" % text.encode()


def extra_pdf() -> bytes:
    """One page per EXTRA marker; each page has its own content stream and form XObject (both
    private to the page) and shares one font object with all other pages."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"}
    page_num = {i: 10 + 10 * i for i in range(len(EXTRA))}
    links = {0: b"/Dest [%d 0 R /Fit]" % page_num[1], 2: b"/Dest [%d 0 R /Fit]" % page_num[0],
             3: b"/A << /S /URI /URI (https://example.org/) >>"}
    for i, marker in enumerate(EXTRA):
        n = page_num[i]
        annots = b""
        if i in links:
            objects[n + 3] = b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 750] /Border [0 0 0] %s >>" % links[i]
            annots = b"/Annots [%d 0 R]" % (n + 3)
        objects[n] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                      b"/Resources << /Font << /F1 3 0 R >> /XObject << /X1 %d 0 R >> >> %s >>"
                      % (n + 1, n + 2, annots))
        objects[n + 1] = stream(text_content(marker))
        objects[n + 2] = stream(b"BT /F1 10 Tf 0 0 Td (XOBJ-%s) Tj ET" % marker.encode(),
                                b"/Type /XObject /Subtype /Form /BBox [0 0 400 50] "
                                b"/Resources << /Font << /F1 3 0 R >> >> ")
    kids = b" ".join(b"%d 0 R" % page_num[i] for i in range(len(EXTRA)))
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(EXTRA))
    return raw_pdf(objects, 1)


def nested_main_pdf() -> bytes:
    """Three pages in a two-level page tree; MediaBox and Resources inherited from a /Pages node."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               2: b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 3 >>",
               3: b"<< /Type /Pages /Parent 2 0 R /Kids [10 0 R 12 0 R] /Count 2 "
                  b"/MediaBox [0 0 500 700] /Resources << /Font << /F1 5 0 R >> >> >>",
               4: b"<< /Type /Pages /Parent 2 0 R /Kids [14 0 R] /Count 1 "
                  b"/MediaBox [0 0 500 700] /Resources << /Font << /F1 5 0 R >> >> >>",
               5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    for n, parent, marker in ((10, 3, "NESTED-1"), (12, 3, "NESTED-2"), (14, 4, "NESTED-3")):
        objects[n] = b"<< /Type /Page /Parent %d 0 R /Contents %d 0 R >>" % (parent, n + 1)
        objects[n + 1] = stream(b"BT /F1 24 Tf 72 600 Td (%s) Tj ET" % marker.encode())
    return raw_pdf(objects, 1)


@pytest.fixture(scope="module")
def main_pdf() -> bytes:
    return render_pdf_from_html(main_html())


@pytest.fixture(scope="module")
def assembler(main_pdf) -> PackageAssembler:
    return PackageAssembler(main_pdf, extra_pdf())


@pytest.fixture(scope="module")
def packages(assembler) -> dict[str, bytes]:
    return {party: assembler.package(front, back) for party, (front, back) in PARTIES.items()}


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf), strict=True)


def marker_of(text: str) -> str:
    """The EXTRA marker or MAINTEXT-n on a page, whichever it shows."""
    for word in text.split():
        if word in EXTRA or word.startswith("MAINTEXT-"):
            return word
    return ""


def expected_markers(party: str) -> list[str]:
    front, back = PARTIES[party]
    return ([EXTRA[i] for i in front] + [f"MAINTEXT-{i}" for i in range(1, MAIN_PAGES + 1)]
            + [EXTRA[i] for i in back])


def test_main_fixture_has_what_the_tests_need(main_pdf):
    reader = read(main_pdf)
    assert len(reader.pages) == MAIN_PAGES
    assert len(reader.outline) == MAIN_PAGES
    assert "x" in reader.named_destinations


@pytest.mark.parametrize("party", sorted(PARTIES))
def test_package_pages_in_order(packages, party):
    assert [marker_of(t) for t in pdf_texts(packages[party])] == expected_markers(party)


@pytest.mark.parametrize("party", sorted(PARTIES))
def test_base_is_an_exact_prefix(assembler, packages, party):
    pdf = packages[party]
    assert pdf.startswith(assembler.base)
    update = pdf[len(assembler.base):]
    assert update.count(b"\nxref\n") == 1 and update.count(b"trailer") == 1
    assert update.endswith(b"%%EOF\n")
    base_startxref = int(assembler.base.rsplit(b"startxref", 1)[1].split()[0])
    reader = read(pdf)
    assert reader.trailer["/Prev"] == base_startxref
    assert reader.trailer.raw_get("/Root").idnum == read(assembler.base).trailer.raw_get("/Root").idnum


@pytest.mark.parametrize("party", sorted(PARTIES))
def test_package_holds_nothing_of_other_parties(packages, party):
    pdf = packages[party]
    mine = {EXTRA[i] for i in (*PARTIES[party][0], *PARTIES[party][1])}
    for marker in EXTRA:
        # The extra PDF's streams are uncompressed: a marker in the file is visible as bytes.
        present = marker.encode() in pdf
        assert present == (marker in mine), marker
        assert (b"XOBJ-" + marker.encode() in pdf) == (marker in mine), marker


@pytest.mark.parametrize("strict", [True, False])
def test_pypdf_reads_a_package_without_warnings(packages, caplog, strict):
    with caplog.at_level("WARNING", logger="pypdf"):
        reader = PdfReader(io.BytesIO(packages["A"]), strict=strict)
        for page in reader.pages:
            page.extract_text()
        assert reader.outline
    assert not caplog.records, [r.getMessage() for r in caplog.records]


def test_base_holds_no_extra_pages(assembler):
    assert not any(marker.encode() in assembler.base for marker in EXTRA)
    assert [marker_of(t) for t in pdf_texts(assembler.base)] == [f"MAINTEXT-{i}" for i in range(1, MAIN_PAGES + 1)]


def test_objects_are_numbered_above_the_base_and_parent_is_the_root(assembler, packages):
    base = read(assembler.base)
    base_size = base.trailer["/Size"]
    reader = read(packages["A"])
    root = reader.root_object["/Pages"]
    assert root.indirect_reference.idnum == base.root_object["/Pages"].indirect_reference.idnum
    assert root["/Count"] == len(reader.pages) == MAIN_PAGES + 3
    for page in reader.pages:
        assert page.raw_get("/Parent").idnum == root.indirect_reference.idnum
    extra_pages = [reader.pages[i] for i in (0, 1, len(reader.pages) - 1)]
    assert all(p.indirect_reference.idnum >= base_size for p in extra_pages)
    assert reader.trailer["/Size"] > max(p.indirect_reference.idnum for p in extra_pages)
    assert "/Info" in reader.trailer


def test_outline_and_named_destinations_point_to_shifted_pages(packages):
    reader = read(packages["A"])
    shift = len(PARTIES["A"][0])
    letter, convenant, items, sheet = reader.outline  # the main PDF's own bookmarks under "Convenant"
    assert (letter.title, convenant.title, sheet.title) == OUTLINE
    assert [reader.get_destination_page_number(item) for item in (letter, convenant, sheet)] == [
        0, shift, len(reader.pages) - 1]
    assert [item.title for item in items] == [f"Hoofdstuk {i}" for i in range(1, MAIN_PAGES + 1)]
    assert [reader.get_destination_page_number(item) for item in items] == [
        shift + i for i in range(MAIN_PAGES)]
    assert reader.get_destination_page_number(reader.named_destinations["x"]) == shift + MAIN_PAGES - 1


def test_package_is_dutch_and_opens_on_its_bookmarks(assembler, packages):
    for pdf in (packages["B"], assembler.extract([4, 5])):
        assert read(pdf).root_object["/Lang"] == LANG
    reader = read(packages["B"])
    assert reader.root_object["/PageMode"] == "/UseOutlines"
    assert "x" in reader.named_destinations  # the base's catalog entries are kept
    convenant = reader.outline[1]
    assert convenant["/Count"] < 0  # closed: its chapters show when opened
    # Only the pages that are there get a bookmark; a package of the convenant alone has one.
    alone = read(assembler.package([], []))
    assert [item.title for item in alone.outline if not isinstance(item, list)] == ["Convenant"]
    signing_only = read(assembler.package([], [5]))
    assert [item.title for item in signing_only.outline if not isinstance(item, list)] == [
        "Convenant", "Tekenblad"]


def test_internal_link_of_main_survives(packages):
    reader = read(packages["B"])
    shift = len(PARTIES["B"][0])
    first_main = reader.pages[shift]
    links = [a.get_object() for a in first_main.get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]
    assert len(links) == 1
    dest = links[0]["/Dest"] if "/Dest" in links[0] else links[0]["/A"]["/D"]
    if isinstance(dest, str):  # a named destination
        page_number = reader.get_destination_page_number(reader.named_destinations[dest])
    else:
        page_number = reader.get_page_number(dest[0].get_object())
    assert page_number == shift + MAIN_PAGES - 1


def link_targets(reader: PdfReader, page_index: int) -> list[object]:
    """Page numbers of a page's GoTo links, "uri" for web links."""
    out: list[object] = []
    for ref in reader.pages[page_index].get("/Annots", []):
        annot = ref.get_object()
        if "/Dest" in annot:
            out.append(reader.get_page_number(annot["/Dest"][0].get_object()))
        elif "/A" in annot and annot["/A"]["/S"] == "/URI":
            out.append("uri")
    return out


def test_links_between_extra_pages(assembler, packages):
    # A: page 0 links to page 1, both in A's package.
    assert link_targets(read(packages["A"]), 0) == [1]
    # B: its letter linked to A's letter, which is not in B's package: the link is left out.
    assert link_targets(read(packages["B"]), 0) == []
    # C: the web link stays.
    assert link_targets(read(packages["C"]), 0) == ["uri"]
    # With both pages in one package the cross link stays and points at the right page.
    combined = read(assembler.package([2, 0], []))
    assert link_targets(combined, 0) == [1]


def test_extract_gives_exactly_those_pages(assembler):
    pdf = assembler.extract([4, 5, 6])
    assert [marker_of(t) for t in pdf_texts(pdf)] == ["SIGN-A", "SIGN-B", "SIGN-C"]
    assert not any(m.encode() in pdf for m in EXTRA[:4])


def test_package_without_extra_pages_and_bad_indices(assembler):
    assert [marker_of(t) for t in pdf_texts(assembler.package([], []))] == [
        f"MAINTEXT-{i}" for i in range(1, MAIN_PAGES + 1)]
    with pytest.raises(IndexError):
        assembler.package([len(EXTRA)], [])
    with pytest.raises(ValueError):
        assembler.package([0], [0])


def test_nested_page_tree_in_main():
    assembler = PackageAssembler(nested_main_pdf(), extra_pdf())
    pdf = assembler.package([3], [6])
    reader = read(pdf)
    assert [marker_of(p.extract_text() or "") or p.extract_text().strip() for p in reader.pages] == [
        "LETTER-C-1", "NESTED-1", "NESTED-2", "NESTED-3", "SIGN-C"]
    assert [float(p.mediabox.width) for p in reader.pages] == [595, 500, 500, 500, 595]
    root = reader.root_object["/Pages"]
    assert all(kid.get_object()["/Type"] == "/Page" for kid in root["/Kids"])


def test_poppler_reads_a_package(packages, tmp_path):
    require_tools("pdfinfo", "pdftotext")
    path = tmp_path / "a.pdf"
    path.write_bytes(packages["A"])
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert not info.stderr.strip(), info.stderr
    assert f"Pages:           {MAIN_PAGES + 3}" in info.stdout
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    assert not text.stderr.strip(), text.stderr
    pages = [marker_of(t) for t in text.stdout.split("\f")[:-1]]
    assert pages == expected_markers("A")


def test_a_missing_client_is_a_skip_here_and_an_error_in_ci(monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda tool: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not installed: pdftoppm"):
        require_tools("pdftoppm")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set, so this is an error, not a skip"):
        require_tools("pdftoppm")
