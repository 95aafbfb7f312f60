"""The secretariat's overview of a package run: per party, who signs and whether it has signed."""

from __future__ import annotations

import csv
import io

from markupsafe import Markup

from ..packages import Plan
from .html import css_text, environment

CSV_COLUMNS = ("nr", "partij", "organisatie", "vertegenwoordiger", "e-mail", "status", "datum",
               "plaats", "pakket")


def _rows(plan: Plan) -> list[dict[str, str]]:
    rows = []
    for number, row in enumerate(plan.rows, start=1):
        s = row.signature
        rows.append({
            "nr": str(number), "partij": row.party.id, "organisatie": row.block.organisation,
            "vertegenwoordiger": row.block.representative, "e-mail": row.party.email,
            "status": "getekend" if s else "openstaand",
            "datum": s.date.isoformat() if s else "", "plaats": s.place if s else "",
            "pakket": f"{row.party.id}.pdf" if row.package else "",
        })
    return rows


def render_overview_csv(plan: Plan) -> str:
    """Semicolon-separated with a byte-order mark: Excel with Dutch settings opens it as is."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(_rows(plan))
    return "\ufeff" + buffer.getvalue()


def render_overview_html(plan: Plan) -> str:
    template = environment().get_template("overzicht.html.j2")
    return template.render(plan=plan, css=Markup(css_text("overzicht.css")))
