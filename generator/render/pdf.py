"""Render the print HTML of a Document to PDF with weasyprint.

Only this module imports weasyprint, and only commands that make a PDF import this module.
weasyprint may load nothing but the package's own assets and its bundled fonts: a URL that
came from data (``file:``, ``http:`` or anything else) is refused.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..model.document import Document
from .html import ASSETS, font_dirs, render_html


class AssetsOnlyFetcher(URLFetcher):
    """A url_fetcher that serves files from the allowed asset folders and refuses the rest."""

    def __init__(self):
        super().__init__(allowed_protocols=("file",))
        self.roots = [Path(str(ASSETS)).resolve(), *(d.resolve() for d in font_dirs())]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
        if path is None or not any(path.is_relative_to(root) for root in self.roots):
            self.refused.append(url)
            raise ValueError(f"refused to load {url!r}: only the package's own assets are used")
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {})


def font_css() -> str:
    """@font-face rules for the bundled Source Serif/Sans Pro fonts."""
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
    return "\n".join(rules)


def render_pdf_from_html(html: str, fetcher: AssetsOnlyFetcher | None = None) -> bytes:
    """weasyprint alone: the final HTML to PDF bytes."""
    fetcher = fetcher or AssetsOnlyFetcher()
    fonts = FontConfiguration()
    document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=None)
    fonts_css = weasyprint.CSS(string=font_css(), url_fetcher=fetcher, font_config=fonts)
    return document.write_pdf(stylesheets=[fonts_css], font_config=fonts)


def render_pdf(doc: Document) -> bytes:
    """The convenant as a printable A4 PDF."""
    return render_pdf_from_html(render_html(doc))
