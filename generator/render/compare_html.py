"""A comparison of regions as HTML; also the input of its (landscape) PDF."""

from __future__ import annotations

from ..compare import CELL_WORDS, Comparison, percent
from .html import Chrome, Page, render_page


def render_compare_html(comparison: Comparison, chrome: Chrome | None = None) -> Page:
    return render_page("compare.html.j2", ("compare.css",), ("compare-print.css",), chrome,
                       c=comparison,
                       regions=comparison.regions, percent=percent, cell_words=CELL_WORDS)
