"""`convenant getekend`: the executed copy, read back from the PDF that was written.

One small git repository per module: version 2026-1 signed by all three parties of noord,
each with a kept scan (a page with text and a JPEG, like a scanner makes); version 2026-2
(an amended text) signed by stad with a two-page scan and by zorg-en-co without a scan, ggd
still outstanding. The executed copy of 2026-1 and the concept of 2026-2 are made once each,
through the command line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw
from pypdf import PdfReader

from generator.cli import main
from generator.commands.getekend import prepare
from generator.commands.register import sign, vaststellen
from generator.model.register import dump_register, scan_path
from generator.project import load_project
from generator.render.getekend import MISSING, NO_SCAN, number_pages
from generator.render.getekend_pdf import render_index, render_placeholders

from generator.render.pdfa import pdfa_markers

from .conftest import REPO, accession_files, flat, pdf_texts, require_tools
from .pdfcheck import assert_bundled_fonts_only
from .gitrepo import commit_all, edit, init_repo, repo_state

PARTIES = ("stad", "zorg-en-co", "ggd")
NAMES = {"stad": "Gemeente Stad", "zorg-en-co": "Zorg & Co <Noord>", "ggd": "GGD Één & Co <Regio>"}
SIGNED_1 = {"stad": dt.date(2026, 10, 12), "zorg-en-co": dt.date(2026, 10, 13), "ggd": dt.date(2026, 10, 14)}
PAGE_RE = re.compile(r"Pagina (\d+) van (\d+)")
STREAM_RE = re.compile(rb"/Length (\d+)[^>]*>>\s*stream\r?\n")


def scan_pdf(party: str, version: str, pages: int = 1) -> bytes:
    """A returned signature page as a scanner makes it: a page with a JPEG of the paper (its
    own pixels per party and page) and a line of text."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    rl_config.useA85 = 0  # binary streams, as a scanner writes them (and letters_pdf sets it)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    for page in range(1, pages + 1):
        image = Image.effect_noise((300, 160), 40).convert("L")
        ImageDraw.Draw(image).text((10, 10), f"{party} {version} {page}", fill=0)
        jpeg = io.BytesIO()
        image.save(jpeg, "JPEG", quality=70)
        canvas.drawImage(ImageReader(io.BytesIO(jpeg.getvalue())), 100, 400, 300, 160)
        canvas.drawString(100, 700, f"Tekenblad {party} versie {version} blad {page}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def streams(pdf: bytes) -> list[bytes]:
    """The data of every stream of a PDF, as it is in the file (still encoded)."""
    return [pdf[m.end():m.end() + int(m.group(1))] for m in STREAM_RE.finditer(pdf)]


def keep_scans(root, version: str, scans: dict[str, bytes]) -> None:
    """Write the scans where they are kept and their SHA-256 into the register; one commit."""
    project = load_project(root)
    register = project.register("noord")
    for party, data in scans.items():
        path = scan_path(root / "register", "noord", version, party)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        register.signed(version)[party].scan = hashlib.sha256(data).hexdigest()
    register.path.write_text(dump_register(register, project.manifests["noord"].titel), encoding="utf-8")
    commit_all(root, f"scans van versie {version}")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    root = init_repo(tmp_path_factory.mktemp("getekend") / "repo", files=accession_files(register=True))
    vaststellen(root, "noord", "2026-1", dt.date(2026, 10, 1), today=dt.date(2026, 10, 2))
    for party, date in SIGNED_1.items():
        sign(root, "noord", party, "2026-1", date, "Assen")
    scans_1 = {party: scan_pdf(party, "2026-1") for party in PARTIES}
    keep_scans(root, "2026-1", scans_1)
    edit(root, "clauses/artikelen/wijzigingen.md", "door alle Partijen ondertekend",
         "door alle Partijen schriftelijk ondertekend")
    commit_all(root, "wijziging")
    vaststellen(root, "noord", "2026-2", dt.date(2026, 11, 2), today=dt.date(2026, 11, 3))
    sign(root, "noord", "stad", "2026-2", dt.date(2026, 11, 4), "Assen", by="A. Burger")
    sign(root, "noord", "zorg-en-co", "2026-2", dt.date(2026, 11, 5), "Assen")
    scans_2 = {"stad": scan_pdf("stad", "2026-2", pages=2)}
    keep_scans(root, "2026-2", scans_2)
    return root, scans_1, scans_2


def run(root, *args):
    return CliRunner().invoke(main, ["getekend", "noord", *args, "--root", str(root)])


@pytest.fixture(scope="module")
def final(repo):
    """The executed copy of 2026-1, made once."""
    root, scans, _ = repo
    result = run(root, "--version", "2026-1")
    assert result.exit_code == 0, result.output
    data = (root / "build" / "noord" / "getekend" / "2026-1.pdf").read_bytes()
    return result, data, PdfReader(io.BytesIO(data), strict=True)


@pytest.fixture(scope="module")
def concept(repo):
    """The concept of 2026-2 (ggd outstanding, zorg-en-co without a scan), made once."""
    root, _, scans = repo
    result = run(root, "--version", "2026-2", "--concept")
    assert result.exit_code == 0, result.output
    data = (root / "build" / "noord" / "getekend" / "concept" / "2026-2.pdf").read_bytes()
    return result, data, PdfReader(io.BytesIO(data), strict=True)


def convenant_pages(reader) -> int:
    """The convenant's own page count, as its first page's footer says ("Pagina 1 van N")."""
    found = PAGE_RE.search(reader.pages[0].extract_text())
    assert found and found.group(1) == "1"
    return int(found.group(2))


def outline(reader) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page) of every bookmark, in order."""
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item)))
    walk(reader.outline, 0)
    return out


# ---------------------------------------------------------------- the executed copy


def test_pages_are_convenant_then_one_per_party_then_index(final):
    _result, _data, reader = final
    n = convenant_pages(reader)
    assert len(reader.pages) == n + len(PARTIES) + 1
    texts = [flat(t) for t in pdf_texts(_data)]
    assert f"Pagina {n} van {n}" in texts[n - 1]  # the convenant ends where it should
    for i, party in enumerate(PARTIES):
        assert f"Tekenblad {party} versie 2026-1 blad 1" in texts[n + i]
    assert "Index van de ondertekeningen" in texts[-1]


def test_every_scan_is_in_the_copy_byte_for_byte(repo, final):
    _root, scans, _ = repo
    _result, data, _reader = final
    for party, scan in scans.items():
        found = streams(scan)
        assert len(found) >= 2, party  # the page's content and its JPEG
        assert any(s.startswith(b"\xff\xd8") for s in found), party  # the JPEG as encoded
        for stream in found:
            assert stream in data, (party, stream[:20])


def test_bookmarks_point_at_each_party_and_the_index(final):
    _result, data, reader = final
    n = convenant_pages(reader)
    marks = outline(reader)
    top = [(title, page) for depth, title, page in marks if depth == 0]
    assert top == [("Convenant", 0), ("Ondertekeningen", n), ("Index van de ondertekeningen", n + 3)]
    parties = [(title, page) for depth, title, page in marks if depth == 1
               and page >= n]
    assert parties == [(NAMES[p], n + i) for i, p in enumerate(PARTIES)]
    texts = pdf_texts(data)
    for i, party in enumerate(PARTIES):  # the page a bookmark opens is that party's scan
        assert f"Tekenblad {party} " in texts[parties[i][1]]
    # the convenant's own headings stay under "Convenant"
    assert any(depth == 1 and title.startswith("Artikel") and page < n for depth, title, page in marks)


def test_index_lists_every_signature_with_its_hash(repo, final):
    root, scans, _ = repo
    _result, data, reader = final
    index = flat(pdf_texts(data)[-1])
    project = load_project(root)
    version = project.register("noord").version("2026-1")
    assert "Versie 2026-1, vastgesteld door de Stuurgroep op 1 oktober 2026" in index
    assert version.fingerprint in index.replace(" ", "")
    assert "CONCEPT" not in index
    n = convenant_pages(reader)
    for i, party in enumerate(PARTIES):
        assert NAMES[party] in index
        assert f"{SIGNED_1[party].day} oktober 2026" in index
        assert hashlib.sha256(scans[party]).hexdigest() in index.replace(" ", "")
    rows = re.findall(r"(\d+) SHA-256 van de scan", index)  # the page column, before the hash
    assert [int(r) for r in rows] == [n + 1, n + 2, n + 3]
    assert "de heer A. Burger" in index and "mevrouw M. Ødegård" in index


def test_what_the_command_prints(final):
    result, _data, reader = final
    lines = result.output.splitlines()
    n = convenant_pages(reader)
    assert lines[0].startswith("noord version 2026-1, fingerprint ")
    assert lines[0].endswith(f"executed copy, {n} pages of convenant, 3 parties (3 with a kept scan), "
                             f"index on page {n + 4}")
    assert lines[-1].endswith("build/noord/getekend/2026-1.pdf")
    assert len(lines) == 2


def test_the_index_page_as_a_reader_sees_it(repo, final, tmp_path):
    require_tools("pdftoppm")
    root, _, _ = repo
    _result, data, reader = final
    (tmp_path / "copy.pdf").write_bytes(data)
    last = str(len(reader.pages))
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", last, "-l", last, str(tmp_path / "copy.pdf"),
                    str(tmp_path / "index")], check=True)
    image = Image.open(next(tmp_path.glob("index*.png"))).convert("L")
    assert image.size[0] in (413, 414) and image.size[1] == 585  # A4 at 50 dpi
    dark = sum(image.histogram()[:128])
    assert 1000 < dark < image.size[0] * image.size[1] // 5  # text, not an empty or black page


# ---------------------------------------------------------------- concept and placeholders


def test_refused_while_parties_are_outstanding_nothing_written(repo):
    root, _, _ = repo
    before = repo_state(root)
    result = run(root, "--version", "2026-2")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "error: 1 of 3 parties bound by noord version 2026-2 have not signed it: ggd (see "
        "`convenant status noord --version 2026-2`); --concept makes a concept with their pages "
        "marked as missing"]
    assert repo_state(root) == before
    assert not (root / "build" / "noord" / "getekend" / "2026-2.pdf").exists()


def test_concept_marks_the_missing_page_and_the_page_without_scan(repo, concept):
    root, _, scans = repo
    result, data, reader = concept
    n = convenant_pages(reader)
    # stad's scan has two pages; then zorg-en-co's page "geen scan", ggd's "ontbreekt", index
    assert len(reader.pages) == n + 2 + 1 + 1 + 1
    texts = [flat(t) for t in pdf_texts(data)]
    assert "Tekenblad stad versie 2026-2 blad 2" in texts[n + 1]
    assert "Geen scan bewaard" in texts[n + 2] and NAMES["zorg-en-co"] in texts[n + 2]
    assert "op 5 november 2026 te Assen" in texts[n + 2]
    assert "register/noord.yaml, regel" in texts[n + 2]
    assert "Ontbreekt: nog niet ondertekend" in texts[n + 3] and NAMES["ggd"] in texts[n + 3]
    assert "concept" in texts[n + 3]
    index = texts[-1]
    assert "CONCEPT" in index and "1 van de 3 partijen heeft deze versie" in index
    assert "nog niet ondertekend" in index and "geen scan bewaard" in index
    assert hashlib.sha256(scans["stad"]).hexdigest() in index.replace(" ", "")
    marks = [(title, page) for depth, title, page in outline(reader) if depth == 1 and page >= n]
    assert marks == [(NAMES["stad"], n), (f"{NAMES['zorg-en-co']} (geen scan)", n + 2),
                     (f"{NAMES['ggd']} (ontbreekt)", n + 3)]
    assert reader.metadata.title.startswith("CONCEPT Getekend exemplaar")
    assert "CONCEPT: 1 of 3 parties have not signed" in result.output
    assert not (root / "build" / "noord" / "getekend" / "2026-2.pdf").exists()


def test_concept_of_the_version_in_the_working_tree_reads_its_text(concept):
    _result, data, _reader = concept
    assert "schriftelijk ondertekend" in flat(" ".join(pdf_texts(data)))


# ---------------------------------------------------------------- refusals


@pytest.fixture
def copy(repo, tmp_path):
    """A copy of the module's repository (with its git history) to spoil."""
    root, _, _ = repo
    target = tmp_path / "repo"
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("build"))
    return target


def refused(root, *args) -> str:
    before = repo_state(root)
    result = run(root, *args)
    assert result.exit_code == 1, result.output
    assert repo_state(root) == before
    assert not (root / "build").exists()
    return result.output


def test_a_changed_scan_is_refused_naming_the_file(copy):
    path = scan_path(copy / "register", "noord", "2026-1", "zorg-en-co")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))
    out = refused(copy, "--version", "2026-1")
    assert out.startswith("register/scans/noord/2026-1/zorg-en-co.pdf: SHA-256 ")
    assert "recorded in register/noord.yaml:" in out and "changed or replaced" in out
    assert out.splitlines()[-1] == "1 problem found; nothing was written."


def test_missing_and_unreadable_scans_are_refused_together(copy):
    scan_path(copy / "register", "noord", "2026-1", "stad").unlink()
    project = load_project(copy)
    register = project.register("noord")
    junk = b"not a pdf at all"
    scan_path(copy / "register", "noord", "2026-1", "ggd").write_bytes(junk)
    register.signed("2026-1")["ggd"].scan = hashlib.sha256(junk).hexdigest()
    register.path.write_text(dump_register(register, project.manifests["noord"].titel), encoding="utf-8")
    commit_all(copy, "ggd: een verkeerd bestand")
    out = refused(copy, "--version", "2026-1").splitlines()
    assert out[0].startswith("register/scans/noord/2026-1/ggd.pdf: is not a readable PDF")
    assert out[1].startswith("register/scans/noord/2026-1/stad.pdf: the signature page of stad is missing")
    assert out[2] == "2 problems found; nothing was written."


def test_a_scan_that_is_a_link_is_refused(copy, tmp_path):
    path = scan_path(copy / "register", "noord", "2026-1", "stad")
    elsewhere = tmp_path / "elders.pdf"
    elsewhere.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(elsewhere)
    out = refused(copy, "--version", "2026-1")  # the data's own check, before getekend's
    assert out.startswith("register/scans/noord/2026-1/stad.pdf: is a symbolic link")


def test_a_version_not_recorded_is_refused(copy):
    out = refused(copy, "--version", "2027")
    assert out == "error: version '2027' is not recorded for noord (recorded: 2026-1, 2026-2)\n"


def test_no_version_recorded_is_refused(tmp_path):
    root = init_repo(tmp_path / "repo", files=accession_files(register=True))
    out = refused(root)
    assert out.startswith("error: no version of noord is recorded yet")


# ---------------------------------------------------------------- the real register


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """A copy of the real data with its register: every signature recorded without a scan and
    with date and place 'onbekend'."""
    root = tmp_path_factory.mktemp("echt") / "repo"
    root.mkdir()
    shutil.copytree(REPO / "register", root / "register", ignore=shutil.ignore_patterns("scans"))
    return init_repo(root, REPO)


def test_real_register_every_signature_has_a_page_without_scan(real):
    executed = prepare(real, "zhz", today=dt.date(2026, 12, 1))
    assert executed.version.name == "1" and len(executed.sheets) == 31
    assert not executed.missing and len(executed.without_scan) == 31
    assert all(s.state == NO_SCAN for s in executed.sheets)
    executed.sheets[1].signature = None  # as if it had not signed: the page says "ontbreekt"
    assert executed.sheets[1].state == MISSING
    data = render_placeholders(executed)
    texts = [flat(t) for t in pdf_texts(data)]
    assert len(texts) == 31
    first = texts[0]
    assert "Geen scan bewaard" in first and "Gemeente Alblasserdam heeft versie 1 ondertekend; de " \
        "datum is niet vastgelegd." in first
    assert "onbekend" not in first
    assert "register/zhz.yaml, regel" in first
    assert "Ontbreekt: nog niet ondertekend" in texts[1]
    assert "TEKENBLAD · PARTIJ 31 VAN 31" in texts[30]


def test_index_of_many_parties_repeats_its_header_and_names_an_accession(real):
    executed = prepare(real, "zhz", today=dt.date(2026, 12, 1))
    number_pages(executed, 33)
    first = executed.sheets[0].signature
    first.decided = dt.date(2018, 12, 1)  # as if Alblasserdam had acceded (Bijlage 1)
    data = render_index(executed)
    pages = [flat(t) for t in pdf_texts(data)]
    assert len(pages) == 2
    assert all(page.count("NR PARTIJ DATUM PLAATS ONDERTEKEND DOOR BLZ.") == 1 for page in pages)
    assert "toetreding (Bijlage 1), besluit van de Stuurgroep 1 december 2018" in pages[0]
    rows = re.findall(r"(\d+) (?:toetreding \(Bijlage 1\), besluit van de Stuurgroep \d+ \w+ \d{4} )?"
                      r"SHA-256 van de scan", " ".join(pages))
    assert [int(r) for r in rows] == list(range(34, 65))  # one page each, after the convenant
    assert "De Waag GGZ" in pages[1] and "CONCEPT" not in pages[0]


def test_concept_when_everyone_signed_says_so(real):
    executed = prepare(real, "zhz", concept=True, today=dt.date(2026, 12, 1))
    number_pages(executed, 33)
    index = flat(pdf_texts(render_index(executed))[0])
    assert "GETEKEND EXEMPLAAR · CONCEPT" in index
    assert "op 1 december 2026 hebben alle partijen getekend" in index


# ---------------------------------------------------------------- fonts, language, PDF/A


def test_own_pages_use_the_bundled_fonts_only(repo, concept):
    """The index and the pages standing in for a scan: no Helvetica, every font embedded (the
    scans are the parties' own and are copied as they are)."""
    root, _, _ = repo
    executed = prepare(root, "noord", "2026-2", concept=True)
    number_pages(executed, 3)
    for pdf in (render_index(executed), render_placeholders(executed)):
        assert_bundled_fonts_only(pdf)
    _result, _data, reader = concept
    assert reader.trailer["/Root"]["/Lang"] == "nl"


def test_pdfa_executed_copy_says_pdfa_2b(repo, tmp_path):
    root, _, _ = repo
    result = CliRunner().invoke(main, ["getekend", "noord", "--version", "2026-1", "--pdfa",
                                       "--root", str(root), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = (tmp_path / "noord" / "getekend" / "2026-1.pdf").read_bytes()
    reader = PdfReader(io.BytesIO(data), strict=True)
    markers = pdfa_markers(reader)
    assert (markers["part"], markers["conformance"], markers["intent"]) == ("2", "B", "/GTS_PDFA1")
    assert markers["title"] == reader.metadata["/Title"]  # XMP and document information agree
    assert reader.metadata["/Producer"] in reader.xmp_metadata.stream.get_data().decode()
    assert len(reader.trailer["/ID"]) == 2 and reader.trailer["/Root"]["/Lang"] == "nl"
    assert [item.title for item in reader.outline if not isinstance(item, list)][0] == "Convenant"
