"""The plan written into the clause files: text changed in place, or as this region's variant.

A paragraph whose text other regions share (the same lines of the same clause file are in
their convenant too) is not changed for them: by default the lid (``## id``) that holds it is
copied as this region's variant (``## id @region``) with the change, and the other regions
keep the shared text; with ``shared=True`` the shared text itself changes. Text only this
region has is changed in place. A new paragraph or list item in shared text is written for
this region only (``@region``); a new lid after the lid it follows, ``## <fresh id>``
(``@region`` when the clause is shared). Deleting is changing: in shared text, the variant
leaves the paragraph out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..i18n import _
from .articles import (article_id, article_text, retitled, split_new_articles, with_article,
                       without_articles)
from .clausefile import ClauseText, FileEdits, block_end, rewritten
from .plan import Marked, Plan
from .rewrite import rewrite


@dataclass
class Written:
    files: dict[Path, str] = field(default_factory=dict)
    """Clause file -> its new text (only files that change)."""
    variants: list[str] = field(default_factory=list)
    """"artikel 4.3" for each lid copied as this region's variant."""
    literal: list[tuple[str, str]] = field(default_factory=list)
    """(where, placeholder) for each placeholder whose printed text was edited (now text)."""
    left_out: list[str] = field(default_factory=list)
    """``article.lid`` of each shared lid deleted for this region (its manifest's weglaten)."""
    articles: list[str] = field(default_factory=list)
    """The ids of the new articles (clause files written, listed in the manifest)."""
    removed: list[str] = field(default_factory=list)
    """The ids of the articles deleted in Word (taken out of the region's manifest)."""


class _Files:
    def __init__(self, texts: dict[Path, str]):
        self.texts = texts
        self.removed: list[str] = []
        """Articles deleted in Word: taken out of the region's manifest."""
        self.clauses: dict[Path, ClauseText] = {}
        self.edits: dict[Path, FileEdits] = {}

    def clause(self, path: Path) -> ClauseText:
        if path not in self.clauses:
            self.clauses[path] = ClauseText(self.texts[path])
            self.edits[path] = FileEdits(self.clauses[path])
        return self.clauses[path]


def write_plan(plan: Plan, region: str, texts: dict[Path, str], shared_marks: dict[str, set],
               shared: bool = False, manifest: Path | None = None,
               new_articles: tuple[Path, set[str]] | None = None) -> Written:
    """The new text of every clause file ``plan`` changes (``texts``: the files as they are
    now, by path; ``manifest``: the region's, among them, for a lid left out of shared
    text). ``shared_marks``: the marks of paragraphs other regions have too, each with them."""
    files, out = _Files(texts), Written()
    left_out: list[str] = []
    ops: list[tuple[Marked, str, object]] = []
    _titles(files, plan, region, shared_marks, shared)
    for change in [c for c in plan.changes if c.marked.kind != "title"]:
        done = rewrite(change.marked.block.runs, change.runs)
        out.literal += [(change.marked.where, written) for written in done.literal]
        ops.append((change.marked, "change", done.source))
    ops += [(marked, "delete", None) for marked in plan.deletions]
    insertions, articles = split_new_articles(plan.insertions)
    ops += [(i.after, "insert", i) for i in sorted(insertions, key=lambda i: i.order)]
    groups: dict[tuple[Path, int | None], list] = {}
    for marked, kind, payload in ops:
        if kind == "insert" and payload.after.last_of_lid and payload.after.place.lid is not None \
                and not (payload.as_item and marked.item is not None):
            _new_lid(files, payload, region, shared_marks, shared)
            continue
        segment = files.clause(marked.path).segment_at(marked.line)
        groups.setdefault((marked.path, segment.start if segment else None), []).append(
            (marked, kind, payload))
    for (path, start), group in groups.items():
        variant = not shared and any(kind != "insert" and marked.name in shared_marks
                                     for marked, kind, _payload in group)
        if start is not None and not _edited_body(files, path, start, group, variant, region):
            left_out.append(_lid_gone(files, path, start, group, variant, region))
            continue
        if variant:
            out.variants.append(_variant(files, path, start, group, region))
            continue
        clause = files.clause(path)
        only = f"@{region} " if _shared_file(group[0][0], shared_marks) and not shared else ""
        for marked, kind, payload in group:
            _apply(clause, files.edits[path], marked, kind, payload, only)
    if articles:
        texts = {**texts, manifest: _add_articles(out, articles, texts[manifest], manifest,
                                                  new_articles)}
    if files.removed:
        texts = {**texts, manifest: without_articles(texts[manifest], files.removed, manifest)}
        out.removed = files.removed
    if left_out:
        texts = {**texts, manifest: _left_out(texts[manifest], left_out, manifest)}
    for path, edits in files.edits.items():
        new = edits.result()
        if new != texts[path]:
            out.files[path] = new
    if left_out or articles or files.removed:
        out.files[manifest] = texts[manifest]
        out.left_out = [lid for lid in left_out if lid]
    return out


def _add_articles(out: Written, articles, manifest_text: str, manifest: Path,
                  new_articles: tuple[Path, set[str]]) -> str:
    """Write each new article's clause file; the manifest's text with them listed."""
    folder, taken = new_articles
    taken = set(taken)
    for article in articles:
        place = article.after.place.article
        if place is None:
            raise UsageError(_("{where}: a new article can only follow an article").format(
                where=article.after.where))
        new_id = article_id(article.title, taken)
        taken.add(new_id)
        out.files[folder / f"{new_id}.md"] = article_text(article, _source)
        manifest_text = with_article(manifest_text, manifest, place.id, new_id)
        out.articles.append(new_id)
    return manifest_text


def _edited_body(files: _Files, path: Path, start: int, group, variant: bool,
                 region: str) -> list[str]:
    """The lines of the segment at ``start`` with ``group`` applied, blank lines dropped (as
    this region's variant would hold them, with ``variant``)."""
    clause = files.clause(path)
    segment = next(s for s in clause.segments if s.start == start)
    copy = ClauseText("\n".join(clause.lines[:block_end(clause.lines, segment.end)]))
    copy_edits = FileEdits(copy, taken=set(files.edits[path].taken))
    for marked, kind, payload in group:
        _apply(copy, copy_edits, marked, kind, payload, "")
    body = copy_edits.result().split("\n")[start + 1:]
    return [line for line in (_own_lines(body, region) if variant else body) if line.strip()]


def _lid_gone(files: _Files, path: Path, start: int, group, variant: bool, region: str) -> str:
    """Every paragraph of a lid deleted: the lid goes, from the clause file when only this
    region has it, else from this region only (``weglaten`` in its manifest)."""
    marked = group[0][0]
    clause = files.clause(path)
    segment = next(s for s in clause.segments if s.start == start)
    article = marked.place.article
    if not variant:
        files.edits[path].replace(segment.start, segment.end, [])
        return ""
    if article is None:
        raise UsageError(_("{where}: deleting the whole lid for {region} only: leave it out with "
                           "'weglaten' in its manifest, or delete it for every region with "
                           "--gedeeld").format(where=marked.where, region=region))
    return f"{article.id}.{segment.id}"


def _left_out(text: str, ids: list[str], manifest: Path) -> str:
    """The manifest with ``ids`` added to its ``weglaten`` list (block style)."""
    ids = [i for i in ids if i]
    if not ids:
        return text
    lines = text.split("\n")
    at = next((n for n, line in enumerate(lines) if line.startswith("weglaten:")), None)
    if at is None:
        body = text.rstrip("\n")
        return body + "\nweglaten:\n" + "".join(f"  - {i}\n" for i in ids)
    if lines[at].strip() != "weglaten:":
        raise UsageError(_("{path}:{line}: write 'weglaten' as a list of lines ('  - id') so "
                           "that import can add to it").format(path=manifest, line=at + 1))
    end = at + 1
    while end < len(lines) and lines[end].startswith(("  -", "- ")):
        end += 1
    indent = lines[at + 1][:lines[at + 1].index("-")] if end > at + 1 else "  "
    lines[end:end] = [f"{indent}- {i}" for i in ids]
    return "\n".join(lines)


def _titles(files: _Files, plan: Plan, region: str, shared_marks, shared: bool) -> None:
    """Titles edited in Word into the ``titel`` of their clause files; a heading deleted or
    text typed right under one cannot be mapped."""
    for marked in [m for m in plan.deletions if m.kind == "title"]:
        article = marked.place.article
        gone = [m for m in plan.deletions if m.place.article is article]
        if len(gone) != _marked_count(article):
            raise UsageError(_("{where}: an article's heading deleted but not its text: delete "
                               "the whole article, or none of it").format(where=marked.where))
        files.removed.append(article.id)
        plan.deletions = [m for m in plan.deletions if m.place.article is not article]
        plan.changes = [c for c in plan.changes if c.marked.place.article is not article]
    for insertion in [i for i in plan.insertions if i.after.kind == "title" and not i.heading]:
        raise UsageError(_("{where}: text typed right under the article's heading: type it "
                           "after a lid").format(where=insertion.after.where))
    for change in [c for c in plan.changes if c.marked.kind == "title"]:
        marked = change.marked
        title = rewrite(marked.block.runs, change.runs, escaped=False).source
        clause = files.clause(marked.path)
        others = [] if shared else sorted(shared_marks.get(marked.name, ()))
        start, end, new = retitled(clause.lines, marked.line, region, title, others, shared)
        files.edits[marked.path].replace(start, end, new)
    plan.deletions = [m for m in plan.deletions if m.kind != "title"]


def _marked_count(article) -> int:
    """The marked paragraphs of ``article``: its heading and every paragraph of its text."""
    from ..model.blocks import Heading, Paragraph, walk

    blocks = [article.preamble, *(lid.blocks for lid in article.leden)]
    return 1 + sum(1 for group in blocks for visit in walk(group)
                   if isinstance(visit.node, (Paragraph, Heading)) and visit.node.line)


def _block_span(clause: ClauseText, marked: Marked) -> tuple[int, int, bool]:
    """(start, end, is an item) of the marked paragraph's lines; a whole item for an item."""
    item = marked.item is not None and marked.line in clause.items
    try:
        start, end = clause.span(marked.line, item)
    except KeyError:
        raise UsageError(_("{path}:{line}: the clause file changed since the export: no "
                           "paragraph starts on this line any more").format(
            path=marked.path, line=marked.line)) from None
    return start, block_end(clause.lines, end), item


def _apply(clause: ClauseText, edits: FileEdits, marked: Marked, kind: str, payload,
           only: str) -> None:
    """One change, deletion or insertion (after ``marked``) in ``clause``; ``only``: the
    region mark an inserted paragraph or item gets in shared text ("@zhz ")."""
    start, end, item = _block_span(clause, marked)
    if kind == "change":
        first_end = clause.span(marked.line, False)[1] if item else end
        edits.replace(start, block_end(clause.lines, first_end),
                      rewritten(clause.lines, start, end, payload))
    elif kind == "delete":
        edits.replace(start, _after_blank(clause.lines, end), [])
    elif payload.as_item and marked.item is not None:
        source = _source(payload.runs)
        fresh = clause.fresh_id(source, edits.taken)
        edits.taken.add(fresh)
        edits.replace(end, end, [f"{_list_marker(clause.lines[start])}#{fresh} {only}{source}"])
    else:
        edits.replace(end, end, ["", f"{only}{_source(payload.runs)}"])


def _after_blank(lines: list[str], end: int) -> int:
    return end + 1 if end < len(lines) and not lines[end].strip() else end


def _variant(files: _Files, path: Path, start: int | None, group, region: str) -> str:
    """Copy the segment starting at line index ``start`` as ``## id @region`` with the
    ``group``'s edits applied to the copy; the original stays for the other regions."""
    where = group[0][0].where
    if start is None:
        raise UsageError(_("{where}: the text before the first lid of {path} is shared with "
                           "other regions: change it for all of them with --gedeeld, or in "
                           "the clause file").format(where=where, path=path))
    clause = files.clause(path)
    segment = next(s for s in clause.segments if s.start == start)
    end = block_end(clause.lines, segment.end)
    copy = ClauseText("\n".join(clause.lines[:end]))  # the same line numbers up to the end
    copy_edits = FileEdits(copy, taken=files.edits[path].taken)
    for marked, kind, payload in group:
        _apply(copy, copy_edits, marked, kind, payload, "")
    body = _own_lines(copy_edits.result().split("\n")[start + 1:], region)
    body = body[:block_end(body, len(body))]
    if segment.regions:  # a variant of several regions: this one leaves it
        kept = "".join(f" @{r}" for r in segment.regions if r != region)
        files.edits[path].replace(segment.start, segment.start + 1, [f"## {segment.id}{kept}"])
    files.edits[path].replace(end, end, ["", f"## {segment.id} @{region}", *body])
    return where


OWN = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)?(#[a-z0-9-]+\s+)?((?:@[\w-]+\s+)+)(?=\S)")


def _own_lines(lines: list[str], region: str) -> list[str]:
    """The copied lines of a lid as its variant for ``region``: a one-line paragraph or item
    marked for other regions only is left out, this region's mark is dropped (the variant is
    this region's already)."""
    out = []
    for index, line in enumerate(lines):
        match = OWN.match(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if match is None or (following.strip() and not OWN.match(following)
                             and not re.match(r"^\s*(?:[-*+]|\d+[.)])\s", following)):
            out.append(line)  # not marked, or a block of several lines: kept as written
            continue
        regions = match.group(3).split()
        if f"@{region}" not in regions:
            continue
        out.append(f"{match.group(1) or ''}{match.group(2) or ''}{line[match.end():]}")
    return out


def _new_lid(files: _Files, insertion, region: str, shared_marks, shared: bool) -> None:
    """A new lid after the lid whose last paragraph ``insertion.after`` is."""
    after = insertion.after
    clause = files.clause(after.path)
    segment = clause.segment_at(after.line)
    end = block_end(clause.lines, segment.end) if segment else _block_span(clause, after)[1]
    source = re.sub(r"^\\?\d+(?:\.\d+)*\.?\s+", "", _source(insertion.runs))  # numbers are computed
    fresh = clause.fresh_id(source, files.edits[after.path].taken)
    files.edits[after.path].taken.add(fresh)
    only = f" @{region}" if _shared_file(after, shared_marks) and not shared else ""
    files.edits[after.path].replace(end, end, ["", f"## {fresh}{only}", "", source])


def _shared_file(marked: Marked, shared_marks) -> bool:
    """Other regions' text comes from the clause file of ``marked`` too: what is inserted there
    for this region is marked for it."""
    prefix = marked.name.rsplit("_", 1)[0] + "_"
    return any(name.startswith(prefix) for name in shared_marks)


def _source(runs) -> str:
    from .rewrite import _markdown, escape

    return _markdown([(escape(r.text), r.bold, r.italic) for r in runs])


def _list_marker(line: str) -> str:
    """The indentation and marker of a list item's line ("- ", "  * ", "1. ")."""
    return re.match(r"^(\s*(?:[-*+]|\d+[.)])\s+)", line).group(1)
