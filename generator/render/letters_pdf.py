"""Letters and single signature pages as PDF, many in one go (reportlab's canvas).

The convenant itself is set by weasyprint; letters and signature pages are made once per
party, and weasyprint's ~20 ms per page would dominate a run for 30 to 200 parties. These
pages are simple (paragraphs of plain text, an address block, lines to sign on), so they are
set directly on a reportlab canvas, in the convenant's typefaces (Source Serif and Source
Sans), at well under a millisecond a page. All items of a run go into one PDF;
``render_letters`` returns which pages hold which item, so the caller can cut the file into
per-party parts (generator.render.pdf_assemble).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..model.letter import Letter, Lines, SignaturePage
from .html import font_dirs

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
    serif, sans = font_dirs()
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


@dataclass(frozen=True)
class Style:
    font: str
    size: float
    leading: float
    color: object = INK
    after: float = 0.0
    """Space after the paragraph, in points."""


BODY = Style(SERIF, 10, 13.6, after=6)
ADDRESS = Style(SERIF, 10, 13.6)
SENDER = Style(SANS, 8, 10.5, GREY)
LABEL = Style(SANS, 8.5, 13, GREY)
KICKER = Style(SANS_BOLD, 9, 12, ACCENT, after=5)
TITLE = Style(SANS_BOLD, 15, 19, after=5)
META = Style(SANS, 9, 12.5, GREY)
ORG = Style(SANS_BOLD, 11, 14, after=4)


class _Pages:
    """A canvas with a cursor: sets paragraphs top to bottom, turning pages as needed."""

    def __init__(self, buffer, title: str):
        self.canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("convenant")
        self.canvas.setCreator("convenant")
        self.page = 0
        self.started = False
        self.item = None
        self.item_start = 0
        self.y = HEIGHT - TOP
        self.forms: dict[str, str] = {}
        """The QR codes drawn in this PDF: code → name of its form XObject."""

    # ------------------------------------------------------------ pages
    def begin(self, item) -> int:
        """Start ``item`` on a new page; returns that page's 0-based index."""
        self.item = item
        self._new_page(first=True)
        self.item_start = self.page
        return self.item_start

    def _new_page(self, first: bool = False) -> None:
        if self.started:
            self.canvas.showPage()
            self.page += 1
        self.started = True
        self.y = HEIGHT - TOP
        item, c = self.item, self.canvas
        c.setFillColor(GREY)
        if item.footer:
            c.setFont(SANS, 7)
            c.drawString(LEFT, 12 * mm, item.footer)
        if not first:
            c.setFont(SANS, 8)
            c.drawString(LEFT, HEIGHT - 14 * mm, item.zvh)
            c.drawRightString(WIDTH - RIGHT, HEIGHT - 14 * mm, f"blad {self.page - self.item_start + 1}")

    def need(self, height: float) -> None:
        """Turn the page unless ``height`` points still fit above the bottom margin."""
        if self.y - height < BOTTOM:
            self._new_page()

    def space(self, points: float) -> None:
        self.y -= points

    def end(self) -> None:
        if self.started:
            self.canvas.showPage()
            self.page += 1

    # ------------------------------------------------------------ text
    def wrap(self, text: str, style: Style, width: float) -> list[str]:
        return simpleSplit(text, style.font, style.size, width) or [""]

    def paragraph(self, text: str, style: Style = BODY, indent: float = 0.0,
                  width: float | None = None, keep: bool = False) -> None:
        """Plain text, wrapped; printed exactly as given (no markup is interpreted)."""
        lines = self.wrap(text, style, (width or TEXT_WIDTH) - indent)
        self.lines(lines, style, indent, keep)

    def lines(self, lines: list[str], style: Style, indent: float = 0.0, keep: bool = True) -> None:
        """Lines as given; kept on one page when ``keep``."""
        if keep:
            self.need(style.leading * len(lines))
        c = self.canvas
        for line in lines:
            self.need(style.leading)
            c.setFont(style.font, style.size)
            c.setFillColor(style.color)
            c.drawString(LEFT + indent, self.y - style.size, line)
            self.y -= style.leading
        self.y -= style.after

    def rule(self, color=GREY, thickness: float = 0.5) -> None:
        c = self.canvas
        c.setStrokeColor(color)
        c.setLineWidth(thickness)
        c.line(LEFT, self.y, WIDTH - RIGHT, self.y)

    # ------------------------------------------------------------ items
    def letter(self, letter: Letter) -> None:
        c = self.canvas
        c.setFillColor(ACCENT)
        c.setFont(SANS_BOLD, 12.5)
        c.drawString(LEFT, HEIGHT - 20 * mm, letter.zvh)
        c.setFillColor(GREY)
        c.setFont(SANS, 9)
        c.drawString(LEFT, HEIGHT - 25 * mm, "Secretariaat van de Stuurgroep")
        self.y = HEIGHT - 28.5 * mm
        self.rule(ACCENT, 1.2)
        # The sender's address in a narrow column on the right, the addressee on the left.
        top = self.y = self.y - 8 * mm
        sender = list(letter.sender.adres) + ([letter.sender.email] if letter.sender.email else [])
        self.lines([part for line in sender for part in self.wrap(line, SENDER, 60 * mm)], SENDER,
                   indent=TEXT_WIDTH - 60 * mm, keep=False)
        bottom = self.y
        self.y = top
        for line in letter.addressee:
            self.paragraph(line, ADDRESS, width=TEXT_WIDTH - 64 * mm)
        self.y = min(self.y, bottom) - 12 * mm
        rows = [("Datum", letter.date_line), ("Onderwerp", letter.subject), *letter.references]
        for label, value in rows:
            lines = self.wrap(value, ADDRESS, TEXT_WIDTH - 28 * mm)
            c.setFont(LABEL.font, LABEL.size)
            c.setFillColor(LABEL.color)
            c.drawString(LEFT, self.y - ADDRESS.size, label)
            self.lines(lines, ADDRESS, indent=28 * mm)
            self.y -= 2
        self.space(8 * mm)
        self.paragraph(letter.salutation)
        for part in letter.body:
            if isinstance(part, Lines):  # set apart; a line too long for the page wraps
                width = TEXT_WIDTH - 10 * mm
                wrapped = [w for line in part.lines for w in self.wrap(line, BODY, width)]
                self.lines(wrapped, BODY, indent=10 * mm, keep=len(wrapped) <= 8)
            else:
                self.paragraph(part)
        closing = (BODY.leading + BODY.after + 12 * mm + ADDRESS.leading * len(letter.signatory)
                   + (6 * mm + LABEL.leading + SENDER.leading * len(letter.enclosures)
                      if letter.enclosures else 0))
        self.need(closing)  # greeting, signatory and enclosures stay together
        self.paragraph(letter.closing)
        self.space(12 * mm)
        self.lines(letter.signatory, ADDRESS)
        if letter.enclosures:
            self.space(6 * mm)
            self.lines(["Bijlagen:"], LABEL)
            self.lines([f"– {e}" for e in letter.enclosures], SENDER)

    def qr_code(self, code: str, x: float, y: float) -> None:
        """The QR code of ``code`` with its lower left corner at (x, y), QR_SIZE wide.

        Encoded (segno, ~15 ms) and drawn once per PDF as a form XObject, then placed on
        every page that carries the same code: a run's pages all carry the same one.
        """
        name = self.forms.get(code)
        if name is None:
            name = self.forms[code] = f"qr{len(self.forms)}"
            draw_qr(self.canvas, code, name)
        c = self.canvas
        c.saveState()
        c.translate(x, y)
        c.doForm(name)
        c.restoreState()

    def signature_page(self, page: SignaturePage) -> None:
        width = TEXT_WIDTH
        if page.code:  # top right, beside the heading, which wraps left of it
            top = self.y
            self.qr_code(page.code, WIDTH - RIGHT - QR_SIZE, top - QR_SIZE)
            width = TEXT_WIDTH - QR_SIZE - 6 * mm
        self.lines(["TEKENBLAD"], KICKER)
        self.paragraph(page.title, TITLE, width=width)
        self.paragraph(page.version, META, width=width)
        self.paragraph(f"Vingerafdruk van de tekst (SHA-256): {page.fingerprint}", META, width=width)
        if page.code:
            self.y = min(self.y, top - QR_SIZE)
        self.space(5 * mm)
        self.rule()
        self.space(10 * mm)
        if page.intro:
            self.paragraph(page.intro, Style(SERIF_BOLD, 10, 13.6))
            self.space(8 * mm)
        c = self.canvas
        for line in page.block.lines():
            if line.kind == "org":
                self.paragraph(f"{line.label} {line.text}".strip(), ORG)
            elif line.kind == "rep":
                self.paragraph(line.text)
            else:
                self.space(16 * mm if line.kind == "sign" else 7 * mm)
                c.setFont(BODY.font, BODY.size)
                c.setFillColor(INK)
                c.drawString(LEFT, self.y, line.label)
                c.setStrokeColor(INK)
                c.setLineWidth(0.6)
                c.line(LEFT + 34 * mm, self.y - 1.5, LEFT + 124 * mm, self.y - 1.5)
                self.space(4 * mm)
        if page.return_address:
            self.space(14 * mm)
            self.rule(thickness=0.3)
            self.space(3 * mm)
            self.lines(["Na ondertekening terugsturen aan:"], LABEL)
            self.lines(page.return_address, SENDER)


QR_SIZE = 25 * mm
"""The QR code of a signature page, quiet zone included (about 0.5 mm a module)."""
QR_QUIET = 4
"""Modules of white around the code (the QR standard's quiet zone)."""


def draw_qr(c: Canvas, code: str, name: str) -> None:
    """Define the form XObject ``name``: the QR code of ``code``, QR_SIZE square, in vector
    (one filled rectangle per run of dark modules), error correction M or better."""
    import segno

    matrix = segno.make(code, error="m", micro=False).matrix
    module = QR_SIZE / (len(matrix) + 2 * QR_QUIET)
    c.beginForm(name, lowerx=0, lowery=0, upperx=QR_SIZE, uppery=QR_SIZE)
    c.setFillColor(colors.black)
    path = c.beginPath()
    for row, cells in enumerate(matrix):
        y = QR_SIZE - (row + QR_QUIET + 1) * module
        col = 0
        while col < len(cells):
            if not cells[col] & 1:
                col += 1
                continue
            start = col
            while col < len(cells) and cells[col] & 1:
                col += 1
            path.rect((start + QR_QUIET) * module, y, (col - start) * module, module)
    c.drawPath(path, stroke=0, fill=1)
    c.endForm()


def render_letters(items: list[Letter | SignaturePage], title: str = "") -> tuple[bytes, list[range]]:
    """All items in one PDF, each starting on a new page.

    Returns the PDF and, per item in order, the range of its (0-based) page indices.
    """
    if not items:
        raise ValueError("nothing to render")
    _register_fonts()
    rl_config.useA85 = 0  # binary streams: ASCII85 would only make the file bigger and slower
    buffer = io.BytesIO()
    pages = _Pages(buffer, title)
    starts = []
    for item in items:
        starts.append(pages.begin(item))
        if isinstance(item, Letter):
            pages.letter(item)
        else:
            pages.signature_page(item)
    pages.end()
    pages.canvas.save()
    ends = starts[1:] + [pages.page]
    return buffer.getvalue(), [range(start, end) for start, end in zip(starts, ends)]


__all__ = ["render_letters"]
