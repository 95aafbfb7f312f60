"""Signature packages: what the secretariat sends each party to sign a version (art. 21.2).

A package is a cover letter, the full convenant and the party's own signature page. This
module decides what goes in (which version, which parties, their status in the register) and
writes the letters' Dutch text; generator.commands.pakket renders and writes the files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .assemble import signature_block
from .dates import dutch_date
from .model.blocks import Paragraph, SignatureBlock, SignatureBlocks
from .model.document import Document, block_text
from .model.ledger import Signature, Version
from .model.letter import Letter, Lines, SignaturePage, addressee, date_line, salutation
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

    @property
    def status(self) -> str:
        s = self.signature
        return f"getekend op {dutch_date(s.date)} te {s.place}" if s else "openstaand"


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
    warnings: list[str] = field(default_factory=list)

    @property
    def folder(self) -> str:
        return self.version.name if self.version else WORKTREE_DIR

    @property
    def selected(self) -> list[Row]:
        return [row for row in self.rows if row.package]

    # ---------------------------------------------------------------- wording
    @property
    def version_words(self) -> str:
        """"versie 2026-1" or "werkversie (nog niet vastgesteld)"."""
        return f"versie {self.version.name}" if self.version else "werkversie (nog niet vastgesteld)"

    @property
    def version_line(self) -> str:
        if self.version is None:
            return "Werkversie: deze tekst is (nog) niet als versie vastgesteld door de Stuurgroep"
        return (f"Versie {self.version.name}, vastgesteld door de Stuurgroep op "
                f"{dutch_date(self.version.decided)}")

    def intro(self) -> str:
        """The convenant's own words before the signature blocks ("Aldus overeengekomen:")."""
        for section in (self.doc.slot.sections if self.doc.slot else []):
            for block in section.blocks:
                if isinstance(block, SignatureBlocks):
                    return ""
                if isinstance(block, Paragraph):
                    return " ".join(block_text(block)).strip()
        return ""

    def signature_page(self, row: Row) -> SignaturePage:
        return SignaturePage(
            key=row.party.id, title=self.doc.title, zvh=self.doc.zvh, version=self.version_line,
            fingerprint=self.doc.fingerprint, intro=self.intro(), block=row.block,
            return_address=self.secretariat.adres, footer=f"{self.doc.version_label} · tekenblad {row.block.organisation}")

    def cover_letter(self, row: Row) -> Letter:
        doc, sec, party = self.doc, self.secretariat, row.party
        resign = doc.cite("wijzigingen", "ondertekening", "artikel 21.2")
        name = row.block.organisation
        if self.version is not None:
            opening = (f"Op {dutch_date(self.version.decided)} heeft de Stuurgroep versie "
                       f"{self.version.name} van het {doc.title} vastgesteld. Op grond van "
                       f"{resign} wordt het convenant door alle Partijen (opnieuw) ondertekend. "
                       f"Hierbij ontvangt u deze versie ter ondertekening namens {name}.")
        else:
            opening = (f"Hierbij ontvangt u het {doc.title} ter ondertekening namens {name}. "
                       "De Stuurgroep heeft deze tekst nog niet als versie vastgesteld; het "
                       "tekenblad en iedere pagina noemen daarom de vingerafdruk van de tekst.")
        signer = (f"{row.block.aanhef} {row.block.name}".strip() if row.block.has_representative
                  else "de bevoegde vertegenwoordiger van uw organisatie")
        body: list[str | Lines] = [
            opening,
            (f"Na deze brief volgt het volledige convenant ({self.pages} pagina's), en als laatste "
             f"pagina het tekenblad van {name}. Alleen het tekenblad hoeft te worden ondertekend, "
             f"door {signer}, met vermelding van datum en plaats."),
            (f"Het tekenblad noemt de vingerafdruk van de tekst, {doc.fingerprint[:12]}; dezelfde "
             "vingerafdruk staat onderaan iedere pagina van het convenant. Zo staat vast welke "
             "tekst u ondertekent."),
            ("Wij verzoeken u het ondertekende tekenblad "
             + (f"vóór {dutch_date(self.return_by)} " if self.return_by else "")
             + "terug te sturen naar:"),
            Lines(sec.adres),
        ]
        if sec.email:
            body.append(f"Een scan van het ondertekende tekenblad mag ook per e-mail naar "
                        f"{sec.email}; stuurt u dan het origineel per post na.")
        body.append("Heeft u vragen over deze versie of over de ondertekening, neemt u dan "
                    "contact op met het secretariaat van de Stuurgroep.")
        references = [("Versie", self.version.name if self.version else "werkversie"),
                      ("Vingerafdruk", doc.fingerprint)]
        return Letter(
            key=party.id, sender=sec, zvh=doc.zvh, addressee=addressee(party, self.region),
            date_line=date_line(sec, self.letter_date),
            subject=f"Ondertekening {doc.title}, {self.version_words}",
            salutation=salutation(party, self.region), body=body, references=references,
            enclosures=[f"{doc.title}, {self.version_words}", f"Tekenblad {name}"],
            footer=doc.version_label)


def plan(doc: Document, parties: dict[str, Party], version: Version | None,
         signed: dict[str, Signature], selected: set[str], secretariat: Secretariat,
         letter_date: dt.date, return_by: dt.date | None = None) -> Plan:
    """The overview rows in signing order; ``selected`` names the parties getting a package."""
    blocks = {block.party_id: block for block in doc.signature_blocks()}
    rows = []
    for party_id in doc.party_ids:
        party = parties[party_id]
        block = blocks.get(party_id) or signature_block(party, doc.region)
        rows.append(Row(party, block, signed.get(party_id), party_id in selected))
    return Plan(doc.region, doc, version, secretariat, rows, letter_date, return_by)

