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
from dataclasses import dataclass, field, replace
from pathlib import Path

from .canonical import fingerprint
from .errors import Problems, shown
from .model.blocks import (Heading, ListBlock, Paragraph, PartyEntry, PartyList, Placeholder,
                           SignatureBlock, SignatureBlocks, walk)
from .model.clauses import Clause, Segment
from .model.document import REF_FORMS, Annex, Article, Document, Lid, Part, RefTarget, Section
from .model.parties import Party
from .project import Project
from .i18n import N_, _

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

def _marked_for(thing, chain: list[str]) -> bool:
    """Shared, or marked for a region of the chain."""
    return thing.regions is None or any(r in thing.regions for r in chain)


def _pick(members: list, chain: list[str]) -> list:
    """Of the variants of one key, those of the first region of ``chain`` that has one, else
    the shared ones."""
    return next(([m for m in members if m.regions is not None and r in m.regions]
                 for r in chain if any(m.regions is not None and r in m.regions for m in members)),
                [m for m in members if m.regions is None])


def _choose(things: list, chain: list[str], key) -> list:
    """The things meant for a region whose chain (the region, then its bases) is ``chain``.

    Things with the same ``key`` (the variants of one lid or list item) are alternatives: the
    first region of the chain that has a variant gets it, else the shared one. It stands where
    the variant its base would take stands (so a region's own variant, wherever it is written
    in the file, takes its base's place); for a region without a base, where it is written.
    A thing without a key (a paragraph) is taken when it is shared or marked for a region of
    the chain.
    """
    groups: dict = {}
    for thing in things:
        if key(thing) is not None:
            groups.setdefault(key(thing), []).append(thing)
    position = {id(t): index for index, t in enumerate(things)}
    taken = []
    for members in groups.values():
        picked = _pick(members, chain)
        place = next((base for k in range(1, len(chain)) if (base := _pick(members, chain[k:]))),
                     picked)
        taken += [(position[id(place[0])], position[id(m)], m) for m in picked]
    taken += [(index, index, t) for index, t in enumerate(things)
              if key(t) is None and _marked_for(t, chain)]
    return [t for _, _, t in sorted(taken, key=lambda entry: entry[:2])]


def _select_blocks(blocks: list, chain: list[str]) -> list:
    """Deep copies of the blocks meant for the region of ``chain``, with region marks cleared."""
    selected = []
    for block in _choose(blocks, chain, lambda b: None):
        block = copy.copy(block)
        block.regions = None
        if isinstance(block, ListBlock):
            items = []
            for item in _choose(block.items, chain, lambda i: i.id):
                item = copy.copy(item)
                item.regions = None
                item.blocks = _select_blocks(item.blocks, chain)
                items.append(item)
            block.items = items
            if not items:
                continue
        elif isinstance(block, (Paragraph, Heading)):
            block.runs = [copy.copy(r) for r in block.runs]
        selected.append(block)
    return selected


def _units_for(clause: Clause, chain: list[str]) -> list[Segment]:
    return _choose(clause.segments, chain, lambda u: u.id)


# ---------------------------------------------------------------- steps

def variant_source(segment: Segment, chain: list[str]) -> str:
    """Where a chosen lid comes from for the region of ``chain``: the region itself, one of
    its bases (its id), or "gedeeld" (the text shared by every region)."""
    if segment.regions is None:
        return "gedeeld"
    return next(r for r in chain if r in segment.regions)


def lid_sources(project: Project, region: str,
                with_dropped: bool = False) -> list[tuple[str, str, str]]:
    """Per article and lid of the region (in manifest order): (clause id, lid id, source),
    the source as variant_source says; leden left out with ``weglaten`` are not listed (with
    ``with_dropped`` they are, as they would be without ``weglaten``)."""
    manifest = project.manifests[region]
    chain = manifest.chain or [region]
    dropped = set() if with_dropped else {ref.id for ref in manifest.weglaten}
    out = []
    for ref in manifest.artikelen:
        clause = project.clauses.get(ref.id)
        if clause is None or ref.id in dropped:
            continue
        out += [(clause.id, u.id, variant_source(u, chain)) for u in _units_for(clause, chain)
                if f"{clause.id}.{u.id}" not in dropped]
    return out


def _alternatives(things: list, key) -> list[list]:
    """Groups of variants: things sharing a key, or (without a key) consecutive things each
    marked for some region; only groups of two or more variants for two or more regions (one
    lid marked '@zhz @noord' is an addition for those two, not a choice between them)."""
    groups: dict = {}
    run: list = []
    found = []
    for thing in things:
        if key(thing) is not None:
            groups.setdefault(key(thing), []).append(thing)
        elif thing.regions is not None:
            run.append(thing)
            continue
        if run:
            found.append(run)
            run = []
    found += [run] if run else []
    found += groups.values()
    return [g for g in found if len(g) >= 2 and len({r for t in g for r in (t.regions or ())}) >= 2]


def _gaps(things: list, chain: list[str], key) -> list:
    """The first thing of each group of variants (see _alternatives) of which none is meant
    for the region of ``chain`` and none is shared: text the region would silently lose."""
    return [group[0] for group in _alternatives(things, key)
            if not any(_marked_for(t, chain) for t in group)]


def _block_gaps(blocks: list, chain: list[str]) -> list:
    """Gaps (see _gaps) among ``blocks``, in list items and in their blocks, recursively."""
    found = _gaps(blocks, chain, lambda b: None)
    for block in blocks:
        if isinstance(block, ListBlock) and _marked_for(block, chain):
            found += _gaps(block.items, chain, lambda i: i.id)
            for item in _choose(block.items, chain, lambda i: i.id):
                found += _block_gaps(item.blocks, chain)
    return found


def _check_gutted(asm: Assembly, clause: Clause, dropped: set[str]) -> None:
    """A problem for every lid, list item or paragraph that has variants for other regions
    but none for this one (nor a shared text), and for every lid left without text."""
    chain, region = asm.manifest.chain, asm.region
    if len(chain) > 1:
        how = _("add a variant '@{region}', or leave it out with 'weglaten: [{clause}.ID]'")
    else:
        how = _("add a variant '@{region}', give {path} a 'basis', or leave it out with "
                "'weglaten: [{clause}.ID]'")
    how = how.format(region=region, path=asm.problems.rel(asm.manifest.path), clause=clause.id)
    for unit in _gaps(clause.segments, chain, lambda u: u.id):
        if f"{clause.id}.{unit.id}" not in dropped:
            asm.problems.add(clause.path, unit.line, _("{id} has variants for other regions but "
                                                       "none for {region}: {how}").format(
                id=shown(unit.id), region=shown(region), how=how))
    for unit in [None, *_units_for(clause, chain)]:
        blocks = clause.preamble if unit is None else unit.blocks
        if unit is not None and f"{clause.id}.{unit.id}" in dropped:
            continue
        for thing in _block_gaps(blocks, chain):
            asm.problems.add(clause.path, thing.line, _("text with variants for other regions "
                                                        "but none for {region} (it would be left "
                                                        "out): {how}").format(
                region=shown(region), how=how))
        if unit is not None and blocks and not _select_blocks(blocks, chain):
            asm.problems.add(clause.path, unit.line, _("{id} has no text for region {region}")
                             .format(id=shown(unit.id), region=shown(region)))


def select_variants(asm: Assembly) -> None:
    """Pick each clause's text for this region: titles, units, paragraphs and items. A region
    with a ``basis`` takes the variant of its base wherever it has none of its own (its chain:
    the region, then its bases), and leaves out what its manifest lists under ``weglaten``.
    Text that would be lost because it has variants for other regions only is a problem."""
    project, region, manifest = asm.project, asm.region, asm.manifest
    chain = manifest.chain or [region]
    dropped = {ref.id for ref in manifest.weglaten}

    def units(clause: Clause) -> list[Segment]:
        if not clause.damaged:
            _check_gutted(asm, clause, dropped)
        return [u for u in _units_for(clause, chain) if f"{clause.id}.{u.id}" not in dropped]

    def sections(clause: Clause) -> list[Section]:
        found = [Section("", _select_blocks(clause.preamble, chain))]
        found += [Section(u.id, _select_blocks(u.blocks, chain)) for u in units(clause)]
        return [s for s in found if s.blocks]

    def empty(ref, what: str, found: list[Section], clause: Clause) -> list[Section]:
        if not found and not clause.damaged:
            asm.problems.add(manifest.path, ref.line, _("{what} {id} has no text for region {region}")
                             .format(what=what, id=shown(ref.id), region=shown(region)))
        return found

    def part(ref, label: str) -> Part | None:
        if ref is None or ref.id not in project.clauses:
            return None
        clause = project.clauses[ref.id]
        return Part(clause.id, clause.title_for(chain) or "",
                    empty(ref, label, sections(clause), clause), clause.path, label)

    articles = []
    for ref in manifest.artikelen:
        clause = project.clauses.get(ref.id)
        if clause is None or ref.id in dropped:
            continue
        title = clause.title_for(chain)
        if title is None and not clause.damaged:
            asm.problems.add(clause.path, clause.title_line,
                             _("no title for region {region}").format(region=shown(region)))
        leden = [Lid(u.id, "", _select_blocks(u.blocks, chain), u.line) for u in units(clause)]
        if not leden and not clause.preamble and not clause.damaged:
            asm.problems.add(manifest.path, ref.line, _("article {id} has no text for region {region}")
                             .format(id=shown(ref.id), region=shown(region)))
        articles.append(Article(clause.id, 0, title or "", _select_blocks(clause.preamble, chain),
                                leden, clause.path))
    annexes = [Annex(clause.id, None if ref.numbered is False else 0, clause.title_for(chain) or "",
                     empty(ref, "bijlage", sections(clause), clause), clause.path)
               for ref in manifest.bijlagen
               if (clause := project.clauses.get(ref.id)) is not None and ref.id not in dropped]
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
            asm.problems.add(path, line, _("invalid placeholder {{{{{term}}}}}: expected a term "
                                           "name or ref:clause.lid.item").format(term=run.term))
            run.text = ""
        elif run.term not in terms:
            asm.problems.add(path, line, _("undefined term {term} for region {region} (add it "
                                           "under 'termen' in {path})").format(
                term=shown(run.term), region=shown(asm.region),
                path=asm.problems.rel(asm.manifest.path)))
            run.text = ""
        else:
            run.text = terms[run.term]

    doc, clauses = asm.document, asm.project.clauses
    for item in [*doc.articles, *doc.annexes]:
        clause = clauses[item.id]
        runs = clause.title_runs(asm.manifest.chain or [asm.region]) or []
        for run in runs:
            fill(run, item.path, clause.title_line)
        item.title = "".join(run.text for run in runs)
        if isinstance(item, Article):
            item.title_runs, item.title_line = runs, clause.title_line
    for place, block, run in doc.runs():
        fill(run, place.path, block.line)


def _label_lists(blocks: list, prefix: str, targets: dict[str, RefTarget],
                 lid: RefTarget | None = None) -> None:
    """Label every list item in ``blocks``; record "prefix.item-id" → the item (of ``lid``)."""
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
            if item.id and prefix and lid is not None:
                targets.setdefault(f"{prefix}.{item.id}",
                                   replace(lid, kind="item", letter=item.letter or ""))


def _alphabetic(n: int) -> str:
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def number(asm: Assembly) -> None:
    """Number articles, leden and list items for this region; record reference targets."""
    doc, targets = asm.document, asm.document.targets
    default = asm.manifest.stijl.enkel_lid_nummeren
    single = {ref.id: ref.numbered for ref in asm.manifest.artikelen}
    for index, article in enumerate(doc.articles, start=1):
        article.number = index
        targets[article.id] = RefTarget("article", article=index)
        only_lid_numbered = default if single.get(article.id) is None else single[article.id]
        numbered = len(article.leden) > 1 or only_lid_numbered
        for lid_index, lid in enumerate(article.leden, start=1):
            lid.number = f"{index}.{lid_index}" if numbered else ""
            key = f"{article.id}.{lid.id}"
            targets[key] = RefTarget("lid", article=index, lid=lid_index, lid_number=lid.number)
            _label_lists(lid.blocks, key, targets, targets[key])
    annex_number = 0
    for annex in doc.annexes:
        if annex.number is not None:
            annex_number += 1
            annex.number = annex_number
            targets[annex.id] = RefTarget("annex", annex=annex_number)
    for place in doc.parts():
        if place.lid is None:  # an article's preamble, or outside the articles
            _label_lists(place.blocks, "", {})


def resolve_references(asm: Assembly) -> None:
    """Fill in each reference run (``{{ref:...}}``) with the target's number in this region,
    in the form the run asks for (``|lid``, ...: REF_FORMS)."""
    targets = asm.document.targets

    def number_of(run, path: Path, line: int) -> str:
        target = run.ref
        if run.ref_form is not None and run.ref_form not in REF_FORMS:
            return ""  # an unknown form: reported with the clause file
        found = targets.get(target)
        if found is not None:
            text = found.render(run.ref_form)
            if text is not None:
                return text
            why = _("{target} is {kind}; |{form} {needs}").format(
                target=shown(target), kind=_(_KIND_WORDS[found.kind]), form=run.ref_form,
                needs=_(_FORM_NEEDS[run.ref_form]))
        else:
            clause_id = target.split(".")[0]
            if clause_id not in asm.project.clauses:
                why = _("no clause {id}").format(id=shown(clause_id))
            elif clause_id not in targets:
                why = _("{id} is not a numbered article or bijlage of region {region}").format(
                    id=shown(clause_id), region=shown(asm.region))
            else:
                why = _("no such lid or item in region {region}").format(region=shown(asm.region))
        form = f"|{run.ref_form}" if run.ref_form else ""
        asm.problems.add(path, line, _("broken reference {{{{ref:{target}{form}}}}}: {why}").format(
            target=target, form=form, why=why))
        return ""

    for place, block, run in asm.document.runs():
        if run.ref is not None:
            run.text = number_of(run, place.path, block.line)


_KIND_WORDS = {"article": N_("an article"), "lid": N_("a lid"), "item": N_("a list item"),
               "annex": N_("a bijlage")}
_FORM_NEEDS = {"artikel": N_("needs an article, lid or list item"),
               "lid": N_("needs a lid (for a list item write |artikel-lid or |letter)"),
               "letter": N_("needs a list item"), "artikel-lid": N_("needs a lid or list item")}


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
    if manifest.signed and not manifest.partijen:
        # Checked here, not when loading: a region still being drafted (no parties yet) does
        # not stop the commands about the other regions.
        asm.problems.add(manifest.path, manifest.line_of.get("partijen", 1),
                         _("'partijen' must list the parties in signing order"))
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
