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
    date_line: str
    """"Dordrecht, 23 november 2026"."""
    subject: str
    salutation: str
    body: list[str | Lines]
    references: list[tuple[str, str]] = field(default_factory=list)
    """Label and value shown under the subject ("Versie", "2026-1")."""
    closing: str = "Met vriendelijke groet,"
    enclosures: list[str] = field(default_factory=list)
    footer: str = ""
    """Printed at the bottom of every page (the version label)."""

    @property
    def signatory(self) -> list[str]:
        """Who signs: the secretary's name when known, the function, the ZVH."""
        return [line for line in (self.sender.naam, _capital(self.sender.functie), self.zvh) if line]


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
    return [party.signing_name(region), attention, *address]


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
