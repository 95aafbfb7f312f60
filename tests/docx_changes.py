"""Read tracked changes in a DOCX the way Word applies them, independently of the renderer.

``accept_all`` and ``reject_all`` give the body's paragraph texts after Word's "Accept all
changes" / "Reject all changes"; ``revisions`` lists every tracked change. Only zipfile and
lxml are used, so a bug in the renderer cannot hide behind a shared helper.

Word's rules, as applied here:

* accepting removes ``w:del`` (with its runs) and unwraps ``w:ins``; rejecting removes
  ``w:ins`` and unwraps ``w:del``, whose ``w:delText`` becomes text again;
* a paragraph mark that is removed (deleted and accepted, or inserted and rejected) joins the
  paragraph's remaining text to the next paragraph;
* the last paragraph mark of the body cannot be removed: it stays whatever its marking.
"""

from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def document_xml(data: bytes) -> etree._Element:
    """The parsed ``word/document.xml`` of DOCX bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def part_xml(data: bytes, name: str) -> etree._Element:
    """Any XML part of DOCX bytes, e.g. ``word/settings.xml``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def _mark(paragraph) -> str | None:
    """"ins" or "del" when the paragraph mark is tracked (``w:pPr/w:rPr/w:ins|w:del``)."""
    rpr = paragraph.find(f"{_w('pPr')}/{_w('rPr')}")
    if rpr is None:
        return None
    for kind in ("ins", "del"):
        if rpr.find(_w(kind)) is not None:
            return kind
    return None


def _run_text(run, with_deleted: bool) -> str:
    out = []
    for child in run:
        if child.tag == _w("t") or (with_deleted and child.tag == _w("delText")):
            out.append(child.text or "")
        elif child.tag == _w("tab"):
            out.append("\t")
        elif child.tag in (_w("br"), _w("cr")):
            out.append("\n")
    return "".join(out)


def _apply(data: bytes, accept: bool) -> list[str]:
    body = copy.deepcopy(document_xml(data)).find(_w("body"))
    drop, keep = ("del", "ins") if accept else ("ins", "del")
    # Run-level revisions: only those inside paragraphs (w:pPr/w:rPr holds the marks).
    for element in list(body.iter(_w(drop))):
        if element.getparent().tag != _w("rPr"):
            element.getparent().remove(element)
    texts: list[str] = []
    pending = ""
    paragraphs = body.findall(_w("p"))
    for index, paragraph in enumerate(paragraphs):
        text = pending + "".join(_run_text(run, not accept) for run in paragraph.iter(_w("r")))
        last = index == len(paragraphs) - 1
        if _mark(paragraph) == drop and not last:
            pending = text  # the mark goes: what is left joins the next paragraph
            continue
        texts.append(text)
        pending = ""
    return texts


def after_cover(texts: list[str]) -> list[str]:
    """The paragraphs of the convenant's text: those after the cover pages (the proposal's, or
    the renvooi's "Verwijzingen"), which end with the heading RENVOOI_HEADING."""
    from generator.render.redline_docx import RENVOOI_HEADING

    return texts[texts.index(RENVOOI_HEADING) + 1:] if RENVOOI_HEADING in texts else texts


def accept_all(data: bytes) -> list[str]:
    """The body's paragraph texts after Word's "Accept all changes"."""
    return _apply(data, accept=True)


def reject_all(data: bytes) -> list[str]:
    """The body's paragraph texts after Word's "Reject all changes"."""
    return _apply(data, accept=False)


def revisions(data: bytes) -> list[tuple[str, str, str]]:
    """(kind "ins"/"del", author, date) of every tracked change in the body, in order."""
    out = []
    for element in document_xml(data).iter(_w("ins"), _w("del")):
        kind = etree.QName(element).localname
        out.append((kind, element.get(_w("author")), element.get(_w("date"))))
    return out


def tracked_texts(data: bytes) -> list[tuple[str, str]]:
    """(kind, text) of every run-level tracked change in the body, in order; TAB as "\\t"."""
    out = []
    for element in document_xml(data).iter(_w("ins"), _w("del")):
        if element.getparent().tag == _w("rPr"):
            continue  # a paragraph mark
        kind = etree.QName(element).localname
        text = "".join(_run_text(run, kind == "del") for run in element.iter(_w("r")))
        out.append((kind, text))
    return out


def tracked_marks(data: bytes) -> list[str | None]:
    """Per body paragraph: "ins"/"del" when its paragraph mark is tracked, else None."""
    return [_mark(p) for p in document_xml(data).find(_w("body")).findall(_w("p"))]
