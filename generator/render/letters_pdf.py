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
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..model.letter import Letter, Lines, SignaturePage, unbreakable
from .html import font_dirs

INK = colors.HexColor("#111111")
GREY = colors.HexColor("#555555")
ACCENT = colors.HexColor("#1d3557")
WIDTH, HEIGHT = A4
LEFT, RIGHT, TOP, BOTTOM = 25 * mm, 20 * mm, 20 * mm, 22 * mm
TEXT_WIDTH = WIDTH - LEFT - RIGHT

WINDOW_LEFT, WINDOW_TOP, WINDOW_WIDTH, WINDOW_HEIGHT = 20 * mm, 50 * mm, 100 * mm, 40 * mm
"""The address window of the common Dutch window envelope, measured on the A4 sheet folded
in three (NEN 1026; the EA5/6 and 'C5/6 venster links' envelopes of Dutch offices and the
PostNL guideline): 20 mm from the left edge, 50 mm from the top, 100 x 40 mm. The address
block (a return-address line above it) is set inside it with a 5 mm margin, so that it shows
whole even when the sheet moves a few millimetres in the envelope."""
ADDRESS_INSET = 5 * mm
FOLDS = (99 * mm, 198 * mm)
"""Fold marks at the left edge: the sheet folded in three for the envelope."""
COLUMN = 55 * mm
"""The sender's column at the right, beside the window."""

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


BODY = Style(SERIF, 10, 13, after=5)
ADDRESS = Style(SERIF, 10, 13)
WINDOW = Style(SERIF, 9.5, 12)
RETURN = Style(SANS, 6.5, 8, GREY)
SENDER = Style(SANS, 8, 10.5, GREY)
LABEL = Style(SANS, 8.5, 13, GREY)
KICKER = Style(SANS_BOLD, 9, 12, ACCENT, after=5)
TITLE = Style(SANS_BOLD, 15, 19, after=5)
META = Style(SANS, 9, 12.5, GREY)
ORG = Style(SANS_BOLD, 11, 14, after=4)


class _Pages:
    """A canvas with a cursor: sets paragraphs top to bottom, turning pages as needed."""

    def __init__(self, buffer, title: str):
        # The initial font is the bundled Sans, so that no page refers to reportlab's
        # standard Helvetica (never embedded): pdffonts lists only embedded fonts.
        self.canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1,
                             initialFontName=SANS, initialFontSize=10, lang="nl")
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
        """``text`` in lines no wider than ``width``, broken at ordinary spaces only: the
        non-breaking spaces of model.letter.unbreakable keep a date or a name together."""
        return wrap(unbreakable(text), style.font, style.size, width)

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
        self.folds()
        self.window(letter)
        self.sender_column(letter)
        self.y = HEIGHT - WINDOW_TOP - WINDOW_HEIGHT - 6 * mm
        rows = [("Datum", letter.date_line), ("Ons kenmerk", letter.kenmerk),
                ("Onderwerp", letter.subject), *letter.references]
        for label, value in rows:
            if not value:
                continue
            lines = self.wrap(value, ADDRESS, TEXT_WIDTH - 28 * mm)
            c.setFont(LABEL.font, LABEL.size)
            c.setFillColor(LABEL.color)
            c.drawString(LEFT, self.y - ADDRESS.size, label)
            self.lines(lines, ADDRESS, indent=28 * mm)
            self.y -= 1.5
        self.space(6 * mm)
        self.paragraph(letter.salutation)
        for part in letter.body:
            if isinstance(part, Lines):  # set apart; a line too long for the page wraps
                width = TEXT_WIDTH - 10 * mm
                wrapped = [w for line in part.lines for w in self.wrap(line, BODY, width)]
                self.lines(wrapped, BODY, indent=10 * mm, keep=len(wrapped) <= 8)
            else:
                self.paragraph(part)
        closing = (BODY.leading + BODY.after + 11 * mm + ADDRESS.leading * len(letter.signatory)
                   + (6 * mm + LABEL.leading + SENDER.leading * len(letter.enclosures)
                      if letter.enclosures else 0))
        self.need(closing)  # greeting, signatory and enclosures stay together
        self.paragraph(letter.closing)
        self.space(11 * mm)  # room for the signature
        self.lines([unbreakable(line) for line in letter.signatory], ADDRESS)
        if letter.enclosures:
            self.space(6 * mm)
            self.lines(["Bijlagen:"], LABEL)
            self.lines([f"– {e}" for e in letter.enclosures], SENDER)

    def folds(self) -> None:
        """Short marks at the left edge where the sheet is folded for the envelope."""
        c = self.canvas
        c.setStrokeColor(GREY)
        c.setLineWidth(0.3)
        for fold in FOLDS:
            c.line(4 * mm, HEIGHT - fold, 8 * mm, HEIGHT - fold)

    def window(self, letter: Letter) -> None:
        """The return address in small type, then the address block, inside the window."""
        x, width = WINDOW_LEFT + ADDRESS_INSET, WINDOW_WIDTH - 2 * ADDRESS_INSET
        back = return_line(letter.sender.adres)
        self.y = HEIGHT - WINDOW_TOP - 3 * mm
        if back:
            self.lines([back], RETURN, indent=x - LEFT, keep=False)
            self.y -= 1.5 * mm
        lines = [w for line in letter.addressee for w in self.wrap(line, WINDOW, width)]
        self.lines(lines, WINDOW, indent=x - LEFT, keep=False)

    def sender_column(self, letter: Letter) -> None:
        """The secretariat's postal address and the contact lines, right of the window."""
        indent = TEXT_WIDTH - COLUMN
        self.y = HEIGHT - WINDOW_TOP - 3 * mm
        self.lines([w for line in letter.sender.adres for w in self.wrap(line, SENDER, COLUMN)],
                   SENDER, indent=indent, keep=False)
        for label, value in letter.contact:
            self.y -= 2
            self.lines([label], Style(SANS_BOLD, 7, 9, GREY), indent=indent, keep=False)
            self.lines(self.wrap(value, SENDER, COLUMN), SENDER, indent=indent, keep=False)

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


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy line breaking at ordinary spaces ("\u00a0" binds); a word wider than
    ``width`` stands on a line of its own."""
    lines, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return lines + [current]


def return_line(adres: list[str]) -> str:
    """The small return-address line above the address block: the last two lines of the
    secretariat's address ("Postbus 8, 3300 AA Dordrecht")."""
    return "Retouradres: " + ", ".join(adres[-2:]) if adres else ""


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
