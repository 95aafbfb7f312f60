"""The executed copy of a version (`convenant getekend`): convenant, signed pages, index.

One PDF: the convenant of the version as rendered once, then every bound party's returned
signature page (the kept scan, its pages copied by pypdf without decoding or re-encoding any
stream, so the scanned bytes are in the result unchanged), then an index of the signatures.
A party without a kept scan gets a page of its own instead: "geen scan bewaard" when the
register records the signature without one, "ontbreekt" in a concept while it has not signed.
Those pages and the index are set on a reportlab canvas (generator.render.getekend_pdf).
Every page number is known before the index is set: the convenant's pages are counted, and
each scan's.

The outline (bookmarks): "Convenant" (with the convenant's own headings under it),
"Ondertekeningen" with one entry per party at its first page, and the index.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from ..letters import version_line
from ..model.document import Document
from ..model.register import Signature, Version

SCAN, NO_SCAN, MISSING = "scan", "geen scan", "ontbreekt"
"""What stands in the executed copy for a party: its scan, a page saying no scan was kept,
a page saying it has not signed (concept only)."""


@dataclass
class Sheet:
    """One bound party's place in the executed copy, in signing order."""

    party: str
    name: str
    """The name above its signature block ("Gemeente Dordrecht")."""
    signature: Signature | None
    scan: bytes | None = None
    """The kept signature page (PDF), checked against the register's SHA-256."""
    path: str = ""
    """Where the scan is (or would be) kept, relative to the root."""
    first: int = 0
    """1-based number of its first page in the executed copy (set when assembled)."""
    pages: int = 1

    @property
    def state(self) -> str:
        if self.signature is None:
            return MISSING
        return SCAN if self.scan is not None else NO_SCAN



@dataclass
class Executed:
    """Everything one `getekend` run puts together, decided before anything is rendered."""

    region: str
    doc: Document
    version: Version
    sheets: list[Sheet]
    concept: bool
    today: dt.date
    register: str
    """The register's path relative to the root (named on the placeholder pages)."""
    convenant_pages: int = 0
    index_first: int = 0

    @property
    def missing(self) -> list[Sheet]:
        return [s for s in self.sheets if s.state == MISSING]

    @property
    def without_scan(self) -> list[Sheet]:
        return [s for s in self.sheets if s.state == NO_SCAN]

    @property
    def version_line(self) -> str:
        return version_line(self.version)

    @property
    def running(self) -> str:
        """The line at the foot of the executed copy's own pages."""
        concept = "CONCEPT · " if self.concept else ""
        return f"{concept}Getekend exemplaar · {self.doc.zvh} · versie {self.version.name}"

    @property
    def title(self) -> str:
        concept = "CONCEPT " if self.concept else ""
        return f"{concept}Getekend exemplaar: {self.doc.title}, versie {self.version.name}"


def number_pages(executed: Executed, convenant_pages: int) -> None:
    """Each sheet's first page and the index's in the executed copy (1-based)."""
    executed.convenant_pages = page = convenant_pages
    for sheet in executed.sheets:
        sheet.first = page + 1
        page += sheet.pages
    executed.index_first = page + 1


def assemble_executed(executed: Executed, convenant: bytes, index: bytes,
                      placeholders: bytes | None, pdfa: bool = False) -> bytes:
    """The executed copy: the convenant, every sheet, the index, with bookmarks. The pages
    must fall where number_pages put them (AssertionError otherwise). ``pdfa``: the
    convenant is a PDF/A-2b and the whole says so too (render.pdfa)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter()
    main = PdfReader(io.BytesIO(convenant))
    writer.append(main, outline_item="Convenant")
    stand_in = PdfReader(io.BytesIO(placeholders)) if placeholders else None
    parent, next_placeholder = None, 0
    for sheet in executed.sheets:
        page = len(writer.pages)
        if page + 1 != sheet.first:
            raise AssertionError(f"{sheet.party}: page {page + 1}, numbered {sheet.first}")
        if sheet.scan is not None:  # copied as it is: no stream decoded or encoded again
            writer.append(PdfReader(io.BytesIO(sheet.scan)), import_outline=False)
        else:
            writer.append(stand_in, pages=[next_placeholder], import_outline=False)
            next_placeholder += 1
        if parent is None:  # an outline item needs its page to be there already
            parent = writer.add_outline_item(title="Ondertekeningen", page_number=page)
        label = sheet.name if sheet.state == SCAN else f"{sheet.name} ({sheet.state})"
        writer.add_outline_item(title=label, page_number=page, parent=parent)
    if stand_in is not None and next_placeholder != len(stand_in.pages):
        raise AssertionError(f"{len(stand_in.pages)} placeholder pages for {next_placeholder} sheets")
    first = len(writer.pages)
    if first + 1 != executed.index_first:
        raise AssertionError(f"the index starts on page {first + 1}, numbered {executed.index_first}")
    writer.append(PdfReader(io.BytesIO(index)), import_outline=False)
    writer.add_outline_item(title="Index van de ondertekeningen", page_number=first)
    writer.add_metadata({"/Title": executed.title, "/Creator": "convenant getekend"})
    if pdfa:
        from .pdfa import carry_pdfa
        carry_pdfa(writer, main, executed.title, "convenant getekend",
                   str(main.metadata.get("/Producer", "WeasyPrint")) + ", reportlab, pypdf")
    writer.root_object[NameObject("/Lang")] = TextStringObject("nl")
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_executed_copy(executed: Executed, convenant: bytes, pdfa: bool = False) -> bytes:
    """The executed copy around the convenant's PDF (rendered once by the caller; ``pdfa``:
    rendered as PDF/A-2b, and the executed copy made one too)."""
    from .getekend_pdf import render_index, render_placeholders
    from .pdf_assemble import page_count

    number_pages(executed, page_count(convenant))
    return assemble_executed(executed, convenant, render_index(executed),
                             render_placeholders(executed), pdfa)


__all__ = ["Executed", "Sheet", "render_executed_copy", "MISSING", "NO_SCAN", "SCAN"]
