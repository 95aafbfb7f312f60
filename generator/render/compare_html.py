"""A comparison of regions as HTML; also the input of its (landscape) PDF."""

from __future__ import annotations

from markupsafe import Markup

from ..compare import CELL_WORDS, Comparison, percent
from .html import css_text, environment


def render_compare_html(comparison: Comparison) -> str:
    template = environment().get_template("compare.html.j2")
    return template.render(c=comparison, regions=comparison.regions, percent=percent,
                           cell_words=CELL_WORDS, css=Markup(css_text("compare.css")))
