"""The party registry: one YAML file per organisation under ``parties/``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problems, shown
from ..yamlfile import LDict
from .fields import Record, describe, load_folder, load_mapping
from ..i18n import _

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
    adres: str = ""
    """The party's postal address for this region (its office there), when it differs."""
    in_tekst: str = ""
    """How running text names the party in this region, when it differs (see Party.text_name)."""


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
    in_tekst: str = ""
    """How a sentence names the party ("de Raad voor de Kinderbescherming", "de Dienst
    Gezondheid & Jeugd"), when ``naam`` does not read well there (see text_name)."""
    deelname: dict[str, Membership] = field(default_factory=dict)

    def name_in(self, region: str) -> str:
        member = self.deelname.get(region)
        return (member.naam if member and member.naam else None) or self.naam

    def signing_name(self, region: str) -> str:
        """Name above the signature block: "Gemeente X" for a municipality."""
        name = self.name_in(region)
        return f"Gemeente {name}" if self.soort == "gemeente" else name

    def text_name(self, region: str) -> str:
        """The name inside a sentence ("namens de gemeente Alblasserdam"): the region's
        ``in_tekst``, else the party's, else "de gemeente X" for a municipality, else the name
        with a leading "De"/"Het" in lower case ("de Raad voor de Kinderbescherming"). The
        address block and the signature block keep the formal name (signing_name)."""
        member = self.deelname.get(region)
        given = (member.in_tekst if member else "") or self.in_tekst
        if given:
            return given
        if self.soort == "gemeente":
            return f"de gemeente {self.name_in(region)}"
        return running_name(self.name_in(region))

    def address_in(self, region: str) -> str:
        """The postal address for letters about ``region``: the region's own, else the party's."""
        member = self.deelname.get(region)
        return (member.adres if member and member.adres else None) or self.adres

    def representative(self, region: str) -> Representative | None:
        member = self.deelname.get(region)
        return member.vertegenwoordiger if member else None


def running_name(name: str) -> str:
    """``name`` as it reads inside a sentence: a leading article in lower case ("De Raad ..."
    → "de Raad ...", "Het College ..." → "het College ...")."""
    first, _space, rest = name.partition(" ")
    return f"{first.lower()} {rest}" if rest and first in ("De", "Het") else name


PARTY_KEYS = ("adres", "deelname", "email", "in_tekst", "naam", "soort", "statutaire_zetel")
MEMBER_KEYS = ("adres", "in_tekst", "naam", "vertegenwoordiger")
REP_KEYS = ("aanhef", "functie", "naam")


def _required(record: Record, key: str) -> str:
    """A field every party file gives: "missing required field 'naam'" at the mapping's line."""
    if record.data.get(key) is None:
        record.add(record.data.line, _("missing required field {key!r}").format(key=key))
    return record.text(key)


def _representative(record: Record) -> Representative:
    record.unknown(REP_KEYS, "vertegenwoordiger")
    aanhef = _required(record, "aanhef")
    if aanhef and aanhef not in AANHEF:
        record.add(record.line_of("aanhef"), _("aanhef {aanhef} must be 'de heer' or "
                                               "'mevrouw'").format(aanhef=shown(aanhef)))
    naam = _required(record, "naam")
    return Representative(aanhef, naam, record.text("functie"))


def load_party(path: Path, problems: Problems, source=None) -> Party | None:
    """Load one party file; problems are recorded."""
    data = load_mapping(path, problems, source,
                        _("a party file must be a mapping (naam, soort, deelname, ...)"))
    if data is None:
        return None
    record = Record(data, path, problems)
    record.unknown(PARTY_KEYS, _("party"))
    party = Party(id=path.stem, path=path, naam=_required(record, "naam"), soort=_required(record, "soort"),
                  statutaire_zetel=record.text("statutaire_zetel"), adres=record.text("adres"),
                  email=record.text("email"), in_tekst=record.text("in_tekst"))
    if not ID_RE.fullmatch(party.id):
        problems.add(path, None, _("invalid party id {id} (the file name): use a-z, 0-9, '-'")
                     .format(id=shown(party.id)))
    if party.soort and party.soort not in KINDS:
        problems.add(path, data.line_of("soort"),
                     _("soort {soort} must be 'gemeente' or 'organisatie'").format(
                         soort=shown(party.soort)))
    if party.email and not EMAIL_RE.fullmatch(party.email):
        problems.add(path, data.line_of("email"),
                     _("invalid e-mail address {email}").format(email=shown(party.email)))
    deelname = data.get("deelname")
    if not isinstance(deelname, LDict) or not deelname:
        problems.add(path, data.line_of("deelname"), _("'deelname' must map each region to its "
                                                       "details, not {value}").format(
            value=describe(deelname)))
        return party
    regions = Record(deelname, path, problems)
    for region in deelname:
        member = Membership(str(region), deelname.line_of(region))
        details = regions.mapping(region, _("deelname {region} must be a mapping or empty").format(
            region=shown(region)))
        if details is not None:
            details.unknown(MEMBER_KEYS, f"deelname {shown(region)}")
            member.naam = details.text("naam") or None
            member.adres = details.text("adres")
            member.in_tekst = details.text("in_tekst")
            rep = details.mapping("vertegenwoordiger", _("'vertegenwoordiger' must be a mapping "
                                                         "(aanhef, naam, functie)"))
            if rep is not None:
                member.vertegenwoordiger = _representative(rep)
        party.deelname[str(region)] = member
    return party


def load_parties(root: Path, problems: Problems, source) -> dict[str, Party]:
    """Load every ``*.yaml`` under ``root`` (the id is the file name)."""
    return load_folder(root, problems, source, load_party)
