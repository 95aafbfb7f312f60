"""Convenant manifests: one YAML file per region under ``convenants/``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problems, shown
from ..yamlfile import LDict, LList
from .fields import Record, describe, load_folder, load_mapping, not_text, text_value
from .parties import EMAIL_RE
from ..i18n import _

TERM_RE = re.compile(r"^[a-z][a-z0-9_]*$")
REGION_RE = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass
class Ref:
    """A clause or party id listed in a manifest, with the line it is listed on."""

    id: str
    line: int
    numbered: bool | None = None
    """Annexes: False for an unnumbered annex (no "Bijlage N"). Articles: whether an only
    lid is numbered ("24.1."), None for the region's default (``stijl``)."""


@dataclass
class Duration:
    """When the convenant takes effect and how long it runs (art. 23)."""

    inwerkingtreding: str | dt.date
    """"ondertekening" (the day the last party signs) or a fixed date."""
    looptijd_jaren: int
    ten_minste: bool = False
    """True when the initial term is a minimum ("tenminste ... 5 jaar")."""
    verlenging_jaren: int = 1


@dataclass
class Style:
    """How this region's covenant numbers and titles its articles."""

    artikelkop: str = "."
    """Separator after the article number: "." gives "Artikel 1. Definities"."""
    enkel_lid_nummeren: bool = True
    """Number an article's only lid ("24.1.")? ZHZ does not."""


@dataclass
class Secretariat:
    """The secretary of the Stuurgroep: sender of letters, address for signed pages."""

    functie: str
    """Signs the letters, e.g. "secretaris van de Stuurgroep"."""
    adres: list[str]
    """Postal address, line by line; signed signature pages are returned here."""
    plaats: str
    """Place in the date line of a letter ("Dordrecht, 23 november 2026")."""
    naam: str = ""
    """The secretary's name: letters are signed by name and function ("A. de Vries",
    "secretaris van de Stuurgroep"); without it, by the function alone."""
    email: str = ""
    telefoon: str = ""
    """The phone number in the letters' contact lines ("078 770 4000"); optional."""
    line: int = 0


@dataclass
class Chair:
    """The chair of the Stuurgroep: signs Bijlage 1 with an acceding organisation (art. 20.4)."""

    functie: str
    """"voorzitter van de Stuurgroep", "burgemeester van Den Haag, voorzitter van de Stuurgroep"."""
    naam: str = ""
    """Printed on the toetredingsformulier; without it the form leaves a line to write it on."""
    line: int = 0


@dataclass
class Manifest:
    """One region's covenant: what goes in, in which order, signed by whom."""

    region: str
    path: Path
    titel: str
    zvh: str
    """Name of the Zorg- en Veiligheidshuis, used in the running header."""
    termen: dict[str, str] = field(default_factory=dict)
    term_lines: dict[str, int] = field(default_factory=dict)
    stijl: Style = field(default_factory=Style)
    ondergetekenden: Ref | None = None
    overwegingen: Ref | None = None
    artikelen: list[Ref] = field(default_factory=list)
    slot: Ref | None = None
    bijlagen: list[Ref] = field(default_factory=list)
    partijen: list[Ref] = field(default_factory=list)
    """Parties in signing order."""
    volgorde_ondergetekenden: list[Ref] = field(default_factory=list)
    """Order among the ondergetekenden when it differs from the signing order."""
    duur: Duration | None = None
    secretariaat: Secretariat | None = None
    """Sender of letters (optional until a command writes letters)."""
    voorzitter: Chair | None = None
    """The chair of the Stuurgroep (optional; named on the toetredingsformulier)."""
    line_of: dict[str, int] = field(default_factory=dict)
    basis: Ref | None = None
    """The region whose text this one takes wherever it has no variant of its own."""
    weglaten: list[Ref] = field(default_factory=list)
    """Clauses ("artikel-id") and leden ("artikel-id.lid-id") this region leaves out, though
    its base has them."""
    chain: list[str] = field(default_factory=list)
    """The region, then its base, its base's base, ...: where a variant is looked for, in this
    order (set when the project is loaded; see project.resolve_bases)."""
    own_terms: dict[str, str] = field(default_factory=dict)
    """The terms the manifest itself gives (``termen`` also holds those inherited)."""
    signed: bool = True
    """False for a model text (``ondertekend: false``): a base for regions, never signed."""

    def clause_refs(self) -> list[Ref]:
        single = [self.ondergetekenden, self.overwegingen, self.slot]
        return [r for r in single if r] + self.artikelen + self.bijlagen


KEYS = {"titel", "zvh", "termen", "stijl", "ondergetekenden", "overwegingen", "artikelen", "slot",
        "bijlagen", "partijen", "volgorde_ondergetekenden", "duur", "secretariaat", "basis",
        "weglaten", "ondertekend", "voorzitter"}
INHERITED = ("stijl", "ondergetekenden", "overwegingen", "artikelen", "slot", "bijlagen", "duur")
"""What a region with a ``basis`` takes from it when its manifest does not say."""
SECRETARIAAT_KEYS = ("functie", "naam", "adres", "plaats", "email", "telefoon")
VOORZITTER_KEYS = ("functie", "naam")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]{2,18}[0-9]$")
"""A phone number as people write it: "078 770 4000", "14 078", "+31 (0)70 353 3000"."""
DUUR_KEYS = {"inwerkingtreding", "looptijd_jaren", "ten_minste", "verlenging_jaren"}
STIJL_KEYS = {"artikelkop", "enkel_lid_nummeren"}


class _Reader(Record):
    """A manifest's fields; each kind of field read by its own method."""

    def single(self, key) -> Ref | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.add(self.line_of(key), _("{key!r} must be one clause id, {not_value}").format(
                key=key, not_value=not_text(value)))
            return None
        return Ref(value, self.data.line_of(key))

    def id_list(self, key, numbered_key: str | None = None) -> list[Ref]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, LList):
            self.add(self.line_of(key), _("{key!r} must be a list of ids, not {value}").format(
                key=key, value=describe(value)))
            return []
        refs, seen = [], {}
        for item, line in zip(value, value.item_lines):
            ref = None
            if isinstance(item, str):
                ref = Ref(item, line)
            elif numbered_key and isinstance(item, LDict) and isinstance(item.get("id"), str):
                entry = Record(item, self.path, self.problems)
                entry.unknown(("id", numbered_key), repr(key),
                              _("expected 'id' and '{key}'").format(key=numbered_key))
                ref = Ref(item["id"], line, entry.flag(numbered_key))
            else:
                expected = (_("an id, or 'id' with '{key}'").format(key=numbered_key)
                            if numbered_key else _("an id"))
                self.add(line, _("invalid entry in {key!r}: {value} (expected {expected})").format(
                    key=key, value=describe(item), expected=expected))
                continue
            if ref.id in seen:
                self.add(line, _("duplicate id {id} in {key!r} (also line {line})").format(
                    id=shown(ref.id), key=key, line=seen[ref.id]))
                continue
            seen[ref.id] = line
            refs.append(ref)
        return refs

    def terms(self) -> tuple[dict[str, str], dict[str, int]]:
        value = self.data.get("termen")
        if value is None:
            return {}, {}
        if not isinstance(value, LDict):
            self.add(self.line_of("termen"), _("'termen' must map term names to text, not "
                                               "{value}").format(value=describe(value)))
            return {}, {}
        terms, lines = {}, {}
        for name, text in value.items():
            line = value.line_of(name)
            if not isinstance(name, str) or not TERM_RE.fullmatch(name):
                self.add(line, _("invalid term name {name}: use a-z, 0-9 and '_'").format(
                    name=shown(name)))
            elif text_value(text, self.path, line, self.problems,
                            _("term {name}").format(name=shown(name))) is None:
                pass
            elif "{{" in text or "}}" in text:
                self.add(line, _("term {name} contains '{{{{' or '}}}}': a term is printed as "
                                 "written, placeholders in it are not filled in ({text})").format(
                    name=shown(name), text=shown(text)))
            else:
                terms[name], lines[name] = text, line
        return terms, lines

    def style(self) -> Style:
        style = Style()
        stijl = self.mapping("stijl", _("'stijl' must be a mapping"))
        if stijl is None:
            return style
        stijl.unknown(STIJL_KEYS, "stijl", expected="")
        if "artikelkop" in stijl.data:
            kop = text_value(stijl.data["artikelkop"], self.path, stijl.line_of("artikelkop"),
                             self.problems, "'artikelkop'")
            if kop is not None:
                style.artikelkop = kop
        style.enkel_lid_nummeren = stijl.flag("enkel_lid_nummeren", style.enkel_lid_nummeren)
        return style

    def duration(self) -> Duration | None:
        if self.data.get("duur") is None:
            if "basis" not in self.data:
                self.add(self.data.line, _("missing 'duur' (inwerkingtreding, looptijd_jaren, "
                                           "verlenging_jaren)"))
            return None
        duur = self.mapping("duur", _("'duur' must be a mapping"))
        if duur is None:
            return None
        duur.unknown(DUUR_KEYS, "duur", expected="")
        value = duur.data
        start = value.get("inwerkingtreding")
        if start != "ondertekening":
            start = duur.date("inwerkingtreding", _("'ondertekening' or a date written YYYY-MM-DD"))
            start = start or "ondertekening"
        numbers = {}
        for key, default in (("looptijd_jaren", None), ("verlenging_jaren", 1)):
            number = value.get(key, default)
            if not isinstance(number, int) or isinstance(number, bool) or number < 1:
                self.add(value.line_of(key), _("{key!r} must be a whole number of years, not "
                                               "{value}").format(key=key, value=describe(number)))
                number = 1
            numbers[key] = number
        return Duration(start, numbers["looptijd_jaren"], duur.flag("ten_minste", False),
                        numbers["verlenging_jaren"])

    def secretariat(self) -> Secretariat | None:
        line = self.line_of("secretariaat")
        secretariaat = self.mapping("secretariaat", _("'secretariaat' must be a mapping (functie, "
                                                      "adres, plaats, naam, email)"),
                                    "secretariaat", line)
        if secretariaat is None:
            return None
        value = secretariaat.data
        secretariaat.unknown(SECRETARIAAT_KEYS, "secretariaat")
        texts = {key: secretariaat.text(key, required=key in ("functie", "plaats"))
                 for key in ("functie", "plaats", "naam", "email", "telefoon")}
        if texts["email"] and not EMAIL_RE.fullmatch(texts["email"]):
            self.add(value.line_of("email"), _("secretariaat: invalid e-mail address {email}").format(
                email=shown(texts["email"])))
        if texts["telefoon"] and not PHONE_RE.fullmatch(texts["telefoon"]):
            self.add(value.line_of("telefoon"), _("secretariaat: invalid phone number {phone} "
                                                  "(digits, spaces, '+', '-', '(' and ')', e.g. "
                                                  "'078 770 4000')").format(
                phone=shown(texts["telefoon"])))
        adres = value.get("adres")
        if not isinstance(adres, LList) or not adres:
            self.add(secretariaat.line_of("adres"),
                     _("secretariaat: 'adres' must list the postal address line by line, not "
                       "{value}").format(value=describe(adres)))
            adres = []
        for item, item_line in zip(adres, getattr(adres, "item_lines", [])):
            if text_value(item, self.path, item_line, self.problems,
                          _("secretariaat: each line of 'adres'")) is None:
                adres = []
            elif not item.strip():
                self.add(item_line, _("secretariaat: a line of 'adres' is empty"))
                adres = []
        return Secretariat(texts["functie"], [a.strip() for a in adres], texts["plaats"],
                           texts["naam"], texts["email"], texts["telefoon"], line)

    def chair(self) -> Chair | None:
        line = self.line_of("voorzitter")
        voorzitter = self.mapping("voorzitter", _("'voorzitter' must be a mapping (functie, naam)"),
                                  "voorzitter", line)
        if voorzitter is None:
            return None
        voorzitter.unknown(VOORZITTER_KEYS, "voorzitter")
        return Chair(voorzitter.text("functie", required=True), voorzitter.text("naam"), line)


def load_manifest(path: Path, problems: Problems, source=None) -> Manifest | None:
    """Load one region's manifest; the region id is the file name."""
    data = load_mapping(path, problems, source, _("a manifest must be a mapping (titel, zvh, "
                                                  "artikelen, partijen, ...)"))
    if data is None:
        return None
    region = path.stem
    if not REGION_RE.fullmatch(region):
        problems.add(path, None, _("invalid region id {region} (the file name): use a-z, 0-9, "
                                   "'-'").format(region=shown(region)))
    r = _Reader(data, path, problems)
    r.unknown(sorted(KEYS))
    terms, term_lines = r.terms()
    manifest = Manifest(
        region=region, path=path, titel=r.text("titel", required=True, blank=_("is empty")),
        zvh=r.text("zvh", required=True, blank=_("is empty")),
        termen=terms, term_lines=term_lines, stijl=r.style(),
        ondergetekenden=r.single("ondergetekenden"), overwegingen=r.single("overwegingen"),
        artikelen=r.id_list("artikelen", "enkel_lid_nummeren"), slot=r.single("slot"),
        bijlagen=r.id_list("bijlagen", "genummerd"), partijen=r.id_list("partijen"),
        volgorde_ondergetekenden=r.id_list("volgorde_ondergetekenden"), duur=r.duration(),
        secretariaat=r.secretariat(), voorzitter=r.chair(), line_of=dict(data.key_lines),
        basis=Ref(r.text("basis"), data.line_of("basis")) if "basis" in data else None,
        weglaten=r.id_list("weglaten"), chain=[region],
        own_terms=dict(terms), signed=r.flag("ondertekend", True),
    )
    if manifest.basis is None and not manifest.artikelen and \
            isinstance(data.get("artikelen"), (LList, type(None))):
        r.add(data.line_of("artikelen"), _("'artikelen' must list at least one clause"))
    return manifest


def load_manifests(root: Path, problems: Problems, source) -> dict[str, Manifest]:
    return load_folder(root, problems, source, load_manifest)
