"""`convenant compare`: the convenants of two or more regions side by side.

Everything is loaded, assembled and compared first (generator.compare) and every output is
rendered in memory from that one comparison; then the files are written at once
(build/vergelijking/REGION-REGION[-...].html and .pdf). weasyprint is imported only when a PDF
is asked for.

Each REGION may also be a point in its history: REGION@VERSION, REGION@YYYY-MM-DD (the version
in force that day) or REGION@REVISION (generator.commands.compare_points); the same region may
then appear more than once, and every column is labelled with its point ("zhz (versie 1)").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..compare import Comparison, compare_documents
from ..errors import UsageError
from ..i18n import _
from ..output import output_folder, write_all
from .common import load_region, render_formats
from .compare_points import file_name, point_documents, resolve_points

COMPARE_FORMATS = ("text", "html", "pdf")


def make_comparison(root: Path, regions: list[str], today: dt.date | None = None) -> Comparison:
    """Load and check the data, make each point's document (a REGION's working tree, or
    REGION@VERSION, @DATE, @REVISION) and compare them (the first: reference). ``today``: the
    day that decides who is bound by a version (default: today)."""
    if len(set(regions)) < 2:
        raise UsageError(_("give two or more different regions to compare"))
    project, points = resolve_points(root, list(regions))
    comparison = compare_documents(point_documents(root, project, points, today), project.parties)
    comparison.file_name = file_name(points)
    return comparison


def render(comparison: Comparison, formats: list[str]) -> dict[str, bytes | str]:
    """Every asked format from the one comparison; the HTML is made once, also for the PDF."""
    def html():
        from ..render.compare_html import render_compare_html
        return render_compare_html(comparison)

    def text():
        from ..render.compare_text import render_compare_text
        return render_compare_text(comparison)

    return render_formats(formats, html, {"text": text})


def with_base(root: Path, regions: list[str]) -> list[str]:
    """``compare REGION --basis``: the region's base first (the reference), then the region;
    UsageError for more than one region or a region without a ``basis``."""
    if len(regions) != 1:
        raise UsageError(_("--basis compares one REGION with its base: give one REGION"))
    project = load_region(root, regions[0])
    manifest = project.manifests[regions[0]]
    if manifest.basis is None:
        raise UsageError(_("{region} has no 'basis' in {path}: name the regions to compare").format(
            region=regions[0], path=project.rel(manifest.path)))
    return [manifest.basis.id, regions[0]]


def compare(root: Path, regions: list[str], formats: list[str], out: Path | None = None,
            today: dt.date | None = None) -> tuple[str | None, list[Path]]:
    """Compare and render; the text goes to the caller (stdout), files to OUT/vergelijking/."""
    comparison = make_comparison(root, regions, today)
    rendered = render(comparison, formats)
    text = rendered.pop("text", None)
    folder = output_folder(root, out) / "vergelijking"
    return text, write_all({folder / f"{comparison.name}.{fmt}": data
                            for fmt, data in rendered.items()})
