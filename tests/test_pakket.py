"""`convenant pakket`: signature packages, read back from the PDFs that were written.

The real ZHZ text is packaged once per module (one weasyprint render) in a temporary git
repository with a recorded version and two signatures; a small project covers the rest.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import textwrap

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import main
from generator.commands.pakket import pakket
from generator.commands.register import sign, vaststellen
from generator.errors import UsageError
from generator.model.letter import addressee, salutation, surname
from generator.project import load_project

from .conftest import REPO, SECRETARIAAT, TINY_FILES, flat, pdf_texts
from .gitrepo import commit_all, edit, head, init_repo, snapshot, status
from .pdfcheck import assert_bundled_fonts_only

LETTER_DATE = dt.date(2026, 11, 23)
RETURN_BY = dt.date(2026, 12, 21)
SIGNED = {"dordrecht": ("2026-11-02", "Dordrecht"), "openbaar-ministerie": ("2026-11-03", "Rotterdam")}
PAGE_RE = re.compile(r"Pagina (\d+) van (\d+)")


@pytest.fixture(scope="module")
def zhz(tmp_path_factory):
    """Real data, version 2026-1 recorded, two parties signed; packages made once."""
    root = init_repo(tmp_path_factory.mktemp("pakket") / "repo", REPO)
    vaststellen(root, "zhz", "2026-1", dt.date(2026, 11, 1), today=LETTER_DATE)
    for party, (date, place) in SIGNED.items():
        sign(root, "zhz", party, "2026-1", dt.date.fromisoformat(date), place)
    before = head(root)
    steps = []
    plan, paths = pakket(root, "zhz", letter_date=LETTER_DATE, return_by=RETURN_BY,
                         progress=lambda label, done, total: steps.append((label, done, total)))
    files = {p.name: p.read_bytes() for p in paths}
    return root, plan, files, steps, before, load_project(root)


def test_default_is_every_party_that_has_not_signed(zhz):
    root, plan, files, _steps, before, project = zhz
    members = [r.id for r in project.manifests["zhz"].partijen]
    packages = sorted(name[:-4] for name in files if name.endswith(".pdf")
                      and name != "handtekeningen.pdf")
    assert packages == sorted(set(members) - set(SIGNED))
    assert len(packages) == 29
    folder = root / "build" / "zhz" / "pakketten" / "2026-1"
    assert sorted(p.name for p in folder.iterdir()) == sorted(files)
    assert head(root) == before  # no data written, nothing committed
    assert all(line.startswith("?? build/zhz/pakketten/2026-1/") for line in status(root).splitlines())


def test_every_package_is_letter_convenant_and_own_signature_page(zhz):
    _root, plan, files, _steps, _before, project = zhz
    others = {p: project.parties[p].signing_name("zhz") for p in plan.doc.party_ids}
    reps = {p: project.parties[p].representative("zhz").naam for p in plan.doc.party_ids}
    for party_id in plan.doc.party_ids:
        if party_id in SIGNED:
            continue
        data = files[f"{party_id}.pdf"]
        reader = PdfReader(io.BytesIO(data), strict=True)
        n = len(reader.pages)
        first, last = flat(reader.pages[0].extract_text()), flat(reader.pages[-1].extract_text())
        # letter: addressed as the registry says, to this party
        party = project.parties[party_id]
        for line in addressee(party, "zhz"):
            assert flat(line) in first, (party_id, line)
        assert salutation(party, "zhz") in first
        assert "Dordrecht, 23 november 2026" in first and "vóór 21 december 2026" in first
        # the letter is one page; then the convenant; the signature page last
        assert n == 1 + plan.pages + 1, party_id
        assert "TEKENBLAD" in last
        own, _, back = last.partition("Na ondertekening terugsturen aan:")
        assert others[party_id] in own and reps[party_id] in own
        for other, name in others.items():
            if other != party_id and name not in others[party_id]:
                assert name not in own, (party_id, other)
                assert reps[other] not in last, (party_id, other)
        assert "p/a Gemeente Dordrecht" in back


def test_the_convenant_inside_a_package_is_whole_and_in_order(zhz):
    _root, plan, files, _steps, _before, _project = zhz
    pages = pdf_texts(files["gorinchem.pdf"])
    numbers = [PAGE_RE.search(t) for t in pages]
    assert numbers[0] is None and numbers[-1] is None  # letter, signature page
    found = [(int(m.group(1)), int(m.group(2))) for m in numbers[1:-1]]
    assert found == [(i, plan.pages) for i in range(1, plan.pages + 1)]
    body = flat(" ".join(pages[1:-1]))
    assert "Artikel 25. Toepasselijk recht" in body
    # bookmarks for the letter, the convenant and the signature page; the convenant's own
    # (under "Convenant") still lead to its articles, one page further on
    reader = PdfReader(io.BytesIO(files["gorinchem.pdf"]))
    letter, convenant, articles, sheet = reader.outline
    assert [reader.get_destination_page_number(m) for m in (letter, convenant, sheet)] == [
        0, 1, len(pages) - 1]
    marks = {m.title: reader.get_destination_page_number(m) for m in articles
             if not isinstance(m, list)}
    assert "Artikel 25. Toepasselijk recht" in pages[marks["Artikel 25. Toepasselijk recht"]]
    assert reader.root_object["/Lang"] == "nl"
    assert f"Versie 2026-1 · vingerafdruk {plan.doc.fingerprint[:12]}" in body
    # every party's block is in the convenant itself, as signed
    assert "Gemeente Alblasserdam" in body and "Gemeente Zwijndrecht" in body


def test_letter_names_version_fingerprint_and_return_address(zhz):
    _root, plan, files, _steps, _before, _project = zhz
    letter = flat(pdf_texts(files["gorinchem.pdf"], [0])[0])
    assert "Onderwerp Ondertekening Samenwerkingsconvenant Zorg- en Veiligheidshuis Zuid-Holland Zuid, versie 2026-1" in letter
    assert "Op 1 november 2026 heeft de Stuurgroep versie 2026-1" in letter
    assert plan.doc.fingerprint[:12] in letter  # whole on the signature page
    assert f"volledige convenant ({plan.pages} pagina's)" in letter
    assert "Postbus 8 3300 AA Dordrecht" in letter
    assert "artikel 21.2" in letter
    assert "Geachte mevrouw Melissant," in letter  # parties/gorinchem.yaml: mevrouw R. Melissant
    assert "t.a.v. mevrouw R. Melissant" in letter  # the ZHZ text names no function for her


def test_packages_use_the_bundled_fonts_only(zhz):
    _root, _plan, files, _steps, _before, _project = zhz
    for name in ("gorinchem.pdf", "handtekeningen.pdf"):
        assert_bundled_fonts_only(files[name])


def test_signature_pages_for_a_ceremony(zhz):
    _root, plan, files, _steps, _before, project = zhz
    pages = pdf_texts(files["handtekeningen.pdf"])
    assert len(pages) == len(plan.doc.party_ids) == 31
    for party_id, text in zip(plan.doc.party_ids, pages):
        party = project.parties[party_id]
        assert party.signing_name("zhz") in text and party.representative("zhz").naam in text
        assert "Versie 2026-1, vastgesteld door de Stuurgroep op 1 november 2026" in flat(text)
        assert plan.doc.fingerprint in flat(text).replace(" ", "")


def test_overview_lists_status_in_signing_order(zhz):
    _root, plan, files, _steps, _before, project = zhz
    raw = files["overzicht.csv"].decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw), delimiter=";"))
    assert [r["partij"] for r in rows] == [r.id for r in project.manifests["zhz"].partijen]
    for row in rows:
        party = project.parties[row["partij"]]
        rep = party.representative("zhz")
        assert rep.naam in row["vertegenwoordiger"]
        if row["partij"] in SIGNED:
            date, place = SIGNED[row["partij"]]
            assert (row["status"], row["datum"], row["plaats"], row["pakket"]) == \
                ("getekend", date, place, "")
        else:
            assert (row["status"], row["datum"], row["pakket"]) == \
                ("openstaand", "", f"{row['partij']}.pdf")
    html = files["overzicht.html"].decode()
    order = re.findall(r'data-party="([^"]+)"', html)
    assert order == [r["partij"] for r in rows]
    assert "getekend op 2 november 2026 te Dordrecht" in html
    assert "2 van 31 partijen hebben getekend" in html


def test_progress_reports_every_package(zhz):
    _root, plan, _files, steps, _before, _project = zhz
    labels = [label for label, _done, _total in steps]
    assert labels[0] == "rendering the convenant" and labels[-1] == "done"
    assert [r.party.id for r in plan.selected] == [l for l in labels if l in plan.doc.party_ids]
    assert all(total == len(plan.selected) + 2 for _l, _d, total in steps)


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_bar_only_on_a_terminal(terminal):
    from generator.cli import ProgressBar

    out = io.StringIO()
    out.isatty = lambda: terminal
    with ProgressBar(out) as bar:
        for done, label in enumerate(["rendering the convenant", "letters and signature pages",
                                      "dordrecht"]):
            bar(label, done, 3)
    shown = out.getvalue()
    if terminal:
        assert "letters and signature pages" in shown and "dordrecht" in shown and "2/3" in shown
    else:
        assert shown == ""


def test_salutation_from_the_registry(real_project):
    assert salutation(real_project.parties["dordrecht"], "zhz") == "Geachte heer Kolff,"
    assert salutation(real_project.parties["gorinchem"], "zhz") == "Geachte mevrouw Melissant,"
    assert salutation(real_project.parties["den-haag"], "haaglanden") == "Geachte heer, mevrouw,"


def test_surname_for_the_salutation():
    assert surname("drs. A.J. Rotering") == "Rotering"
    assert surname("mr. dr. H.Th. van der Berg") == "Van der Berg"
    assert surname("A.W. Kolff") == "Kolff"
    assert surname("Kolff") == "Kolff"


# ---------------------------------------------------------------- a small project

@pytest.fixture
def small(tmp_path):
    files = {name: textwrap.dedent(text) for name, text in TINY_FILES.items()}
    files["convenants/noord.yaml"] += SECRETARIAAT
    # stad has no e-mail address: its package goes by post, which needs a postal address
    files["parties/stad.yaml"] = files["parties/stad.yaml"].replace(
        "soort: gemeente\n", "soort: gemeente\nadres: Postbus 1, 9400 AA Assen\n")
    files["parties/zorg-en-co.yaml"] = files["parties/zorg-en-co.yaml"].replace(
        "naam: Zorg & Co <Noord>", 'naam: "Stichting Ça & Zo <Nieuw> \\"Het Anker\\""')
    return init_repo(tmp_path / "repo", files=files)


def run(root, *args):
    return CliRunner().invoke(main, ["pakket", *args, "--root", str(root), "--date", "2026-11-23"])


def test_without_a_register_the_working_text_goes_to_everyone(small):
    result = run(small, "noord")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no progress bar when not on a terminal
    folder = small / "build" / "noord" / "pakketten" / "werkversie"
    assert sorted(p.name for p in folder.iterdir()) == [
        "handtekeningen.pdf", "overzicht.csv", "overzicht.html", "stad.pdf", "zorg-en-co.pdf"]
    assert "2 packages; 0 of 2 parties signed" in result.output
    letter = flat(pdf_texts((folder / "stad.pdf").read_bytes(), [0])[0])
    assert "Ondertekening Samenwerkingsconvenant Noord, werkversie (nog niet vastgesteld)" in letter
    assert "Geachte heer Burger," in letter and "t.a.v. de heer A. Burger, burgemeester" in letter


def test_names_are_printed_literally(small, tmp_path):
    assert run(small, "noord", "--party", "zorg-en-co", "--out", str(tmp_path / "uit")).exit_code == 0
    assert not (small / "build").exists()
    folder = tmp_path / "uit" / "noord" / "pakketten" / "werkversie"
    name = 'Stichting Ça & Zo <Nieuw> "Het Anker"'
    pages = [flat(t) for t in pdf_texts((folder / "zorg-en-co.pdf").read_bytes())]
    assert name in pages[0]  # letter: addressee and text
    assert "Geachte heer, mevrouw," in pages[0]
    assert "t.a.v. de bevoegde vertegenwoordiger" in pages[0]
    assert "Brink 1 9401 AA Assen" in pages[0]
    assert f"Naam partij: {name}" in pages[-1] and "Naam en functie:" in pages[-1]
    html = (folder / "overzicht.html").read_text()
    assert "Stichting Ça &amp; Zo &lt;Nieuw&gt; &#34;Het Anker&#34;" in html
    rows = list(csv.DictReader(io.StringIO((folder / "overzicht.csv").read_text("utf-8-sig")),
                               delimiter=";"))
    assert rows[1]["organisatie"] == name and rows[1]["e-mail"] == ""


def test_a_version_is_packaged_with_its_own_text(small):
    vaststellen(small, "noord", "2026-1", dt.date(2026, 11, 1), today=LETTER_DATE)
    sign(small, "noord", "stad", "2026-1", dt.date(2026, 11, 5), "Assen")
    edit(small, "clauses/artikelen/overleg.md", "de leden.", "de leden en de adviseurs.")
    commit_all(small, "overleg: adviseurs")
    result = run(small, "noord")
    assert result.exit_code == 0, result.output
    folder = small / "build" / "noord" / "pakketten" / "2026-1"
    assert sorted(p.name for p in folder.glob("*.pdf")) == ["handtekeningen.pdf", "zorg-en-co.pdf"]
    body = flat(" ".join(pdf_texts((folder / "zorg-en-co.pdf").read_bytes())))
    assert "de leden." in body and "adviseurs" not in body
    assert "Versie 2026-1 ·" in body and "Werkversie" not in body
    everyone = run(small, "noord", "--all")
    assert everyone.exit_code == 0 and (folder / "stad.pdf").exists()


@pytest.mark.parametrize("args, message", [
    (["noord", "--party", "nobody"], "'nobody' is not a party of noord and parties/ has no such file"),
    (["zuid", "--party", "stad"], "'stad' is not a party of zuid"),
    (["noord", "--version", "2099-9"], "version '2099-9' is not recorded for noord (recorded: none yet)"),
    (["noord", "--all", "--party", "stad"], "give --party or --all, not both"),
    (["noord", "--return-by", "2026-11-01"], "--return-by 2026-11-01 is not after the letter's date"),
    (["zuid"], "convenants/zuid.yaml: no 'secretariaat'"),
    (["oost"], "unknown region 'oost'"),
])
def test_bad_input_writes_nothing(small, args, message):
    before = snapshot(small)
    result = run(small, *args)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not (small / "build").exists() and snapshot(small) == before


def test_bad_secretariaat_is_a_data_problem(small):
    edit(small, "convenants/noord.yaml", "  plaats: Assen\n", "")
    result = run(small, "noord")
    assert result.exit_code == 1
    assert re.search(r"convenants/noord\.yaml:\d+: secretariaat: 'plaats' is missing", result.stderr)
    assert not (small / "build").exists()


def test_library_error_for_party_and_all(small):
    with pytest.raises(UsageError):
        pakket(small, "noord", party_ids=["stad"], everyone=True)
