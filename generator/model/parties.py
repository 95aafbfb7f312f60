"""The party registry: one YAML file per organisation under ``parties/``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problems, shown
from ..yamlfile import LDict, load_yaml
from .fields import describe, text_value

KINDS = ("gemeente", "organisatie")
AANHEF = ("de heer", "mevrouw")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class Representative:
    """Who signs for a party in one region."""

    aanhef: str
    """"de heer" or "mevrouw"."""
    naam: str
    """Name with initials as in the covenant, e.g. "drs. A.J. Rotering"."""
    functie: str = ""
    """Function, e.g. "burgemeester"; may be empty where the covenant names none."""


@dataclass
class Membership:
    """A party's participation in one region's covenant."""

    region: str
    line: int
    naam: str | None = None
    """The party's name as this region's covenant writes it, when it differs."""
    vertegenwoordiger: Representative | None = None


@dataclass
class Party:
    """One organisation or municipality, possibly a party in several regions."""

    id: str
    path: Path
    naam: str
    soort: str
    statutaire_zetel: str = ""
    adres: str = ""
    email: str = ""
    deelname: dict[str, Membership] = field(default_factory=dict)

    def name_in(self, region: str) -> str:
        member = self.deelname.get(region)
        return (member.naam if member and member.naam else None) or self.naam

    def signing_name(self, region: str) -> str:
        """Name above the signature block: "Gemeente X" for a municipality."""
        name = self.name_in(region)
        return f"Gemeente {name}" if self.soort == "gemeente" else name

    def representative(self, region: str) -> Representative | None:
        member = self.deelname.get(region)
        return member.vertegenwoordiger if member else None


PARTY_KEYS = {"naam", "soort", "statutaire_zetel", "adres", "email", "deelname"}
MEMBER_KEYS = {"naam", "vertegenwoordiger"}
REP_KEYS = {"aanhef", "naam", "functie"}


def _text(data: LDict, key: str, path: Path, problems: Problems, required=False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            problems.add(path, data.line, f"missing required field {key!r}")
        return ""
    return (text_value(value, path, data.line_of(key), problems, repr(key)) or "").strip()


def unknown_fields(data: LDict, allowed, path: Path, problems: Problems, what: str) -> None:
    """A problem for every key of ``data`` not in ``allowed``, naming the ones expected."""
    for key in data:
        if key not in allowed:
            problems.add(path, data.line_of(key), f"unknown field {shown(key)} in {what} "
                         f"(expected one of: {', '.join(sorted(allowed))})")


def _representative(data, line: int, path: Path, problems: Problems) -> Representative | None:
    if not isinstance(data, LDict):
        problems.add(path, line, f"'vertegenwoordiger' must be a mapping (aanhef, naam, functie), "
                     f"not {describe(data)}")
        return None
    unknown_fields(data, REP_KEYS, path, problems, "vertegenwoordiger")
    aanhef = _text(data, "aanhef", path, problems, required=True)
    if aanhef and aanhef not in AANHEF:
        problems.add(path, data.line_of("aanhef"), f"aanhef {shown(aanhef)} must be 'de heer' or 'mevrouw'")
    naam = _text(data, "naam", path, problems, required=True)
    return Representative(aanhef, naam, _text(data, "functie", path, problems))


def load_party(path: Path, problems: Problems, source=None) -> Party | None:
    """Load one party file; problems are recorded."""
    data = load_yaml(path, problems, source)
    if data is None:
        return None
    if not isinstance(data, LDict):
        problems.add(path, getattr(data, "line", 1) or 1, "a party file must be a mapping "
                     f"(naam, soort, deelname, ...), not {describe(data)}")
        return None
    unknown_fields(data, PARTY_KEYS, path, problems, "party")
    party = Party(
        id=path.stem,
        path=path,
        naam=_text(data, "naam", path, problems, required=True),
        soort=_text(data, "soort", path, problems, required=True),
        statutaire_zetel=_text(data, "statutaire_zetel", path, problems),
        adres=_text(data, "adres", path, problems),
        email=_text(data, "email", path, problems),
    )
    if not ID_RE.fullmatch(party.id):
        problems.add(path, None, f"invalid party id {shown(party.id)} (the file name): use a-z, 0-9, '-'")
    if party.soort and party.soort not in KINDS:
        problems.add(path, data.line_of("soort"), f"soort {shown(party.soort)} must be 'gemeente' or 'organisatie'")
    if party.email and not EMAIL_RE.fullmatch(party.email):
        problems.add(path, data.line_of("email"), f"invalid e-mail address {shown(party.email)}")
    deelname = data.get("deelname")
    if not isinstance(deelname, LDict) or not deelname:
        problems.add(path, data.line_of("deelname"), "'deelname' must map each region to its details, "
                     f"not {describe(deelname)}")
        return party
    for region, details in deelname.items():
        line = deelname.line_of(region)
        member = Membership(str(region), line)
        if details is not None:
            if not isinstance(details, LDict):
                problems.add(path, line, f"deelname {shown(region)} must be a mapping or empty, "
                             f"not {describe(details)}")
            else:
                unknown_fields(details, MEMBER_KEYS, path, problems, f"deelname {shown(region)}")
                member.naam = _text(details, "naam", path, problems) or None
                if details.get("vertegenwoordiger") is not None:
                    member.vertegenwoordiger = _representative(
                        details["vertegenwoordiger"], details.line_of("vertegenwoordiger"), path, problems)
        party.deelname[str(region)] = member
    return party


def load_parties(root: Path, problems: Problems, source) -> dict[str, Party]:
    """Load every ``*.yaml`` under ``root`` (the id is the file name)."""
    parties: dict[str, Party] = {}
    for path in source.files(root, "*.yaml"):
        party = load_party(path, problems, source)
        if party is not None:
            parties[party.id] = party
    return parties
