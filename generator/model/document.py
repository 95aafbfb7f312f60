"""The assembled document of one region: what every renderer (HTML, PDF, DOCX) consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .blocks import Heading, Item, Paragraph, PartyList, SignatureBlocks, runs_of, text_blocks, walk
from .manifests import Manifest


REF_FORMS = ("artikel", "lid", "letter", "artikel-lid")
"""How a cross-reference prints besides its default form ("8.4, onder a"): ``|artikel`` the
article's number ("8"), ``|lid`` the lid's number within its article ("4"), ``|letter`` an
item's letter ("a"), ``|artikel-lid`` "8, lid 4" (with ", onder a" for an item)."""


@dataclass(frozen=True)
class RefTarget:
    """What a cross-reference can point to, with its numbers in one region's text."""

    kind: str
    """"article", "lid", "item" or "annex"."""
    article: int | None = None
    lid: int | None = None
    """The lid's place in its article (1, 2, ...), for a lid or an item."""
    lid_number: str = ""
    """"4.2", or "" for the unnumbered only lid of an article."""
    letter: str = ""
    """An item's letter or number ("a", "ii")."""
    annex: int | None = None

    def render(self, form: str | None = None) -> str | None:
        """The target's number as ``form`` prints it; None when the form does not fit it
        (``|letter`` of an article)."""
        if self.kind == "annex":
            return str(self.annex) if form is None else None
        if form == "artikel":
            return str(self.article)
        if self.kind == "article":
            return str(self.article) if form is None else None
        onder = f", onder {self.letter}" if self.kind == "item" else ""
        if form is None:
            return f"{self.lid_number or self.article}{onder}"
        if form == "lid":
            return str(self.lid) if self.kind == "lid" else None
        if form == "letter":
            return self.letter if self.kind == "item" else None
        if form == "artikel-lid":
            return f"{self.article}, lid {self.lid}{onder}"
        return None

    @property
    def where(self) -> str:
        """"artikel 4.4", "artikel 8.4, onder a", "bijlage 2"."""
        return f"bijlage {self.annex}" if self.kind == "annex" else f"artikel {self.render()}"


@dataclass
class Lid:
    """A numbered paragraph of an article ("4.2")."""

    id: str
    number: str
    """"4.2", or "" for the unnumbered only lid of an article in some regions."""
    blocks: list
    line: int = 0


@dataclass
class Article:
    id: str
    number: int
    title: str
    preamble: list
    leden: list[Lid]
    path: Path | None = None
    title_runs: list = field(default_factory=list)
    """The title's runs as assembled (a term's run keeps its name), for the way back from Word."""
    title_line: int = 0
    """The line of the clause file's ``titel``."""

    @property
    def heading(self) -> str:
        return f"Artikel {self.number}"


@dataclass
class Section:
    """An unnumbered part of a recital, closing or annex."""

    id: str
    blocks: list


@dataclass
class Annex:
    id: str
    number: int | None
    """Bijlage number; None for an unnumbered annex."""
    title: str
    sections: list[Section]
    path: Path | None = None

    @property
    def label(self) -> str:
        return f"Bijlage {self.number}" if self.number is not None else ""

    @property
    def fields(self) -> set[str]:
        """Names of the form fields (``{{veld:...}}``) in this annex."""
        return {run.field for section in self.sections for run in runs_of(section.blocks)
                if run.field is not None}

    def filled(self, values: dict[str, str]) -> "Annex":
        """A copy with each form field named in ``values`` filled in; others keep their blank."""
        import copy

        annex = copy.deepcopy(self)
        for section in annex.sections:
            for run in runs_of(section.blocks):
                if run.field in values:
                    run.text = values[run.field]
        return annex


@dataclass
class Part:
    """A titled unnumbered part of the document (ondergetekenden, overwegingen, slot)."""

    id: str
    title: str
    sections: list[Section]
    path: Path | None = None
    label: str = ""
    """What the part is: "ondergetekenden", "overwegingen" or "slot"."""


@dataclass
class Place:
    """One list of blocks of the document and where it stands: an article's preamble or lid, or
    a section of a part (ondergetekenden, overwegingen, slot) or of a bijlage."""

    path: Path | None
    blocks: list
    article: Article | None = None
    lid: Lid | None = None
    """The lid (None for an article's preamble and outside articles)."""
    annex: Annex | None = None
    part: Part | None = None
    section: Section | None = None

    @property
    def where(self) -> str:
        """The place in the region's numbering: "artikel 4.2", "bijlage 1", "overwegingen"."""
        if self.article is not None:
            number = self.lid.number if self.lid is not None and self.lid.number else None
            return f"artikel {number or self.article.number}"
        if self.annex is not None:
            return annex_place(self.annex)
        return self.part.label if self.part is not None else ""


def annex_place(annex: Annex) -> str:
    """"bijlage 2", or "bijlage toelichting-mandaat" for an unnumbered annex (by clause id)."""
    return f"bijlage {annex.number}" if annex.number is not None else f"bijlage {annex.id}"


@dataclass
class Document:
    """One region's convenant, assembled, numbered and with its parties attached."""

    region: str
    manifest: Manifest
    title: str
    zvh: str
    article_separator: str
    ondergetekenden: Part | None
    overwegingen: Part | None
    articles: list[Article]
    slot: Part | None
    annexes: list[Annex]
    party_ids: list[str] = field(default_factory=list)
    """Parties in signing order."""
    leaving: dict[str, str] = field(default_factory=dict)
    """Per party whose membership ends (has ended): "treedt uit per ... (artikel 23.2)"."""
    fingerprint: str = ""
    """SHA-256 of the canonical text (generator.canonical), set at assembly."""
    version: str | None = None
    """Name of the recorded version with this text, or None for an undecided draft."""
    version_decided: object = None
    """The Stuurgroep's decision date of ``version``."""
    targets: dict[str, RefTarget] = field(default_factory=dict)
    """Every reference target by id ("clause", "clause.lid", "clause.lid.item") and where it
    stands in this text; set at assembly."""

    @property
    def version_label(self) -> str:
        """"Versie 2027-1 · vingerafdruk 2976eb6f3881": printed on every page."""
        name = f"Versie {self.version}" if self.version else "Werkversie (niet vastgesteld)"
        return f"{name} · vingerafdruk {self.fingerprint[:12]}"

    def article_heading(self, article: Article) -> str:
        sep = self.article_separator
        return f"Artikel {article.number}{sep} {article.title}" if article.title else article.heading

    def annex_heading(self, annex: Annex) -> str:
        if annex.number is None:
            return annex.title
        return f"Bijlage {annex.number}: {annex.title}" if annex.title else annex.label

    def cite(self, clause: str, lid: str, fallback: str) -> str:
        """"artikel 21.2": where lid ``lid`` of clause ``clause`` stands in this text."""
        for article in self.articles:
            if article.id == clause:
                for item in article.leden:
                    if item.id == lid and item.number:
                        return f"artikel {item.number}"
        return fallback

    def parts(self):
        """Every list of blocks as a Place, in reading order: ondergetekenden, overwegingen,
        each article (its preamble, then its leden), slot, bijlagen."""
        for part in (self.ondergetekenden, self.overwegingen):
            if part is not None:
                yield from (Place(part.path, s.blocks, part=part, section=s) for s in part.sections)
        for article in self.articles:
            yield Place(article.path, article.preamble, article=article)
            for lid in article.leden:
                yield Place(article.path, lid.blocks, article=article, lid=lid)
        if self.slot is not None:
            yield from (Place(self.slot.path, s.blocks, part=self.slot, section=s)
                        for s in self.slot.sections)
        for annex in self.annexes:
            yield from (Place(annex.path, s.blocks, annex=annex, section=s) for s in annex.sections)

    def runs(self):
        """Every run of the text (not the titles) as (Place, Paragraph or Heading, Run), in
        reading order: assembly fills in terms and references through it."""
        for place in self.parts():
            for block in text_blocks(place.blocks):
                for run in block.runs:
                    yield place, block, run

    def signature_blocks(self) -> list:
        """Every party's signature block in the slot, in signing order."""
        sections = self.slot.sections if self.slot is not None else []
        return [signature for section in sections for block in section.blocks
                if isinstance(block, SignatureBlocks) for signature in block.blocks]


def block_text(block) -> list[str]:
    """Plain text lines of a block, for canonical text and checks: each list item's label
    before its first line."""
    if isinstance(block, PartyList):
        return [e.text for e in block.entries]
    if isinstance(block, SignatureBlocks):
        return [f"{b.organisation} {b.representative}".strip() for b in block.blocks]
    lines: list[str] = []
    labels: list[tuple[int, str]] = []  # (depth, label) of items whose first line is to come
    for node, depth, _parent in walk([block]):
        if isinstance(node, Item):
            labels = [x for x in labels if x[0] < depth] + [(depth, node.label)]
        elif isinstance(node, (Paragraph, Heading)):
            labels = [x for x in labels if x[0] <= depth]
            label = " ".join(x[1] for x in labels)
            lines.append(f"{label} {node.text}".strip() if labels else node.text)
            labels = []
    return lines


__all__ = ["Annex", "Article", "Document", "Item", "Lid", "Part", "Place", "Section", "annex_place", "block_text"]
