"""Toelichtingen: the explanation of an amendment, ``wijzigingen/REGION/NAME.md``.

The legal advisor writes one file per amendment: Markdown with a YAML front matter naming
its title (``titel``) and the recorded version it changes (``wijzigt``), and paragraphs and
lists of explanation under it. ``convenant wijzigingsvoorstel`` prints it in the proposal
for the Stuurgroep. The text is read as written: no regions, ids or placeholders, only
paragraphs, lists, bold and italic, parsed into the blocks of ``model.blocks``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.front_matter import front_matter_plugin

from ..errors import Problems, shown
from ..yamlfile import LDict, load_yaml_text, read_data_file
from .blocks import Item, ListBlock, Paragraph, Run
from .fields import Record, mapping, spaces
from ..i18n import N_, _

FOLDER = "wijzigingen"
KEYS = ("titel", "wijzigt")
FORMAT = N_("see docs/formats.md, 'wijzigingen/'")
"""Where the format is described, for messages (translated where used)."""


@dataclass
class Amendment:
    """One toelichting: what the amendment is called, which version it changes, and why."""

    region: str
    name: str
    """The file name without ``.md``."""
    path: Path
    titel: str = ""
    wijzigt: str = ""
    """The name of the recorded version this amendment changes ("2025-1")."""
    blocks: list = field(default_factory=list)
    """Paragraphs and lists (ListBlock of Items) of the explanation."""


def _markdown() -> MarkdownIt:
    # Paragraphs, lists and emphasis; the other block rules are enabled only to be refused.
    md = MarkdownIt("zero").enable(["list", "emphasis", "newline", "escape", "heading", "lheading",
                                     "blockquote", "hr", "fence", "code", "html_block"])
    md.use(front_matter_plugin)
    return md


_MD = _markdown()
UNSUPPORTED = {"heading": N_("a heading (the titel is the heading)"),
               "blockquote": N_("a quotation"), "hr": N_("a horizontal rule"),
               "fence": N_("a code block"), "code_block": N_("a code block"), "html_block": "HTML"}


class _Parser:
    """Turns markdown-it tokens of one toelichting into its front matter fields and blocks."""

    def __init__(self, amendment: Amendment, problems: Problems, text: str):
        self.amendment, self.problems, self.text = amendment, problems, text
        self.path = amendment.path
        self.body_line = 1
        """The first line after the front matter: where a missing text is reported."""

    def error(self, line: int | None, message: str) -> None:
        self.problems.add(self.path, line, message)

    def parse(self) -> None:
        tokens = _MD.parse(self.text)
        if not tokens or tokens[0].type != "front_matter":
            if self.text.split("\n", 1)[0].rstrip() == "---":
                self.error(1, _("the front matter is not closed: '---' on line 1 needs a "
                                "closing '---' line"))
            else:
                self.error(1, _("a toelichting starts with a front matter: a '---' line, "
                                "'titel: ...', 'wijzigt: \"VERSION\"' and a closing '---' line "
                                "({format})").format(format=_(FORMAT)))
            return
        nodes = SyntaxTreeNode(tokens).children
        self.front_matter(nodes[0].token)
        self.body_line = nodes[0].token.map[1] + 1
        self.amendment.blocks = [b for b in (self.block(n) for n in nodes[1:]) if b is not None]
        if len(nodes) == 1:
            self.error(self.body_line, _("the toelichting has no text: write the explanation "
                                         "of the amendment under the front matter"))

    def front_matter(self, token) -> None:
        data = load_yaml_text(token.content, self.path, self.problems, first_line=2,
                              empty=_("the front matter is empty (expected 'titel' and "
                                      "'wijzigt')"))
        if data is None:
            return
        data = mapping(data, self.path, self.problems,
                       _("the front matter must be a mapping with 'titel' and 'wijzigt'"))
        if data is None:
            return
        # Lines in ``data`` count from the front matter's first line, which is line 2.
        shifted = LDict(data)
        shifted.line, shifted.key_lines = data.line + 1, {k: v + 1 for k, v in data.key_lines.items()}
        record = Record(shifted, self.path, self.problems, _("front matter"))
        record.unknown(KEYS, _("the front matter"))
        self.amendment.titel = record.text("titel", required=True, clean=spaces)
        self.amendment.wijzigt = record.text(
            "wijzigt", required=True, blank=_("is empty: name the recorded version this "
                                              "amendment changes, e.g. wijzigt: \"2025-1\""))

    def block(self, node):
        line = node.map[0] + 1 if node.map else None
        if node.type == "paragraph":
            return Paragraph(self.inline(node.children[0].token), line or 0)
        if node.type in ("bullet_list", "ordered_list"):
            start = int(node.attrs.get("start") or 1) if node.type == "ordered_list" else 1
            style = "numbers" if node.type == "ordered_list" else "bullets"
            items = [self.item(child, style, start + index)
                     for index, child in enumerate(node.children)]
            return ListBlock(style, items, start, line or 0)
        kind = _(UNSUPPORTED.get(node.type, node.type))
        self.error(line, _("{kind} is not used in a toelichting: write paragraphs and lists "
                           "(- or 1.), with **bold** and *italic*").format(kind=kind))
        return None

    def item(self, node, style: str, number: int) -> Item:
        label = f"{number}." if style == "numbers" else "\u2022"
        blocks = [b for b in (self.block(child) for child in node.children) if b is not None]
        return Item(blocks, None, node.map[0] + 1, label=label, letter=str(number))

    def inline(self, token) -> list[Run]:
        """The runs of a paragraph: text as written, bold and italic kept, line breaks within
        a paragraph made spaces (two spaces or a backslash at a line's end: a line break)."""
        runs: list[Run] = []
        bold = italic = False
        for child in token.children or []:
            if child.type in ("strong_open", "strong_close"):
                bold = child.type == "strong_open"
            elif child.type in ("em_open", "em_close"):
                italic = child.type == "em_open"
            else:
                text = {"softbreak": " ", "hardbreak": "\n"}.get(child.type, child.content)
                if runs and (runs[-1].bold, runs[-1].italic) == (bold, italic):
                    runs[-1].text += text
                else:
                    runs.append(Run(text, bold, italic))
        return runs


def load_amendment(path: Path, problems: Problems, source=None) -> Amendment | None:
    """One toelichting; None when it cannot be read (a problem says why). Problems in its
    front matter or text are recorded and the rest is still read."""
    amendment = Amendment(path.parent.name, path.stem, path)
    text = read_data_file(path, problems, source)
    if text is None:
        return None
    if not text.strip():
        problems.add(path, None, _("is empty: a toelichting has a front matter (titel, "
                                   "wijzigt) and text ({format})").format(format=_(FORMAT)))
        return None
    _Parser(amendment, problems, text).parse()
    return amendment


def load_amendments(folder: Path, problems: Problems, source) -> dict[str, dict[str, Amendment]]:
    """Toelichtingen by region and name (the file name without ``.md``)."""
    found: dict[str, dict[str, Amendment]] = {}
    for path in source.files(folder, "*.md", recursive=True):
        if path.parent.parent != folder:
            problems.add(path, None, _("a toelichting belongs in {folder}/REGION/NAME.md, one "
                                       "folder per region").format(folder=FOLDER))
            continue
        amendment = load_amendment(path, problems, source)
        if amendment is not None:
            found.setdefault(amendment.region, {})[amendment.name] = amendment
    return found


def check_amendments(amendments: dict[str, dict[str, Amendment]], regions: set[str],
                     problems: Problems, manifests: str) -> None:
    """Every toelichting is in the folder of a region that has a manifest (in ``manifests``)."""
    for region, by_name in sorted(amendments.items()):
        if region not in regions:
            for amendment in by_name.values():
                problems.add(amendment.path, None, _("toelichting for unknown region {region}: no "
                                                     "{folder}/{name}.yaml").format(
                    region=shown(region), folder=manifests, name=region))
