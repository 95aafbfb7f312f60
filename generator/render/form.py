"""Bijlage 1 filled in for one organisation, as a form to sign (``convenant toetreding``).

The annex keeps the convenant's own wording; only how it is set changes, so that the form can
be signed without a pen hunting for room: each "[…]" the text leaves open (place, date) is a
line to write on with its caption under it, each line of dots ("....." in the clause) a
labelled signature line, and the chair's "Naam:" carries the name of the chair of the
Stuurgroep from the manifest (``voorzitter``), with the function under it. The rows are made
here from the Document's blocks; templates/formulier.html.j2 sets them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.blocks import Paragraph
from ..model.document import Annex, Document

BLANK_RE = re.compile(r"\[(?:…|\.\.\.)\]")
"""An open place in the wording: "[…]" (or "[...]")."""
SIGNATURE = "Handtekening"


@dataclass
class Row:
    """One row of the form: ``kind`` is "blocks" (as the convenant sets them), "blanks" (text
    with lines to write on: ``parts`` of (text, caption or None for plain text)), "sign" (a
    labelled signature line) or "name" (a label and its value, or a line to write it on)."""

    kind: str
    blocks: list = field(default_factory=list)
    parts: list[tuple[str, str | None]] = field(default_factory=list)
    label: str = ""
    value: str = ""


@dataclass
class FormAnnex(Annex):
    """The filled-in annex with the rows to set (what templates/formulier.html.j2 reads)."""

    rows: list[Row] = field(default_factory=list)


def _caption(before: str) -> str:
    """What is written on a blank, from the words before it: "te […]" a place, "datum […]" a
    date; otherwise nothing is printed under the line."""
    words = before.rstrip(" ,:").split()
    last = words[-1].lower() if words else ""
    return {"te": "plaats", "datum": "datum", "op": "datum"}.get(last, "")


def _blanks(text: str) -> list[tuple[str, str | None]]:
    parts: list[tuple[str, str | None]] = []
    position = 0
    for match in BLANK_RE.finditer(text):
        before = text[position:match.start()]
        parts += [(before, None), ("", _caption(before))]
        position = match.end()
    return parts + [(text[position:], None)]


def form_rows(annex: Annex, chair=None) -> list[Row]:
    """The rows of the filled-in ``annex``; ``chair``: the manifest's ``voorzitter`` or None."""
    rows: list[Row] = []
    for_chair = False  # after "Namens Stuurgroep:", "Naam:" is the chair's
    for section in annex.sections:
        for block in section.blocks:
            text = " ".join(run.text for run in block.runs).strip() \
                if isinstance(block, Paragraph) else ""
            if len(text) >= 3 and not text.strip("."):
                rows.append(Row("sign", label=SIGNATURE))
            elif BLANK_RE.search(text):
                rows.append(Row("blanks", parts=_blanks(text)))
            elif text.lower().startswith("namens"):
                for_chair = True
                rows.append(Row("blocks", [block]))
            elif text == "Naam:" and for_chair and chair is not None:
                rows.append(Row("name", label="Naam", value=chair.naam))
                rows.append(Row("name", label="Functie", value=chair.functie))
            elif text in ("Naam:", "Functie:"):
                rows.append(Row("name", label=text[:-1]))
            else:
                rows.append(Row("blocks", [block]))
    return rows


def form_annex(annex: Annex, chair=None) -> FormAnnex:
    """``annex`` (filled in) with its rows."""
    return FormAnnex(annex.id, annex.number, annex.title, annex.sections, annex.path,
                     rows=form_rows(annex, chair))


def render_form(doc: Document, annex: Annex, organisation: str, chair=None) -> str:
    """The form as HTML (render.html's page, in the convenant's typography)."""
    from .html import render_form_html

    return render_form_html(doc, form_annex(annex, chair), organisation)
