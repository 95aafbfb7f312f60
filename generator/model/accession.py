"""Accessions (toetreding, art. 20): ``toetredingen/REGION/ORG.yaml``, one file per request.

An organisation applies through a party (20.2); every party is told in advance (20.3) and
answers with consent or an objection; the Stuurgroep decides only after every party agreed
(20.4). The file holds the organisation's data as applied, the request, the answers (a party
may change its answer: every answer is kept, the latest counts) and the decision, or the
withdrawal of the request. It is written by the ``toetreding`` commands (one commit per
operation) and read and checked by the same loading layer as all other data.

A request that was withdrawn or refused is closed; when the organisation applies again, the new
request is a new file ``ORG.2.yaml`` (``ORG.3.yaml``, ...) beside the old one, which is kept as
it was.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problems, shown
from ..yamlfile import LDict, dump_data, load_yaml, load_yaml_text
from .messages import Message, dump_messages, read_messages
from .fields import Record, describe, load_mapping, mapping, spaces
from .parties import AANHEF, EMAIL_RE, ID_RE, Representative
from ..i18n import _

ORG_KEYS = ("id", "naam", "statutaire_zetel", "adres", "email", "vertegenwoordiger", "bijdrage")
REP_KEYS = ("aanhef", "naam", "functie")
MAX_ID_LENGTH = 64
"""An organisation's id names its files (parties/ID.yaml): at most this long."""
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d",
                        "þ": "th", "ı": "i", "Æ": "AE", "Œ": "OE", "Ø": "O", "Ł": "L", "Đ": "D",
                        "Ð": "D", "Þ": "TH"})
"""Latin letters that NFKD does not take apart into a-z and an accent."""


@dataclass
class Organisation:
    """The applicant, as it describes itself in its request."""

    id: str
    naam: str
    statutaire_zetel: str
    adres: str
    email: str
    vertegenwoordiger: Representative
    bijdrage: str
    """What it contributes to the aim of the convenant (art. 2)."""


@dataclass
class Answer:
    """A party's answer to the request: consent, or an objection with its reason."""

    party: str
    date: dt.date
    consent: bool
    reason: str = ""
    line: int = 0
    replaces: Answer | None = field(default=None, repr=False, compare=False)
    """The party's previous answer, when this one changes it."""


MESSAGE_KINDS = ("kennisgeving", "mededeling")
"""E-mails of an accession: the notice in advance (20.3), the notice that it took place."""


@dataclass
class Accession:
    region: str
    path: Path
    organisation: Organisation
    via: str
    """The party through which the organisation applied (20.2)."""
    requested: dt.date
    reply_by: dt.date | None = None
    """The parties are asked to answer before this date."""
    answers: list[Answer] = field(default_factory=list)
    """Every answer in the order given; a party's latest answer counts (``answer``)."""
    decided: dt.date | None = None
    """The date of the Stuurgroep's decision: the accession (20.4), or with ``refused`` its refusal."""
    messages: list[Message] = field(default_factory=list)
    """The latest outcome per e-mail sent (kind, party); see generator.mail."""
    refused: bool = False
    withdrawn: dt.date | None = None
    """The date the organisation withdrew its request."""
    closing_reason: str = ""
    """Why the request was refused or withdrawn (may be empty)."""

    @property
    def closed(self) -> str | None:
        """"ingetrokken" or "afgewezen" for a request that ended without accession, else None."""
        return "ingetrokken" if self.withdrawn else "afgewezen" if self.refused else None

    @property
    def is_open(self) -> bool:
        """Not decided and not withdrawn: answers, a decision or a withdrawal may follow."""
        return self.decided is None and self.withdrawn is None

    def answer(self, party: str) -> Answer | None:
        """The party's latest answer (None when it has not answered)."""
        return next((a for a in reversed(self.answers) if a.party == party), None)

    def latest_answers(self) -> list[Answer]:
        """Each party's latest answer, in the order the parties first answered."""
        return list({a.party: self.answer(a.party) for a in self.answers}.values())

    def message(self, kind: str, party: str) -> Message | None:
        return next((m for m in self.messages if m.kind == kind and m.party == party), None)


def _plain(name: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", name.translate(_LATIN))


def slug(name: str) -> str:
    """An id from a name: "Stichting Ça & Zo <Nieuw>" → "stichting-ca-zo-nieuw".

    Accented Latin letters lose their accent; other letters are dropped (see id_from_name).
    """
    plain = _plain(name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def id_from_name(name: str) -> tuple[str, str | None]:
    """The id ``slug`` makes from ``name``, and why it cannot be used (None when it can):
    letters or digits that have no a-z spelling would be lost, or nothing or too much is left."""
    import unicodedata

    lost = dict.fromkeys(c for c in _plain(name) if not c.isascii()
                         and unicodedata.category(c)[0] in "LN")
    made = slug(name)
    if lost:
        return made, _("cannot make an id from the name {name}: {letters} cannot be written "
                       "with a-z").format(name=shown(name), letters=shown("".join(lost)))
    if not made:
        return made, _("cannot make an id from the name {name}: it has no letters a-z or "
                       "digits").format(name=shown(name))
    if len(made) > MAX_ID_LENGTH:
        return made, _("the id made from the name is longer than {max} characters").format(
            max=MAX_ID_LENGTH)
    return made, None


def _text(record: Record, key: str, required: bool = True) -> str:
    """An accession's text field: required unless said otherwise, white space made single."""
    return record.text(key, required, spaces)


def read_organisation(data, path: Path, problems: Problems) -> Organisation | None:
    """The applicant's data, checked field by field (an application form or a stored request)."""
    data = mapping(data, path, problems, _("the organisation must be a mapping "
                                           "(naam, statutaire_zetel, adres, ...)"))
    if data is None:
        return None
    what = "organisatie"
    org = Record(data, path, problems, what)
    org.unknown(sorted(ORG_KEYS), what)
    naam = _text(org, "naam")
    email = _text(org, "email")
    if email and not EMAIL_RE.fullmatch(email):
        org.add(data.line_of("email"),
                _("{what}: invalid e-mail address {email}").format(what=what, email=shown(email)))
    org_id = _text(org, "id", required=False)
    if org_id and not ID_RE.fullmatch(org_id):
        org.add(data.line_of("id"),
                _("{what}: invalid id {id}: use a-z, 0-9, '-'").format(what=what, id=shown(org_id)))
    elif len(org_id) > MAX_ID_LENGTH:
        org.add(data.line_of("id"), _("{what}: the id is longer than {max} characters: give a "
                                      "shorter 'id:'").format(what=what, max=MAX_ID_LENGTH))
    elif not org_id and naam:
        org_id, why = id_from_name(naam)
        if why is not None:
            org.add(data.line_of("naam"), _("{what}: {why}: give the organisation an 'id:' "
                                            "(a-z, 0-9, '-', at most {max} characters)").format(
                what=what, why=why, max=MAX_ID_LENGTH))
            org_id = ""
    rep = _representative(org)
    return Organisation(
        id=org_id, naam=naam, statutaire_zetel=_text(org, "statutaire_zetel"), adres=_text(org, "adres"),
        email=email, vertegenwoordiger=rep, bijdrage=_text(org, "bijdrage"))


def _representative(org: Record) -> Representative:
    """The organisation's representative (empty fields when it gives none)."""
    data = org.data.get("vertegenwoordiger")
    if not isinstance(data, LDict):
        org.add(org.line_of("vertegenwoordiger"), _("organisatie: 'vertegenwoordiger' must give "
                                                    "aanhef, naam and functie, not {value}").format(
            value=describe(data)))
        return Representative("", "", "")
    what = "vertegenwoordiger"
    record = Record(data, org.path, org.problems, what)
    record.unknown(sorted(REP_KEYS), what)
    rep = Representative(_text(record, "aanhef"), _text(record, "naam"), _text(record, "functie"))
    if rep.aanhef and rep.aanhef not in AANHEF:
        record.add(data.line_of("aanhef"),
                   _("{what}: aanhef {aanhef} must be 'de heer' or 'mevrouw'").format(
                       what=what, aanhef=shown(rep.aanhef)))
    return rep


def load_organisation(path: Path, problems: Problems, source=None) -> Organisation | None:
    """An application form: a YAML file with the organisation's data."""
    data = load_yaml(path, problems, source)
    return None if data is None else read_organisation(data, path, problems)


def request_number(path: Path) -> int:
    """Which request of its organisation a file holds: ORG.yaml 1, ORG.2.yaml 2, ... (0 when
    the name is neither)."""
    _org, dot, number = path.stem.partition(".")
    if not dot:
        return 1
    return int(number) if number.isdigit() and not number.startswith("0") and int(number) >= 2 else 0


def requests_of(requests: dict[str, Accession], org_id: str) -> list[Accession]:
    """An organisation's requests among one region's (``Project.accessions[region]``, keyed by
    file name), the first first: ORG.yaml, ORG.2.yaml, ..."""
    found = [a for key, a in requests.items() if key.partition(".")[0] == org_id]
    return sorted(found, key=lambda a: request_number(a.path))


def current_request(requests: dict[str, Accession], org_id: str) -> Accession | None:
    """The organisation's open request, else its latest (None when it never applied)."""
    found = requests_of(requests, org_id)
    return next((a for a in found if a.is_open), found[-1] if found else None)


def load_accession(path: Path, problems: Problems, source) -> Accession | None:
    data = load_mapping(path, problems, source, _("an accession must be a mapping (organisatie, "
                                                  "aanvraag, reacties, besluit)"))
    if data is None:
        return None
    record = Record(data, path, problems)
    record.unknown(sorted(("organisatie", "aanvraag", "reacties", "besluit", "ingetrokken",
                           "berichten")), "toetreding")
    organisation = read_organisation(data.get("organisatie"), path, problems)
    request = data.get("aanvraag")
    if not isinstance(request, LDict):
        problems.add(path, data.line_of("aanvraag") if "aanvraag" in data else 1,
                     _("'aanvraag' must give 'via' and 'datum', not {value}").format(
                         value=describe(request)))
        return None
    request = Record(request, path, problems, "aanvraag")
    request.unknown(sorted(("via", "datum", "reageren_voor")), "aanvraag")
    accession = Accession(path.parent.name, path, organisation, _text(request, "via"),
                          request.date("datum"), request.date("reageren_voor"))
    if organisation is not None and organisation.id and (
            path.stem.partition(".")[0] != organisation.id or not request_number(path)):
        problems.add(path, None, _("the file name must be the organisation's id: {id}.yaml (a "
                                   "later request: {id}.2.yaml, {id}.3.yaml, ...)").format(
            id=organisation.id))
    _load_answers(record, accession)
    accession.messages = read_messages(record, MESSAGE_KINDS)
    _load_closing(record, accession)
    return accession


def _load_answers(record: Record, accession: Accession) -> None:
    """The answers: a party may answer again only to change its answer, not dated before it."""
    for item, line in record.records("reacties", "reactie"):
        item.unknown(sorted(("partij", "datum", "akkoord", "bezwaar")), "reactie")
        party = _text(item, "partij")
        date = item.date("datum")
        objection = _text(item, "bezwaar", required=False)
        consent = item.data.get("akkoord") is True
        if item.data.get("akkoord") not in (None, True):
            item.add(item.line_of("akkoord"), _("reactie: 'akkoord' must be true (an objection "
                                                "is given as 'bezwaar'), not {value}").format(
                value=describe(item.data.get("akkoord"))))
        if consent == bool(objection):
            item.add(line, _("reactie: give either 'akkoord: true' or 'bezwaar' with the "
                             "reason"))
        earlier = accession.answer(party)
        if earlier is not None and earlier.consent == consent:
            item.add(line, _("{party} gave the same answer twice (also line {line}): a later "
                             "answer of a party changes its answer").format(
                party=shown(party), line=earlier.line))
            continue
        if earlier is not None and date and earlier.date and date < earlier.date:
            item.add(item.line_of("datum"), _("reactie: {date} is before {party}'s previous "
                                              "answer ({earlier}, line {line})").format(
                date=date, party=shown(party), earlier=earlier.date, line=earlier.line))
            continue
        accession.answers.append(Answer(party, date, consent, objection, line, earlier))


def _load_closing(record: Record, accession: Accession) -> None:
    """The decision (``afgewezen: true`` when the Stuurgroep refused), or the withdrawal."""
    decision = record.mapping("besluit", _("'besluit' must give 'datum'"), "besluit")
    if decision is not None:
        decision.unknown(sorted(("datum", "afgewezen", "reden")), "besluit")
        accession.decided = decision.date("datum")
        if decision.data.get("afgewezen") not in (None, True):
            decision.add(decision.line_of("afgewezen"), _(
                "besluit: 'afgewezen' must be true (a positive decision has no 'afgewezen'), "
                "not {value}").format(value=describe(decision.data.get("afgewezen"))))
        accession.refused = decision.data.get("afgewezen") is True
        accession.closing_reason = _text(decision, "reden", required=False)
        if accession.closing_reason and not accession.refused:
            decision.add(decision.line_of("reden"), _("besluit: 'reden' is given only with "
                                                      "'afgewezen: true'"))
    withdrawal = record.mapping("ingetrokken", _("'ingetrokken' must give 'datum'"),
                                "ingetrokken")
    if withdrawal is not None:
        withdrawal.unknown(sorted(("datum", "reden")), "ingetrokken")
        accession.withdrawn = withdrawal.date("datum")
        accession.closing_reason = _text(withdrawal, "reden", required=False)
        if decision is not None:
            withdrawal.add(record.line_of("ingetrokken"), _("a request is either decided "
                                                            "('besluit') or withdrawn "
                                                            "('ingetrokken'), not both"))


def load_accessions(folder: Path, problems: Problems, source) -> dict[str, dict[str, Accession]]:
    """Accessions by region and organisation id."""
    found: dict[str, dict[str, Accession]] = {}
    for path in source.files(folder, "*.yaml", recursive=True):
        if path.parent.parent != folder:
            problems.add(path, None, _("an accession file belongs in "
                                       "toetredingen/REGION/ORG.yaml"))
            continue
        accession = load_accession(path, problems, source)
        if accession is not None:
            found.setdefault(accession.region, {})[path.stem] = accession
    for requests in found.values():
        open_by_org: dict[str, Accession] = {}
        for key in sorted(requests, key=lambda k: request_number(requests[k].path)):
            accession = requests[key]
            if not request_number(accession.path):
                continue  # a wrong file name is a problem of its own
            other = open_by_org.get(key.partition(".")[0])
            if accession.is_open and other is not None:
                problems.add(accession.path, None, _("{name} is open too: an organisation "
                                                     "applies again only after its earlier "
                                                     "request was withdrawn or refused").format(
                    name=other.path.name))
            elif accession.is_open:
                open_by_org[key.partition(".")[0]] = accession
    return found


def dump_accession(accession: Accession, title: str) -> str:
    org, rep = accession.organisation, accession.organisation.vertegenwoordiger
    data = {"organisatie": {
                "id": org.id, "naam": org.naam, "statutaire_zetel": org.statutaire_zetel,
                "adres": org.adres, "email": org.email,
                "vertegenwoordiger": {"aanhef": rep.aanhef, "naam": rep.naam, "functie": rep.functie},
                "bijdrage": org.bijdrage},
            "aanvraag": {"via": accession.via, "datum": accession.requested,
                         "reageren_voor": accession.reply_by},
            "reacties": [{"partij": a.party, "datum": a.date,
                          **({"akkoord": True} if a.consent else {"bezwaar": a.reason})}
                         for a in accession.answers]}
    reason = {"reden": accession.closing_reason} if accession.closing_reason else {}
    if accession.withdrawn is not None:
        data["ingetrokken"] = {"datum": accession.withdrawn, **reason}
    if accession.decided is not None:
        data["besluit"] = {"datum": accession.decided,
                           **({"afgewezen": True, **reason} if accession.refused else {})}
    if accession.messages:
        data["berichten"] = dump_messages(accession.messages)
    return dump_data(data, f"Toetreding tot het {title} (artikel 20).\nWritten by `convenant "
                     "toetreding` (one commit per step); edit only to correct a mistake.")


def form_values(org: Organisation) -> dict[str, str]:
    """The form fields of Bijlage 1 (``{{veld:...}}``) filled in with the applicant's data."""
    rep = org.vertegenwoordiger
    person = f"{rep.naam}, {rep.functie}"
    return {"organisatie": org.naam, "statutaire_zetel": org.statutaire_zetel, "adres": org.adres,
            "vertegenwoordiger": f"{rep.aanhef} {person}", "functionaris": person}


# ------------------------------------------------------------------ the party file (besluit)


def _membership(org: Organisation) -> dict:
    rep = org.vertegenwoordiger
    person = {"aanhef": rep.aanhef, "naam": rep.naam}
    if rep.functie:
        person["functie"] = rep.functie
    return {"vertegenwoordiger": person}


def party_yaml(org: Organisation, region: str) -> str:
    """The registry file of a new party, as ``besluit`` adds it to parties/."""
    data = {"naam": org.naam, "soort": "organisatie", "statutaire_zetel": org.statutaire_zetel,
            "adres": org.adres}
    if org.email:
        data["email"] = org.email
    data["deelname"] = {region: _membership(org)}
    return dump_data(data, f"Toegetreden tot het convenant van {region} (artikel 20); written by "
                     "`convenant toetreding besluit`.")


def party_with_region(text: str, path: Path, org: Organisation, region: str) -> str:
    """The text of an existing party file (``text``) with a ``deelname`` entry for ``region``
    (the representative of the form) after its last region, as ``besluit`` writes it when a
    party of another region accedes.

    The entry's lines are inserted: every other line (comments, layout, the other regions)
    stays as it was. When the file's layout does not allow that (``deelname`` written in flow
    style, ``{...}``), the file is written anew from its data, without its comments.
    """
    problems = Problems()
    before = load_yaml_text(text, path, problems)
    entry = {region: _membership(org)}
    expected = {**_bare(before), "deelname": {**_bare(before["deelname"]), **entry}}
    inserted = _insert_membership(text, before, entry)
    if inserted is not None:
        after = load_yaml_text(inserted, path, problems)
        if not problems and _bare(after) == expected:
            return inserted
    return dump_data(expected, f"Written anew by `convenant toetreding besluit` (deelname {region} "
                     "added, artikel 20).")


def _insert_membership(text: str, data: LDict, entry: dict) -> str | None:
    """``text`` with ``entry`` (one region's deelname) inserted after the block of the last
    region of ``deelname``, indented like it; None when deelname is no block mapping."""
    deelname = data["deelname"]
    lines = text.splitlines(keepends=True)
    last = deelname.key_lines[list(deelname)[-1]] - 1
    key = lines[last]
    indent = key[:len(key) - len(key.lstrip())]
    if not indent or not key.lstrip().startswith(f"{list(deelname)[-1]}:"):
        return None
    end = last + 1  # past the block of the last region: its more deeply indented lines
    for number in range(last + 1, len(lines)):
        line = lines[number]
        if line.strip():  # a comment indented under the region is part of its block too
            if len(line) - len(line.lstrip()) <= len(indent):
                break
            end = number + 1
    fragment = "".join(f"{indent}{line}\n" for line in dump_data(entry, "").splitlines()
                       if not line.startswith("#"))
    lines[end - 1] = lines[end - 1].removesuffix("\n") + "\n"
    return "".join(lines[:end]) + fragment + "".join(lines[end:])


def _bare(value):
    """Data read with line numbers (LDict, LList) as plain dicts and lists."""
    if isinstance(value, dict):
        return {key: _bare(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_bare(item) for item in value]
    return value
