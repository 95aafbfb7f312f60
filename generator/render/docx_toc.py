"""The table of contents of a DOCX, filled in: a TOC field whose result holds every entry.

Word fills a TOC field only when it updates it; until then LibreOffice, converters and Word's
protected view show the field's result. So the result is written here as Word itself writes
it: one paragraph per heading of levels 1-2 (style "toc 1"/"toc 2"), each a hyperlink to a
bookmark on its heading with the heading text, a TAB to a right tab stop with a dotted leader
and a ``PAGEREF`` field for the page. The whole list is one complex field (``begin`` and the
instruction in the first entry, ``end`` after the last), so Word's "Veld bijwerken" still
rebuilds it.

The page numbers come from the PDF of the same text when the caller has one (``pages``:
heading text → page, see generator.render.pdf_pages); otherwise the PAGEREF results are left
empty and the application that updates the fields fills them in.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .docx import (FOOTER_TAB, TOC_INSTRUCTION, TOC_PLACEHOLDER, add_field, bookmark, w_element,
                   xml_safe)

TOC_LEVELS = {"Heading 1": ("toc 1", "TOC1", Cm(0)), "Heading 2": ("toc 2", "TOC2", Cm(0.5))}
"""Heading style → (TOC style name as Word names it, its style id, left indent)."""
BOOKMARK = "_Toc{:08d}"
"""Hidden bookmark names as Word makes them for a TOC (a leading underscore hides them)."""


def heading_key(text: str) -> str:
    """A heading's text without any whitespace: the key of ``pages`` (a PDF's bookmark may
    break or join words differently)."""
    return "".join(text.split())


def page_of(pages: dict[str, int], text: str) -> int | None:
    """The page of the heading ``text``: its key's, else the longest key it ends with (a PDF
    bookmark of an annex may hold its title without "Bijlage 2:")."""
    key = heading_key(text)
    if key in pages:
        return pages[key]
    endings = [k for k in pages if k and key.endswith(k)]
    return pages[max(endings, key=len)] if endings else None


def _toc_style(document, name: str, style_id: str, indent):
    """The paragraph style of a TOC level; made when the template lacks it."""
    if name in [s.name for s in document.styles]:
        return document.styles[name]
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.styleId = style_id
    style.base_style = document.styles["Normal"]
    fmt = style.paragraph_format
    fmt.left_indent, fmt.space_after = indent, Pt(3)
    fmt.tab_stops.add_tab_stop(FOOTER_TAB, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    return style




def _field_runs(instruction: str, result: str, *, dirty: bool = False) -> list:
    """The runs of a complex field: begin, instruction, separate, result, end."""
    runs = []
    begin = w_element("fldChar", fldCharType="begin", **({"dirty": "true"} if dirty else {}))
    instr = w_element("instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    for child in (begin, instr, w_element("fldChar", fldCharType="separate")):
        run = w_element("r")
        run.append(child)
        runs.append(run)
    if result:
        runs.append(_text_run(result))
    end = w_element("r")
    end.append(w_element("fldChar", fldCharType="end"))
    return runs + [end]


def _text_run(text: str):
    run = w_element("r")
    t = w_element("t")
    t.set(qn("xml:space"), "preserve")
    t.text = xml_safe(text)
    run.append(t)
    return run


def _entry(document, style, text: str, bookmark: str, page: str):
    """One TOC line: a hyperlink holding the text, a TAB and the PAGEREF field."""
    paragraph = document.add_paragraph(style=style)
    link = OxmlElement("w:hyperlink", attrs={qn("w:anchor"): bookmark, qn("w:history"): "1"})
    link.append(_text_run(text))
    tab = w_element("r")
    tab.append(w_element("tab"))
    link.append(tab)
    for run in _field_runs(f" PAGEREF {bookmark} \\h ", page):
        link.append(run)
    paragraph._p.append(link)
    return paragraph


def _headings(document) -> list:
    return [p for p in document.paragraphs if p.style is not None and p.style.name in TOC_LEVELS]


def fill_toc(document, after, pages: dict[str, int] | None = None) -> int:
    """Write the TOC field after the paragraph ``after`` (its heading): one entry per heading
    of levels 1-2 in ``document``, bookmarked; the placeholder text when there is none.
    Returns the number of entries."""
    headings = _headings(document)
    pages = pages or {}
    paragraphs = []
    for number, heading in enumerate(headings, start=1):
        name = BOOKMARK.format(number)
        bookmark(heading._p, name, number)
        style = _toc_style(document, *TOC_LEVELS[heading.style.name])
        page = page_of(pages, heading.text)
        paragraphs.append(_entry(document, style, heading.text, name, str(page) if page else ""))
    if not paragraphs:
        placeholder = document.add_paragraph()
        add_field(placeholder, TOC_INSTRUCTION, TOC_PLACEHOLDER, dirty=True)
        paragraphs = [placeholder]
    else:
        first, last = paragraphs[0]._p, paragraphs[-1]._p
        begin = _field_runs(TOC_INSTRUCTION, "", dirty=True)[:3]  # begin, instruction, separate
        anchor = first.pPr if first.pPr is not None else None
        for run in reversed(begin):
            if anchor is not None:
                anchor.addnext(run)
            else:
                first.insert(0, run)
        end = w_element("r")
        end.append(w_element("fldChar", fldCharType="end"))
        last.append(end)
    place = after._p
    for paragraph in paragraphs:  # moved from the end of the body to after the heading
        place.addnext(paragraph._p)
        place = paragraph._p
    return len(headings)


__all__ = ["BOOKMARK", "fill_toc", "heading_key"]
