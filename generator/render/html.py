"""Render an assembled Document as HTML (standalone, and as the input of the PDF renderer)."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..dates import dutch_date
from ..model.blocks import (Heading, ListBlock, Paragraph, PartyList, Run, SignatureBlock, merged,
                            SignatureBlocks)
from ..model.document import Document

ASSETS = resources.files("generator.render") / "assets"


def css_text(name: str = "convenant.css") -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def font_dirs() -> list[Path]:
    """The folders of the bundled Source Serif Pro and Source Sans Pro fonts (in that order)."""
    import font_source_sans_pro
    import font_source_serif_pro

    return [Path(font_source_serif_pro.font_directory), Path(font_source_sans_pro.font_directory)]


class HtmlBlocks:
    """Renders blocks to HTML, one method per block type (``render_<TypeName>``)."""

    def render(self, blocks) -> Markup:
        return Markup("").join(getattr(self, f"render_{type(b).__name__}")(b) for b in blocks)

    def runs(self, runs: list[Run]) -> Markup:
        out = []
        for run in merged(runs):
            text = Markup("<br>").join(escape(part) for part in run.text.split("\n"))
            if run.italic:
                text = Markup("<em>%s</em>") % text
            if run.bold:
                text = Markup("<strong>%s</strong>") % text
            out.append(text)
        return Markup("").join(out)

    def render_Paragraph(self, block: Paragraph) -> Markup:
        return Markup("<p>%s</p>\n") % self.runs(block.runs)

    def render_Heading(self, block: Heading) -> Markup:
        level = min(max(block.level, 3), 6)
        return Markup(f"<h{level} class=\"sub\">%s</h{level}>\n") % self.runs(block.runs)

    def render_ListBlock(self, block: ListBlock) -> Markup:
        items = []
        for item in block.items:
            items.append(Markup('<li><span class="label">%s</span><div class="item">%s</div></li>\n')
                         % (item.label, self.render(item.blocks)))
        return Markup('<ol class="list %s">\n%s</ol>\n') % (block.style, Markup("").join(items))

    def render_PartyList(self, block: PartyList) -> Markup:
        entries = Markup("").join(Markup("<li>%s</li>\n") % e.text for e in block.entries)
        return Markup('<ul class="parties %s">\n%s</ul>\n') % (block.kind, entries)

    def render_SignatureBlocks(self, block: SignatureBlocks) -> Markup:
        return Markup("").join(self.signature(b) for b in block.blocks)

    def signature(self, block: SignatureBlock) -> Markup:
        lines = []
        for line in block.lines():
            label = Markup('<span class="%s">%s</span> ') % (
                "label" if line.kind == "org" else "fill-label", line.label) if line.label else Markup("")
            if line.kind in ("fill", "sign"):
                cls = "fill sign" if line.kind == "sign" else "fill"
                lines.append(Markup('<p class="%s">%s<span class="line"></span></p>') % (cls, label))
            else:
                lines.append(Markup('<p class="%s">%s%s</p>') % (line.kind, label, line.text))
        return Markup('<div class="signature" data-party="%s">%s</div>\n') % (
            block.party_id, Markup("").join(lines))


@functools.cache
def environment() -> jinja2.Environment:
    """The shared Jinja environment (autoescaped, strict), made on first use."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["dutch_date"] = dutch_date
    return env


def render_page(template: str, stylesheets: tuple[str, ...], **context) -> str:
    """A page template rendered with its stylesheets inlined (no external resources)."""
    css = Markup("\n".join(css_text(name) for name in stylesheets))
    return environment().get_template(template).render(css=css, **context)


def render_html(doc: Document) -> str:
    """The whole convenant as one HTML document (CSS inlined, no external resources)."""
    return render_page("convenant.html.j2", ("convenant.css",), doc=doc, blocks=HtmlBlocks())


class FormBlocks(HtmlBlocks):
    """A form to sign: a paragraph of dots ("....." in Bijlage 1) is a line to sign on."""

    def render_Paragraph(self, block: Paragraph) -> Markup:
        if len(block.text.strip()) >= 3 and not block.text.strip().strip("."):
            return Markup('<p class="sign-line"><span class="line"></span></p>\n')
        return super().render_Paragraph(block)


def render_form_html(doc: Document, annex, organisation: str) -> str:
    """One annex on its own (a filled-in Bijlage 1), in the convenant's typography."""
    return render_page("formulier.html.j2", ("convenant.css", "formulier.css"), doc=doc,
                       annex=annex, organisation=organisation, blocks=FormBlocks())
