"""Load and validate all data of a convenant repository: clauses, parties, manifests.

Everything is read and checked before anything is written (compare MkDocs'
commands/build.py); every problem found is reported, not only the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import Problem, Problems, shown
from .model.blocks import Item, walk
from .model.clauses import Clause, load_clauses
from .model.accession import load_accessions
from .model.amendment import FOLDER as AMENDMENTS_DIR, check_amendments, load_amendments
from .model.dispatch import FOLDER as DISPATCH_DIR, check_dispatches, load_dispatches
from .model.register import Register, load_registers
from .model.timeline import Timeline
from .model.manifests import INHERITED, Manifest, Ref, load_manifests
from .model.parties import Party, load_parties
from .source import FileSource
from .i18n import _

CLAUSES_DIR, PARTIES_DIR, CONVENANTS_DIR = "clauses", "parties", "convenants"
REGISTER_DIR = "register"
"""Optional: one register (decided versions, signatures) per region."""
ACCESSIONS_DIR = "toetredingen"
"""Optional: requests to accede, toetredingen/REGION/ORG.yaml."""
DATA_DIRS = (CLAUSES_DIR, PARTIES_DIR, CONVENANTS_DIR, REGISTER_DIR, ACCESSIONS_DIR, AMENDMENTS_DIR)


@dataclass
class Project:
    """All data of one repository, loaded and cross-checked."""

    root: Path
    clauses: dict[str, Clause]
    parties: dict[str, Party]
    manifests: dict[str, Manifest]
    region_files: set[str] = field(default_factory=set)
    """Region ids named by the files in convenants/, including manifests that failed to load."""
    registers: dict[str, Register] = field(default_factory=dict)
    """Registers by region; a region without one has no recorded versions yet."""
    source: object = None
    """Where the data was read from (FileSource, or GitSource for a revision)."""
    accessions: dict[str, dict] = field(default_factory=dict)
    """Requests to accede (model.accession.Accession) by region and organisation id."""
    amendments: dict[str, dict] = field(default_factory=dict)
    """Toelichtingen of amendments (model.amendment.Amendment) by region and file name."""
    dispatches: dict[str, dict] = field(default_factory=dict)
    """Packages and reminders sent (model.dispatch.Dispatch) by region and version name."""

    def rel(self, path: Path) -> str:
        """``path`` as problems name it: relative to the data root."""
        return Problems(self.root).rel(path)

    def register(self, region: str) -> Register:
        """The region's register (empty when register/REGION.yaml does not exist yet)."""
        return self.registers.get(region) or Register(region, self.root / REGISTER_DIR / f"{region}.yaml")

    def timeline(self, region: str, known_on=None) -> Timeline:
        """The region's register read as history (generator.model.timeline); with
        ``known_on``, as it stood on that day."""
        return Timeline(self.manifests[region], self.register(region), known_on)

    @property
    def regions(self) -> list[str]:
        return sorted(self.manifests)


def load_project(root: Path, source=None) -> Project:
    """Load the data under ``root``; raise DataError listing every problem found.

    ``source`` reads the files (default: the working tree; a GitSource reads a revision).
    """
    project, problems = collect_project(root, source)
    problems.raise_if_any()
    return project


def _load(loader, folder: Path, problems: Problems, source):
    return loader(folder, problems, source)


def collect_project(root: Path, source=None, load=_load) -> tuple[Project, Problems]:
    """Load what can be loaded and return it with every problem found (for a full report).

    ``load(loader, folder, problems, source)`` calls the loader of each data folder (the live
    preview's may give back what the loader made before, when no file in it changed)."""
    root = Path(root)
    source = source or FileSource(root)
    problems = Problems(root, source.label)
    # Links and anything else that is not a plain file or folder are refused before a file is
    # read (the source never follows nor opens them); named as found, not where they point.
    refused: dict[Path, str] = {}
    for sub in DATA_DIRS:
        refused.update(source.refusals(root / sub))
    for path, reason in sorted(refused.items()):
        where = Path(path).relative_to(root) if Path(path).is_relative_to(root) else Path(path)
        problems.items.append(Problem(f"{source.label}{where}", None, reason))
    missing = [sub for sub in (CLAUSES_DIR, PARTIES_DIR, CONVENANTS_DIR) if not source.is_dir(root / sub)]
    for sub in missing:
        if root / sub not in refused:
            problems.add(root / sub, None, _("folder missing: is this a convenant repository?"))
    if missing:
        return Project(root, {}, {}, {}, source=source), problems
    project = Project(
        root=root,
        clauses=load(load_clauses, root / CLAUSES_DIR, problems, source),
        parties=load(load_parties, root / PARTIES_DIR, problems, source),
        manifests=load(load_manifests, root / CONVENANTS_DIR, problems, source),
        registers=load(load_registers, root / REGISTER_DIR, problems, source),
        source=source,
        accessions=load(load_accessions, root / ACCESSIONS_DIR, problems, source),
        amendments=load(load_amendments, root / AMENDMENTS_DIR, problems, source),
        dispatches=load(load_dispatches, root / REGISTER_DIR / DISPATCH_DIR, problems, source),
    )
    # A file that fails to load still names its region or party: no follow-up errors about it.
    project.region_files = {path.stem for path in source.files(root / CONVENANTS_DIR, "*.yaml")}
    party_files = {path.stem for path in source.files(root / PARTIES_DIR, "*.yaml")}
    check_project(project, problems, project.region_files, party_files)
    return project, problems


def check_project(project: Project, problems: Problems, regions: set[str],
                  party_files: set[str]) -> None:
    """Cross-file checks: every reference between files points at something that exists."""
    for clause in project.clauses.values():
        _check_clause(clause, regions, problems)
    for party in project.parties.values():
        for region, member in party.deelname.items():
            if region not in regions:
                problems.add(party.path, member.line,
                             _("deelname in unknown region {region}").format(region=shown(region)))
    resolve_bases(project, problems)
    for manifest in project.manifests.values():
        _check_manifest(manifest, project, problems, party_files)
    for region, register in project.registers.items():
        if region not in regions:
            problems.add(register.path, None, _("register for unknown region {region}: no "
                                                "{folder}/{name}.yaml").format(
                region=shown(region), folder=CONVENANTS_DIR, name=region))
        for signature in register.signatures:
            if signature.party and signature.party not in party_files:
                problems.add(register.path, signature.line,
                             _("signature of unknown party {party}: no parties/{name}.yaml").format(
                                 party=shown(signature.party), name=signature.party))
        listed = {r.id for r in project.manifests[region].partijen} if region in project.manifests else set()
        for withdrawal in register.withdrawals:
            if withdrawal.party and listed and withdrawal.party not in listed:
                problems.add(register.path, withdrawal.line,
                             _("withdrawal of {party}, which is not in 'partijen' of "
                               "{folder}/{name}.yaml").format(
                                 party=shown(withdrawal.party), folder=CONVENANTS_DIR, name=region))
    for region, accessions in project.accessions.items():
        for accession in accessions.values():
            _check_accession(accession, project, regions, party_files, problems)
    check_amendments(project.amendments, regions, problems, CONVENANTS_DIR)
    check_dispatches(project.dispatches, project.registers, regions, party_files, problems)


def _check_accession(accession, project: Project, regions: set[str], party_files: set[str],
                     problems: Problems) -> None:
    if accession.region not in regions:
        problems.add(accession.path, None, _("accession in unknown region {region}: no "
                                             "{folder}/{name}.yaml").format(
            region=shown(accession.region), folder=CONVENANTS_DIR, name=accession.region))
        return
    for party, line in [(accession.via, None)] + [(a.party, a.line) for a in accession.answers]:
        if party and party not in party_files:
            problems.add(accession.path, line, _("unknown party {party}: no parties/{name}.yaml")
                         .format(party=shown(party), name=party))


def _check_regions(found, known: set[str], path, line, problems: Problems, what: str) -> None:
    for region in sorted(found or ()):
        if region not in known:
            problems.add(path, line,
                         _("{what} for unknown region {region}").format(what=what, region=shown(region)))


def _check_clause(clause: Clause, regions: set[str], problems: Problems) -> None:
    for region in clause.titles:
        if region is not None and region not in regions:
            problems.add(clause.path, clause.title_line,
                         _("title for unknown region {region}").format(region=shown(region)))
    _check_blocks(clause.preamble, clause, regions, problems, ids=False)
    seen: dict[str, list] = {}
    for unit in clause.segments:
        _check_regions(unit.regions, regions, clause.path, unit.line, problems,
                       _("variant of {id}").format(id=shown(unit.id)))
        for other in seen.get(unit.id, []):
            # one shared text, and variants for some regions of their own (each region takes
            # its own variant, else the shared one): a region may not have two
            if (other.regions is None) == (unit.regions is None) and (
                    other.regions is None or other.regions & unit.regions):
                problems.add(clause.path, unit.line,
                             _("duplicate id {id} (also line {line}); variants of one id need"
                               " different '@region's").format(id=shown(unit.id), line=other.line))
                break
        seen.setdefault(unit.id, []).append(unit)
        _check_blocks(unit.blocks, clause, regions, problems)


def _check_blocks(blocks, clause: Clause, regions: set[str], problems: Problems,
                  ids: bool = True) -> None:
    """Regions named by text and list items exist; with ``ids``, item ids are unique within
    ``blocks`` (variants of an item for different regions may share one)."""
    seen: dict[str, Item] = {}
    for node, _depth, _parent in walk(blocks):
        what = _("list item") if isinstance(node, Item) else _("text")
        _check_regions(node.regions, regions, clause.path, node.line, problems, what)
        if ids and isinstance(node, Item) and node.id:
            other = seen.get(node.id)
            if other is not None and (other.regions is None or node.regions is None
                                      or other.regions & node.regions):
                problems.add(clause.path, node.line,
                             _("duplicate item id {id} (also line {line})").format(
                                 id=shown(node.id), line=other.line))
            seen[node.id] = node


def _inherited(value, line: int):
    """A manifest field taken from the base; its clause references then point at the
    ``basis`` line of the region's own manifest (where a problem with them is reported)."""
    if isinstance(value, Ref):
        return replace(value, line=line)
    if isinstance(value, list):
        return [replace(ref, line=line) if isinstance(ref, Ref) else ref for ref in value]
    return value


def resolve_bases(project: Project, problems: Problems) -> None:
    """Give every region with a ``basis`` its chain of bases and what it inherits: the
    manifest's fields it does not give itself (INHERITED) and the terms it does not define.
    An unknown base or a circle of bases is a problem at the ``basis`` line."""
    manifests = project.manifests
    done: set[str] = set()

    def resolve(manifest: Manifest, seen: tuple[str, ...]) -> None:
        if manifest.region in done or manifest.basis is None:
            done.add(manifest.region)
            return
        base_id = manifest.basis.id
        base = manifests.get(base_id)
        if base is None:
            problems.add(manifest.path, manifest.basis.line,
                         _("basis {region} is no region: no {folder}/{name}.yaml").format(
                             region=shown(base_id), folder=CONVENANTS_DIR, name=base_id))
        elif base_id in seen:
            problems.add(manifest.path, manifest.basis.line,
                         _("the bases go round in a circle: {chain}").format(
                             chain=" → ".join((*seen, base_id))))
        else:
            resolve(base, (*seen, base_id))
            manifest.chain = [manifest.region, *base.chain]
            for key in INHERITED:
                if key not in manifest.line_of:
                    setattr(manifest, key, _inherited(getattr(base, key), manifest.basis.line))
            manifest.termen = {**base.termen, **manifest.own_terms}
        done.add(manifest.region)

    for manifest in manifests.values():
        resolve(manifest, (manifest.region,))


def _check_manifest(manifest: Manifest, project: Project, problems: Problems,
                    party_files: set[str]) -> None:
    path = manifest.path
    used: dict[str, int] = {}
    for ref in manifest.clause_refs():
        if ref.id not in project.clauses:
            problems.add(path, ref.line, _("clause {id} is listed but clauses/ has no {name}.md")
                         .format(id=shown(ref.id), name=ref.id))
        elif ref.id in used:
            problems.add(path, ref.line, _("clause {id} is listed twice (also line {line})")
                         .format(id=shown(ref.id), line=used[ref.id]))
        used.setdefault(ref.id, ref.line)
    for ref in manifest.weglaten:
        clause_id, _dot, lid = ref.id.partition(".")
        clause = project.clauses.get(clause_id) if clause_id in used else None
        if clause is None or (lid and not any(u.id == lid for u in clause.segments)):
            problems.add(path, ref.line, _("weglaten: {id} is no clause (or clause.lid) of "
                                           "this convenant").format(id=shown(ref.id)))
    listed = set()
    for ref in manifest.partijen:
        listed.add(ref.id)
        party = project.parties.get(ref.id)
        if party is None:
            if ref.id not in party_files:
                problems.add(path, ref.line, _("unknown party {party}: no parties/{name}.yaml")
                             .format(party=shown(ref.id), name=ref.id))
        elif manifest.region not in party.deelname:
            problems.add(path, ref.line, _("party {id} is listed but its file has no "
                                           "'deelname: {region}'").format(
                id=shown(ref.id), region=manifest.region))
    for party in project.parties.values():
        if manifest.region in party.deelname and party.id not in listed:
            problems.add(party.path, party.deelname[manifest.region].line,
                         _("party takes part in {region} but is not in {path} 'partijen'").format(
                             region=shown(manifest.region), path=problems.rel(path)))
    for ref in manifest.volgorde_ondergetekenden:
        if ref.id not in listed:
            problems.add(path, ref.line, _("volgorde_ondergetekenden: {id} is not in "
                                           "'partijen'").format(id=shown(ref.id)))
