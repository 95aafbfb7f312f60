"""`convenant build`: assemble regions and write HTML, PDF and DOCX to build/REGION/.

With ``--op DATE`` or ``--version NAME`` a region is built as a recorded version: the text of
that version (read from its git revision) with the parties of that date, or the parties bound
by that version (generator.model.timeline), in build/REGION/op-DATE/ or build/REGION/versie-NAME/.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..assemble import assemble_regions
from ..errors import UsageError
from ..i18n import _
from ..output import check_writable, output_folder, write_all
from ..project import collect_project
from .common import recorded_version, select_regions, version_document
from .parallel import jobs_wanted, render_regions, start_early


def build(root: Path, regions: list[str] | None, formats: list[str], out: Path | None = None,
          progress=None, day: dt.date | None = None, version: str | None = None,
          today: dt.date | None = None, jobs: int | None = None, pdfa: bool = False) -> list[Path]:
    """Load and check everything, render every output in memory, then write them all.

    ``regions`` None means every region. Returns the paths written. With ``day`` or
    ``version``, each region is built as that recorded version (see version_of). Several
    regions are rendered in ``jobs`` processes (default: CONVENANT_JOBS or one per core;
    see generator.commands.parallel); the outputs, their order and the errors are the same.
    ``pdfa``: the PDF as PDF/A-2b (render.pdf.PDFA_VARIANT).
    """
    jobs = jobs if jobs is not None else jobs_wanted()
    start_early(formats, jobs, regions)
    project, problems = collect_project(root)
    regions = select_regions(project, regions, problems)
    out = output_folder(root, out)
    if day is None and version is None:
        documents = assemble_regions(project, regions, problems)
        folders = {region: out / region for region in documents}
    else:
        problems.raise_if_any()
        if version is not None and len(regions) != 1:
            raise UsageError(_("--version names a version of one region: give one REGION"))
        documents = {region: version_of(root, project, region, day, version, today)
                     for region in regions}
        folders = {region: out / region / (f"versie-{version}" if version else "")
                   / (f"op-{day.isoformat()}" if day else "") for region in regions}
    check_writable(folders[region] / f"convenant.{fmt}" for region in documents for fmt in formats)
    rendered = render_regions(documents, formats, progress, jobs, pdfa)
    files = {folders[region] / f"convenant.{fmt}": data
             for region, outputs in rendered.items() for fmt, data in outputs.items()}
    return write_all(files)


def version_of(root: Path, project, region: str, day: dt.date | None, name: str | None,
               today: dt.date | None = None):
    """The document of a recorded version: the version ``name``, or the one in force on
    ``day``; its text as decided, its parties those of ``day`` (when given) or those bound by
    the version."""
    timeline = project.timeline(region, known_on=day)
    if name is not None:
        version = recorded_version(project, region, name)
    else:
        version = timeline.in_force(day)
        if version is None:
            pending = ", ".join(v.name for v in timeline.pending(day))
            if pending:
                raise UsageError(_("no version of {region} was in force on {day} (pending: "
                                   "{pending})").format(region=region, day=day, pending=pending))
            raise UsageError(_("no version of {region} was in force on {day}").format(
                region=region, day=day))
    members = timeline.members(day) if day else timeline.bound(version, today or dt.date.today())
    return version_document(root, project, region, version, members, day)
