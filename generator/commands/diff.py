"""`convenant diff` and `convenant wijzigingsvoorstel`: renvooi between two versions of a region.

OLD and NEW are recorded version names, git revisions, or "werkversie" (the working tree).
Both sides are assembled from the data as it was, read from git objects; the comparison is
made once (generator.redline) and every output renders from it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..assemble import assemble_regions
from ..errors import UsageError
from ..history import Side, log, open_repo, project_at, region_paths, resolve_side
from ..output import output_folder, write_all
from ..project import Project
from ..redline import Redline, compare
from .common import load_region, render_formats

DIFF_FORMATS = ("text", "html", "pdf", "docx")
PROPOSAL_FORMATS = ("pdf", "docx")


def _meta(repo, side: Side) -> dict:
    """Author and date of a side (for tracked changes), and its decision date if a version."""
    if side.commit is not None:
        meta = {"author": side.author, "date": side.date}
        if side.version is not None:
            meta["decided"] = side.version.decided
        return meta
    with repo.config_reader() as config:
        author = config.get_value("user", "name", "") or "werkversie"
    return {"author": str(author), "date": dt.datetime.now(dt.timezone.utc)}


def make_redline(root: Path, region: str, old: str | None = None, new: str | None = None,
                 explain: bool = False) -> Redline:
    """The renvooi of ``region`` from OLD (default: the latest recorded version) to NEW
    (default: the working tree)."""
    root = Path(root)
    project = load_region(root, region)
    repo = open_repo(root)
    if old is None:
        latest = project.register(region).latest
        if latest is None:
            raise UsageError(f"no version of {region} is recorded yet: give OLD (a version name or "
                             "git revision), or record one with `convenant vaststellen`")
        old = latest.name
    sides = [resolve_side(repo, project, region, spec) for spec in (old, new)]
    documents = []
    for side in sides:
        data = project if side.commit is None else project_at(repo, root, side.commit)
        if region not in data.manifests:
            raise UsageError(f"{region} has no manifest at {side.label}")
        documents.append(assemble_regions(data, [region])[region])
    redline = compare(documents[0], documents[1], sides[0].label, sides[1].label,
                      old_meta=_meta(repo, sides[0]), new_meta=_meta(repo, sides[1]))
    if explain:
        redline.log = _explanation(repo, project, region, sides)
    return redline


def _explanation(repo, project: Project, region: str, sides: list[Side]) -> list:
    """Commits between OLD and NEW touching the region's text or its parties, oldest first."""
    old, new = sides
    if old.commit is None:
        return []
    until = new.commit.hexsha if new.commit is not None else "HEAD"
    return log(repo, region_paths(repo, project, region, parties=True), old.commit.hexsha,
               until, bodies=True)[::-1]


def _render(redline: Redline, formats: list[str], heading: str,
            explanation=None) -> dict[str, bytes | str]:
    """Every asked format from the one redline; the HTML is made once, also for the PDF."""
    def html():
        from ..render.redline_html import render_redline_html
        return render_redline_html(redline, heading, explanation)

    def text():
        from ..render.redline_text import render_redline_text
        return render_redline_text(redline)

    def docx():
        from ..render import redline_docx
        if explanation is not None:
            return redline_docx.render_proposal_docx(redline, explanation)
        return redline_docx.render_redline_docx(redline)

    return render_formats(formats, html, {"text": text, "docx": docx})


def _write(root: Path, out: Path | None, folder: str, redline: Redline,
           rendered: dict[str, bytes | str]) -> list[Path]:
    """Write every rendered format to OUT/REGION/FOLDER/OLD..NEW.FORMAT."""
    folder = output_folder(root, out) / redline.region / folder
    stem = f"{redline.old_label}..{redline.new_label}"
    return write_all({folder / f"{stem}.{fmt}": data for fmt, data in rendered.items()})


def diff(root: Path, region: str, old: str | None, new: str | None, formats: list[str],
         out: Path | None = None) -> tuple[Redline, str | None, list[Path]]:
    """Compare and render; text goes to the caller (stdout), files to build/REGION/renvooi/."""
    redline = make_redline(root, region, old, new)
    rendered = _render(redline, formats, "Renvooi")
    text = rendered.pop("text", None)
    return redline, text, _write(root, out, "renvooi", redline, rendered)


def wijzigingsvoorstel(root: Path, region: str, old: str, new: str, formats=PROPOSAL_FORMATS,
                       out: Path | None = None) -> tuple[Redline, list[Path]]:
    """The proposal for the Stuurgroep: table of changes, explanation, redline (PDF, DOCX)."""
    redline = make_redline(root, region, old, new, explain=True)
    if not redline.text_changed:
        raise UsageError(f"{old} and {new} hold the same text of {region}'s convenant (fingerprint "
                         f"{redline.new_doc.fingerprint[:12]}): there is no amendment to propose; "
                         f"`convenant diff {region} {old} {new}` shows what else changed")
    rendered = _render(redline, list(formats), "Wijzigingsvoorstel", redline.log)
    return redline, _write(root, out, "wijzigingsvoorstel", redline, rendered)
