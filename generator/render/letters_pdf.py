"""Letters and single signature pages as PDF, many in one go (reportlab).

The convenant itself is set by weasyprint; letters and signature pages are made once per
party, and weasyprint's ~20 ms per page would dominate a run for 30 to 200 parties. reportlab
sets such a page in about 1.5 ms, in the same typefaces (Source Serif and Source Sans). All
items of a run go into one PDF; ``render_letters`` returns which pages hold which item, so the
caller can cut the file into per-party parts (generator.render.pdf_assemble).
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, PageBreak,
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)

from ..model.letter import Letter, Lines, SignaturePage

INK = colors.HexColor("#111111")
GREY = colors.HexColor("#555555")
ACCENT = colors.HexColor("#1d3557")
WIDTH, HEIGHT = A4
LEFT, RIGHT, TOP, BOTTOM = 25 * mm, 20 * mm, 20 * mm, 22 * mm
TEXT_WIDTH = WIDTH - LEFT - RIGHT

SERIF, SERIF_BOLD, SERIF_ITALIC = "ConvenantSerif", "ConvenantSerif-Bold", "ConvenantSerif-Italic"
SANS, SANS_BOLD = "ConvenantSans", "ConvenantSans-Bold"


def _register_fonts() -> None:
    """The convenant's typefaces, registered with reportlab once per process."""
    if SERIF in pdfmetrics.getRegisteredFontNames():
        return
    import font_source_sans_pro
    import font_source_serif_pro

    serif = Path(font_source_serif_pro.font_directory)
    sans = Path(font_source_sans_pro.font_directory)
    for name, path in ((SERIF, serif / "SourceSerifPro-Regular.ttf"),
                       (SERIF_BOLD, serif / "SourceSerifPro-Bold.ttf"),
                       (SERIF_ITALIC, serif / "SourceSerifPro-It.ttf"),
                       (SANS, sans / "SourceSansPro-Regular.ttf"),
                       (SANS_BOLD, sans / "SourceSansPro-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC,
                                  boldItalic=SERIF_BOLD)
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS,
                                  boldItalic=SANS_BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=SERIF, fontSize=10, leading=13.6, textColor=INK,
                          spaceAfter=6, alignment=TA_LEFT)
    return {
        "body": body,
        "address": ParagraphStyle("address", parent=body, spaceAfter=0),
        "indented": ParagraphStyle("indented", parent=body, leftIndent=10 * mm),
        "sender": ParagraphStyle("sender", fontName=SANS, fontSize=8, leading=10.5, textColor=GREY),
        "label": ParagraphStyle("label", fontName=SANS, fontSize=8.5, leading=12, textColor=GREY),
        "ref": ParagraphStyle("ref", parent=body, spaceAfter=0, fontSize=10, leading=13),
        "kicker": ParagraphStyle("kicker", fontName=SANS_BOLD, fontSize=9, leading=12,
                                 textColor=ACCENT, spaceAfter=2 * mm),
        "title": ParagraphStyle("title", fontName=SANS_BOLD, fontSize=15, leading=19,
                                textColor=INK, spaceAfter=2 * mm),
        "meta": ParagraphStyle("meta", fontName=SANS, fontSize=9, leading=12.5, textColor=GREY),
        "org": ParagraphStyle("org", fontName=SANS_BOLD, fontSize=11, leading=14, textColor=INK,
                              spaceAfter=1.5 * mm),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: escaped, so names like "Ça & Zo <Nieuw>" print as written."""
    return Paragraph(escape(text), style)


def _lines(lines: list[str], style: ParagraphStyle) -> Paragraph:
    return Paragraph("<br/>".join(escape(line) for line in lines), style)


class _Mark(Flowable):
    """Zero-size marker: records the page on which an item starts."""

    def __init__(self, item, run: "_Run"):
        super().__init__()
        self.item, self.run = item, run

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.run.starts.append(self.canv.getPageNumber())
        self.run.current = self.item


class _Rule(Flowable):
    def __init__(self, width: float, color=GREY, thickness: float = 0.5):
        super().__init__()
        self.width, self.color, self.thickness = width, color, thickness

    def wrap(self, available_width, available_height):
        return self.width, self.thickness

    def draw(self):
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, 0, self.width, 0)


class _Run:
    """The state of one render: where items start, which item is on the page."""

    def __init__(self):
        self.starts: list[int] = []
        self.current = None
        self.styles = _styles()

    # ------------------------------------------------------------ page furniture
    def page_end(self, canvas, doc) -> None:
        item = self.current
        if item is None:
            return
        canvas.saveState()
        page = canvas.getPageNumber()
        first = self.starts[-1] == page
        if isinstance(item, Letter) and first:
            canvas.setFillColor(ACCENT)
            canvas.setFont(SANS_BOLD, 12.5)
            canvas.drawString(LEFT, HEIGHT - 20 * mm, item.zvh)
            canvas.setFillColor(GREY)
            canvas.setFont(SANS, 9)
            canvas.drawString(LEFT, HEIGHT - 25 * mm, "Secretariaat van de Stuurgroep")
            canvas.setStrokeColor(ACCENT)
            canvas.setLineWidth(1.2)
            canvas.line(LEFT, HEIGHT - 28.5 * mm, WIDTH - RIGHT, HEIGHT - 28.5 * mm)
        elif not first:
            canvas.setFillColor(GREY)
            canvas.setFont(SANS, 8)
            canvas.drawString(LEFT, HEIGHT - 14 * mm, item.zvh)
            canvas.drawRightString(WIDTH - RIGHT, HEIGHT - 14 * mm, f"blad {page - self.starts[-1] + 1}")
        canvas.setFillColor(GREY)
        canvas.setFont(SANS, 7)
        if item.footer:
            canvas.drawString(LEFT, 12 * mm, item.footer)
        canvas.restoreState()

    # ------------------------------------------------------------ stories
    def letter(self, letter: Letter) -> list:
        s = self.styles
        sender = list(letter.sender.adres)
        if letter.sender.email:
            sender.append(letter.sender.email)
        head = Table([[_lines(letter.addressee, s["address"]), _lines(sender, s["sender"])]],
                     colWidths=[TEXT_WIDTH - 60 * mm, 60 * mm])
        head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        rows = [("Datum", letter.date_line), ("Onderwerp", letter.subject), *letter.references]
        refs = Table([[_p(label, s["label"]), _p(value, s["ref"])] for label, value in rows],
                     colWidths=[28 * mm, TEXT_WIDTH - 28 * mm])
        refs.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                                  ("TOPPADDING", (0, 0), (-1, -1), 1.5)]))
        story = [Spacer(0, 12 * mm), head, Spacer(0, 12 * mm), refs, Spacer(0, 8 * mm),
                 _p(letter.salutation, s["body"])]
        for part in letter.body:
            if isinstance(part, Lines):
                story.append(_lines(part.lines, s["indented"]))
            else:
                story.append(_p(part, s["body"]))
        closing = [_p(letter.closing, s["body"]), Spacer(0, 12 * mm),
                   _lines(letter.signatory, s["address"])]
        if letter.enclosures:
            closing += [Spacer(0, 6 * mm), _p("Bijlagen:", s["label"]),
                        _lines([f"– {e}" for e in letter.enclosures], s["sender"])]
        story.append(KeepTogether(closing))
        return story

    def signature_page(self, page: SignaturePage) -> list:
        s = self.styles
        story = [_p("TEKENBLAD", s["kicker"]), _p(page.title, s["title"]),
                 _lines([page.version, f"Vingerafdruk van de tekst (SHA-256): {page.fingerprint}"],
                        s["meta"]),
                 Spacer(0, 5 * mm), _Rule(TEXT_WIDTH), Spacer(0, 10 * mm)]
        if page.intro:
            story += [Paragraph(f"<b>{escape(page.intro)}</b>", s["body"]), Spacer(0, 6 * mm)]
        block = []
        for line in page.block.lines():
            label = f"{line.label} " if line.label else ""
            if line.kind == "org":
                block.append(_p(label + line.text, s["org"]))
            elif line.kind == "rep":
                block.append(_p(line.text, s["body"]))
            else:
                gap = 16 * mm if line.kind == "sign" else 7 * mm
                field = Table([[_p(line.label, s["body"]), ""]],
                              colWidths=[34 * mm, 90 * mm], rowHeights=[gap])
                field.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                           ("BOTTOMPADDING", (0, 0), (0, 0), -2),
                                           ("LINEBELOW", (1, 0), (1, 0), 0.6, INK)]))
                field.hAlign = "LEFT"
                block += [field, Spacer(0, 3 * mm)]
        story.append(KeepTogether(block))
        if page.return_address:
            story += [Spacer(0, 14 * mm), _Rule(TEXT_WIDTH, thickness=0.3), Spacer(0, 3 * mm),
                      _p("Na ondertekening terugsturen aan:", s["label"]),
                      _lines(page.return_address, s["sender"])]
        return story


def render_letters(items: list[Letter | SignaturePage], title: str = "") -> tuple[bytes, list[range]]:
    """All items in one PDF, each starting on a new page.

    Returns the PDF and, per item in order, the range of its (0-based) page indices.
    """
    if not items:
        raise ValueError("nothing to render")
    _register_fonts()
    run = _Run()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT,
                          topMargin=TOP, bottomMargin=BOTTOM, title=title, author="convenant",
                          creator="convenant", invariant=1)
    frame = Frame(LEFT, BOTTOM, TEXT_WIDTH, HEIGHT - TOP - BOTTOM, id="text",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("page", [frame], onPageEnd=run.page_end)])
    story: list = []
    for index, item in enumerate(items):
        if index:
            story.append(PageBreak())
        story.append(_Mark(item, run))
        story += run.letter(item) if isinstance(item, Letter) else run.signature_page(item)
    doc.build(story)
    total = doc.page
    ends = run.starts[1:] + [total + 1]
    return buffer.getvalue(), [range(start - 1, end - 1) for start, end in zip(run.starts, ends)]


__all__ = ["render_letters"]
