"""What an edited DOCX changes in the clause files: the plan of ``convenant import``.

The DOCX was exported from a region's assembled text (``base``); each paragraph written from a
clause file carries its mark (render/docx_marks.py). Reading the edited DOCX (read.py), each
paragraph is one of:

- a marked paragraph: unchanged, changed (its text rewritten in the clause file, rewrite.py),
  or deleted (tracked, or gone);
- a paragraph without a mark right after a marked one (or after another such paragraph): new
  text, inserted after it as a list item (when it is one in Word), a paragraph of the same lid,
  or a new lid after the lid it follows;
- text the export generated (title page, headings, party lists, signature blocks): it must be
  as exported.

What cannot be mapped is collected (``Plan.unmapped``, each with its text) and nothing is
written: a marked paragraph that moved, two marked paragraphs joined into one, text typed or
changed outside the marked paragraphs.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import _
from ..model.blocks import Heading, Item, Paragraph, Run, walk
from ..render.docx_marks import MARK_PREFIX, mark_name, source_key
from .rewrite import WORD, _chars

NUMBER = r"^\s*\d+(?:\.\d+)*\.?\t?"
HEADING = re.compile(r"^\s*Artikel\s+\d+\s*[.:]?\s*", re.I)
"""The number before an article's title ("Artikel 6. "): numbers are computed."""


@dataclass
class Marked:
    """A paragraph of the exported text that carries a mark: where it is written."""

    name: str
    path: Path
    line: int
    block: object
    place: object
    """The document's Place (article and lid, or part/annex section) that holds it."""
    item: Item | None
    """The list item it opens, when it is an item's first paragraph."""
    number: str
    """The lid number printed before it ("4.2"), when it opens a numbered lid."""
    last_of_lid: bool
    """No other marked paragraph of the same lid follows it."""
    kind: str = "text"
    """"text", or "title" for an article's heading (its ``titel``)."""

    @property
    def where(self) -> str:
        place = self.place
        if place.lid is not None and place.lid.number:
            return f"artikel {place.lid.number}"
        if place.article is not None:
            return f"artikel {place.article.number}"
        if place.annex is not None:
            return place.annex.label or place.annex.title
        return place.part.title if place.part is not None else ""


@dataclass
class Title:
    """An article's title as a block: its runs, and the line of its ``titel``."""

    runs: list
    line: int


def marked_paragraphs(doc) -> dict[str, Marked]:
    """Every marked paragraph of ``doc``, in reading order (the marks render_docx writes)."""
    from ..model.document import Place

    found: dict[str, Marked] = {}
    titled = set()
    for place in doc.parts():
        key = source_key(place.path)
        if key is None:
            continue
        article = place.article
        if article is not None and id(article) not in titled and article.title_line:
            titled.add(id(article))
            name = mark_name(key, article.title_line)
            found[name] = Marked(name, place.path, article.title_line,
                                 Title(article.title_runs, article.title_line),
                                 Place(place.path, [], article=article), None, "", False, "title")
        in_place = []
        for visit in walk(place.blocks):
            node = visit.node
            if not isinstance(node, (Paragraph, Heading)) or not node.line:
                continue
            parent = visit.parent
            item = parent if isinstance(parent, Item) and parent.blocks[:1] == [node] else None
            lid = place.lid
            opens = lid is not None and lid.number and lid.blocks[:1] == [node]
            number = lid.number if opens else ""
            name = mark_name(key, node.line)
            found[name] = Marked(name, place.path, node.line, node, place, item, number, False)
            in_place.append(name)
        if in_place:
            found[in_place[-1]].last_of_lid = True
    return found


def text_runs(runs) -> list[Run]:
    """The runs read from Word as the model's runs (text, bold, italic)."""
    return [Run(run.text, bool(run.bold), bool(run.italic)) for run in runs if run.text]


def without_number(runs: list[Run], number: str) -> list[Run]:
    """``runs`` without the lid number the export printed before the text ("4.2.\\t")."""
    if not number or not runs:
        return runs
    out = [Run(r.text, r.bold, r.italic) for r in runs]
    while out:
        stripped = re.sub(NUMBER, "", out[0].text, count=1) if out[0].text.strip() else ""
        if stripped == out[0].text:
            break
        out[0].text = stripped
        if out[0].text:
            break
        out.pop(0)
    return out


@dataclass
class Change:
    marked: Marked
    runs: list[Run]
    """The paragraph's new text (from Word)."""


@dataclass
class Insertion:
    after: Marked
    runs: list[Run]
    as_item: bool
    """The new paragraph is a list item in Word."""
    order: int
    """Its place among the paragraphs inserted after the same one."""
    heading: bool = False
    """It is a ``Heading 1`` in Word: the title of a new article (wordimport/articles.py)."""


@dataclass
class Unmapped:
    where: str
    text: str
    why: str


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    deletions: list[Marked] = field(default_factory=list)
    insertions: list[Insertion] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    comments: list[tuple[object, Marked | None]] = field(default_factory=list)
    """(read.Comment, the marked paragraph it is attached to, or the one before it)."""


def _same(a: list[Run], b: list[Run]) -> bool:
    return _chars(a) == _chars(b)


def _skipped(para) -> bool:
    """The table of contents: fields a client may update on its own (page numbers)."""
    return bool(para.fields) or (para.style or "").lower().startswith("toc")


def plan(edited, base_marks: dict[str, Marked], generated: dict[str | None, list[tuple]],
         accepted: dict[str, str] | None = None) -> Plan:
    """The plan for ``edited`` (read.Edited) against the exported text: ``base_marks`` (its
    marked paragraphs, in order) and ``generated`` (per mark, (text as exported, text with
    changes accepted, deleted) of the export's paragraphs without a mark that follow it before
    the next mark; None: before the first; the table of contents left out). ``accepted``: for
    a renvooi, the text of each marked paragraph as exported (its labels and the amendment's
    changes accepted), against which an edit is found."""
    result = Plan()
    order = {name: index for index, name in enumerate(base_marks)}
    accounted: list[str] = []
    gaps: dict[str | None, list] = {None: []}
    gap: str | None = None
    by_index: dict[int, Marked] = {}
    for para in edited.paragraphs:
        if _skipped(para):
            continue
        marks = [m for m in para.bookmarks if m.startswith(MARK_PREFIX) and m in base_marks]
        if not marks:
            if (para.original_text or para.text).strip():
                gaps.setdefault(gap, []).append(para)
            continue
        if len(marks) > 1 or para.merged:
            accounted += marks
            result.unmapped.append(Unmapped(base_marks[marks[0]].where, para.text,
                                            _("paragraphs joined into one")))
            continue
        marked = base_marks[marks[0]]
        if marks[0] in accounted:  # its mark twice: copied by a tool that keeps bookmarks
            result.unmapped.append(Unmapped(marked.where, para.text,
                                            _("a paragraph appears twice")))
            continue
        by_index[para.index] = marked
        moved = bool(para.moved) or bool(accounted and order[marks[0]] < order[accounted[-1]])
        accounted.append(marks[0])
        if moved:
            result.unmapped.append(Unmapped(marked.where, para.original_text or para.text,
                                            _("a paragraph moved to another place")))
            continue
        gap = marks[0]
        gaps.setdefault(gap, [])
        _marked(result, para, marked, accepted)
    # the export's text after a paragraph that is gone (deleted without tracking: its mark went
    # with it) now follows the paragraph before it
    expected: dict[str | None, list[str]] = {None: []}
    current = None
    for name in [None, *base_marks]:
        if name is not None and name in accounted:
            current = name
        expected.setdefault(current, []).extend(generated.get(name, []))
    for key in set(gaps) | set(expected):
        _gap(result, base_marks.get(key), expected.get(key, []), gaps.get(key, []))
    result.deletions += [base_marks[name] for name in base_marks if name not in accounted]
    for comment in edited.comments.values():
        start = comment.paragraph if comment.paragraph is not None else -1
        attached = next((by_index[i] for i in range(start, -1, -1) if i in by_index), None)
        result.comments.append((comment, attached))
    return result


def _marked(result: Plan, para, marked: Marked, accepted: dict[str, str] | None) -> None:
    """A marked paragraph that stays where it was: deleted, changed or as it was."""
    if para.deleted:
        result.deletions.append(marked)
    elif accepted is not None:  # a renvooi: compared with its own text as exported
        if para.text != accepted.get(marked.name):
            result.changes.append(Change(marked, transformed(
                marked.block.runs, unlabelled(accepted.get(marked.name, "")),
                unlabelled(para.text))))
    else:
        runs = without_number(text_runs(para.runs), marked.number)
        if marked.kind == "title":
            runs = without_heading(runs)
        if not _same(runs, marked.block.runs):
            result.changes.append(Change(marked, runs))


def without_heading(runs: list[Run]) -> list[Run]:
    """An article heading's runs without "Artikel 4. " (numbers are computed)."""
    out = [Run(r.text, r.bold, r.italic) for r in runs]
    if out:
        out[0].text = HEADING.sub("", out[0].text)
    return [r for r in out if r.text]


def _gap(result: Plan, anchor: Marked | None, exported: list[str], found: list) -> None:
    """The paragraphs without a mark after ``anchor`` (None: before the first mark): those the
    export wrote must be there as they were; new ones right after ``anchor`` are insertions;
    anything else cannot be mapped."""
    keys = [para.original_text or para.text for para in found]
    matcher = difflib.SequenceMatcher(None, [e[0] for e in exported], keys, autojunk=False)
    after = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for was, para in zip(exported[i1:i2], found[j1:j2]) if tag == "equal" else ():
            if (para.text, para.deleted) != (was[1], was[2]):
                result.unmapped.append(Unmapped("", para.original_text, _(
                    "text that is not in the clause files changed")))
        if tag == "equal":
            continue
        for para in found[j1:j2]:
            if para.deleted or not para.text.strip():
                continue
            if tag == "insert" and i1 == 0 and anchor is not None:
                heading = (para.style or "").replace(" ", "").lower() == "heading1"
                result.insertions.append(Insertion(anchor, text_runs(para.runs),
                                                   para.numbering is not None, after, heading))
                after += 1
            else:
                result.unmapped.append(Unmapped("", para.text, _(
                    "text typed outside the paragraphs of the clause files")))
        # (a paragraph the export showed as deleted may go: its deletion was accepted)
        result.unmapped += [Unmapped("", was[0], _("text that is not in the clause files deleted"))
                            for was in exported[i1:i2] if not was[2]]


def unlabelled(text: str) -> str:
    """A renvooi paragraph's text without its labels (lid number, item letter: each up to a
    TAB)."""
    return re.sub(r"^(?:[^\t]*\t)+", "", text)


def transformed(runs: list[Run], old: str, new: str) -> list[Run]:
    """``runs`` (a paragraph as the clause file has it, with bold and italic) with the edit
    that turned ``old`` into ``new`` (the paragraph as the renvooi prints it: spaces collapsed,
    no emphasis) applied: what is kept keeps its style, what is new is plain."""
    chars = _chars(runs)
    text = "".join(ch for ch, _b, _i in chars)
    index, space = [], True
    for k, ch in enumerate(text):
        if ch.isspace() and space:
            continue
        index.append(k)
        space = ch.isspace()
    while index and text[index[-1]].isspace():
        index.pop()
    if "".join(" " if text[k].isspace() else text[k] for k in index) != old:
        return [Run(new)]  # not the printed form of these runs: the new text as it is
    olds = [(m.group(0), m.start(), m.end()) for m in WORD.finditer(old)]
    news = [(m.group(0), m.start(), m.end()) for m in WORD.finditer(new)]
    out: list[tuple[str, bool, bool]] = []
    matcher = difflib.SequenceMatcher(None, [u[0] for u in olds], [u[0] for u in news],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += [chars[index[p]] for u in olds[i1:i2] for p in range(u[1], u[2])]
        else:
            out += [(ch, False, False) for u in news[j1:j2] for ch in u[0]]
    grouped: list[Run] = []
    for ch, bold, italic in out:
        if grouped and (grouped[-1].bold, grouped[-1].italic) == (bold, italic):
            grouped[-1].text += ch
        else:
            grouped.append(Run(ch, bold, italic))
    return grouped
