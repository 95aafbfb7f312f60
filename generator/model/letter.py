"""Letters from the secretary of the Stuurgroep, and single signature pages.

Built from the registry and a region's Document by the commands that write letters
(``pakket``); rendered by generator.render.letters_pdf. Text is plain: renderers escape it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..dates import dutch_date
from .blocks import SignatureBlock
from .manifests import Secretariat
from .parties import Party

TITLE_RE = re.compile(r"^(?:[a-z]{1,5}\.)+$")
"""Academic and professional titles: "drs.", "mr.", "dr.", "ir.", "prof.", "ing."."""
INITIALS_RE = re.compile(r"^(?:[A-Z][a-z]?\.)+$")
"""Initials: "A.", "A.W.", "Th.", "Chr.J."; a bare "A" is not initials."""


@dataclass
class Lines:
    """A block of lines set apart in a letter (an address, a quotation); each line starts a new
    line and wraps at the margin when it is longer."""

    lines: list[str]


@dataclass
class Letter:
    """A letter on the secretariat's letterhead, to one party."""

    key: str
    """Identifies the letter among others rendered together (the party id)."""
    sender: Secretariat
    zvh: str
    addressee: list[str]
    """The address block, in the envelope's window: the formal name, for whose attention, the
    postal address line by line."""
    date_line: str
    """"Dordrecht, 23 november 2026"."""
    subject: str
    salutation: str
    body: list[str | Lines]
    kenmerk: str = ""
    """"Ons kenmerk" (see kenmerk()): quoted back by the party, it names the letter."""
    references: list[tuple[str, str]] = field(default_factory=list)
    """Label and value shown under the subject ("Versie", "2026-1")."""
    closing: str = "Met vriendelijke groet,"
    enclosures: list[str] = field(default_factory=list)
    footer: str = ""
    """Printed at the bottom of every page (the version label)."""

    @property
    def signatory(self) -> list[str]:
        """Who signs: the secretary's name (when the manifest gives it), the function, the ZVH."""
        return [line for line in (self.sender.naam, _capital(self.sender.functie), self.zvh) if line]

    @property
    def contact(self) -> list[tuple[str, str]]:
        """The contact lines beside the address block: who to ask, phone, e-mail (those known)."""
        sec = self.sender
        rows = [("Contactpersoon", sec.naam), ("Telefoon", sec.telefoon), ("E-mail", sec.email)]
        return [(label, value) for label, value in rows if value]


@dataclass
class SignaturePage:
    """One party's page to sign and return: the text it signs, and its block alone."""

    key: str
    title: str
    zvh: str
    version: str
    """"Versie 2026-1, vastgesteld door de Stuurgroep op 1 november 2026" or the werkversie."""
    fingerprint: str
    intro: str
    """The convenant's own words before the signature blocks ("Aldus overeengekomen:")."""
    block: SignatureBlock
    return_address: list[str] = field(default_factory=list)
    """Where the signed page goes (the secretariat)."""
    footer: str = ""
    code: str = ""
    """What the page's QR code carries (signature_code): a returned scan is checked by it."""


CODE_PREFIX = "convenant"
CODE_RE = re.compile(r"convenant:([^:\s]+):([^:\s]+):([0-9a-f]{64})")
"""The QR code of a signature page: ``convenant:REGION:VERSION:FINGERPRINT`` (fullmatch)."""


def signature_code(region: str, version: str, fingerprint: str) -> str:
    """The text of a signature page's QR code: the region, the version's name ("werkversie"
    for a text not recorded as a version) and the fingerprint of the text signed. The same on
    every party's page of a version, so that it is made once per run."""
    return f"{CODE_PREFIX}:{region}:{version}:{fingerprint}"


KINDS = {"pakket": "TP", "herinnering": "HR", "kennisgeving": "TK", "mededeling": "TM",
         "uittreding": "UT"}
"""The letter kinds in a kenmerk: tekenpakket, herinnering, toetreding (kennisgeving vooraf,
mededeling), uittreding."""


def kenmerk(region: str, kind: str, subject: str, party: str, date: dt.date) -> str:
    """"ZHZ/TP/2025-1/alblasserdam/20261123": the region, the kind of letter (KINDS), what
    it is about (the version, or the organisation acceding or leaving), the addressee's party id
    and the letter's date. Made from the data alone, so the same letter has the same kenmerk
    when it is made again, and no two letters of a run share one."""
    return f"{region.upper()}/{KINDS[kind]}/{subject}/{party}/{date:%Y%m%d}"


def contact_sentence(sender: Secretariat) -> str:
    """"neemt u dan contact op met ..." completed with the secretary's name, phone and e-mail
    where known: "met A. de Vries, secretaris van de Stuurgroep (telefoon 14 078, e-mail
    ...)"; without a name, "met het secretariaat van de Stuurgroep"."""
    who = (f"{sender.naam}, {sender.functie}" if sender.naam
           else "het secretariaat van de Stuurgroep")
    how = [f"{label} {value}" for label, value in (("telefoon", sender.telefoon),
                                                     ("e-mail", sender.email)) if value]
    return f"neemt u dan contact op met {who}" + (f" ({', '.join(how)})" if how else "")


_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
           "december")
_UNBREAKABLE = [
    # "23 november 2026", "23 november": a date is never split over two lines
    (re.compile(rf"\b(\d{{1,2}}) ({_MONTHS})(?: (\d{{4}}))?\b"),
     lambda m: "\u00a0".join(g for g in m.groups() if g)),
    # "J.W. Boersma", "drs. A.J. Rotering", "de heer J.W.": initials stay with what follows
    (re.compile(r"\b((?:[A-Z][a-z]?\.)+|(?:mr|drs|dr|ir|ing|prof)\.) (?=\S)"), lambda m: m.group(1) + "\u00a0"),
    # "artikel 21.2", "Bijlage 1": a reference stays one
    (re.compile(r"\b(artikel|Artikel|bijlage|Bijlage) (?=\d)"), lambda m: m.group(1) + "\u00a0"),
]


def unbreakable(text: str) -> str:
    """``text`` with non-breaking spaces inside dates, after initials and titles, and in
    "artikel 21.2": what a letter must not break over two lines (the PDF sets them)."""
    for pattern, repl in _UNBREAKABLE:
        text = pattern.sub(repl, text)
    return text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def surname(name: str) -> str:
    """The surname for a salutation: "drs. A.J. van der Berg" → "Van der Berg"."""
    words = name.split()
    while words and (TITLE_RE.match(words[0]) or INITIALS_RE.match(words[0])):
        words.pop(0)
    return _capital(" ".join(words)) if words else name


def salutation(party: Party, region: str) -> str:
    """"Geachte heer Kolff," or, without a named representative, "Geachte heer, mevrouw,"."""
    rep = party.representative(region)
    if rep is None or not rep.naam:
        return "Geachte heer, mevrouw,"
    title = rep.aanhef.removeprefix("de ")  # "de heer" → "Geachte heer"
    return f"Geachte {title} {surname(rep.naam)},"


def addressee(party: Party, region: str) -> list[str]:
    """The address block: the organisation, for whose attention, the postal address if known
    (the party's address for ``region`` when its file gives one, see Party.address_in)."""
    rep = party.representative(region)
    if rep is not None and rep.naam:
        attention = f"t.a.v. {rep.aanhef} {rep.naam}" + (f", {rep.functie}" if rep.functie else "")
    else:
        attention = "t.a.v. de bevoegde vertegenwoordiger"
    address = [part.strip() for part in party.address_in(region).split(",") if part.strip()]
    return [_capital(party.signing_name(region)), attention, *address]


def date_line(sender: Secretariat, date: dt.date) -> str:
    return f"{sender.plaats}, {dutch_date(date)}"


def letter_text(letter: Letter) -> str:
    """The letter as plain text, for the body of the e-mail that carries it as a PDF."""
    parts = [letter.salutation]
    for item in letter.body:
        parts.append("\n".join(f"    {line}" for line in item.lines) if isinstance(item, Lines)
                     else item)
    parts.append("\n".join([letter.closing, "", *letter.signatory]))
    if letter.enclosures:
        parts.append("Bijlage(n):\n" + "\n".join(f"- {e}" for e in letter.enclosures))
    return "\n\n".join(parts) + "\n"
