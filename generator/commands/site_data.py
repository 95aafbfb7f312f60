"""What the site shows, gathered from one loaded Project: per region the text in force, the
versions with their signatures and the renvooi between each version and the next, the requests
to accede and the parties leaving; and the pairs of regions to compare. The pages are rendered
from this model (generator.render.site); nothing here renders or writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..history import Side, version_commit
from ..model.accession import Accession, request_number
from ..model.document import Document
from ..model.register import Version
from ..project import Project
from .register import VersionStatus, version_status
from .toetreding import AccessionStatus, voters

WORKING = "werkversie"
REGIONS_DIR = "regio"
"""The regions' pages are in regio/REGION/: a region's id never meets the site's own names."""


@dataclass
class Renvooi:
    """One renvooi page of the site: from ``old`` to ``new`` (a recorded version each, or the
    working text as ``new``)."""

    region: str
    old: Side
    new: Side

    @property
    def path(self) -> str:
        """Its page, from the site's root: "regio/zhz/renvooi/1..2.html"."""
        return f"{REGIONS_DIR}/{self.region}/renvooi/{self.old.label}..{self.new.label}.html"


@dataclass
class VersionEntry:
    """A version in a region's history: its status (signatures, state, term) and the renvooi
    from the version before it (None for the first)."""

    status: VersionStatus
    renvooi: Renvooi | None = None

    @property
    def name(self) -> str:
        return self.status.version.name

    @property
    def signed(self) -> int:
        return sum(1 for row in self.status.parties if row.signature is not None)


@dataclass
class AccessionEntry:
    status: AccessionStatus
    names: dict[str, str]
    """The name of each party asked, by id."""

    @property
    def accession(self) -> Accession:
        return self.status.accession

    @property
    def state(self) -> str:
        """"open", "toegetreden", "afgewezen" or "ingetrokken"."""
        a = self.accession
        return a.closed or ("open" if a.is_open else "toegetreden")


@dataclass
class RegionSite:
    region: str
    title: str
    zvh: str
    document: Document
    """The working text, as the site shows it (its parties those of the site's day)."""
    in_force: VersionStatus | None
    pending: list[VersionStatus]
    versions: list[VersionEntry]
    """Newest first."""
    working: Renvooi | None
    """The renvooi from the latest version to the working text, when they differ."""
    accessions: list[AccessionEntry]
    leaving: list[tuple[str, str]]
    """(party name, when and why it leaves)."""
    downloads: dict[str, int] = field(default_factory=dict)
    """The convenant's files offered for download ("pdf", "docx") and their sizes."""

    @property
    def folder(self) -> str:
        """Its pages, from the site's root: "regio/zhz"."""
        return f"{REGIONS_DIR}/{self.region}"

    @property
    def open_accessions(self) -> list[AccessionEntry]:
        return [a for a in self.accessions if a.state == "open"]

    @property
    def renvooien(self) -> list[Renvooi]:
        found = [v.renvooi for v in self.versions if v.renvooi is not None]
        return found + ([self.working] if self.working else [])


@dataclass
class Pair:
    """Two regions compared: how many articles have the same text, how many differ only in
    the regions' own terms (the ZVH's name, the seat), and the page."""

    first: str
    second: str
    identical: int
    articles: int
    terms_only: int = 0

    @property
    def path(self) -> str:
        return f"vergelijking/{self.first}-{self.second}.html"


@dataclass
class Site:
    day: dt.date
    regions: list[RegionSite]
    pairs: list[Pair] = field(default_factory=list)

    def region(self, region: str) -> RegionSite:
        return next(r for r in self.regions if r.region == region)

    def pair(self, first: str, second: str) -> Pair | None:
        return next((p for p in self.pairs if {p.first, p.second} == {first, second}), None)


def region_site(project: Project, repo, region: str, doc: Document, day: dt.date) -> RegionSite:
    """Everything the site shows of ``region`` on ``day`` (the register read as it stands)."""
    manifest = project.manifests[region]
    timeline = project.timeline(region)
    current = timeline.in_force(day)
    entries, previous = [], None
    for version in timeline.versions:
        status = version_status(project, region, timeline, version, day)
        renvooi = (Renvooi(region, _side(repo, previous), _side(repo, version))
                   if previous is not None else None)
        entries.append(VersionEntry(status, renvooi))
        previous = version
    working = None
    if previous is not None and previous.fingerprint != doc.fingerprint:
        working = Renvooi(region, _side(repo, previous), Side(WORKING))
    return RegionSite(
        region, manifest.titel, manifest.zvh, doc,
        version_status(project, region, timeline, current, day) if current else None,
        [version_status(project, region, timeline, v, day) for v in timeline.pending(day)],
        entries[::-1], working, _accessions(project, region),
        [(_name(project, region, party), text) for party, text in timeline.leaving().items()])


def _side(repo, version: Version) -> Side:
    return Side(version.name, version_commit(repo, version), version)


def _name(project: Project, region: str, party: str) -> str:
    found = project.parties.get(party)
    return found.name_in(region) if found is not None else party


def _accessions(project: Project, region: str) -> list[AccessionEntry]:
    """Every request to accede, the latest first."""
    requests = sorted(project.accessions.get(region, {}).values(),
                      key=lambda a: (a.requested, request_number(a.path)), reverse=True)
    out = []
    for accession in requests:
        asked = voters(project, accession)
        out.append(AccessionEntry(AccessionStatus.of(accession, asked),
                                  {p: _name(project, region, p) for p in asked}))
    return out
