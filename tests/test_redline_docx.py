"""The renvooi as a Word file with tracked changes (generator.render.redline_docx).

Every case builds two versions of a project in temp dirs (no git), compares them and checks
the DOCX the way a lawyer uses it: accepting all changes must give exactly the new text and
rejecting all changes exactly the old text (``canonical.plain_paragraphs``), every change
carries the new side's author and date, and the XML keeps the order Word insists on.
The accept/reject logic is in ``tests/docx_changes.py`` and shares no code with the renderer.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import textwrap
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from generator.assemble import assemble_regions
from generator.canonical import plain_paragraphs
from generator.project import load_project
from generator.redline import compare
from generator.render.redline_docx import RENVOOI_HEADING, render_redline_docx, revision_date

from .conftest import REPO, TINY_FILES, write_files
from .docx_changes import (W, accept_all, after_cover, document_xml, part_xml, reject_all,
                           revisions, tracked_marks, tracked_texts)

AUTHOR = "A. Jurist"
WHEN = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)
DATE = "2026-11-23T10:00:00Z"
META = {"author": AUTHOR, "date": WHEN}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# ---------------------------------------------------------------- building the two sides

def edited(files: dict[str, str], changes: dict) -> dict[str, str]:
    """``files`` (dedented) with changes: {path: [(old, new), ...]} replaces text that must
    be there, {path: "text"} writes a whole file."""
    out = {name: textwrap.dedent(text) for name, text in files.items()}
    for name, change in changes.items():
        if isinstance(change, str):
            out[name] = textwrap.dedent(change)
            continue
        for old, new in change:
            assert old in out[name], f"{old!r} not in {name}"
            out[name] = out[name].replace(old, new, 1)
    return out


def tiny_document(root: Path, files: dict[str, str], region: str = "noord"):
    write_files(root, files)
    return assemble_regions(load_project(root), [region])[region]


@pytest.fixture
def renvooi(tmp_path):
    """Build old (TINY_FILES) and new (edited) sides; returns (old, new, redline, DOCX bytes)."""

    def build(changes: dict, meta: dict | None = META):
        old = tiny_document(tmp_path / "old", edited(TINY_FILES, {}))
        new = tiny_document(tmp_path / "new", edited(TINY_FILES, changes))
        kwargs = {} if meta is None else {"new_meta": meta}
        redline = compare(old, new, "v1", "v2", **kwargs)
        return old, new, redline, render_redline_docx(redline)

    return build


# ---------------------------------------------------------------- checks shared by every case

def check_structure(data: bytes) -> None:
    """What Word needs to open the file without complaint, and python-docx can read it."""
    root = document_xml(data)
    body = root.find(w("body"))
    children = [etree.QName(child).localname for child in body]
    assert set(children[:-1]) <= {"p", "tbl"} and children[-1] == "sectPr"
    # The cover (before RENVOOI_HEADING; a table of the changes among it) holds no revision.
    texts = ["".join(t.text or "" for t in p.iter(w("t"))) for p in body.findall(w("p"))]
    heading = body.findall(w("p"))[texts.index(RENVOOI_HEADING)]
    assert "tbl" not in children[list(body).index(heading):]
    for element in list(body)[:list(body).index(heading) + 1]:
        assert not list(element.iter(w("ins"), w("del")))
    ids = []
    for element in root.iter(w("ins"), w("del")):
        assert element.get(w("author")) and element.get(w("date"))
        ids.append(element.get(w("id")))
        parent = element.getparent()
        if parent.tag == w("rPr"):
            # A paragraph mark: w:ins/w:del first in the mark's w:rPr, which is the last
            # child of w:pPr (w:sectPr and w:pPrChange aside).
            assert parent[0] is element
            ppr = parent.getparent()
            assert ppr.tag == w("pPr")
            later = [etree.QName(c).localname for c in ppr[ppr.index(parent) + 1:]]
            assert set(later) <= {"sectPr", "pPrChange"}
        else:
            assert parent.tag == w("p")
            assert all(child.tag == w("r") for child in element)
    assert len(ids) == len(set(ids)), "revision ids must be unique"
    for deleted in root.iter(w("del")):
        assert not list(deleted.iter(w("t"))), "deleted runs hold w:delText, not w:t"
    for inserted in root.iter(w("ins")):
        assert not list(inserted.iter(w("delText")))
    reopened = docx.Document(io.BytesIO(data))
    assert len(reopened.paragraphs) == len(body.findall(w("p")))


def check_sides(old, new, data: bytes) -> None:
    check_structure(data)
    assert after_cover(accept_all(data)) == plain_paragraphs(new)
    assert after_cover(reject_all(data)) == plain_paragraphs(old)
    assert tracked_marks(data)[-1] is None, "Word cannot remove the last paragraph mark"


def check_author(data: bytes) -> None:
    found = revisions(data)
    assert found, "expected tracked changes"
    assert {(author, date) for _, author, date in found} == {(AUTHOR, DATE)}


def _raw_document(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def inserted(data: bytes) -> list[str]:
    return [text for kind, text in tracked_texts(data) if kind == "ins"]


def deleted(data: bytes) -> list[str]:
    return [text for kind, text in tracked_texts(data) if kind == "del"]


# ---------------------------------------------------------------- cases

def test_words_changed_in_a_lid_with_special_characters(renvooi):
    nasty = 'de "taken" & <plichten> van één café'
    old, new, _, data = renvooi({"clauses/artikelen/overleg.md": [
        ("heeft de taken van", f"heeft {nasty}")]})
    check_sides(old, new, data)
    check_author(data)
    assert any(nasty in text for text in accept_all(data))
    # Only the changed words are tracked; the lid keeps its number and its paragraph.
    assert "".join(inserted(data)).count("plichten") == 1
    assert not any("Regionaal Overleg" in text for text in deleted(data) + inserted(data))
    assert set(tracked_marks(data)) == {None}
    assert b"&amp; &lt;plichten&gt;" in _raw_document(data)


def test_inserted_lid_renumbers_the_following_leden(renvooi):
    old, new, _, data = renvooi({"clauses/artikelen/overleg.md": [
        ("## taken", "## agenda\n\nHet {{overleg}} stelt een agenda vast.\n\n## taken")]})
    check_sides(old, new, data)
    check_author(data)
    assert "2.2\tHet Regionaal Overleg stelt een agenda vast." in inserted(data)
    assert tracked_marks(data).count("ins") == 1
    # The next lid is renumbered (2.2 → 2.3), not deleted and inserted again.
    assert "2.2" in deleted(data) and "2.3" in inserted(data)
    assert tracked_marks(data).count("del") == 0


def test_article_added_in_the_middle_renumbers_the_following_articles(renvooi):
    old, new, _, data = renvooi({
        "clauses/artikelen/agenda.md": """\
            ---
            titel: Agenda
            ---

            ## vaststellen

            De voorzitter stelt de agenda vast.

            ## toezenden

            De agenda wordt twee weken tevoren toegezonden.
            """,
        "convenants/noord.yaml": [("  - begrippen\n", "  - begrippen\n  - agenda\n")],
    })
    check_sides(old, new, data)
    check_author(data)
    for text in ("Artikel 2. Agenda", "2.1\tDe voorzitter stelt de agenda vast.",
                 "2.2\tDe agenda wordt twee weken tevoren toegezonden."):
        assert text in inserted(data)
    assert tracked_marks(data).count("ins") == 3
    # "Artikel 2. Regionaal Overleg" → "Artikel 3. ...", and the reference in artikel 1.
    assert deleted(data).count("2") >= 2 and inserted(data).count("3") >= 2
    heading = [p for p in docx.Document(io.BytesIO(data)).paragraphs
               if p.style.name == "Heading 1"]
    assert len(heading) == 4  # three article headings (one inserted) and the bijlage


def test_inserted_list_item_relabels_the_following_items(renvooi):
    old, new, _, data = renvooi({"clauses/artikelen/overleg.md": [
        ("- #leden de leden.", "- #penningmeester de penningmeester;\n- #leden de leden.")]})
    check_sides(old, new, data)
    check_author(data)
    assert "c.\tde penningmeester;" in inserted(data)
    assert tracked_marks(data).count("ins") == 1
    # "c. de leden." becomes "d. de leden."; the reference "onder c" follows.
    assert deleted(data).count("c") == 1 and deleted(data).count("c.") == 1
    assert inserted(data).count("d") == 1 and inserted(data).count("d.") == 1


def test_removed_lid(renvooi):
    # Removing one of two leden leaves an only lid, which this region does not number.
    old, new, _, data = renvooi({"clauses/artikelen/overleg.md": [
        ("## taken\n\nHet {{overleg}} heeft de taken van {{ref:overleg.samenstelling.leden}}.\n",
         "")]})
    check_sides(old, new, data)
    check_author(data)
    assert "2.2\tHet Regionaal Overleg heeft de taken van 2.1, onder c." in deleted(data)
    assert tracked_marks(data).count("del") == 1
    assert "2.1\t" in deleted(data)  # the remaining lid loses its number with its tab


TAKEN = "Het {{overleg}} heeft de taken van {{ref:overleg.samenstelling.leden}}."


@pytest.mark.parametrize("replacement, marks", [
    # A new first paragraph: the lid number moves to it from the old first paragraph.
    (f"Het {{{{overleg}}}} vergadert maandelijks.\n\n{TAKEN}", ["ins"]),
    # An entirely new text: one paragraph removed, another inserted, each with the number.
    ("Partijen wijzen elk een contactpersoon aan voor dit overleg.", ["del", "ins"]),
], ids=["new-first-paragraph", "rewritten"])
def test_lid_number_goes_with_the_first_paragraph_of_each_side(renvooi, replacement, marks):
    old, new, _, data = renvooi({"clauses/artikelen/overleg.md": [(TAKEN, replacement)]})
    check_sides(old, new, data)
    check_author(data)
    assert [mark for mark in tracked_marks(data) if mark] == marks
    assert any(text.startswith("2.2\t") for text in inserted(data))


def test_changed_article_title(renvooi):
    old, new, _, data = renvooi({"clauses/artikelen/overleg.md": [
        ("noord: Regionaal Overleg", "noord: Regionaal Overleg en Afstemming")]})
    check_sides(old, new, data)
    check_author(data)
    assert "".join(inserted(data)) == " en Afstemming"
    assert deleted(data) == []
    assert set(tracked_marks(data)) == {None}


def test_no_change_has_no_tracked_changes(renvooi):
    old, new, redline, data = renvooi({})
    assert not redline.text_changed
    check_sides(old, new, data)
    assert revisions(data) == []
    raw = _raw_document(data)
    assert b"<w:ins " not in raw and b"<w:del " not in raw
    assert accept_all(data) == reject_all(data)


def test_changed_representative_is_no_change_of_the_text(renvooi):
    old, new, redline, data = renvooi({"parties/stad.yaml": [("A. Burger", "B. Burger")]})
    assert redline.registry and not redline.text_changed
    check_sides(old, new, data)
    assert revisions(data) == []


def test_annex_added_at_the_end(renvooi):
    old, new, _, data = renvooi({
        "clauses/bijlagen/adressen.md": "---\ntitel: Adressen\n---\n\nDe adressen van Partijen.\n",
        "convenants/noord.yaml": [("  - formulier\n", "  - formulier\n  - adressen\n")],
    })
    check_sides(old, new, data)
    check_author(data)
    assert inserted(data) == ["Bijlage 2: Adressen", "De adressen van Partijen."]
    # The trailing paragraph marks shift back one paragraph (the last one cannot go).
    assert tracked_marks(data)[-3:] == ["ins", "ins", None]


def test_annex_removed_at_the_end(renvooi):
    old, new, _, data = renvooi({"convenants/noord.yaml": [("bijlagen:\n  - formulier\n", "")]})
    check_sides(old, new, data)
    check_author(data)
    assert deleted(data) == ["Bijlage 1: Toetredingsformulier", "Zie Bijlage 1."]
    assert tracked_marks(data)[-3:] == ["del", "del", None]


def test_author_and_date_fall_back_to_convenant_and_now(renvooi):
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    *_, data = renvooi({"clauses/artikelen/begrippen.md": [
        ("is het overleg", "is het gezamenlijke overleg")]}, meta=None)
    after = dt.datetime.now(dt.timezone.utc)
    found = revisions(data)
    assert found and {author for _, author, _ in found} == {"convenant"}
    for _, _, date in found:
        when = dt.datetime.strptime(date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
        assert before <= when <= after


def test_revision_dates_are_utc():
    cet = dt.timezone(dt.timedelta(hours=1))
    assert revision_date(dt.datetime(2026, 11, 23, 11, 0, tzinfo=cet)) == DATE
    assert revision_date(dt.datetime(2026, 11, 23, 10, 0)) == DATE
    assert revision_date(dt.date(2026, 11, 23)) == "2026-11-23T00:00:00Z"


def test_track_revisions_on_and_renvooi_title_in_the_header(renvooi):
    *_, data = renvooi({"clauses/artikelen/begrippen.md": [("is het overleg", "is het beraad")]})
    settings = part_xml(data, "word/settings.xml")
    names = [etree.QName(child).localname for child in settings]
    assert "trackRevisions" in names
    # Schema order: after w:proofState, before w:defaultTabStop.
    assert names.index("proofState") < names.index("trackRevisions") < names.index("defaultTabStop")
    section = docx.Document(io.BytesIO(data)).sections[0]
    header = [p.text for p in section.header.paragraphs]
    assert header[0] == "Renvooi Samenwerkingsconvenant Noord"
    assert "v1 \u2192 v2" in header[1] and "Zorg- en Veiligheidshuis Noord" in header[1]
    for footer in (section.footer.paragraphs[0], section.first_page_footer.paragraphs[0]):
        assert footer.text.startswith("v1 \u2192 v2\t") and footer.style.name == "Footer"
        assert "PAGE" in footer._p.xml and "NUMPAGES" in footer._p.xml
        assert len(footer.paragraph_format.tab_stops) == 0  # the Footer style's right stop
    # No header on the cover; the title is there in the body, before the convenant's text.
    assert section.different_first_page_header_footer
    assert not any(p.text for p in section.first_page_header.paragraphs)
    assert not any("Renvooi" in text for text in after_cover(accept_all(data)) + after_cover(reject_all(data)))
    assert accept_all(data)[0] == "Renvooi"
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7


def test_the_cover_has_the_consequence_and_the_overview(renvooi):
    """As the HTML and PDF: Gevolg voor de Partijen and the Overzicht van de wijzigingen (a
    table with fixed column widths), untracked, before RENVOOI_HEADING."""
    old, new, redline, data = renvooi({"clauses/artikelen/begrippen.md": [("is het overleg", "is het beraad")]})
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    cover = texts[:texts.index(RENVOOI_HEADING)]
    assert cover[:2] == ["Renvooi", "Samenwerkingsconvenant Noord"]
    assert cover[2].startswith("Oud:\tv1") and cover[3].startswith("Nieuw:\tv2")
    gevolg = cover.index("Gevolg voor de Partijen")
    assert cover[gevolg + 1:gevolg + 3] == redline.consequence()
    assert cover.index("Overzicht van de wijzigingen") > gevolg
    assert f"Ongewijzigd: {redline.unchanged_summary()}." in cover
    assert "Verwijzingen" not in cover and document.paragraphs[texts.index(RENVOOI_HEADING)].style.name == "Heading 2"
    table = document.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Onderdeel", "Opschrift", "Wijziging"]
    assert rows[1][0] == redline.changed()[0].name and rows[1][2].startswith("gewijzigd")
    widths = [round(col.width.cm, 1) for col in table.columns]
    assert widths == [3.2, 4.3, 8.5] and all(round(c.width.cm, 1) == w for row in table.rows
                                             for c, w in zip(row.cells, widths))
    assert table.rows[0]._tr.trPr.find(w("tblHeader")) is not None
    check_sides(old, new, data)


def test_renumbering_reads_old_space_new(renvooi):
    """A renumbered lid: "4.4" deleted, "4.5" inserted; the deletion's last character spaced
    out (3 pt) so that they read apart, with no space in either text."""
    old, new, _redline, data = renvooi({"clauses/artikelen/overleg.md": [
        ("## taken", "## agenda\n\nHet {{overleg}} stelt een agenda vast.\n\n## taken")]})
    check_sides(old, new, data)
    root = document_xml(data)
    gaps = [d for d in root.iter(w("del")) if d.find(f"{w('r')}/{w('rPr')}/{w('spacing')}") is not None]
    assert gaps
    for deletion in gaps:
        runs = deletion.findall(w("r"))
        spacing = runs[-1].find(f"{w('rPr')}/{w('spacing')}")
        assert spacing.get(w("val")) == "60" and len(runs[-1].find(w("delText")).text) == 1
        following = deletion.getnext()
        assert following is not None and following.tag == w("ins")


# ---------------------------------------------------------------- the test helpers themselves

def test_accept_and_reject_follow_word():
    """docx_changes on hand-written revisions: run-level changes, tracked paragraph marks,
    a deleted mark joining what is left to the next paragraph, the last mark staying."""
    attrs = f'w:author="X" w:date="{DATE}"'
    paragraphs = [
        f'<w:r><w:t>A</w:t></w:r><w:ins w:id="1" {attrs}><w:r><w:t xml:space="preserve"> b</w:t>'
        f'</w:r></w:ins><w:del w:id="2" {attrs}><w:r><w:delText xml:space="preserve"> c</w:delText>'
        '<w:tab/></w:r></w:del>',
        f'<w:pPr><w:rPr><w:del w:id="3" {attrs}/></w:rPr></w:pPr>'
        f'<w:del w:id="4" {attrs}><w:r><w:delText>gone</w:delText></w:r></w:del>',
        f'<w:pPr><w:rPr><w:ins w:id="5" {attrs}/></w:rPr></w:pPr>'
        f'<w:ins w:id="6" {attrs}><w:r><w:t>new</w:t></w:r></w:ins>',
        f'<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs><w:rPr><w:del w:id="7" {attrs}/>'
        '</w:rPr></w:pPr><w:r><w:t>kept</w:t></w:r>',
        f'<w:pPr><w:rPr><w:ins w:id="8" {attrs}/></w:rPr></w:pPr><w:r><w:t>last</w:t></w:r>',
    ]
    document = docx.Document()
    body = document.element.body
    for xml in paragraphs:
        p = etree.fromstring(f'<w:p xmlns:w="{W}">{xml}</w:p>')
        body.insert(len(body) - 1, p)
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    assert accept_all(data) == ["A b", "new", "keptlast"]
    assert reject_all(data) == ["A c\t", "gone", "kept", "last"]
    assert [kind for kind, _, _ in revisions(data)] == ["ins", "del", "del", "del", "ins", "ins",
                                                        "del", "ins"]
    assert tracked_marks(data) == [None, "del", "ins", "del", "ins"]
    assert tracked_texts(data)[:2] == [("ins", " b"), ("del", " c\t")]


# ---------------------------------------------------------------- the real convenant

def copy_repo_data(target: Path) -> Path:
    for name in ("clauses", "parties", "convenants", "register"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name)
    return target


def test_real_covenant_zhz(real_project, tmp_path):
    old = assemble_regions(real_project, ["zhz"])["zhz"]
    root = copy_repo_data(tmp_path / "new")
    stuurgroep = root / "clauses/artikelen/stuurgroep.md"
    text = stuurgroep.read_text(encoding="utf-8")
    for before, after in (
        ("titel: Stuurgroep", "titel: Stuurgroep & bestuur"),
        ("ten minste 4 x per jaar", "ten minste zes keer per jaar"),
        ("## frequentie @zhz",
         "## evaluatie @zhz\n\nDe Stuurgroep evalueert jaarlijks de \"samenwerking\" <intern>.\n\n"
         "## frequentie @zhz"),
        ("- #toetreding besluiten omtrent toetreding van nieuwe organisaties tot dit Convenant.\n",
         ""),
    ):
        assert before in text
        text = text.replace(before, after, 1)
    stuurgroep.write_text(text, encoding="utf-8")
    new = assemble_regions(load_project(root), ["zhz"])["zhz"]
    data = render_redline_docx(compare(old, new, "2019-1", "werkversie", new_meta=META))
    check_sides(old, new, data)
    check_author(data)
    assert len(plain_paragraphs(new)) > 300  # the whole text, not only the changed article
    assert any("Stuurgroep & bestuur" in t for t in accept_all(data))
    assert any('"samenwerking" <intern>' in t for t in inserted(data))
    marks = tracked_marks(data)
    assert marks.count("ins") == 1 and marks.count("del") == 1
    names = [etree.QName(c).localname for c in part_xml(data, "word/settings.xml")]
    assert "trackRevisions" in names
