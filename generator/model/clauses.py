"""Clause files: articles, recitals and annexes as Markdown with region variants.

A clause file is Markdown with a YAML front matter (``titel``). Each ``## id`` heading starts a
segment: a lid in an article, a section elsewhere. ``## id @zhz`` makes a unit (or a variant of
it) region-specific; paragraphs and list items take the same ``@region`` prefix, and list items
an optional ``#id``. The README documents the format for editors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.front_matter import front_matter_plugin

from ..errors import Problems, shown
from ..yamlfile import LDict, load_yaml_text, read_data_file
from .fields import describe, text_value
from .document import REF_FORMS
from .blocks import Heading, Item, ListBlock, Paragraph, Placeholder, Run
from ..i18n import _

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MARKER_RE = re.compile(r"^((?:[#@][^\s]+(?:[ \t]+|$))+)")
PLACEHOLDER_BLOCK_RE = re.compile(r"^\{\{\s*([a-z_]+:[a-z_]+|[a-z_]+)\s*\}\}$")
PLACEHOLDER_RE = re.compile(r"\{\{(.*?)\}\}")
PLACEHOLDER_NAME_RE = re.compile(r"^(?:[a-z][a-z0-9_]*|ref:[a-z0-9-]+(?:\.[a-z0-9-]+){0,2}"
                                 r"(?:\|(?:" + "|".join(REF_FORMS) + r"))?|partijen:[a-z]+"
                                 r"|veld:[a-z][a-z0-9_]*\|[^{}|]*)$")
REF_RE = re.compile(r"ref:([a-z0-9-]+(?:\.[a-z0-9-]+){0,2})(?:\|([a-z-]+))?")
"""A cross-reference: ``{{ref:clause.lid.item}}``, with a form after ``|`` (REF_FORMS)."""
FIELD_RE = re.compile(r"veld:([a-z][a-z0-9_]*)\|([^{}|]*)")
"""A form field: ``{{veld:name|blank}}``, printed as ``blank`` (see Run.field)."""
BLOCK_PLACEHOLDERS = ("partijen:gemeenten", "partijen:organisaties", "handtekeningen")

BULLET_STYLES = {"-": "letters", "*": "bullets", "+": "circles"}
ORDERED_STYLES = {".": "numbers", ")": "roman"}


@dataclass
class Segment:
    """The text under one ``## id`` heading: a lid (in an article) or a section (elsewhere),
    possibly one region's variant."""

    id: str
    blocks: list
    line: int
    regions: frozenset[str] | None = None


def placeholder_runs(run: Run, fields: bool = True) -> list[Run]:
    """``run`` cut at each ``{{...}}``: the placeholders become runs of their own.

    ``{{ref:target}}`` is a run with ``ref``, ``{{veld:name|blank}}`` (where ``fields``) a run
    with ``field`` printing the blank, and anything else a run with ``term`` (assembly checks
    that it names a term of the region). Term and reference runs keep the placeholder as
    written as their text until assembly fills them in.
    """
    out: list[Run] = []
    start = 0
    for match in PLACEHOLDER_RE.finditer(run.text):
        if match.start() > start:
            out.append(replace(run, text=run.text[start:match.start()]))
        inner = match.group(1)
        ref = REF_RE.fullmatch(inner.strip())
        field_ = FIELD_RE.fullmatch(inner.lstrip()) if fields else None
        if ref:
            out.append(replace(run, text=match.group(0), ref=ref.group(1), ref_form=ref.group(2)))
        elif field_:
            out.append(replace(run, text=field_.group(2), field=field_.group(1)))
        else:
            out.append(replace(run, text=match.group(0), term=inner.strip()))
        start = match.end()
    if start == 0:
        return [run]
    if start < len(run.text):
        out.append(replace(run, text=run.text[start:]))
    return out


@dataclass
class Clause:
    """One clause file: its id (the file name), titles and segments."""

    id: str
    path: Path
    titles: dict[str | None, str] = field(default_factory=dict)
    """Title per region, as written; key None is the title shared by every region."""
    title_line: int = 1
    preamble: list = field(default_factory=list)
    """Blocks before the first ``##`` heading (an unnumbered opening)."""
    segments: list[Segment] = field(default_factory=list)
    damaged: bool = False
    """The file or its front matter could not be read: a problem says why, and nothing more
    is said about its title or text (the clause still exists, so references to it hold)."""

    def title_for(self, region) -> str | None:
        """The title of ``region`` (a region id, or a chain: the region, then its bases): the
        first region's own, else the shared one."""
        for r in [region] if isinstance(region, str) else region:
            if r in self.titles:
                return self.titles[r]
        return self.titles.get(None)

    def title_runs(self, region) -> list[Run] | None:
        """The region's title with its placeholders as runs (see placeholder_runs)."""
        title = self.title_for(region)
        return None if title is None else placeholder_runs(Run(title), fields=False)


def _markdown() -> MarkdownIt:
    # Only what clause files need: no raw HTML, links, images or code.
    md = MarkdownIt("zero").enable(["heading", "list", "emphasis", "newline", "escape"])
    md.use(front_matter_plugin)
    return md


_MD = _markdown()


class _Parser:
    """Turns markdown-it tokens of one clause file into blocks and segments."""

    def __init__(self, clause: Clause, problems: Problems, text: str = ""):
        self.clause = clause
        self.text = text
        self.problems = problems
        self.path = clause.path

    def error(self, line: int | None, message: str) -> None:
        self.problems.add(self.path, line, message)

    def parse(self, tokens) -> None:
        opens = self.text.split("\n", 1)[0].rstrip() == "---"  # a front matter's first line
        if (not tokens or tokens[0].type != "front_matter") and opens:
            self.error(1, _("the front matter is not closed: '---' on line 1 needs a closing '---' "
                            "line"))
            self.clause.damaged = True
            return
        current: list = self.clause.preamble
        for node in SyntaxTreeNode(tokens).children:
            if node.type == "front_matter":
                self.front_matter(node.token)
            elif node.type == "heading" and node.tag == "h2":
                unit = self.unit_heading(node.children[0].token, node.map[0] + 1)
                current = unit.blocks if unit else []
            elif (block := self.block(node)) is not None:
                current.append(block)

    def front_matter(self, tok) -> None:
        data = load_yaml_text(tok.content, self.path, self.problems, first_line=2,
                              empty=_("the front matter is empty (expected 'titel')"))
        if data is None:
            self.clause.damaged = True
            return
        if not isinstance(data, LDict):
            self.error(2, _("front matter must be a mapping with 'titel', not {value}").format(
                value=describe(data)))
            self.clause.damaged = True
            return
        for key in data:
            if key != "titel":
                self.error(data.line_of(key) + 1, _("unknown front matter key {key} (expected "
                                                    "'titel')").format(key=shown(key)))
        titel = data.get("titel")
        self.clause.title_line = data.line_of("titel") + 1
        if isinstance(titel, str):
            self.clause.titles[None] = titel.strip()
        elif isinstance(titel, LDict):
            for region, value in titel.items():
                if text_value(value, self.path, titel.line_of(region) + 1, self.problems,
                              _("title for {region}").format(region=shown(region))) is None:
                    self.clause.damaged = True
                    continue
                self.clause.titles[str(region)] = value.strip()
        elif titel is not None:
            self.error(self.clause.title_line, _("'titel' must be text or a mapping region: text, "
                                                 "not {value}").format(value=describe(titel)))
            self.clause.damaged = True

    def unit_heading(self, inline, line: int) -> Segment | None:
        words = inline.content.split()
        if not words:
            self.error(line, _("a '##' heading needs an id"))
            return None
        unit_id, rest = words[0], words[1:]
        if not ID_RE.fullmatch(unit_id):
            self.error(line, _("invalid id {id}: use lower-case letters, digits and '-'").format(
                id=shown(unit_id)))
        regions = self.regions_from(rest, line)
        unit = Segment(unit_id, [], line, regions)
        self.clause.segments.append(unit)
        return unit

    def regions_from(self, words: list[str], line: int) -> frozenset[str] | None:
        regions = set()
        for word in words:
            if word.startswith("@") and len(word) > 1:
                regions.add(word[1:])
            else:
                self.error(line, _("unexpected {word} in heading: expected '@region'").format(
                    word=shown(word)))
        return frozenset(regions) if regions else None

    def block(self, node):
        line = node.map[0] + 1 if node.map else 0
        if node.type == "paragraph":
            return self.paragraph(node.children[0].token, line, allow_id=False)[0]
        if node.type == "heading":
            level = int(node.tag[1])
            if level == 1:
                self.error(line, _("use '## id' for a lid or section; '#' headings are not used"))
            runs = self.inline(node.children[0].token)
            regions, _ids, runs = self.split_markers(runs, line, allow_id=False)
            return Heading(runs, level, line, regions)
        if node.type in ("bullet_list", "ordered_list"):
            return self.list_block(node)
        opening = node.nester_tokens.opening if node.is_nested else node.token
        self.error(line, _("unsupported Markdown ({type})").format(type=opening.type))
        return None

    def paragraph(self, inline, line: int, allow_id: bool):
        runs = self.inline(inline)
        regions, item_id, runs = self.split_markers(runs, line, allow_id)
        text = "".join(r.text for r in runs).strip()
        m = PLACEHOLDER_BLOCK_RE.match(text)
        if m and m.group(1) in BLOCK_PLACEHOLDERS:
            return Placeholder(m.group(1), line, regions), item_id, regions
        return Paragraph(runs, line, regions), item_id, regions

    def list_block(self, node) -> ListBlock:
        if node.type == "bullet_list":
            style, start = BULLET_STYLES.get(node.markup, "letters"), 1
        else:
            style = ORDERED_STYLES.get(node.markup, "numbers")
            start = int(node.attrs.get("start") or 1)
        return ListBlock(style, [self.list_item(child) for child in node.children], start,
                         node.map[0] + 1)

    def list_item(self, node) -> Item:
        item = Item([], None, node.map[0] + 1)
        for index, child in enumerate(node.children):
            if index == 0 and child.type == "paragraph":
                block, item.id, item.regions = self.paragraph(child.children[0].token, item.line,
                                                              allow_id=True)
                block.regions = None  # the marks belong to the item
                item.blocks.append(block)
            elif (block := self.block(child)) is not None:
                item.blocks.append(block)
        return item

    def split_markers(self, runs: list[Run], line: int, allow_id: bool):
        """Strip leading ``#id`` and ``@region`` markers from the first run."""
        if not runs:
            return None, None, runs
        m = MARKER_RE.match(runs[0].text)
        if not m:
            return None, None, runs
        regions: set[str] = set()
        item_id = None
        for word in m.group(1).split():
            if word.startswith("@"):
                regions.add(word[1:])
            elif not allow_id:
                self.error(line, _("an id ({word}) is only allowed on list items and '##' "
                                   "headings").format(word=word))
            elif item_id is not None:
                self.error(line, _("more than one id on one item: {id} and {other}").format(
                    id=shown(item_id), other=shown(word[1:])))
            else:
                item_id = word[1:]
                if not ID_RE.fullmatch(item_id):
                    self.error(line, _("invalid id {id}: use lower-case letters, digits and '-'")
                               .format(id=shown(item_id)))
        first = Run(runs[0].text[m.end():], runs[0].bold, runs[0].italic)
        rest = ([first] if first.text else []) + runs[1:]
        if not "".join(run.text for run in rest).strip():
            self.error(line, _("{marks} is followed by no text: write the text after the marks")
                       .format(marks=shown(m.group(1).strip())))
        return (frozenset(regions) if regions else None), item_id, rest

    def check_placeholders(self, source: str, line: int) -> None:
        """Every ``{{...}}`` must be a term name or a reference: no expressions, no code."""
        for match in PLACEHOLDER_RE.finditer(source):
            inner = match.group(1).strip()
            if PLACEHOLDER_NAME_RE.fullmatch(inner):
                continue
            ref = REF_RE.fullmatch(inner)
            if ref and ref.group(2) is not None:
                self.error(line, _("invalid placeholder {{{{{inner}}}}}: a reference prints as "
                                   "{form}? the forms are {forms}").format(
                    inner=inner, form=shown(ref.group(2)),
                    forms=", ".join(f"|{form}" for form in REF_FORMS)))
            else:
                self.error(line, _("invalid placeholder {{{{{inner}}}}}: expected a term "
                                   "name, ref:clause.lid.item or veld:name|blank").format(inner=inner))

    def inline(self, inline_token) -> list[Run]:
        line = inline_token.map[0] + 1 if inline_token.map else 0
        self.check_placeholders(inline_token.content, line)
        runs: list[Run] = []
        bold = italic = False
        for child in inline_token.children or []:
            kind = child.type
            if kind in ("strong_open", "strong_close"):
                bold = kind == "strong_open"
            elif kind in ("em_open", "em_close"):
                italic = kind == "em_open"
            else:
                text = {"softbreak": " ", "hardbreak": "\n"}.get(kind, child.content)
                if runs and runs[-1].bold == bold and runs[-1].italic == italic:
                    runs[-1].text += text
                else:
                    runs.append(Run(text, bold, italic))
        return [part for r in runs for part in placeholder_runs(r)]


def load_clause(path: Path, problems: Problems, source=None) -> Clause:
    """Parse one clause file; problems are recorded, a best-effort Clause is returned (marked
    ``damaged`` when the file or its front matter could not be read)."""
    clause = Clause(path.stem, path)
    text = read_data_file(path, problems, source)
    if text is None or not text.strip():
        if text is not None:
            problems.add(path, None, _("is empty"))
        clause.damaged = True
        return clause
    if not ID_RE.fullmatch(clause.id):
        problems.add(path, None, _("invalid clause id {id} (the file name): use a-z, 0-9, '-'")
                     .format(id=shown(clause.id)))
    _Parser(clause, problems, text).parse(_MD.parse(text))
    return clause


def load_clauses(root: Path, problems: Problems, source) -> dict[str, Clause]:
    """Load every ``*.md`` under ``root``; ids are file names and must be unique."""
    clauses: dict[str, Clause] = {}
    for path in source.files(root, "*.md", recursive=True):
        clause = load_clause(path, problems, source)
        if clause.id in clauses:
            other = problems.rel(clauses[clause.id].path)
            problems.add(path, None, _("duplicate clause id {id} (also {other})").format(
                id=shown(clause.id), other=other))
            continue
        clauses[clause.id] = clause
    return clauses
