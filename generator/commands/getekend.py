"""`convenant getekend`: the executed copy of a version, with every party's signed page.

Checked first, without rendering anything: the version is recorded, every party bound by it
has signed (unless a concept is asked for), and every kept scan is there, is a readable PDF
and has the SHA-256 the register records for it. Then the convenant is rendered once, the
pages for parties without a scan and the index are set, and the whole is put together
(generator.render.getekend) and written to build/REGION/getekend/VERSION.pdf (a concept to
build/REGION/getekend/concept/VERSION.pdf, so it is never taken for the executed copy).
Nothing is recorded: the command only reads the register and the scans.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

from ..errors import Problems, UsageError, shown
from ..i18n import _
from ..model.register import scan_path
from ..output import check_writable, output_folder, write_all
from ..project import REGISTER_DIR
from ..render.getekend import Executed, Sheet
from .common import load_region, recorded_version, render_convenant, version_document

FOLDER = "getekend"
CONCEPT_FOLDER = "concept"
SHOWN_PARTIES = 5
"""A refusal names this many outstanding parties, then how many more."""


def _version(project, region: str, name: str | None):
    version = recorded_version(project, region, name)
    if version is None:
        raise UsageError(_("no version of {region} is recorded yet: an executed copy is made "
                           "of a recorded version (`convenant vaststellen {region} NAME "
                           "--besluit DATE`)").format(region=region))
    return version


def _refuse_outstanding(region: str, version, bound: list[str], outstanding: list[str]) -> None:
    named = ", ".join(outstanding[:SHOWN_PARTIES])
    more = len(outstanding) - SHOWN_PARTIES
    named += _(" and {n} more").format(n=more) if more > 0 else ""
    raise UsageError(_("{outstanding} of {bound} parties bound by {region} version {name} "
                       "have not signed it: {named} (see `convenant status {region} --version"
                       " {name}`); --concept makes a concept with their pages marked as "
                       "missing").format(
                           outstanding=len(outstanding), bound=len(bound), region=region,
                           name=version.name, named=named))


def _read_scan(root: Path, path: Path, signature, register: str, problems: Problems) -> bytes | None:
    """The kept scan of ``signature``, checked against its SHA-256 in the register; None (and a
    problem naming the file) when it is missing, not a file, unreadable or changed."""
    rel = path.relative_to(root).as_posix()
    where = f"{register}:{signature.line}"
    if path.is_symlink() or (path.exists() and not path.is_file()):
        problems.add(rel, None, _("is not a regular file: the signature page must be kept as "
                                  "the file itself ({where} records its SHA-256)").format(
                                      where=where))
        return None
    if not path.exists():
        problems.add(rel, None, _("the signature page of {party} is missing ({where} records "
                                  "its SHA-256 {sha256}…)").format(
                                      party=signature.party, where=where, sha256=signature.scan[:12]))
        return None
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != signature.scan:
        problems.add(rel, None, _("SHA-256 {found}… differs from {recorded}… recorded in "
                                  "{where}: the file was changed or replaced after it was "
                                  "kept").format(
                                      found=digest[:12], recorded=signature.scan[:12], where=where))
        return None
    return data


def _scan_pages(rel: str, data: bytes, problems: Problems) -> int:
    """The number of pages of a kept scan; 0 (and a problem) when pypdf cannot read it."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        pages = len(PdfReader(io.BytesIO(data)).pages)
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        problems.add(rel, None, _("is not a readable PDF ({error})").format(
            error=" ".join(str(exc).split())[:120]))
        return 0
    if pages == 0:
        problems.add(rel, None, _("is a PDF without pages"))
    return pages


def _sheets(root: Path, project, region: str, version, members: list[str], signed: dict,
            register: str) -> list[Sheet]:
    """Every bound party's sheet in signing order, its scan read and checked (DataError
    listing every scan that is missing, changed or unreadable)."""
    problems = Problems(root)
    sheets = []
    for party in members:
        known = project.parties.get(party)
        name = known.signing_name(region) if known else party
        path = scan_path(root / REGISTER_DIR, region, version.name, party)
        sheet = Sheet(party, name, signed.get(party), path=path.relative_to(root).as_posix())
        if sheet.signature is not None and sheet.signature.scan:
            sheet.scan = _read_scan(root, path, sheet.signature, register, problems)
            if sheet.scan is not None:
                sheet.pages = _scan_pages(sheet.path, sheet.scan, problems)
        sheets.append(sheet)
    problems.raise_if_any()
    return sheets


def prepare(root: Path, region: str, version_name: str | None = None, concept: bool = False,
            today: dt.date | None = None) -> Executed:
    """Check the request, read and check the scans; raises before anything is rendered."""
    today = today or dt.date.today()
    project = load_region(root, region, signing=True)
    version = _version(project, region, version_name)
    timeline = project.timeline(region)
    bound = timeline.bound(version, today)
    if not bound:
        raise UsageError(_("no party is bound by {region} version {name}: there is nothing to"
                           " sign").format(region=region, name=shown(version.name)))
    outstanding = timeline.outstanding(version, today)
    if outstanding and not concept:
        _refuse_outstanding(region, version, bound, outstanding)
    register = project.rel(project.register(region).path)
    sheets = _sheets(root, project, region, version, bound, timeline.signed(version), register)
    doc = version_document(root, project, region, version, bound)
    return Executed(region, doc, version, sheets, concept, today, register)


def render_executed(executed: Executed, pdfa: bool = False) -> bytes:
    """The executed copy as PDF bytes: the convenant rendered once, then put together
    (``pdfa``: as PDF/A-2b, see render.getekend)."""
    from ..render.getekend import render_executed_copy

    convenant = render_convenant(executed.doc, ["pdf"], pdfa=pdfa)["pdf"]
    return render_executed_copy(executed, convenant, pdfa)


def target(root: Path, executed: Executed, out: Path | None = None) -> Path:
    """build/REGION/getekend/VERSION.pdf, or .../getekend/concept/VERSION.pdf for a concept."""
    folder = output_folder(root, out) / executed.region / FOLDER
    if executed.concept:
        folder = folder / CONCEPT_FOLDER
    return folder / f"{executed.version.name}.pdf"


def getekend(root: Path, region: str, version_name: str | None = None, concept: bool = False,
             out: Path | None = None, today: dt.date | None = None,
             pdfa: bool = False) -> tuple[Executed, Path]:
    """Make the executed copy of a version and write it (``pdfa``: as PDF/A-2b); returns
    what it holds and where."""
    executed = prepare(root, region, version_name, concept, today)
    path = target(root, executed, out)
    check_writable([path])
    data = render_executed(executed, pdfa)
    write_all({path: data})
    return executed, path
