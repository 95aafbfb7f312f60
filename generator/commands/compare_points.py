"""The points `convenant compare` sets side by side: a region's working tree, a recorded
version, the version in force on a date, or a git revision.

    REGION              the working tree (REGION@werkversie too)
    REGION@VERSION      a recorded version's text as decided, with the parties bound by it
                        (as `build --version`)
    REGION@YYYY-MM-DD   the version in force on that day, with the parties of that day
                        (as `build --op`)
    REGION@REVISION     the data at a git revision, with the parties of its commit's day
                        (as `diff`)

A name after "@" is looked for in that order: a recorded version, a date, a git revision.
Every point is resolved first (what it is, its label and its file name), so that a point named
twice is refused before anything is assembled; then each point's document is made.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..assemble import assemble_regions
from ..dates import DATE_RE, dutch_date, parse_date
from ..errors import UsageError, shown
from ..history import WORKTREE, open_repo, project_at, resolve_side
from ..i18n import _
from .build import version_of
from .common import load_region

VERSION, DAY, REVISION = "versie", "op", "revisie"
"""The kinds of a point besides the working tree (WORKTREE); also the words of file names."""

HEX_RE = re.compile(r"[0-9a-fA-F]{4,40}")
"""A revision given as a commit id (or the start of one)."""

SPEC_SHOWN = 30
"""A revision as given is shown in a label up to this many characters."""


@dataclass
class Point:
    """One side of a comparison."""

    region: str
    kind: str
    """WORKTREE, VERSION, DAY or REVISION."""
    value: str = ""
    """The version name, the ISO date, the full commit id; "" for the working tree."""
    given: str = ""
    """The argument as given ("zhz@HEAD~1")."""
    spec: str = ""
    """What followed "@" ("" when nothing did)."""
    commit: object = field(default=None, repr=False)
    in_force: str = ""
    """For a date: the name of the version in force (known once its document is made)."""

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two points the same."""
        return self.region, self.kind, self.value

    def label(self, plain: bool = False) -> str:
        """"zhz (versie 1)", "zhz (in werking op 1 januari 2026: versie 2019)", "zhz
        (revisie HEAD~1: 1a2b3c4d5e)", "zhz (werkversie)"; ``plain``: "zhz" for the working tree."""
        if self.kind == WORKTREE:
            return self.region if plain else f"{self.region} ({WORKTREE})"
        if self.kind == VERSION:
            return f"{self.region} (versie {self.value})"
        if self.kind == DAY:
            return f"{self.region} (in werking op {dutch_date(dt.date.fromisoformat(self.value))}: " \
                   f"versie {self.in_force})"
        short = self.value[:10]
        if HEX_RE.fullmatch(self.spec) and self.value.startswith(self.spec.lower()):
            return f"{self.region} (revisie {short})"
        spec = self.spec if len(self.spec) <= SPEC_SHOWN else self.spec[:SPEC_SHOWN - 1] + "…"
        return f"{self.region} (revisie {spec}: {short})"

    @property
    def slug(self) -> str:
        """The point in a file name: "zhz", "zhz.versie-1", "zhz.op-2026-01-01",
        "zhz.revisie-1a2b3c4d5e" (region ids, version names, dates and commit ids hold only
        letters, digits, '.', '_' and '-')."""
        if self.kind == WORKTREE:
            return self.region
        return f"{self.region}.{self.kind}-{self.value[:10] if self.kind == REVISION else self.value}"


def parse_point(arg: str) -> tuple[str, str | None]:
    """"zhz@1" → ("zhz", "1"), "zhz" → ("zhz", None); UsageError for "zhz@" or "@1"."""
    region, at, spec = arg.partition("@")
    if at and (not region or not spec):
        raise UsageError(_("{arg} names no point to compare: write REGION, REGION@VERSION, "
                           "REGION@YYYY-MM-DD or REGION@REVISION").format(arg=shown(arg)))
    return region, spec if at else None


def resolve_points(root: Path, args: list[str]):
    """The loaded working tree and the points ``args`` name; UsageError for an unknown region,
    version, date or revision and for a point named twice."""
    parsed = [parse_point(arg) for arg in args]
    project = load_region(root, *dict.fromkeys(region for region, _point in parsed))
    repo = []  # opened once, when a revision is asked for
    points = [_resolve(root, project, region, spec, arg, repo)
              for (region, spec), arg in zip(parsed, args)]
    seen: dict[tuple, Point] = {}
    for point in points:
        if point.key in seen:
            raise UsageError(_("{first} and {second} are the same point: give two or more "
                               "different points to compare").format(
                first=shown(seen[point.key].given), second=shown(point.given)))
        seen[point.key] = point
    return project, points


def _resolve(root: Path, project, region: str, spec: str | None, arg: str, repo: list) -> Point:
    if spec is None or spec == WORKTREE:
        return Point(region, WORKTREE, "", arg, spec or "")
    if project.register(region).version(spec) is not None:
        return Point(region, VERSION, spec, arg, spec)
    if DATE_RE.fullmatch(spec):
        day = parse_date(spec)
        if day is None:
            raise UsageError(_("{arg}: {spec} is no date that exists (YYYY-MM-DD)").format(
                                 arg=shown(arg), spec=shown(spec)))
        return Point(region, DAY, day.isoformat(), arg, spec)
    if not repo:
        try:
            repo.append(open_repo(root))
        except UsageError as error:
            names = ", ".join(v.name for v in project.register(region).versions) or _("none recorded")
            raise UsageError(_("{spec} is neither a recorded version of {region} ({names}) "
                               "nor a date, and no git revision: {error}").format(
                                   spec=shown(spec), region=region, names=names, error=error)) from None
    side = resolve_side(repo[0], project, region, spec)  # names the recorded versions if unknown
    return Point(region, REVISION, side.commit.hexsha, arg, spec, side.commit)


def point_documents(root: Path, project, points: list[Point], today: dt.date | None = None) -> dict:
    """Every point's document by its label (plain region names when every point is a working
    tree, as they have always been)."""
    worktree = [p.region for p in points if p.kind == WORKTREE]
    current = assemble_regions(project, worktree) if worktree else {}
    plain = len(worktree) == len(points)
    documents = {}
    for point in points:
        if point.kind == WORKTREE:
            doc = current[point.region]
        elif point.kind == VERSION:
            doc = version_of(root, project, point.region, None, point.value, today)
        elif point.kind == DAY:
            day = dt.date.fromisoformat(point.value)
            doc = version_of(root, project, point.region, day, None, today)
            point.in_force = project.timeline(point.region, known_on=day).in_force(day).name
        else:
            doc = _revision_document(root, point)
        documents[point.label(plain)] = doc
    return documents


def _revision_document(root: Path, point: Point):
    """The region's document as the data was at the point's commit, with the parties of the
    commit's day (as `diff` makes it)."""
    data = project_at(open_repo(root), root, point.commit)
    if point.region not in data.manifests:
        raise UsageError(_("{region} has no manifest at {revision} ({spec})").format(
            region=point.region, revision=point.value[:10], spec=shown(point.spec)))
    return assemble_regions(data, [point.region], day=point.commit.committed_datetime.date())[point.region]


def file_name(points: list[Point]) -> str:
    """"zhz-haaglanden", "zhz.versie-1-zhz": the name of the outputs."""
    return "-".join(point.slug for point in points)
