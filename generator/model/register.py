"""A region's register (``register/REGION.yaml``): decided versions, signatures, withdrawals.

Written by ``convenant vaststellen``, ``sign``, ``toetreding besluit`` and ``uittreding``, one
commit per record; read and checked by the same loading layer as the rest of the data. Version
names are quoted strings. A date the sources do not give is written ``onbekend`` (unknown) and
read as None: the register never invents one. What the records mean over time (which version
is in force, who is a party when) is computed in generator.model.timeline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problems, shown
from ..yamlfile import dump_data
from .fields import Record, load_folder, load_mapping
from .messages import Message, dump_messages, read_messages
from ..i18n import _

VERSION_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}", re.ASCII)
"""A version name (use with fullmatch): it names folders and is printed on every page."""
SHA1_RE = re.compile(r"^[0-9a-f]{40}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
REGISTER_KEYS = ("versies", "ondertekeningen", "toetredingen", "uittredingen")
VERSION_KEYS = ("naam", "besluit", "in_werking", "revisie", "vingerafdruk", "bron")
SIGNATURE_KEYS = ("partij", "versie", "datum", "plaats", "door", "scan")
ACCESSION_KEYS = ("partij", "versie", "besluit", "datum", "plaats", "door", "voorzitter")
WITHDRAWAL_KEYS = ("partij", "grond", "datum", "ingebrekestelling", "versie", "toetreding", "per",
                   "reden", "berichten")
WITHDRAWAL_MESSAGES = ("mededeling",)
"""E-mails of a withdrawal: the notice to every other party."""
UNKNOWN = "onbekend"
"""Written for a date the sources do not give."""
GROUNDS = {
    "21.3": "opzegging wegens een onaanvaardbare wijziging of toetreding",
    "23.1": "opzegging tegen het einde van de looptijd",
    "23.2": "uitsluiting door de Stuurgroep",
}
"""The grounds on which a party's membership ends (articles 21.3, 23.1 and 23.2)."""


@dataclass
class Version:
    """A version of the convenant decided by the Stuurgroep (21.1)."""

    name: str
    decided: dt.date | None
    """The Stuurgroep's decision; None when the sources do not give it (``onbekend``)."""
    revision: str
    """The git commit whose data is this version's text."""
    fingerprint: str
    """SHA-256 of the version's canonical text (see generator.fingerprint)."""
    line: int = 0
    in_force: dt.date | None = None
    """When the version took effect, recorded when the signatures do not show it (the real
    covenants: Haaglanden says "treedt in werking op 01-01-2019")."""
    source: str = ""
    """Where the record's facts come from (``bron``), for a version recorded afterwards."""


@dataclass
class Signature:
    """One party's signature under one version (21.2)."""

    party: str
    version: str
    date: dt.date | None
    """None when the sources do not give it (``onbekend``)."""
    place: str
    by: str = ""
    line: int = 0
    decided: dt.date | None = None
    """For an accession (art. 20.4): the Stuurgroep's decision; the party then signed Bijlage 1
    (the toetredingsformulier) with the chair instead of the convenant itself."""
    chair: str = ""
    """For an accession: the chair of the Stuurgroep who co-signed Bijlage 1."""
    scan: str = ""
    """SHA-256 (hex) of the returned signature page kept at scan_path(); "" when none is kept."""

    @property
    def accession(self) -> bool:
        return self.decided is not None


@dataclass
class Withdrawal:
    """The end of a party's membership (uittreding) and its ground (21.3, 23.1, 23.2)."""

    party: str
    ground: str
    date: dt.date
    """The party's written notice (21.3, 23.1) or the Stuurgroep's decision (23.2)."""
    effective: dt.date | None = None
    """The end of the membership (``per``): computed when recorded for 23.1 (the end of the
    term) and 23.2 (the decision: "met onmiddellijke ingang"); None for 21.3, which ends when
    the version or accession objected to takes effect (see generator.model.timeline)."""
    version: str = ""
    """21.3: the amended version the party objects to."""
    accession: str = ""
    """21.3: the organisation whose accession the party objects to."""
    notice: dt.date | None = None
    """23.2: the ingebrekestelling that preceded the exclusion."""
    reason: str = ""
    """Why, as the notice or decision says (optional)."""
    messages: list[Message] = field(default_factory=list)
    """What became of the e-mails telling the other parties (generator.model.messages)."""
    line: int = 0


@dataclass
class Register:
    region: str
    path: Path
    versions: list[Version] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    withdrawals: list[Withdrawal] = field(default_factory=list)

    def withdrawal(self, party: str) -> Withdrawal | None:
        return next((w for w in self.withdrawals if w.party == party), None)

    def version(self, name: str) -> Version | None:
        return next((v for v in self.versions if v.name == name), None)

    @property
    def latest(self) -> Version | None:
        """The version recorded last."""
        return self.versions[-1] if self.versions else None

    def signed(self, version: str) -> dict[str, Signature]:
        """Signatures of ``version`` by party id."""
        return {s.party: s for s in self.signatures if s.version == version}


SCANS = "scans"
"""Under register/: the returned signature pages, scans/REGION/VERSION/PARTY.pdf."""


def scan_path(register_dir: Path, region: str, version: str, party: str) -> Path:
    """Where the returned signature page of ``party`` for ``version`` is kept."""
    return Path(register_dir) / SCANS / region / version / f"{party}.pdf"


def _field(record: Record, key: str, pattern=None, what: str = "") -> str:
    """A required text field as written; with ``pattern``, "'key' 'x' is not {what}" when the
    text does not match it."""
    value = record.text(key, required=True, clean=None)
    if pattern is not None and value and not pattern.fullmatch(value):
        record.add(record.line_of(key),
                   _("'{key}' {value} is not {what}").format(key=key, value=shown(value), what=what))
    return value


def _date(record: Record, key: str, unknown: bool = False) -> dt.date | None:
    """A required date; with ``unknown``, ``onbekend`` is accepted and read as None."""
    if unknown and record.data.get(key) == UNKNOWN:
        return None
    return record.date(key, _("a date written YYYY-MM-DD or 'onbekend'") if unknown
                       else _("a date written YYYY-MM-DD"))


def load_register(path: Path, problems: Problems, source) -> Register:
    register = Register(path.stem, path)
    data = load_mapping(path, problems, source, _("a register must be a mapping with 'versies' "
                                                  "and 'ondertekeningen'"))
    if data is None:
        return register
    record = Record(data, path, problems)
    record.unknown(REGISTER_KEYS, expected=_("expected {keys}").format(keys=", ".join(REGISTER_KEYS)))
    _load_versions(register, record)
    _load_signatures(register, record)
    _load_withdrawals(register, record)
    return register


def _load_versions(register: Register, data: Record) -> None:
    for record, line in data.records("versies"):
        record.unknown(VERSION_KEYS)
        version = Version(
            name=_field(record, "naam", VERSION_NAME_RE,
                        _("a version name (letters, digits, '.', '_', '-'; at most 40)")),
            decided=_date(record, "besluit", unknown=True),
            revision=_field(record, "revisie", SHA1_RE, _("a full git commit id")),
            fingerprint=_field(record, "vingerafdruk", SHA256_RE, _("a SHA-256 in hex")),
            line=line,
            in_force=record.date("in_werking") if "in_werking" in record.data else None,
            source=record.text("bron", clean=None),
        )
        if version.decided and version.in_force and version.in_force < version.decided:
            record.add(record.line_of("in_werking"), _("in force on {in_force}, before it was "
                                                       "decided ({decided})").format(
                in_force=version.in_force, decided=version.decided))
        if version.name and register.version(version.name) is not None:
            record.add(line, _("version {version} is recorded twice (also line {line})").format(
                version=shown(version.name), line=register.version(version.name).line))
            continue
        register.versions.append(version)


def _load_signatures(register: Register, data: Record) -> None:
    seen: dict[tuple[str, str], int] = {}
    records = [(r, line, False) for r, line in data.records("ondertekeningen")]
    records += [(r, line, True) for r, line in data.records("toetredingen")]
    for record, line, accession in records:
        record.unknown(ACCESSION_KEYS if accession else SIGNATURE_KEYS)
        signature = Signature(
            party=_field(record, "partij"),
            version=_field(record, "versie"),
            date=_date(record, "datum", unknown=not accession),
            place=_field(record, "plaats"),
            by=record.text("door", clean=None),
            line=line,
            scan=_field(record, "scan", SHA256_RE, _("a SHA-256 in hex")) if "scan" in record.data else "",
        )
        if accession:
            signature.decided = record.date("besluit")
            signature.chair = record.text("voorzitter", clean=None)
            if signature.decided and signature.date and signature.date < signature.decided:
                record.add(line, _("Bijlage 1 signed on {date}, before the Stuurgroep's "
                                   "decision ({decided})").format(
                    date=signature.date, decided=signature.decided))
        version = register.version(signature.version)
        if signature.version and version is None:
            record.add(line, _("signature of version {version}, which is not recorded under "
                               "'versies'").format(version=shown(signature.version)))
        elif version and version.decided and signature.date and signature.date < version.decided:
            record.add(line, _("signed on {date} before version {version} was decided "
                               "({decided})").format(
                date=signature.date, version=shown(version.name), decided=version.decided))
        key = (signature.party, signature.version)
        if key in seen:
            record.add(line, _("{party} signed version {version} twice (also line {line})").format(
                party=shown(signature.party), version=shown(signature.version), line=seen[key]))
            continue
        seen[key] = line
        register.signatures.append(signature)


def _load_withdrawals(register: Register, data: Record) -> None:
    for record, line in data.records("uittredingen"):
        record.unknown(WITHDRAWAL_KEYS)
        ground = _field(record, "grond")
        withdrawal = Withdrawal(_field(record, "partij"), ground, record.date("datum"), line=line)
        if ground and ground not in GROUNDS:
            record.add(record.line_of("grond"), _("'grond' {ground} is not one of {grounds} "
                                                  "(articles 21.3, 23.1, 23.2)").format(
                ground=shown(ground), grounds=", ".join(GROUNDS)))
        if "per" in record.data:
            withdrawal.effective = record.date("per")
        elif ground in ("23.1", "23.2"):
            record.add(line, _("'per' is missing: the date a withdrawal under {ground} takes "
                               "effect").format(ground=ground))
        if "ingebrekestelling" in record.data or ground == "23.2":
            withdrawal.notice = record.date("ingebrekestelling")
        withdrawal.version = record.text("versie", clean=None)
        withdrawal.accession = record.text("toetreding", clean=None)
        withdrawal.reason = record.text("reden", clean=None)
        withdrawal.messages = read_messages(record, WITHDRAWAL_MESSAGES)
        _check_withdrawal(register, record, withdrawal)
        earlier = register.withdrawal(withdrawal.party)
        if earlier is not None:
            record.add(line, _("{party} withdraws twice (also line {line})").format(
                party=shown(withdrawal.party), line=earlier.line))
            continue
        register.withdrawals.append(withdrawal)


def _check_withdrawal(register: Register, record: Record, w: Withdrawal) -> None:
    """The fields a ground needs, and dates in their order."""
    if w.ground == "21.3" and bool(w.version) == bool(w.accession):
        record.add(w.line, _("a withdrawal under 21.3 names either the 'versie' or the "
                             "'toetreding' it objects to"))
    if w.ground != "21.3" and (w.version or w.accession):
        record.add(w.line, _("'versie' and 'toetreding' belong to a withdrawal under 21.3, "
                             "not {ground}").format(ground=w.ground))
    if w.version and register.version(w.version) is None:
        record.add(record.line_of("versie"), _("version {version} is not recorded under "
                                               "'versies'").format(version=shown(w.version)))
    if w.notice and w.date and w.notice >= w.date:
        record.add(record.line_of("ingebrekestelling"), _(
            "the ingebrekestelling ({notice}) must come before the Stuurgroep's decision ({date})")
            .format(notice=w.notice, date=w.date))
    if w.effective and w.date and w.effective < w.date:
        record.add(record.line_of("per"), _("takes effect on {effective}, before the notice or "
                                            "decision ({date})").format(effective=w.effective, date=w.date))


def load_registers(folder: Path, problems: Problems, source) -> dict[str, Register]:
    return load_folder(folder, problems, source, load_register)


def _known(date: dt.date | None) -> dt.date | str:
    return UNKNOWN if date is None else date


def _version(v: Version) -> dict:
    data = {"naam": v.name, "besluit": _known(v.decided)}
    if v.in_force:
        data["in_werking"] = v.in_force
    data.update(revisie=v.revision, vingerafdruk=v.fingerprint)
    if v.source:
        data["bron"] = v.source
    return data


def _withdrawal(w: Withdrawal) -> dict:
    data = {"partij": w.party, "grond": w.ground}
    data.update({key: value for key, value in (("versie", w.version), ("toetreding", w.accession),
                                                ("ingebrekestelling", w.notice)) if value})
    data["datum"] = w.date
    if w.effective:
        data["per"] = w.effective
    if w.reason:
        data["reden"] = w.reason
    if w.messages:
        data["berichten"] = dump_messages(w.messages)
    return data


def _signature(s: Signature) -> dict:
    data = {"partij": s.party, "versie": s.version}
    if s.accession:
        data["besluit"] = s.decided
    data.update(datum=_known(s.date), plaats=s.place)
    if s.by:
        data["door"] = s.by
    if s.scan:
        data["scan"] = s.scan
    if s.accession and s.chair:
        data["voorzitter"] = s.chair
    return data


def dump_register(register: Register, title: str) -> str:
    """The register as YAML text, in the order the records were made."""
    data = {"versies": [_version(v) for v in register.versions],
            "ondertekeningen": [_signature(s) for s in register.signatures if not s.accession]}
    acceded = [_signature(s) for s in register.signatures if s.accession]
    if acceded:
        data["toetredingen"] = acceded
    if register.withdrawals:
        data["uittredingen"] = [_withdrawal(w) for w in register.withdrawals]
    return dump_data(data, f"Register: {title}.\n"
                     "Vastgestelde versies en ondertekeningen; written by `convenant vaststellen`\n"
                     "and `convenant sign` (one commit per record). Edit only to correct a mistake.",
                     {"toetredingen": "Toetredingen (artikel 20.4): Bijlage 1 ondertekend door de "
                      "organisatie en de\nvoorzitter van de Stuurgroep; written by `convenant "
                      "toetreding besluit`.",
                      "uittredingen": "Uittredingen (artikelen 21.3, 23.1, 23.2); written by "
                      "`convenant uittreding`."})
