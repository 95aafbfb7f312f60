"""Render an assembled Document as HTML (standalone, and as the input of the PDF renderer).

The pages are jinja templates in templates/; the blocks of the text (paragraphs, lists,
signature blocks) are rendered by the macros of templates/blocks.html.j2.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..dates import dutch_date
from ..model.blocks import merged
from ..model.document import Document

ASSETS = resources.files("generator.render") / "assets"


def font_dirs() -> list[Path]:
    """The folders of the bundled Source Serif Pro and Source Sans Pro fonts (in that order)."""
    import font_source_sans_pro
    import font_source_serif_pro

    return [Path(font_source_serif_pro.font_directory), Path(font_source_sans_pro.font_directory)]


MONO_FONT = "SourceCodePro[wght].ttf"
"""The bundled monospace (Source Code Pro, a variable font: weasyprint embeds the instance of
each weight it uses). Set the fingerprints, and lends its "◦" (which the Source Serif and Sans
fonts lack) to the list labels."""


def mono_font_dir() -> Path:
    """The folder of the bundled Source Code Pro (package fontpkg-source-code-pro)."""
    import fontpkg_source_code_pro

    return Path(fontpkg_source_code_pro.ROOT) / "files"


@functools.cache
def environment() -> jinja2.Environment:
    """The shared Jinja environment (autoescaped, strict), made on first use."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["dutch_date"] = dutch_date
    env.filters["merged"] = merged
    env.filters["block_type"] = block_type
    return env


def block_type(block) -> str:
    """The name of a block's type, by which templates/blocks.html.j2 picks its macro."""
    return type(block).__name__


class Page(str):
    """An HTML page (the text itself), and ``print_css``: the stylesheet only its PDF uses.

    The print stylesheet holds what only weasyprint reads (``@page`` and its margin boxes,
    ``string-set``, ``bookmark-*``, ``leader()``, named pages): it is left out of the HTML so
    that browsers and the HTML validator see standard CSS only, and render.pdf adds it when it
    makes the PDF from this same HTML (rendered once)."""

    print_css: str = ""


def _stylesheets(names: tuple[str, ...]) -> str:
    return "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in names)


@dataclass(frozen=True)
class Chrome:
    """What a page gets around its own content when it is shown as part of something larger:
    ``head`` (styles) at the end of <head>, ``header`` (navigation) first in <body>, ``foot``
    (scripts) last. The site (generator.site) and the live preview (generator.serve) give one;
    the documents themselves (and their PDFs) have none."""

    head: Markup = Markup("")
    header: Markup = Markup("")
    foot: Markup = Markup("")


NO_CHROME = Chrome()


def render_page(template: str, stylesheets: tuple[str, ...], print_sheets: tuple[str, ...] = (),
                chrome: Chrome | None = None, **context) -> Page:
    """A page template rendered with its stylesheets inlined (no external resources); the
    ``print_sheets`` go with it for the PDF (Page.print_css), not into the HTML. ``chrome``:
    the site's navigation or the preview's script around the page (Chrome)."""
    css = Markup(_stylesheets(stylesheets))
    page = Page(environment().get_template(template).render(css=css, chrome=chrome or NO_CHROME,
                                                            **context))
    page.print_css = _stylesheets(print_sheets)
    return page


def render_html(doc: Document, chrome: Chrome | None = None) -> Page:
    """The whole convenant as one HTML document (CSS inlined, no external resources)."""
    return render_page("convenant.html.j2", ("convenant.css",), ("convenant-print.css",),
                       chrome, doc=doc)


def render_form_html(doc: Document, annex, organisation: str) -> Page:
    """One annex on its own (a filled-in Bijlage 1), in the convenant's typography."""
    return render_page("formulier.html.j2", ("convenant.css", "formulier.css"),
                       ("convenant-print.css",), doc=doc, annex=annex, organisation=organisation)
