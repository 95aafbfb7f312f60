"""What every command uses: formats and regions asked for, the region's data, rendering.

A command loads and checks first, renders every output in memory, and writes last
(generator.output); the helpers here are the shared first and middle steps.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from pathlib import Path
from typing import Callable

from ..errors import ConvenantError, Problems, UsageError, shown
from ..i18n import _
from ..project import load_project

CONVENANT_FORMATS = ("html", "pdf", "docx")


def parse_formats(value: str, allowed: tuple[str, ...] = CONVENANT_FORMATS) -> list[str]:
    """"html,pdf" → ["html", "pdf"]; UsageError for a format not in ``allowed``."""
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in allowed]
    if unknown or not formats:
        named = ", ".join(shown(f) for f in unknown) or shown(value)
        raise UsageError(_("unknown format {named}: choose from {allowed}").format(
                             named=named, allowed=', '.join(allowed)))
    return list(dict.fromkeys(formats))


def check_regions(known: set[str], regions: list[str]) -> None:
    """UsageError for the first region of ``regions`` that is not ``known``."""
    for region in regions:
        if region not in known:
            if not known:
                raise UsageError(_("unknown region {region}: convenants/ holds no manifest, "
                                   "so there are no regions").format(region=shown(region)))
            raise UsageError(_("unknown region {region}: known regions are {known}").format(
                                 region=shown(region), known=", ".join(sorted(known))))


def select_regions(project, regions: list[str] | None, problems=None) -> list[str]:
    """``regions`` checked and without repeats; every region when None.

    With no region at all, the ``problems`` of loading come first: a folder that is not a
    convenant repository is reported as that, not as an unknown region.
    """
    if not project.region_files and problems is not None:
        problems.raise_if_any()
    if regions is None:
        if not project.region_files:
            raise UsageError(_("convenants/ holds no manifest: there is no region to work on"))
        return sorted(project.region_files)
    regions = list(dict.fromkeys(regions))
    check_regions(project.region_files, regions)
    return regions


def load_region(root: Path, *regions: str, signing: bool = False):
    """The working tree's data, checked, for a command about these regions (UsageError for
    the first that is unknown; with ``signing``, also for a model text, which is never
    signed: ``ondertekend: false``)."""
    project = load_project(root)
    check_regions(project.region_files, list(regions))
    for region in regions if signing else ():
        manifest = project.manifests[region]
        if not manifest.signed:
            raise UsageError(_("{region} is a model text ({path}: 'ondertekend: false'): it "
                               "is never decided or signed, only used as a 'basis'").format(
                                   region=region, path=project.rel(manifest.path)))
    return project


def region_members(project, region: str) -> list[str]:
    """The ids of the region's parties, in signing order."""
    return [ref.id for ref in project.manifests[region].partijen]


def check_member(project, region: str, party: str, registry: bool = False) -> None:
    """UsageError when ``party`` is not one of the region's parties; with ``registry`` it also
    says when parties/ has no such file."""
    if party not in region_members(project, region):
        path = project.rel(project.manifests[region].path)
        if registry and party not in project.parties:
            raise UsageError(_("{party} is not a party of {region} and parties/ has no such file "
                               "(see 'partijen' in {path})").format(
                                   party=shown(party), region=region, path=path))
        raise UsageError(_("{party} is not a party of {region} (see 'partijen' in {path})").format(
                             party=shown(party), region=region, path=path))


def recorded_version(project, region: str, name: str | None):
    """The version ``name`` of the region's register (UsageError naming the recorded ones when
    there is none of that name); the latest (or None) when no name is given."""
    register = project.register(region)
    if name is None:
        return register.latest
    version = register.version(name)
    if version is None:
        names = ", ".join(v.name for v in register.versions) or _("none yet")
        raise UsageError(_("version {name} is not recorded for {region} (recorded: {names})").format(
                             name=shown(name), region=region, names=names))
    return version


def region_secretariat(project, region: str):
    """The region's secretariaat (sender of letters); UsageError naming the manifest if absent."""
    manifest = project.manifests[region]
    if manifest.secretariaat is None:
        raise UsageError(_("{path}: no 'secretariaat': the letters need the secretary's "
                           "function, postal address and place (see docs/formats.md)").format(
                               path=project.rel(manifest.path)))
    return manifest.secretariaat


def render_formats(formats: list[str], html: Callable[[], str],
                   others: dict[str, Callable[[], bytes | str]] | None = None,
                   before: Callable[[str], None] | None = None) -> dict[str, bytes | str]:
    """Every asked format, by name: ``html()`` is called once, also for the PDF (made from that
    HTML); any other format by its function in ``others`` (which may also give the PDF).
    ``before(fmt)`` is called as each format starts. weasyprint is imported only when a PDF
    is asked for."""
    out: dict[str, bytes | str] = {}
    page = functools.cache(html)
    others = others or {}
    for fmt in formats:
        if before:
            before(fmt)
        if fmt in others:
            out[fmt] = others[fmt]()
        elif fmt == "html":
            out[fmt] = page()
        elif fmt == "pdf":
            from ..render.pdf import render_pdf_from_html
            out[fmt] = render_pdf_from_html(page())
        else:
            raise KeyError(fmt)
    return out


def render_convenant(doc, formats: list[str], progress=None,
                     pdfa: bool = False) -> dict[str, bytes | str]:
    """One region's convenant in the given formats; ``progress(region, fmt)`` as each starts;
    ``pdfa``: the PDF as PDF/A-2b (render.pdf.PDFA_VARIANT).
    With a PDF, the DOCX's table of contents prints the PDF's page of each heading."""
    @functools.cache
    def html():
        from ..render.html import render_html
        return render_html(doc)

    @functools.cache
    def pdf():
        from ..render.pdf import render_pdf_from_html
        return render_pdf_from_html(html(), pdfa=pdfa)

    def docx():
        from ..render.docx import render_docx
        from ..render.pdf_pages import heading_pages
        return render_docx(doc, heading_pages(pdf()) if "pdf" in formats else None)

    return render_formats(formats, html, {"docx": docx, "pdf": pdf},
                          before=(lambda fmt: progress(doc.region, fmt)) if progress else None)


def version_document(root: Path, project, region: str, version, members: list[str] | None = None,
                     day: dt.date | None = None):
    """The text of ``version`` (None: the working tree's) with the parties ``members`` (default:
    those of ``day``, default today), named as the registry has them now.

    The working tree is used when its text is that version; otherwise the clauses and manifest
    are read from the version's git revision, and the parties and register from the working
    tree: the fingerprint leaves the party list out, so the text is still exactly the version.
    """
    from ..assemble import assemble
    from ..history import open_repo, project_at, version_commit

    problems = Problems(project.root)
    doc = assemble(project, region, problems, day=day, members=members)
    problems.raise_if_any()
    if version is None or doc.fingerprint == version.fingerprint:
        return doc
    repo = open_repo(root)
    then = project_at(repo, root, version_commit(repo, version))
    if region not in then.manifests:
        raise UsageError(_("{region} has no manifest at {revision} (version {name})").format(
                             region=region, revision=version.revision[:10], name=shown(version.name)))
    now = project.manifests[region]
    manifest = dataclasses.replace(then.manifests[region], partijen=now.partijen,
                                   volgorde_ondergetekenden=now.volgorde_ondergetekenden)
    mixed = dataclasses.replace(then, parties=project.parties, manifests={region: manifest},
                                registers=project.registers)
    doc = assemble(mixed, region, problems, day=day, members=members)
    problems.raise_if_any()
    if doc.fingerprint != version.fingerprint:
        raise ConvenantError(_("the text of {region} at {revision} has fingerprint {found}, "
                               "not {recorded} as recorded for version {name}: check {path}").format(
                                   region=region, revision=version.revision[:10],
                                   found=doc.fingerprint[:12], recorded=version.fingerprint[:12],
                                   name=shown(version.name),
                                   path=project.rel(project.register(region).path)))
    return doc
