"""The convenant's text as plain lines with stable keys: what is fingerprinted and compared.

The text of the convenant is its title, overwegingen, articles, closing words and bijlagen.
The party list (ondergetekenden) and the signature blocks are not: they come from the party
registry, and a change there (a new representative, an address) is not an amendment of the
convenant (21.2) and needs no re-signing.

Every line keeps the key of what it belongs to (clause id, lid id, item id), so that a
comparison aligns an inserted lid as one insertion instead of renumbering everything after it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from .model.blocks import Heading, Item, Paragraph, walk
from .model.document import Document, Place

_SPACE_RE = re.compile(r"\s+")


@dataclass
class Line:
    """One paragraph, subheading or list item of running text."""

    text: str
    kind: str = "p"
    """"p" paragraph, "h" subheading, "item" list item (its label apart)."""
    label: str = ""
    """A list item's label as displayed: "a.", "•", "(ii)"."""
    depth: int = 0
    """List nesting: 0 for running text, 1 for an item of a lid's list, ..."""
    key: str | None = None
    """The item's id where the clause file gives one."""
    source: tuple | None = field(default=None, compare=False)
    """(clause file, line) where it is written, for the renvooi's marks; not part of the text."""


@dataclass
class Unit:
    """A lid of an article, a section of an annex or part, or an article's preamble."""

    key: str
    label: str = ""
    """The lid number ("4.2"), or "" for unnumbered text."""
    lines: list[Line] = field(default_factory=list)


@dataclass
class Chunk:
    """A titled piece of the convenant: an article, a bijlage, overwegingen, the closing."""

    kind: str
    """"part", "article" or "annex"."""
    key: str
    """The clause id (stable across renumbering)."""
    number: str
    """"4" for Artikel 4, "1" for Bijlage 1, "" when unnumbered."""
    heading: str
    """The heading as printed: "Artikel 4. Stuurgroep", "Bijlage 1: ..."."""
    title: str
    units: list[Unit] = field(default_factory=list)


def normalise(text: str) -> str:
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def block_lines(blocks: list, depth: int = 0, path=None) -> list[Line]:
    """Lines of running text; party lists and signature blocks are left out. A list item's
    first paragraph is its line; an item that opens otherwise gets an empty line of its own.
    ``path``: the clause file, for each line's ``source``."""
    lines: list[Line] = []
    opened: Item | None = None  # the item whose line is the last one, its text still to come
    for node, level, parent in walk(blocks, depth):
        if isinstance(node, Item):
            lines.append(Line("", "item", node.label, level, node.id))
            opened = node
        elif isinstance(node, (Paragraph, Heading)):
            source = (path, node.line) if path is not None and node.line else None
            if opened is not None and parent is opened and isinstance(node, Paragraph):
                lines[-1].text = normalise(node.text)
                lines[-1].source = source
            else:
                lines.append(Line(normalise(node.text), "p" if isinstance(node, Paragraph) else "h",
                                  depth=level, source=source))
            opened = None
    return lines


def _units(places: list[Place]) -> list[Unit]:
    """One unit per lid or section; an article's preamble only when it has text."""
    return [Unit(p.lid.id if p.lid else p.section.id if p.section else "",
                 p.lid.number if p.lid else "", block_lines(p.blocks, path=p.path))
            for p in places if p.lid is not None or p.section is not None or p.blocks]


def chunks(doc: Document) -> list[Chunk]:
    """The convenant's text in document order (the ondergetekenden are not part of it)."""
    places: dict[int, list[Place]] = {}
    for place in doc.parts():
        places.setdefault(id(place.article or place.annex or place.part), []).append(place)

    def units(owner) -> list[Unit]:
        return _units(places.get(id(owner), []))

    found = [Chunk("part", "titel", "", doc.title, doc.title)]
    if doc.overwegingen is not None:
        part = doc.overwegingen
        found.append(Chunk("part", part.id, "", part.title, part.title, units(part)))
    for article in doc.articles:
        found.append(Chunk("article", article.id, str(article.number), doc.article_heading(article),
                           article.title, units(article)))
    if doc.slot is not None:
        found.append(Chunk("part", doc.slot.id, "", doc.slot.title, doc.slot.title,
                           [u for u in units(doc.slot) if u.lines]))
    for annex in doc.annexes:
        found.append(Chunk("annex", annex.id, "" if annex.number is None else str(annex.number),
                           doc.annex_heading(annex), annex.title, units(annex)))
    return found


def chunk_name(kind: str, key: str, title: str, numbers: list[str]) -> str:
    """A chunk's name: "Artikel 4", "Bijlage 2", "Overwegingen", "Titel"; an article or bijlage
    without number is named by its title; ``numbers`` are its numbers where they differ
    (in regions compared): "Artikel 4/5", "—" for unnumbered."""
    word = {"article": "Artikel", "annex": "Bijlage"}.get(kind)
    if word is None:
        return {"titel": "Titel"}.get(key, title or key.capitalize())
    if numbers == [""]:
        return title
    return f"{word} " + "/".join(n or "—" for n in numbers)


def line_text(line: Line) -> str:
    return f"{line.label} {line.text}".strip()


def canonical_text(doc: Document) -> str:
    """One line per heading, lid number and line of text; stable across runs and machines."""
    out: list[str] = []
    for chunk in chunks(doc):
        out.append(f"# {chunk.heading}")
        for unit in chunk.units:
            if unit.label:
                out.append(f"## {unit.label}")
            out.extend("  " * line.depth + line_text(line) for line in unit.lines)
    return "\n".join(out) + "\n"


def fingerprint(doc: Document) -> str:
    """SHA-256 (hex) of the canonical text: identifies exactly what was signed."""
    return hashlib.sha256(canonical_text(doc).encode("utf-8")).hexdigest()


def short(fingerprint_hex: str) -> str:
    """The short form printed on every page: the first 12 hex digits."""
    return fingerprint_hex[:12]


def paragraph_text(unit_label: str, line: Line, first: bool) -> str:
    """A line as one paragraph of a plain rendering: "4.2<TAB>a.<TAB>text"."""
    prefix = f"{unit_label}\t" if first and unit_label else ""
    if line.label:
        prefix += f"{line.label}\t"
    return prefix + line.text


def plain_paragraphs(doc: Document) -> list[str]:
    """The convenant's text as paragraphs: each heading, then each line of each unit.

    This is what a tracked-changes redline gives after accepting (new side) or rejecting
    (old side) every change.
    """
    out: list[str] = []
    for chunk in chunks(doc):
        if chunk.heading:
            out.append(chunk.heading)
        for unit in chunk.units:
            out.extend(paragraph_text(unit.label, line, k == 0) for k, line in enumerate(unit.lines))
    return out
