"""Render a renvooi as a Word file with native tracked changes (``w:ins`` / ``w:del``).

The body holds the whole convenant text, changed or not, one paragraph per heading and per
line of text (the layout of ``canonical.plain_paragraphs``), with every difference between
the old and the new side recorded as a revision of the new side's author. So in Word:

* "Accept all changes" gives exactly the new text, "Reject all changes" exactly the old text
  (paragraph by paragraph, as ``canonical.plain_paragraphs`` gives them);
* the lawyer's own edits are tracked too (``w:trackRevisions`` is on).

Before that text stands an untracked cover (the sides, the consequence, the overview of the
changes and the "Verwijzingen", as in the HTML and PDF; for a wijzigingsvoorstel also the
memo lines, the proposed decision and the toelichting), ending with the heading
RENVOOI_HEADING on a new page: the property above holds for the paragraphs after it. A
deletion that an insertion follows ends in a character spaced out (GAP), so that a
renumbered "4.4" and "4.5" read apart without a space in either text.

Paragraph marks. An inserted paragraph has its mark marked inserted, a removed paragraph its
mark marked deleted, so accepting or rejecting removes the paragraph as a whole. Word cannot
remove the document's last paragraph mark, so when the text ends with inserted or removed
paragraphs (an annex added or dropped at the end), the marks of that trailing stretch shift
one paragraph back: each mark takes the status of the paragraph after it and the last mark
stays untracked. The text after accepting or rejecting is the same.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

from ..proposal import Proposal, make_proposal, side_description, side_name
from ..redline import (LITERAL_HEAD, STATUS_WORDS, SYMBOLIC_HEAD, ChunkDiff, LineDiff, Redline, Seg,
                       UnitDiff, merge_segments, side_text)
from .docx import (DEFAULT_LIST_INDENT, LID_INDENT, LIST_INDENT, PART_STYLE, DocxBlocks, a4_section,
                   bookmark,
                   docx_bytes, dutch_metadata, header_rule, insert_setting, new_document, page_footer,
                   secretariat_author, w_element, xml_safe)
from .docx_marks import (MARK_IDS, OLD_MARK_PREFIX, RENVOOI_MARK_PREFIX, TEXT_MARK_DIGITS,
                         mark_name, source_key)
from .docx_package import build_day

DEFAULT_AUTHOR = "convenant"
"""Author of the revisions when the new side has no author (no commit, no git user)."""
ITEM_INDENT = max([DEFAULT_LIST_INDENT, *LIST_INDENT.values()])
"""Indent per list level; one width for every list style (the model keeps labels only)."""
SUBHEADING_STYLE = "Heading 3"

_SPECIAL_RE = re.compile(r"(\t|\n)")

SIDE_MARK = {"new": "ins", "old": "del"}
"""Paragraph side → how its paragraph mark is tracked ("both": not tracked)."""


# ---------------------------------------------------------------- revisions

def revision_date(value) -> str:
    """ISO 8601 in UTC as Word writes it ("2026-11-23T10:00:00Z"); naive times count as UTC."""
    if value is None:
        value = dt.datetime.now(dt.timezone.utc)
    elif not isinstance(value, dt.datetime):  # a plain date: midnight
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


class Revisions:
    """Makes ``w:ins`` / ``w:del`` elements with unique ids, one author and one date."""

    def __init__(self, meta: dict | None):
        meta = meta or {}
        self.author = xml_safe(str(meta.get("author") or DEFAULT_AUTHOR))
        self.date = revision_date(meta.get("date"))
        self.next_id = 1

    def make(self, kind: str):
        element = w_element(kind, id=self.next_id, author=self.author, date=self.date)
        self.next_id += 1
        return element


# ---------------------------------------------------------------- paragraphs of the renvooi

@dataclass
class Para:
    """One paragraph of the renvooi before it becomes XML."""

    side: str
    """"both": present on both sides; "new" only on the new side, "old" only on the old."""
    segs: list[Seg]
    """The text as a word diff; TAB ("\\t") separates labels from text."""
    style: str | None = None
    left: int = 0
    """Left indent (EMU)."""
    hanging: int = 0
    """Hanging indent of the first line (EMU); 0 for none."""
    tabs: list[int] = field(default_factory=list)
    mark: str = "both"
    """How the paragraph mark is tracked: "both" (not), "new" (inserted) or "old" (deleted)."""
    source: tuple | None = None
    """(clause file, line) of the new side's text, for its mark (render/docx_marks.py)."""


def _side(on_old: bool, on_new: bool) -> str:
    return "both" if on_old and on_new else ("new" if on_new else "old")


def _paragraph_segs(side: str, segs: list[Seg]) -> list[Seg]:
    """A paragraph's segments, merged; a paragraph of one side only is one insertion or one
    deletion of that side's text."""
    if side == "both":
        return merge_segments(segs)
    op = "+" if side == "new" else "-"
    text = side_text(segs, op)
    return [Seg(op, text)] if text else []


def _label_segs(old: str, new: str) -> list[Seg]:
    """A label and its TAB: kept, replaced (old deleted, new inserted), added or removed."""
    if old == new:
        return [Seg("=", f"{old}\t")] if old else []
    if old and new:
        return [Seg("-", old), Seg("+", new), Seg("=", "\t")]
    return [Seg("-", f"{old}\t")] if old else [Seg("+", f"{new}\t")]


def _heading_para(chunk: ChunkDiff) -> Para | None:
    if not chunk.heading:
        return None
    # The styles of the convenant itself (render.docx): the document title, the unnumbered
    # parts (overwegingen), Heading 1 for articles and bijlagen (the navigation pane).
    if chunk.key == "titel" and chunk.kind == "part":
        style = "Title"
    else:
        style = PART_STYLE if chunk.kind == "part" else "Heading 1"
    side = _side(chunk.old is not None and bool(chunk.old.heading),
                 chunk.new is not None and bool(chunk.new.heading))
    return Para(side, _paragraph_segs(side, chunk.heading), style)


def _first_index(lines: list[LineDiff], absent: str) -> int | None:
    """Index of a unit's first line on one side (the line that carries the lid number)."""
    return next((k for k, line in enumerate(lines) if line.status != absent), None)


def _line_layout(para: Para, line: LineDiff, labelled_unit: bool, shows_unit: bool) -> None:
    """Indents like the convenant: lid number in a hanging indent, list items below it."""
    base = int(LID_INDENT) if labelled_unit else 0
    if line.kind == "h":
        para.style = SUBHEADING_STYLE
    para.left = base + line.depth * int(ITEM_INDENT)
    if line.kind == "item":
        para.hanging, para.tabs = int(ITEM_INDENT), [para.left]
    if shows_unit:
        # The lid number starts at the margin; TABs go to the lid's text, then the item's.
        para.hanging = para.left
        para.tabs = sorted({base, para.left} - {0})


def _unit_paras(unit: UnitDiff) -> list[Para]:
    """One paragraph per line; each side's first line carries that side's lid number."""
    first_old = _first_index(unit.lines, "added")
    first_new = _first_index(unit.lines, "removed")
    labelled = bool(unit.old_label or unit.new_label)
    out = []
    for k, line in enumerate(unit.lines):
        on_old, on_new = line.status != "added", line.status != "removed"
        old_unit = unit.old_label if on_old and k == first_old else ""
        new_unit = unit.new_label if on_new and k == first_new else ""
        segs = (_label_segs(old_unit, new_unit)
                + _label_segs(line.old_label if on_old else "", line.new_label if on_new else "")
                + line.segs)
        side = _side(on_old, on_new)
        para = Para(side, _paragraph_segs(side, segs), source=line.new_source if on_new else None)
        _line_layout(para, line, labelled, bool(old_unit or new_unit))
        out.append(para)
    return out


def redline_paragraphs(redline: Redline) -> list[Para]:
    """The renvooi's body as paragraphs, in reading order, with their paragraph marks set."""
    paras: list[Para] = []
    for chunk in redline.chunks:
        heading = _heading_para(chunk)
        if heading is not None:
            paras.append(heading)
        for unit in chunk.units:
            paras.extend(_unit_paras(unit))
    _set_marks(paras)
    return paras


def _set_marks(paras: list[Para]) -> None:
    """Each paragraph's mark follows its side, except in a trailing one-sided stretch.

    The last paragraph mark of a document cannot be removed, so in a stretch of inserted or
    removed paragraphs at the end every mark takes the side of the paragraph after it and the
    last one stays untracked. Accepting (rejecting) then keeps one mark per paragraph of the
    new (old) side and each keeps its own text.
    """
    for para in paras:
        para.mark = para.side
    start = len(paras)
    while start > 0 and paras[start - 1].side != "both":
        start -= 1
    if start == len(paras) or start == 0:
        return  # nothing trailing; or nothing on both sides to carry the first mark
    for index in range(start - 1, len(paras) - 1):
        paras[index].mark = paras[index + 1].side
    paras[-1].mark = "both"


# ---------------------------------------------------------------- XML

def _run(text: str, deleted: bool):
    """A ``w:r`` with text, ``w:tab`` for TAB and ``w:br`` for a line break."""
    run = w_element("r")
    for part in _SPECIAL_RE.split(xml_safe(text)):
        if part == "\t":
            run.append(w_element("tab"))
        elif part == "\n":
            run.append(w_element("br"))
        elif part:
            t = w_element("delText" if deleted else "t")
            t.set(qn("xml:space"), "preserve")
            t.text = part
            run.append(t)
    return run


GAP = 60
"""Extra space (twentieths of a point: 3 pt) after a deletion that an insertion follows."""


def _gap_run(text: str):
    """The last character of a deletion that an insertion follows, spaced out by GAP, so
    that "4.4" struck and "4.5" inserted read "4.4 4.5", not "4.44.5". Character spacing, not
    a space: accepting or rejecting every change still gives exactly the new or the old text."""
    run = _run(text, True)
    rpr = w_element("rPr")
    rpr.append(w_element("spacing", val=GAP))
    run.insert(0, rpr)
    return run


def _write_para(document, para: Para, revisions: Revisions, marks: set[str]) -> None:
    paragraph = document.add_paragraph(style=para.style)
    fmt = paragraph.paragraph_format
    if para.left:
        fmt.left_indent = Emu(para.left)
    if para.hanging:
        fmt.first_line_indent = Emu(-para.hanging)
    for stop in para.tabs:
        fmt.tab_stops.add_tab_stop(Emu(stop), WD_TAB_ALIGNMENT.LEFT)
    p = paragraph._p
    for index, seg in enumerate(para.segs):
        if seg.op == "=":
            p.append(_run(seg.text, False))
            continue
        wrapper = revisions.make("ins" if seg.op == "+" else "del")
        following = para.segs[index + 1].op if index + 1 < len(para.segs) else ""
        if seg.op == "-" and following == "+":
            if len(seg.text) > 1:
                wrapper.append(_run(seg.text[:-1], True))
            wrapper.append(_gap_run(seg.text[-1]))
        else:
            wrapper.append(_run(seg.text, seg.op == "-"))
        p.append(wrapper)
    if para.mark != "both":
        # The paragraph mark's run properties; w:ins/w:del come first in them, and w:rPr
        # itself is the last child of w:pPr but for w:sectPr and w:pPrChange.
        rpr = w_element("rPr")
        rpr.append(revisions.make(SIDE_MARK[para.mark]))
        p.get_or_add_pPr().insert_element_before(rpr, "w:sectPr", "w:pPrChange")
    if para.source is not None:
        name = mark_name(source_key(para.source[0]), para.source[1])
        if name not in marks:
            marks.add(name)
            bookmark(p, name, MARK_IDS + len(marks))


RENVOOI_HEADING = "Renvooi (wijzigingen bijgehouden)"
"""The heading after the cover pages, where the tracked-changes text begins."""
TRACKING_NOTE = ("Hierna volgt de hele tekst van het convenant met elke wijziging als bijgehouden "
                 "wijziging (Controleren > Wijzigingen bijhouden): alle wijzigingen accepteren "
                 "geeft de nieuwe tekst, alle wijzigingen weigeren de oude.")
COLUMNS = (Cm(3.2), Cm(4.3), Cm(8.5))
"""Widths of the changes table's columns (Onderdeel, Opschrift, Wijziging): 16 cm in all."""
LABEL_TAB = Cm(3)
"""Where the values of "Oud:", "Aan:" and the like start on the cover."""


# ---------------------------------------------------------------- document setup

def _arrow(redline: Redline) -> str:
    """"versie 2025-1 → ontwerp 01e4a34c6f": the two sides by name, not by commit id."""
    return (f"{side_name(redline.old_label, redline.old_meta)} \u2192 "
            f"{side_name(redline.new_label, redline.new_meta)}")


def _setup_page(document, redline: Redline, heading: str) -> None:
    """A4, 2.5 cm margins; from page 2 the heading and title in the page header; the sides
    and the page numbers in the footer of every page. The cover has no header."""
    section = a4_section(document)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    doc = redline.new_doc
    header = section.header
    title = header.paragraphs[0]
    title.style = document.styles["Header"]
    title.add_run(xml_safe(f"{heading} {doc.title}")).bold = True
    sub = header.add_paragraph(style=document.styles["Header"])
    sub.add_run(xml_safe(f"{doc.zvh}\t{heading} {_arrow(redline)}"))
    header_rule(sub)
    for footer in (section.footer, section.first_page_footer):
        page_footer(document, footer.paragraphs[0], _arrow(redline))


def _setup_settings(document, redline: Redline, heading: str) -> None:
    """Track further edits; Dutch metadata (author: the secretariaat; dated the build day).
    No w:updateFields: the page fields update by themselves and Word would ask about
    updating fields on every open."""
    insert_setting(document.settings.element, "trackRevisions")
    doc = redline.new_doc
    dutch_metadata(document, f"{heading} {doc.title}", f"{doc.zvh}: {_arrow(redline)}",
                   secretariat_author(doc.manifest))


# ---------------------------------------------------------------- the cover

def _labelled(document, label: str, value: str):
    """"Oud:<TAB>versie 2025-1 ...": the value aligned at LABEL_TAB, wrapping under itself."""
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.left_indent, fmt.first_line_indent = LABEL_TAB, -LABEL_TAB
    fmt.tab_stops.add_tab_stop(LABEL_TAB, WD_TAB_ALIGNMENT.LEFT)
    fmt.space_after = Pt(2)
    paragraph.add_run(xml_safe(f"{label}:")).bold = True
    paragraph.add_run(xml_safe(f"\t{value}"))
    return paragraph


def _title(document, redline: Redline, heading: str, proposal: Proposal | None) -> None:
    """The heading, the convenant's title, the memo lines of a proposal and both sides."""
    document.add_paragraph(xml_safe(heading), style="Title")
    document.add_paragraph(xml_safe(redline.new_doc.title), style="Subtitle")
    for name, value in proposal.heading_rows() if proposal else ():
        _labelled(document, name, value)
    sides = (("Oud", redline.old_label, redline.old_meta, redline.old_doc),
             ("Nieuw", redline.new_label, redline.new_meta, redline.new_doc))
    for name, label, meta, doc in sides:
        _labelled(document, name, f"{side_description(label, meta)}; "
                                 f"vingerafdruk {doc.fingerprint[:12]}")


def _decision(document, proposal: Proposal) -> None:
    """"Voorgesteld besluit": the introduction and the numbered points."""
    document.add_paragraph("Voorgesteld besluit", style="Heading 2")
    document.add_paragraph(xml_safe(proposal.decision_intro))
    for number, point in enumerate(proposal.decision, start=1):
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.left_indent, fmt.first_line_indent = DEFAULT_LIST_INDENT, -DEFAULT_LIST_INDENT
        fmt.tab_stops.add_tab_stop(DEFAULT_LIST_INDENT, WD_TAB_ALIGNMENT.LEFT)
        paragraph.add_run(xml_safe(f"{number}.\t{point}"))


def _cell(cell, text: str, width, bold: bool = False) -> None:
    cell.width = width
    run = cell.paragraphs[0].add_run(xml_safe(text))
    run.bold = bold or None
    cell.paragraphs[0].paragraph_format.space_after = Pt(0)


def _changes_table(document, rows) -> None:
    """Onderdeel, Opschrift, Wijziging: fixed widths (COLUMNS), the heading row repeated on
    every page, no row split over two pages."""
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, COLUMNS):
        column.width = width
    for cell, text, width in zip(table.rows[0].cells, ("Onderdeel", "Opschrift", "Wijziging"), COLUMNS):
        _cell(cell, text, width, bold=True)
    table.rows[0]._tr.get_or_add_trPr().append(w_element("tblHeader"))
    for chunk in rows:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(w_element("cantSplit"))
        texts = (chunk.name, chunk.chunk.title if chunk.chunk.number else "",
                 "; ".join([STATUS_WORDS[chunk.status], *chunk.details()]))
        for cell, text, width in zip(row.cells, texts, COLUMNS):
            _cell(cell, text, width)


def _summary(document, redline: Redline) -> None:
    """Gevolg voor de Partijen and the Overzicht van de wijzigingen, as the HTML has them."""
    document.add_paragraph("Gevolg voor de Partijen", style="Heading 2")
    for text in redline.consequence():
        document.add_paragraph(xml_safe(text))
    document.add_paragraph("Overzicht van de wijzigingen", style="Heading 2")
    if redline.changed():
        _changes_table(document, redline.changed())
    else:
        document.add_paragraph("Geen wijzigingen in de tekst.")
    unchanged = redline.unchanged_summary()
    if unchanged:
        document.add_paragraph(xml_safe(f"Ongewijzigd: {unchanged}."))
    if redline.registry:
        document.add_paragraph("Partijenregister (geen wijziging van de tekst)", style="Heading 3")
        for change in redline.registry:
            document.add_paragraph(xml_safe(change), style="List Bullet")


def add_references(document, references) -> None:
    """The "Verwijzingen" (lint.moved.ReferenceChanges) as plain, untracked paragraphs: an old
    number struck through, a space, the new one underlined."""
    if not references:
        return
    document.add_paragraph("Verwijzingen", style="Heading 2")
    if references.symbolic:
        document.add_paragraph(SYMBOLIC_HEAD, style="Heading 3")
        for change in references.symbolic:
            paragraph = document.add_paragraph(xml_safe(f"{change.lead} "), style="List Bullet")
            paragraph.add_run(xml_safe(change.old)).font.strike = True
            paragraph.add_run(" ")
            paragraph.add_run(xml_safe(change.new)).font.underline = True
    if references.literal:
        document.add_paragraph(LITERAL_HEAD, style="Heading 3")
        for move in references.literal:
            document.add_paragraph(xml_safe(move.dutch), style="List Bullet")


def _cover(document, redline: Redline, heading: str, proposal: Proposal | None = None,
           toelichting=None) -> None:
    """Everything before the tracked text, untracked: title and sides, a proposal's decision,
    the consequence, the overview, the references, a proposal's toelichting; then, on a new
    page, the heading RENVOOI_HEADING (where tests.docx_changes.after_cover cuts)."""
    _title(document, redline, heading, proposal)
    if proposal is not None:
        _decision(document, proposal)
    _summary(document, redline)
    add_references(document, redline.references)
    if toelichting is not None:
        document.add_paragraph("Toelichting", style="Heading 2")
        document.add_paragraph(xml_safe(toelichting.titel), style="Heading 3")
        DocxBlocks(document).render(toelichting.blocks)
    note = document.add_paragraph(TRACKING_NOTE)
    note.paragraph_format.space_before = Pt(12)
    document.add_page_break()
    document.add_paragraph(RENVOOI_HEADING, style="Heading 2")


def _render(redline: Redline, heading: str, proposal: Proposal | None = None,
            toelichting=None) -> bytes:
    document = new_document()
    _setup_page(document, redline, heading)
    _setup_settings(document, redline, heading)
    _cover(document, redline, heading, proposal, toelichting)
    revisions = Revisions(redline.new_meta)
    marks: set[str] = set()
    for index, para in enumerate(redline_paragraphs(redline)):
        _write_para(document, para, revisions, marks)
        if index == 0:  # the texts it leads from (a git commit) and to (its fingerprint)
            bookmark(document.paragraphs[-1]._p, f"{RENVOOI_MARK_PREFIX}"
                  f"{redline.new_doc.fingerprint[:TEXT_MARK_DIGITS]}", MARK_IDS, empty=True)
            if redline.old_meta.get("commit"):
                bookmark(document.paragraphs[-1]._p, f"{OLD_MARK_PREFIX}"
                      f"{redline.old_meta['commit'][:TEXT_MARK_DIGITS]}", MARK_IDS - 1, empty=True)
    return docx_bytes(document)


def render_redline_docx(redline: Redline) -> bytes:
    """The renvooi as DOCX bytes: a cover with the sides, the consequence, the overview of the
    changes and the "Verwijzingen" (as the HTML and PDF have them), then, after the heading
    RENVOOI_HEADING, the whole convenant text with every change as a tracked change."""
    return _render(redline, "Renvooi")


def render_proposal_docx(redline: Redline, toelichting, proposal: Proposal | None = None) -> bytes:
    """The wijzigingsvoorstel for the Stuurgroep: the renvooi's cover with the memo lines (Aan,
    Van, Datum, Onderwerp) and the proposed decision, and the toelichting
    (model.amendment.Amendment: its titel and text), then the tracked-changes renvooi.
    ``proposal`` defaults to one dated the build day (generator.proposal)."""
    if proposal is None:
        proposal = make_proposal(redline, build_day().date())
    return _render(redline, "Wijzigingsvoorstel", proposal, toelichting)


__all__ = ["DEFAULT_AUTHOR", "Para", "RENVOOI_HEADING", "Revisions", "TRACKING_NOTE", "redline_paragraphs",
           "render_proposal_docx", "render_redline_docx", "revision_date"]
