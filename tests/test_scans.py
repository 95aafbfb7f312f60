"""`sign --scan` and `sign --uit`: returned signature pages kept and checked, many signatures at once.

Real components throughout: the packages are made by `convenant pakket` in real git
repositories, their signature pages turned into scan-like PNG and JPEG images by pdftoppm
and Pillow, signed through the command line, and what was committed is read back (the PDF
kept, its SHA-256 in the register, its QR code read again with zxing-cpp). The packages are
rendered once per module; each test works in its own copy of the repository.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import shutil
import subprocess

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader, PdfWriter

from generator.cli import main
from generator.commands.pakket import pakket
from generator.commands.register import sign, vaststellen
from generator.model.letter import signature_code
from generator.model.register import scan_path
from generator.project import load_project
from generator.scans import MAX_BYTES, read_scan

from .conftest import REPO, accession_files, require_tools
from .gitrepo import changed_files, commit_all, edit, git, head, init_repo, repo_state

D = dt.date
DPI = 150
NOORD = ("stad", "zorg-en-co", "ggd")


def cli(root, *args):
    return CliRunner().invoke(main, [*map(str, args), "--root", str(root)])


def last_page_png(pdf, out, dpi: int = DPI):
    """The last page of ``pdf`` as a PNG at ``out``, rendered by pdftoppm (a scan of it)."""
    require_tools("pdftoppm")
    last = str(len(PdfReader(pdf).pages))
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", last, "-l", last, "-singlefile",
                    str(pdf), str(out.with_suffix(""))], check=True, capture_output=True)
    return out


def scanned_jpeg(png, out):
    """A scan as a scanner makes one: grey, a little askew, JPEG at modest quality."""
    image = Image.open(png).convert("L").rotate(1.5, expand=True, fillcolor=255)
    image.save(out, "JPEG", quality=70, dpi=(DPI, DPI))
    return out


def last_page_pdf(pdf, out):
    """The last page of ``pdf`` alone: a signature page returned as a PDF, text layer and all."""
    reader, writer = PdfReader(pdf), PdfWriter()
    writer.add_page(reader.pages[-1])
    writer.write(out)
    return out


def copy_repo(template, tmp_path):
    return shutil.copytree(template, tmp_path / "repo", symlinks=True)


def register_of(root, region):
    return yaml.safe_load((root / "register" / f"{region}.yaml").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the small project, two versions


@pytest.fixture(scope="module")
def noord(tmp_path_factory):
    """Noord with versions v1 and v2 (a clause changed), the packages of both made by pakket,
    and the signature pages scanned: PNG and JPEG of v1, PNG of v2, v1's page as a PDF."""
    base = tmp_path_factory.mktemp("scans")
    root = init_repo(base / "noord", files=accession_files(register=True))
    v1 = vaststellen(root, "noord", "v1", D(2025, 1, 10), today=D(2025, 1, 10))
    pakket(root, "noord", "v1", letter_date=D(2025, 1, 12))
    edit(root, "clauses/artikelen/wijzigingen.md", "door alle Partijen", "door alle Partijen schriftelijk")
    commit_all(root, "wijzigingen: schriftelijk")
    v2 = vaststellen(root, "noord", "v2", D(2025, 3, 1), today=D(2025, 3, 1))
    pakket(root, "noord", "v2", letter_date=D(2025, 3, 2))
    pages = base / "pages"
    pages.mkdir()
    folder = root / "build" / "noord" / "pakketten"
    scans = {"v1": last_page_png(folder / "v1" / "stad.pdf", pages / "stad-v1.png"),
             "v2": last_page_png(folder / "v2" / "stad.pdf", pages / "stad-v2.png"),
             "ggd-v1": last_page_png(folder / "v1" / "ggd.pdf", pages / "ggd-v1.png")}
    scans["jpeg"] = scanned_jpeg(scans["v1"], pages / "stad-v1.jpg")
    scans["pdf"] = last_page_pdf(folder / "v1" / "stad.pdf", pages / "stad-v1.pdf")
    scans["v2-pdf"] = last_page_pdf(folder / "v2" / "stad.pdf", pages / "stad-v2.pdf")
    shutil.rmtree(root / "build")
    return root, {"v1": v1, "v2": v2}, scans, pages


def test_the_signature_page_carries_the_qr_code_of_its_version(noord):
    """Read back from the rendered page: the code names region, version and fingerprint; it
    sits top right, about 25 mm, clear of the lines to sign on."""
    import zxingcpp

    _root, versions, scans, _pages = noord
    for name in ("v1", "v2"):
        found = zxingcpp.read_barcodes(Image.open(scans[name]))
        assert [code.text for code in found] == [
            signature_code("noord", name, versions[name].fingerprint)]
    mm = 25.4 / DPI
    corners = found[0].position
    xs = [p.x * mm for p in (corners.top_left, corners.top_right, corners.bottom_left, corners.bottom_right)]
    ys = [p.y * mm for p in (corners.top_left, corners.top_right, corners.bottom_left, corners.bottom_right)]
    assert 18 <= max(xs) - min(xs) <= 25          # the symbol; 25 mm with its quiet zone
    assert min(xs) > 210 - 20 - 25 - 1            # in the right margin's column (A4, 20 mm)
    assert max(ys) < 50                           # beside the heading, above the rule
    # the lines to sign on: "Datum en plaats:" and "Handtekening:" come below the code
    lines = []
    page = PdfReader(scans["v2-pdf"]).pages[0]
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: lines.append((text, tm[5])))
    label_y = [(842 - y) * 25.4 / 72 for text, y in lines if "Datum en plaats" in text]
    assert label_y and min(label_y) > max(ys) + 20


def test_sign_scan_png_kept_hashed_and_checked(noord, tmp_path):
    import zxingcpp

    template, versions, scans, _pages = noord
    root = copy_repo(template, tmp_path)
    before = head(root)
    result = cli(root, "sign", "noord", "stad", "--version", "v1", "--date", "2025-01-20",
                 "--place", "Stad", "--scan", scans["v1"])
    assert result.exit_code == 0, result.output
    kept = scan_path(root / "register", "noord", "v1", "stad")
    sha = hashlib.sha256(kept.read_bytes()).hexdigest()
    assert result.output.splitlines() == [
        "recorded: stad signed noord version v1 on 2025-01-20 in Stad by de heer A. Burger",
        f"kept: register/scans/noord/v1/stad.pdf (PNG scan made into a PDF, SHA-256 {sha[:12]})",
        f"checked: the page's QR code carries the fingerprint of version v1, "
        f"{versions['v1'].fingerprint[:12]}"]
    # one commit on top of the old HEAD, with the record and the page
    assert git(root, "rev-parse", "HEAD~1").strip() == before
    assert sorted(changed_files(root)) == ["register/noord.yaml", "register/scans/noord/v1/stad.pdf"]
    assert git(root, "status", "--porcelain").strip() == ""
    record = register_of(root, "noord")["ondertekeningen"]
    assert record == [{"partij": "stad", "versie": "v1", "datum": D(2025, 1, 20), "plaats": "Stad",
                       "door": "de heer A. Burger", "scan": sha}]
    assert load_project(root).register("noord").signed("v1")["stad"].scan == sha
    # the PDF kept: one page, the scan on it, whose QR code still reads
    reader = PdfReader(kept, strict=True)
    assert len(reader.pages) == 1
    image = reader.pages[0].images[0].image
    assert image.size == Image.open(scans["v1"]).size
    assert [c.text for c in zxingcpp.read_barcodes(image)] == [
        signature_code("noord", "v1", versions["v1"].fingerprint)]
    assert "Scan: register/scans/noord/v1/stad.pdf (PNG, SHA-256 " + sha in \
        git(root, "log", "-1", "--format=%B")


def test_sign_scan_jpeg_embedded_unchanged_and_checked(noord, tmp_path):
    template, versions, scans, _pages = noord
    root = copy_repo(template, tmp_path)
    result = cli(root, "sign", "noord", "zorg-en-co", "--version", "v1", "--date", "2025-01-21",
                 "--place", "Assen", "--scan", scans["jpeg"])
    assert result.exit_code == 0, result.output
    assert "checked: the page's QR code carries the fingerprint of version v1" in result.output
    kept = scan_path(root / "register", "noord", "v1", "zorg-en-co").read_bytes()
    assert scans["jpeg"].read_bytes() in kept       # the JPEG as the scanner made it
    page = PdfReader(io.BytesIO(kept)).pages[0]
    width_mm = float(page.mediabox.width) * 25.4 / 72
    assert abs(width_mm - Image.open(scans["jpeg"]).size[0] * 25.4 / DPI) < 1  # its own size


def test_a_pdf_page_is_checked_by_its_text_layer(noord, tmp_path):
    template, versions, scans, _pages = noord
    root = copy_repo(template, tmp_path)
    result = cli(root, "sign", "noord", "stad", "--version", "v1", "--date", "2025-01-20",
                 "--place", "Stad", "--scan", scans["pdf"])
    assert result.exit_code == 0, result.output
    assert "kept: register/scans/noord/v1/stad.pdf (PDF, SHA-256" in result.output
    assert f"checked: the page's text layer carries the fingerprint of version v1, " \
           f"{versions['v1'].fingerprint[:12]}" in result.output
    assert scan_path(root / "register", "noord", "v1", "stad").read_bytes() == scans["pdf"].read_bytes()


@pytest.mark.parametrize("kind,where", [("v1", "QR code"), ("pdf", "text layer"), ("jpeg", "QR code")])
def test_the_page_of_another_version_is_refused(noord, tmp_path, kind, where):
    template, versions, scans, _pages = noord
    root = copy_repo(template, tmp_path)
    before = repo_state(root)
    result = cli(root, "sign", "noord", "stad", "--version", "v2", "--date", "2025-03-05",
                 "--place", "Stad", "--scan", scans[kind])
    assert result.exit_code == 1
    old, new = versions["v1"].fingerprint[:12], versions["v2"].fingerprint[:12]
    named = " (version 'v1' of noord)" if where == "QR code" else ", the text of version 'v1'"
    assert result.output == (
        f"error: {scans[kind]}: is the signature page of another text: its {where} carries "
        f"fingerprint {old}{named}, but version 'v2' of noord has fingerprint {new}\n")
    assert repo_state(root) == before
    # and the page of its own version is taken
    assert cli(root, "sign", "noord", "stad", "--version", "v2", "--date", "2025-03-05",
               "--place", "Stad", "--scan", scans["v2"]).exit_code == 0


def test_a_scan_without_a_fingerprint_is_kept_unchecked(noord, tmp_path):
    """The lower part of the page only (no QR code), as a PDF of an image: nothing to check."""
    template, _versions, scans, pages = noord
    root = copy_repo(template, tmp_path)
    image = Image.open(scans["v1"]).convert("L")
    cropped = tmp_path / "onderste-helft.pdf"
    image.crop((0, image.size[1] // 3, image.size[0], image.size[1])).save(cropped, resolution=DPI)
    result = cli(root, "sign", "noord", "ggd", "--version", "v1", "--date", "2025-01-22",
                 "--place", "Assen", "--scan", cropped)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "not checked: no fingerprint found on the page (no QR code, no text layer naming it); "
        "make sure by eye that it is the page of version v1")
    kept = scan_path(root / "register", "noord", "v1", "ggd")
    assert kept.read_bytes() == cropped.read_bytes()
    assert register_of(root, "noord")["ondertekeningen"][0]["scan"] == \
        hashlib.sha256(cropped.read_bytes()).hexdigest()


def _bad_files(tmp_path, scans):
    big = tmp_path / "groot.pdf"
    with open(big, "wb") as handle:       # sparse: 20 MB and one byte, nothing read
        handle.write(b"%PDF-1.7\n")
        handle.truncate(MAX_BYTES + 1)
    text = tmp_path / "notities.png"
    text.write_text("geen afbeelding\n", encoding="utf-8")
    fifo = tmp_path / "pijp.pdf"
    os.mkfifo(fifo)
    gif = tmp_path / "tekenblad.gif"
    Image.open(scans["v1"]).convert("L").save(gif, "GIF")
    broken = tmp_path / "afgebroken.png"
    broken.write_bytes(scans["v1"].read_bytes()[:5000])
    many = tmp_path / "pakket.pdf"
    writer = PdfWriter()
    for _ in range(5):
        writer.add_blank_page(595, 842)
    writer.write(many)
    locked = tmp_path / "beveiligd.pdf"
    writer = PdfWriter(clone_from=scans["pdf"])
    writer.encrypt("geheim")
    writer.write(locked)
    return [
        (big, "is larger than 20 MB (20.0 MB)"),
        (text, "is not a readable PDF or image (JPEG, PNG)"),
        (fifo, "is a named pipe (FIFO), not a regular file"),
        (tmp_path, "is a folder, not a file"),
        (tmp_path / "er-niet.png", "no such file"),
        (gif, "is a GIF image: send the scan as PDF, JPEG or PNG"),
        (broken, "is not a readable PNG image"),
        (many, "is a PDF of 5 pages: keep only the signed signature page"),
        (locked, "is an encrypted PDF"),
    ]


def test_files_that_are_no_signature_page_are_refused(noord, tmp_path):
    template, _versions, scans, _pages = noord
    root = copy_repo(template, tmp_path)
    before = repo_state(root)
    files = tmp_path / "files"
    files.mkdir()
    for path, reason in _bad_files(files, scans):
        result = cli(root, "sign", "noord", "stad", "--version", "v1", "--date", "2025-01-20",
                     "--place", "Stad", "--scan", path)
        assert result.exit_code == 1, (path, result.output)
        assert result.output.startswith(f"error: {path}: {reason}"), result.output
        assert len(result.output.splitlines()) == 1 and "Traceback" not in result.output
        assert repo_state(root) == before


def test_the_signature_is_checked_before_the_scan_is_read(noord, tmp_path):
    template, _versions, scans, _pages = noord
    root = copy_repo(template, tmp_path)
    sign(root, "noord", "stad", "v1", D(2025, 1, 20), "Stad")
    before = repo_state(root)
    result = cli(root, "sign", "noord", "stad", "--version", "v1", "--date", "2025-01-20",
                 "--place", "Stad", "--scan", scans["v1"])
    assert result.exit_code == 1
    assert result.output == "error: stad already signed version 'v1' of noord on 2025-01-20 in Stad\n"
    assert repo_state(root) == before


def test_command_line_party_and_uit_exclude_each_other(noord, tmp_path):
    template, _versions, _scans, _pages = noord
    result = cli(template, "sign", "noord", "stad", "--version", "v1", "--uit", tmp_path / "x.csv")
    assert result.exit_code == 2 and "PARTY and --uit exclude each other" in result.output
    result = cli(template, "sign", "noord", "--version", "v1", "--date", "2025-01-20",
                 "--uit", tmp_path / "x.csv")
    assert result.exit_code == 2 and "--date and --uit exclude each other" in result.output
    result = cli(template, "sign", "noord", "stad", "--version", "v1", "--place", "Stad")
    assert result.exit_code == 2 and "Missing option '--date' (or give --uit CSV)." in result.output
    result = cli(template, "sign", "noord", "--version", "v1")
    assert result.exit_code == 2 and "Missing argument 'PARTY'" in result.output


# ---------------------------------------------------------------- the overview of the small project


def write_overview(path, rows, delimiter=";", columns=("nr", "partij", "datum", "plaats", "door", "scan")):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter, lineterminator="\r\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")
    return path


def test_uit_with_scans_a_spreadsheet_date_and_commas(noord, tmp_path):
    """Rows with a scan (relative to the CSV's folder), a date as a Dutch spreadsheet writes
    it, a cell quoted against formulas, a comma-separated file: all in one commit."""
    template, versions, scans, _pages = noord
    root = copy_repo(template, tmp_path)
    before = head(root)
    folder = tmp_path / "retour"
    (folder / "scans").mkdir(parents=True)
    shutil.copy(scans["v1"], folder / "scans" / "stad.png")
    overview = write_overview(folder / "overzicht.csv", [
        {"nr": "1", "partij": "stad", "datum": "2025-01-20", "plaats": "Stad", "scan": "scans/stad.png"},
        {"nr": "2", "partij": "zorg-en-co", "datum": "21-1-2025", "plaats": "Assen",
         "door": "'-mevrouw B. Bakker"},
        {"nr": "3", "partij": "ggd", "datum": "", "plaats": ""},
    ], delimiter=",")
    result = cli(root, "sign", "noord", "--version", "v1", "--uit", overview)
    assert result.exit_code == 0, result.output
    assert git(root, "rev-parse", "HEAD~1").strip() == before
    assert sorted(changed_files(root)) == ["register/noord.yaml", "register/scans/noord/v1/stad.pdf"]
    records = {r["partij"]: r for r in register_of(root, "noord")["ondertekeningen"]}
    assert set(records) == {"stad", "zorg-en-co"}
    kept = scan_path(root / "register", "noord", "v1", "stad").read_bytes()
    assert records["stad"]["scan"] == hashlib.sha256(kept).hexdigest()
    assert records["zorg-en-co"]["datum"] == D(2025, 1, 21)
    assert records["zorg-en-co"]["door"] == "-mevrouw B. Bakker" and "scan" not in records["zorg-en-co"]
    lines = result.output.splitlines()
    assert lines[0] == (f"recorded: 2 signatures of noord version v1 from {overview}, in one commit "
                        f"({head(root)[:10]})")
    assert lines[1].startswith("  stad        2025-01-20 in Stad by de heer A. Burger; scan "
                               "register/scans/noord/v1/stad.pdf (PNG scan made into a PDF")
    assert lines[1].endswith(", checked")
    assert lines[-1] == "1 still outstanding (rows left empty): ggd"
    message = git(root, "log", "-1", "--format=%B")
    assert message.startswith("sign: 2 ondertekeningen van noord versie v1 (uit overzicht.csv)")


def test_uit_refuses_every_bad_row_of_the_small_project(noord, tmp_path):
    """A scan of another version, a scan that is a pipe, the same party twice: each listed."""
    template, versions, scans, _pages = noord
    root = copy_repo(template, tmp_path)
    os.mkfifo(tmp_path / "pijp.png")
    overview = write_overview(tmp_path / "overzicht.csv", [
        {"partij": "stad", "datum": "2025-01-20", "plaats": "Stad", "scan": str(scans["v2"])},
        {"partij": "zorg-en-co", "datum": "2025-01-20", "plaats": "Assen", "scan": "pijp.png"},
        {"partij": "ggd", "datum": "2025-01-20", "plaats": "Assen", "scan": str(scans["ggd-v1"])},
        {"partij": "ggd", "datum": "2025-01-21", "plaats": "Assen"},
    ])
    before = repo_state(root)
    result = cli(root, "sign", "noord", "--version", "v1", "--uit", overview)
    assert result.exit_code == 1
    old, new = versions["v2"].fingerprint[:12], versions["v1"].fingerprint[:12]
    assert result.output.splitlines() == [
        f"{overview}:2: scan {str(scans['v2'])!r}: is the signature page of another text: its QR "
        f"code carries fingerprint {old} (version 'v2' of noord), but version 'v1' of noord has "
        f"fingerprint {new}",
        f"{overview}:3: scan 'pijp.png': is a named pipe (FIFO), not a regular file",
        f"{overview}:5: ggd is on line 4 too",
        "3 problems found; nothing was written."]
    assert repo_state(root) == before


# ---------------------------------------------------------------- 31 parties: the real ZHZ data


@pytest.fixture(scope="module")
def zhz(tmp_path_factory):
    """The real data, version 2026-1 recorded, Dordrecht signed; pakket's overview of it."""
    root = init_repo(tmp_path_factory.mktemp("uit") / "zhz", REPO)
    vaststellen(root, "zhz", "2026-1", D(2026, 11, 1), today=D(2026, 11, 23))
    sign(root, "zhz", "dordrecht", "2026-1", D(2026, 11, 2), "Dordrecht")
    _plan, paths = pakket(root, "zhz", letter_date=D(2026, 11, 23))
    overview = next(p for p in paths if p.name == "overzicht.csv").read_text(encoding="utf-8-sig")
    shutil.rmtree(root / "build")
    rows = list(csv.DictReader(io.StringIO(overview), delimiter=";"))
    assert len(rows) == 31
    return root, rows


def filled(rows):
    """Every outstanding row filled in as the secretariat would; Dordrecht's as pakket wrote it."""
    out = []
    for number, row in enumerate(rows, start=1):
        row = dict(row)
        if row["status"] != "getekend":
            row.update(datum=f"2026-12-{number % 28 + 1:02d}", plaats=f"Plaats {number}")
        out.append(row)
    return out


def test_uit_one_bad_row_among_31_refuses_the_file(zhz, tmp_path):
    template, rows = zhz
    root = copy_repo(template, tmp_path)
    data = filled(rows)
    bad = next(i for i, row in enumerate(data) if row["partij"] == "papendrecht")
    data[bad]["datum"] = "2026-11-31"
    overview = write_overview(tmp_path / "overzicht.csv", data, columns=list(rows[0]))
    before = repo_state(root)
    result = cli(root, "sign", "zhz", "--version", "2026-1", "--uit", overview)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{overview}:{bad + 2}: 'datum' '2026-11-31' is not a real date written YYYY-MM-DD "
        "(or DD-MM-YYYY)",
        "1 problem found; nothing was written."]
    assert repo_state(root) == before


def test_uit_lists_every_bad_row(zhz, tmp_path):
    template, rows = zhz
    root = copy_repo(template, tmp_path)
    data = filled(rows)
    line = {row["partij"]: number for number, row in enumerate(data, start=2)}
    by_party = {row["partij"]: row for row in data}
    by_party["papendrecht"]["partij"] = "papendrecht-oost"
    by_party["gorinchem"]["datum"] = "2026-10-30"                     # before the decision
    by_party["sliedrecht"]["plaats"] = ""                             # no place
    by_party["dordrecht"]["datum"] = "2026-12-01"                     # signed already, otherwise
    by_party["zwijndrecht"]["datum"] = "1/12/2026"
    by_party["antes"]["door"] = "de heer X\u0007"
    overview = write_overview(tmp_path / "overzicht.csv", data, columns=list(rows[0]) + ["door"])
    before = repo_state(root)
    result = cli(root, "sign", "zhz", "--version", "2026-1", "--uit", overview)
    assert result.exit_code == 1
    expected = {
        "dordrecht": "dordrecht already signed version '2026-1' of zhz on 2026-11-02 in Dordrecht",
        "papendrecht": "'papendrecht-oost' is not a party of zhz (see 'partijen' in convenants/zhz.yaml)",
        "sliedrecht": "'plaats' is empty: where the party signed",
        "gorinchem": "signing date 2026-10-30 is before version '2026-1' was decided (2026-11-01)",
        "zwijndrecht": "'datum' '1/12/2026' is not a real date written YYYY-MM-DD (or DD-MM-YYYY)",
        "antes": "'door' contains the control character U+0007",
    }
    assert result.output.splitlines() == [
        f"{overview}:{line[party]}: {message}"
        for party, message in sorted(expected.items(), key=lambda item: line[item[0]])
    ] + ["6 problems found; nothing was written."]
    assert repo_state(root) == before


def test_uit_a_good_file_of_31_rows_is_one_commit(zhz, tmp_path):
    template, rows = zhz
    root = copy_repo(template, tmp_path)
    before = head(root)
    data = filled(rows)
    overview = write_overview(tmp_path / "overzicht.csv", data, columns=list(rows[0]))
    result = cli(root, "sign", "zhz", "--version", "2026-1", "--uit", overview)
    assert result.exit_code == 0, result.output
    assert git(root, "rev-parse", "HEAD~1").strip() == before
    assert changed_files(root) == ["register/zhz.yaml"]
    records = {(r["partij"], r["datum"], r["plaats"]) for r in register_of(root, "zhz")["ondertekeningen"]}
    assert records == {(row["partij"], D.fromisoformat(row["datum"]), row["plaats"]) for row in data}
    lines = result.output.splitlines()
    assert lines[0].startswith(f"recorded: 30 signatures of zhz version 2026-1 from {overview}, "
                               "in one commit")
    assert lines[-1] == "1 already recorded, passed over: dordrecht"
    status = cli(root, "status", "zhz", "--version", "2026-1", "--op", "2026-12-31")
    assert "31 of 31 parties signed." in status.output
    # the same file again: every row is recorded already, nothing to do
    again = cli(root, "sign", "zhz", "--version", "2026-1", "--uit", overview)
    assert again.exit_code == 1 and "no row to record" in again.output


def test_uit_refuses_a_file_that_is_no_overview(zhz, tmp_path):
    template, _rows = zhz
    root = copy_repo(template, tmp_path)
    before = repo_state(root)
    cases = []
    fifo = tmp_path / "pijp.csv"
    os.mkfifo(fifo)
    cases.append((fifo, f"error: {fifo}: is a named pipe (FIFO), not a regular file"))
    other = tmp_path / "ander.csv"
    other.write_text("naam;adres\nx;y\n", encoding="utf-8")
    cases.append((other, f"error: {other}:1: no column 'partij', 'datum', 'plaats'"))
    latin = tmp_path / "latin.csv"
    latin.write_bytes("partij;datum;plaats\ndordrecht;2026-12-01;Zoë\n".encode("latin-1"))
    cases.append((latin, f"error: {latin}:2: not valid UTF-8 (byte 0xeb): save the file as 'CSV UTF-8'"))
    for path, expected in cases:
        result = cli(root, "sign", "zhz", "--version", "2026-1", "--uit", path)
        assert result.exit_code == 1 and result.output.startswith(expected), result.output
        assert repo_state(root) == before


def test_read_scan_finds_nothing_on_a_blank_page(tmp_path):
    """A page with neither text nor a QR code: read and made into a PDF, no fingerprint."""
    blank = tmp_path / "leeg.png"
    Image.new("L", (400, 560), 255).save(blank, "PNG")
    scan = read_scan(blank)
    assert scan.kind == "PNG" and scan.found == [] and scan.pages == 1
    assert PdfReader(io.BytesIO(scan.pdf)).pages[0].images[0].image.size == (400, 560)


def test_a_telephone_photo_is_kept_upright_on_an_a4_page(noord, tmp_path):
    """A photo says 72 dpi (a page of 1.7 m) and is stored sideways with an EXIF orientation:
    kept upright, fitted to A4, and its QR code still checked."""
    _template, _versions, scans, _pages = noord
    upright = Image.open(scans["v1"]).convert("RGB")
    sideways = upright.transpose(Image.Transpose.ROTATE_90)  # as the sensor stored it
    exif = Image.Exif()
    exif[0x0112] = 6                                          # "turn 90° clockwise to show"
    photo = tmp_path / "IMG_0001.jpg"
    sideways.save(photo, "JPEG", quality=85, dpi=(72, 72), exif=exif)
    scan = read_scan(photo)
    assert [f.where for f in scan.found] == ["QR code"]
    page = PdfReader(io.BytesIO(scan.pdf)).pages[0]
    width, height = (float(v) * 25.4 / 72 for v in (page.mediabox.width, page.mediabox.height))
    assert (round(width), round(height)) == (210, 297)
    assert page.images[0].image.size == upright.size          # turned back, not sideways
