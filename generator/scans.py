"""Returned signature pages: read a scan (PDF, JPEG or PNG), keep it as PDF, find its fingerprint.

A signature page carries the fingerprint of the text it signs twice: as text ("Vingerafdruk
van de tekst (SHA-256): ...") and as a QR code (``convenant:REGION:VERSION:FINGERPRINT``,
generator.model.letter.signature_code). A page returned as a PDF keeps its text layer; a
page printed, signed and scanned keeps only the QR code. ``read_scan`` looks for both:
the QR code in the image (a JPEG or PNG, or every image embedded in a PDF, read with
zxing-cpp; no PDF is rendered, so no poppler or pdfium is needed) and a fingerprint in the
PDF's text layer. What is kept is a PDF: the file as given, or the image on one page
(reportlab: a JPEG is embedded as it is, a PNG losslessly).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import N_, _
from .errors import UsageError, shown
from .model.letter import CODE_RE
from .source import refusal

MAX_BYTES = 20 * 1024 * 1024
"""A scan larger than this (20 MB) is refused before it is read."""
MAX_PIXELS = 60_000_000
"""An image of more pixels is refused before it is decoded (A4 at 600 dpi is 35 million)."""
MAX_PAGES = 4
"""A returned signature page is one page (two for a duplex scan); more is another document."""
IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG"}
PAGE_MIN, PAGE_MAX = 50 * 72 / 25.4, 450 * 72 / 25.4
"""A scan's resolution is believed when it makes a page of 50 to 450 mm (A4 to A3 and a
little more), in points."""
ORIENTATION = 0x0112
"""The EXIF tag of a photo's orientation (a telephone held sideways)."""
FINGERPRINT_RE = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")
QR, TEXT = N_("QR code"), N_("text layer")


class ScanError(UsageError):
    """A file that cannot be kept as a signature page; ``reason`` without the path."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


@dataclass(frozen=True)
class Found:
    """A fingerprint found on a scan, and where."""

    fingerprint: str
    where: str
    """QR ("QR code") or TEXT ("text layer")."""
    region: str = ""
    version: str = ""
    """From a QR code: the region and version it names."""

    def describe(self) -> str:
        if self.version:
            return _("its {where} carries fingerprint {fingerprint} (version {version} of "
                     "{region})").format(where=_(self.where), fingerprint=self.fingerprint[:12],
                                         version=shown(self.version), region=self.region)
        return _("its {where} carries fingerprint {fingerprint}").format(
            where=_(self.where), fingerprint=self.fingerprint[:12])


@dataclass
class Scan:
    """A returned signature page, read and checked, ready to be kept."""

    path: Path
    kind: str
    """"PDF", "JPEG" or "PNG": what the file was."""
    pdf: bytes
    """What is kept: the PDF as given, or the image on one page."""
    pages: int
    found: list[Found] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()

    @property
    def fingerprints(self) -> list[Found]:
        """What decides: the QR codes (exact, with error correction) when there are any,
        else the fingerprints in the text layer."""
        codes = [f for f in self.found if f.where == QR]
        return codes or self.found


def read_scan(path: Path) -> Scan:
    """Read, check and convert one returned signature page; ScanError when it cannot be kept."""
    path = Path(path)
    data = read_bounded(path, MAX_BYTES, _too_large)
    head = data[:1024]
    if b"%PDF-" in head:
        return _read_pdf(path, data)
    return _read_image(path, data)


def check_scan(scan: Scan, region: str, version, versions=()) -> bool:
    """Whether the scan's fingerprint was found and is ``version``'s (False: none found, the
    page could not be checked); ScanError when it is another text's, naming both
    fingerprints and, when one of ``versions`` has it, that version."""
    for found in scan.fingerprints:
        if found.fingerprint != version.fingerprint:
            other = next((v.name for v in versions if v.fingerprint == found.fingerprint), None)
            which = (_(", the text of version {version}").format(version=shown(other))
                     if other and not found.version else "")
            raise ScanError(scan.path, _(
                "is the signature page of another text: {found}{which}, but version {version} of "
                "{region} has fingerprint {fingerprint}").format(
                found=found.describe(), which=which, version=shown(version.name), region=region,
                fingerprint=version.fingerprint[:12]))
    return bool(scan.fingerprints)


def read_bounded(path: Path, limit: int, too_large) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (``too_large(size)`` says why
    not); its size is looked at first, and a named pipe or device is never opened."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise ScanError(path, _("is a folder, not a file"))
        if not stat.S_ISREG(info.st_mode):
            raise ScanError(path, refusal(info.st_mode))
        if info.st_size > limit:
            raise ScanError(path, too_large(info.st_size))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())  # what was opened: the same checks again
            if not stat.S_ISREG(info.st_mode):
                raise ScanError(path, refusal(info.st_mode))
            if info.st_size > limit:
                raise ScanError(path, too_large(info.st_size))
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise ScanError(path, _("no such file")) from None
    except OSError as exc:
        raise ScanError(path, _("cannot read file: {problem}").format(
            problem=exc.strerror or exc)) from None
    if len(data) > limit:
        raise ScanError(path, too_large(len(data)))
    if not data:
        raise ScanError(path, _("is empty"))
    return data


def _too_large(size: int) -> str:
    return _("is larger than 20 MB ({size:.1f} MB): scan the page at a lower resolution "
             "(300 dpi), in greyscale, or as JPEG").format(size=size / 1024 / 1024)


def _read_pdf(path: Path, data: bytes) -> Scan:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ScanError(path, _("is an encrypted PDF: save it without a password or "
                                    "protection"))
        pages = list(reader.pages)
        texts = [page.extract_text() or "" for page in pages[:MAX_PAGES]]
    except ScanError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        raise ScanError(path, _("is not a readable PDF ({problem})").format(
            problem=_short(exc))) from None
    if not pages:
        raise ScanError(path, _("is a PDF without pages"))
    if len(pages) > MAX_PAGES:
        raise ScanError(path, _("is a PDF of {n} pages: keep only the signed signature page "
                                "(at most {most} pages)").format(n=len(pages), most=MAX_PAGES))
    found = [f for text in texts for f in _in_text(text)]
    for page in pages:
        for image in _page_images(page):
            found += _qr_codes(image)
    return Scan(path, "PDF", data, len(pages), _unique(found))


def _page_images(page) -> list:
    """The images embedded in a PDF page that can be decoded (others are passed over)."""
    images = []
    try:
        for item in page.images:
            try:
                images.append(item.image)
            except Exception:  # noqa: BLE001 - a filter pypdf cannot decode (JBIG2 ...)
                continue
    except Exception:  # noqa: BLE001 - a damaged resource dictionary: no images to read
        pass
    return images


def _read_image(path: Path, data: bytes) -> Scan:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ScanError(path, _("is not a readable PDF or image (JPEG, PNG)")) from None
    kind = IMAGE_FORMATS.get(image.format or "")
    if kind is None:
        raise ScanError(path, _("is a {kind} image: send the scan as PDF, JPEG or PNG").format(
            kind=image.format))
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ScanError(path, _("is an image of {width} x {height} pixels, more than "
                                "{million} million: scan at a lower resolution (300 dpi)").format(
            width=width, height=height, million=MAX_PIXELS // 1_000_000))
    try:
        _load_strictly(image)
        turned = image.getexif().get(ORIENTATION, 1) not in (0, 1)
        upright = ImageOps.exif_transpose(image) if turned else image
    except Exception as exc:  # noqa: BLE001 - truncated or corrupt data, in many kinds
        raise ScanError(path, _("is not a readable {kind} image ({problem})").format(
            kind=kind, problem=_short(exc))) from None
    as_is = kind == "JPEG" and not turned  # else the pixels, losslessly
    if not as_is and upright.mode not in ("L", "RGB"):
        upright = _flatten(upright)
    pdf = image_pdf(upright, data if as_is else None, image.info.get("dpi"), path.stem)
    return Scan(path, kind, pdf, 1, _unique(_qr_codes(upright)))


def _load_strictly(image) -> None:
    """Decode every pixel; a truncated file is an error (weasyprint, once imported, makes
    Pillow fill in what is missing, for the whole process)."""
    from PIL import ImageFile

    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:119] + "…"


def _in_text(text: str) -> list[Found]:
    """Fingerprints in a text layer: a QR code's text copied there, or a bare SHA-256."""
    found = [Found(m.group(3), TEXT, m.group(1), m.group(2)) for m in CODE_RE.finditer(text)]
    return found + [Found(m.group(), TEXT) for m in FINGERPRINT_RE.finditer(text)]


def _qr_codes(image) -> list[Found]:
    """The signature codes in the QR codes of an image (zxing-cpp); others are ignored."""
    import zxingcpp

    if image.mode not in ("L", "RGB"):
        image = image.convert("L")
    try:
        codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    except Exception:  # noqa: BLE001 - an image zxing cannot take: no code found in it
        return []
    found = []
    for code in codes:
        match = CODE_RE.fullmatch(code.text.strip())
        if match:
            found.append(Found(match.group(3), QR, match.group(1), match.group(2)))
    return found


def _unique(found: list[Found]) -> list[Found]:
    """Each fingerprint once per kind of place (a text and a QR code of the same are two);
    a bare fingerprint in the text is left out when the text also has it as a code."""
    seen, out = set(), []
    for f in found:
        if (f.fingerprint, f.where) not in seen:
            seen.add((f.fingerprint, f.where))
            out.append(f)
    return out


def image_pdf(image, jpeg: bytes | None, dpi, title: str) -> bytes:
    """The image (mode L or RGB) on one page of a PDF: its own size when its resolution
    makes a paper page (PAGE_MIN, PAGE_MAX), else fitted to A4. ``jpeg``: the image's JPEG data, embedded as it
    is (no re-encoding); without it the pixels are embedded losslessly (Flate)."""
    import tempfile

    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    width, height = image.size
    size = None
    if dpi and min(float(dpi[0]), float(dpi[1])) > 0:
        size = (width * 72 / float(dpi[0]), height * 72 / float(dpi[1]))
    if size is None or not (PAGE_MIN <= min(size) and max(size) <= PAGE_MAX):
        # no resolution, or one that makes no paper page (a photo says 72 dpi): fit to A4
        scale = min(A4[0] / width, A4[1] / height)
        size = (width * scale, height * scale)
    rl_config.useA85 = 0
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=1, pageCompression=1)
    canvas.setTitle(f"Tekenblad {title}")
    canvas.setCreator("convenant")
    if jpeg is not None:  # reportlab embeds a JPEG as it is only when given a file name
        with tempfile.TemporaryDirectory() as folder:
            name = Path(folder) / "scan.jpg"
            name.write_bytes(jpeg)
            canvas.drawImage(str(name), 0, 0, *size)
            canvas.showPage()
            canvas.save()
    else:
        canvas.drawImage(ImageReader(image), 0, 0, *size)
        canvas.showPage()
        canvas.save()
    return buffer.getvalue()


def _flatten(image):
    """Greyscale or RGB on white: transparency, palettes and 16-bit greys a PDF page shows
    the same."""
    from PIL import Image

    if image.mode.startswith("I;16"):  # 0..65535: to 0..255, not cut off at 255
        return image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in ("1", "I", "F"):
        return image.convert("L")
    rgba = image.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, rgba).convert("RGB")
