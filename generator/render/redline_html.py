"""A renvooi (or a wijzigingsvoorstel) as HTML; also the input of its PDF."""

from __future__ import annotations

from markupsafe import Markup

from ..redline import STATUS_WORDS, Redline
from .html import css_text, environment


def render_redline_html(redline: Redline, heading: str = "Renvooi", explanation=None) -> str:
    """``explanation``: commit log entries shown as the Toelichting (wijzigingsvoorstel)."""
    template = environment().get_template("redline.html.j2")
    return template.render(redline=redline, new=redline.new_doc, old=redline.old_doc,
                           heading=heading, explanation=explanation or [], status=STATUS_WORDS,
                           css=Markup(css_text("redline.css")))
