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
from ..project import CONVENANTS_DIR, DATA_DIRS, collect_project
from .cache import CACHE_FILE, all_fresh, cache_file, input_key, output_keys, stale
from .common import recorded_version, select_regions, version_document
from .parallel import jobs_wanted, render_regions, start_early


def build(root: Path, regions: list[str] | None, formats: list[str], out: Path | None = None,
          progress=None, day: dt.date | None = None, version: str | None = None,
          today: dt.date | None = None, jobs: int | None = None, pdfa: bool = False,
          force: bool = False) -> list[Path]:
    """Load and check everything, render every output in memory, then write them all.

    ``regions`` None means every region. Returns the paths written. With ``day`` or
    ``version``, each region is built as that recorded version (see version_of). Several
    regions are rendered in ``jobs`` processes (default: CONVENANT_JOBS or one per core;
    see generator.commands.parallel); the outputs, their order and the errors are the same.
    ``pdfa``: the PDF as PDF/A-2b (render.pdf.PDFA_VARIANT). An output whose inputs did not
    change since it was written is not made again (generator.commands.cache) unless ``force``;
    the paths returned are those written.
    """
    jobs = jobs if jobs is not None else jobs_wanted()
    built_on = dt.date.min
    if "docx" in formats:  # a DOCX of the working text is dated the build day
        from ..render.docx_package import build_day

        built_on = build_day().date()
    working = day is None and version is None
    inputs = input_key(root, DATA_DIRS, formats, pdfa, f"{built_on} {dt.date.today()}") \
        if working else None
    if working and not force and _unchanged(root, regions, out, inputs, formats):
        return []
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
    keys = {region: output_keys(doc, formats, pdfa, built_on) for region, doc in documents.items()}
    todo = {region: list(formats) if force else stale(folders[region], keys[region])
            for region in documents}
    needed = [fmt for fmt in formats if any(fmt in todo[region] for region in todo)]
    rendered = render_regions({r: d for r, d in documents.items() if todo[r]}, needed, progress,
                              jobs, pdfa) if needed else {}
    files: dict[Path, bytes | str] = {}
    for region in documents:
        written = {fmt: data for fmt, data in rendered.get(region, {}).items()
                   if fmt in todo[region]}
        files.update({folders[region] / f"convenant.{fmt}": data for fmt, data in written.items()})
        files[folders[region] / CACHE_FILE] = cache_file(folders[region], keys[region], written,
                                                         inputs)
    return [path for path in write_all(files) if path.name != CACHE_FILE]


def _unchanged(root: Path, regions: list[str] | None, out: Path | None, inputs: str,
               formats: list[str]) -> bool:
    """Every region asked for (every manifest with ``regions`` None) has its outputs made from
    ``inputs`` already (cache.all_fresh): nothing to load, render or write."""
    if regions is None:
        manifests = Path(root) / CONVENANTS_DIR
        if manifests.is_symlink() or not manifests.is_dir():
            return False  # the build that loads says what is wrong
        regions = sorted(p.stem for p in manifests.glob("*.yaml"))
    folder = output_folder(root, out)
    return bool(regions) and all(all_fresh(folder / region, inputs, formats)
                                 for region in regions)


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
