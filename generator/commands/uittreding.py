"""`convenant uittreding`: a party leaves the convenant (art. 21.3, 23.1, 23.2).

The withdrawal is recorded in the region's register (``uittredingen``), one commit. The party
stays in the signing order and keeps every signature it made: earlier versions, their status
and renvooi stay as they were; documents built for a day after its membership ended list it no
more (generator.model.timeline). Every other party gets a letter (PDF; e-mail for parties with
an address, sent with ``--smtp``) that names what survives the membership (23.3), in
build/REGION/uittreding/PARTY/mededeling/.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..assemble import assemble_regions
from ..dates import add_years
from ..errors import UsageError, shown
from ..history import commit_files, open_repo
from ..i18n import _
from ..letters import withdrawal_letter
from ..lock import writes_repository
from ..mail import check_settings
from ..model.accession import current_request
from ..model.register import GROUNDS, Withdrawal, dump_register
from ..output import check_writable, output_folder, write_all
from .common import check_member, load_region, region_secretariat
from .mailing import Mailing, make_mailing, send_recorded


@dataclass
class Result:
    """What ``uittreding`` made: the record, when it takes effect, the files, the letters."""

    withdrawal: Withdrawal
    end: dt.date | None
    """The last day of membership is the day before; None while it waits for a version or
    an accession to take effect (21.3)."""
    paths: list[Path] = field(default_factory=list)
    mailing: Mailing | None = None
    outcomes: list | None = None


def _check_options(ground: str, version, accession, notice, per) -> None:
    if ground not in GROUNDS:
        raise UsageError(_("--grond {ground}: choose 21.3 (an amendment or accession the "
                           "party finds unacceptable), 23.1 (notice) or 23.2 (exclusion)").format(
                               ground=shown(ground)))
    misplaced = [name for name, value, grounds in (
        ("--versie", version, ("21.3",)), ("--toetreding", accession, ("21.3",)),
        ("--ingebrekestelling", notice, ("23.2",)), ("--per", per, ("23.1",)))
        if value is not None and ground not in grounds]
    if misplaced:
        raise UsageError(_("{option} does not belong to a withdrawal under {ground}").format(
            option=misplaced[0], ground=ground))
    if version is not None and accession is not None:
        raise UsageError(_("give --versie or --toetreding, not both: 21.3 names one amendment"
                           " or accession"))
    if ground == "23.2" and notice is None:
        raise UsageError(_("an exclusion (23.2) needs --ingebrekestelling DATE: the "
                           "Stuurgroep excludes a party only after an ingebrekestelling"))


def _objected_version(project, region: str, timeline, party: str, date: dt.date, name):
    """21.3 against an amendment: the version named (default: the one pending on ``date``),
    which must not have taken effect and which the party must not have signed."""
    register = project.register(region)
    if name is None:
        pending = timeline.pending(date)
        if not pending:
            raise UsageError(_("no amendment of {region} is pending on {date}: 21.3 applies "
                               "to an amendment or accession that has not taken effect (give "
                               "--versie or --toetreding)").format(region=region, date=date))
        version = pending[-1]
    else:
        version = register.version(name)
        if version is None:
            names = ", ".join(v.name for v in register.versions) or _("none")
            raise UsageError(_("version {name} is not recorded for {region} (recorded: "
                               "{names})").format(name=shown(name), region=region, names=names))
    effective = timeline.effective(version)
    if effective is not None and effective <= date:
        raise UsageError(_("version {name} took effect on {effective}: a withdrawal under "
                           "21.3 must come before the amendment takes effect").format(
                               name=shown(version.name), effective=effective))
    if version.decided is not None and date < version.decided:
        raise UsageError(_("{date} is before version {name} was decided ({decided})").format(
                             date=date, name=shown(version.name), decided=version.decided))
    signature = timeline.signed(version).get(party)
    if signature is not None:
        raise UsageError(_("{party} signed version {name} on {date}: it accepted the "
                           "amendment").format(
                               party=party, name=shown(version.name), date=signature.date))
    return version


def _end(project, region: str, timeline, w: Withdrawal, per: dt.date | None) -> dt.date | None:
    """When the withdrawal takes effect: 23.2 at once; 23.1 at the end of the current term or
    renewal period (or ``per`` when the register cannot tell); 21.3 when what it objects to
    takes effect (None until then)."""
    if w.ground == "23.2":
        return w.date
    if w.ground == "21.3":
        return None
    term = timeline.term(w.date)
    if term is None:
        if per is None:
            raise UsageError(_("the register of {region} does not record when the convenant "
                               "in force took effect, so the end of the current term is "
                               "unknown: give --per DATE (the end of the term, as the parties"
                               " agree)").format(region=region))
        if per <= w.date:
            raise UsageError(_("--per {per} is not after the notice ({date})").format(
                                 per=per, date=w.date))
        return per
    end = term.next_end if term.next_end > w.date else \
        add_years(term.next_end, project.manifests[region].duur.verlenging_jaren)
    if per is not None and per != end:
        raise UsageError(_("the current term of {region} ends on {end}: the notice takes "
                           "effect then (leave out --per)").format(region=region, end=end))
    return end


def _withdrawal(project, region: str, party: str, ground: str, date: dt.date, version, accession,
                notice, per, reason, today: dt.date) -> tuple[Withdrawal, dt.date | None]:
    """The withdrawal to record, checked against the register, and when it takes effect."""
    _check_options(ground, version, accession, notice, per)
    check_member(project, region, party)
    timeline = project.timeline(region)
    register = project.register(region)
    earlier = register.withdrawal(party)
    if earlier is not None:
        raise UsageError(_("{party} already leaves {region} under {ground} (notice of {date},"
                           " {path}:{line})").format(
                               party=party, region=region, ground=earlier.ground, date=earlier.date,
                               path=project.rel(register.path), line=earlier.line))
    if date > today:
        raise UsageError(_("--date {date} is in the future").format(date=date))
    joined = timeline.joined(party)
    if joined is not None and date < joined:
        raise UsageError(_("{date} is before {party} acceded ({joined})").format(
                             date=date, party=party, joined=joined))
    if notice is not None and notice >= date:
        raise UsageError(_("the ingebrekestelling ({notice}) must come before the "
                           "Stuurgroep's decision ({date})").format(notice=notice, date=date))
    w = Withdrawal(party, ground, date, notice=notice, reason=" ".join((reason or "").split()))
    if ground == "21.3" and accession is not None:
        request = current_request(project.accessions.get(region, {}), accession)
        if request is None:
            raise UsageError(_("no request to accede by {accession} in {region}").format(
                                 accession=shown(accession), region=region))
        if not request.is_open:
            raise UsageError(_("the request of {accession} to accede to {region} is closed "
                               "({path}): a withdrawal under 21.3 objects to an accession "
                               "that has not taken effect").format(
                                   accession=accession, region=region,
                                   path=project.rel(request.path)))
        w.accession = accession
    elif ground == "21.3":
        w.version = _objected_version(project, region, timeline, party, date, version).name
    end = _end(project, region, timeline, w, per)
    w.effective = end if ground != "21.3" else None
    return w, end


@writes_repository
def uittreding(root: Path, region: str, party: str, ground: str, date: dt.date,
               version: str | None = None, accession: str | None = None,
               notice: dt.date | None = None, per: dt.date | None = None,
               reason: str | None = None, out: Path | None = None, smtp: str | None = None,
               starttls: bool = False, env=os.environ, today: dt.date | None = None) -> Result:
    """Record that ``party`` leaves ``region`` on ``ground`` and commit it; write the letter
    to every other party; with ``smtp``, send the e-mails and record what became of them."""
    if smtp is not None:  # a bad --smtp or login setting is refused before anything is done
        check_settings(smtp, starttls, env)
    project = load_region(root, region, signing=True)
    today = today or dt.date.today()
    w, end = _withdrawal(project, region, party, ground, date, version, accession, notice, per,
                         reason, today)
    region_secretariat(project, region)
    register, manifest = project.register(region), project.manifests[region]
    timeline = project.timeline(region)
    others = [p for p in timeline.members(date) if p != party]
    doc = assemble_regions(project, [region])[region]
    letters = [withdrawal_letter(project, doc, w, p, date, end) for p in others]
    mailing = make_mailing(project, region, doc.zvh, "mededeling", letters,
                           f"uittreding-{party}.pdf") if letters else None
    folder = output_folder(root, out) / region / "uittreding" / party
    outputs = mailing.files(folder) if mailing else {}
    check_writable(outputs)  # before the commit: a recorded withdrawal always has its letters
    register.withdrawals.append(w)
    name = project.parties[party].signing_name(region)
    effect = f"per {end.isoformat()}" if end else ("bij inwerkingtreding van versie " + w.version
                                                  if w.version else "bij het besluit over " + w.accession)
    commit_files(open_repo(root), {register.path: dump_register(register, manifest.titel)},
                 f"uittreding: {name} treedt uit {region} ({GROUNDS[ground]}, artikel {ground})\n\n"
                 f"Datum: {date.isoformat()}\nEinde deelname: {effect}\n"
                 + (f"Ingebrekestelling: {notice.isoformat()}\n" if notice else "")
                 + (f"Reden: {w.reason}\n" if w.reason else ""))
    result = Result(w, end, write_all(outputs), mailing)
    if smtp is not None and mailing is not None:
        result.outcomes = _send(root, register, manifest.titel, region, w, mailing, smtp,
                                starttls, env)
    return result


def _send(root: Path, register, title: str, region: str, w: Withdrawal, mailing: Mailing,
          server: str, starttls: bool, env) -> list:
    """Send the letters' e-mails not sent before, record each outcome in ``register`` as soon
    as it is known, then commit the register once."""
    return send_recorded(
        root, mailing, server, starttls, env, messages=w.messages,
        keep=lambda messages: setattr(w, "messages", messages), path=register.path,
        dump=lambda: dump_register(register, title), subject=f"uittreding: mededeling {w.party} ({region})",
        resend=_("the withdrawal was recorded and committed; nothing was sent: run `convenant "
                 "uittreding {region} {party} --verzenden --smtp {server}` later").format(
                     region=region, party=w.party, server=server))


@writes_repository
def verzenden(root: Path, region: str, party: str, smtp: str, starttls: bool = False,
              env=os.environ) -> Result:
    """Send the e-mails of a withdrawal that have not been sent yet (a re-run after a failure)."""
    check_settings(smtp, starttls, env)
    project = load_region(root, region)
    register = project.register(region)
    w = register.withdrawal(party)
    if w is None:
        raise UsageError(_("no withdrawal of {party} is recorded in {region}").format(
                             party=shown(party), region=region))
    region_secretariat(project, region)
    timeline = project.timeline(region)
    end = timeline.left(party)
    doc = assemble_regions(project, [region])[region]
    letters = [withdrawal_letter(project, doc, w, p, w.date, end)
               for p in timeline.members(w.date) if p != party]
    mailing = make_mailing(project, region, doc.zvh, "mededeling", letters, f"uittreding-{party}.pdf")
    return Result(w, end, mailing=mailing,
                  outcomes=_send(root, register, project.manifests[region].titel, region, w,
                                 mailing, smtp, starttls, env))
