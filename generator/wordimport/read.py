"""An edited DOCX read as paragraphs: the first stage of ``convenant import`` (issue 19).

The DOCX of ``convenant build`` wraps every paragraph that comes from a clause file in a
bookmark whose name starts with ``cv`` and carries one hidden bookmark with the revision it
was made from (``_cvrev_<revision>``; ``_cvtekst_<fingerprint>`` is read the same way). Word
and LibreOffice keep bookmarks when a lawyer edits with track changes on, so the paragraphs
read here can be mapped back; this module knows nothing of clause files.

How a file is read (lxml on the package's parts; python-docx does not model tracked changes):

* Paragraphs in reading order: those of the body and those inside tables (``in_table``) and
  content controls. Text is the *accepted* text: ``w:ins`` and ``w:moveTo`` kept, ``w:del``,
  ``w:moveFrom`` and ``w:delText`` dropped; ``original_text`` is the text with every change
  rejected (what was exported).
* A paragraph whose mark is tracked as deleted (``w:pPr/w:rPr/w:del`` or ``w:moveFrom``) and
  that keeps accepted text joins the next paragraph of the same body or table cell, as on
  "accept all"; the joined paragraph keeps the first one's style and numbering, the bookmarks
  and comments of both and ``originals`` of both. A paragraph with no accepted text whose
  mark is deleted is listed with ``deleted`` (its runs empty): its bookmarks say what went.
  A paragraph in a table row tracked as deleted is ``deleted`` too.
* A moved paragraph (Word's ``w:moveFrom``/``w:moveTo``): the source is ``deleted`` with
  ``moved == "from"``, the destination ``inserted`` with ``moved == "to"``.
* ``w:tab`` and ``w:ptab`` read as "\\t", ``w:br`` and ``w:cr`` as "\\n"; a page or column
  break reads as nothing (LibreOffice writes one for "page break before"), a non-breaking
  hyphen as "-", a soft hyphen as nothing. Fields (``w:fldSimple`` and ``w:fldChar`` ones,
  which may span paragraphs like the table of contents) give their result text, in runs with
  ``field`` set; their instructions are listed in the paragraph that holds them.
* Bold and italic are effective values: the run's own properties, else its character style's
  (followed through ``basedOn``); a paragraph style's bold (a heading's) is not the text's.
  Adjacent runs of the same kind are joined.
* Formatting other than bold, italic and list structure (underline, colour, fonts, sizes, an
  alignment other than the style's, images, footnotes, tables, ...) is collected once, in
  ``Edited.formatting``, for the import to report as ignored (``describe_formatting``).

A file that is not a DOCX is refused with one line naming it (``UsageError``). Hostile files:
every part read is limited in size (``XML_LIMIT``; a zip bomb stops there), XML is parsed
without resolving entities, without network and without huge trees, and a part with a DTD is
refused (a DOCX never has one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import qn

from ..errors import UsageError
from ..i18n import N_, _
from .package import (Refused, Styles, alignment, integer, on_off, read_package,
                      run_formatting)

MARK_PREFIX = "cv"
"""Bookmarks around the paragraphs that come from the clause files start with this."""
REVISION_PREFIXES = ("_cvrev_", "_cvtekst_")
"""The hidden bookmark naming what the DOCX was made from; ``Edited.revision`` is the rest."""
FORMATTING = (N_("underline"), N_("colour"), N_("highlight"), N_("shading"), N_("font"),
              N_("font size"), N_("strikethrough"), N_("capitals"),
              N_("superscript or subscript"), N_("hidden text"), N_("character style"),
              N_("alignment"), N_("image"), N_("footnote"), N_("table"))
"""The names ``Edited.formatting`` holds (English, translated by ``describe_formatting``), in
the order they are reported."""

INSERTED = {qn("w:ins"), qn("w:moveTo")}
DELETED = {qn("w:del"), qn("w:moveFrom")}
MARK_KINDS = {qn("w:ins"): "ins", qn("w:del"): "del", qn("w:moveTo"): "moveTo",
              qn("w:moveFrom"): "moveFrom"}
INLINE_WRAPPERS = {qn(f"w:{tag}") for tag in ("hyperlink", "smartTag", "customXml",
                                              "sdtContent", "dir", "bdo")}
BLOCK_WRAPPERS = {qn("w:customXml"), qn("w:sdtContent")}
PIECES = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:cr"): "\n",
          qn("w:noBreakHyphen"): "-", qn("w:softHyphen"): ""}
OBJECTS = {qn("w:drawing"): "image", qn("w:pict"): "image", qn("w:object"): "image",
           qn("w:footnoteReference"): "footnote", qn("w:endnoteReference"): "footnote"}


@dataclass(frozen=True)
class TextRun:
    """A piece of accepted text with its effective bold and italic."""

    text: str
    bold: bool = False
    italic: bool = False
    field: bool = False
    """The text is a field's result (a cross-reference, a page number, the TOC)."""


@dataclass(frozen=True)
class Numbering:
    """A paragraph's list: its ``w:numPr`` (or its style's)."""

    num_id: int | None
    level: int
    from_style: bool
    """The paragraph style makes it a list item (no ``w:numId`` of its own)."""


@dataclass
class Para:
    """One paragraph of the edited document, as it reads with every change accepted."""

    index: int
    runs: list[TextRun]
    originals: tuple[str, ...]
    """The text of each document paragraph it is made of, changes rejected (one, unless a
    deleted paragraph mark joined several)."""
    bookmarks: list[str] = field(default_factory=list)
    """The ``cv`` bookmarks that start in it."""
    within: list[str] = field(default_factory=list)
    """The ``cv`` bookmarks that cover it (started here or in an earlier paragraph)."""
    deleted: bool = False
    """The whole paragraph, its mark included, is a tracked deletion: it is gone."""
    inserted: bool = False
    """Its paragraph mark is a tracked insertion. Enter at the end of a paragraph makes *that*
    paragraph's mark the inserted one (Word and LibreOffice): the new paragraph carries the old
    mark. A paragraph the user added is one without a bookmark and with an empty
    ``original_text``."""
    moved: str | None = None
    """"from" (the source of a move: deleted) or "to" (its destination: inserted)."""
    style: str | None = None
    numbering: Numbering | None = None
    comments: list[str] = field(default_factory=list)
    """Ids of the comments anchored in it."""
    in_table: bool = False
    fields: list[str] = field(default_factory=list)
    """The instructions of the fields in it ("PAGEREF _Toc00000001 \\h")."""
    formatting: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def original_text(self) -> str:
        """The text as exported (every change rejected); joined paragraphs with "\\n"."""
        return "\n".join(self.originals)

    @property
    def merged(self) -> bool:
        return len(self.originals) > 1


@dataclass(frozen=True)
class Comment:
    """A Word comment (``word/comments.xml``)."""

    id: str
    author: str
    date: str | None
    text: str
    """Its paragraphs joined with "\\n"."""
    paragraph: int | None
    """Index of the paragraph it is anchored to (its range's start, else its reference)."""


@dataclass
class Edited:
    """What ``read_docx`` found in an edited DOCX."""

    path: Path
    paragraphs: list[Para]
    comments: dict[str, Comment]
    formatting: set[str]
    """Names (FORMATTING) of the formatting found other than bold, italic and lists."""
    revision: str | None
    """The revision the DOCX was made from; None for a DOCX not made by this project."""
    bookmarks: dict[str, tuple[int, ...]]
    """Each ``cv`` bookmark → the indices of the paragraphs it covers, in order."""
    hidden: dict[str, str] = field(default_factory=dict)
    """The hidden marks (``_cvrenvooi_``, ``_cvoud_``, ...): prefix → the rest of the name."""

    def accepted(self) -> list[Para]:
        """The paragraphs that remain when every change is accepted."""
        return [para for para in self.paragraphs if not para.deleted]


def describe_formatting(names) -> str:
    """``names`` (of FORMATTING) translated, in a fixed order: "onderstreping, kleur"."""
    return ", ".join(_(name) for name in FORMATTING if name in names)


def read_docx(path) -> Edited:
    """The paragraphs, comments and marks of the DOCX at ``path``; a file that is not one is
    refused with one line naming it (``UsageError``)."""
    path = Path(path)
    try:
        document, comments, styles = read_package(path)
    except Refused as refused:
        raise UsageError(_("{path}: is not a Word document (.docx): {reason}")
                         .format(path=path, reason=refused.reason)) from None
    walker = _Walker(Styles(styles))
    body = document.find(qn("w:body"))
    if body is not None:
        walker.block(body, body)
    return _assemble(path, walker, comments)


# Paragraphs ----------------------------------------------------------------------------------

@dataclass
class _Raw:
    """One ``w:p`` as read, before deleted paragraph marks join paragraphs."""

    container: object
    """The body or the table cell it is in: marks join paragraphs only inside one."""
    in_table: bool
    row_deleted: bool
    runs: list[TextRun] = field(default_factory=list)
    original: list[str] = field(default_factory=list)
    mark: str | None = None
    """"ins", "del", "moveTo" or "moveFrom" when its paragraph mark is tracked."""
    starts: list[tuple[str, str]] = field(default_factory=list)
    """(id, name) of the bookmarks that start in it."""
    ends: list[str] = field(default_factory=list)
    comment_starts: list[str] = field(default_factory=list)
    comment_refs: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    formatting: set[str] = field(default_factory=set)
    style: str | None = None
    numbering: Numbering | None = None

    @property
    def removed(self) -> bool:
        """Its mark goes on accepting."""
        return self.mark in ("del", "moveFrom")

    @property
    def deleted(self) -> bool:
        return self.row_deleted or (self.removed and not any(run.text for run in self.runs))


class _Walker:
    """Goes through the body in reading order and reads each paragraph into a ``_Raw``."""

    def __init__(self, styles: Styles):
        self.styles = styles
        self.raws: list[_Raw] = []
        self.fields: list[list] = []
        """The fields open here, innermost last: ["instr" or "result", instruction parts]."""
        self.pending: tuple[list, list] = ([], [])
        """Bookmarks and comment ranges that start between paragraphs: for the next one."""
        self.formatting: set[str] = set()

    def block(self, parent, container, in_table: bool = False, row_deleted: bool = False):
        for child in parent:
            tag = child.tag
            if tag == qn("w:p"):
                self.paragraph(child, container, in_table, row_deleted)
            elif tag == qn("w:tbl"):
                self.formatting.add("table")
                self.table(child, row_deleted)
            elif tag == qn("w:sdt") and child.find(qn("w:sdtContent")) is not None:
                self.block(child.find(qn("w:sdtContent")), container, in_table, row_deleted)
            elif tag in BLOCK_WRAPPERS:
                self.block(child, container, in_table, row_deleted)
            elif tag == qn("w:bookmarkStart"):
                self.pending[0].append((child.get(qn("w:id")), child.get(qn("w:name"), "")))
            elif tag == qn("w:bookmarkEnd") and self.raws:
                self.raws[-1].ends.append(child.get(qn("w:id")))
            elif tag == qn("w:commentRangeStart"):
                self.pending[1].append(child.get(qn("w:id")))

    def table(self, table, row_deleted: bool) -> None:
        for row in table.iterfind(qn("w:tr")):
            deleted = row_deleted or row.find(f"{qn('w:trPr')}/{qn('w:del')}") is not None
            for cell in row.iterfind(qn("w:tc")):
                self.block(cell, cell, True, deleted)

    def paragraph(self, p, container, in_table: bool, row_deleted: bool) -> None:
        raw = _Raw(container, in_table, row_deleted)
        (raw.starts, raw.comment_starts), self.pending = self.pending, ([], [])
        self.properties(raw, p.find(qn("w:pPr")))
        self.inline(raw, p, False, False)
        self.raws.append(raw)

    def properties(self, raw: _Raw, ppr) -> None:
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = style.get(qn("w:val")) if style is not None else None
        raw.style = self.styles.name(style_id)
        raw.numbering = self.numbering(ppr, style_id)
        if ppr is None:
            return
        mark = ppr.find(qn("w:rPr"))
        kinds = [MARK_KINDS[child.tag] for child in (mark if mark is not None else ())
                 if child.tag in MARK_KINDS]
        raw.mark = kinds[0] if kinds else None
        jc = ppr.find(qn("w:jc"))
        if jc is not None and alignment(jc) != alignment(self.styles.first(style_id,
                                                                             "w:pPr/w:jc")):
            raw.formatting.add("alignment")

    def numbering(self, ppr, style_id: str | None) -> Numbering | None:
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        direct = integer(numpr.find(qn("w:numId"))) if numpr is not None else None
        level = integer(numpr.find(qn("w:ilvl"))) if numpr is not None else None
        if direct == 0:
            return None  # numId 0: explicitly not a list item
        inherited = integer(self.styles.first(style_id, "w:pPr/w:numPr/w:numId"))
        if direct is None and not inherited:
            return None
        if level is None:
            level = integer(self.styles.first(style_id, "w:pPr/w:numPr/w:ilvl")) or 0
        return Numbering(direct if direct is not None else inherited, level, direct is None)

    def inline(self, raw: _Raw, parent, inserted: bool, deleted: bool) -> None:
        for child in parent:
            tag = child.tag
            if tag == qn("w:r"):
                self.run(raw, child, inserted, deleted)
            elif tag in INSERTED or tag in DELETED:
                self.inline(raw, child, inserted or tag in INSERTED, deleted or tag in DELETED)
            elif tag == qn("w:fldSimple"):
                if not deleted:
                    raw.fields.append(" ".join(child.get(qn("w:instr"), "").split()))
                self.fields.append(["result", []])
                self.inline(raw, child, inserted, deleted)
                self.fields.pop()
            elif tag == qn("w:sdt") and child.find(qn("w:sdtContent")) is not None:
                self.inline(raw, child.find(qn("w:sdtContent")), inserted, deleted)
            elif tag in INLINE_WRAPPERS:
                self.inline(raw, child, inserted, deleted)
            elif tag == qn("w:bookmarkStart"):
                raw.starts.append((child.get(qn("w:id")), child.get(qn("w:name"), "")))
            elif tag == qn("w:bookmarkEnd"):
                raw.ends.append(child.get(qn("w:id")))
            elif tag == qn("w:commentRangeStart"):
                raw.comment_starts.append(child.get(qn("w:id")))

    def run(self, raw: _Raw, run, inserted: bool, deleted: bool) -> None:
        bold, italic, formatting = self.run_properties(run.find(qn("w:rPr")))
        for child in run:
            tag = child.tag
            if tag == qn("w:fldChar"):
                self.field_char(raw, child, deleted)
            elif tag in (qn("w:instrText"), qn("w:delInstrText")):
                if self.fields:
                    self.fields[-1][1].append(child.text or "")
            elif any(frame[0] == "instr" for frame in self.fields):
                continue  # a nested field's result inside an instruction
            elif tag == qn("w:commentReference"):
                raw.comment_refs.append(child.get(qn("w:id")))
            elif tag in OBJECTS:
                if not deleted:
                    raw.formatting.add(OBJECTS[tag])
            else:
                text = self.piece(child)
                if text is None:
                    continue
                if text and not deleted and tag != qn("w:delText"):
                    raw.runs.append(TextRun(text, bold, italic, bool(self.fields)))
                    raw.formatting |= formatting
                if not inserted:
                    raw.original.append(text)

    def piece(self, child) -> str | None:
        """The text of one element of a run (None: no text)."""
        tag = child.tag
        if tag in (qn("w:t"), qn("w:delText")):
            return child.text or ""
        if tag in PIECES:
            return PIECES[tag]
        if tag == qn("w:br"):
            # a page or column break is layout (LibreOffice writes one for a page break before)
            return None if child.get(qn("w:type")) in ("page", "column") else "\n"
        if tag == qn("w:sym"):
            try:
                code = int(child.get(qn("w:char"), ""), 16)
            except ValueError:
                return None
            return None if 0xF000 <= code <= 0xF0FF else chr(code)  # a symbol font's glyph
        return None

    def field_char(self, raw: _Raw, char, deleted: bool) -> None:
        kind = char.get(qn("w:fldCharType"))
        if kind == "begin":
            self.fields.append(["instr", []])
        elif kind in ("separate", "end") and self.fields:
            frame = self.fields[-1]
            if frame[0] == "instr" and not deleted:
                raw.fields.append(" ".join("".join(frame[1]).split()))
            frame[0] = "result"
            if kind == "end":
                self.fields.pop()

    def run_properties(self, rpr) -> tuple[bool, bool, set[str]]:
        """(bold, italic, other formatting) of a run: its own, else its character style's."""
        if rpr is None:
            return False, False, set()
        style = rpr.find(qn("w:rStyle"))
        bold, italic, _simple = self.styles.character(style.get(qn("w:val"))
                                                      if style is not None else None)
        own_bold, own_italic = on_off(rpr.find(qn("w:b"))), on_off(rpr.find(qn("w:i")))
        return (bold if own_bold is None else own_bold,
                italic if own_italic is None else own_italic, run_formatting(rpr, self.styles))


# The edited document -------------------------------------------------------------------------

def _groups(raws: list[_Raw]) -> list[list[int]]:
    """The raw paragraphs each paragraph is made of: one whose mark is deleted joins the next
    one that is not deleted in the same body or cell (deleted ones in between stay apart)."""
    groups: list[list[int]] = []
    joining: int | None = None
    for index, raw in enumerate(raws):
        if raw.deleted:
            groups.append([index])
        else:
            if joining is None:
                groups.append([])
                joining = len(groups) - 1
            groups[joining].append(index)
            if not raw.removed:
                joining = None
        if index + 1 == len(raws) or raws[index + 1].container is not raw.container:
            joining = None  # the last mark of a body or cell stays
    return groups


def _joined(runs: list[TextRun]) -> list[TextRun]:
    """Adjacent runs of the same kind as one."""
    out: list[TextRun] = []
    for run in runs:
        if out and (out[-1].bold, out[-1].italic, out[-1].field) == (run.bold, run.italic,
                                                                     run.field):
            out[-1] = TextRun(out[-1].text + run.text, run.bold, run.italic, run.field)
        else:
            out.append(run)
    return out


def _bookmarks(raws: list[_Raw]) -> tuple[dict[str, tuple[int, int]], str | None, dict]:
    """Each ``cv`` bookmark → (index of the raw paragraph it starts in, of the one it ends in);
    the revision of the hidden bookmark; every hidden ``_cv..._`` bookmark, prefix → rest."""
    spans: dict[str, tuple[int, int]] = {}
    revision = None
    hidden: dict[str, str] = {}
    open_: dict[str, tuple[str, int]] = {}
    for index, raw in enumerate(raws):
        for mark_id, name in raw.starts:
            prefix = next((p for p in REVISION_PREFIXES if name.startswith(p)), None)
            if name.startswith("_cv") and "_" in name[3:]:
                key, _sep, rest = name[1:].partition("_")
                hidden.setdefault(f"_{key}_", rest)
            if prefix is not None and revision is None:
                revision = name[len(prefix):]
            elif name.startswith(MARK_PREFIX) and name not in spans:
                spans[name] = (index, index)
                open_[mark_id] = (name, index)
        for mark_id in raw.ends:
            if mark_id in open_:
                name, start = open_.pop(mark_id)
                spans[name] = (start, index)
    return spans, revision, hidden


def _para(number: int, parts: list[_Raw]) -> Para:
    first, last = parts[0], parts[-1]
    deleted = len(parts) == 1 and first.deleted
    moved = ("from" if deleted and first.mark == "moveFrom"
             else "to" if not deleted and last.mark == "moveTo" else None)
    return Para(
        index=number, runs=[] if deleted else _joined([r for part in parts for r in part.runs]),
        originals=tuple("".join(part.original) for part in parts),
        bookmarks=[name for part in parts for _id, name in part.starts
                   if name.startswith(MARK_PREFIX)],
        deleted=deleted, inserted=not deleted and last.mark in ("ins", "moveTo"), moved=moved,
        style=first.style, numbering=first.numbering, in_table=first.in_table,
        fields=[instr for part in parts for instr in part.fields],
        formatting=set() if deleted else set().union(*(part.formatting for part in parts)))


def _assemble(path: Path, walker: _Walker, comments_root) -> Edited:
    raws = walker.raws
    groups = _groups(raws)
    para_of = {index: number for number, group in enumerate(groups) for index in group}
    paragraphs = [_para(number, [raws[i] for i in group]) for number, group in enumerate(groups)]
    spans, revision, hidden = _bookmarks(raws)
    bookmarks = {name: tuple(sorted({para_of[i] for i in range(start, end + 1)}))
                 for name, (start, end) in spans.items()}
    for name, covered in bookmarks.items():
        for number in covered:
            paragraphs[number].within.append(name)
    anchors: dict[str, int] = {}
    for index, raw in enumerate(raws):
        for comment_id in raw.comment_starts:
            anchors.setdefault(comment_id, para_of[index])
    for index, raw in enumerate(raws):
        for comment_id in raw.comment_refs:
            anchors.setdefault(comment_id, para_of[index])
    for comment_id, number in anchors.items():
        paragraphs[number].comments.append(comment_id)
    formatting = set(walker.formatting).union(*(p.formatting for p in paragraphs))
    return Edited(path, paragraphs, _comments(comments_root, anchors), formatting, revision,
                  bookmarks, hidden)


def _comments(root, anchors: dict[str, int]) -> dict[str, Comment]:
    out: dict[str, Comment] = {}
    for comment in root.iterfind(qn("w:comment")) if root is not None else ():
        comment_id = comment.get(qn("w:id"))
        walker = _Walker(Styles(None))
        walker.block(comment, comment)
        text = "\n".join("".join(run.text for run in raw.runs)
                         for raw in walker.raws if not raw.deleted)
        out[comment_id] = Comment(comment_id, comment.get(qn("w:author"), ""),
                                  comment.get(qn("w:date")), text, anchors.get(comment_id))
    return out
