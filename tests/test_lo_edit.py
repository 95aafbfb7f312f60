"""tests/lo_edit.py: a DOCX edited in a real LibreOffice with track changes on (issue 19).

A python-docx document (a heading, leden, a lettered list; every paragraph in a bookmark, as
the export marks its blocks) is edited with the four kinds of edit; the saved DOCX's XML is
checked for what ``convenant import`` will read: tracked changes, the comment and its anchor,
every bookmark. Three starts of soffice for the module; needs soffice and the system Python
with python3-uno (fails instead of skipping when CI is set, as tests.conftest.require_tools).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from .conftest import require_tools
from .docx_changes import accept_all, reject_all
from .lo_edit import (SYSTEM_PYTHON, AddComment, DeleteParagraph, InsertParagraphAfter,
                      LibreOfficeError, ReplaceWords, edit_docx, lo_available, read_docx)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

HEADING = "Artikel 4 Werkwijze"
LEDEN = ["4.1 Partijen werken samen in het casusoverleg.",
         "4.2 De ketenregisseur bewaakt de voortgang.",
         "4.3 Het jaarplan wordt vastgesteld door de Stuurgroep, die daarbij let op:"]
ITEMS = ["de doelen van het convenant;", "de middelen van de partijen;",
         "de wensen van de cliënten."]
LAST = "4.4 Partijen evalueren de samenwerking jaarlijks."
NEW_LID = "4.2a Partijen delen alleen de gegevens die nodig zijn."
NEW_ITEM = "de kosten van de partijen;"
COMMENT = "Is het casusoverleg hier het juiste orgaan?"
ADVISOR = "Mr. A. Jansen"

EDITS = [ReplaceWords("4.2 De", "bewaakt", "coördineert"),
         InsertParagraphAfter("4.2 De", NEW_LID),
         InsertParagraphAfter("de middelen", NEW_ITEM),
         DeleteParagraph("de doelen"),
         AddComment("4.1 Partijen", COMMENT, ADVISOR, words="casusoverleg")]

ACCEPTED = [HEADING, LEDEN[0], "4.2 De ketenregisseur coördineert de voortgang.", NEW_LID,
            LEDEN[2], ITEMS[1], NEW_ITEM, ITEMS[2], LAST]


def require_libreoffice() -> None:
    require_tools("soffice", SYSTEM_PYTHON)
    if not lo_available():
        reason = f"Python-UNO is not installed for {SYSTEM_PYTHON} (Debian: python3-uno)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so this is an error, not a skip")
        pytest.skip(reason)


def _bookmark(paragraph, name: str, number: int) -> None:
    """Wrap the paragraph's content in a bookmark (start after w:pPr, end last)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _lettered_list(document) -> int:
    """A new numbering "a.", "b.", ... in the document; its numId."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    level = OxmlElement("w:lvl")
    level.set(qn("w:ilvl"), "0")
    for tag, value in (("w:start", "1"), ("w:numFmt", "lowerLetter"), ("w:lvlText", "%1.")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        level.append(element)
    abstract.append(level)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    return 90


def _numbered(paragraph, num_id: int) -> None:
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num_id


def make_docx(path: Path) -> list[str]:
    """The test document; the names of its bookmarks."""
    document = docx.Document()
    document.add_heading(HEADING, 1)
    num_id = _lettered_list(document)
    names = []
    for number, text in enumerate(LEDEN + ITEMS + [LAST]):
        paragraph = document.add_paragraph(text, "List Paragraph" if text in ITEMS else None)
        if text in ITEMS:
            _numbered(paragraph, num_id)
        names.append(f"c_art4_{number}")
        _bookmark(paragraph, names[-1], 100 + number)
    document.save(path)
    return names


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """(the edited DOCX, its bookmark names, LibreOffice's accepted texts and comments)."""
    require_libreoffice()
    folder = tmp_path_factory.mktemp("lo_edit")
    names = make_docx(folder / "in.docx")
    edit_docx(folder / "in.docx", folder / "out.docx", EDITS, author="Juridisch adviseur")
    accepted, notes = read_docx(folder / "out.docx")
    return folder / "out.docx", names, accepted, notes


def _body(path: Path):
    with zipfile.ZipFile(path) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        comments = etree.fromstring(archive.read("word/comments.xml"))
    return document.find("w:body", NS), comments


def _text(paragraph, tag: str = "t") -> str:
    return "".join(paragraph.xpath(f".//w:{tag}/text()", namespaces=NS))


def _paragraph(body, text: str, tag: str = "t"):
    """The one paragraph whose (w:t or w:delText) text contains ``text``."""
    hits = [p for p in body.iterfind("w:p", NS) if text in _text(p, tag)]
    assert len(hits) == 1, (text, [_text(p) for p in hits])
    return hits[0]


def _mark(paragraph) -> str | None:
    """"ins"/"del" when the paragraph mark is tracked (w:pPr/w:rPr/w:ins|w:del)."""
    for kind in ("ins", "del"):
        if paragraph.find(f"w:pPr/w:rPr/w:{kind}", NS) is not None:
            return kind
    return None


def test_replaced_words_are_a_tracked_deletion_and_insertion(edited):
    body, _ = _body(edited[0])
    lid = _paragraph(body, "4.2 De ketenregisseur")
    assert lid.xpath("w:del//w:delText/text()", namespaces=NS) == ["bewaakt"]
    assert lid.xpath("w:ins//w:t/text()", namespaces=NS) == ["coördineert"]
    assert lid.xpath("w:bookmarkStart/@w:name", namespaces=NS) == ["c_art4_1"]
    assert {lid.xpath("string(w:ins/@w:author)", namespaces=NS),
            lid.xpath("string(w:del/@w:author)", namespaces=NS)} == {"Juridisch adviseur"}


def test_inserted_paragraph_is_a_tracked_insertion(edited):
    """Enter at the end of 4.2: 4.2's paragraph mark becomes the inserted one; the new
    paragraph (no bookmark) holds only inserted text and carries 4.2's original mark."""
    body, _ = _body(edited[0])
    new = _paragraph(body, NEW_LID)
    assert new.xpath("w:r", namespaces=NS) == []
    assert new.xpath("w:ins//w:t/text()", namespaces=NS) == [NEW_LID]
    assert new.xpath(".//w:bookmarkStart", namespaces=NS) == []
    previous = new.getprevious()
    assert _text(previous).startswith("4.2 De") and _mark(previous) == "ins"
    assert _mark(new) is None


def test_inserted_list_item_continues_the_list(edited):
    body, _ = _body(edited[0])
    new = _paragraph(body, NEW_ITEM)
    sibling = _paragraph(body, ITEMS[2])
    num_id = "string(w:pPr/w:numPr/w:numId/@w:val)"
    assert new.xpath(num_id, namespaces=NS) == sibling.xpath(num_id, namespaces=NS) != ""
    assert new.xpath("w:ins//w:t/text()", namespaces=NS) == [NEW_ITEM]
    assert _mark(new.getprevious()) == "ins"


def test_deleted_paragraph_text_and_mark_are_tracked_deletions(edited):
    body, _ = _body(edited[0])
    gone = _paragraph(body, ITEMS[0], tag="delText")
    assert _text(gone) == ""
    assert _mark(gone) == "del"
    assert gone.xpath("w:del//w:delText/text()", namespaces=NS) == [ITEMS[0]]
    assert gone.xpath(".//w:bookmarkStart/@w:name", namespaces=NS) == ["c_art4_3"]


def test_comment_is_anchored_on_its_words(edited):
    body, comments = _body(edited[0])
    (comment,) = comments.iterfind("w:comment", NS)
    assert comment.get(f"{{{W}}}author") == ADVISOR
    assert _text(comment) == COMMENT
    ident = comment.get(f"{{{W}}}id")
    lid = _paragraph(body, "4.1 Partijen")
    children = list(lid)
    start = lid.find(f"w:commentRangeStart[@w:id='{ident}']", NS)
    end = lid.find(f"w:commentRangeEnd[@w:id='{ident}']", NS)
    assert start is not None and end is not None
    between = children[children.index(start) + 1:children.index(end)]
    assert "".join(_text(child) for child in between) == "casusoverleg"
    assert lid.xpath("w:r/w:commentReference/@w:id", namespaces=NS) == [ident]


def test_every_bookmark_survives(edited):
    body, _ = _body(edited[0])
    assert body.xpath(".//w:bookmarkStart/@w:name", namespaces=NS) == edited[1]


def test_accepted_paragraphs_as_libreoffice_and_word_apply_them(edited):
    path, _, accepted, _ = edited
    assert accepted == ACCEPTED
    assert accept_all(path.read_bytes()) == ACCEPTED
    assert reject_all(path.read_bytes()) == [HEADING] + LEDEN + ITEMS + [LAST]


def test_comments_read_with_libreoffice(edited):
    assert edited[3] == [(ADVISOR, COMMENT, LEDEN[0])]


def test_an_edit_that_finds_no_unique_paragraph_is_refused(tmp_path):
    require_libreoffice()
    make_docx(tmp_path / "in.docx")
    # 6: 4.4, deleted by edit 1, still holds its (deleted) text
    refusal = r"in.docx: edit 2: 6 paragraphs contain 'de ' \(one must\)$"
    with pytest.raises(LibreOfficeError, match=refusal):
        edit_docx(tmp_path / "in.docx", tmp_path / "out.docx",
                  [DeleteParagraph("4.4"), ReplaceWords("de ", "de", "het")])
    assert not (tmp_path / "out.docx").exists()
