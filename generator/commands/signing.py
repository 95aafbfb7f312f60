"""`sign --scan` and `sign --uit`: signatures recorded with their returned signature pages.

``sign_scan`` records one signature as `sign` does and keeps the returned page (a PDF, or a
JPEG/PNG scan made into a one-page PDF) at register/scans/REGION/VERSION/PARTY.pdf, its
SHA-256 in the signature's record, both in one commit. ``sign_overview`` records every filled-in
row of the secretariat's overview (the overzicht.csv that `pakket` writes, with datum, plaats
and optionally door and scan filled in) in one commit; one bad row refuses the whole file, and
every bad row is listed with its line. A page whose QR code or text layer names a fingerprint
must be the version's (generator.scans).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import parse_date
from ..errors import Problems, UsageError, shown
from ..i18n import _
from ..lock import writes_repository
from ..model.register import UNKNOWN, Signature, Version, scan_path
from ..project import Project
from ..render.overview import FORMULA_START
from ..scans import Scan, ScanError, check_scan, read_bounded, read_scan
from .common import check_member, load_region
from .register import new_signature, record_signatures, required_version, signature_lines

MAX_OVERVIEW = 5 * 1024 * 1024
"""An overview of this many bytes is refused (200 parties take some 30 kB)."""
COLUMNS = ("partij", "datum", "plaats")
"""The columns the overview must have; ``door`` and ``scan`` are optional, others are ignored."""
MAX_TEXT = 300
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
DUTCH_DATE_RE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
"""A date as a Dutch spreadsheet writes it (3-2-2026, 03-02-2026): day, month, year."""


@dataclass
class Signed:
    """One signature recorded, with the returned page kept beside it."""

    signature: Signature
    scan: Scan | None = None
    kept: str = ""
    """Where the page is kept, relative to the root."""
    checked: bool = False
    """Whether the page's fingerprint was found (and was the version's)."""
    line: int = 0
    """In an overview: the row's line."""


def _keep(project: Project, region: str, version: Version, signature: Signature,
          scan: Scan) -> tuple[Path, bool]:
    """Where the page of ``signature`` goes, and whether its fingerprint was checked
    (ScanError when it is another version's); the signature gets the scan's SHA-256."""
    checked = check_scan(scan, region, version, project.register(region).versions)
    signature.scan = scan.sha256
    return scan_path(project.register(region).path.parent, region, version.name,
                     signature.party), checked


def _scan_line(kept: str, signed: Signed) -> str:
    state = "vingerafdruk gecontroleerd" if signed.checked else "vingerafdruk niet gevonden"
    return f"{kept} ({signed.scan.kind}, SHA-256 {signed.scan.sha256}; {state})"


@writes_repository
def sign_scan(root: Path, region: str, party_id: str, version_name: str, date: dt.date,
              place: str, by: str | None, scan_file: Path) -> Signed:
    """Record that ``party_id`` signed, keeping ``scan_file`` as the returned page; one commit."""
    project = load_region(root, region, signing=True)
    version = required_version(project, region, version_name)
    signature = new_signature(project, region, party_id, version, date, place, by)
    scan = read_scan(scan_file)
    path, checked = _keep(project, region, version, signature, scan)
    signed = Signed(signature, scan, project.rel(path), checked)
    party = project.parties[party_id]
    record_signatures(root, project, region, [signature], (
        f"sign: {party.signing_name(region)} ondertekent {region} versie {version.name}\n\n"
        + signature_lines(signature) + f"Scan: {_scan_line(signed.kept, signed)}\n"),
        {path: scan.pdf})
    return signed


# ---------------------------------------------------------------- the overview


@dataclass
class SignedOverview:
    """What ``sign --uit`` recorded from one overview."""

    region: str
    version: str
    path: Path
    rows: list[Signed]
    commit: str = ""
    outstanding: list[str] = field(default_factory=list)
    """Parties whose rows were left empty: still to sign."""
    recorded: list[str] = field(default_factory=list)
    """Parties whose rows repeat what the register holds already (pakket writes them so)."""


def read_overview(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of a filled-in overview, each with the line it starts on and its cells by
    column name (lower case, spreadsheet quoting against formulas taken off); UsageError for
    a file that is no such overview."""
    data = read_bounded(path, MAX_OVERVIEW, lambda size: _(
        "is larger than 5 MB ({size} bytes): not an overview of `convenant pakket`").format(
            size=size))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise UsageError(_("{path}:{line}: not valid UTF-8 (byte 0x{byte}): save the file as"
                           " 'CSV UTF-8'").format(
                               path=path, line=line, byte=data[exc.start:exc.start + 1].hex())) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
        missing = [name for name in COLUMNS if name not in header]
        if missing:
            raise UsageError(_("{path}:1: no column {columns}: the overview of `convenant "
                               "pakket` with 'datum' and 'plaats' filled in is expected (see "
                               "docs/formats.md)").format(
                                   path=path, columns=", ".join(map(repr, missing))))
        rows, end = [], reader.line_num
        for cells in reader:
            start, end = end + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows.append((start, {name: _cell(cells[i]) if i < len(cells) else ""
                                     for i, name in enumerate(header) if name}))
    except csv.Error as exc:
        raise UsageError(_("{path}:{line}: not a readable CSV file ({exc})").format(
            path=path, line=reader.line_num, exc=exc)) from None
    return rows


def _cell(text: str) -> str:
    """A cell as the secretariat meant it: without the "'" that keeps a formula from starting."""
    text = text.strip()
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_START else text


def _date(text: str) -> dt.date | None:
    """YYYY-MM-DD, or DD-MM-YYYY as a Dutch spreadsheet may have rewritten it."""
    date = parse_date(text)
    match = DUTCH_DATE_RE.fullmatch(text)
    if date is None and match:
        try:
            date = dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            return None
    return date


def _text(cells: dict[str, str], key: str, problems: list[str]) -> str:
    value = cells.get(key, "")
    found = CONTROL_RE.search(value)
    if found:
        problems.append(_("{key!r} contains the control character U+{code:04X}").format(
            key=key, code=ord(found.group())))
    elif len(value) > MAX_TEXT:
        problems.append(_("{key!r} is longer than {max} characters").format(key=key, max=MAX_TEXT))
    return value


class _Rows:
    """The rows of one overview checked against the register; every problem is collected."""

    def __init__(self, project: Project, region: str, version: Version, path: Path):
        self.project, self.region, self.version, self.path = project, region, version, path
        self.problems = Problems()
        self.result = SignedOverview(region, version.name, path, [])
        self.lines: dict[str, int] = {}
        """Party → the line it is on (a second row of a party is a problem)."""
        self.hashes: dict[str, int] = {}
        """SHA-256 of a scan → the line it is on (one page for two parties is a problem)."""
        self.files: dict[Path, bytes] = {}

    def check(self, line: int, cells: dict[str, str]) -> None:
        party = cells.get("partij", "")
        problems: list[str] = []
        filled = any(cells.get(key) for key in ("datum", "plaats", "door", "scan"))
        if not party and not filled:
            return  # a row of the spreadsheet's own (a total, a note)
        if not party:
            problems.append(_("'partij' is empty"))
        elif party in self.lines:
            problems.append(_("{party} is on line {line} too").format(
                                party=party, line=self.lines[party]))
        else:
            self.lines[party] = line
        if party and not problems and not filled:
            self.result.outstanding.append(party)
            return
        if party and not problems and self._recorded(party, cells):
            self.result.recorded.append(party)
            return
        signature = self._signature(party, cells, problems) if party else None
        scan = self._scan(line, cells["scan"], problems) if cells.get("scan") else None
        if signature is not None and scan is not None and not problems:
            try:
                path, checked = _keep(self.project, self.region, self.version, signature, scan)
            except ScanError as exc:
                problems.append(_("scan {name}: {reason}").format(
                                    name=shown(cells["scan"]), reason=exc.reason))
            else:
                self.files[path] = scan.pdf
                self.result.rows.append(Signed(signature, scan, self.project.rel(path), checked, line))
        elif signature is not None and not problems:
            self.result.rows.append(Signed(signature, line=line))
        for message in problems:
            self.problems.add(self.path, line, message)

    def _recorded(self, party: str, cells: dict[str, str]) -> bool:
        """Whether the row repeats the party's recorded signature (as pakket writes it);
        a row that says something else is checked as a new one, and refused as signed twice."""
        earlier = self.project.register(self.region).signed(self.version.name).get(party)
        if earlier is None or cells.get("scan"):
            return False
        raw = cells.get("datum", "")
        same_day = (earlier.date is None and raw in ("", UNKNOWN)) or _date(raw) == earlier.date
        return (same_day and cells.get("plaats") == earlier.place
                and cells.get("door", "") in ("", earlier.by))

    def _signature(self, party: str, cells: dict[str, str], problems: list[str]) -> Signature | None:
        before = len(problems)
        try:
            check_member(self.project, self.region, party)
        except UsageError as exc:
            problems.append(str(exc))
        raw, date = cells.get("datum", ""), _date(cells.get("datum", ""))
        if not raw:
            problems.append(_("'datum' is empty: the date the party signed"))
        elif date is None:
            problems.append(_("'datum' {value} is not a real date written YYYY-MM-DD (or "
                              "DD-MM-YYYY)").format(value=shown(raw)))
        place = _text(cells, "plaats", problems)
        if not place:
            problems.append(_("'plaats' is empty: where the party signed"))
        by = _text(cells, "door", problems) or None
        if len(problems) > before:
            return None
        try:
            return new_signature(self.project, self.region, party, self.version, date, place, by)
        except UsageError as exc:
            problems.append(str(exc))
            return None

    def _scan(self, line: int, name: str, problems: list[str]) -> Scan | None:
        try:
            scan = read_scan(self.path.parent / name)
        except ScanError as exc:
            problems.append(_("scan {name}: {reason}").format(name=shown(name), reason=exc.reason))
            return None
        other = self.hashes.setdefault(scan.sha256, line)
        if other != line:
            problems.append(_("scan {name} is the same file as the scan on line {line}").format(
                name=shown(name), line=other))
            return None
        return scan


@writes_repository
def sign_overview(root: Path, region: str, overview: Path, version_name: str) -> SignedOverview:
    """Record every filled-in row of ``overview`` as a signature of ``version_name``, with
    the scans it names, in one commit; DataError listing every bad row, nothing written."""
    project = load_region(root, region, signing=True)
    version = required_version(project, region, version_name)
    rows = _Rows(project, region, version, Path(overview))
    for line, cells in read_overview(Path(overview)):
        rows.check(line, cells)
    rows.problems.raise_if_any()
    result = rows.result
    if not result.rows:
        raise UsageError(_("{overview}: no row to record: fill in 'datum' and 'plaats' of the"
                           " parties that signed ({outstanding} rows left empty, {recorded} "
                           "recorded already)").format(
                               overview=overview, outstanding=len(result.outstanding),
                               recorded=len(result.recorded)))
    lines = []
    for row in result.rows:
        s = row.signature
        lines.append(f"- {project.parties[s.party].signing_name(region)}: {s.date.isoformat()}, "
                     f"{s.place}" + (f", door {s.by}" if s.by else "")
                     + (f"\n  scan: {_scan_line(row.kept, row)}" if row.scan else ""))
    result.commit = record_signatures(root, project, region, [row.signature for row in result.rows], (
        f"sign: {len(result.rows)} ondertekeningen van {region} versie {version.name} "
        f"(uit {Path(overview).name})\n\n" + "\n".join(lines) + "\n"), rows.files)
    return result
