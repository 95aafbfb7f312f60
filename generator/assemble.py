"""Assemble one region's document from the loaded data, as a named list of small steps.

    select_variants → substitute_terms → number → resolve_references → attach_parties
    → identify_version

Each step works on an ``Assembly`` and records problems with their file and line instead
of raising, so that a build reports every problem of every region at once.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .canonical import fingerprint
from .errors import Problems, shown
from .model.blocks import (Heading, ListBlock, Paragraph, PartyEntry, PartyList, Placeholder,
                           SignatureBlock, SignatureBlocks, walk)
from .model.clauses import Clause, Segment
from .model.document import Annex, Article, Document, Lid, Part, Section
from .model.parties import Party
from .project import Project

TERM_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
         "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"]


@dataclass
class Assembly:
    """Work in progress for one region."""

    project: Project
    region: str
    problems: Problems
    document: Document | None = None
    numbers: dict[str, str] = field(default_factory=dict)
    """Reference target ("clause", "clause.lid", "clause.lid.item") → displayed number."""
    day: dt.date | None = None
    """The date the document is built for: its parties are the parties on that day
    (generator.model.timeline); default today."""
    members: list[str] | None = None
    """The parties to list and sign, when the caller chose them (the parties bound by a
    version); default: the parties on ``day``."""

    @property
    def manifest(self):
        return self.project.manifests[self.region]


# ---------------------------------------------------------------- helpers

def _for_region(thing, region: str) -> bool:
    return thing.regions is None or region in thing.regions


def _select_blocks(blocks: list, region: str) -> list:
    """Deep copies of the blocks meant for ``region``, with region marks cleared."""
    selected = []
    for block in blocks:
        if not _for_region(block, region):
            continue
        block = copy.copy(block)
        block.regions = None
        if isinstance(block, ListBlock):
            items = []
            for item in block.items:
                if _for_region(item, region):
                    item = copy.copy(item)
                    item.regions = None
                    item.blocks = _select_blocks(item.blocks, region)
                    items.append(item)
            block.items = items
            if not items:
                continue
        elif isinstance(block, (Paragraph, Heading)):
            block.runs = [copy.copy(r) for r in block.runs]
        selected.append(block)
    return selected


def _units_for(clause: Clause, region: str) -> list[Segment]:
    return [u for u in clause.segments if _for_region(u, region)]


# ---------------------------------------------------------------- steps

def select_variants(asm: Assembly) -> None:
    """Pick each clause's text for this region: titles, units, paragraphs and items."""
    project, region, manifest = asm.project, asm.region, asm.manifest

    def sections(clause: Clause) -> list[Section]:
        found = [Section("", _select_blocks(clause.preamble, region))]
        found += [Section(u.id, _select_blocks(u.blocks, region)) for u in _units_for(clause, region)]
        return [s for s in found if s.blocks]

    def part(ref, label: str) -> Part | None:
        if ref is None or ref.id not in project.clauses:
            return None
        clause = project.clauses[ref.id]
        return Part(clause.id, clause.title_for(region) or "", sections(clause), clause.path, label)

    articles = []
    for ref in manifest.artikelen:
        clause = project.clauses.get(ref.id)
        if clause is None:
            continue
        title = clause.title_for(region)
        if title is None and not clause.damaged:
            asm.problems.add(clause.path, clause.title_line, f"no title for region {shown(region)}")
        leden = [Lid(u.id, "", _select_blocks(u.blocks, region), u.line) for u in _units_for(clause, region)]
        if not leden and not clause.preamble and not clause.damaged:
            asm.problems.add(manifest.path, ref.line, f"article {shown(ref.id)} has no text for region {shown(region)}")
        articles.append(Article(clause.id, 0, title or "", _select_blocks(clause.preamble, region),
                                leden, clause.path))
    annexes = [Annex(clause.id, None if ref.numbered is False else 0, clause.title_for(region) or "",
                     sections(clause), clause.path)
               for ref in manifest.bijlagen if (clause := project.clauses.get(ref.id)) is not None]
    asm.document = Document(
        region=region, manifest=manifest, title=manifest.titel, zvh=manifest.zvh,
        article_separator=manifest.stijl.artikelkop,
        ondergetekenden=part(manifest.ondergetekenden, "ondergetekenden"),
        overwegingen=part(manifest.overwegingen, "overwegingen"),
        articles=articles, slot=part(manifest.slot, "slot"), annexes=annexes,
        party_ids=[r.id for r in manifest.partijen],
    )


def substitute_terms(asm: Assembly) -> None:
    """Fill in each term run (``{{term}}``) with the region's word; report undefined or
    malformed placeholders."""
    terms = asm.manifest.termen

    def fill(run, path: Path, line: int) -> None:
        if run.term is None:
            return
        if not TERM_NAME_RE.fullmatch(run.term):
            asm.problems.add(path, line, f"invalid placeholder {{{{{run.term}}}}}: expected a term "
                             "name or ref:clause.lid.item")
            run.text = ""
        elif run.term not in terms:
            asm.problems.add(path, line, f"undefined term {shown(run.term)} for region {shown(asm.region)} "
                             f"(add it under 'termen' in {asm.problems.rel(asm.manifest.path)})")
            run.text = ""
        else:
            run.text = terms[run.term]

    doc, clauses = asm.document, asm.project.clauses
    for item in [*doc.articles, *doc.annexes]:
        clause = clauses[item.id]
        runs = clause.title_runs(asm.region) or []
        for run in runs:
            fill(run, item.path, clause.title_line)
        item.title = "".join(run.text for run in runs)
    for place, block, run in doc.runs():
        fill(run, place.path, block.line)


def _label_lists(blocks: list, prefix: str, numbers: dict[str, str]) -> None:
    """Label every list item in ``blocks``; record "prefix.item-id" → letter in ``numbers``."""
    for block in (v.node for v in walk(blocks)):
        if not isinstance(block, ListBlock):
            continue
        for index, item in enumerate(block.items):
            n = block.start + index
            if block.style == "letters":
                item.letter = _alphabetic(n)
                item.label = f"{item.letter}."
            elif block.style == "numbers":
                item.letter, item.label = str(n), f"{n}."
            elif block.style == "roman":
                item.letter = ROMAN[n - 1] if n <= len(ROMAN) else str(n)
                item.label = f"({item.letter})"
            else:
                item.label = "◦" if block.style == "circles" else "•"
            if item.id and prefix:
                numbers.setdefault(f"{prefix}.{item.id}", item.letter)


def _alphabetic(n: int) -> str:
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def number(asm: Assembly) -> None:
    """Number articles, leden and list items for this region; record reference targets."""
    doc, numbers = asm.document, asm.numbers
    default = asm.manifest.stijl.enkel_lid_nummeren
    single = {ref.id: ref.numbered for ref in asm.manifest.artikelen}
    for index, article in enumerate(doc.articles, start=1):
        article.number = index
        numbers[article.id] = str(index)
        only_lid_numbered = default if single.get(article.id) is None else single[article.id]
        numbered = len(article.leden) > 1 or only_lid_numbered
        for lid_index, lid in enumerate(article.leden, start=1):
            lid.number = f"{index}.{lid_index}" if numbered else ""
            key = f"{article.id}.{lid.id}"
            numbers[key] = lid.number or str(index)
            item_numbers: dict[str, str] = {}
            _label_lists(lid.blocks, key, item_numbers)
            for target, letter in item_numbers.items():
                numbers[target] = f"{numbers[key]}, onder {letter}"
    annex_number = 0
    for annex in doc.annexes:
        if annex.number is not None:
            annex_number += 1
            annex.number = annex_number
            numbers[annex.id] = str(annex_number)
    for place in doc.parts():
        if place.lid is None:  # an article's preamble, or outside the articles
            _label_lists(place.blocks, "", {})


def resolve_references(asm: Assembly) -> None:
    """Fill in each reference run (``{{ref:...}}``) with the target's number in this region."""
    def number_of(target: str, path: Path, line: int) -> str:
        if target in asm.numbers:
            return asm.numbers[target]
        clause_id = target.split(".")[0]
        if clause_id not in asm.project.clauses:
            why = f"no clause {shown(clause_id)}"
        elif clause_id not in asm.numbers:
            why = f"{shown(clause_id)} is not a numbered article or bijlage of region {shown(asm.region)}"
        else:
            why = f"no such lid or item in region {shown(asm.region)}"
        asm.problems.add(path, line, f"broken reference {{{{ref:{target}}}}}: {why}")
        return ""

    for place, block, run in asm.document.runs():
        if run.ref is not None:
            run.text = number_of(run.ref, place.path, block.line)


def ondergetekende_text(party: Party, region: str) -> str:
    """How a party is described among the ondergetekenden (the ZHZ seed's form)."""
    text = party.name_in(region)
    if party.soort == "gemeente":
        return f"{text};"
    if party.statutaire_zetel:
        text += f", statutair gevestigd te {party.statutaire_zetel}"
        if party.adres:
            text += f" en kantoorhoudend te {party.adres}"
    elif party.adres:
        text += f", kantoorhoudend te {party.adres}"
    rep = party.representative(region)
    if rep is not None:
        who = f"{rep.aanhef} {rep.naam}"
        text += f", hierbij rechtsgeldig vertegenwoordigd door {who}"
        if rep.functie:
            text += f", {rep.functie}"
    return f"{text};"


def signature_block(party: Party, region: str) -> SignatureBlock:
    rep = party.representative(region)
    block = SignatureBlock(party.id, party.signing_name(region))
    if rep is not None:
        block.aanhef, block.name, block.function = rep.aanhef, rep.naam, rep.functie
    return block


def attach_parties(asm: Assembly) -> None:
    """Replace the party placeholders by lists and signature blocks from the registry."""
    doc, manifest, parties = asm.document, asm.manifest, asm.project.parties
    timeline = asm.project.timeline(asm.region)
    members = asm.members if asm.members is not None else \
        timeline.members(asm.day or dt.date.today())
    doc.party_ids = members
    doc.leaving = timeline.leaving()
    signing = [parties[pid] for pid in members if pid in parties]
    order = [r.id for r in manifest.volgorde_ondergetekenden if r.id in members]
    order += [p.id for p in signing if p.id not in order]
    listed = [parties[pid] for pid in order if pid in parties]

    def generated(placeholder: Placeholder):
        if placeholder.name == "handtekeningen":
            return SignatureBlocks([signature_block(p, asm.region) for p in signing])
        kind = "gemeente" if placeholder.name == "partijen:gemeenten" else "organisatie"
        return PartyList(kind, [PartyEntry(p.id, ondergetekende_text(p, asm.region))
                                for p in listed if p.soort == kind])

    for place in doc.parts():
        for index, block in enumerate(place.blocks):
            if isinstance(block, Placeholder):
                place.blocks[index] = generated(block)


def identify_version(asm: Assembly) -> None:
    """Fingerprint the text and name the recorded version it is, if any (register/REGION.yaml)."""
    doc = asm.document
    doc.fingerprint = fingerprint(doc)
    for version in reversed(asm.project.register(asm.region).versions):
        if version.fingerprint == doc.fingerprint:
            doc.version, doc.version_decided = version.name, version.decided
            break


STEPS = (select_variants, substitute_terms, number, resolve_references, attach_parties,
         identify_version)


def assemble(project: Project, region: str, problems: Problems, day: dt.date | None = None,
             members: list[str] | None = None) -> Document:
    """Run every assembly step for ``region``; problems are added to ``problems``. The
    document's parties are ``members``, or the parties on ``day`` (default today)."""
    asm = Assembly(project, region, problems, day=day, members=members)
    for step in STEPS:
        step(asm)
    return asm.document


def assemble_regions(project: Project, regions: list[str], problems: Problems | None = None,
                     day: dt.date | None = None) -> dict[str, Document]:
    """Assemble several regions, raising DataError with all problems of all of them.

    ``problems`` may already hold the problems found while loading: assembly still runs
    (on what did load) so that one report lists everything.
    """
    problems = problems if problems is not None else Problems(project.root)
    documents = {region: assemble(project, region, problems, day)
                 for region in regions if region in project.manifests}
    problems.raise_if_any()
    return documents
