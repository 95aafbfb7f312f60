"""`convenant build`: assemble regions and write HTML, PDF and DOCX to build/REGION/."""

from __future__ import annotations

from pathlib import Path

from ..assemble import assemble_regions
from ..output import check_writable, output_folder, write_all
from ..project import collect_project
from .common import render_convenant, select_regions


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
        for fmt, data in render_convenant(doc, formats, progress).items():
            files[out / region / f"convenant.{fmt}"] = data
    return write_all(files)
