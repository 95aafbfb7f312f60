"""The executed copy's own pages on a reportlab canvas: the index, and a page for each party
whose scan is not there ("geen scan bewaard", or "ontbreekt" in a concept).

Set like the letters (generator.render.letters_pdf), in the convenant's typefaces and for the
same reason: weasyprint took 2.5 s for the index of 200 parties (a table of ten pages; ~0.25 s
a page) and ~45 ms for each placeholder page, more than the rest of the executed copy beyond
the convenant itself; here they take a few milliseconds. Text is drawn as given: no markup.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from ..dates import dutch_date
from ..model.register import UNKNOWN
from . import letters_pdf as lp
from .getekend import MISSING, SCAN, Executed, Sheet

RED = colors.HexColor("#a4161a")
RULE = colors.HexColor("#bbbbbb")
COLUMNS = (("nr", 7), ("Partij", 58), ("Datum", 27), ("Plaats", 25), ("Ondertekend door", 38),
           ("blz.", 10))
"""The index's columns and their widths in mm (together the text width, 165 mm)."""
CELL = (lp.SERIF, 9, 11.5)
"""Font, size and leading of a cell."""
SMALL = (lp.SANS, 7.5, 9.5)
"""The line under each party: the scan's SHA-256 (or why there is none), an accession."""


class _Sheets:
    """A canvas with a cursor, turning pages as the text needs, a footer on every page."""

    def __init__(self, executed: Executed):
        lp._register_fonts()
        self.buffer = io.BytesIO()
        # initialFontName: the canvas starts in the bundled Sans, not reportlab's default
        # Helvetica (a font no PDF of the project may name without embedding it).
        self.canvas = Canvas(self.buffer, pagesize=lp.A4, invariant=1, pageCompression=1,
                             initialFontName=lp.SANS, initialFontSize=10, lang="nl")
        self.canvas.setTitle(executed.title)
        self.canvas.setAuthor("convenant")
        self.canvas.setCreator("convenant getekend")
        self.running = executed.running
        self.y = lp.HEIGHT - lp.TOP
        self.pages = 0
        self.on_new_page = None

    def text(self, x: float, line: str, font: tuple, color=lp.INK, right: bool = False) -> None:
        c = self.canvas
        c.setFont(font[0], font[1])
        c.setFillColor(color)
        (c.drawRightString if right else c.drawString)(x, self.y - font[1], line)

    def paragraph(self, text: str, font: tuple, color=lp.INK, width: float = lp.TEXT_WIDTH,
                  after: float = 6) -> None:
        for line in simpleSplit(text, font[0], font[1], width) or [""]:
            self.need(font[2])
            self.text(lp.LEFT, line, font, color)
            self.y -= font[2]
        self.y -= after

    def need(self, height: float) -> None:
        if self.y - height < lp.BOTTOM:
            self.page_break()
            if self.on_new_page:
                self.on_new_page()

    def page_break(self) -> None:
        c = self.canvas
        c.setFont(lp.SANS, 7)
        c.setFillColor(lp.GREY)
        c.drawString(lp.LEFT, 12 * mm, self.running)
        c.showPage()
        self.pages += 1
        self.y = lp.HEIGHT - lp.TOP

    def rule(self, color=RULE, width: float = 0.4) -> None:
        self.canvas.setStrokeColor(color)
        self.canvas.setLineWidth(width)
        self.canvas.line(lp.LEFT, self.y, lp.LEFT + lp.TEXT_WIDTH, self.y)

    def finish(self) -> bytes:
        self.page_break()
        self.canvas.save()
        return self.buffer.getvalue()


# ---------------------------------------------------------------- placeholder pages


def _placeholder_text(ex: Executed, sheet: Sheet) -> tuple[str, str]:
    """The heading and the paragraph of the page standing in for ``sheet``'s scan."""
    s, v = sheet.signature, ex.version.name
    if s is None:
        return ("Ontbreekt: nog niet ondertekend",
                f"{sheet.name} heeft versie {v} op {dutch_date(ex.today)} nog niet ondertekend. "
                "Dit exemplaar is daarom een concept: het getekende tekenblad komt op deze "
                "plaats zodra het is ontvangen en vastgelegd.")
    when = f" op {dutch_date(s.date)}" if s.date else ""
    where = f" te {s.place}" if s.place != UNKNOWN else ""
    by = f" (ondertekend door {s.by})" if s.by else ""
    unknown = "" if s.date else "; de datum is niet vastgelegd"
    return ("Geen scan bewaard",
            f"{sheet.name} heeft versie {v} ondertekend{when}{where}{by}{unknown}. De "
            f"ondertekening staat in het register ({ex.register}, regel {s.line}), maar van het "
            "getekende tekenblad is geen scan bewaard.")


def render_placeholders(executed: Executed) -> bytes | None:
    """One page for each sheet without a scan, in order; None when there is none."""
    sheets = [(n, s) for n, s in enumerate(executed.sheets, start=1) if s.scan is None]
    if not sheets:
        return None
    out = _Sheets(executed)
    for number, sheet in sheets:
        heading, text = _placeholder_text(executed, sheet)
        out.y = lp.HEIGHT - 90 * mm
        out.paragraph(f"TEKENBLAD · PARTIJ {number} VAN {len(executed.sheets)}",
                      (lp.SANS_BOLD, 8.5, 12), lp.ACCENT, after=8)
        out.paragraph(heading, (lp.SANS_BOLD, 16, 20), RED if sheet.state == MISSING else lp.GREY,
                      after=8)
        out.paragraph(sheet.name, (lp.SANS_BOLD, 13, 17), after=6)
        out.paragraph(text, (lp.SERIF, 10, 13.6), after=6)
        out.paragraph(f"Plaats van de scan: {sheet.path}", (lp.SANS, 8.5, 12), lp.GREY)
        out.page_break()
    out.canvas.save()
    return out.buffer.getvalue()


# ---------------------------------------------------------------- the index


def _head(out: _Sheets, ex: Executed) -> None:
    kicker = "GETEKEND EXEMPLAAR" + (" · CONCEPT" if ex.concept else "")
    out.paragraph(kicker, (lp.SANS_BOLD, 8.5, 12), lp.ACCENT, after=4)
    out.paragraph("Index van de ondertekeningen", (lp.SANS_BOLD, 16, 20), after=4)
    out.paragraph(ex.doc.title, (lp.SERIF, 11, 14), after=4)
    out.paragraph(ex.version_line, (lp.SANS, 8.5, 11), lp.GREY, after=0)
    out.paragraph(f"Vingerafdruk van de tekst (SHA-256): {ex.doc.fingerprint}", (lp.SANS, 8.5, 11),
                  lp.GREY, after=10)
    if ex.concept:
        if ex.missing:
            n = len(ex.missing)
            note = (f"CONCEPT — {n} van de {len(ex.sheets)} partijen {'heeft' if n == 1 else 'hebben'} "
                    f"deze versie op {dutch_date(ex.today)} nog niet ondertekend. Dit is geen "
                    "getekend exemplaar.")
        else:
            note = (f"CONCEPT — op {dutch_date(ex.today)} hebben alle partijen getekend; het "
                    "getekende exemplaar maakt „convenant getekend” zonder --concept.")
        top = out.y
        out.y -= 5
        out.paragraph(note, (lp.SERIF_BOLD, 10, 13.6), RED, width=lp.TEXT_WIDTH - 8 * mm, after=3)
        out.canvas.setStrokeColor(RED)
        out.canvas.setLineWidth(1)
        out.canvas.rect(lp.LEFT - 2 * mm, out.y, lp.TEXT_WIDTH + 2 * mm, top - out.y)
        out.y -= 10


def _intro(ex: Executed) -> list[str]:
    scans_at = ex.sheets[0].path.rsplit("/", 1)[0]
    lines = [f"Dit exemplaar bevat de tekst van versie {ex.version.name} (blz. 1–{ex.convenant_pages}) "
             f"en daarna de tekenbladen van de {len(ex.sheets)} partijen die door deze versie "
             f"gebonden zijn, in de volgorde van ondertekening (blz. {ex.convenant_pages + 1}–"
             f"{ex.index_first - 1}). Een tekenblad is de scan die bij de ondertekening is bewaard, "
             f"ongewijzigd overgenomen; de SHA-256 hieronder is die van het bestand "
             f"{scans_at}/PARTIJ.pdf, zoals vastgelegd in {ex.register}."]
    n = len(ex.without_scan)
    if n:
        lines.append(f"Van {n} ondertekening{'' if n == 1 else 'en'} is geen scan bewaard: het "
                     f"register legt {'haar' if n == 1 else 'ze'} vast zonder scan; op de plaats van "
                     "het tekenblad staat dan een blad „Geen scan bewaard”.")
    return lines


def _header_row(out: _Sheets) -> None:
    x = lp.LEFT
    for (label, width), right in zip(COLUMNS, (False,) * 5 + (True,)):
        out.text(x + width * mm if right else x, label.upper(), (lp.SANS_BOLD, 7, 9), lp.GREY, right)
        x += width * mm
    out.y -= 11
    out.rule(lp.GREY, 0.6)
    out.y -= 4


def _cells(number: int, sheet: Sheet) -> list[list[str]]:
    s = sheet.signature
    if s is None:
        values = [str(number), sheet.name, "nog niet ondertekend", "", "", str(sheet.first)]
    else:
        values = [str(number), sheet.name, dutch_date(s.date) if s.date else UNKNOWN, s.place,
                  s.by or "—", str(sheet.first)]
    widths = [width for _label, width in COLUMNS]
    if s is None:  # "nog niet ondertekend" runs over the date, place and signer's columns
        widths[2] = sum(widths[2:5])
    return [simpleSplit(value, CELL[0], CELL[1], (width - 2) * mm) or [""]
            for value, width in zip(values, widths)]


def _notes(sheet: Sheet) -> list[str]:
    s = sheet.signature
    notes = []
    if s is not None and s.accession:
        notes.append(f"toetreding (Bijlage 1), besluit van de Stuurgroep {dutch_date(s.decided)}")
    if sheet.state == SCAN:
        notes.append(f"SHA-256 van de scan: {s.scan}")
    else:
        notes.append("SHA-256 van de scan: " + ("geen scan bewaard" if s else "—"))
    return notes


def _row(out: _Sheets, number: int, sheet: Sheet) -> None:
    cells, notes = _cells(number, sheet), _notes(sheet)
    height = max(len(c) for c in cells) * CELL[2] + len(notes) * SMALL[2] + 6
    out.need(height)
    x, top = lp.LEFT, out.y
    for i, (lines, (_label, width)) in enumerate(zip(cells, COLUMNS)):
        out.y = top
        missing = sheet.signature is None and i == 2
        color = lp.GREY if i == 0 else RED if missing else lp.INK
        for line in lines:
            right = i == len(COLUMNS) - 1
            out.text(x + width * mm if right else x, line, CELL, color, right)
            out.y -= CELL[2]
        x += width * mm
    out.y = top - max(len(c) for c in cells) * CELL[2]
    for note in notes:
        out.text(lp.LEFT + COLUMNS[0][1] * mm, note, SMALL, lp.GREY)
        out.y -= SMALL[2]
    out.y -= 2
    out.rule()
    out.y -= 4


def render_index(executed: Executed) -> bytes:
    """The index: the version, its fingerprint, and per party date, place, who signed, the
    page of its sheet and the SHA-256 of its scan; the header row repeated on every page."""
    out = _Sheets(executed)
    _head(out, executed)
    for text in _intro(executed):
        out.paragraph(text, (lp.SERIF, 10, 13.6))
    out.y -= 6
    out.need(60)
    _header_row(out)
    out.on_new_page = lambda: _header_row(out)
    for number, sheet in enumerate(executed.sheets, start=1):
        _row(out, number, sheet)
    out.on_new_page = None
    out.y -= 8
    out.paragraph(f"Opgemaakt op {dutch_date(executed.today)} met „convenant getekend” uit het "
                  "register en de bewaarde scans.", (lp.SANS, 8.5, 11), lp.GREY)
    return out.finish()
