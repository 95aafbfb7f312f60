"""`convenant toetreding aanvraag | akkoord | status`: accession of a new organisation (art. 20).

Each step that records something writes ``toetredingen/REGION/ORG.yaml`` and commits that file
alone (history.commit_files); a refused step writes nothing. The notification letters of a
request are written to build/REGION/toetreding/ORG/.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..assemble import assemble_regions
from ..dates import dutch_date
from ..errors import Problems, UsageError
from ..history import commit_files, open_repo
from ..model.accession import Accession, Answer, Organisation, dump_accession, load_organisation
from ..model.letter import Letter, Lines, addressee, date_line, salutation
from ..output import write_all
from ..project import ACCESSIONS_DIR, Project
from .build import load_region, secretariat

REPLY_WEEKS = 4
"""Default time the parties get to answer a request."""


def _accession(project: Project, region: str, org_id: str) -> Accession:
    accession = project.accessions.get(region, {}).get(org_id)
    if accession is None:
        known = ", ".join(sorted(project.accessions.get(region, {}))) or "none"
        raise UsageError(f"no request to accede by {org_id!r} in {region} (requests: {known})")
    return accession


def _members(project: Project, region: str) -> list[str]:
    return [ref.id for ref in project.manifests[region].partijen]


def _check_member(project: Project, region: str, party: str) -> None:
    if party not in _members(project, region):
        raise UsageError(f"{party!r} is not a party of {region} "
                         f"(see 'partijen' in {project.rel(project.manifests[region].path)})")


def notification(project: Project, doc, accession: Accession, party_id: str, date: dt.date) -> Letter:
    """The letter of 20.3 to one party: who applies, what it contributes, how to answer."""
    sec = project.manifests[doc.region].secretariaat
    org, party = accession.organisation, project.parties[party_id]
    via = project.parties[accession.via].signing_name(doc.region)
    notify = doc.cite("toetreding", "kennisgeving", "artikel 20.3")
    apply_ = doc.cite("toetreding", "aanvraag", "artikel 20.2")
    decide = doc.cite("toetreding", "besluit", "artikel 20.4")
    rep = org.vertegenwoordiger
    answer_to = f"per e-mail aan {sec.email} of per post aan:" if sec.email else "per post aan:"
    body: list[str | Lines] = [
        (f"Op grond van {notify} van het {doc.title} informeer ik u vooraf over de voorgenomen "
         f"toetreding van {org.naam}, statutair gevestigd te {org.statutaire_zetel} en "
         f"kantoorhoudend te {org.adres}. {org.naam} heeft op {dutch_date(accession.requested)} "
         f"via {via} verzocht om toe te treden ({apply_}); {org.naam} wordt daarbij "
         f"vertegenwoordigd door {rep.aanhef} {rep.naam}, {rep.functie}."),
        f"{org.naam} beschrijft haar bijdrage aan de doelstelling van artikel 2 van het convenant als volgt:",
        Lines([org.bijdrage]),
        (f"De Stuurgroep beslist over het verzoek nadat alle Partijen akkoord hebben gegeven "
         f"({decide}). Ik verzoek u mij vóór {dutch_date(accession.reply_by)} te laten weten of "
         f"{party.signing_name(doc.region)} instemt met de toetreding, of welk bezwaar u heeft, "
         f"met opgave van redenen, {answer_to}"),
        Lines(sec.adres),
        "Na het besluit van de Stuurgroep ontvangt u bericht over de toetreding.",
    ]
    return Letter(
        key=party_id, sender=sec, zvh=doc.zvh, addressee=addressee(party, doc.region),
        date_line=date_line(sec, date),
        subject=f"Voorgenomen toetreding van {org.naam} tot het {doc.title}",
        salutation=salutation(party, doc.region), body=body,
        references=[("Aanvrager", org.naam), ("Reageren vóór", dutch_date(accession.reply_by))],
        footer=f"{doc.zvh} · toetreding {org.naam}")


def aanvraag(root: Path, region: str, form: Path, via: str, date: dt.date | None = None,
             reply_by: dt.date | None = None, out: Path | None = None,
             today: dt.date | None = None) -> tuple[Accession, list[Path]]:
    """Record a request to accede, commit it, and write the notification of every party."""
    project = load_region(root, region)
    problems = Problems(Path.cwd())
    org = load_organisation(Path(form), problems)
    problems.raise_if_any()
    _check_member(project, region, via)
    date = date or today or dt.date.today()
    reply_by = reply_by or date + dt.timedelta(weeks=REPLY_WEEKS)
    if reply_by <= date:
        raise UsageError(f"--reply-by {reply_by} is not after the request's date {date}")
    if org.id in project.parties:
        raise UsageError(f"{org.naam!r} has id {org.id!r}, which is already in parties/: "
                         "give the organisation another 'id' in its form")
    if org.id in project.accessions.get(region, {}):
        raise UsageError(f"{org.id!r} has already applied in {region} "
                         f"({project.rel(project.accessions[region][org.id].path)})")
    manifest = project.manifests[region]
    secretariat(project, region)
    path = Path(root) / ACCESSIONS_DIR / region / f"{org.id}.yaml"
    accession = Accession(region, path, org, via, date, reply_by)
    doc = assemble_regions(project, [region])[region]
    files = _render_notifications(project, doc, accession, date)
    commit_files(open_repo(root), {path: dump_accession(accession, manifest.titel)},
                 f"toetreding: aanvraag {org.naam} ({region}) via {via}\n\n"
                 f"Datum: {date.isoformat()}\nReageren voor: {reply_by.isoformat()}\n")
    folder = (Path(out) if out is not None else Path(root) / "build") / region / "toetreding" / org.id
    return accession, write_all({folder / name: data for name, data in files.items()})


def _render_notifications(project: Project, doc, accession: Accession, date: dt.date) -> dict[str, bytes]:
    from ..render.letters_pdf import render_letters
    from ..render.pdf_assemble import splitter

    members = _members(project, doc.region)
    letters = [notification(project, doc, accession, party, date) for party in members]
    pdf, ranges = render_letters(letters, title=letters[0].subject)
    split = splitter(pdf)
    return {f"brieven/{party}.pdf": split(list(pages)) for party, pages in zip(members, ranges)}


def akkoord(root: Path, region: str, org_id: str, party: str, date: dt.date,
            objection: str | None = None) -> Answer:
    """Record a party's consent, or its objection with the reason, and commit it."""
    project = load_region(root, region)
    accession = _accession(project, region, org_id)
    _check_member(project, region, party)
    if accession.decided is not None:
        raise UsageError(f"the Stuurgroep decided on {org_id!r} on {accession.decided}: "
                         "answers can no longer be recorded")
    earlier = accession.answer(party)
    if earlier is not None:
        said = "agreed" if earlier.consent else f"objected ({earlier.reason})"
        raise UsageError(f"{party} already {said} on {earlier.date}")
    if date < accession.requested:
        raise UsageError(f"{date} is before the request was made ({accession.requested})")
    if objection is not None and not objection.strip():
        raise UsageError("--bezwaar needs the reason for the objection")
    answer = Answer(party, date, objection is None, " ".join((objection or "").split()))
    accession.answers.append(answer)
    what = "akkoord" if answer.consent else "bezwaar"
    commit_files(open_repo(root), {accession.path: dump_accession(accession, project.manifests[region].titel)},
                 f"toetreding: {what} van {party} op {accession.organisation.naam} ({region})\n\n"
                 f"Datum: {date.isoformat()}\n" + (f"Reden: {answer.reason}\n" if not answer.consent else ""))
    return answer


@dataclass
class Status:
    accession: Accession
    agreed: list[Answer]
    objected: list[Answer]
    waiting: list[str]


def status(root: Path, region: str, org_id: str | None = None) -> list[Status]:
    """Per request: who agreed, who objected, who has not answered (in signing order)."""
    project = load_region(root, region)
    requests = project.accessions.get(region, {})
    chosen = [_accession(project, region, org_id)] if org_id else [requests[k] for k in sorted(requests)]
    out = []
    for accession in chosen:
        members = _members(project, region)
        out.append(Status(accession, [a for a in accession.answers if a.consent],
                          [a for a in accession.answers if not a.consent],
                          [p for p in members if accession.answer(p) is None]))
    return out
