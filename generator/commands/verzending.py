"""Sending the signature packages of a version, and recording it: `convenant pakket --smtp`,
`--return-by` and `--verzenden`.

A pakket run that sends (``--smtp``) or asks the pages back by a date (``--return-by``) adds a
round to ``register/verzending/REGION/VERSION.yaml`` (generator.model.dispatch): the date of
the letters, the return-by date, the parties. Each e-mail carries the cover letter's text as
its body and the party's package, the PDF `pakket` wrote, as its attachment; its outcome is
written to the round as soon as the server answers, and the round is committed once with
every outcome (generator.commands.mailing.send_recorded). ``verzenden`` sends what of the last
round was not sent: from the e-mails in build/ (addressed anew from the registry, so a
corrected address is used), re-making the packages once when those files are missing.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

from ..errors import ConvenantError, UsageError
from ..history import commit_files, open_repo
from ..i18n import _
from ..letters import cover_letter
from ..lock import writing
from ..mail import check_settings, make_message
from ..model.dispatch import Dispatch, Round, dispatch_path, dump_dispatch
from ..model.letter import letter_text
from ..output import check_writable, output_folder, write_all
from ..packages import Plan
from ..project import REGISTER_DIR
from .common import load_region, recorded_version
from .mailing import Mailing, check_post, mail_sender, send_recorded
from .pakket import Progress, prepare, render_plan

KIND = "pakket"


@dataclass
class Sending:
    """What a recorded pakket run or a resend made, recorded and sent."""

    region: str
    version: str
    plan: Plan | None
    paths: list[Path] = field(default_factory=list)
    round: Round | None = None
    record: str = ""
    """The round file (relative to the root) when a round was recorded or sent."""
    mailing: Mailing | None = None
    outcomes: list | None = None
    skipped: list[str] = field(default_factory=list)
    """A resend: parties of the round that have signed or are no longer bound since."""
    remade: list[str] = field(default_factory=list)
    """A resend: parties whose package was made again (its e-mail was not in build/)."""


def dispatch_of(project, region: str, version) -> Dispatch:
    """The sending record of ``version`` (a new, empty one when none exists yet)."""
    found = project.dispatches.get(region, {}).get(version.name)
    return found or Dispatch(region, version.name,
                             dispatch_path(project.root / REGISTER_DIR, region, version.name))


def attachment_name(region: str, version: str) -> str:
    return f"tekenpakket-{region}-{version}.pdf"


def package_messages(project, plan: Plan, packages: dict[str, bytes]) -> dict[str, object]:
    """For every selected party with an e-mail address: its cover letter as the body, its
    package attached (``plan.pages`` must be known: the plan was rendered)."""
    rows = [row for row in plan.selected if row.party.email]
    sender = mail_sender(project, plan.region, plan.doc.zvh, len(rows))
    name = attachment_name(plan.region, plan.folder)
    out = {}
    for row in rows:
        letter = cover_letter(plan, row)
        out[row.party.id] = make_message(
            sender, (row.party.signing_name(plan.region), row.party.email), letter.subject,
            letter_text(letter), [(name, packages[row.party.id], "application/pdf")])
    return out


def record_round(root: Path, project, dispatch: Dispatch, item: Round, mailing: Mailing | None,
                 smtp: str | None, starttls: bool, env, subject: str, resend: str,
                 new: bool) -> list | None:
    """Send the round's e-mails not sent before and commit the round file once: with every
    outcome, or (``new``, when nothing could be sent or nothing goes by e-mail) the round alone."""
    title = project.manifests[dispatch.region].titel
    path = dispatch.path

    def dump() -> str:
        return dump_dispatch(dispatch, title)

    if smtp is None or mailing is None or not mailing.messages:
        if new:
            commit_files(open_repo(root), {path: dump()}, subject)
        return None
    answered = []

    def keep(messages) -> None:
        item.messages = messages
        answered.append(True)

    try:
        return send_recorded(root, mailing, smtp, starttls, env, messages=item.messages, keep=keep,
                             path=path, dump=dump, subject=subject, resend=resend)
    except ConvenantError:
        if new and not answered:  # the server could not be reached: the round still stands
            commit_files(open_repo(root), {path: dump()}, subject)
        raise


def _subject(region: str, item: Round, version: str) -> str:
    back = f", terugsturen vóór {item.return_by.isoformat()}" if item.return_by else ""
    n = len(item.parties)
    return (f"pakket: tekenpakketten versie {version} van {region} aan {n} "
            f"{'partij' if n == 1 else 'partijen'} (brieven van {item.date.isoformat()}{back})")


def pakket_round(root: Path, region: str, version_name: str | None = None,
                 party_ids: tuple[str, ...] | list[str] = (), everyone: bool = False,
                 out: Path | None = None, letter_date: dt.date | None = None,
                 return_by: dt.date | None = None, progress: Progress | None = None,
                 smtp: str | None = None, starttls: bool = False, env=os.environ) -> Sending:
    """Make the packages (as `pakket`), record the round and, with ``smtp``, send them."""
    if smtp is not None:  # a bad --smtp or login setting is refused before anything is done
        check_settings(smtp, starttls, env)
    with writing(root):
        project = load_region(root, region, signing=True)
        plan = prepare(root, region, version_name, party_ids, everyone, letter_date, return_by,
                       project=project)
        folder = output_folder(root, out) / region / "pakketten" / plan.folder
        if plan.version is None:
            if smtp is not None:
                raise UsageError(_("no version of {region} is recorded: --smtp sends the "
                                   "packages of a recorded version (`convenant vaststellen` "
                                   "records one)").format(region=region))
            files = render_plan(plan, progress)  # a working text: nothing to record
            return Sending(region, plan.folder, plan, write_all({folder / n: d for n, d in files.items()}))
        if not plan.selected:
            raise UsageError(_("every party bound by version {name} of {region} has signed "
                               "it: no package to send (--party or --all makes one anyway)").format(
                                   name=plan.version.name, region=region))
        selected = [row.party.id for row in plan.selected]
        if smtp is not None:  # refused before the convenant is rendered (post: in prepare)
            mail_sender(project, region, plan.doc.zvh,
                        sum(1 for p in selected if project.parties[p].email))
        files = render_plan(plan, progress)
        outputs = {folder / name: data for name, data in files.items()}
        mailing = None
        if smtp is not None:
            packages = {p: files[f"{p}.pdf"] for p in selected}
            messages = package_messages(project, plan, packages)
            outputs.update({folder / "berichten" / f"{p}.eml": m.as_bytes() for p, m in messages.items()})
            mailing = Mailing(KIND, packages, messages, [p for p in selected if p not in messages])
        dispatch = dispatch_of(project, region, plan.version)
        item = Round(KIND, plan.letter_date, selected, plan.return_by)
        check_writable(outputs)
        dispatch.rounds.append(item)
        result = Sending(region, plan.folder, plan, write_all(outputs), item,
                         project.rel(dispatch.path), mailing)
        result.outcomes = record_round(
            root, project, dispatch, item, mailing, smtp, starttls, env,
            _subject(region, item, plan.folder),
            _("the packages were recorded; nothing was sent: run `convenant pakket {region} "
              "--version {version} --verzenden --smtp {smtp}` later").format(
                  region=region, version=plan.folder, smtp=smtp), new=True)
        return result


def _readdressed(data: bytes, sender, recipient) -> object | None:
    """The e-mail of a package as written to build/ (its subject, body and attachments),
    addressed anew; None when the file is not such an e-mail."""
    message = message_from_bytes(data, policy=policy.default)
    body = message.get_body(("plain",)) if hasattr(message, "get_body") else None
    attachments = [(part.get_filename(), part.get_content(), part.get_content_type())
                   for part in message.iter_attachments()] if body is not None else []
    if body is None or not attachments or not message["Subject"] \
            or not all(isinstance(a[1], bytes) and a[0] for a in attachments):
        return None
    text = body.get_content().replace("\r\n", "\n")
    return make_message(sender, recipient, str(message["Subject"]), text, attachments)


@dataclass
class _Resend:
    messages: dict
    paths: list[Path]
    remade: list[str]


def _resend_messages(root, project, region: str, version, item: Round, todo: list[str],
                     folder: Path) -> _Resend:
    """The e-mails of ``todo``: from build/ when there, else the packages made again once."""
    sender = mail_sender(project, region, project.manifests[region].zvh, len(todo))
    messages, missing = {}, []
    for party_id in todo:
        party = project.parties[party_id]
        eml = folder / "berichten" / f"{party_id}.eml"
        found = _readdressed(eml.read_bytes(), sender, (party.signing_name(region), party.email)) \
            if eml.is_file() else None
        if found is None:
            missing.append(party_id)
        else:
            messages[party_id] = found
    outputs: dict[Path, bytes | str] = {}
    if missing:
        plan = prepare(root, region, version.name, missing, letter_date=item.date,
                       return_by=item.return_by, project=project)
        files = render_plan(plan)
        made = package_messages(project, plan, {p: files[f"{p}.pdf"] for p in missing})
        messages.update(made)
        outputs.update({folder / f"{p}.pdf": files[f"{p}.pdf"] for p in missing})
        outputs.update({folder / "berichten" / f"{p}.eml": m.as_bytes() for p, m in made.items()})
    for party_id in todo:
        outputs.setdefault(folder / "berichten" / f"{party_id}.eml", messages[party_id].as_bytes())
    return _Resend(messages, outputs and write_all(outputs) or [], missing)


def verzenden(root: Path, region: str, version_name: str | None, smtp: str, starttls: bool = False,
              out: Path | None = None, env=os.environ, today: dt.date | None = None) -> Sending:
    """Send the packages of the version's last recorded round that were not sent (to parties
    that still have to sign it), and commit what became of them."""
    check_settings(smtp, starttls, env)
    with writing(root):
        project = load_region(root, region, signing=True)
        version = recorded_version(project, region, version_name)
        if version is None:
            raise UsageError(_("no version of {region} is recorded: no packages were sent").format(
                                 region=region))
        dispatch = dispatch_of(project, region, version)
        item = dispatch.latest(KIND)
        if item is None:
            raise UsageError(_("no sending of the packages of version {name} of {region} is "
                               "recorded: send them with `convenant pakket {region} --version"
                               " {name} --smtp {smtp}`").format(
                                   name=version.name, region=region, smtp=smtp))
        still = set(project.timeline(region).outstanding(version, today or dt.date.today()))
        done = item.sent()
        mail = [p for p in item.parties if p not in done and project.parties[p].email]
        result = Sending(region, version.name, None, round=item, record=project.rel(dispatch.path),
                         skipped=[p for p in mail if p not in still])
        todo = [p for p in mail if p in still]
        folder = output_folder(root, out) / region / "pakketten" / version.name
        made = _resend_messages(root, project, region, version, item, todo, folder)
        result.paths, result.remade = made.paths, made.remade
        result.mailing = Mailing(KIND, {}, made.messages, [])
        result.outcomes = record_round(
            root, project, dispatch, item, result.mailing, smtp, starttls, env,
            f"pakket: tekenpakketten versie {version.name} van {region} (brieven van "
            f"{item.date.isoformat()}) opnieuw",
            _("nothing was sent: run `convenant pakket {region} --version {version} "
              "--verzenden --smtp {smtp}` later").format(
                  region=region, version=version.name, smtp=smtp), new=False) or []
        return result
