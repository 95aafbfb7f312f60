"""generator.wordimport.read: an edited DOCX read as paragraphs (issue 19).

The DOCX files are made here with python-docx and lxml and hold what Word and LibreOffice
write when a lawyer edits with track changes on: bookmarks around the exported paragraphs,
words replaced (``w:del`` + ``w:ins``), inserted and deleted paragraphs (LibreOffice puts the
bookmark of a deleted paragraph inside its ``w:del``), joined paragraphs, moves, comments,
fields, tables, formatting. Then files that are no DOCX, and hostile ones.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from lxml import etree

from generator.errors import UsageError
from generator.wordimport import package
from generator.wordimport.read import Numbering, TextRun, describe_formatting, read_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TRACK = 'w:author="Jurist" w:date="2025-03-01T10:00:00Z"'


def _write(path: Path, body: str, *, comments=(), setup=None) -> Path:
    """A DOCX at ``path`` whose body is ``body`` (w: elements); ``comments``: (text of the run
    to comment on, comment text, author, keep the range); ``setup(document)`` before."""
    document = docx.Document()
    if setup is not None:
        setup(document)
    element = document.element.body
    for child in list(element):
        if child.tag != f"{{{W}}}sectPr":
            element.remove(child)
    fragment = parse_xml(f'<w:body xmlns:w="{W}">{body}</w:body>')
    for child in fragment:
        element.sectPr.addprevious(child)
    for run_text, text, author, ranged in comments:
        run = next(r for p in document.paragraphs for r in p.runs if r.text == run_text)
        comment = document.add_comment(run, text=text.split("\n")[0], author=author)
        for line in text.split("\n")[1:]:
            comment.add_paragraph(line)
        if not ranged:
            for tag in ("commentRangeStart", "commentRangeEnd"):
                for mark in element.iter(f"{{{W}}}{tag}"):
                    mark.getparent().remove(mark)
    document.save(path)
    return path


def _p(text: str, *, mark: str = "", style: str = "") -> str:
    """A paragraph of one run, with a cv bookmark named ``mark`` around it."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    if not mark:
        return f"<w:p>{ppr}{run}</w:p>"
    number = zlib.crc32(mark.encode()) % 10000
    return (f'<w:p>{ppr}<w:bookmarkStart w:id="{number}" w:name="{mark}"/>{run}'
            f'<w:bookmarkEnd w:id="{number}"/></w:p>')


def _texts(edited) -> list[str]:
    return [para.text for para in edited.paragraphs]


def test_an_unedited_export(tmp_path):
    """Bookmarks, the revision, styles, bold and italic (direct and by character style), tab
    and line break; nothing else to report."""
    body = ('<w:p><w:pPr><w:pStyle w:val="Subtitle"/></w:pPr>'
            '<w:bookmarkStart w:id="1" w:name="_cvrev_2976eb6f3881"/><w:bookmarkEnd w:id="1"/>'
            '<w:r><w:t>Zorg- en Veiligheidshuis</w:t></w:r></w:p>'
            + _p("Artikel 1. Definities", style="Heading1")
            + '<w:p><w:bookmarkStart w:id="10001" w:name="cv_5f3158_9"/>'
            '<w:r><w:t xml:space="preserve">1.1.</w:t><w:tab/></w:r>'
            '<w:r><w:rPr><w:i/></w:rPr><w:t>Strategische Regie</w:t></w:r>'
            '<w:r><w:t xml:space="preserve">: de </w:t></w:r>'
            '<w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>coördinatie</w:t></w:r>'
            '<w:r><w:rPr><w:rStyle w:val="Strong"/><w:b w:val="0"/></w:rPr><w:t> van</w:t>'
            '<w:br/><w:t>regio</w:t></w:r>'
            '<w:bookmarkEnd w:id="10001"/></w:p>')
    edited = read_docx(_write(tmp_path / "a.docx", body))
    assert edited.revision == "2976eb6f3881"
    assert _texts(edited) == ["Zorg- en Veiligheidshuis", "Artikel 1. Definities",
                              "1.1.\tStrategische Regie: de coördinatie van\nregio"]
    lid = edited.paragraphs[2]
    assert lid.runs == [TextRun("1.1.\t"), TextRun("Strategische Regie", italic=True),
                        TextRun(": de "), TextRun("coördinatie", bold=True),
                        TextRun(" van\nregio")]
    assert (lid.bookmarks, lid.within, lid.original_text) == (
        ["cv_5f3158_9"], ["cv_5f3158_9"], "1.1.\tStrategische Regie: de coördinatie van\nregio")
    assert [p.style for p in edited.paragraphs] == ["Subtitle", "Heading 1", "Normal"]
    assert [p.bookmarks for p in edited.paragraphs] == [[], [], ["cv_5f3158_9"]]
    assert edited.bookmarks == {"cv_5f3158_9": (2,)}
    assert [(p.deleted, p.inserted, p.moved, p.merged, p.in_table, p.numbering, p.comments)
            for p in edited.paragraphs] == [(False, False, None, False, False, None, [])] * 3
    assert edited.formatting == set() and edited.comments == {}


def test_a_word_replaced_in_a_marked_paragraph(tmp_path):
    body = ('<w:p><w:bookmarkStart w:id="7" w:name="cv_abc123_12"/>'
            '<w:r><w:t xml:space="preserve">De Stuurgroep komt </w:t></w:r>'
            f'<w:del w:id="20" {TRACK}><w:r><w:delText>twee</w:delText></w:r></w:del>'
            f'<w:ins w:id="21" {TRACK}><w:r><w:t>vier</w:t></w:r></w:ins>'
            '<w:r><w:t xml:space="preserve"> keer per jaar bijeen.</w:t></w:r>'
            '<w:bookmarkEnd w:id="7"/></w:p>')
    edited = read_docx(_write(tmp_path / "a.docx", body))
    (para,) = edited.paragraphs
    assert para.text == "De Stuurgroep komt vier keer per jaar bijeen."
    assert para.runs == [TextRun("De Stuurgroep komt vier keer per jaar bijeen.")]
    assert para.original_text == "De Stuurgroep komt twee keer per jaar bijeen."
    assert (para.bookmarks, para.deleted, para.inserted) == (["cv_abc123_12"], False, False)


def test_an_inserted_and_a_deleted_paragraph(tmp_path):
    """An inserted paragraph (its runs and its mark in w:ins) has no bookmark; a paragraph
    deleted with its mark, as LibreOffice writes it (the bookmark inside the w:del), is listed
    as deleted with its bookmark and the exported text."""
    body = (_p("Het lid.", mark="cv_aaaaaa_3")
            + f'<w:p><w:pPr><w:rPr><w:ins w:id="30" {TRACK}/></w:rPr></w:pPr>'
            f'<w:ins w:id="31" {TRACK}><w:r><w:t>Een nieuw lid.</w:t></w:r></w:ins></w:p>'
            f'<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:rPr><w:del w:id="5" {TRACK}/>'
            f'</w:rPr></w:pPr><w:del w:id="4" {TRACK}>'
            '<w:bookmarkStart w:id="3" w:name="cv_aaaaaa_7"/>'
            '<w:r><w:delText>a. eerste onderdeel</w:delText></w:r></w:del>'
            '<w:bookmarkEnd w:id="3"/></w:p>'
            + _p("b. tweede onderdeel", mark="cv_aaaaaa_8"))
    edited = read_docx(_write(tmp_path / "a.docx", body))
    assert _texts(edited) == ["Het lid.", "Een nieuw lid.", "", "b. tweede onderdeel"]
    inserted, deleted = edited.paragraphs[1], edited.paragraphs[2]
    assert (inserted.inserted, inserted.deleted, inserted.bookmarks, inserted.original_text) == (
        True, False, [], "")
    assert (deleted.deleted, deleted.inserted, deleted.runs, deleted.bookmarks) == (
        True, False, [], ["cv_aaaaaa_7"])
    assert (deleted.original_text, deleted.style) == ("a. eerste onderdeel", "List Paragraph")
    assert edited.bookmarks == {"cv_aaaaaa_3": (0,), "cv_aaaaaa_7": (2,), "cv_aaaaaa_8": (3,)}
    assert [p.text for p in edited.accepted()] == ["Het lid.", "Een nieuw lid.",
                                                   "b. tweede onderdeel"]


def _removed_mark(text: str, mark: str, style: str = "") -> str:
    """A marked paragraph whose last word and paragraph mark are tracked as deleted."""
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (f'<w:p><w:pPr>{pstyle}<w:rPr><w:del w:id="40" {TRACK}/></w:rPr></w:pPr>'
            f'<w:bookmarkStart w:id="41" w:name="{mark}"/>'
            f'<w:r><w:t xml:space="preserve">{text} </w:t></w:r>'
            f'<w:del w:id="42" {TRACK}><w:r><w:delText>einde.</w:delText></w:r></w:del>'
            '<w:bookmarkEnd w:id="41"/></w:p>')


def test_a_deleted_paragraph_mark_joins_the_next_paragraph(tmp_path):
    """As on "accept all": the text left before a deleted mark runs on into the next paragraph
    that remains (a paragraph deleted whole in between stays apart, after it); the joined one
    keeps the first one's style, both bookmarks and both exported texts. The last paragraph's
    mark cannot go."""
    deleted_whole = (f'<w:p><w:pPr><w:rPr><w:del w:id="50" {TRACK}/></w:rPr></w:pPr>'
                     f'<w:del w:id="51" {TRACK}><w:r><w:delText>Weg.</w:delText></w:r></w:del>'
                     '</w:p>')
    body = (_removed_mark("Het eerste lid", "cv_bbbbbb_1", style="Heading3") + deleted_whole
            + _p("loopt door.", mark="cv_bbbbbb_2") + _removed_mark("Slot", "cv_bbbbbb_3"))
    edited = read_docx(_write(tmp_path / "a.docx", body))
    assert _texts(edited) == ["Het eerste lid loopt door.", "", "Slot "]
    joined, gone, last = edited.paragraphs
    assert joined.originals == ("Het eerste lid einde.", "loopt door.")
    assert joined.original_text == "Het eerste lid einde.\nloopt door."
    assert (joined.merged, joined.bookmarks, joined.style) == (
        True, ["cv_bbbbbb_1", "cv_bbbbbb_2"], "Heading 3")
    assert (gone.deleted, gone.original_text, gone.bookmarks) == (True, "Weg.", [])
    assert (last.merged, last.deleted, last.original_text) == (False, False, "Slot einde.")
    assert edited.bookmarks == {"cv_bbbbbb_1": (0,), "cv_bbbbbb_2": (0,), "cv_bbbbbb_3": (2,)}


def test_a_bookmark_over_several_paragraphs(tmp_path):
    """A paragraph split by the user (its new mark inserted) leaves the bookmark's end in the
    second part: the bookmark covers both; one between paragraphs counts for the next."""
    body = (f'<w:p><w:pPr><w:rPr><w:ins w:id="60" {TRACK}/></w:rPr></w:pPr>'
            '<w:bookmarkStart w:id="61" w:name="cv_cccccc_4"/>'
            '<w:r><w:t>Eerste helft.</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>Tweede helft.</w:t></w:r><w:bookmarkEnd w:id="61"/></w:p>'
            '<w:bookmarkStart w:id="62" w:name="cv_cccccc_9"/>'
            '<w:p><w:r><w:t>Volgend lid.</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>Zijn vervolg.</w:t></w:r></w:p><w:bookmarkEnd w:id="62"/>')
    edited = read_docx(_write(tmp_path / "a.docx", body))
    assert edited.bookmarks == {"cv_cccccc_4": (0, 1), "cv_cccccc_9": (2, 3)}
    assert [p.bookmarks for p in edited.paragraphs] == [["cv_cccccc_4"], [], ["cv_cccccc_9"], []]
    assert [p.within for p in edited.paragraphs] == [["cv_cccccc_4"], ["cv_cccccc_4"],
                                                     ["cv_cccccc_9"], ["cv_cccccc_9"]]
    assert [p.inserted for p in edited.paragraphs] == [True, False, False, False]


def test_comments(tmp_path):
    """A comment on a range (two paragraphs of text) and one with only its reference."""
    body = (_p("Het lid over de Stuurgroep.", mark="cv_dddddd_1")
            + _p("Een tweede lid.", mark="cv_dddddd_2"))
    edited = read_docx(_write(tmp_path / "a.docx", body, comments=[
        ("Het lid over de Stuurgroep.", "Is dit nog juist?\nZie artikel 5.", "Mr. Jansen", True),
        ("Een tweede lid.", "Schrappen.", "Mr. de Vries", False)]))
    first, second = edited.comments.values()
    assert (first.author, first.text, first.paragraph) == (
        "Mr. Jansen", "Is dit nog juist?\nZie artikel 5.", 0)
    assert (second.author, second.text, second.paragraph) == ("Mr. de Vries", "Schrappen.", 1)
    assert (first.id, second.id) == ("0", "1")
    assert first.date is not None and first.date.startswith("20")
    assert [p.comments for p in edited.paragraphs] == [["0"], ["1"]]
    assert _texts(edited) == ["Het lid over de Stuurgroep.", "Een tweede lid."]


def test_formatting_other_than_bold_and_italic_is_reported(tmp_path, monkeypatch):
    body = ('<w:p><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>onderstreept</w:t></w:r>'
            '<w:r><w:rPr><w:color w:val="FF0000"/><w:b/></w:rPr><w:t> rood</w:t></w:r>'
            '<w:r><w:rPr><w:color w:val="auto"/><w:u w:val="none"/></w:rPr><w:t> gewoon</w:t>'
            '</w:r></w:p>'
            '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>midden</w:t></w:r></w:p>'
            '<w:p><w:pPr><w:jc w:val="left"/></w:pPr>'
            f'<w:del w:id="1" {TRACK}><w:r><w:rPr><w:sz w:val="40"/></w:rPr>'
            '<w:delText>groot maar weg</w:delText></w:r></w:del>'
            '<w:r><w:rPr><w:u w:val="single"/><w:rPrChange w:id="2" w:author="x">'
            '<w:rPr><w:strike/></w:rPr></w:rPrChange></w:rPr><w:t>links</w:t></w:r></w:p>')
    edited = read_docx(_write(tmp_path / "a.docx", body))
    assert edited.formatting == {"underline", "colour", "alignment"}
    assert [p.formatting for p in edited.paragraphs] == [{"underline", "colour"}, {"alignment"},
                                                        {"underline"}]
    assert edited.paragraphs[0].runs == [TextRun("onderstreept"), TextRun(" rood", bold=True),
                                         TextRun(" gewoon")]
    assert describe_formatting(edited.formatting) == "underline, colour, alignment"
    monkeypatch.setenv("CONVENANT_TAAL", "nl")
    assert describe_formatting(edited.formatting) == "onderstreping, kleur, uitlijning"


def test_a_moved_paragraph(tmp_path):
    """Word's move: the source (its text in w:moveFrom as w:t, its mark moved) is deleted,
    the destination inserted; both say they are a move."""
    body = (_p("Eerste lid.", mark="cv_eeeeee_1")
            + f'<w:p><w:pPr><w:rPr><w:moveFrom w:id="70" {TRACK}/></w:rPr></w:pPr>'
            f'<w:moveFromRangeStart w:id="71" w:name="move1" {TRACK}/>'
            f'<w:bookmarkStart w:id="72" w:name="cv_eeeeee_5"/><w:moveFrom w:id="73" {TRACK}>'
            '<w:r><w:t>Het verplaatste lid.</w:t></w:r></w:moveFrom><w:bookmarkEnd w:id="72"/>'
            '<w:moveFromRangeEnd w:id="71"/></w:p>'
            + _p("Laatste lid.", mark="cv_eeeeee_9")
            + f'<w:p><w:pPr><w:rPr><w:moveTo w:id="74" {TRACK}/></w:rPr></w:pPr>'
            f'<w:moveToRangeStart w:id="75" w:name="move1" {TRACK}/><w:moveTo w:id="76" {TRACK}>'
            '<w:r><w:t>Het verplaatste lid.</w:t></w:r></w:moveTo><w:moveToRangeEnd w:id="75"/>'
            '</w:p>')
    edited = read_docx(_write(tmp_path / "a.docx", body))
    assert [(p.text, p.original_text, p.deleted, p.inserted, p.moved, p.bookmarks)
            for p in edited.paragraphs] == [
        ("Eerste lid.", "Eerste lid.", False, False, None, ["cv_eeeeee_1"]),
        ("", "Het verplaatste lid.", True, False, "from", ["cv_eeeeee_5"]),
        ("Laatste lid.", "Laatste lid.", False, False, None, ["cv_eeeeee_9"]),
        ("Het verplaatste lid.", "", False, True, "to", [])]


def test_fields_keep_their_result(tmp_path):
    """A simple field and a complex one over two paragraphs (as the table of contents)."""
    body = ('<w:p><w:r><w:t xml:space="preserve">Zie artikel </w:t></w:r>'
            '<w:fldSimple w:instr=" REF cv_ffffff_2 \\h "><w:r><w:t>4.2</w:t></w:r>'
            '</w:fldSimple><w:r><w:t>.</w:t></w:r></w:p>'
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            '<w:r><w:t>Artikel 1</w:t><w:tab/><w:t>3</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>Artikel 2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
            '<w:r><w:t xml:space="preserve"> na het veld</w:t></w:r></w:p>')
    edited = read_docx(_write(tmp_path / "a.docx", body))
    assert _texts(edited) == ["Zie artikel 4.2.", "Artikel 1\t3", "Artikel 2 na het veld"]
    assert [p.runs for p in edited.paragraphs] == [
        [TextRun("Zie artikel "), TextRun("4.2", field=True), TextRun(".")],
        [TextRun("Artikel 1\t3", field=True)],
        [TextRun("Artikel 2", field=True), TextRun(" na het veld")]]
    assert [p.fields for p in edited.paragraphs] == [["REF cv_ffffff_2 \\h"],
                                                    ['TOC \\o "1-2"'], []]


def test_tables_and_lists(tmp_path):
    """Paragraphs in table cells in reading order, flagged (a table is reported); a list item
    by its own numbering, by its style's, and numId 0 (not a list)."""
    def numbered_style(document):
        style = document.styles.add_style("Opsomming", WD_STYLE_TYPE.PARAGRAPH)
        style.element.get_or_add_pPr().append(etree.fromstring(
            f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="2"/><w:numId w:val="7"/></w:numPr>'))

    cell = '<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>'
    body = (_p("Voor.") + '<w:tbl><w:tr>' + cell.format("A1") + cell.format("B1") + '</w:tr><w:tr>'
            + cell.format("A2") + cell.format("B2") + '</w:tr></w:tbl>'
            + '<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="1"/>'
            '<w:numId w:val="5"/></w:numPr></w:pPr><w:r><w:t>item</w:t></w:r></w:p>'
            + _p("stijl", style="Opsomming")
            + '<w:p><w:pPr><w:pStyle w:val="Opsomming"/><w:numPr><w:numId w:val="0"/></w:numPr>'
            '</w:pPr><w:r><w:t>geen</w:t></w:r></w:p>')
    edited = read_docx(_write(tmp_path / "a.docx", body, setup=numbered_style))
    assert _texts(edited) == ["Voor.", "A1", "B1", "A2", "B2", "item", "stijl", "geen"]
    assert [p.in_table for p in edited.paragraphs] == [False] + [True] * 4 + [False] * 3
    assert [p.numbering for p in edited.paragraphs[5:]] == [
        Numbering(5, 1, False), Numbering(7, 2, True), None]
    assert [p.style for p in edited.paragraphs[5:]] == ["List Paragraph", "Opsomming",
                                                       "Opsomming"]
    assert edited.formatting == {"table"}


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(UsageError) as raised:
        read_docx(path)
    message = str(raised.value)
    assert "\n" not in message
    return message


def _document_xml(tmp_path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(_write(tmp_path / "ok.docx", _p("tekst"))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_files_that_are_not_a_docx(tmp_path):
    text = tmp_path / "notities.docx"
    text.write_text("Dit is geen Word-bestand.\n", encoding="utf-8")
    assert _refusal(text) == (f"{text}: is not a Word document (.docx): it is not a zip archive")
    old = tmp_path / "oud.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert _refusal(old) == (f"{old}: is not a Word document (.docx): it is an old Word "
                             "document (.doc) or an encrypted one; save it as .docx without a "
                             "password")
    parts = _document_xml(tmp_path)
    empty = _zip(tmp_path / "leeg.docx", {"hallo.txt": b"hallo"})
    assert _refusal(empty) == (f"{empty}: is not a Word document (.docx): it has no "
                               "word/document.xml")
    del parts["word/document.xml"]
    without = _zip(tmp_path / "zonder.docx", parts)
    assert _refusal(without) == (f"{without}: is not a Word document (.docx): it has no "
                                 "word/document.xml")
    broken = _zip(tmp_path / "kapot.docx", {**parts, "word/document.xml": b"<w:document"})
    assert _refusal(broken).startswith(f"{broken}: is not a Word document (.docx): "
                                       "word/document.xml is not well-formed XML: ")
    other = _zip(tmp_path / "ander.docx", {**parts, "word/document.xml": b"<html/>"})
    assert _refusal(other) == (f"{other}: is not a Word document (.docx): word/document.xml "
                               "is not a WordprocessingML document")
    missing = tmp_path / "bestaat-niet.docx"
    assert _refusal(missing) == f"{missing}: cannot be read: No such file or directory"


def test_hostile_files(tmp_path, monkeypatch):
    """Entity expansion ("billion laughs") is refused without expanding anything; a part that
    unpacks to more than the limit is refused without unpacking more (a zip bomb)."""
    parts = _document_xml(tmp_path)
    levels = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "ha">{levels}]>'
            f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p>'
            '</w:body></w:document>').encode()
    laughs = _zip(tmp_path / "lach.docx", {**parts, "word/document.xml": bomb})
    assert _refusal(laughs) == (f"{laughs}: is not a Word document (.docx): word/document.xml "
                                "declares a DTD, which a .docx never does")
    monkeypatch.setattr(package, "XML_LIMIT", 2**20)
    text = "x" * (3 * 2**20)
    big = (f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
           '</w:body></w:document>').encode()
    packed = _zip(tmp_path / "groot.docx", {**parts, "word/document.xml": big})
    assert packed.stat().st_size < 100_000
    assert _refusal(packed) == (f"{packed}: is not a Word document (.docx): word/document.xml "
                                "unpacks to more than 1 MB")


def test_the_main_part_is_found_through_the_relations(tmp_path):
    """A package whose main document is not at word/document.xml (some tools name it so)."""
    parts = _document_xml(tmp_path)
    parts["word/document2.xml"] = parts.pop("word/document.xml")
    parts["word/_rels/document2.xml.rels"] = parts.pop("word/_rels/document.xml.rels")
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"word/document.xml",
                                                        b"word/document2.xml")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"/word/document.xml", b"/word/document2.xml")
    edited = read_docx(_zip(tmp_path / "anders.docx", parts))
    assert (_texts(edited), edited.paragraphs[0].style) == (["tekst"], "Normal")


NEW_ITEM = "Het ondersteunen van nieuwe partners."
REMARK = "Taalfout: ‘als daarnaast’."


def test_the_convenant_edited_in_libreoffice(tmp_path, real_documents):
    """The ZHZ convenant's DOCX edited in a real LibreOffice with track changes on (a word of a
    lid replaced, a list item inserted, one deleted, a comment): the accepted paragraphs read
    here are LibreOffice's own, every exported paragraph's text and bookmark is still there,
    the deleted item is listed with its bookmark, the comment is on its lid."""
    from .lo_edit import AddComment, DeleteParagraph, InsertParagraphAfter, ReplaceWords
    from .lo_edit import edit_docx
    from .lo_edit import read_docx as libreoffice_read
    from .test_lo_edit import require_libreoffice

    from generator.render.docx import render_docx

    require_libreoffice()
    source = tmp_path / "zhz.docx"
    source.write_bytes(render_docx(real_documents["zhz"]))
    edit_docx(source, tmp_path / "bewerkt.docx", [
        ReplaceWords("Om het onder 2.1 geformuleerde doel", "drie", "vier"),
        InsertParagraphAfter("Het signaleren van relevante trends", NEW_ITEM),
        DeleteParagraph("Het functioneren als expertisecentrum"),
        AddComment("heeft als daarnaast de volgende plustaken", REMARK, "Mr. A. Jansen",
                   words="als daarnaast")], author="Juridisch adviseur")
    accepted, notes = libreoffice_read(tmp_path / "bewerkt.docx")
    exported, edited = read_docx(source), read_docx(tmp_path / "bewerkt.docx")

    assert [para.text for para in edited.accepted()] == accepted
    assert [para.original_text for para in edited.paragraphs] == [
        para.text for para in exported.paragraphs[:112]] + [""] + [
        para.text for para in exported.paragraphs[112:]]
    assert edited.bookmarks.keys() == exported.bookmarks.keys()
    assert edited.revision == exported.revision and edited.revision
    assert edited.formatting == set()
    lid, gone, last, new, plustaken = (edited.paragraphs[i] for i in (108, 110, 111, 112, 113))
    assert lid.text.startswith("2.2.\tOm het onder 2.1 geformuleerde doel te bereiken heeft "
                               "het Zorg- en Veiligheidshuis vier hoofdfuncties")
    assert (lid.bookmarks, lid.inserted, lid.deleted) == (exported.paragraphs[108].bookmarks,
                                                          False, False)
    assert (gone.deleted, gone.bookmarks, gone.runs) == (
        True, exported.paragraphs[110].bookmarks, [])
    assert gone.original_text.startswith("Het functioneren als expertisecentrum")
    # Enter at the end of an item: that item's mark is the inserted one, the new paragraph
    # (no bookmark, only inserted text) carries the item's original mark
    assert (last.inserted, last.bookmarks) == (True, exported.paragraphs[111].bookmarks)
    assert (new.text, new.original_text, new.bookmarks, new.inserted) == (NEW_ITEM, "", [],
                                                                         False)
    assert new.numbering == last.numbering and new.numbering is not None
    (comment,) = edited.comments.values()
    assert (comment.author, comment.text, comment.paragraph) == ("Mr. A. Jansen", REMARK, 113)
    assert plustaken.text.startswith("2.3.\tHet Zorg- en Veiligheidshuis heeft als daarnaast")
    assert plustaken.comments == [comment.id]
    assert [note.text for note in notes] == [REMARK]
