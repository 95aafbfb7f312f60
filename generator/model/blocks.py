"""Text blocks shared by clause files (as written) and the assembled document (as numbered).

A clause file is parsed into these blocks with ``regions`` and placeholders still in place;
assembly copies them for one region, with variants chosen, terms substituted, items labelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass
class Run:
    """A stretch of inline text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    field: str | None = None
    """The form field this text stands for (``{{veld:naam|[…]}}`` in Bijlage 1), or None.

    ``text`` is then the blank as the convenant prints it; a filled-in form replaces it."""
    term: str | None = None
    """The term this text stands for (``{{overleg}}``), or None. Parsed, ``text`` is the
    placeholder as written; assembly replaces it by the region's word."""
    ref: str | None = None
    """The target of a symbolic reference (``{{ref:stuurgroep.taken}}``: "stuurgroep.taken"),
    or None. Parsed, ``text`` is the placeholder as written; assembly replaces it by the
    target's number in the region."""
    ref_form: str | None = None
    """How a reference prints (``{{ref:stuurgroep.taken|lid}}``: "lid"), or None for the
    default form; see generator.model.document.REF_FORMS."""


def merged(runs: list[Run]) -> list[Run]:
    """Runs as printed: neighbours of one style joined (a filled-in term or reference is one
    text with what surrounds it); a form field stays a run of its own."""
    out: list[Run] = []
    for run in runs:
        last = out[-1] if out else None
        if (last is not None and last.field is None and run.field is None
                and (last.bold, last.italic) == (run.bold, run.italic)):
            out[-1] = Run(last.text + run.text, last.bold, last.italic)
        else:
            out.append(run)
    return out


class _Runs:
    """What Paragraph and Heading share: their text is their runs' text."""

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Paragraph(_Runs):
    """A paragraph of running text."""

    runs: list[Run]
    line: int = 0
    """1-based line in the clause file (0 for generated text)."""
    regions: frozenset[str] | None = None
    """Regions this paragraph is for; None means every region."""


@dataclass
class Heading(_Runs):
    """A visible subheading inside a clause (used in annexes)."""

    runs: list[Run]
    level: int = 3
    line: int = 0
    regions: frozenset[str] | None = None


@dataclass
class Placeholder:
    """A block generated at assembly from the registry (party lists, signature blocks)."""

    name: str
    line: int = 0
    regions: frozenset[str] | None = None


LIST_STYLES = ("letters", "bullets", "circles", "numbers", "roman")


@dataclass
class Item:
    """One item of a list: lettered (a.), bulleted, numbered or roman."""

    blocks: list
    id: str | None = None
    """Stable id for references and region variants; optional."""
    line: int = 0
    regions: frozenset[str] | None = None
    label: str = ""
    """Displayed label ("a.", "•", "(ii)"), set at assembly."""
    letter: str = ""
    """The bare letter or number used in references ("a", "ii"), set at assembly."""


@dataclass
class ListBlock:
    """A list of items in one style."""

    style: str
    items: list[Item]
    start: int = 1
    line: int = 0
    regions: frozenset[str] | None = None


class Visit(NamedTuple):
    """One step of :func:`walk`: a block or list item, how deep it is, and what holds it."""

    node: object
    depth: int
    """List nesting: 0 for a block of running text, 1 for an item of a top-level list (and the
    blocks inside that item), and so on."""
    parent: object
    """The ListBlock holding an item, the Item holding a block, or None at the top."""


def walk(blocks: list, depth: int = 0, parent=None):
    """Every block and list item in ``blocks``, depth first, in reading order.

    The one traversal of the block tree: assembly, the canonical text, the checks and lint
    all read blocks through it.
    """
    for block in blocks:
        yield Visit(block, depth, parent)
        if isinstance(block, ListBlock):
            for item in block.items:
                yield Visit(item, depth + 1, block)
                yield from walk(item.blocks, depth + 1, item)


def text_blocks(blocks: list):
    """Every Paragraph and Heading in ``blocks`` (list items' included), in reading order."""
    return (v.node for v in walk(blocks) if isinstance(v.node, (Paragraph, Heading)))


def runs_of(blocks: list):
    """Every Run in ``blocks``, list items included."""
    for block in text_blocks(blocks):
        yield from block.runs


@dataclass
class PartyEntry:
    """One party as it appears among the ondergetekenden (generated from the registry)."""

    party_id: str
    text: str


@dataclass
class PartyList:
    """The generated list of gemeenten or organisations among the ondergetekenden."""

    kind: str
    entries: list[PartyEntry] = field(default_factory=list)


@dataclass
class SignatureBlock:
    """One party's signature block (generated from the registry)."""

    party_id: str
    organisation: str
    aanhef: str = ""
    name: str = ""
    function: str = ""

    @property
    def has_representative(self) -> bool:
        return bool(self.name)

    @property
    def representative(self) -> str:
        """"de heer J. Jansen, burgemeester" or "" when no representative is known."""
        who = " ".join(p for p in (self.aanhef, self.name) if p)
        return f"{who}, {self.function}" if self.function and who else who

    def lines(self) -> list[SignatureLine]:
        """The block as every renderer prints it, top to bottom.

        With a known representative: the organisation, who represents it, date and place,
        signature. Without one (the Haaglanden seed's blank template) the name and function
        are a line to fill in.
        """
        if self.has_representative:
            head = [SignatureLine("org", self.organisation),
                    SignatureLine("rep", "in dezen rechtsgeldig vertegenwoordigd door: "
                                  + self.representative)]
        else:
            head = [SignatureLine("org", self.organisation, "Naam partij:"),
                    SignatureLine("rep", "in dezen rechtsgeldig vertegenwoordigd door:"),
                    SignatureLine("fill", "", "Naam en functie:")]
        return head + [SignatureLine("fill", "", "Datum en plaats:"),
                       SignatureLine("sign", "", "Handtekening:")]


@dataclass
class SignatureLine:
    """One line of a signature block: ``kind`` is org, rep, fill (a line to write on) or sign."""

    kind: str
    text: str
    label: str = ""


@dataclass
class SignatureBlocks:
    """All signature blocks, in signing order."""

    blocks: list[SignatureBlock] = field(default_factory=list)
