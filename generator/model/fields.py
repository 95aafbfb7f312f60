"""Reading single fields of loaded YAML data: text, dates, and saying what a wrong value is.

The loaders of every file kind use these, so a number where text belongs, or a list where a
date belongs, gets the same words in every file.
"""

from __future__ import annotations

import datetime as dt

from ..dates import parse_date
from ..errors import Problems, shown


def describe(value) -> str:
    """What ``value`` is, for a message: "a number (123)", "a list", "'gisteren'"."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, (int, float)):
        return f"a number ({shown(value)})"
    if isinstance(value, dt.datetime):
        return f"a date and time ({value.isoformat(' ')})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    return shown(value)


def not_text(value) -> str:
    """"not a number (123); put it in quotes" for a value where text belongs."""
    quotes = "; put it in quotes" if isinstance(value, (bool, int, float, dt.date)) else ""
    return f"not {describe(value)}{quotes}"


def text_value(value, path, line, problems: Problems, what: str) -> str | None:
    """``value`` when it is text, else a problem ``{what} must be text, not ...`` and None."""
    if isinstance(value, str):
        return value
    problems.add(path, line, f"{what} must be text, {not_text(value)}")
    return None


def date_value(value, path, line, problems: Problems, what: str,
               expected: str = "a date written YYYY-MM-DD") -> dt.date | None:
    """A real calendar date written YYYY-MM-DD (unquoted, or quoted), else a problem
    ``{what} must be {expected}, not ...``."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    date = parse_date(value) if isinstance(value, str) else None
    if date is None:
        problems.add(path, line, f"{what} must be {expected}, not {describe(value)}")
    return date
