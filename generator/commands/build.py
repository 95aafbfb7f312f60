"""`convenant build`: assemble regions and write HTML, PDF and DOCX to build/REGION/."""

from __future__ import annotations

from pathlib import Path

from ..assemble import assemble_regions
from ..errors import UsageError, shown
from ..output import check_writable, output_folder, write_all
from ..project import collect_project, load_project

FORMATS = ("html", "pdf", "docx")


def parse_formats(value: str, allowed: tuple[str, ...] = FORMATS) -> list[str]:
    """"html,pdf" → ["html", "pdf"]; UsageError for a format not in ``allowed``."""
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in allowed]
    if unknown or not formats:
        named = ", ".join(shown(f) for f in unknown) or shown(value)
        raise UsageError(f"unknown format {named}: choose from {', '.join(allowed)}")
    return list(dict.fromkeys(formats))


def check_regions(known: set[str], regions: list[str]) -> None:
    for region in regions:
        if region not in known:
            if not known:
                raise UsageError(f"unknown region {shown(region)}: convenants/ holds no manifest, so "
                                 "there are no regions")
            raise UsageError(f"unknown region {shown(region)}: known regions are {', '.join(sorted(known))}")


def select_regions(project, regions: list[str] | None, problems=None) -> list[str]:
    """``regions`` checked and without repeats; every region when None.

    With no region at all, the ``problems`` of loading come first: a folder that is not a
    convenant repository is reported as that, not as an unknown region.
    """
    if not project.region_files and problems is not None:
        problems.raise_if_any()
    if regions is None:
        if not project.region_files:
            raise UsageError("convenants/ holds no manifest: there is no region to work on")
        return sorted(project.region_files)
    regions = list(dict.fromkeys(regions))
    check_regions(project.region_files, regions)
    return regions


def load_region(root: Path, region: str):
    """The working tree's data, checked, for a command about one region."""
    project = load_project(root)
    check_regions(project.region_files, [region])
    return project


def secretariat(project, region: str):
    """The region's secretariaat (sender of letters); UsageError naming the manifest if absent."""
    manifest = project.manifests[region]
    if manifest.secretariaat is None:
        raise UsageError(f"{project.rel(manifest.path)}: no 'secretariaat': the letters need the "
                         "secretary's function, postal address and place (see docs/formats.md)")
    return manifest.secretariaat


def render(doc, formats: list[str], progress=None) -> dict[str, bytes | str]:
    """Render one document in the given formats; the HTML is made once, also for the PDF.

    weasyprint is imported only when a PDF is asked for.
    """
    out: dict[str, bytes | str] = {}
    html = None
    for fmt in formats:
        if progress:
            progress(doc.region, fmt)
        if fmt in ("html", "pdf") and html is None:
            from ..render.html import render_html
            html = render_html(doc)
        if fmt == "html":
            out[fmt] = html
        elif fmt == "pdf":
            from ..render.pdf import render_pdf_from_html
            out[fmt] = render_pdf_from_html(html)
        else:
            from ..render.docx import render_docx
            out[fmt] = render_docx(doc)
    return out


def build(root: Path, regions: list[str] | None, formats: list[str], out: Path | None = None,
          progress=None) -> list[Path]:
    """Load and check everything, render every output in memory, then write them all.

    ``regions`` None means every region. Returns the paths written.
    """
    project, problems = collect_project(root)
    regions = select_regions(project, regions, problems)
    documents = assemble_regions(project, regions, problems)
    out = output_folder(root, out)
    check_writable(out / region / f"convenant.{fmt}" for region in documents for fmt in formats)
    files: dict[Path, bytes | str] = {}
    for region, doc in documents.items():
        for fmt, data in render(doc, formats, progress).items():
            files[out / region / f"convenant.{fmt}"] = data
    return write_all(files)
