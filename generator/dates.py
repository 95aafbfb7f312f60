"""Dates as Dutch documents write them, and the calendar arithmetic of art. 23."""

from __future__ import annotations

import datetime as dt
import re

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
"""The only way a date is written in the data and on the command line (use with fullmatch)."""

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def parse_date(text: str) -> dt.date | None:
    """A real calendar date written YYYY-MM-DD, or None for anything else.

    Refused: other forms Python would read ("20250105", "2025-W01-1", "2025-1-5"), dates that
    do not exist ("2025-02-30", "2026-13-45"), a time after the date, and non-text values.
    """
    if not isinstance(text, str) or not DATE_RE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def dutch_date(date: dt.date) -> str:
    """"15 januari 2027"."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def add_years(date: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)
