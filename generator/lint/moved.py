"""References across two versions of one region's text: which symbolic references print
another number now, and which literal ones name a number whose text has moved or gone.

A literal reference ("Artikel 4.4") is read in the old text (references.py) and tied to what
it named there by id (the lid ``stuurgroep.samenstelling``); where the same words still stand
in the new text, the new number of that lid is looked up. When it differs, the literal no
longer names what it named: the renvooi's "Verwijzingen" and ``lint --tegen`` say so, with the
number it should probably read. Symbolic references (``{{ref:...}}``) follow by themselves;
those whose printed number changed are listed too, since that is a change of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..model.blocks import Item, walk
from ..model.document import Document, RefTarget
from ..project import Project
from .references import ERROR, Target, _lid, _own_articles, literal_references
from .report import WARNING, Finding
from .text import Para, RegionText, letter_items, plain, region_text
from ..i18n import _

EXCERPT_WORDS = 8


@dataclass
class SymbolicChange:
    """A symbolic reference that prints another number in the new text."""

    path: Path | None
    line: int
    where: str
    """Where it stands in the new text: "artikel 6.3"."""
    target: str
    """The id it points to: "stuurgroep.samenstelling"."""
    old: str
    new: str
    excerpt: str
    """The first words of the target's text (in the new text)."""

    @property
    def lead(self) -> str:
        """The Dutch sentence before the number: "artikel 6.3: de verwijzing naar “…” luidt nu"."""
        return f"{self.where}: de verwijzing naar “{self.excerpt}” luidt nu"


@dataclass
class LiteralMove:
    """A literal reference, unchanged, whose target has another number now or is gone."""

    path: Path | None
    line: int
    where: str
    """Where it stands in the new text: "artikel 1.17"."""
    text: str
    """The reference as written: "Artikel 4.4"."""
    named: str
    """What it named in the old text: "artikel 4.4"."""
    excerpt: str
    """The first words of that text."""
    now: str | None
    """Where that text is now ("artikel 4.5"), None when it is gone."""
    suggestion: str | None = None
    """The reference as it should probably read ("Artikel 4.5"), when that can be said."""

    @property
    def dutch(self) -> str:
        """The warning as the renvooi prints it."""
        text = f"{self.where}: ‘{self.text}’ verwees naar {self.named} (“{self.excerpt}”), "
        if self.now is None:
            return text + "dat is vervallen"
        text += f"dat nu {self.now} is"
        return text + (f"; lees waarschijnlijk ‘{self.suggestion}’" if self.suggestion else "")


@dataclass
class ReferenceChanges:
    symbolic: list[SymbolicChange]
    literal: list[LiteralMove]

    def __bool__(self) -> bool:
        return bool(self.symbolic or self.literal)


def excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    """The first words of a text: "De Stuurgroep bestaat uit vertegenwoordigers van een …"."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def target_texts(doc: Document) -> dict[str, str]:
    """Each reference target's text by id (an article's or bijlage's title, a lid's or item's
    words); an item without id of lid L is keyed "L@letter"."""
    texts: dict[str, str] = {}
    for article in doc.articles:
        texts[article.id] = article.title
        for lid in article.leden:
            key = f"{article.id}.{lid.id}"
            texts[key] = plain(lid.blocks)
            for node, _depth, _parent in walk(lid.blocks):
                if isinstance(node, Item) and node.letter:
                    texts[f"{key}.{node.id}" if node.id else f"{key}@{node.letter}"] = plain(node.blocks)
    texts.update((annex.id, annex.title) for annex in doc.annexes)
    return texts


def _target(doc: Document, key: str) -> RefTarget | None:
    if "@" in key:
        lid_key, letter = key.split("@")
        lid = doc.targets.get(lid_key)
        return None if lid is None else replace(lid, kind="item", letter=letter)
    return doc.targets.get(key)


def number_in(doc: Document, key: str) -> str | None:
    """Where target ``key`` stands in ``doc``: "artikel 4.5", "bijlage 2"; None when absent."""
    target = _target(doc, key)
    return None if target is None else target.where


def _relative_form(target: Target) -> str | None:
    """What a reference without article number names of its target: an item's letter
    ("onder a") or a lid's number in the same article ("lid 4"); None for a full number."""
    if target.article is not None:
        return None
    return "letter" if target.kind == "items" else "lid"


# ---------------------------------------------------------------- symbolic references

def _scope_key(para: Para) -> tuple:
    scope = para.scope
    owner = scope.article or scope.annex or scope.part
    part = scope.lid or scope.section
    return (owner.id if owner else "", part.id if part else "", para.kind)


def _symbolic(rt: RegionText) -> dict[tuple, list[tuple[Para, str]]]:
    """(scope, target) → [(paragraph, printed text)] of every symbolic reference, in order."""
    found: dict[tuple, list[tuple[Para, str]]] = {}
    for para in rt.paras:
        for target, text in zip(para.refs, para.ref_texts):
            found.setdefault((_scope_key(para), target), []).append((para, text))
    return found


def symbolic_changes(old: RegionText, new: RegionText) -> list[SymbolicChange]:
    before = _symbolic(old)
    texts = target_texts(new.doc)
    out = []
    for key, uses in _symbolic(new).items():
        for (para, text), (_old_para, old_text) in zip(uses, before.get(key, [])):
            if text != old_text:
                out.append(SymbolicChange(para.path, para.line, para.where, key[1], old_text, text,
                                          excerpt(texts.get(key[1], ""))))
    return out


# ---------------------------------------------------------------- literal references

def target_keys(rt: RegionText, para: Para, target: Target) -> list[str]:
    """The ids of what ``target`` names in this text (empty when it names nothing of the
    convenant: a bijlage's own article, a target that does not exist)."""
    doc, scope = rt.doc, para.scope
    if target.kind == "annex":
        annex = rt.annex(target.annex)
        return [annex.id] if annex is not None else []
    if scope.annex is not None and target.article is not None and \
            target.article in _own_articles(scope.annex):
        return []  # a decree's own "Artikel 1" in a bijlage
    article = scope.article if target.article is None else rt.article(target.article)
    if article is None:
        return []
    if target.kind == "article":
        return [article.id]
    if target.lid is None and target.kind == "items" and target.article is None:
        lid = scope.lid
    elif target.lid is None:
        lid = article.leden[0] if len(article.leden) == 1 else None
    else:
        lid = _lid(article, target.lid)
    if lid is None:
        return []
    key = f"{article.id}.{lid.id}"
    if target.kind != "items":
        return [key]
    items = letter_items(scope.blocks if target.article is None and target.lid is None
                         else lid.blocks)
    return [f"{key}.{items[x].id}" if items[x].id else f"{key}@{x}"
            for x in target.letters if x in items]


def _literals(rt: RegionText):
    """(scope, reference text) → [(paragraph, reference)] of every literal reference to the
    convenant's own text that reads without error."""
    found: dict[tuple, list] = {}
    for para in rt.paras:
        for ref in literal_references(para):
            if ref.external or any(problem[0] == ERROR for problem in ref.problems):
                continue
            found.setdefault((_scope_key(para), ref.text), []).append((para, ref))
    return found


def _parts(target: RefTarget, form: str | None) -> list[tuple[str, str]]:
    """The pieces of a reference's text that name ``target``: ("number", "4.4") and
    ("letter", "a"), or only the one a relative reference has."""
    if form is not None:
        return [("number" if form == "lid" else "letter", target.render(form))]
    head, _sep, letter = target.render().partition(", onder ")
    return [("number", head)] + ([("letter", letter)] if letter else [])


_PIECE = {"number": r"(?<![\d.]){}(?![\d]|\.\d)", "letter": r"(?<![\w]){}(?![\w])"}


def _suggest(text: str, was: RefTarget, now: RefTarget, form: str | None) -> str | None:
    """``text`` with the numbers and letters that named ``was`` replaced by those of ``now``
    ("Artikel 4.4" → "Artikel 4.5", "onder a" → "onder b"), when each stands in it once."""
    for (kind, old), (_kind, new) in zip(_parts(was, form), _parts(now, form)):
        if old == new:
            continue
        pattern = re.compile(_PIECE[kind].format(re.escape(old)))
        if len(pattern.findall(text)) != 1:
            return None
        text = pattern.sub(new, text)
    return text


def literal_moves(old: RegionText, new: RegionText) -> list[LiteralMove]:
    texts = target_texts(old.doc)
    still = _literals(new)
    out = []
    for key, uses in _literals(old).items():
        for (old_para, ref), (para, _ref) in zip(uses, still.get(key, [])):
            for target in ref.targets:
                form = _relative_form(target)
                for target_key in target_keys(old, old_para, target):
                    was, current = _target(old.doc, target_key), _target(new.doc, target_key)
                    if current is not None and was.render(form) == current.render(form):
                        continue
                    named, now = was.where, current.where if current is not None else None
                    suggestion = _suggest(ref.text, was, current, form) if current else None
                    out.append(LiteralMove(para.path, para.line, para.where, ref.text, named,
                                           excerpt(texts.get(target_key, "")), now, suggestion))
    return out


def reference_changes(old_project: Project, old_doc: Document, new_project: Project,
                      new_doc: Document) -> ReferenceChanges:
    """What happened to the references of one region's text from ``old_doc`` to ``new_doc``."""
    old, new = region_text(old_project, old_doc), region_text(new_project, new_doc)
    return ReferenceChanges(symbolic_changes(old, new), literal_moves(old, new))


def moved_findings(changes: ReferenceChanges, project: Project, region: str,
                   version: str) -> list[Finding]:
    """``lint --tegen VERSION``: one warning per literal reference whose target moved."""
    out = []
    for move in changes.literal:
        if move.now is None:
            message = _("{reference!r} named {named} in version {version} ({excerpt!r}), which "
                        "is gone since version {version}")
        elif move.suggestion:
            message = _("{reference!r} named {named} in version {version} ({excerpt!r}), which "
                        "is {now} now: should it read {suggestion!r}?")
        else:
            message = _("{reference!r} named {named} in version {version} ({excerpt!r}), which "
                        "is {now} now")
        message = message.format(reference=move.text, named=move.named, version=version,
                                 excerpt=move.excerpt, now=move.now, suggestion=move.suggestion)
        out.append(Finding(WARNING, project.rel(move.path), move.line, move.where, message, region))
    return out


# ---------------------------------------------------------------- counts

@dataclass
class ReferenceStats:
    """The references in the clause files, each written once counted once (a shared line
    used by several regions too)."""

    symbolic: int
    literal: list[tuple[str, int, str, tuple[str, ...]]]
    """(path, line, text, regions) of every literal reference to the convenant's own text
    (references to laws and to a bijlage's own articles are not counted)."""

    def lines(self) -> list[str]:
        out = [_("stats:"), _("  symbolic references: {n}").format(n=self.symbolic),
               _("  literal references to the convenant's own text: {n}").format(
                   n=len(self.literal))]
        out += [f"    {path}:{line}: {text!r} ({', '.join(regions)})"
                for path, line, text, regions in self.literal]
        return out


def _own_article_only(rt: RegionText, para: Para, ref) -> bool:
    """A reference in a bijlage to that bijlage's own articles (a decree's "artikel 1")."""
    annex = para.scope.annex
    return annex is not None and bool(ref.targets) and all(
        t.article is not None and t.article in _own_articles(annex) for t in ref.targets)


def reference_stats(project: Project, documents: dict[str, Document]) -> ReferenceStats:
    symbolic: set[tuple] = set()
    literal: dict[tuple, list[str]] = {}
    for region, doc in documents.items():
        rt = region_text(project, doc)
        for para in rt.paras:
            place = (project.rel(para.path), para.line)
            symbolic.update((*place, k) for k in range(len(para.refs)))
            seen: dict[str, int] = {}
            for ref in literal_references(para):
                if ref.external or _own_article_only(rt, para, ref):
                    continue
                seen[ref.text] = seen.get(ref.text, 0) + 1
                literal.setdefault((*place, ref.text, seen[ref.text]), []).append(region)
    return ReferenceStats(len(symbolic), [(path, line, text, tuple(regions)) for
                                          (path, line, text, _), regions in sorted(literal.items())])
