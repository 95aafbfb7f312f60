"""The secretariat's overview of a package run: per party, who signs and whether it has signed."""

from __future__ import annotations

import csv
import io

from ..model.register import UNKNOWN
from ..packages import Plan
from .html import render_page

CSV_COLUMNS = ("nr", "partij", "organisatie", "vertegenwoordiger", "e-mail", "status", "datum",
               "plaats", "pakket", "adres")
MISSING_ADDRESS = "adres ontbreekt"
"""Written in the column 'adres' for a party without a postal address."""


def _rows(plan: Plan) -> list[dict[str, str]]:
    rows = []
    for number, row in enumerate(plan.rows, start=1):
        s = row.signature
        rows.append({
            "nr": str(number), "partij": row.party.id, "organisatie": row.block.organisation,
            "vertegenwoordiger": row.block.representative, "e-mail": row.party.email,
            "status": "getekend" if s else "openstaand",
            "datum": (s.date.isoformat() if s.date else UNKNOWN) if s else "",
            "plaats": s.place if s else "",
            "pakket": f"{row.party.id}.pdf" if row.package else "",
            "adres": row.address or MISSING_ADDRESS,
        })
    return rows


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection)."""


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading "'"."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def write_csv(columns, rows: list[dict[str, str]]) -> str:
    """Semicolon-separated with a byte-order mark, so that Excel with Dutch settings opens it
    as is; every cell neutralised against formula injection. Every CSV the project writes
    goes through here."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: neutralise(str(value)) for key, value in row.items()} for row in rows)
    return "\ufeff" + buffer.getvalue()


def render_overview_csv(plan: Plan) -> str:
    """The overview as CSV (see write_csv)."""
    return write_csv(CSV_COLUMNS, _rows(plan))


def render_overview_html(plan: Plan) -> str:
    return render_page("overzicht.html.j2", ("overzicht.css",), plan=plan)
