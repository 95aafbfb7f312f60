"""`convenant herinnering`: a reminder to every party bound by a version that has not signed it
after the date it was asked to return its signed page by, with its package again.

The return-by date of each party is that of the last recorded round of packages that was for it
(register/verzending/REGION/VERSION.yaml, written by `pakket --return-by` or `--smtp`); before
that date, or when none is recorded, a reminder is refused unless ``now`` (``--nu``). The
letters are set in one reportlab run; each party's package is the file `pakket` wrote in
build/REGION/pakketten/VERSION/, or, where that is missing, made again in one run for all of
them: the convenant is never rendered per party. The reminder is recorded as a round of the
same file (date, parties, what became of each e-mail), one commit. A second run for the same
date sends what of that reminder was not sent.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..i18n import _
from ..letters import reminder_letter
from ..lock import writing
from ..mail import check_settings
from ..model.dispatch import Dispatch, Round
from ..model.register import Version
from ..output import check_writable, output_folder, write_all
from .common import load_region, recorded_version, region_secretariat
from .mailing import Mailing, mail_sender, make_mailing
from .pakket import Progress, prepare, render_plan
from .verzending import KIND as PACKAGES, attachment_name, check_post, dispatch_of, record_round

KIND = "herinnering"


@dataclass
class Reminder:
    """What ``herinnering`` wrote, recorded and sent."""

    region: str
    version: Version
    date: dt.date
    round: Round
    record: str
    """The round file, relative to the root."""
    packages: Path
    """The folder of the packages (build/REGION/pakketten/VERSION/)."""
    paths: list[Path] = field(default_factory=list)
    mailing: Mailing | None = None
    outcomes: list | None = None
    waiting: list[tuple[str, dt.date | None]] = field(default_factory=list)
    """Outstanding parties not reminded: their return-by date (None: none recorded)."""
    remade: list[str] = field(default_factory=list)
    """Parties whose package was not in build/ and was made again."""
    again: bool = False
    """True when the reminder of that date was recorded before (this run sends the rest)."""


def _due(dispatch: Dispatch, outstanding: list[str], date: dt.date, now: bool, region: str,
         name: str) -> tuple[list[str], list[tuple[str, dt.date | None]]]:
    """The parties to remind on ``date`` and the others with their return-by date."""
    due, waiting = [], []
    for party in outstanding:
        sent = dispatch.latest(PACKAGES, party)
        by = sent.return_by if sent else None
        if by is not None and date >= by or now:
            due.append(party)
        else:
            waiting.append((party, by))
    if not due:
        dates = sorted(by for _party, by in waiting if by is not None)
        if dates:
            raise UsageError(_("the return-by date of version {name} of {region} ({by}) "
                               "has not passed on {date}: a reminder goes after it (--nu "
                               "sends one now)").format(
                                   name=name, region=region, by=dates[0], date=date))
        raise UsageError(_("no return-by date is recorded for version {name} of {region} "
                           "(`convenant pakket {region} --return-by DATE` records it): --nu "
                           "sends a reminder anyway").format(name=name, region=region))
    return due, waiting


def _packages(root, project, region: str, version, dispatch: Dispatch, parties: list[str],
              folder: Path, date: dt.date, progress) -> tuple[dict[str, bytes], dict[Path, bytes]]:
    """Each party's package: the file in ``folder`` when it is a PDF, else made again (one
    run for all that are missing: with the letters of the last round of packages when it was
    for all of them, else dated ``date``)."""
    found, missing = {}, []
    for party in parties:
        path = folder / f"{party}.pdf"
        data = path.read_bytes() if path.is_file() else b""
        if data.startswith(b"%PDF-"):
            found[party] = data
        else:
            missing.append(party)
    if not missing:
        return found, {}
    last = dispatch.latest(PACKAGES)
    if last is None or not set(missing) <= set(last.parties):
        last = Round(PACKAGES, date, missing)
    plan = prepare(root, region, version.name, missing, letter_date=last.date,
                   return_by=last.return_by, project=project)
    files = render_plan(plan, progress)
    made = {party: files[f"{party}.pdf"] for party in missing}
    return {**found, **made}, {folder / f"{party}.pdf": data for party, data in made.items()}


def _parties(project, region: str, version, dispatch: Dispatch, date: dt.date, now: bool,
             smtp: str | None) -> tuple[list[str], list, Round | None]:
    """Who gets the reminder of ``date``, who waits, and the reminder recorded before."""
    outstanding = project.timeline(region).outstanding(version, date)
    if not outstanding:
        raise UsageError(_("every party bound by version {name} of {region} has signed it: no"
                           " reminder to send").format(name=version.name, region=region))
    earlier = dispatch.reminder(date)
    if earlier is None:
        return *_due(dispatch, outstanding, date, now, region, version.name), None
    if smtp is None:
        raise UsageError(_("a reminder of {date} is recorded already ({path}:{line}): --smtp "
                           "sends what of it was not sent").format(
                               date=date, path=project.rel(dispatch.path), line=earlier.line))
    parties = [p for p in earlier.parties if p in outstanding]
    if not parties:
        raise UsageError(_("every party of the reminder of {date} has signed version {name} "
                           "since: nothing to send").format(date=date, name=version.name))
    return parties, [], earlier


def herinnering(root: Path, region: str, version_name: str | None = None,
                date: dt.date | None = None, now: bool = False, out: Path | None = None,
                smtp: str | None = None, starttls: bool = False, env=os.environ,
                today: dt.date | None = None, progress: Progress | None = None) -> Reminder:
    """Write (and with ``smtp`` send) the reminders of ``date`` (default today), record them."""
    if smtp is not None:
        check_settings(smtp, starttls, env)
    today = today or dt.date.today()
    date = date or today
    if date > today:
        raise UsageError(_("--date {date} is in the future: a reminder is dated the day it "
                           "goes out").format(date=date))
    with writing(root):
        project = load_region(root, region, signing=True)
        version = recorded_version(project, region, version_name)
        if version is None:
            raise UsageError(_("no version of {region} is recorded: a reminder is about a "
                               "recorded version").format(region=region))
        if version.decided is not None and date < version.decided:
            raise UsageError(_("{date} is before version {name} was decided ({decided})").format(
                                 date=date, name=version.name, decided=version.decided))
        region_secretariat(project, region)
        dispatch = dispatch_of(project, region, version)
        parties, waiting, earlier = _parties(project, region, version, dispatch, date, now, smtp)
        check_post(project, region, parties)  # a reminder by post needs an address
        mail_sender(project, region, project.manifests[region].zvh,
                    sum(1 for p in parties if project.parties[p].email))
        plan = prepare(root, region, version.name, parties, letter_date=date, project=project)
        base = output_folder(root, out) / region
        folder = base / "herinneringen" / version.name / date.isoformat()
        packages, remade = _packages(root, project, region, version, dispatch, parties,
                                     base / "pakketten" / version.name, date, progress)
        letters = []
        for row in plan.selected:
            sent = dispatch.latest(PACKAGES, row.party.id)
            letters.append(reminder_letter(plan, row, sent.date if sent else None,
                                           sent.return_by if sent else None))
        name = attachment_name(region, version.name)
        mailing = make_mailing(project, region, plan.doc.zvh, KIND, letters,
                               f"herinnering-{region}-{version.name}.pdf",
                               extra={p: [(name, packages[p], "application/pdf")] for p in parties})
        outputs = {folder / "brieven" / f"{p}.pdf": pdf for p, pdf in mailing.pdfs.items()}
        outputs.update({folder / "berichten" / f"{p}.eml": m.as_bytes() for p, m in mailing.messages.items()})
        outputs.update(remade)
        check_writable(outputs)
        item = earlier or Round(KIND, date, parties)
        if earlier is None:
            dispatch.rounds.append(item)
        result = Reminder(region, version, date, item, project.rel(dispatch.path),
                          base / "pakketten" / version.name, write_all(outputs), mailing,
                          waiting=waiting, remade=[p.stem for p in remade], again=earlier is not None)
        result.outcomes = record_round(
            root, project, dispatch, item, mailing, smtp, starttls, env,
            f"herinnering: versie {version.name} van {region}, {date.isoformat()}, aan "
            f"{len(parties)} {'partij' if len(parties) == 1 else 'partijen'}",
            _resend_hint(region, version.name, date, smtp), new=earlier is None)
        return result


def _resend_hint(region: str, version: str, date: dt.date, smtp: str | None) -> str:
    return _("the reminder was recorded; nothing was sent: run `convenant herinnering {region} "
             "--version {version} --date {date} --smtp {smtp}` later").format(
                 region=region, version=version, date=date, smtp=smtp)
