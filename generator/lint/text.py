"""A region's assembled text as lint reads it: one Para per paragraph, list item, subheading
and title, with where it stands; Artikel 1's definitions; and how terms are matched in running
text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..model.blocks import Heading, Item, Paragraph, Run, text_blocks, walk
from ..model.document import Annex, Article, Document, Place, annex_place
from ..project import Project
from .report import Finding

REF_MARK = "\u00a7"
"""Stands in for a symbolic reference in the text scanned for literal ones."""


@dataclass
class Para:
    """One paragraph, list item, subheading or title of a region's text."""

    path: Path
    line: int
    where: str
    text: str
    """The text as assembled (symbolic references show their number)."""
    scan: str
    """The text with symbolic references replaced by REF_MARK, scanned for literal ones."""
    refs: list[str]
    """Targets of the symbolic references ("clause.lid.item")."""
    ref_texts: list[str]
    """How each symbolic reference printed ("4.4")."""
    kind: str
    """"p" paragraph, "item" first paragraph of a list item, "h" subheading, "title"."""
    scope: Place
    """The list of blocks it stands in (for items referred to as ``onder a``)."""
    emphasis: str = ""
    """The paragraph's leading italic or bold text (a defined term in Artikel 1)."""


@dataclass
class Definition:
    """A definition in Artikel 1: its term, an abbreviation given with it, its paragraph."""

    term: str
    aliases: list[str]
    para: Para


DEF_RE = re.compile(r"^\s*(?P<term>[^:()]{1,80}?)\s*(?:\((?P<paren>[^)]*)\))?\s*:")
ALIAS_RE = re.compile(r"hierna(?:\s+te\s+noemen)?\s*:?\s*[‘'\"“]?([^’'\"”]+?)[’'\"”]?\s*$")


@dataclass
class RegionText:
    region: str
    project: Project
    doc: Document
    paras: list[Para]

    def article(self, n: int) -> Article | None:
        return self.doc.articles[n - 1] if 1 <= n <= len(self.doc.articles) else None

    def annex(self, n: int) -> Annex | None:
        return next((annex for annex in self.doc.annexes if annex.number == n), None)

    def in_artikel1(self, para: Para) -> bool:
        return bool(self.doc.articles) and para.scope.article is self.doc.articles[0]

    def finding(self, severity: str, para: Para, message: str) -> Finding:
        return Finding(severity, self.project.rel(para.path), para.line, para.where, message,
                       self.region)

    @cached_property
    def definitions(self) -> list[Definition]:
        """Artikel 1's definitions: paragraphs opening with an emphasised term and a colon
        (computed once, read by several checks)."""
        found = []
        for para in self.paras:
            if not self.in_artikel1(para) or para.kind not in ("p", "item") or not para.emphasis:
                continue
            m = DEF_RE.match(para.text)
            if not m or m.group("term").strip().strip("*_") != para.emphasis.rstrip(":").strip():
                continue
            alias = ALIAS_RE.search(m.group("paren") or "")
            aliases = [alias.group(1).strip()] if alias else []
            found.append(Definition(m.group("term").strip(), aliases, para))
        return found


def _leading_emphasis(runs) -> str:
    first = next((run for run in runs if run.text.strip()), None)
    return first.text.strip() if first is not None and (first.italic or first.bold) else ""


def _para(runs, path, line, where, kind, scope) -> Para:
    text = "".join(r.text for r in runs)
    scan = "".join(REF_MARK if r.ref is not None else r.text for r in runs)
    refs = [r.ref for r in runs if r.ref is not None]
    ref_texts = [r.text for r in runs if r.ref is not None]
    return Para(path, line, where, text, scan, refs, ref_texts, kind, scope, _leading_emphasis(runs))


def region_text(project: Project, doc: Document) -> RegionText:
    """The paragraphs of one region's assembled document, in reading order; an article's or
    bijlage's title comes first of its text."""
    paras: list[Para] = []
    owners = iter([*doc.articles, *doc.annexes])
    titled: list = []

    def titles(until=None) -> None:
        for owner in owners:
            if owner.title:
                article = owner if isinstance(owner, Article) else None
                scope = Place(owner.path, [], article=article,
                              annex=None if article else owner)
                where = f"artikel {owner.number}" if article else annex_place(owner)
                paras.append(_para([Run(owner.title)], owner.path,
                                   project.clauses[owner.id].title_line, where, "title", scope))
            titled.append(owner)
            if owner is until:
                return

    for place in doc.parts():
        owner = place.article or place.annex
        if owner is not None and not any(owner is t for t in titled):
            titles(owner)
        for node, _depth, parent in walk(place.blocks):
            if isinstance(node, Paragraph):
                first = isinstance(parent, Item) and parent.blocks[0] is node
                line = (node.line or parent.line) if first else node.line
                paras.append(_para(node.runs, place.path, line, place.where,
                                   "item" if first else "p", place))
            elif isinstance(node, Heading):
                paras.append(_para(node.runs, place.path, node.line, place.where, "h", place))
    titles()
    return RegionText(doc.region, project, doc, paras)


def plain(blocks) -> str:
    """All text of some blocks, one line per paragraph or subheading."""
    return "\n".join(block.text for block in text_blocks(blocks))


def letter_items(blocks) -> dict[str, Item]:
    """Items of the lettered lists in ``blocks`` (nested ones too), by letter."""
    found: dict[str, Item] = {}
    for node, _depth, parent in walk(blocks):
        if isinstance(node, Item) and parent.style == "letters" and node.letter:
            found.setdefault(node.letter, node)
    return found


def find_item(blocks, item_id: str) -> Item | None:
    return next((v.node for v in walk(blocks) if isinstance(v.node, Item) and v.node.id == item_id),
                None)


# ---------------------------------------------------------------- word matching

INFLECTION = r"(?:s|n|en|'s|’s|[bdfgklmnprst]en)?"
"""Plural and similar endings: Partij-en, Casus-sen, Casusoverleg-gen, Derde-n, Manager-s."""


def term_pattern(term: str) -> str:
    """A regex for ``term`` as a word or phrase, flexible spaces, inflections allowed: plural
    endings, -s to -zen (huis, huizen), and the singular of a plural (Gemeenten, Gemeente)."""
    words = term.split()
    last = words[-1]
    forms = [last]
    if last.endswith("s"):
        forms.append(last[:-1] + "zen")
    if len(last) >= 5 and last.endswith("en"):
        forms += [last[:-1], last[:-2]]
    elif len(last) >= 5 and last.endswith(("n", "s")):
        forms.append(last[:-1])
    head = "".join(re.escape(w) + r"\s+" for w in words[:-1])
    body = head + "(?:" + "|".join(re.escape(f) for f in forms) + ")"
    return rf"(?<![\w-]){body}{INFLECTION}(?![\w])"


def compile_terms(terms) -> re.Pattern | None:
    terms = sorted({t for t in terms if t and t.strip()}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile("|".join(term_pattern(t) for t in terms), re.IGNORECASE)


def mentions(text: str, terms) -> bool:
    pattern = compile_terms(terms)
    return bool(pattern and pattern.search(text))


