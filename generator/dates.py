"""Dates as Dutch documents write them, and the calendar arithmetic of art. 23."""

from __future__ import annotations

import datetime as dt

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def dutch_date(date: dt.date) -> str:
    """"15 januari 2027"."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def add_years(date: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)
