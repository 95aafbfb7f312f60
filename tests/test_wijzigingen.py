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

import pytest

import docx
from click.testing import CliRunner
from pypdf import PdfReader

from generator.canonical import plain_paragraphs
from generator.cli import main
from generator.commands.diff import make_redline, wijzigingsvoorstel
from generator.render.redline_docx import render_redline_docx
from generator.render.redline_html import render_redline_html
from generator.render.redline_text import render_redline_text

from .conftest import REPO
from .docx_changes import accept_all, reject_all, revisions
from .gitrepo import commit_all, edit, head, init_repo, snapshot, status

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
    assert accept_all(data) == plain_paragraphs(redline.new_doc)
    assert reject_all(data) == plain_paragraphs(redline.old_doc)
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
    assert "<del>4 x</del><ins>zes keer</ins>" in html
    assert "Ongewijzigd: artikel 1–3, 5–25" in html
    assert redline.resign_required and redline.registry == []
    assert "moeten alle 31 Partijen het gewijzigde Convenant opnieuw ondertekenen" in html
    assert "Op grond van artikel 21.3" in html
    text = render_redline_text(redline)
    assert "ten minste [-4 x-]{+zes keer+} per jaar" in text
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
    assert "<del>4.3</del><ins>4.4</ins>" in html
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
    assert "Artikel <del>20</del><ins>21</ins>. Toetreding" in html
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
    assert "<del>4.3</del><ins>4.4</ins>" in html and "<del>4 x</del><ins>zes keer</ins>" in html
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


def test_wijzigingsvoorstel_pdf_and_docx(history, tmp_path):
    path, revs = history
    redline, paths = wijzigingsvoorstel(path, "zhz", revs["c0"], revs["c4"], out=tmp_path / "out")
    stem = f"{revs['c0'][:10]}..{revs['c4'][:10]}"
    assert paths == [tmp_path / "out/zhz/wijzigingsvoorstel" / f"{stem}.pdf",
                     tmp_path / "out/zhz/wijzigingsvoorstel" / f"{stem}.docx"]
    text = "\n".join(page.extract_text() for page in PdfReader(paths[0]).pages)
    for expected in ("Wijzigingsvoorstel", "Overzicht van de wijzigingen", "Gevolg voor de Partijen",
                     "Toelichting", "Renvooi", "zes keer per jaar is haalbaar"):
        assert expected in text, expected
    # The explanation is the commit messages between OLD and NEW, oldest first.
    subjects = ["Art. 4.3: Stuurgroep vergadert vaker", "Art. 4: plaatsvervanging in de Stuurgroep",
                "Nieuw artikel: evaluatie van het convenant", "Dordrecht: nieuwe burgemeester"]
    assert [e.subject for e in redline.log] == subjects
    positions = [text.index(s) for s in subjects]
    assert positions == sorted(positions)
    data = paths[1].read_bytes()
    document = docx.Document(io.BytesIO(data))
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["Onderdeel", "Opschrift", "Wijziging"]
    assert ["Artikel 4", "Stuurgroep"] == rows[1][:2] and rows[1][2].startswith("gewijzigd; lid 4.3 ingevoegd")
    assert ["Artikel 20", "Evaluatie", "ingevoegd"] in rows
    # The cover is plain text; the convenant after it carries the tracked changes.
    accepted, rejected = accept_all(data), reject_all(data)
    new, old = plain_paragraphs(redline.new_doc), plain_paragraphs(redline.old_doc)
    assert accepted[-len(new):] == new and rejected[-len(old):] == old
    assert accepted[:len(accepted) - len(new)] == rejected[:len(rejected) - len(old)]


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
    assert "ten minste [-4 x-]{+zes keer+} per jaar" in result.output
    assert sorted(p.name for p in stem.parent.iterdir()) == [f"{stem.name}.docx", f"{stem.name}.html"]
    for args, message in ((["diff", "zhz", revs["c0"], "--format", "rtf"], "error: unknown format 'rtf'"),
                          (["diff", "zhz"], "error: no version of zhz is recorded yet"),
                          (["diff", "nergens", revs["c0"]], "error: unknown region 'nergens'"),
                          (["diff", "zhz", "geen-versie"], "error: 'geen-versie' is neither a recorded version")):
        result = runner.invoke(main, [*args, "--root", str(path), "--out", str(tmp_path / "niets")])
        assert result.exit_code == 1 and result.output.startswith(message), result.output
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
        assert not (tmp_path / "niets").exists()
