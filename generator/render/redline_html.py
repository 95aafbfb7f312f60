"""A renvooi (or a wijzigingsvoorstel) as HTML; also the input of its PDF."""

from __future__ import annotations

from ..redline import STATUS_WORDS, Redline
from .html import render_page


def render_redline_html(redline: Redline, heading: str = "Renvooi", explanation=None) -> str:
    """``explanation``: commit log entries shown as the Toelichting (wijzigingsvoorstel)."""
    return render_page("redline.html.j2", ("redline.css",), redline=redline, new=redline.new_doc,
                       old=redline.old_doc, heading=heading, explanation=explanation or [],
                       status=STATUS_WORDS)
