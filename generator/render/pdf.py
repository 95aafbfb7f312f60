"""Render the print HTML of a Document to PDF with weasyprint.

Only this module imports weasyprint, and only commands that make a PDF import this module.
weasyprint may load nothing but the package's own assets and its bundled fonts: a URL that
came from data (``file:``, ``http:`` or anything else) is refused.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..model.document import Document
from .html import ASSETS, MONO_FONT, font_dirs, mono_font_dir, render_html


class AssetsOnlyFetcher(URLFetcher):
    """A url_fetcher that serves files from the allowed asset folders and refuses the rest."""

    def __init__(self):
        super().__init__(allowed_protocols=("file",))
        self.roots = [Path(str(ASSETS)).resolve(),
                      *(d.resolve() for d in (*font_dirs(), mono_font_dir()))]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
        if path is None or not any(path.is_relative_to(root) for root in self.roots):
            self.refused.append(url)
            raise ValueError(f"refused to load {url!r}: only the package's own assets are used")
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {})


def font_css() -> str:
    """@font-face rules for the bundled Source Serif/Sans Pro and Source Code Pro fonts."""
    serif, sans = font_dirs()
    rules = []
    for family, folder, prefix in (("Convenant Serif", serif, "SourceSerifPro"),
                                   ("Convenant Sans", sans, "SourceSansPro")):
        for weight, style, name in ((400, "normal", "Regular"), (400, "italic", "It"),
                                    (700, "normal", "Bold"), (700, "italic", "BoldIt"),
                                    (600, "normal", "Semibold")):
            url = (folder / f"{prefix}-{name}.ttf").as_uri()
            rules.append(f"@font-face {{ font-family: '{family}'; font-weight: {weight}; "
                         f"font-style: {style}; src: url('{url}'); }}")
    mono = (mono_font_dir() / MONO_FONT).as_uri()
    for weight in (400, 600, 700):
        rules.append(f"@font-face {{ font-family: 'Convenant Mono'; font-weight: {weight}; "
                     f"src: url('{mono}'); }}")
    return "\n".join(rules)


PDFA_VARIANT = "pdf/a-2b"
"""What ``--pdfa`` asks of weasyprint: PDF/A-2b (ISO 19005-2, level B: the look of every page
kept, every font embedded, an sRGB output intent and XMP metadata naming the part)."""


def render_pdf_from_html(html: str, fetcher: AssetsOnlyFetcher | None = None,
                         pdfa: bool = False) -> bytes:
    """weasyprint alone: the final HTML to PDF bytes, with the page's print stylesheet
    (html.Page.print_css) and the bundled fonts; ``pdfa``: as PDF/A-2b (PDFA_VARIANT)."""
    fetcher = fetcher or AssetsOnlyFetcher()
    fonts = FontConfiguration()
    document = weasyprint.HTML(string=str(html), url_fetcher=fetcher, base_url=None)
    sheets = [weasyprint.CSS(string=font_css(), url_fetcher=fetcher, font_config=fonts)]
    print_css = getattr(html, "print_css", "")
    if print_css:
        sheets.append(weasyprint.CSS(string=print_css, url_fetcher=fetcher, font_config=fonts))
    with _fixed_font_timestamp():
        return document.write_pdf(stylesheets=sheets, font_config=fonts,
                                  pdf_variant=PDFA_VARIANT if pdfa else None)


FONT_EPOCH = "1704067200"
"""2024-01-01: the 'modified' date written into the instance weasyprint makes of the variable
Source Code Pro (fontTools stamps an instance with the time it is made, or SOURCE_DATE_EPOCH),
so that the same text gives the same PDF bytes, in any process, at any time."""


@contextlib.contextmanager
def _fixed_font_timestamp():
    """SOURCE_DATE_EPOCH set to FONT_EPOCH while weasyprint writes (unless the caller set it)."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = FONT_EPOCH
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def render_pdf(doc: Document, pdfa: bool = False) -> bytes:
    """The convenant as a printable A4 PDF (``pdfa``: PDF/A-2b)."""
    return render_pdf_from_html(render_html(doc), pdfa=pdfa)
