"""Amendments on a real git history of the real ZHZ convenant: one commit per kind of change.

    c0 the seeds ─ c1 words in lid 4.3 ─ c2 lid inserted in art. 4 ─ c3 article added
       ─ c4 only a representative changed;   and the mix c0 → c4.

Each scenario checks the summary, the HTML renvooi, the DOCX accept/reject round trip and
the re-signing decision. Both sides are read from git objects, the working tree is left alone.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import textwrap
import zipfile
from pathlib import Path

import pytest

import docx
from click.testing import CliRunner, Result
from pypdf import PdfReader

from generator.canonical import plain_paragraphs
from generator.cli import main
from generator.commands.diff import make_redline
from generator.render.redline_docx import TRACKING_NOTE, render_redline_docx
from generator.render.redline_html import render_redline_html
from generator.render.redline_text import render_redline_text

from .conftest import REPO, TINY_FILES, flat
from .docx_changes import accept_all, after_cover, reject_all, revisions
from .gitrepo import commit_all, edit, git, head, init_repo, repo_state, snapshot, status
from .pdfcheck import assert_bundled_fonts_only

STUURGROEP = "clauses/artikelen/stuurgroep.md"
NEW_ARTICLE = """\
---
titel: Evaluatie
---

## evaluatie

De Stuurgroep evalueert dit Convenant elke twee jaar & legt de uitkomst vast in een ‘evaluatieverslag’ <openbaar>;
"""


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    path = init_repo(tmp_path_factory.mktemp("wijzigingen") / "repo", REPO)
    revs = {"c0": head(path)}
    edit(path, STUURGROEP, "De Stuurgroep komt ten minste 4 x per jaar",
         "De Stuurgroep komt ten minste zes keer per jaar")
    revs["c1"] = commit_all(path, "Art. 4.3: Stuurgroep vergadert vaker\n\nBesproken in de "
                                  "Stuurgroep van maart; zes keer per jaar is haalbaar.")
    edit(path, STUURGROEP, "## frequentie @zhz\n",
         "## vervanging @zhz\n\nEen lid van de Stuurgroep kan zich bij verhindering laten "
         "vervangen door een plaatsvervanger;\n\n## frequentie @zhz\n")
    revs["c2"] = commit_all(path, "Art. 4: plaatsvervanging in de Stuurgroep")
    (path / "clauses/artikelen/evaluatie.md").write_text(NEW_ARTICLE, encoding="utf-8")
    edit(path, "convenants/zhz.yaml", "  - communicatie\n", "  - communicatie\n  - evaluatie\n")
    revs["c3"] = commit_all(path, "Nieuw artikel: evaluatie van het convenant")
    edit(path, "parties/dordrecht.yaml", "naam: A.W. Kolff", "naam: P. de Vries")
    revs["c4"] = commit_all(path, "Dordrecht: nieuwe burgemeester")
    return path, revs


@pytest.fixture(scope="module")
def redlines(history):
    path, revs = history
    before = snapshot(path)
    pairs = {"words": ("c0", "c1"), "lid": ("c1", "c2"), "article": ("c2", "c3"),
             "representative": ("c3", "c4"), "mix": ("c0", "c4")}
    out = {}
    for name, (old, new) in pairs.items():
        redline = make_redline(path, "zhz", revs[old], revs[new])
        out[name] = (redline, render_redline_html(redline), render_redline_docx(redline))
    assert snapshot(path) == before and status(path) == ""  # read from git objects only
    return out


def changed(redline) -> dict[str, object]:
    return {c.key: c for c in redline.changed()}


@pytest.mark.parametrize("name", ["words", "lid", "article", "representative", "mix"])
def test_docx_accept_gives_new_and_reject_gives_old(redlines, history, name):
    redline, _html, data = redlines[name]
    assert after_cover(accept_all(data)) == plain_paragraphs(redline.new_doc)
    assert after_cover(reject_all(data)) == plain_paragraphs(redline.old_doc)
    path, revs = history
    marks = revisions(data)
    if redline.text_changed:
        assert marks, "a text change must show as tracked changes"
        # Author and date of the new side's commit.
        assert {author for _kind, author, _date in marks} == {"Secretariaat ZVH"}
        commit_date = redline.new_meta["date"].astimezone(dt.timezone.utc)
        assert {date for _kind, _author, date in marks} == {commit_date.strftime("%Y-%m-%dT%H:%M:%SZ")}
    else:
        assert marks == []


def test_words_in_a_lid(redlines):
    redline, html, _data = redlines["words"]
    diffs = changed(redline)
    assert list(diffs) == ["stuurgroep"]
    article = diffs["stuurgroep"]
    assert article.status == "changed" and article.details() == ["lid 4.3 gewijzigd"]
    assert [u.status for u in article.units if u.status != "equal"] == ["changed"]
    assert "<del>4 x</del> <ins>zes keer</ins>" in html
    assert "Ongewijzigd: artikel 1–3, 5–25" in html
    assert redline.resign_required and redline.registry == []
    assert "moeten alle 31 Partijen het gewijzigde Convenant opnieuw ondertekenen" in html
    assert "Op grond van artikel 21.3" in html
    text = render_redline_text(redline)
    assert "ten minste [-4 x-] {+zes keer+} per jaar" in text
    assert "Artikel 4 Stuurgroep: gewijzigd (lid 4.3 gewijzigd)" in text
    # Unchanged articles are collapsed in the summary, not shown in the renvooi.
    assert "Artikel 5. Besluitvorming" not in html


def test_inserted_lid_is_one_insertion_plus_renumbering(redlines):
    redline, html, _data = redlines["lid"]
    article = changed(redline)["stuurgroep"]
    statuses = {u.key: u.status for u in article.units}
    assert statuses["vervanging"] == "added"
    assert statuses["frequentie"] == "renumbered"
    assert "removed" not in statuses.values() and "changed" not in statuses.values()
    assert article.details() == ["lid 4.3 ingevoegd", "leden 4.4 (was 4.3), 4.5 (was 4.4), "
                                 "4.6 (was 4.5), 4.7 (was 4.6), 4.8 (was 4.7) en 4.9 (was 4.8) vernummerd"]
    assert '<span class="lid-number" style="left: 0"><ins>4.3</ins></span>' in html
    assert "<ins>Een lid van de Stuurgroep kan zich bij verhindering laten vervangen" in html
    assert "<del>4.3</del> <ins>4.4</ins>" in html
    assert "<del>De Stuurgroep komt" not in html  # the following lid is not deleted and re-inserted
    assert redline.resign_required


def test_added_article_renumbers_the_rest_and_moves_the_21_2_reference(redlines):
    redline, html, _data = redlines["article"]
    diffs = changed(redline)
    assert diffs["evaluatie"].status == "added" and diffs["evaluatie"].name == "Artikel 20"
    renumbered = [c for c in diffs.values() if c.status == "renumbered"]
    assert [c.name for c in renumbered][:2] == ["Artikel 21 (was 20)", "Artikel 22 (was 21)"]
    assert len(renumbered) == 6 and all(c.units and all(u.status == "renumbered"
                                                         for u in c.units if u.old_label) for c in renumbered)
    assert not [c for c in diffs.values() if c.status in ("removed", "changed")]
    # The wijzigingen article is now 22: the consequence cites its leden by their new numbers.
    assert redline.consequence()[0].startswith("De tekst van het convenant is gewijzigd. Op grond van artikel 22.2")
    assert "Op grond van artikel 22.3" in redline.consequence()[1]
    # Data is rendered literally.
    assert "&amp; legt de uitkomst vast in een ‘evaluatieverslag’ &lt;openbaar&gt;" in html
    assert "Ongewijzigd: artikel 1–19" in html
    # Articles only renumbered are collapsed to their heading.
    assert html.count("Tekst ongewijzigd; alleen de nummering is aangepast.") == 6
    assert "Artikel <del>20</del> <ins>21</ins>. Toetreding" in html
    assert "<del>20.1</del>" not in html


def test_representative_only_needs_no_resigning(redlines):
    redline, html, data = redlines["representative"]
    assert redline.changed() == [] and not redline.text_changed and not redline.resign_required
    assert redline.old_doc.fingerprint == redline.new_doc.fingerprint
    assert redline.registry == ["Gemeente Dordrecht: vertegenwoordiger de heer A.W. Kolff, "
                                "burgemeester → de heer P. de Vries, burgemeester"]
    assert "Opnieuw ondertekenen is niet nodig" in html and "opnieuw ondertekenen." not in html
    assert accept_all(data) == reject_all(data)


def test_mix(redlines):
    redline, html, _data = redlines["mix"]
    diffs = changed(redline)
    assert diffs["stuurgroep"].details() == ["lid 4.3 ingevoegd", "lid 4.4 (was 4.3) gewijzigd",
                                             "leden 4.5 (was 4.4), 4.6 (was 4.5), 4.7 (was 4.6), "
                                             "4.8 (was 4.7) en 4.9 (was 4.8) vernummerd"]
    assert diffs["evaluatie"].status == "added"
    assert redline.resign_required and len(redline.registry) == 1
    assert "<del>4.3</del> <ins>4.4</ins>" in html and "<del>4 x</del> <ins>zes keer</ins>" in html
    assert "Partijenregister" in html


def test_version_names_and_working_tree_sides(history):
    path, revs = history
    before = snapshot(path)
    redline = make_redline(path, "zhz", revs["c0"], None)
    assert redline.new_label == "werkversie" and redline.old_label == revs["c0"][:10]
    assert redline.resign_required
    assert snapshot(path) == before


def test_unknown_sides_are_refused(history):
    from generator.errors import UsageError

    path, revs = history
    with pytest.raises(UsageError, match="neither a recorded version of zhz"):
        make_redline(path, "zhz", "v-onbekend", None)
    with pytest.raises(UsageError, match="no version of zhz is recorded yet"):
        make_redline(path, "zhz")
    with pytest.raises(UsageError, match="unknown region"):
        make_redline(path, "nergens", revs["c0"])


TOELICHTING = """\
---
titel: Vergaderfrequentie en plaatsvervanging in de Stuurgroep
wijzigt: "2025-1"
---

De Stuurgroep vergadert voortaan **zes keer per jaar**; vier keer bleek te weinig om de
*casusoverleggen* bij te houden.

Daarnaast:

1. kan een lid zich laten vervangen door een plaatsvervanger;
2. heeft de plaatsvervanger dezelfde bevoegdheden.
"""
SECOND_READING = "Tweede lezing: de evaluatie volgt na twee jaar."
UNRELATED = ("typo in README", "secret token", "GEHEIM-7731")
"""Words only in commit messages: a proposal for the Stuurgroep never shows them."""


@pytest.fixture(scope="module")
def amended(tmp_path_factory):
    """Version 2025-1 recorded at the seeds (c0), then amendments whose commit messages say
    other things; the toelichting arrives in c2 and is extended in c3.

        c0 ─ register 2025-1 ─ c1 words in 4.3 (no toelichting yet) ─ c2 lid inserted,
        toelichting ─ c3 article added, toelichting extended, a new representative
    """
    from generator.commands.register import vaststellen

    path = init_repo(tmp_path_factory.mktemp("voorstel") / "repo", REPO)
    revs = {"c0": head(path)}
    vaststellen(path, "zhz", "2025-1", dt.date(2025, 1, 15))
    edit(path, STUURGROEP, "De Stuurgroep komt ten minste 4 x per jaar",
         "De Stuurgroep komt ten minste zes keer per jaar")
    revs["c1"] = commit_all(path, "typo in README\n\nsecret token GEHEIM-7731, not for the Stuurgroep")
    edit(path, STUURGROEP, "## frequentie @zhz\n",
         "## vervanging @zhz\n\nEen lid van de Stuurgroep kan zich bij verhindering laten "
         "vervangen door een plaatsvervanger;\n\n## frequentie @zhz\n")
    (path / "wijzigingen/zhz").mkdir(parents=True)
    (path / TOELICHTING_FILE).write_text(TOELICHTING, encoding="utf-8")
    revs["c2"] = commit_all(path, "secret token rotated")
    (path / "clauses/artikelen/evaluatie.md").write_text(NEW_ARTICLE, encoding="utf-8")
    edit(path, "convenants/zhz.yaml", "  - communicatie\n", "  - communicatie\n  - evaluatie\n")
    edit(path, TOELICHTING_FILE, "bevoegdheden.\n", f"bevoegdheden.\n\n{SECOND_READING}\n")
    edit(path, "parties/dordrecht.yaml", "naam: A.W. Kolff", "naam: P. de Vries")
    revs["c3"] = commit_all(path, "typo in README")
    return path, revs


TOELICHTING_FILE = "wijzigingen/zhz/stuurgroep.md"


def propose(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["wijzigingsvoorstel", *args, "--root", str(root)])


def pdf_text(path: Path) -> str:
    """Every page's text and the metadata of a PDF."""
    reader = PdfReader(path)
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    return flat("\n".join(page.extract_text() for page in reader.pages) + "\n" + meta)


def docx_parts(data: bytes) -> str:
    """Every XML part of a DOCX (body, headers, footers, metadata) as stored."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                         if name.endswith((".xml", ".rels")))


def cover(data: bytes) -> list[str]:
    """The DOCX's paragraphs with text before the renvooi (the cover pages for the Stuurgroep)."""
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    return [text for text in texts[:texts.index("Renvooi (wijzigingen bijgehouden)")] if text]


def test_wijzigingsvoorstel_pdf_and_docx(amended, tmp_path):
    path, revs = amended
    before = snapshot(path)
    result = propose(path, "zhz", "2025-1", revs["c3"], "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out/zhz/wijzigingsvoorstel"
    paths = [folder / f"2025-1..{revs['c3'][:10]}.pdf", folder / f"2025-1..{revs['c3'][:10]}.docx"]
    assert result.output == "".join(f"{p}\n" for p in paths)
    text = pdf_text(paths[0])
    for expected in ("Wijzigingsvoorstel", "Overzicht van de wijzigingen", "Gevolg voor de Partijen",
                     "Toelichting", "Renvooi", "Vergaderfrequentie en plaatsvervanging in de Stuurgroep",
                     "De Stuurgroep vergadert voortaan zes keer per jaar", "casusoverleggen",
                     "heeft de plaatsvervanger dezelfde bevoegdheden", SECOND_READING):
        assert expected in text, expected
    # The toelichting sits between the overview and the renvooi, in the order written.
    positions = [text.index(s) for s in ("Overzicht van de wijzigingen", "Toelichting Vergaderfrequentie",
                                         "zes keer per jaar;", SECOND_READING, "Renvooi Geschrapte")]
    assert positions == sorted(positions)
    # only the bundled fonts; bookmarks keep the space between words a line break stood for
    pdf = paths[0].read_bytes()
    assert_bundled_fonts_only(pdf)
    titles = [i.title for i in PdfReader(io.BytesIO(pdf)).outline if not isinstance(i, list)]
    assert titles and not [t for t in titles if re.search(r"[a-zë][A-Z]", t)], titles
    data = paths[1].read_bytes()
    front = cover(data)
    toelichting = front[front.index("Toelichting"):]
    assert toelichting == ["Toelichting", "Vergaderfrequentie en plaatsvervanging in de Stuurgroep",
                           "De Stuurgroep vergadert voortaan zes keer per jaar; vier keer bleek te "
                           "weinig om de casusoverleggen bij te houden.", "Daarnaast:",
                           "kan een lid zich laten vervangen door een plaatsvervanger;",
                           "heeft de plaatsvervanger dezelfde bevoegdheden.", SECOND_READING,
                           TRACKING_NOTE]
    document = docx.Document(io.BytesIO(data))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["Vergaderfrequentie en plaatsvervanging in de Stuurgroep"] == "Heading 3"
    assert styles["heeft de plaatsvervanger dezelfde bevoegdheden."] == "List Paragraph"
    runs = {r.text: (r.bold, r.italic) for p in document.paragraphs for r in p.runs}
    assert runs["zes keer per jaar"] == (True, None) and runs["casusoverleggen"] == (None, True)
    # Nothing from the commit messages, anywhere in either file.
    for word in UNRELATED:
        assert word not in text and word not in docx_parts(data), word
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["Onderdeel", "Opschrift", "Wijziging"]
    assert ["Artikel 4", "Stuurgroep"] == rows[1][:2] and rows[1][2].startswith("gewijzigd; lid 4.3 ingevoegd")
    assert ["Artikel 20", "Evaluatie", "ingevoegd"] in rows
    # The cover is plain text; the convenant after it carries the tracked changes.
    redline = make_redline(path, "zhz", "2025-1", revs["c3"])
    accepted, rejected = accept_all(data), reject_all(data)
    new, old = plain_paragraphs(redline.new_doc), plain_paragraphs(redline.old_doc)
    assert accepted[-len(new):] == new and rejected[-len(old):] == old
    assert accepted[:len(accepted) - len(new)] == rejected[:len(rejected) - len(old)]
    assert snapshot(path) == before and status(path) == ""


def test_the_toelichting_is_read_at_new(amended, tmp_path):
    """A revision's proposal holds the toelichting of that revision, whatever the working
    tree holds; werkversie's holds the working tree's."""
    path, revs = amended
    edit(path, TOELICHTING_FILE, "bevoegdheden.\n", "bevoegdheden.\n\nWERKTEKST nog niet vastgelegd.\n")
    try:
        texts = {}
        for new in ("c2", "c3", "werkversie"):
            out = tmp_path / new
            result = propose(path, "zhz", "2025-1", revs.get(new, new), "--format", "docx",
                             "--out", str(out))
            assert result.exit_code == 0, result.output
            (docx_file,) = out.glob("zhz/wijzigingsvoorstel/*.docx")
            texts[new] = flat(" ".join(cover(docx_file.read_bytes())))
        assert "zes keer per jaar" in texts["c2"] and SECOND_READING not in texts["c2"]
        assert SECOND_READING in texts["c3"] and "WERKTEKST" not in texts["c3"]
        assert "WERKTEKST nog niet vastgelegd." in texts["werkversie"]
        # c1 has no toelichting yet: the one in the working tree does not count for it.
        before = repo_state(path)
        result = propose(path, "zhz", "2025-1", revs["c1"], "--format", "docx")
        assert result.exit_code == 1 and result.stderr == (
            f"error: no toelichting amends version '2025-1' of zhz in wijzigingen/zhz/ at "
            f"{revs['c1'][:10]}: write one, wijzigingen/zhz/NAME.md with 'titel', "
            "'wijzigt: \"2025-1\"' and the explanation (see docs/formats.md), and commit it\n")
        assert repo_state(path) == before and not (path / "build").exists()
    finally:
        git(path, "checkout", "--quiet", "--", TOELICHTING_FILE)
    assert status(path) == ""


def test_wijzigingsvoorstel_without_a_change_of_text_is_refused(history, tmp_path):
    """c3 → c4 changes only a representative: no amendment, so no proposal is written."""
    path, revs = history
    before = snapshot(path)
    result = CliRunner().invoke(main, ["wijzigingsvoorstel", "zhz", revs["c3"], revs["c4"],
                                       "--out", str(tmp_path / "out"), "--root", str(path)])
    assert result.exit_code == 1
    assert re.fullmatch(f"error: {revs['c3']} and {revs['c4']} hold the same text of zhz's convenant "
                        r"\(fingerprint [0-9a-f]{12}\): there is no amendment to propose; "
                        f"`convenant diff zhz {revs['c3']} {revs['c4']}` shows what else changed\n",
                        result.stderr), result.stderr
    assert not (tmp_path / "out").exists() and snapshot(path) == before


def test_diff_cli(history, tmp_path):
    path, revs = history
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(main, ["diff", "zhz", revs["c0"], revs["c1"], "--format", "text,html,docx",
                                  "--root", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    stem = out / "zhz/renvooi" / f"{revs['c0'][:10]}..{revs['c1'][:10]}"
    assert result.output.startswith("Renvooi Samenwerkingsconvenant Zorg- en Veiligheidshuis Zuid-Holland Zuid (zhz)\n")
    assert result.output.endswith(f"{stem}.html\n{stem}.docx\n")
    assert "ten minste [-4 x-] {+zes keer+} per jaar" in result.output
    assert sorted(p.name for p in stem.parent.iterdir()) == [f"{stem.name}.docx", f"{stem.name}.html"]
    for args, message in ((["diff", "zhz", revs["c0"], "--format", "rtf"], "error: unknown format 'rtf'"),
                          (["diff", "zhz"], "error: no version of zhz is recorded yet"),
                          (["diff", "nergens", revs["c0"]], "error: unknown region 'nergens'"),
                          (["diff", "zhz", "geen-versie"], "error: 'geen-versie' is neither a recorded version")):
        result = runner.invoke(main, [*args, "--root", str(path), "--out", str(tmp_path / "niets")])
        assert result.exit_code == 1 and result.output.startswith(message), result.output
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
        assert not (tmp_path / "niets").exists()


# ---------------------------------------------------------------- choosing the toelichting, refusals

def toelichting(wijzigt: str = "v1", text: str = "Ook de adviseurs nemen deel aan het overleg.",
                titel: str = "Adviseurs in het overleg") -> str:
    return f'---\ntitel: {titel}\nwijzigt: "{wijzigt}"\n---\n\n{text}\n'


def write(root: Path, rel: str, text: str) -> Path:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")
    return root / rel


@pytest.fixture
def noord(tmp_path) -> Path:
    """The tiny project: version v1 recorded at the first commit (HEAD~2), then the text
    changed (HEAD); no toelichting yet."""
    from generator.commands.register import vaststellen

    root = init_repo(tmp_path / "repo", files={k: textwrap.dedent(v) for k, v in TINY_FILES.items()})
    vaststellen(root, "noord", "v1", dt.date(2024, 1, 1))
    edit(root, "clauses/artikelen/overleg.md", "de leden.", "de leden en de adviseurs.")
    commit_all(root, "overleg: adviseurs")
    return root


def refused(root: Path, *args: str) -> list[str]:
    """A proposal that is refused: exit status 1, no traceback, nothing written or changed."""
    before = repo_state(root)
    result = propose(root, "noord", *args, "--format", "docx")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert repo_state(root) == before and not (root / "build").exists()
    return result.stderr.splitlines()


def proposed(root: Path, *args: str) -> str:
    """The cover of the DOCX proposal made by the command, as one line of text."""
    result = propose(root, "noord", *args, "--format", "docx")
    assert result.exit_code == 0, result.output
    (path,) = Path(result.output.strip()).parent.glob("*.docx")
    text = flat(" ".join(cover(path.read_bytes())))
    shutil.rmtree(root / "build")
    return text


def test_without_a_toelichting_the_proposal_is_refused(noord):
    assert refused(noord, "v1", "werkversie") == [
        "error: no toelichting amends version 'v1' of noord in wijzigingen/noord/ in the working "
        "tree: write one, wijzigingen/noord/NAME.md with 'titel', 'wijzigt: \"v1\"' and the "
        "explanation (see docs/formats.md)"]
    write(noord, "wijzigingen/noord/oud.md", toelichting(wijzigt="v0"))
    commit_all(noord, "toelichting bij een andere versie")
    assert refused(noord, "v1", "HEAD") == [
        f"error: no toelichting amends version 'v1' of noord in wijzigingen/noord/ at "
        f"{head(noord)[:10]} (oud.md amends 'v0'): write one, wijzigingen/noord/NAME.md with "
        "'titel', 'wijzigt: \"v1\"' and the explanation (see docs/formats.md), and commit it"]


def test_the_toelichting_that_amends_old_is_found(noord):
    write(noord, "wijzigingen/noord/adviseurs.md", toelichting(text="Ook **de adviseurs**."))
    write(noord, "wijzigingen/noord/oud.md", toelichting(wijzigt="v0", text="Iets anders."))
    text = proposed(noord, "v1", "werkversie")
    assert "Toelichting Adviseurs in het overleg Ook de adviseurs." in text
    assert "Iets anders" not in text
    # OLD named by its revision is that version too.
    first = git(noord, "rev-list", "--max-parents=0", "HEAD").strip()
    assert "Ook de adviseurs." in proposed(noord, first, "werkversie")


def test_several_toelichtingen_are_refused_unless_one_is_chosen(noord, monkeypatch):
    write(noord, "wijzigingen/noord/a.md", toelichting(text="Tekst van a."))
    write(noord, "wijzigingen/noord/b.md", toelichting(text="Tekst van b."))
    assert refused(noord, "v1", "werkversie") == [
        "error: several toelichtingen amend version 'v1' of noord: wijzigingen/noord/a.md, "
        "wijzigingen/noord/b.md; choose one with --toelichting FILE"]
    text = proposed(noord, "v1", "werkversie", "--toelichting", str(noord / "wijzigingen/noord/b.md"))
    assert "Tekst van b." in text and "Tekst van a." not in text
    monkeypatch.chdir(noord)  # a path relative to the current folder
    assert "Tekst van a." in proposed(noord, "v1", "werkversie", "--toelichting", "wijzigingen/noord/a.md")


def test_a_toelichting_that_is_not_in_the_regions_folder_is_refused(noord, tmp_path):
    write(noord, "wijzigingen/noord/adviseurs.md", toelichting())
    outside = [noord / "clauses/artikelen/overleg.md", noord / "wijzigingen/zuid/x.md",
               noord / "wijzigingen/noord/sub/x.md", noord / "wijzigingen/noord/x.txt",
               noord / "wijzigingen/adviseurs.md", write(tmp_path, "adviseurs.md", toelichting())]
    for path in outside:
        assert refused(noord, "v1", "werkversie", "--toelichting", str(path)) == [
            f"error: --toelichting {path} is not a file in wijzigingen/noord/ of {noord}: a "
            "toelichting of noord is wijzigingen/noord/NAME.md (see docs/formats.md)"]
    # In the folder, but not on NEW's side; or amending another version than OLD's.
    assert refused(noord, "v1", "HEAD", "--toelichting", str(noord / "wijzigingen/noord/adviseurs.md")) == [
        f"error: wijzigingen/noord/adviseurs.md does not exist at {head(noord)[:10]}: the "
        "toelichting is read from NEW's side ('HEAD')"]
    write(noord, "wijzigingen/noord/later.md", toelichting(wijzigt="v2"))
    assert refused(noord, "v1", "werkversie", "--toelichting", str(noord / "wijzigingen/noord/later.md")) == [
        "error: wijzigingen/noord/later.md amends version 'v2', not 'v1' (OLD): correct its "
        "'wijzigt' or compare from 'v2'"]


def test_old_that_is_no_recorded_version_needs_the_toelichting_named(noord):
    write(noord, "wijzigingen/noord/adviseurs.md", toelichting())
    assert refused(noord, "HEAD~1", "werkversie") == [
        "error: 'HEAD~1' is no recorded version of noord, so no toelichting names it in 'wijzigt': "
        "name the toelichting with --toelichting wijzigingen/noord/NAME.md"]
    text = proposed(noord, "HEAD~1", "werkversie", "--toelichting",
                    str(noord / "wijzigingen/noord/adviseurs.md"))
    assert "Ook de adviseurs nemen deel aan het overleg." in text


def test_a_toelichting_with_bad_front_matter_is_refused_with_file_and_line(noord):
    write(noord, "wijzigingen/noord/adviseurs.md", "---\ntitel: Adviseurs\nversie: v1\n---\n\n")
    assert refused(noord, "v1", "werkversie") == [
        "wijzigingen/noord/adviseurs.md:2: front matter: 'wijzigt' is missing",
        "wijzigingen/noord/adviseurs.md:3: unknown field 'versie' in the front matter (expected "
        "one of: titel, wijzigt)",
        "wijzigingen/noord/adviseurs.md:5: the toelichting has no text: write the explanation of "
        "the amendment under the front matter",
        "3 problems found; nothing was written."]
    # Committed so, and corrected in the working tree only: NEW's side is read, with its revision.
    commit_all(noord, "toelichting, half af")
    write(noord, "wijzigingen/noord/adviseurs.md", toelichting())
    assert refused(noord, "v1", "HEAD")[0] == (f"{head(noord)[:10]}:wijzigingen/noord/adviseurs.md:2: "
                                               "front matter: 'wijzigt' is missing")
    assert "Ook de adviseurs" in proposed(noord, "v1", "werkversie")


def test_the_loader_reports_every_problem_with_file_and_line(tiny):
    from generator.project import collect_project

    files = {
        "wijzigingen/noord/goed.md": toelichting(),
        "wijzigingen/noord/leeg.md": "",
        "wijzigingen/noord/zonder.md": "Alleen tekst.\n",
        "wijzigingen/noord/open.md": "---\ntitel: x\n",
        "wijzigingen/noord/titel.md": '---\ntitel: 12\nwijzigt: 2025\n---\n\n# Kop\n\nTekst.\n',
        "wijzigingen/noord/lijst.md": "---\n- titel\n---\n\nTekst.\n",
        "wijzigingen/los.md": toelichting(),
        "wijzigingen/noord/sub/diep.md": toelichting(),
        "wijzigingen/west/x.md": toelichting(),
    }
    for rel, text in files.items():
        write(tiny, rel, text)
    project, problems = collect_project(tiny)
    assert sorted(map(str, problems.items)) == sorted([
        "wijzigingen/noord/leeg.md: is empty: a toelichting has a front matter (titel, wijzigt) and "
        "text (see docs/formats.md, 'wijzigingen/')",
        "wijzigingen/noord/zonder.md:1: a toelichting starts with a front matter: a '---' line, "
        "'titel: ...', 'wijzigt: \"VERSION\"' and a closing '---' line (see docs/formats.md, "
        "'wijzigingen/')",
        "wijzigingen/noord/open.md:1: the front matter is not closed: '---' on line 1 needs a "
        "closing '---' line",
        "wijzigingen/noord/titel.md:2: front matter: 'titel' must be text, not a number (12); put "
        "it in quotes",
        "wijzigingen/noord/titel.md:3: front matter: 'wijzigt' must be text, not a number (2025); "
        "put it in quotes",
        "wijzigingen/noord/titel.md:6: a heading (the titel is the heading) is not used in a "
        "toelichting: write paragraphs and lists (- or 1.), with **bold** and *italic*",
        "wijzigingen/noord/lijst.md:1: the front matter must be a mapping with 'titel' and "
        "'wijzigt', not a list",
        "wijzigingen/los.md: a toelichting belongs in wijzigingen/REGION/NAME.md, one folder per region",
        "wijzigingen/noord/sub/diep.md: a toelichting belongs in wijzigingen/REGION/NAME.md, one "
        "folder per region",
        "wijzigingen/west/x.md: toelichting for unknown region 'west': no convenants/west.yaml",
    ])
    good = project.amendments["noord"]["goed"]
    assert (good.region, good.titel, good.wijzigt) == ("noord", "Adviseurs in het overleg", "v1")


def test_the_toelichting_as_html_keeps_lists_emphasis_and_literal_text(noord):
    from generator.project import load_project

    write(noord, "wijzigingen/noord/adviseurs.md", toelichting(
        titel="Adviseurs & <gasten>",
        text="Eerste *alinea*\nloopt door.\n\n- een **vet** punt\n- twee\n  1. diep\n  2. dieper\n\n"
             "3. drie & <vier>\n"))
    amendment = load_project(noord).amendments["noord"]["adviseurs"]
    html = render_redline_html(make_redline(noord, "noord", "v1", None), "Wijzigingsvoorstel", amendment)
    section = html[html.index('<section class="toelichting"'):html.index('<main class="redline"')]
    assert flat(section.replace("\n", "")) == flat(
        '<section class="toelichting" id="toelichting"> <h2>Toelichting</h2> '
        '<h3 class="titel">Adviseurs &amp; &lt;gasten&gt;</h3> '
        "<p>Eerste <em>alinea</em> loopt door.</p>"
        "<ul><li><p>een <strong>vet</strong> punt</p></li><li><p>twee</p>"
        "<ol><li><p>diep</p></li><li><p>dieper</p></li></ol></li></ul>"
        '<ol start="3"><li><p>drie &amp; &lt;vier&gt;</p></li></ol></section>')
    assert ".toelichting li" in html  # its stylesheet, only in a proposal
    assert ".toelichting li" not in render_redline_html(make_redline(noord, "noord", "v1", None))
