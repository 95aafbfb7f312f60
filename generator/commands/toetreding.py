"""`convenant toetreding`: accession of a new organisation (art. 20).

    aanvraag → akkoord (per party; a party may change its answer) → besluit; status at any
    time; verzenden (re)sends e-mail. A request can also end without accession: the
    organisation withdraws it (intrekken) or the Stuurgroep refuses it (afwijzen); it is then
    closed, and the organisation may apply again (a new file ORG.2.yaml beside the old one).

Each step that records something commits only its own files (history.commit_files) and a
refused step writes nothing. Letters go to build/REGION/toetreding/ORG/: the notice in advance
(``kennisgeving/``, 20.3) and the notice that the accession took place (``mededeling/``), each
as ``brieven/PARTY.pdf`` and, for parties with an e-mail address, ``berichten/PARTY.eml``; and
Bijlage 1 filled in for the organisation (``toetredingsformulier.pdf``). A later request of
the same organisation writes to build/REGION/toetreding/ORG.2/ (the name of its file).

An organisation that is a party in another region accedes like a new one; on the decision its
parties/ID.yaml gains the region's ``deelname`` instead of a new file being written.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..assemble import assemble_regions
from ..errors import Problems, UsageError, shown
from ..history import commit_files, open_repo
from ..i18n import _
from ..lock import writes_repository
from ..model.accession import (Accession, Answer, Organisation, dump_accession,
                               current_request, form_values, load_organisation, party_with_region,
                               party_yaml, request_number, requests_of)
from ..model.register import Signature, dump_register
from ..letters import announcement, notification
from ..mail import check_settings
from ..model.letter import Letter
from ..output import check_writable, output_folder, write_all
from ..project import ACCESSIONS_DIR, PARTIES_DIR, Project, load_project
from ..source import OverlaySource
from .mailing import Mailing, make_mailing, send_recorded
from .common import (check_member, load_region, region_members, region_secretariat,
                     render_convenant, render_formats, version_document)

REPLY_WEEKS = 4
"""Default time the parties get to answer a request."""


def _requests_of(project: Project, region: str, org_id: str) -> list[Accession]:
    """The organisation's requests in the region, the first first (ORG.yaml, ORG.2.yaml, ...)."""
    return requests_of(project.accessions.get(region, {}), org_id)


def _accession(project: Project, region: str, org_id: str) -> Accession:
    """The organisation's current request: the open one, else its latest; ``org_id`` may also
    name one file (``ORG.2``)."""
    requests = project.accessions.get(region, {})
    found = requests[org_id] if "." in org_id and org_id in requests else current_request(requests, org_id)
    if found is None:
        known = ", ".join(sorted(requests)) or "none"
        raise UsageError(_("no request to accede by {org_id} in {region} (requests: {known})").format(
                             org_id=shown(org_id), region=region, known=known))
    return found


def _closed(accession: Accession, what: str) -> None:
    """UsageError when the request was withdrawn or refused: ``what`` can no longer be done."""
    org_id, region = accession.organisation.id, accession.region
    if accession.withdrawn is not None:
        raise UsageError(_("{org_id} withdrew its request in {region} on {withdrawn} "
                           "(closed): {what}").format(
                               org_id=shown(org_id), region=region, withdrawn=accession.withdrawn,
                               what=what))
    if accession.refused:
        raise UsageError(_("the Stuurgroep refused the request of {org_id} in {region} on "
                           "{decided} (closed): {what}").format(
                               org_id=shown(org_id), region=region, decided=accession.decided,
                               what=what))


def voters(project: Project, accession: Accession) -> list[str]:
    """The parties asked about an accession: the parties on the day of the request (not one
    that had left: generator.model.timeline), but the organisation itself (which is one after
    the decision)."""
    members = project.timeline(accession.region).members(accession.requested)
    return [p for p in members if p != accession.organisation.id]


@dataclass
class Result:
    """What a step made: the accession, the files written, the letters, what was sent."""

    accession: Accession
    paths: list[Path] = field(default_factory=list)
    mailing: Mailing | None = None
    outcomes: list | None = None
    """generator.mail.Outcome per message tried, when --smtp was given."""
    pending: list[str] = field(default_factory=list)
    """After a decision: the versions pending that day, which the new party signs too."""


def _mailing(project: Project, doc, accession: Accession, kind: str, letters: list[Letter]) -> Mailing:
    """Render the letters (one PDF run, cut per party) and the e-mails that carry them."""
    return make_mailing(project, doc.region, doc.zvh, kind, letters,
                        f"{kind}-toetreding-{accession.organisation.id}.pdf")


def _form_pdf(doc, accession: Accession, chair=None) -> bytes:
    """Bijlage 1 in the region's wording, filled in with the organisation's data, with lines to
    write place, date and signatures on and the chair of the Stuurgroep (``chair``: the
    manifest's ``voorzitter``) named (generator.render.form)."""
    from ..render.form import render_form

    forms = [annex for annex in doc.annexes if "organisatie" in annex.fields]
    if not forms:
        raise UsageError(_("no bijlage of {region} has the form field "
                           "{{{{veld:organisatie|...}}}}: mark the toetredingsformulier's "
                           "fields (see docs/formats.md)").format(region=doc.region))
    org = accession.organisation
    annex = forms[0].filled(form_values(org))
    return render_formats(["pdf"], lambda: render_form(doc, annex, org.naam, chair))["pdf"]


def _form_document(root: Path, project: Project, region: str, date: dt.date, doc):
    """The text Bijlage 1 is signed under: the version in force on ``date`` (else the latest
    recorded, as ``besluit`` files the signature), read from its revision when the working
    tree has moved on; ``doc`` (the working text) when the region has no register."""
    register = project.registers.get(region)
    version = None if register is None else \
        project.timeline(region).in_force(date) or register.latest
    return doc if version is None else version_document(root, project, region, version, day=date)


def _folder(root: Path, out: Path | None, accession: Accession) -> Path:
    """build/REGION/toetreding/ORG/ (ORG.2/ for a second request: the accession file's name)."""
    return output_folder(root, out) / accession.region / "toetreding" / accession.path.stem


def _check_applicant(project: Project, region: str, org: Organisation, date: dt.date) -> str:
    """Refuse a party of the region, a name that is not the existing party's, an open request
    or one closed after ``date``; the file name (without .yaml) for the new request."""
    party = project.parties.get(org.id)
    if party is not None and (region in party.deelname or org.id in region_members(project, region)):
        raise UsageError(_("{naam} has id {id}, which is already a party of {region} "
                           "({path}): give a new organisation another 'id' in its form").format(
                               naam=shown(org.naam), id=shown(org.id), region=region,
                               path=project.rel(party.path)))
    if party is not None and party.naam != org.naam:
        raise UsageError(_("{naam} has id {id}, which is {path} of {party_name}: a party of "
                           "another region applies under its name in parties/; give a new "
                           "organisation another 'id' in its form").format(
                               naam=shown(org.naam), id=shown(org.id), path=project.rel(party.path),
                               party_name=shown(party.naam)))
    earlier = _requests_of(project, region, org.id)
    current = next((a for a in earlier if a.is_open), None)
    if current is not None:
        raise UsageError(_("{id} has already applied in {region} ({path}, open): a new "
                           "request can be made once it is withdrawn or refused").format(
                               id=shown(org.id), region=region, path=project.rel(current.path)))
    ended = max((a.withdrawn or a.decided for a in earlier), default=None)
    if ended is not None and date < ended:
        raise UsageError(_("{date} is before the end of {id}'s earlier request in {region} "
                           "({ended})").format(
                               date=date, id=shown(org.id), region=region, ended=ended))
    number = max((request_number(a.path) for a in earlier), default=0) + 1
    return org.id if number == 1 else f"{org.id}.{number}"


@writes_repository
def aanvraag(root: Path, region: str, form: Path, via: str, date: dt.date | None = None,
             reply_by: dt.date | None = None, out: Path | None = None,
             today: dt.date | None = None, smtp: str | None = None, starttls: bool = False,
             env=os.environ) -> Result:
    """Record a request to accede and commit it; write the notice of every party (20.3) as
    letter and e-mail, and Bijlage 1 filled in; with ``smtp``, send the e-mails."""
    if smtp is not None:  # a bad --smtp or login setting is refused before anything is done
        check_settings(smtp, starttls, env)
    project = load_region(root, region, signing=True)
    problems = Problems(Path.cwd())
    org = load_organisation(Path(form), problems)
    problems.raise_if_any()
    check_member(project, region, via)
    date = date or today or dt.date.today()
    left = project.timeline(region).left(via)
    if left is not None and left <= date:
        raise UsageError(_("{via} is no party of {region} since {left}: an organisation "
                           "applies through a party (artikel 20.2)").format(
                               via=via, region=region, left=left))
    reply_by = reply_by or date + dt.timedelta(weeks=REPLY_WEEKS)
    if reply_by <= date:
        raise UsageError(_("--reply-by {reply_by} is not after the request's date {date}").format(
                             reply_by=reply_by, date=date))
    name = _check_applicant(project, region, org, date)
    region_secretariat(project, region)
    path = Path(root) / ACCESSIONS_DIR / region / f"{name}.yaml"
    accession = Accession(region, path, org, via, date, reply_by)
    doc = assemble_regions(project, [region])[region]
    letters = [notification(project, doc, accession, party, date)
               for party in project.timeline(region).members(date)]
    mailing = _mailing(project, doc, accession, "kennisgeving", letters)
    form = _form_pdf(_form_document(root, project, region, date, doc), accession,
                     project.manifests[region].voorzitter)
    folder = _folder(root, out, accession)
    outputs = {**mailing.files(folder), folder / "toetredingsformulier.pdf": form}
    check_writable(outputs)  # before the commit: a recorded request always has its letters
    commit_files(open_repo(root), {path: dump_accession(accession, project.manifests[region].titel)},
                 f"toetreding: aanvraag {org.naam} ({region}) via {via}\n\n"
                 f"Datum: {date.isoformat()}\nReageren voor: {reply_by.isoformat()}\n"
                 + (f"Opnieuw aangevraagd: aanvraag {request_number(path)} van {org.id} in {region}, "
                    "de eerdere is gesloten\n" if name != org.id else ""))
    return Result(accession, write_all(outputs), mailing,  # written first, then sent
                  _send(root, project, accession, mailing, smtp, starttls, env,
                        after=_("the request was recorded and committed")))


def _send(root: Path, project: Project, accession: Accession, mailing: Mailing, server: str | None,
          starttls: bool, env, after: str = "") -> list | None:
    """Send the mailing's e-mails not sent before; record each outcome in the accession file
    as soon as it is known (on disk), then commit that file once. Without a server: None."""
    if server is None:
        return None
    title = project.manifests[accession.region].titel
    hint = f"{after}; " if after else ""
    return send_recorded(
        root, mailing, server, starttls, env, messages=accession.messages,
        keep=lambda messages: setattr(accession, "messages", messages), path=accession.path,
        dump=lambda: dump_accession(accession, title),
        subject=f"toetreding: {mailing.kind} {accession.organisation.naam} ({accession.region})",
        resend=hint + _("nothing was sent: run `convenant toetreding verzenden {region} {org_id} "
                        "--smtp {server}` later").format(
                            region=accession.region, org_id=accession.organisation.id, server=server))


@writes_repository
def akkoord(root: Path, region: str, org_id: str, party: str, date: dt.date,
            objection: str | None = None) -> Answer:
    """Record a party's consent, or its objection with the reason, and commit it.

    A party that answered before may change its answer (an objection withdrawn, or consent
    changed into an objection): the earlier answer stays in the file, the latest counts. The
    same answer again, or one dated before the party's previous answer, is refused.
    """
    project = load_region(root, region)
    accession = _accession(project, region, org_id)
    check_member(project, region, party)
    if party not in voters(project, accession):
        raise UsageError(_("{party} is not asked about this request: it was no party of "
                           "{region} on {requested}, the day of the request").format(
                               party=party, region=region, requested=accession.requested))
    _closed(accession, _("answers can no longer be recorded"))
    if accession.decided is not None:
        raise UsageError(_("the Stuurgroep decided on {org_id} on {decided}: answers can no "
                           "longer be recorded").format(
                               org_id=shown(org_id), decided=accession.decided))
    earlier = accession.answer(party)
    if earlier is not None and earlier.consent == (objection is None):
        if earlier.consent:
            raise UsageError(_("{party} already agreed on {date}").format(
                                 party=party, date=earlier.date))
        raise UsageError(_("{party} already objected ({reason}) on {date}").format(
            party=party, reason=earlier.reason, date=earlier.date))
    if date < accession.requested:
        raise UsageError(_("{date} is before the request was made ({requested})").format(
                             date=date, requested=accession.requested))
    if earlier is not None and date < earlier.date:
        raise UsageError(_("{date} is before {party}'s previous answer ({previous})").format(
                             date=date, party=party, previous=earlier.date))
    if objection is not None and not objection.strip():
        raise UsageError(_("--bezwaar needs the reason for the objection"))
    answer = Answer(party, date, objection is None, " ".join((objection or "").split()), replaces=earlier)
    accession.answers.append(answer)
    commit_files(open_repo(root), {accession.path: dump_accession(accession, project.manifests[region].titel)},
                 _answer_message(accession, answer))
    return answer


def _answer_message(accession: Accession, answer: Answer) -> str:
    """The commit message of an answer; for a changed answer, what it was before."""
    about = f"van {answer.party} op {accession.organisation.naam} ({accession.region})"
    earlier = answer.replaces
    if earlier is None:
        subject = f"{'akkoord' if answer.consent else 'bezwaar'} {about}"
    elif answer.consent:
        subject = f"bezwaar ingetrokken, nu akkoord {about}"
    else:
        subject = f"akkoord gewijzigd in bezwaar {about}"
    before = "" if earlier is None else (
        f"Eerder: {'akkoord' if earlier.consent else 'bezwaar'} op {earlier.date.isoformat()}"
        + ("" if earlier.consent else f" ({earlier.reason})") + "\n")
    return (f"toetreding: {subject}\n\nDatum: {answer.date.isoformat()}\n"
            + ("" if answer.consent else f"Reden: {answer.reason}\n") + before)


@dataclass
class AccessionStatus:
    """Who agreed to a request to accede, who objected, who has not answered (each party's
    latest answer counts); ``changed``: the latest answers that changed an earlier one."""

    accession: Accession
    agreed: list[Answer]
    objected: list[Answer]
    waiting: list[str]
    changed: list[Answer] = field(default_factory=list)

    @classmethod
    def of(cls, accession: Accession, members: list[str]) -> "AccessionStatus":
        """The answers so far; ``waiting``: those of ``members`` without one, in their order."""
        latest = accession.latest_answers()
        return cls(accession, [a for a in latest if a.consent], [a for a in latest if not a.consent],
                   [p for p in members if accession.answer(p) is None],
                   [a for a in latest if a.replaces is not None])


def status(root: Path, region: str, org_id: str | None = None) -> list[AccessionStatus]:
    """Per request: who agreed, who objected, who has not answered (in signing order). With
    ``org_id``: every request of that organisation, the first first."""
    project = load_region(root, region)
    requests = project.accessions.get(region, {})
    if org_id:
        chosen = _requests_of(project, region, org_id) or [_accession(project, region, org_id)]
    else:
        chosen = sorted(requests.values(), key=lambda a: (a.organisation.id, request_number(a.path)))
    return [AccessionStatus.of(accession, voters(project, accession)) for accession in chosen]


# ------------------------------------------------------------------------------ besluit


def manifest_with_party(project: Project, region: str, party_id: str) -> str:
    """The manifest's text with ``party_id`` added at the end of the signing order (partijen).

    Only one line is inserted, right after the last party, with its indentation: the file's
    comments and layout stay as the secretariat wrote them.
    """
    manifest = project.manifests[region]
    lines = project.source.read_text(manifest.path).splitlines(keepends=True)
    last = manifest.partijen[-1]
    text = lines[last.line - 1]
    indent = text[:len(text) - len(text.lstrip())]
    lines[last.line - 1] = text.removesuffix("\n") + "\n"  # the file's last line may lack its newline
    lines.insert(last.line, f"{indent}- {party_id}\n")
    return "".join(lines)


def _check_decision(project: Project, accession: Accession, date: dt.date, signed: dt.date,
                    place: str | None):
    """Refuse a decision on a closed request or before every party agreed, dates out of order,
    an organisation that is a party of the region already, or a register without the place of
    signing; the region's register's latest version (or None)."""
    region, org = accession.region, accession.organisation
    _closed(accession, _("a decision can no longer be recorded"))
    if accession.decided is not None:
        raise UsageError(_("the Stuurgroep already decided on {id} on {decided}").format(
                             id=shown(org.id), decided=accession.decided))
    answers = AccessionStatus.of(accession, voters(project, accession))
    if answers.objected or answers.waiting:
        parts = [_("{party} objected ({reason})").format(party=a.party, reason=a.reason)
                 for a in answers.objected]
        if answers.waiting:
            parts.append(_("{n} not answered: {parties}").format(
                n=len(answers.waiting), parties=", ".join(answers.waiting)))
        raise UsageError(_("the Stuurgroep decides only after every party agreed (artikel 20.4): "
                           "{problems}").format(problems="; ".join(parts)))
    last = max((a.date for a in accession.answers), default=accession.requested)
    if date < last:
        raise UsageError(_("{date} is before the last answer ({last})").format(
                             date=date, last=last))
    if signed < date:
        raise UsageError(_("Bijlage 1 cannot be signed ({signed}) before the decision "
                           "({date})").format(signed=signed, date=date))
    party = project.parties.get(org.id)
    if party is not None and region in party.deelname:
        raise UsageError(_("{path} already has a deelname in {region}: the organisation is a"
                           " party already").format(
                               path=project.rel(_party_path(project, org)), region=region))
    register = project.registers.get(region)
    # Bijlage 1 is signed under the version in force; a pending one the new party signs as
    # every other party does (it is bound by it: generator.model.timeline).
    version = None if register is None else \
        project.timeline(region).in_force(date) or register.latest
    if version is not None and not place:
        raise UsageError(_("--plaats is needed: {path} records where Bijlage 1 was signed").format(
                             path=project.rel(register.path)))
    region_secretariat(project, region)
    return version


def _party_path(project: Project, org: Organisation) -> Path:
    return Path(project.root) / PARTIES_DIR / f"{org.id}.yaml"


def _decision_files(project: Project, accession: Accession, version, signed: dt.date,
                    place: str | None, chair: str | None) -> dict[Path, str]:
    """The files the decision changes: the new party (or the region's deelname added to the
    file of a party of another region), the manifest, the accession file and, when there is a
    register, Bijlage 1 signed in it."""
    region, org = accession.region, accession.organisation
    manifest = project.manifests[region]
    rep = org.vertegenwoordiger
    party = project.parties.get(org.id)
    files = {_party_path(project, org): party_yaml(org, region) if party is None else
             party_with_region(project.source.read_text(party.path), party.path, org, region),
             manifest.path: manifest_with_party(project, region, org.id),
             accession.path: dump_accession(accession, manifest.titel)}
    if version is not None:
        register = project.registers[region]
        register.signatures.append(Signature(org.id, version.name, signed, place,
                                           f"{rep.aanhef} {rep.naam}", decided=accession.decided,
                                           chair=chair or ""))
        files[register.path] = dump_register(register, manifest.titel)
    return files


@writes_repository
def besluit(root: Path, region: str, org_id: str, date: dt.date, signed: dt.date | None = None,
            place: str | None = None, chair: str | None = None, out: Path | None = None,
            smtp: str | None = None, starttls: bool = False, env=os.environ) -> Result:
    """Record the Stuurgroep's positive decision (20.4) once every party agreed.

    One commit adds the organisation to parties/ and to the region's signing order, records the
    decision in the accession file and, when the region has a register, Bijlage 1 signed by the
    organisation and the chair. Then the convenant is built anew and every (earlier) party gets
    the notice that the accession took place, with its right under 21.3.
    """
    if smtp is not None:  # a bad --smtp or login setting is refused before anything is done
        check_settings(smtp, starttls, env)
    project = load_region(root, region)
    accession = _accession(project, region, org_id)
    org = accession.organisation
    signed = signed or date
    version = _check_decision(project, accession, date, signed, place)
    members = [p for p in project.timeline(region).members(date) if p != org.id]
    accession.decided = date
    files = _decision_files(project, accession, version, signed, place, chair)
    # Load, check and assemble the data as it will be, before anything is written.
    after = load_project(root, OverlaySource(Path(root), files))
    # Built for the day the accession takes effect (Bijlage 1 signed), or today if later: the
    # new party is among the ondergetekenden and signature blocks.
    doc = assemble_regions(after, [region], day=max(signed, dt.date.today()))[region]
    letters = [announcement(after, doc, accession, party, signed) for party in members]
    mailing = _mailing(after, doc, accession, "mededeling", letters)
    base, folder = output_folder(root, out) / region, _folder(root, out, accession)
    written = {**{base / f"convenant.{fmt}": data
                  for fmt, data in render_convenant(doc, ["html", "pdf", "docx"]).items()},
               **mailing.files(folder)}
    check_writable(written)  # before the commit: a recorded decision always has its outputs

    recorded = "" if version is None else (f"\nBijlage 1 getekend op {signed.isoformat()} te {place}"
                                           f" (versie {version.name})")
    party = project.rel(_party_path(project, org))
    added = (f"Nieuwe partij: {party}" if org.id not in project.parties else
             f"Partij van {', '.join(project.parties[org.id].deelname)}: {party} krijgt deelname {region}")
    commit_files(open_repo(root), files,
                 f"toetreding: besluit Stuurgroep, {org.naam} treedt toe tot {region}\n\n"
                 f"Besluit: {date.isoformat()}{recorded}\n"
                 f"{added}, achteraan in de ondertekeningsvolgorde\n")
    return Result(accession, write_all(written), mailing,  # written first, then sent
                  _send(root, after, accession, mailing, smtp, starttls, env,
                        after=_("the decision was recorded and committed")),
                  pending=[v.name for v in after.timeline(region).pending(date)])


# ------------------------------------------------------------------- intrekken, afwijzen


def _open_request(root: Path, region: str, org_id: str, date: dt.date, what: str):
    """The project and the organisation's open request, refused when it is closed or decided
    (``what`` says what can no longer be done) or ``date`` is before the request."""
    project = load_region(root, region)
    accession = _accession(project, region, org_id)
    _closed(accession, what)
    if accession.decided is not None:
        raise UsageError(_("the Stuurgroep already decided on {org_id} on {decided}: {what}").format(
                             org_id=shown(org_id), decided=accession.decided, what=what))
    if date < accession.requested:
        raise UsageError(_("{date} is before the request was made ({requested})").format(
                             date=date, requested=accession.requested))
    return project, accession


def _record_closing(root: Path, project: Project, accession: Accession, subject: str) -> Accession:
    """Commit the accession file, now closed, alone."""
    title = project.manifests[accession.region].titel
    date = accession.withdrawn or accession.decided
    reason = f"Reden: {accession.closing_reason}\n" if accession.closing_reason else ""
    commit_files(open_repo(root), {accession.path: dump_accession(accession, title)},
                 f"toetreding: {subject}\n\nDatum: {date.isoformat()}\n{reason}"
                 f"De aanvraag is gesloten ({project.rel(accession.path)}).\n")
    return accession


@writes_repository
def intrekken(root: Path, region: str, org_id: str, date: dt.date, reason: str | None = None) -> Accession:
    """Record that the organisation withdrew its open request, and commit it: the request is
    closed (no answers, decision or e-mails any more); nothing else changes."""
    project, accession = _open_request(root, region, org_id, date,
                                        _("the request can no longer be withdrawn"))
    accession.withdrawn, accession.closing_reason = date, " ".join((reason or "").split())
    return _record_closing(root, project, accession, f"aanvraag ingetrokken door "
                           f"{accession.organisation.naam} ({region})")


@writes_repository
def afwijzen(root: Path, region: str, org_id: str, date: dt.date, reason: str | None = None) -> Accession:
    """Record the Stuurgroep's refusal of an open request (also before every party answered),
    and commit it: the request is closed; nothing else changes."""
    project, accession = _open_request(root, region, org_id, date,
                                       _("a decision can no longer be recorded"))
    last = max((a.date for a in accession.answers), default=accession.requested)
    if date < last:
        raise UsageError(_("{date} is before the last answer ({last})").format(
                             date=date, last=last))
    accession.decided, accession.refused = date, True
    accession.closing_reason = " ".join((reason or "").split())
    return _record_closing(root, project, accession, f"besluit Stuurgroep, aanvraag van "
                           f"{accession.organisation.naam} afgewezen ({region})")


@writes_repository
def verzenden(root: Path, region: str, org_id: str, smtp: str, starttls: bool = False,
              env=os.environ) -> Result:
    """Send the e-mails of an accession that have not been sent yet (a re-run after a failure).

    The notices in advance, and once decided also the notices that the accession took place;
    messages recorded as sent are skipped. Refused for a withdrawn or refused request: nothing
    more is sent about it.
    """
    check_settings(smtp, starttls, env)
    project = load_region(root, region)
    accession = _accession(project, region, org_id)
    _closed(accession, _("no e-mails are sent about a closed request"))
    region_secretariat(project, region)
    doc = assemble_regions(project, [region])[region]
    asked = voters(project, accession)
    mailings = [_mailing(project, doc, accession, "kennisgeving",
                         [notification(project, doc, accession, p, accession.requested) for p in asked])]
    if accession.decided is not None:
        signed = _signed(project, region, accession)
        mailings.append(_mailing(project, doc, accession, "mededeling",
                                 [announcement(project, doc, accession, p, signed) for p in asked]))
    result = Result(accession, mailing=mailings[-1], outcomes=[])
    for mailing in mailings:
        result.outcomes += _send(root, project, accession, mailing, smtp, starttls, env)
    return result


def _signed(project: Project, region: str, accession: Accession) -> dt.date:
    """The day Bijlage 1 was signed, as the register has it (else the day of the decision)."""
    register = project.registers.get(region)
    signatures = register.signatures if register else []
    return next((s.date for s in signatures if s.accession and s.party == accession.organisation.id),
                accession.decided)
