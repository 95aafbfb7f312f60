"""Where the paragraphs, list items and leden of one clause file are written, and its edits.

``ClauseText`` reads a clause file's lines with the parser the model uses (markdown-it, the
same options), so that a block's line (``Paragraph.line``, ``Item.line``) finds its lines here.
Edits are collected per file and applied at once, from the bottom up, so that the line numbers
of the file as read stay valid until then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.clauses import _MD

PREFIX = re.compile(r"^(\s*(?:#{3,6}\s+|[-*+]\s+|\d+[.)]\s+)?(?:#[a-z0-9-]+\s+)?(?:@[\w-]+\s+)*)")
"""What precedes a block's text on its first line: a subheading's or a list item's marker, an
item's id, region marks. Kept when the text is rewritten."""


STOPWORDS = set("de het een van en in op te voor met door aan bij tot om of dat die is zijn "
                "wordt worden er ook als naar uit over".split())
"""Left out of a fresh id made from a text's first words."""


@dataclass
class Segment:
    id: str
    regions: tuple[str, ...]
    """() for a lid shared by every region."""
    start: int
    """0-based index of its ``##`` line."""
    end: int
    """0-based index after its last line (the next ``##`` line, or the end of the file)."""


@dataclass
class ClauseText:
    """The lines of one clause file and the spans of its blocks (0-based, end exclusive)."""

    text: str
    lines: list[str] = field(init=False)
    paragraphs: dict[int, tuple[int, int]] = field(init=False, default_factory=dict)
    """1-based first line -> span, for paragraphs and ``###`` subheadings."""
    items: dict[int, tuple[int, int]] = field(init=False, default_factory=dict)
    """1-based first line -> span of a whole list item (its nested blocks included)."""
    segments: list[Segment] = field(init=False, default_factory=list)
    ids: set[str] = field(init=False, default_factory=set)
    """Every lid and item id in the file (fresh ids must be new)."""

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")
        headings = []
        for token in _MD.parse(self.text):
            if token.map is None:
                continue
            start, end = token.map
            if token.type in ("paragraph_open", "heading_open") and token.tag != "h2":
                self.paragraphs.setdefault(start + 1, (start, end))
            elif token.type == "list_item_open":
                self.items[start + 1] = (start, end)
            elif token.type == "heading_open" and token.tag == "h2":
                headings.append(start)
        for index, start in enumerate(headings):
            words = self.lines[start][3:].split()
            end = headings[index + 1] if index + 1 < len(headings) else len(self.lines)
            if words:
                self.segments.append(Segment(words[0], tuple(w[1:] for w in words[1:]
                                                              if w.startswith("@")), start, end))
        self.ids = {s.id for s in self.segments} | set(
            re.findall(r"^\s*(?:[-*+]|\d+[.)])\s+#([a-z0-9-]+)", self.text, re.M))

    def segment_at(self, line: int) -> Segment | None:
        """The ``##`` segment holding 1-based ``line``; None in the preamble."""
        return next((s for s in self.segments if s.start < line - 1 < s.end), None)

    def span(self, line: int, item: bool) -> tuple[int, int]:
        """The lines of the block starting at 1-based ``line`` (a whole item with ``item``)."""
        spans = self.items if item else self.paragraphs
        if line not in spans:
            raise KeyError(line)
        return spans[line]

    def fresh_id(self, text: str, taken: set[str] = frozenset()) -> str:
        """A new id for an inserted lid or item, from its first words ("nieuw-lid-over")."""
        words = [w for w in re.findall(r"[a-z0-9]+", text.lower().translate(str.maketrans(
            "áàäâéèëêíìïîóòöôúùüûç", "aaaaeeeeiiiioooouuuuc"))) if w not in STOPWORDS][:3]
        words = words or ["nieuw"]
        base = "-".join(words)[:40].strip("-") or "nieuw"
        if not base[0].isalnum():
            base = "nieuw-" + base
        candidate, number = base, 2
        while candidate in self.ids or candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate


@dataclass
class FileEdits:
    """Replacements of line spans, applied at once from the bottom up."""

    clause: ClauseText
    edits: list[tuple[int, int, int, list[str]]] = field(default_factory=list)
    """(start, end, order, new lines): lines[start:end] become the new lines (an insertion
    when start == end)."""
    taken: set[str] = field(default_factory=set)
    """Fresh ids given out for this file."""

    def replace(self, start: int, end: int, new: list[str]) -> None:
        self.edits.append((start, end, len(self.edits), new))

    def result(self) -> str:
        lines = list(self.clause.lines)
        # bottom up; at one place the later edit first, so that insertions at one place keep
        # the order they were made in
        for start, end, _order, new in sorted(self.edits, key=lambda e: e[:3], reverse=True):
            lines[start:end] = new
        return "\n".join(lines)


def rewritten(lines: list[str], start: int, end: int, source: str) -> list[str]:
    """The block at ``lines[start:end]`` with its text replaced by ``source`` (one line; the
    first line's marks kept)."""
    prefix = PREFIX.match(lines[start]).group(1)
    return [prefix + source]


def block_end(lines: list[str], end: int) -> int:
    """``end`` moved back over blank lines (markdown-it counts them into a list item)."""
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    return end
