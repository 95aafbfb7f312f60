"""`convenant pakket`: signature packages for the parties of one region.

The convenant is rendered once (weasyprint); the letters and signature pages of all parties
are set together in one small PDF (reportlab); each party's package is then put together from
those two files without rendering or copying the convenant again (render.pdf_assemble).
Everything is checked and made in memory first; files are written only when all is ready.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from ..errors import UsageError
from ..i18n import _
from ..letters import cover_letter, signature_page
from ..output import output_folder, write_all
from ..packages import Plan, plan
from .mailing import check_post
from .common import (check_member, load_region, recorded_version, region_secretariat,
                     render_convenant, version_document)

Progress = Callable[[str, int, int], None]
"""progress(step, done, total): called as the work advances."""


def prepare(root: Path, region: str, version_name: str | None = None,
            party_ids: tuple[str, ...] | list[str] = (), everyone: bool = False,
            letter_date: dt.date | None = None, return_by: dt.date | None = None,
            project=None) -> Plan:
    """Check the request and decide what to make; raises before anything is rendered.
    ``project``: the region's data when the caller loaded it already."""
    project = project or load_region(root, region, signing=True)
    if everyone and party_ids:
        raise UsageError(_("give --party or --all, not both"))
    version = recorded_version(project, region, version_name)
    for party_id in party_ids:
        check_member(project, region, party_id, registry=True)
    sender = region_secretariat(project, region)
    letter_date = letter_date or dt.date.today()
    if return_by is not None and return_by <= letter_date:
        raise UsageError(_("--return-by {return_by} is not after the letter's date "
                           "{letter_date}").format(return_by=return_by, letter_date=letter_date))
    # The parties bound by the version: a party that acceded while it was pending signs it
    # too; one that left, or withdraws from it under 21.3, does not (generator.model.timeline).
    members = project.timeline(region).bound(version, letter_date) if version else None
    doc = version_document(root, project, region, version, members)
    signed = project.register(region).signed(version.name) if version else {}
    if party_ids:
        selected = set(party_ids)
    elif everyone:
        selected = set(doc.party_ids)
    else:
        selected = {p for p in doc.party_ids if p not in signed}
    # A package for a party without an e-mail address goes by post: refused, before anything
    # is rendered, when the party has no postal address either.
    check_post(project, region, [p for p in doc.party_ids if p in selected])
    return plan(doc, project.parties, version, signed, selected, sender,
                letter_date, return_by)


def render_plan(the_plan: Plan, progress: Progress | None = None) -> dict[str, bytes | str]:
    """Every file of the run, by name, in memory."""
    from ..render.letters_pdf import render_letters
    from ..render.overview import render_overview_csv, render_overview_html
    from ..render.pdf_assemble import PackageAssembler, page_count

    step = progress or (lambda label, done, total: None)
    selected = the_plan.selected
    total = len(selected) + 2
    step(_("rendering the convenant"), 0, total)
    convenant = render_convenant(the_plan.doc, ["pdf"])["pdf"]
    the_plan.pages = page_count(convenant)
    step(_("letters and signature pages"), 1, total)
    items = [cover_letter(the_plan, row) for row in selected]
    items += [signature_page(the_plan, row) for row in the_plan.rows]
    small, ranges = render_letters(items, title=the_plan.doc.title)
    letters = dict(zip((row.party.id for row in selected), ranges[:len(selected)]))
    sheets = dict(zip((row.party.id for row in the_plan.rows), ranges[len(selected):]))
    assembler = PackageAssembler(convenant, small)
    files: dict[str, bytes | str] = {}
    for done, row in enumerate(selected, start=2):
        step(row.party.id, done, total)
        files[f"{row.party.id}.pdf"] = assembler.package(list(letters[row.party.id]),
                                                          list(sheets[row.party.id]))
    files["handtekeningen.pdf"] = assembler.extract([i for r in sheets.values() for i in r])
    files["overzicht.csv"] = render_overview_csv(the_plan)
    files["overzicht.html"] = render_overview_html(the_plan)
    step(_("done"), total, total)
    return files


def pakket(root: Path, region: str, version_name: str | None = None,
           party_ids: tuple[str, ...] | list[str] = (), everyone: bool = False,
           out: Path | None = None, letter_date: dt.date | None = None,
           return_by: dt.date | None = None, progress: Progress | None = None
           ) -> tuple[Plan, list[Path]]:
    """Make the packages and write them to build/REGION/pakketten/VERSION/."""
    the_plan = prepare(root, region, version_name, party_ids, everyone, letter_date, return_by)
    files = render_plan(the_plan, progress)
    folder = output_folder(root, out) / region / "pakketten" / the_plan.folder
    return the_plan, write_all({folder / name: data for name, data in files.items()})
