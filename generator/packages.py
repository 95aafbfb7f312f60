"""Signature packages: what the secretariat sends each party to sign a version (art. 21.2).

A package is a cover letter, the full convenant and the party's own signature page. This
module decides what goes in (which version, which parties, their status in the register);
generator.letters words the letters, generator.commands.pakket renders and writes the files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import letters
from .assemble import signature_block
from .dates import dutch_date
from .model.blocks import SignatureBlock
from .model.document import Document
from .model.register import UNKNOWN, Signature, Version
from .model.manifests import Secretariat
from .model.parties import Party

WORKTREE_DIR = "werkversie"
"""Folder of the packages of a text that is no recorded version (first signing)."""


@dataclass
class Row:
    """One party in the overview, in signing order."""

    party: Party
    block: SignatureBlock
    signature: Signature | None
    package: bool
    """Whether this run makes a package for the party."""
    address: str = ""
    """The postal address for this region (Party.address_in); "" when the registry has none."""

    @property
    def status(self) -> str:
        s = self.signature
        if s is None:
            return "openstaand"
        when = f"op {dutch_date(s.date)}" if s.date else "(datum onbekend)"
        where = f" te {s.place}" if s.place != UNKNOWN else ""
        return f"getekend {when}{where}"


@dataclass
class Plan:
    """Everything one `pakket` run makes, decided before anything is rendered."""

    region: str
    doc: Document
    version: Version | None
    secretariat: Secretariat
    rows: list[Row]
    letter_date: dt.date
    return_by: dt.date | None = None
    pages: int = 0
    """Pages of the rendered convenant (known after rendering; named in the letter)."""

    @property
    def folder(self) -> str:
        return self.version.name if self.version else WORKTREE_DIR

    @property
    def selected(self) -> list[Row]:
        return [row for row in self.rows if row.package]

    @property
    def without_address(self) -> list[str]:
        """The parties of this run's packages that have no postal address ("adres ontbreekt")."""
        return [row.party.id for row in self.selected if not row.address]

    @property
    def version_words(self) -> str:
        """"versie 2026-1" or "werkversie (nog niet vastgesteld)" (for the overview)."""
        return letters.version_words(self.version)

    @property
    def version_line(self) -> str:
        return letters.version_line(self.version)


def plan(doc: Document, parties: dict[str, Party], version: Version | None,
         signed: dict[str, Signature], selected: set[str], secretariat: Secretariat,
         letter_date: dt.date, return_by: dt.date | None = None) -> Plan:
    """The overview rows in signing order; ``selected`` names the parties getting a package."""
    blocks = {block.party_id: block for block in doc.signature_blocks()}
    rows = []
    for party_id in doc.party_ids:
        party = parties[party_id]
        block = blocks.get(party_id) or signature_block(party, doc.region)
        rows.append(Row(party, block, signed.get(party_id), party_id in selected,
                        party.address_in(doc.region)))
    return Plan(doc.region, doc, version, secretariat, rows, letter_date, return_by)

