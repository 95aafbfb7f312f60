"""`convenant build`: assemble regions and write HTML, PDF and DOCX to build/REGION/."""

from __future__ import annotations

from pathlib import Path

from ..assemble import assemble_regions
from ..errors import UsageError
from ..output import write_all
from ..project import collect_project

FORMATS = ("html", "pdf", "docx")


def parse_formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        shown = ", ".join(repr(f) for f in unknown) or repr(value)
        raise UsageError(f"unknown format {shown}: choose from {', '.join(FORMATS)}")
    return list(dict.fromkeys(formats))


def check_regions(project, regions: list[str]) -> None:
    for region in regions:
        if region not in project.manifests:
            raise UsageError(f"unknown region {region!r}: known regions are {', '.join(project.regions)}")


def render(doc, fmt: str) -> bytes | str:
    """Render one document in one format (weasyprint is imported only for a PDF)."""
    if fmt == "html":
        from ..render.html import render_html
        return render_html(doc)
    if fmt == "pdf":
        from ..render.pdf import render_pdf
        return render_pdf(doc)
    from ..render.docx import render_docx
    return render_docx(doc)


def build(root: Path, regions: list[str] | None, formats: list[str], out: Path | None = None,
          progress=None) -> list[Path]:
    """Load and check everything, render every output in memory, then write them all.

    ``regions`` None means every region. Returns the paths written.
    """
    project, problems = collect_project(root)
    if regions is None:
        regions = sorted({p.stem for p in (Path(root) / "convenants").glob("*.yaml")})
    else:
        regions = list(dict.fromkeys(regions))
        if not problems:
            check_regions(project, regions)
    documents = assemble_regions(project, regions, problems)
    out = Path(out) if out is not None else root / "build"
    files: dict[Path, bytes | str] = {}
    for region, doc in documents.items():
        for fmt in formats:
            if progress:
                progress(region, fmt)
            files[out / region / f"convenant.{fmt}"] = render(doc, fmt)
    return write_all(files)
