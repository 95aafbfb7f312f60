"""Promises that an earlier change could break while every other test stayed green.

One group per promise (issue "Hardening"); each test was seen failing under a hand-made
mutation of the code it guards (listed in the README's testing section):

- 29 February in the term dates (dates.add_years; status: effective date, term end, renewal);
- output files get the permissions of an ordinary new file (0o666 & ~umask), not mkstemp's
  0o600: build's outputs and the register file a command commits;
- a letter's closing (greeting, signatory, enclosures) is kept on one page;
- w:updateFields sits at its schema position among the children of w:settings;
- a duplicate key in any YAML file is a problem with file and line, not "last one wins";
- the renvooi reports a party that is no longer a party, a renamed party and a changed
  signing order, naming the party.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import textwrap
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from generator.cli import main
from generator.commands.register import sign, status, vaststellen
from generator.dates import add_years

from .conftest import TINY_FILES
from .gitrepo import commit_all, edit, head, init_repo

D = dt.date


def tiny_files(**changes: str) -> dict[str, str]:
    """TINY_FILES, dedented, with files added or replaced."""
    files = {name: textwrap.dedent(text) for name, text in TINY_FILES.items()}
    files.update({name: textwrap.dedent(text) for name, text in changes.items()})
    return files


# ---------------------------------------------------------------- 29 February (art. 23.1)

@pytest.mark.parametrize(("start", "years", "expected"), [
    (D(2024, 2, 29), 1, D(2025, 2, 28)),   # common year: 28 February, not 1 March
    (D(2024, 2, 29), 4, D(2028, 2, 29)),   # leap year again: 29 February stays
    (D(2024, 2, 29), 5, D(2029, 2, 28)),
    (D(2024, 2, 29), 100, D(2124, 2, 29)),
    (D(2096, 2, 29), 4, D(2100, 2, 28)),   # 2100 is not a leap year
    (D(2024, 2, 28), 1, D(2025, 2, 28)),
    (D(2023, 3, 1), 1, D(2024, 3, 1)),
    (D(2025, 3, 15), 4, D(2029, 3, 15)),
    (D(2024, 2, 29), 0, D(2024, 2, 29)),
])
def test_add_years_keeps_the_day_and_folds_29_february(start, years, expected):
    assert add_years(start, years) == expected


@pytest.fixture
def leap_repo(tmp_path):
    """The tiny project in git; zuid's fixed date of taking effect is 29 February 2020."""
    files = tiny_files()
    files["convenants/zuid.yaml"] = files["convenants/zuid.yaml"].replace(
        "inwerkingtreding: 2019-01-01", "inwerkingtreding: 2020-02-29")
    return init_repo(tmp_path / "repo", files=files)


def test_status_term_from_the_last_signature_on_29_february(leap_repo):
    """noord: in effect when the last party signs (29 Feb 2024); a term of 4 years; yearly renewal."""
    vaststellen(leap_repo, "noord", "v1", D(2024, 2, 1), today=D(2024, 2, 1))
    sign(leap_repo, "noord", "stad", "v1", D(2024, 2, 10), "Stad")
    sign(leap_repo, "noord", "zorg-en-co", "v1", D(2024, 2, 29), "Assen")
    expected = {  # today -> next renewal
        D(2024, 3, 1): D(2028, 2, 29),
        D(2028, 2, 29): D(2028, 2, 29),   # the day itself is still the renewal date
        D(2028, 3, 1): D(2029, 2, 28),
        D(2029, 3, 1): D(2030, 2, 28),
        D(2032, 3, 1): D(2033, 2, 28),    # a year of renewal over 29 Feb 2032 is not 365 days
    }
    for today, renewal in expected.items():
        report = status(leap_repo, "noord", today=today)
        assert (report.effective, report.term_end, report.next_renewal) == \
            (D(2024, 2, 29), D(2028, 2, 29), renewal), today


def test_status_term_from_a_fixed_29_february(leap_repo):
    """zuid: takes effect on 29 Feb 2020 (or at the last signature if later); a term of 5
    years from the fixed date: 28 Feb 2025."""
    vaststellen(leap_repo, "zuid", "v1", D(2020, 1, 15), today=D(2020, 1, 15))
    sign(leap_repo, "zuid", "zorg-en-co", "v1", D(2020, 2, 3), "Assen")
    report = status(leap_repo, "zuid", today=D(2025, 2, 28))
    assert (report.effective, report.term_end, report.next_renewal) == \
        (D(2020, 2, 29), D(2025, 2, 28), D(2025, 2, 28))
    assert status(leap_repo, "zuid", today=D(2025, 3, 1)).next_renewal == D(2026, 2, 28)
    # Signed after the fixed date: in effect from the signature, the term still from the date.
    edit(leap_repo, "clauses/artikelen/overleg.md", "heeft de taken", "heeft alle taken")
    commit_all(leap_repo, "Art. 2")  # a new version needs a new text
    vaststellen(leap_repo, "zuid", "v2", D(2020, 2, 29), today=D(2020, 3, 1))
    sign(leap_repo, "zuid", "zorg-en-co", "v2", D(2020, 3, 2), "Assen")
    report = status(leap_repo, "zuid", "v2", today=D(2024, 1, 1))
    assert (report.effective, report.term_end, report.next_renewal) == \
        (D(2020, 3, 2), D(2025, 2, 28), D(2025, 2, 28))


def test_status_cli_prints_the_29_february_dates(leap_repo):
    vaststellen(leap_repo, "noord", "v1", D(2024, 2, 1), today=D(2024, 2, 1))
    sign(leap_repo, "noord", "stad", "v1", D(2024, 2, 29), "Stad")
    sign(leap_repo, "noord", "zorg-en-co", "v1", D(2024, 2, 29), "Assen")
    result = CliRunner().invoke(main, ["status", "noord", "--root", str(leap_repo),
                                       "--op", "2028-03-01"])
    assert result.exit_code == 0, result.output
    assert "In effect from 2024-02-29 " in result.output
    assert "Initial term ends 2028-02-29; then renewed automatically every 1 year; " \
           "next renewal 2029-02-28." in result.output


# ---------------------------------------------------------------- permissions of output files

@pytest.fixture
def umask():
    """Set the process umask for one test; restored afterwards."""
    saved = os.umask(0o022)
    os.umask(saved)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(saved)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o027, 0o077], ids=oct)
def test_build_outputs_get_the_mode_of_a_new_file(tiny, umask, mask):
    umask(mask)
    result = CliRunner().invoke(main, ["build", "--all", "--format", "html,docx", "--root", str(tiny)])
    assert result.exit_code == 0, result.output
    written = sorted(p for p in (tiny / "build").rglob("*") if p.is_file())
    assert len(written) == 6  # with each folder's .convenant-cache.json
    assert {str(p.relative_to(tiny)): oct(mode(p)) for p in written} == \
        {str(p.relative_to(tiny)): oct(0o666 & ~mask) for p in written}
    # Written again (os.replace over the old file): still the mode of a new file.
    umask(0o022)
    assert CliRunner().invoke(main, ["build", "noord", "--format", "html", "--force",
                                     "--root", str(tiny)]).exit_code == 0
    assert mode(tiny / "build/noord/convenant.html") == 0o644


@pytest.mark.parametrize("mask", [0o022, 0o077], ids=oct)
def test_register_file_gets_the_mode_of_a_new_file(tmp_path, umask, mask):
    umask(mask)
    repo = init_repo(tmp_path / "repo", files=tiny_files())
    vaststellen(repo, "noord", "v1", D(2025, 1, 10))
    assert oct(mode(repo / "register/noord.yaml")) == oct(0o666 & ~mask)
    sign(repo, "noord", "stad", "v1", D(2025, 2, 1), "Stad")  # rewritten by the next record
    assert oct(mode(repo / "register/noord.yaml")) == oct(0o666 & ~mask)


# ---------------------------------------------------------------- a letter's closing on one page

BODY_LENGTHS = range(16, 56)
"""Body paragraphs per letter: 40 letters whose closing falls at every height of a page (a
page holds about 37 such paragraphs), so that somewhere it would split if not kept together."""


@pytest.fixture(scope="module")
def letters_pdf():
    """Letters of BODY_LENGTHS one-line paragraphs, rendered once in one PDF and read back."""
    from pypdf import PdfReader

    from generator.model.letter import Letter
    from generator.model.manifests import Secretariat
    from generator.render.letters_pdf import render_letters

    sender = Secretariat("secretaris van de Stuurgroep", ["Postbus 1", "3300 AA Dordrecht"],
                         "Dordrecht", naam="mevrouw S. Ecretaris")
    letters = []
    for n in BODY_LENGTHS:
        body = [f"Alinea {k} van brief {n}." for k in range(1, n + 1)]
        letters.append(Letter(f"brief-{n}", sender, "Zorg- en Veiligheidshuis Noord",
                              ["Gemeente Stad", "t.a.v. de heer A. Burger"], "Dordrecht, 1 maart 2027",
                              f"Brief {n}", "Geachte heer Burger,", body,
                              enclosures=["Convenant, versie 2027-1", f"Tekenblad brief {n}"]))
    data, ranges = render_letters(letters, "brieven")
    reader = PdfReader(io.BytesIO(data))
    texts = [page.extract_text() for page in reader.pages]
    return [(n, [texts[i] for i in pages]) for n, pages in zip(BODY_LENGTHS, ranges)]


def page_of(pages: list[str], needle: str) -> int:
    found = [i for i, text in enumerate(pages) if needle in text]
    assert len(found) == 1, f"{needle!r} on pages {found}"
    return found[0]


def test_letter_closing_is_kept_on_one_page(letters_pdf):
    moved = stayed = 0
    for n, pages in letters_pdf:
        closing = [page_of(pages, line) for line in (
            "Met vriendelijke groet,", "Secretaris van de Stuurgroep",
            "Bijlagen:", "Convenant, versie 2027-1", f"Tekenblad brief {n}")]
        assert len(set(closing)) == 1, f"letter {n}: closing split over pages {closing}"
        # the signer's name (also the contact person beside the address block) signs it
        assert "Groet,\nmevrouw S. Ecretaris" in pages[closing[0]].replace("groet,", "Groet,") \
            or "mevrouw S. Ecretaris\nSecretaris van de Stuurgroep" in pages[closing[0]]
        last_paragraph = page_of(pages, f"Alinea {n} van brief {n}.")
        assert closing[0] in (last_paragraph, last_paragraph + 1)
        assert closing[0] == len(pages) - 1, f"letter {n}: an empty page after the closing"
        if closing[0] == last_paragraph:
            stayed += 1
        else:
            moved += 1
    # Not vacuous: some closings had to move to the next page, most did not.
    assert moved >= 2 and stayed > moved


# ---------------------------------------------------------------- w:settings in schema order

# ECMA-376 Part 1, 17.15.1.78 (CT_Settings): a sequence, so every child has one place.
SETTINGS_ORDER = """
writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries
displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData
embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins
alignBordersAndEdges bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop
hideSpellingErrors hideGrammaticalErrors activeWritingStyle proofState formsDesign
attachedTemplate linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge
revisionView trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection
autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation
consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength
clickAndTypeStyle defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting
bookFoldPrintingSheets drawingGridHorizontalSpacing drawingGridVerticalSpacing
displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery
doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin
doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne
strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture
doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText
doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags
alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars
rsids mathPr attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats
doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType schemaLibrary
shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator
""".split()
REPEATABLE = {"activeWritingStyle", "attachedSchema", "smartTagType"}


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SCHEMA_NAMESPACES = {W, "http://schemas.openxmlformats.org/officeDocument/2006/math",
                     "http://schemas.openxmlformats.org/schemaLibrary/2006/main"}
"""Namespaces of CT_Settings' own children (w:, m:mathPr, sl:schemaLibrary). Others (w14:docId,
w14:defaultImageDpi) are extensions that mc:Ignorable lets Word skip; they are not ordered."""


def settings_children(docx_bytes: bytes) -> list[str]:
    """Local names of w:settings' schema children, in document order."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        root = etree.fromstring(archive.read("word/settings.xml"))
    assert etree.QName(root).namespace == W and etree.QName(root).localname == "settings"
    return [etree.QName(child).localname for child in root
            if etree.QName(child).namespace in SCHEMA_NAMESPACES]


def assert_schema_order(names: list[str]) -> None:
    unknown = [n for n in names if n not in SETTINGS_ORDER]
    assert not unknown, f"not children of CT_Settings: {unknown}"
    places = [SETTINGS_ORDER.index(n) for n in names]
    for (a, pa), (b, pb) in zip(zip(names, places), zip(names[1:], places[1:])):
        assert pa < pb or (pa == pb and a in REPEATABLE), \
            f"w:{b} comes after w:{a}, the schema puts it before: {names}"


@pytest.fixture(scope="module")
def real_docx(real_documents):
    from generator.render.docx import render_docx

    return render_docx(real_documents["zhz"])


def test_update_fields_at_its_schema_position(real_docx):
    names = settings_children(real_docx)
    assert "updateFields" in names
    # The template has settings on both sides of w:updateFields, so its place is tested.
    assert {"defaultTabStop", "compat", "rsids", "themeFontLang"} <= set(names)
    assert_schema_order(names)
    assert names.count("updateFields") == 1


def test_redline_settings_in_schema_order(real_documents):
    from generator.redline import compare
    from generator.render.redline_docx import render_redline_docx

    doc = real_documents["haaglanden"]
    names = settings_children(render_redline_docx(compare(doc, doc, "a", "b")))
    assert "trackRevisions" in names
    assert_schema_order(names)


# ---------------------------------------------------------------- duplicate YAML keys

@pytest.mark.parametrize(("name", "old", "new", "where", "what"), [
    ("convenants/noord.yaml", "zvh: Zorg", "titel: Noord bis\nzvh: Zorg",
     "convenants/noord.yaml:2: ", "duplicate key 'titel'"),
    ("convenants/noord.yaml", "  looptijd_jaren: 4\n", "  looptijd_jaren: 4\n  looptijd_jaren: 5\n",
     "convenants/noord.yaml:21: ", "duplicate key 'looptijd_jaren'"),
    ("parties/stad.yaml", "soort: gemeente", "soort: gemeente\nnaam: Grotestad",
     "parties/stad.yaml:3: ", "duplicate key 'naam'"),
    ("parties/stad.yaml", "      naam: A. Burger\n", "      naam: A. Burger\n      naam: B. Burger\n",
     "parties/stad.yaml:8: ", "duplicate key 'naam'"),
    ("clauses/artikelen/begrippen.md", "titel: Begrippen\n", "titel: Begrippen\ntitel: Woorden\n",
     "clauses/artikelen/begrippen.md:3: ", "duplicate key 'titel'"),
    ("register/noord.yaml", None, "versies: []\nondertekeningen: []\nversies: []\n",
     "register/noord.yaml:3: ", "duplicate key 'versies'"),
], ids=["manifest", "manifest-nested", "party", "party-nested", "front-matter", "register"])
def test_duplicate_yaml_key_is_a_problem(tiny, name, old, new, where, what):
    """The line of the second key; refused, whatever else is reported (a file refused as a
    whole may bring follow-up problems), and nothing is written."""
    path = tiny / name
    if old is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1
        path.write_text(text.replace(old, new), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--all", "--format", "html", "--root", str(tiny)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    hits = [line for line in lines if what in line]
    assert hits and all(line.startswith(where) for line in hits), lines
    assert lines[-1].endswith("found; nothing was written.")
    assert not (tiny / "build").exists()


# ---------------------------------------------------------------- the party registry in the renvooi

DORP = """\
    naam: Dorp
    soort: gemeente
    deelname:
      noord:
        vertegenwoordiger:
          aanhef: mevrouw
          naam: B. Dorpsma
          functie: burgemeester
    """


@pytest.fixture(scope="module")
def registry_history(tmp_path_factory):
    """The tiny project with a third party, then one commit per change of the registry."""
    files = tiny_files(**{"parties/dorp.yaml": DORP})
    files["convenants/noord.yaml"] = files["convenants/noord.yaml"].replace(
        "  - stad\n", "  - stad\n  - dorp\n")
    root = init_repo(tmp_path_factory.mktemp("registry") / "repo", files=files)
    revs = {"start": head(root)}
    (root / "parties/dorp.yaml").unlink()
    edit(root, "convenants/noord.yaml", "  - dorp\n", "")
    revs["removed"] = commit_all(root, "Gemeente Dorp treedt uit")
    edit(root, "parties/zorg-en-co.yaml", "naam: Zorg & Co <Noord>", "naam: Zorg & Co Drenthe")
    edit(root, "parties/stad.yaml", "naam: Stad", "naam: Grotestad")
    revs["renamed"] = commit_all(root, "Nieuwe namen: Zorg & Co Drenthe, gemeente Grotestad")
    edit(root, "convenants/noord.yaml", "  - stad\n  - zorg-en-co\n", "  - zorg-en-co\n  - stad\n")
    revs["reordered"] = commit_all(root, "Volgorde van ondertekening")
    edit(root, "parties/zorg-en-co.yaml", "adres: Brink 1,", "adres: Brink 2,")
    revs["moved"] = commit_all(root, "Zorg & Co verhuist")
    return root, revs


def registry_section(root: Path, old: str, new: str) -> list[str]:
    result = CliRunner().invoke(main, ["diff", "noord", old, new, "--root", str(root)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  Geen tekstwijzigingen." in lines
    assert any("Opnieuw ondertekenen is niet nodig." in line for line in lines)
    start = lines.index("Partijenregister (geen wijziging van de tekst)")
    return lines[start + 1:]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("start", "removed", ["  - Gemeente Dorp: geen Partij meer"]),
    ("removed", "start", ["  - Gemeente Dorp: toegevoegd als Partij"]),
    # a new name, nothing else: no "gegevens gewijzigd" for the name in the ondergetekenden
    ("removed", "renamed", ["  - Gemeente Stad: naam gewijzigd in Gemeente Grotestad",
                            "  - Zorg & Co <Noord>: naam gewijzigd in Zorg & Co Drenthe"]),
    ("renamed", "reordered", ["  - volgorde van ondertekening gewijzigd"]),
    ("reordered", "moved",
     ["  - Zorg & Co Drenthe: gegevens bij de ondergetekenden gewijzigd (adres of zetel)"]),
    ("start", "reordered", ["  - Gemeente Dorp: geen Partij meer",
                            "  - Zorg & Co <Noord>: naam gewijzigd in Zorg & Co Drenthe",
                            "  - Gemeente Stad: naam gewijzigd in Gemeente Grotestad",
                            "  - volgorde van ondertekening gewijzigd"]),
], ids=["no-longer-a-party", "added", "renamed", "signing-order", "address", "all-three"])
def test_renvooi_reports_registry_changes(registry_history, old, new, expected):
    root, revs = registry_history
    assert registry_section(root, revs[old], revs[new]) == expected
