"""The parts of a DOCX package that ``read.py`` needs, read defensively; and its styles.

A part is found through the package's relations (``_rels/.rels``, then the main document's),
unpacked up to a limit (a zip bomb stops there) and parsed by lxml without resolving
entities, without network and without huge trees; a part that declares a DTD is refused (a
DOCX never has one). Every refusal is a ``Refused`` with the reason in one line, which
``read_docx`` puts after the file's name.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from pathlib import Path

from docx.oxml.ns import nsmap, qn
from docx.styles import BabelFish
from lxml import etree

from ..errors import UsageError
from ..i18n import _

XML_LIMIT = 50 * 2**20
"""At most this many bytes of the document or the comments are unpacked (zip bombs)."""
SMALL_LIMIT = 10 * 2**20
"""At most this many bytes of a package's relations or styles."""
DTD_MARKERS = tuple("<!DOCTYPE".encode(code) for code in ("utf-8", "utf-16-le", "utf-16-be"))
"""A DTD (and its entities: "billion laughs") is refused before the XML is parsed."""
OFF = ("0", "false", "off", "none")
SIMPLE_CHARACTER = {qn("w:b"), qn("w:i"), qn("w:bCs"), qn("w:iCs")}
"""What a character style may set and still be plain bold or italic."""


class Refused(Exception):
    """Why a file is not a DOCX, in one line (translated)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = " ".join(reason.split())


def read_package(path: Path):
    """The parsed document, comments (or None) and styles (or None) of the DOCX."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise Refused(_not_zip(path)) from None
    except OSError as error:
        raise UsageError(_("{path}: cannot be read: {reason}")
                         .format(path=path, reason=error.strerror or error)) from None
    with archive:
        main = _main_part(archive)
        document = _xml(archive, main, XML_LIMIT)
        if document is None:
            raise Refused(_("it has no {part}").format(part=main))
        if document.tag != qn("w:document"):
            raise Refused(_("{part} is not a WordprocessingML document").format(part=main))
        targets = _relations(archive, main)
        comments = _xml(archive, targets["comments"], XML_LIMIT) if "comments" in targets else None
        styles = _xml(archive, targets["styles"], SMALL_LIMIT) if "styles" in targets else None
    return document, comments, styles


def _not_zip(path: Path) -> str:
    with open(path, "rb") as stream:
        start = stream.read(8)
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        return _("it is an old Word document (.doc) or an encrypted one; save it as .docx "
                 "without a password")
    return _("it is not a zip archive")


def _main_part(archive: zipfile.ZipFile) -> str:
    """The main document's part name, from the package's relations (word/document.xml)."""
    rels = _xml(archive, "_rels/.rels", SMALL_LIMIT)
    for rel in rels.iter("{*}Relationship") if rels is not None else ():
        if rel.get("Type", "").endswith("/officeDocument") and rel.get("Target"):
            return _target("", rel.get("Target"))
    return "word/document.xml"


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Kind of relation ("comments", "styles", ...) → part name, for the part ``part``."""
    folder, name = posixpath.split(part)
    rels = _xml(archive, posixpath.join(folder, "_rels", name + ".rels"), SMALL_LIMIT)
    out: dict[str, str] = {}
    for rel in rels.iter("{*}Relationship") if rels is not None else ():
        if rel.get("TargetMode") == "External" or not rel.get("Target"):
            continue
        out.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], _target(folder, rel.get("Target")))
    return out


def _target(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def _xml(archive: zipfile.ZipFile, name: str, limit: int):
    """The parsed part ``name``, None when there is none; at most ``limit`` bytes unpacked."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.flag_bits & 0x1:
        raise Refused(_("it is encrypted"))
    too_large = _("{part} unpacks to more than {size} MB").format(part=name,
                                                                   size=limit // 2**20)
    if info.file_size > limit:
        raise Refused(too_large)
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
            OSError) as error:
        raise Refused(_("{part} cannot be unpacked: {reason}").format(part=name, reason=error))
    if len(data) > limit:
        raise Refused(too_large)
    if any(marker in data for marker in DTD_MARKERS):
        raise Refused(_("{part} declares a DTD, which a .docx never does").format(part=name))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, dtd_validation=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise Refused(_("{part} is not well-formed XML: {reason}")
                       .format(part=name, reason=error)) from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise Refused(_("{part} declares a DTD, which a .docx never does").format(part=name))
    return root


# Styles --------------------------------------------------------------------------------------

def on_off(element) -> bool | None:
    """A toggle property (w:b, w:strike, ...): None when absent."""
    if element is None:
        return None
    return element.get(qn("w:val"), "true").lower() not in OFF


class Styles:
    """The styles part: names, and what a style gives through its ``basedOn`` chain."""

    def __init__(self, root):
        self.styles: dict[str, etree._Element] = {}
        self.default: str | None = None
        for style in root.iterfind(qn("w:style")) if root is not None else ():
            style_id = style.get(qn("w:styleId"))
            self.styles.setdefault(style_id, style)
            if (style.get(qn("w:type")) == "paragraph" and self.default is None
                    and style.get(qn("w:default"), "").lower() in ("1", "true", "on")):
                self.default = style_id

    def chain(self, style_id: str | None):
        """The style and those it is based on, nearest first (loops cut)."""
        seen: set[str] = set()
        while style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            yield self.styles[style_id]
            based = self.styles[style_id].find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None

    def name(self, style_id: str | None) -> str | None:
        """The style's name as Word shows it; the default paragraph style's for None."""
        style_id = style_id or self.default
        name = self.styles[style_id].find(qn("w:name")) if style_id in self.styles else None
        if name is None:
            return style_id
        return BabelFish.internal2ui(name.get(qn("w:val")))  # "heading 1" as "Heading 1"

    def first(self, style_id: str | None, path: str):
        """The nearest ``path`` (e.g. "w:pPr/w:jc") along the chain of ``style_id``."""
        for style in self.chain(style_id or self.default):
            found = style.find(path, {"w": nsmap["w"]})
            if found is not None:
                return found
        return None

    def character(self, style_id: str | None) -> tuple[bool, bool, bool]:
        """(bold, italic, simple) of a character style; simple: it sets nothing else."""
        if style_id is None:
            return False, False, True
        bold = on_off(self.first(style_id, "w:rPr/w:b"))
        italic = on_off(self.first(style_id, "w:rPr/w:i"))
        simple = all(child.tag in SIMPLE_CHARACTER
                     for style in self.chain(style_id) for rpr in style.iterfind(qn("w:rPr"))
                     for child in rpr)
        return bool(bold), bool(italic), simple


def run_formatting(rpr, styles: Styles) -> set[str]:
    """The names of the formatting a run's own properties give, other than bold and italic
    (the properties before a tracked change, ``w:rPrChange``, are not looked at)."""
    out: set[str] = set()
    for child in rpr:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        value = child.get(qn("w:val"), "").lower()
        if tag == "u" and value != "none":
            out.add("underline")
        elif tag == "color" and value not in ("", "auto"):
            out.add("colour")
        elif tag == "highlight" and value != "none":
            out.add("highlight")
        elif tag == "shd" and (child.get(qn("w:fill")) or "auto").lower() != "auto":
            out.add("shading")
        elif tag == "rFonts" and any(child.get(qn(f"w:{name}")) for name in
                                     ("ascii", "hAnsi", "asciiTheme", "hAnsiTheme")):
            out.add("font")
        elif tag == "sz":
            out.add("font size")
        elif tag in ("strike", "dstrike") and on_off(child):
            out.add("strikethrough")
        elif tag in ("caps", "smallCaps") and on_off(child):
            out.add("capitals")
        elif tag == "vertAlign" and value in ("superscript", "subscript"):
            out.add("superscript or subscript")
        elif tag == "vanish" and on_off(child):
            out.add("hidden text")
        elif tag == "rStyle" and not styles.character(child.get(qn("w:val")))[2]:
            out.add("character style")
    return out


def alignment(jc) -> str:
    value = jc.get(qn("w:val"), "left") if jc is not None else "left"
    return {"start": "left", "end": "right"}.get(value, value)


def integer(element) -> int | None:
    try:
        return int(element.get(qn("w:val")))
    except (AttributeError, TypeError, ValueError):
        return None
