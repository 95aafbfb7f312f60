"""Render an assembled Document as a Word file (DOCX) that a lawyer opens and edits.

The DOCX is built from the same model as the HTML renderer (``html.py`` and
``templates/convenant.html.j2``), in the same order: title page, table of contents,
ondergetekenden, overwegingen, articles, slot, annexes. It uses what Word users expect to
edit: real heading styles (so the navigation pane and the TOC field work), real list
numbering (so inserting an item renumbers the rest), and header/footer fields.

Lid numbers are static text on purpose: they are computed per region at assembly and
cross-references elsewhere in the text print them, so Word must not renumber them.
"""

from __future__ import annotations

import re

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt, RGBColor

from ..dates import dutch_date
from .docx_marks import MARK_IDS, mark_name, source_key, text_mark
from .docx_package import package_bytes, set_properties
from ..model.blocks import (Heading, ListBlock, Paragraph, PartyList, Run, merged, SignatureBlock,
                            SignatureBlocks)
from ..model.document import Article, Document, Lid

BODY_FONT = "Cambria"
"""Serif body text; ships with every Word installation (Windows and Mac)."""
HEAD_FONT = "Arial"
"""Clean sans for headings, header and footer, like the HTML/PDF stylesheet."""
LANGUAGE = "nl-NL"
BLACK = RGBColor(0, 0, 0)
GREY = RGBColor(0x44, 0x44, 0x44)

LID_INDENT = Mm(11)
"""Hanging indent of a numbered lid (``.lid { padding-left: 11mm }`` in the CSS)."""
LIST_INDENT = {"roman": Mm(9)}
DEFAULT_LIST_INDENT = Mm(7)
FILL_LINE_END = Cm(14)
"""Where the fill-in lines of a signature block end (a tab stop with an underscore leader)."""

LIST_FORMATS = {
    # style: (w:numFmt, w:lvlText with {n} for the 1-based level number)
    "letters": ("lowerLetter", "%{n}."),
    "bullets": ("bullet", "\u2022"),
    "circles": ("bullet", "\u25e6"),
    "numbers": ("decimal", "%{n}."),
    "roman": ("lowerRoman", "(%{n})"),
}
LEVELS = 9
"""Word allows list levels 0-8; nesting deeper than that stays on level 8."""

TOC_INSTRUCTION = r' TOC \o "1-2" \h \z \u '
TOC_PLACEHOLDER = ("Klik met de rechtermuisknop en kies 'Veld bijwerken' om de "
                   "inhoudsopgave bij te werken.")
PART_STYLE = "Deeltitel"

# Characters XML 1.0 cannot hold at all; lxml refuses them. Everything else is kept verbatim.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# The children of w:settings in schema order (ECMA-376 Part 1, 17.15.1.78, CT_Settings); Word
# reports a damaged file when settings are out of order. Names without a prefix are w:.
SETTINGS_ORDER = """
writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries
displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData
embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins
alignBordersAndEdges bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop
hideSpellingErrors hideGrammaticalErrors activeWritingStyle proofState formsDesign
attachedTemplate linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge
revisionView trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection
autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation
consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength
clickAndTypeStyle defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting
bookFoldPrintingSheets drawingGridHorizontalSpacing drawingGridVerticalSpacing
displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery
doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin
doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne
strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture
doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText
doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags
alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars
rsids m:mathPr attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats
doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType
sl:schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator
""".split()


# ---------------------------------------------------------------- XML helpers

def w_element(tag: str, **attrs) -> OxmlElement:
    """A ``w:`` element with ``w:`` attributes (python-docx has no API for fields/numbering)."""
    return OxmlElement(f"w:{tag}", attrs={qn(f"w:{k}"): str(v) for k, v in attrs.items()})


def bookmark(p, name: str, number: int, empty: bool = False) -> None:
    """A bookmark around the whole content of the ``w:p`` element ``p`` (its start right
    after the paragraph properties), or an empty one at its start."""
    at = 1 if p.pPr is not None else 0
    p.insert(at, w_element("bookmarkStart", id=number, name=name))
    if empty:
        p.insert(at + 1, w_element("bookmarkEnd", id=number))
    else:
        p.append(w_element("bookmarkEnd", id=number))


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return _XML_INVALID.sub("", text)


def add_field(paragraph, instruction: str, placeholder: str, *, dirty: bool = False) -> None:
    """Append a complex field (begin / instrText / separate / result / end) to ``paragraph``.

    The placeholder is the field's result until Word updates it; ``dirty`` asks Word to
    update this field when the document opens.
    """
    begin = w_element("fldChar", fldCharType="begin", **({"dirty": "true"} if dirty else {}))
    instr = w_element("instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    for child in (begin, instr, w_element("fldChar", fldCharType="separate")):
        paragraph.add_run()._r.append(child)
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(w_element("fldChar", fldCharType="end"))


def _set_lang(rPr) -> None:
    rPr.remove_all("w:lang")
    rPr.append(w_element("lang", val=LANGUAGE, eastAsia=LANGUAGE, bidi="ar-SA"))


def _set_fonts(rPr, name: str) -> None:
    """Explicit fonts, replacing the template's theme fonts (which would win over font.name)."""
    rPr.remove_all("w:rFonts")
    rPr.insert(0, w_element("rFonts", ascii=name, hAnsi=name, cs=name, eastAsia=name))


def insert_setting(settings, name: str, **attrs) -> None:
    """Set the w:settings child ``w:name`` (replacing one that is there) in its schema place:
    before the first child that the schema puts after it (SETTINGS_ORDER)."""
    settings.remove_all(f"w:{name}")
    successors = SETTINGS_ORDER[SETTINGS_ORDER.index(name) + 1:]
    settings.insert_element_before(w_element(name, **attrs),
                                   *(tag if ":" in tag else f"w:{tag}" for tag in successors))


# ---------------------------------------------------------------- document setup

def _style_font(style, font: str, size: float, *, bold: bool | None = None,
                color: RGBColor | None = BLACK) -> None:
    rPr = style.element.get_or_add_rPr()
    _set_fonts(rPr, font)
    style.font.size = Pt(size)
    for size_cs in rPr.findall(qn("w:szCs")):
        size_cs.set(qn("w:val"), str(int(size * 2)))
    style.font.bold = bold
    style.font.color.rgb = color


def setup_styles(document) -> None:
    """Body and heading styles of a legal document: black, serif body, bold sans headings."""
    styles_el = document.styles.element
    defaults = styles_el.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(defaults, BODY_FONT)
    _set_lang(defaults)
    normal = document.styles["Normal"]
    _style_font(normal, BODY_FONT, 10.5, color=None)
    _set_lang(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(5)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = True
    for name, size, before, after in (("Heading 1", 12, 18, 6), ("Heading 2", 11.5, 12, 4),
                                      ("Heading 3", 11, 10, 4), ("Heading 4", 10.5, 8, 3)):
        style = document.styles[name]
        _style_font(style, HEAD_FONT, size, bold=True)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.keep_with_next = fmt.keep_together = True
    toc_heading = document.styles["TOC Heading"]
    toc_heading.hidden = False
    toc_heading.font.size = Pt(14)
    part = document.styles.add_style(PART_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    part.base_style, part.next_paragraph_style = normal, normal
    _style_font(part, HEAD_FONT, 11, bold=True)
    part.paragraph_format.space_before, part.paragraph_format.space_after = Pt(12), Pt(8)
    part.paragraph_format.keep_with_next = True
    _setup_title_styles(document)
    for name in ("Header", "Footer"):
        _style_font(document.styles[name], HEAD_FONT, 8, color=GREY)
        _text_width_tabs(document.styles[name])
    list_par = document.styles["List Paragraph"].paragraph_format
    list_par.left_indent, list_par.space_after = None, Pt(2)


def _setup_title_styles(document) -> None:
    """Title page styles without the template's blue border and colours."""
    title = document.styles["Title"]
    ppr = title.element.get_or_add_pPr()
    ppr.remove_all("w:pBdr")
    _style_font(title, HEAD_FONT, 24, bold=True)
    title.paragraph_format.space_before, title.paragraph_format.space_after = Pt(12), Pt(24)
    border = w_element("pBdr")
    border.append(w_element("top", val="single", sz="16", space="12", color="000000"))
    ppr.insert_element_before(border, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
                              "w:spacing", "w:ind", "w:contextualSpacing", "w:jc",
                              "w:outlineLvl")
    subtitle = document.styles["Subtitle"]
    _style_font(subtitle, HEAD_FONT, 13, bold=False)
    subtitle.font.italic = False


FOOTER_TAB = Cm(16)
"""The right edge of the text on A4 with 2.5 cm margins: right-aligned tab in header/footer."""


def _text_width_tabs(style) -> None:
    """One tab stop in header and footer: right-aligned at the right edge of the text (A4,
    2.5 cm margins). The template's stops (centre 8.25 cm, right 16.5 cm: US Letter) sent the
    TAB after the footer's left text to the centre, so "Pagina 2 van 33" stood mid-page or,
    in LibreOffice, ran into the fingerprint."""
    tabs = style.paragraph_format.tab_stops
    tabs.clear_all()
    tabs.add_tab_stop(FOOTER_TAB, WD_TAB_ALIGNMENT.RIGHT)


def a4_section(document):
    """The first section as A4 with 2.5 cm margins (also used by the redline renderer)."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)
    return section


def header_rule(paragraph) -> None:
    """A thin grey line under a header paragraph."""
    bottom = w_element("pBdr")
    bottom.append(w_element("bottom", val="single", sz="4", space="4", color="888888"))
    paragraph._p.get_or_add_pPr().insert_element_before(bottom, "w:shd", "w:tabs", "w:spacing",
                                                        "w:ind", "w:jc")


def page_footer(document, paragraph, left: str) -> None:
    """``left`` text, then "Pagina X van Y" right-aligned, as fields Word updates (the Footer
    style's right tab stop at the text's edge)."""
    paragraph.style = document.styles["Footer"]
    paragraph.add_run(xml_safe(left) + "\t")
    paragraph.add_run("Pagina ")
    add_field(paragraph, " PAGE ", "1")
    paragraph.add_run(" van ")
    add_field(paragraph, " NUMPAGES ", "1")


def _setup_page(document, doc: Document) -> None:
    """A4, 2.5 cm margins; header and footer on every page but the title page."""
    section = a4_section(document)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.style = document.styles["Header"]
    header.add_run(xml_safe(doc.zvh))
    header_rule(header)
    page_footer(document, section.footer.paragraphs[0], doc.version_label)


def _setup_settings(document, doc: Document) -> None:
    """Ask Word to update fields (the TOC, page counts) on open; Dutch document metadata,
    dated the version's decision (a draft: the build day)."""
    insert_setting(document.settings.element, "updateFields", val="true")
    dutch_metadata(document, doc.title, doc.zvh, secretariat_author(doc.manifest),
                   doc.version_decided)


def secretariat_author(manifest) -> str:
    """The author of a region's documents: its secretariaat, by name or else by function."""
    secretariat = getattr(manifest, "secretariaat", None)
    if secretariat is None:
        return ""
    return secretariat.naam or secretariat.functie


def dutch_metadata(document, title: str, subject: str, author: str = "", day=None) -> None:
    """Dutch as the theme's language; title, subject, author and date in the properties
    (docx_package.set_properties: ``day`` or the build day)."""
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)
    set_properties(document, title=xml_safe(title), subject=xml_safe(subject),
                   author=xml_safe(author), day=day)
    document.core_properties.language = LANGUAGE


# ---------------------------------------------------------------- list numbering

class Numbering:
    """Word list definitions: one abstractNum per list style, one w:num per list instance.

    Each list gets its own w:num with a start override, so that every list restarts at its
    own ``start`` (a list that continues after a paragraph starts at 2, say). python-docx
    makes the w:num elements; it has no API for abstract definitions.
    """

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        self.abstract_ids: dict[str, int] = {}
        abstract = [int(a.get(qn("w:abstractNumId"))) for a in self.root.findall(qn("w:abstractNum"))]
        next_abstract = max(abstract, default=-1) + 1
        for offset, style in enumerate(LIST_FORMATS):
            self.abstract_ids[style] = next_abstract + offset
            self._add_abstract(style, next_abstract + offset)

    def _add_abstract(self, style: str, abstract_id: int) -> None:
        fmt, text = LIST_FORMATS[style]
        hang = LIST_INDENT.get(style, DEFAULT_LIST_INDENT)
        abstract = w_element("abstractNum", abstractNumId=abstract_id)
        abstract.append(w_element("multiLevelType", val="multilevel"))
        for level in range(LEVELS):
            lvl = w_element("lvl", ilvl=level)
            lvl.append(w_element("start", val=1))
            lvl.append(w_element("numFmt", val=fmt))
            lvl.append(w_element("lvlText", val=text.format(n=level + 1)))
            lvl.append(w_element("lvlJc", val="left"))
            ppr = w_element("pPr")
            ppr.append(w_element("ind", left=hang.twips * (level + 1), hanging=hang.twips))
            lvl.append(ppr)
            abstract.append(lvl)
        # Schema order: every w:abstractNum before the first w:num.
        self.root.insert_element_before(abstract, "w:num")

    def new_list(self, style: str, start: int, level: int) -> int:
        """A new w:num for one list instance, restarting at ``start`` on ``level``."""
        num = self.root.add_num(self.abstract_ids[style])
        num.add_lvlOverride(level).add_startOverride(start)
        return num.numId


# ---------------------------------------------------------------- blocks

class DocxBlocks:
    """Renders blocks into a python-docx document, one method per block type.

    Mirrors the macros of ``templates/blocks.html.j2``: ``render_<TypeName>`` for every block
    the model has.
    ``indent`` is the left edge of the enclosing text (a lid body, a list item's text) and
    ``depth`` the list nesting depth, which becomes the Word list level.
    """

    def __init__(self, document):
        self.document = document
        self.numbering = Numbering(document)
        self.new_page = False
        self.source: str | None = None
        """The key of the clause file being rendered (source_key), for its marks."""
        self.marks: set[str] = set()

    def mark(self, para, block, line: int = 0) -> None:
        """Wrap ``para`` in the invisible bookmark that names where ``block`` (or what is at
        ``line``) is written: its clause file and line (mark_name). Word and LibreOffice keep it
        through editing, so an edited DOCX maps back to the clause files (``convenant import``)."""
        line = line or getattr(block, "line", 0)
        if self.source is None or not line:
            return
        name = mark_name(self.source, line)
        if name in self.marks:
            return
        self.marks.add(name)
        number = MARK_IDS + len(self.marks)
        bookmark(para._p, name, number)

    def page_break(self) -> None:
        """Start the next paragraph on a new page (page_break_before, no empty paragraphs)."""
        self.new_page = True

    def paragraph(self, style: str | None = None, indent=None):
        para = self.document.add_paragraph(style=style)
        if indent:
            para.paragraph_format.left_indent = indent
        if self.new_page:
            para.paragraph_format.page_break_before = True
            self.new_page = False
        return para

    def runs(self, para, runs: list[Run]) -> None:
        for run in merged(runs):
            # python-docx turns "\n" into w:br and "\t" into w:tab, and escapes XML.
            out = para.add_run(xml_safe(run.text))
            if run.bold:
                out.bold = True
            if run.italic:
                out.italic = True

    def numbered(self, para, blocks, indent, depth: int = 0) -> None:
        """``blocks`` after a number in ``para``: a first paragraph runs on after the number,
        the rest is aligned with the text at ``indent`` (like the HTML .item and .lid-body)."""
        if blocks and isinstance(blocks[0], Paragraph):
            self.runs(para, blocks[0].runs)
            self.mark(para, blocks[0])
            blocks = blocks[1:]
        self.render(blocks, indent, depth)

    def render(self, blocks, indent=None, depth: int = 0) -> None:
        for block in blocks:
            method = getattr(self, f"render_{type(block).__name__}", None)
            if method is None:
                raise TypeError(f"cannot render {type(block).__name__} as DOCX")
            method(block, indent, depth)

    def render_Paragraph(self, block: Paragraph, indent=None, depth: int = 0) -> None:
        para = self.paragraph(indent=indent)
        self.runs(para, block.runs)
        self.mark(para, block)

    def render_Heading(self, block: Heading, indent=None, depth: int = 0) -> None:
        # Subheadings sit below the TOC's levels 1-2; only Heading 3-4 are restyled, so
        # deeper levels (not used by the clause format today) share Heading 4.
        level = min(max(block.level, 3), 4)
        para = self.paragraph(f"Heading {level}", indent)
        self.runs(para, block.runs)
        self.mark(para, block)

    def render_ListBlock(self, block: ListBlock, indent=None, depth: int = 0) -> None:
        level = min(depth, LEVELS - 1)
        num_id = self.numbering.new_list(block.style, block.start, level)
        hang = LIST_INDENT.get(block.style, DEFAULT_LIST_INDENT)
        text_indent = Emu((indent or 0) + hang)
        for item in block.items:
            para = self.paragraph("List Paragraph", text_indent)
            para.paragraph_format.first_line_indent = -hang
            num_pr = para._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = level
            num_pr.get_or_add_numId().val = num_id
            self.numbered(para, item.blocks, text_indent, depth + 1)

    def render_PartyList(self, block: PartyList, indent=None, depth: int = 0) -> None:
        tight = block.kind == "gemeente"
        for index, entry in enumerate(block.entries):
            para = self.paragraph(indent=indent)
            para.add_run(xml_safe(entry.text))
            last = index == len(block.entries) - 1
            para.paragraph_format.space_after = Pt(5) if last or not tight else Pt(0)

    def render_SignatureBlocks(self, block: SignatureBlocks, indent=None, depth: int = 0) -> None:
        for signature in block.blocks:
            self.signature(signature, indent)

    def signature(self, block: SignatureBlock, indent=None) -> None:
        """One party's block, kept on one page; the same lines as the HTML (blocks.html.j2)."""
        lines = [(f"{line.label} {line.text}".strip() + (" " if line.kind in ("fill", "sign") else ""),
                  line.kind in ("fill", "sign")) for line in block.lines()]
        for index, (text, fill) in enumerate(lines):
            para = self.paragraph(indent=indent)
            fmt = para.paragraph_format
            fmt.keep_together = True
            if index < len(lines) - 1:
                fmt.keep_with_next = True
            run = para.add_run(xml_safe(text))
            if index == 0:
                run.bold = True
                fmt.space_before = Pt(10)
            if fill:
                # A tab with an underscore leader: a fill-in line that stays one line long.
                fmt.tab_stops.add_tab_stop(FILL_LINE_END, WD_TAB_ALIGNMENT.LEFT,
                                           WD_TAB_LEADER.LINES)
                para.add_run("\t")
                fmt.space_after = Pt(8)
            if index == len(lines) - 1:
                fmt.space_before, fmt.space_after = Pt(24), Pt(14)


# ---------------------------------------------------------------- document parts

def _title_page(blocks: DocxBlocks, doc: Document) -> None:
    zvh = blocks.paragraph("Subtitle")
    zvh.paragraph_format.space_before = Cm(8)
    zvh.add_run(xml_safe(doc.zvh))
    # which text this is: an empty hidden bookmark (a leading "_" hides it in Word)
    bookmark(zvh._p, text_mark(doc), MARK_IDS, empty=True)
    title = blocks.paragraph("Title")
    title.add_run(xml_safe(doc.title))
    colophon = blocks.paragraph("Footer")
    colophon.paragraph_format.space_before = Cm(10)
    colophon.add_run(xml_safe(doc.version_label))
    if doc.version_decided:
        colophon.add_run(f"\nVastgesteld door de Stuurgroep op {dutch_date(doc.version_decided)}.")
    colophon.add_run(f"\nVingerafdruk van de tekst (SHA-256): {doc.fingerprint}")


def _table_of_contents(blocks: DocxBlocks):
    """The TOC's heading on a new page; its field (over Heading 1-2: articles and annexes,
    filled in, updated by Word on open) follows once the body is written (docx_toc)."""
    blocks.page_break()
    heading = blocks.paragraph("TOC Heading")
    heading.add_run("Inhoudsopgave")
    return heading


def _on_new_page(blocks: DocxBlocks, style: str, heading: str, part) -> None:
    """Ondergetekenden, overwegingen, slot or an annex: each starts on a new page, as in the
    PDF, under its heading if it has one (an annex's "Bijlage n: title" is one Heading 1, so
    that the TOC lists it)."""
    blocks.page_break()
    if heading:
        blocks.paragraph(style).add_run(xml_safe(heading))
    blocks.source = source_key(part.path)
    for section in part.sections:
        blocks.render(section.blocks)


def _lid(blocks: DocxBlocks, lid: Lid) -> None:
    """A lid: its number as static text in a hanging indent, the body aligned after it."""
    if not lid.number:
        blocks.render(lid.blocks)
        return
    para = blocks.paragraph(indent=LID_INDENT)
    fmt = para.paragraph_format
    fmt.first_line_indent = -LID_INDENT
    fmt.tab_stops.add_tab_stop(LID_INDENT)
    para.add_run(f"{lid.number}.\t")
    blocks.numbered(para, lid.blocks, LID_INDENT)


def _article(blocks: DocxBlocks, doc: Document, article: Article) -> None:
    heading = blocks.paragraph("Heading 1")
    heading.add_run(xml_safe(doc.article_heading(article)))
    blocks.source = source_key(article.path)
    blocks.mark(heading, None, article.title_line)  # the title, where 'titel' is written
    blocks.render(article.preamble)
    for lid in article.leden:
        _lid(blocks, lid)


def new_document():
    """A python-docx document from its default template, with the styles of setup_styles."""
    document = docx.Document()
    setup_styles(document)
    return document


def docx_bytes(document) -> bytes:
    """The saved DOCX file (the caller writes it): reproducible, without the template's
    thumbnail (docx_package)."""
    return package_bytes(document)


def render_docx(doc: Document, pages: dict[str, int] | None = None) -> bytes:
    """The whole convenant as a DOCX file, returned as bytes (the caller writes the file).

    ``pages``: the page of each heading in the PDF of the same text (pdf_pages), printed in
    the table of contents until Word updates it; without it the entries have no numbers."""
    from .docx_toc import fill_toc

    document = new_document()
    _setup_page(document, doc)
    _setup_settings(document, doc)
    blocks = DocxBlocks(document)
    # The template's body starts with nothing but the section properties.
    _title_page(blocks, doc)
    toc = _table_of_contents(blocks)
    parts = [part for part in (doc.ondergetekenden, doc.overwegingen) if part is not None]
    for part in parts:
        _on_new_page(blocks, PART_STYLE, part.title, part)
    if not parts:
        blocks.page_break()  # the articles start on a new page after the TOC
    for article in doc.articles:
        _article(blocks, doc, article)
    if doc.slot is not None:
        _on_new_page(blocks, PART_STYLE, doc.slot.title, doc.slot)
    for annex in doc.annexes:
        _on_new_page(blocks, "Heading 1", doc.annex_heading(annex), annex)
    fill_toc(document, toc, pages)
    return docx_bytes(document)
