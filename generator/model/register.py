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
from ..yamlfile import LDict, LList, dump_data, load_yaml
from .fields import date_value, describe, not_text, text_value

VERSION_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}", re.ASCII)
"""A version name (use with fullmatch): it names folders and is printed on every page."""
SHA1_RE = re.compile(r"^[0-9a-f]{40}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
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


def _date(value, path, line, problems: Problems, what: str) -> dt.date | None:
    return date_value(value, path, line, problems, what)


def _optional(data: LDict, key: str, path, problems: Problems) -> str:
    """An optional text field: "" when absent."""
    value = data.get(key)
    if value is None:
        return ""
    return text_value(value, path, data.line_of(key), problems, f"'{key}'") or ""


def _str(data: LDict, key: str, path, problems: Problems, pattern=None, what="") -> str:
    value = data.get(key)
    line = data.line_of(key)
    if value is None or value == "":
        problems.add(path, line, f"'{key}' is missing")
        return ""
    if not isinstance(value, str):
        problems.add(path, line, f"'{key}' must be text, {not_text(value)}")
        return ""
    if pattern is not None and not pattern.fullmatch(value):
        problems.add(path, line, f"'{key}' {shown(value)} is not {what}")
    return value


def _records(data: LDict, key: str, path, problems: Problems):
    records = data.get(key)
    if records is None:
        return []
    if not isinstance(records, LList):
        problems.add(path, data.line_of(key), f"'{key}' must be a list, not {describe(records)}")
        return []
    found = []
    for index, record in enumerate(records):
        line = records.item_lines[index] if index < len(records.item_lines) else records.line
        if not isinstance(record, LDict):
            problems.add(path, line, f"each entry of '{key}' must be a mapping, not {describe(record)}")
            continue
        found.append((record, line))
    return found


def load_register(path: Path, problems: Problems, source) -> Register | None:
    data = load_yaml(path, problems, source)
    register = Register(path.stem, path)
    if data is None:
        return register
    if not isinstance(data, LDict):
        problems.add(path, getattr(data, "line", 1) or 1, "a register must be a mapping with "
                     f"'versies' and 'ondertekeningen', not {describe(data)}")
        return register
    for key in data:
        if key not in ("versies", "ondertekeningen", "toetredingen"):
            problems.add(path, data.line_of(key),
                         f"unknown field {shown(key)} (expected versies, ondertekeningen, toetredingen)")
    _load_versions(register, data, problems)
    _load_signatures(register, data, problems)
    return register


def _load_versions(register: Register, data: LDict, problems: Problems) -> None:
    path = register.path
    for record, line in _records(data, "versies", path, problems):
        _unknown(record, VERSION_KEYS, path, problems)
        version = Version(
            name=_str(record, "naam", path, problems, VERSION_NAME_RE,
                      "a version name (letters, digits, '.', '_', '-'; at most 40)"),
            decided=_date(record.get("besluit"), path, record.line_of("besluit"), problems, "'besluit'"),
            revision=_str(record, "revisie", path, problems, SHA1_RE, "a full git commit id"),
            fingerprint=_str(record, "vingerafdruk", path, problems, SHA256_RE, "a SHA-256 in hex"),
            line=line,
        )
        if version.name and register.version(version.name) is not None:
            problems.add(path, line, f"version {shown(version.name)} is recorded twice "
                         f"(also line {register.version(version.name).line})")
            continue
        register.versions.append(version)


def _load_signatures(register: Register, data: LDict, problems: Problems) -> None:
    path = register.path
    seen: dict[tuple[str, str], int] = {}
    records = [(r, line, False) for r, line in _records(data, "ondertekeningen", path, problems)]
    records += [(r, line, True) for r, line in _records(data, "toetredingen", path, problems)]
    for record, line, accession in records:
        _unknown(record, ACCESSION_KEYS if accession else SIGNATURE_KEYS, path, problems)
        signature = Signature(
            party=_str(record, "partij", path, problems),
            version=_str(record, "versie", path, problems),
            date=_date(record.get("datum"), path, record.line_of("datum"), problems, "'datum'"),
            place=_str(record, "plaats", path, problems),
            by=_optional(record, "door", path, problems),
            line=line,
        )
        if accession:
            signature.decided = _date(record.get("besluit"), path, record.line_of("besluit"),
                                      problems, "'besluit'")
            signature.chair = _optional(record, "voorzitter", path, problems)
            if signature.decided and signature.date and signature.date < signature.decided:
                problems.add(path, line, f"Bijlage 1 signed on {signature.date}, before the "
                             f"Stuurgroep's decision ({signature.decided})")
        version = register.version(signature.version)
        if signature.version and version is None:
            problems.add(path, line, f"signature of version {shown(signature.version)}, which is not "
                         "recorded under 'versies'")
        elif version and version.decided and signature.date and signature.date < version.decided:
            problems.add(path, line, f"signed on {signature.date} before version "
                         f"{shown(version.name)} was decided ({version.decided})")
        key = (signature.party, signature.version)
        if key in seen:
            problems.add(path, line, f"{shown(signature.party)} signed version {shown(signature.version)} "
                         f"twice (also line {seen[key]})")
            continue
        seen[key] = line
        register.signatures.append(signature)


def _unknown(record: LDict, allowed, path, problems: Problems) -> None:
    for key in record:
        if key not in allowed:
            problems.add(path, record.line_of(key),
                         f"unknown field {shown(key)} (expected one of: {', '.join(allowed)})")


def load_registers(folder: Path, problems: Problems, source) -> dict[str, Register]:
    registers = {}
    if source.is_dir(folder):
        for path in source.files(folder, "*.yaml"):
            registers[path.stem] = load_register(path, problems, source)
    return registers


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
