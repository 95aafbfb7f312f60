"""A renvooi (or a wijzigingsvoorstel) as HTML; also the input of its PDF."""

from __future__ import annotations

from ..proposal import Proposal, side_description, side_name
from ..redline import LITERAL_HEAD, STATUS_WORDS, SYMBOLIC_HEAD, Redline
from .html import Chrome, render_page


def render_redline_html(redline: Redline, heading: str = "Renvooi", toelichting=None,
                        proposal: Proposal | None = None, chrome: Chrome | None = None) -> str:
    """``toelichting``: the amendment's explanation (model.amendment.Amendment), shown as the
    Toelichting of a wijzigingsvoorstel; its stylesheet is added only then. ``proposal``: the
    wijzigingsvoorstel's heading and proposed decision (generator.proposal)."""
    sheets = ("redline.css",) + (("toelichting.css",) if toelichting is not None else ())
    return render_page("redline.html.j2", sheets, ("redline-print.css",), chrome, redline=redline,
                       new=redline.new_doc, old=redline.old_doc, heading=heading,
                       toelichting=toelichting,
                       proposal=proposal, status=STATUS_WORDS, symbolic_head=SYMBOLIC_HEAD,
                       literal_head=LITERAL_HEAD, side_name=side_name,
                       side_description=side_description)
