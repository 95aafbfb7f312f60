"""`convenant compare`: the convenants of two or more regions side by side.

Everything is loaded, assembled and compared first (generator.compare) and every output is
rendered in memory from that one comparison; then the files are written at once
(build/vergelijking/REGION-REGION[-...].html and .pdf). weasyprint is imported only when a PDF
is asked for.
"""

from __future__ import annotations

from pathlib import Path

from ..assemble import assemble_regions
from ..compare import Comparison, compare_documents
from ..errors import UsageError
from ..output import output_folder, write_all
from .common import load_region, render_formats

COMPARE_FORMATS = ("text", "html", "pdf")


def make_comparison(root: Path, regions: list[str]) -> Comparison:
    """Load and check the data, assemble the regions and compare them (first region: reference)."""
    regions = list(dict.fromkeys(regions))
    if len(regions) < 2:
        raise UsageError("give two or more different regions to compare")
    project = load_region(root, *regions)
    documents = assemble_regions(project, regions)
    return compare_documents({region: documents[region] for region in regions}, project.parties)


def render(comparison: Comparison, formats: list[str]) -> dict[str, bytes | str]:
    """Every asked format from the one comparison; the HTML is made once, also for the PDF."""
    def html():
        from ..render.compare_html import render_compare_html
        return render_compare_html(comparison)

    def text():
        from ..render.compare_text import render_compare_text
        return render_compare_text(comparison)

    return render_formats(formats, html, {"text": text})


def compare(root: Path, regions: list[str], formats: list[str],
            out: Path | None = None) -> tuple[str | None, list[Path]]:
    """Compare and render; the text goes to the caller (stdout), files to OUT/vergelijking/."""
    comparison = make_comparison(root, regions)
    rendered = render(comparison, formats)
    text = rendered.pop("text", None)
    folder = output_folder(root, out) / "vergelijking"
    return text, write_all({folder / f"{comparison.name}.{fmt}": data
                            for fmt, data in rendered.items()})
