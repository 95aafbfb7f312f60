"""A region's register (``register/REGION.yaml``): decided versions and signatures.

Written by ``convenant vaststellen`` and ``convenant sign``, one commit per record; read and
checked by the same loading layer as the rest of the data. Version names are quoted strings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problems, shown
from ..yamlfile import dump_data
from .fields import Record, load_folder, load_mapping

VERSION_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}", re.ASCII)
"""A version name (use with fullmatch): it names folders and is printed on every page."""
SHA1_RE = re.compile(r"^[0-9a-f]{40}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
REGISTER_KEYS = ("versies", "ondertekeningen", "toetredingen")
VERSION_KEYS = ("naam", "besluit", "revisie", "vingerafdruk")
SIGNATURE_KEYS = ("partij", "versie", "datum", "plaats", "door")
ACCESSION_KEYS = ("partij", "versie", "besluit", "datum", "plaats", "door", "voorzitter")


@dataclass
class Version:
    """A version of the convenant decided by the Stuurgroep (21.1)."""

    name: str
    decided: dt.date
    revision: str
    """The git commit whose data is this version's text."""
    fingerprint: str
    """SHA-256 of the version's canonical text (see generator.fingerprint)."""
    line: int = 0


@dataclass
class Signature:
    """One party's signature under one version (21.2)."""

    party: str
    version: str
    date: dt.date
    place: str
    by: str = ""
    line: int = 0
    decided: dt.date | None = None
    """For an accession (art. 20.4): the Stuurgroep's decision; the party then signed Bijlage 1
    (the toetredingsformulier) with the chair instead of the convenant itself."""
    chair: str = ""
    """For an accession: the chair of the Stuurgroep who co-signed Bijlage 1."""

    @property
    def accession(self) -> bool:
        return self.decided is not None


@dataclass
class Register:
    region: str
    path: Path
    versions: list[Version] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)

    def version(self, name: str) -> Version | None:
        return next((v for v in self.versions if v.name == name), None)

    @property
    def latest(self) -> Version | None:
        """The version recorded last."""
        return self.versions[-1] if self.versions else None

    def signed(self, version: str) -> dict[str, Signature]:
        """Signatures of ``version`` by party id."""
        return {s.party: s for s in self.signatures if s.version == version}


def _field(record: Record, key: str, pattern=None, what: str = "") -> str:
    """A required text field as written; with ``pattern``, "'key' 'x' is not {what}" when the
    text does not match it."""
    value = record.text(key, required=True, clean=None)
    if pattern is not None and value and not pattern.fullmatch(value):
        record.add(record.line_of(key), f"'{key}' {shown(value)} is not {what}")
    return value


def load_register(path: Path, problems: Problems, source) -> Register:
    register = Register(path.stem, path)
    data = load_mapping(path, problems, source, "a register must be a mapping with "
                        "'versies' and 'ondertekeningen'")
    if data is None:
        return register
    record = Record(data, path, problems)
    record.unknown(REGISTER_KEYS, expected=f"expected {', '.join(REGISTER_KEYS)}")
    _load_versions(register, record)
    _load_signatures(register, record)
    return register


def _load_versions(register: Register, data: Record) -> None:
    for record, line in data.records("versies"):
        record.unknown(VERSION_KEYS)
        version = Version(
            name=_field(record, "naam", VERSION_NAME_RE,
                        "a version name (letters, digits, '.', '_', '-'; at most 40)"),
            decided=record.date("besluit"),
            revision=_field(record, "revisie", SHA1_RE, "a full git commit id"),
            fingerprint=_field(record, "vingerafdruk", SHA256_RE, "a SHA-256 in hex"),
            line=line,
        )
        if version.name and register.version(version.name) is not None:
            record.add(line, f"version {shown(version.name)} is recorded twice "
                       f"(also line {register.version(version.name).line})")
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
            date=record.date("datum"),
            place=_field(record, "plaats"),
            by=record.text("door", clean=None),
            line=line,
        )
        if accession:
            signature.decided = record.date("besluit")
            signature.chair = record.text("voorzitter", clean=None)
            if signature.decided and signature.date and signature.date < signature.decided:
                record.add(line, f"Bijlage 1 signed on {signature.date}, before the "
                           f"Stuurgroep's decision ({signature.decided})")
        version = register.version(signature.version)
        if signature.version and version is None:
            record.add(line, f"signature of version {shown(signature.version)}, which is not "
                       "recorded under 'versies'")
        elif version and version.decided and signature.date and signature.date < version.decided:
            record.add(line, f"signed on {signature.date} before version "
                       f"{shown(version.name)} was decided ({version.decided})")
        key = (signature.party, signature.version)
        if key in seen:
            record.add(line, f"{shown(signature.party)} signed version {shown(signature.version)} "
                       f"twice (also line {seen[key]})")
            continue
        seen[key] = line
        register.signatures.append(signature)


def load_registers(folder: Path, problems: Problems, source) -> dict[str, Register]:
    return load_folder(folder, problems, source, load_register)


def _signature(s: Signature) -> dict:
    data = {"partij": s.party, "versie": s.version}
    if s.accession:
        data["besluit"] = s.decided
    data.update(datum=s.date, plaats=s.place)
    if s.by:
        data["door"] = s.by
    if s.accession and s.chair:
        data["voorzitter"] = s.chair
    return data


def dump_register(register: Register, title: str) -> str:
    """The register as YAML text, in the order the records were made."""
    data = {"versies": [{"naam": v.name, "besluit": v.decided, "revisie": v.revision,
                         "vingerafdruk": v.fingerprint} for v in register.versions],
            "ondertekeningen": [_signature(s) for s in register.signatures if not s.accession]}
    acceded = [_signature(s) for s in register.signatures if s.accession]
    if acceded:
        data["toetredingen"] = acceded
    return dump_data(data, f"Register: {title}.\n"
                     "Vastgestelde versies en ondertekeningen; written by `convenant vaststellen`\n"
                     "and `convenant sign` (one commit per record). Edit only to correct a mistake.",
                     {"toetredingen": "Toetredingen (artikel 20.4): Bijlage 1 ondertekend door de "
                      "organisatie en de\nvoorzitter van de Stuurgroep; written by `convenant "
                      "toetreding besluit`."})
