"""`vaststellen`, `sign`, `status`, `versions`: the region's register of versions and signatures.

The register is ``register/REGION.yaml``. Each write is one git commit with only that file;
nothing is written when a check fails. The text of a version is read from git objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..assemble import assemble_regions
from ..errors import UsageError, shown
from ..i18n import _
from ..history import (commit_files, log, open_repo, project_at, region_paths, resolve_commit,
                       shallow_hint, uncommitted)
from ..lock import writes_repository
from ..model.register import VERSION_NAME_RE, Signature, Version, dump_register
from ..project import Project
from .common import check_member, check_regions, load_region, recorded_version


def required_version(project: Project, region: str, name: str | None) -> Version:
    version = recorded_version(project, region, name)
    if version is None:
        raise UsageError(_("no version of {region} is recorded yet: record one with "
                           "`convenant vaststellen {region} NAME --besluit DATE`").format(
            region=region))
    return version


def fingerprint_at(repo, root: Path, region: str, commit) -> str:
    """The fingerprint of ``region``'s text as committed at ``commit``."""
    project = project_at(repo, root, commit)
    check_regions(set(project.manifests), [region])
    return assemble_regions(project, [region])[region].fingerprint


@writes_repository
def vaststellen(root: Path, region: str, name: str, decided: dt.date, rev: str | None = None,
                today: dt.date | None = None) -> Version:
    """Record the version ``name`` decided by the Stuurgroep on ``decided`` and commit it.

    The version's text is the region's data at ``rev`` (default HEAD, which must then have
    no uncommitted changes to the region's text).
    """
    project = load_region(root, region, signing=True)
    register = project.register(region)
    if not VERSION_NAME_RE.fullmatch(name):
        raise UsageError(_("invalid version name {name}: use at most 40 letters, digits, '.',"
                           " '_' and '-'").format(name=shown(name)))
    if register.version(name) is not None:
        raise UsageError(_("version {name} of {region} is already recorded ({path}:{line})").format(
            name=shown(name), region=region, path=project.rel(register.path),
            line=register.version(name).line))
    if decided > (today or dt.date.today()):
        raise UsageError(_("decision date {date} is in the future").format(date=decided))
    repo = open_repo(root)
    if rev is None:
        dirty = uncommitted(repo, region_paths(repo, project, region))
        if dirty:
            raise UsageError(_("{path} has uncommitted changes: commit them first, so that "
                               "the version is exactly the committed text (or give "
                               "--rev)").format(path=dirty[0]))
        rev = "HEAD"
    commit = resolve_commit(repo, rev)
    if commit is None:
        raise UsageError(_("{revision} is not a git revision{hint}").format(
            revision=shown(rev), hint=shallow_hint(repo)))
    fp = fingerprint_at(repo, root, region, commit)
    same = next((v for v in register.versions if v.fingerprint == fp), None)
    if same is not None:
        raise UsageError(_("the text at {commit} is version {name} already (fingerprint "
                           "{fingerprint}): nothing new to decide").format(
            commit=commit.hexsha[:10], name=shown(same.name), fingerprint=fp[:12]))
    version = Version(name, decided, commit.hexsha, fp)
    register.versions.append(version)
    commit_files(repo, {register.path: dump_register(register, project.manifests[region].titel)}, (
        f"vaststellen: {region} versie {name} (besluit Stuurgroep {decided.isoformat()})\n\n"
        f"Revisie: {commit.hexsha}\nVingerafdruk: {fp}\n"))
    return version


def new_signature(project: Project, region: str, party_id: str, version: Version, date: dt.date,
                  place: str, by: str | None = None) -> Signature:
    """The signature ``party_id`` makes under ``version``, not yet recorded; UsageError when
    it may not be: no party of the region, not bound by the version on that day, a date
    before the version was decided, no place, or a signature of that version already."""
    check_member(project, region, party_id)
    if version.decided is not None and date < version.decided:
        raise UsageError(_("signing date {date} is before version {name} was decided "
                           "({decided})").format(date=date, name=shown(version.name),
                                                 decided=version.decided))
    _check_bound(project, region, party_id, version, date)
    if not place.strip():
        raise UsageError(_("--place must name where the party signed"))
    earlier = project.register(region).signed(version.name).get(party_id)
    if earlier is not None:
        raise UsageError(_("{party_id} already signed version {name} of {region} on {date} in"
                           " {place}").format(party_id=party_id, name=shown(version.name),
                                              region=region, date=earlier.date,
                                              place=earlier.place))
    if by is None:
        rep = project.parties[party_id].representative(region)
        by = f"{rep.aanhef} {rep.naam}" if rep is not None else ""
    return Signature(party_id, version.name, date, place.strip(), (by or "").strip())


def signature_lines(signature: Signature) -> str:
    """The lines of a commit message that say when, where and by whom a party signed."""
    return (f"Datum: {signature.date.isoformat()}\nPlaats: {signature.place}\n"
            + (f"Door: {signature.by}\n" if signature.by else ""))


def record_signatures(root: Path, project: Project, region: str, signatures: list[Signature],
                      message: str, scans: dict[Path, bytes] | None = None) -> str:
    """Add ``signatures`` to the region's register and commit it, with the ``scans`` kept
    beside it, as one commit; returns its sha."""
    register = project.register(region)
    register.signatures.extend(signatures)
    files: dict[Path, str | bytes] = {
        register.path: dump_register(register, project.manifests[region].titel)}
    files.update(scans or {})
    return commit_files(open_repo(root), files, message)


@writes_repository
def sign(root: Path, region: str, party_id: str, version_name: str, date: dt.date, place: str,
         by: str | None = None) -> Signature:
    """Record that ``party_id`` signed version ``version_name`` and commit it."""
    project = load_region(root, region, signing=True)
    version = required_version(project, region, version_name)
    signature = new_signature(project, region, party_id, version, date, place, by)
    party = project.parties[party_id]
    record_signatures(root, project, region, [signature], (
        f"sign: {party.signing_name(region)} ondertekent {region} versie {version.name}\n\n"
        + signature_lines(signature)))
    return signature


def _check_bound(project: Project, region: str, party: str, version: Version, date: dt.date) -> None:
    """UsageError when ``party`` is not bound by ``version`` on ``date``: it withdrew from it
    (21.3), its membership ended, or it had not yet acceded."""
    timeline = project.timeline(region)
    w = timeline.withdrawal(party)
    if w is not None and w.ground == "21.3" and w.version == version.name:
        raise UsageError(_("{party} withdrew from version {name} under 21.3 on {date}: it "
                           "does not sign it").format(party=party, name=shown(version.name),
                                                      date=w.date))
    left, joined = timeline.left(party), timeline.joined(party)
    if left is not None and date >= left:
        raise UsageError(_("{party} is no party of {region} since {left} (artikel "
                           "{ground})").format(party=party, region=region, left=left,
                                               ground=w.ground))
    if joined is not None and date < joined:
        raise UsageError(_("{party} acceded to {region} on {joined}, after {date}").format(
            party=party, region=region, joined=joined, date=date))


# ---------------------------------------------------------------- status

@dataclass
class PartyStatus:
    party: str
    signature: Signature | None


@dataclass
class VersionStatus:
    """Who signed a version, when it takes effect and its term (art. 23.1)."""

    region: str
    version: Version
    parties: list[PartyStatus]
    """The parties bound by this version, in signing order."""
    effective: dt.date | None
    """When the version takes effect (EARLY: on a day the register does not know); None
    while parties are outstanding."""
    effective_rule: str
    term_end: dt.date | None = None
    """End of the initial term (23.1)."""
    next_renewal: dt.date | None = None
    renewal_years: int = 1
    outstanding: list[str] = field(default_factory=list)
    state: str = ""
    """On the day asked about: "in werking", "in behandeling", "vervangen" (generator.model.timeline)."""
    names: dict[str, str] = field(default_factory=dict)
    """Each party's name in this region, by id (printed beside the id)."""


def _rule(duur) -> str:
    start = duur.inwerkingtreding
    if start == "ondertekening":
        return _("on the day the last party signs (art. 23.1)")
    return _("on {day} (art. 23.1), or when the last party signs if that is later "
             "(art. 21.2)").format(day=start.isoformat())


def version_status(project: Project, region: str, timeline, version: Version,
                    day: dt.date) -> VersionStatus:
    duur = project.manifests[region].duur
    signed = timeline.signed(version)
    rows = [PartyStatus(p, signed.get(p)) for p in timeline.bound(version, day)]
    report = VersionStatus(region, version, rows, None, _rule(duur), renewal_years=duur.verlenging_jaren,
                           outstanding=[row.party for row in rows if row.signature is None],
                           state=timeline.state(version, day),
                           names={p: project.parties[p].name_in(region) for p in timeline.bound(version, day)
                                  if p in project.parties})
    effective = timeline.effective(version)
    if effective is not None and effective <= day:
        report.effective = effective
        term = timeline.term_of(version, day)
        if term is not None:
            report.term_end, report.next_renewal = term.end, term.next_end
    return report


def status(root: Path, region: str, version_name: str | None = None,
           today: dt.date | None = None) -> VersionStatus:
    """Who signed ``version_name`` (default: the latest decided), when it takes effect, its
    term; with ``today``, as the register stood on that day."""
    project = load_region(root, region)
    day = today or dt.date.today()
    version = required_version(project, region, version_name)
    timeline = project.timeline(region, known_on=today)
    if timeline.version(version.name) is None:
        raise UsageError(_("version {name} of {region} was decided on {decided}, after "
                           "{day}").format(name=shown(version.name), region=region,
                                           decided=version.decided, day=day))
    return version_status(project, region, timeline, version, day)


@dataclass
class RegionStatus:
    """A region on one day: the version in force, the pending ones, the parties leaving."""

    region: str
    day: dt.date
    in_force: VersionStatus | None
    pending: list[VersionStatus]
    leaving: list[tuple[str, str]]
    """(party, "treedt uit per ...") for every withdrawal recorded by that day."""


def region_status(root: Path, region: str, day: dt.date | None = None) -> RegionStatus:
    """The version in force on ``day`` (default today) and any pending one, each counted
    against the parties bound by it; with ``day``, as the register stood that day."""
    project = load_region(root, region)
    timeline = project.timeline(region, known_on=day)  # without a day: every record counts
    day = day or dt.date.today()
    required_version(project, region, None)  # none recorded at all: the usual error
    if not timeline.versions:
        raise UsageError(_("no version of {region} was decided by {day} (the first: "
                           "{decided})").format(
            region=region, day=day, decided=project.register(region).versions[0].decided))
    current = timeline.in_force(day)
    return RegionStatus(
        region, day,
        version_status(project, region, timeline, current, day) if current else None,
        [version_status(project, region, timeline, v, day) for v in timeline.pending(day)],
        list(timeline.leaving().items()))


# ---------------------------------------------------------------- versions

@dataclass
class VersionRow:
    version: Version
    signed: int
    parties: int
    state: str = ""
    effective: dt.date | None = None


@dataclass
class Versions:
    region: str
    rows: list[VersionRow]
    since: list
    """Commits after the latest version (or all, when none is recorded) touching the text."""
    uncommitted: list[str]


def versions(root: Path, region: str, today: dt.date | None = None) -> Versions:
    """Recorded versions with their signatures (counted against the parties bound by each)
    and their state, as the register stood on ``today``; and the commits since the latest one.

    The commits come from one ``git log`` over the files of the region's text (its manifest
    and the clause files it lists): a commit there may change the region's text.
    """
    project = load_region(root, region)
    register = project.register(region)
    timeline = project.timeline(region, known_on=today)  # without a day: every record counts
    day = today or dt.date.today()
    rows = [VersionRow(v, len(timeline.signed(v)), len(timeline.bound(v, day)),
                       timeline.state(v, day), timeline.effective(v)) for v in timeline.versions]
    repo = open_repo(root)
    paths = region_paths(repo, project, region)
    since = register.latest.revision if register.latest else None
    return Versions(region, rows, log(repo, paths, since), uncommitted(repo, paths))
