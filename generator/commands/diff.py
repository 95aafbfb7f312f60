"""`convenant diff` and `convenant wijzigingsvoorstel`: renvooi between two versions of a region.

OLD and NEW are recorded version names, git revisions, or "werkversie" (the working tree).
Both sides are assembled from the data as it was, read from git objects; the comparison is
made once (generator.redline) and every output renders from it. The proposal's explanation is
the legal advisor's toelichting (wijzigingen/REGION/NAME.md, generator.model.amendment) as it
is on NEW's side; commit messages are never part of it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..assemble import assemble_regions
from ..errors import UsageError, shown
from ..history import Side, open_repo, project_at, resolve_side
from ..i18n import _
from ..lint.moved import reference_changes
from ..model.amendment import FOLDER as AMENDMENTS_DIR, Amendment
from ..output import output_folder, write_all
from ..project import Project
from ..proposal import REVISION, VERSION, WORKTREE, make_proposal
from ..redline import Redline, compare
from .common import load_region, render_formats

DIFF_FORMATS = ("text", "html", "pdf", "docx")
PROPOSAL_FORMATS = ("pdf", "docx")


def _meta(repo, side: Side) -> dict:
    """Author and date of a side (for tracked changes), its kind (generator.proposal: a
    recorded version, a git revision or the working tree) and its decision date if a version."""
    if side.commit is not None:
        meta = {"author": side.author, "date": side.date, "kind": REVISION,
                "commit": side.commit.hexsha}
        if side.version is not None:
            meta["decided"] = side.version.decided or "onbekend"  # the register does not know it
            meta["kind"] = VERSION
        return meta
    with repo.config_reader() as config:
        author = config.get_value("user", "name", "") or "werkversie"
    return {"author": str(author), "date": dt.datetime.now(dt.timezone.utc), "kind": WORKTREE}


def make_redline(root: Path, region: str, old: str | None = None,
                 new: str | None = None) -> Redline:
    """The renvooi of ``region`` from OLD (default: the latest recorded version) to NEW
    (default: the working tree)."""
    root = Path(root)
    project = load_region(root, region)
    repo = open_repo(root)
    if old is None:
        latest = project.register(region).latest
        if latest is None:
            raise UsageError(_("no version of {region} is recorded yet: give OLD (a version "
                               "name or git revision), or record one with `convenant "
                               "vaststellen`").format(region=region))
        old = latest.name
    sides = [resolve_side(repo, project, region, spec) for spec in (old, new)]
    return redline_between(repo, sides, [side_document(root, repo, project, region, side)
                                         for side in sides])


def side_document(root: Path, repo, project: Project, region: str, side: Side, at=project_at):
    """(the data, the region's Document) on one side: the working tree's (``project``) or
    the data at the side's commit (``at(repo, root, commit)``: one who compares many versions
    may keep what it loaded), with the parties of the commit's day."""
    data = project if side.commit is None else at(repo, root, side.commit)
    if region not in data.manifests:
        raise UsageError(_("{region} has no manifest at {label}").format(
                             region=region, label=side.label))
    day = side.date.date() if side.commit is not None else None  # its parties on that day
    return data, assemble_regions(data, [region], day=day)[region]


def redline_between(repo, sides: list[Side], loaded: list) -> Redline:
    """The renvooi from ``sides[0]`` to ``sides[1]``, given each side's (data, Document)."""
    (old_data, old_doc), (new_data, new_doc) = loaded
    references = reference_changes(old_data, old_doc, new_data, new_doc)
    return compare(old_doc, new_doc, sides[0].label, sides[1].label,
                   old_meta=_meta(repo, sides[0]), new_meta=_meta(repo, sides[1]),
                   references=references)


def _render(redline: Redline, formats: list[str], heading: str,
            toelichting: Amendment | None = None) -> dict[str, bytes | str]:
    """Every asked format from the one redline; the HTML is made once, also for the PDF. A
    proposal (with ``toelichting``) is dated the build day (SOURCE_DATE_EPOCH or today)."""
    proposal = None
    if toelichting is not None:
        from ..render.docx_package import build_day
        proposal = make_proposal(redline, build_day().date())

    def html():
        from ..render.redline_html import render_redline_html
        return render_redline_html(redline, heading, toelichting, proposal)

    def text():
        from ..render.redline_text import render_redline_text
        return render_redline_text(redline)

    def docx():
        from ..render import redline_docx
        if toelichting is not None:
            return redline_docx.render_proposal_docx(redline, toelichting, proposal)
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
                       out: Path | None = None,
                       toelichting: Path | None = None) -> tuple[Redline, Amendment, list[Path]]:
    """The proposal for the Stuurgroep: consequence, table of changes, the toelichting (the
    one on NEW's side that amends OLD's version, or the file ``toelichting`` names), renvooi."""
    root = Path(root)
    named = _named_toelichting(root, region, toelichting)
    redline = make_redline(root, region, old, new)
    if not redline.text_changed:
        raise UsageError(_("{old} and {new} hold the same text of {region}'s convenant "
                           "(fingerprint {fingerprint}): there is no amendment to propose; "
                           "`convenant diff {region} {old} {new}` shows what else changed").format(
                               old=old, new=new, region=region,
                               fingerprint=redline.new_doc.fingerprint[:12]))
    amendment = find_toelichting(root, region, old, new, named)
    rendered = _render(redline, list(formats), "Wijzigingsvoorstel", amendment)
    return redline, amendment, _write(root, out, "wijzigingsvoorstel", redline, rendered)


def _named_toelichting(root: Path, region: str, file: Path | None) -> Path | None:
    """The file ``--toelichting`` names (relative to the current folder), as the path the
    loaders give it: it must be wijzigingen/REGION/NAME.md under the root."""
    if file is None:
        return None
    file = Path(file)
    folder = root / AMENDMENTS_DIR / region
    # The path as named: a link at its end is not followed (the loaders refuse links).
    if file.parent.resolve() != folder.resolve() or file.suffix != ".md":
        raise UsageError(_("--toelichting {file} is not a file in {folder} of {root}: a "
                           "toelichting of {region} is {folder}NAME.md (see docs/formats.md)").format(
                               file=file, folder=f"{AMENDMENTS_DIR}/{region}/", region=region, root=root))
    return folder / file.name


def _recorded_version(project: Project, region: str, side: Side):
    """The recorded version OLD is: named by it, or recorded at OLD's commit; else None."""
    if side.version is not None or side.commit is None:
        return side.version
    return next((v for v in project.register(region).versions
                 if v.revision == side.commit.hexsha), None)


def find_toelichting(root: Path, region: str, old: str, new: str,
                     named: Path | None = None) -> Amendment:
    """The toelichting of the amendment from OLD to NEW, read from NEW's side: the file in
    wijzigingen/REGION/ whose ``wijzigt`` is OLD's recorded version, or the file ``named``.

    UsageError when there is none, when several match, or when the named one is absent at
    NEW or amends another version.
    """
    project = load_region(root, region)
    repo = open_repo(root)
    old_side, new_side = (resolve_side(repo, project, region, spec) for spec in (old, new))
    data = project if new_side.commit is None else project_at(repo, root, new_side.commit)
    found = data.amendments.get(region, {})
    version = _recorded_version(project, region, old_side)
    folder = f"{AMENDMENTS_DIR}/{region}/"
    where, commit = (_("in the working tree"), "") if new_side.commit is None else \
        (_("at {label}").format(label=new_side.label), _(", and commit it"))
    if named is not None:
        amendment = found.get(named.stem)
        if amendment is None:
            raise UsageError(_("{folder}{name} does not exist {where}: the toelichting is "
                               "read from NEW's side ({new})").format(
                                   folder=folder, name=named.name, where=where, new=shown(new)))
        if version is not None and amendment.wijzigt != version.name:
            raise UsageError(_("{folder}{name} amends version {wijzigt}, not {old} (OLD): "
                               "correct its 'wijzigt' or compare from {wijzigt}").format(
                                   folder=folder, name=named.name, wijzigt=shown(amendment.wijzigt),
                                   old=shown(version.name)))
        return amendment
    if version is None:
        raise UsageError(_("{old} is no recorded version of {region}, so no toelichting names"
                           " it in 'wijzigt': name the toelichting with --toelichting "
                           "{folder}NAME.md").format(old=shown(old), region=region, folder=folder))
    matches = sorted((a for a in found.values() if a.wijzigt == version.name), key=lambda a: a.name)
    if not matches:
        others = ", ".join(_("{name}.md amends {wijzigt}").format(
                               name=a.name, wijzigt=shown(a.wijzigt))
                           for a in found.values())
        raise UsageError(_("no toelichting amends version {name} of {region} in {folder} "
                           "{where}{others}: write one, {folder}NAME.md with 'titel', "
                           "'wijzigt: \"{version}\"' and the explanation (see "
                           "docs/formats.md){commit}").format(
                               name=shown(version.name), region=region, folder=folder, where=where,
                               others=f" ({others})" if others else "", version=version.name,
                               commit=commit))
    if len(matches) > 1:
        raise UsageError(_("several toelichtingen amend version {name} of {region}: {files}; "
                           "choose one with --toelichting FILE").format(
                               name=shown(version.name), region=region,
                               files=", ".join(folder + a.name + ".md" for a in matches)))
    return matches[0]
