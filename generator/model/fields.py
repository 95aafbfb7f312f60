"""Reading loaded YAML data field by field: text, dates, lists of records, unknown fields,
and saying what a wrong value is.

The loaders of every file kind use these (a ``Record`` per mapping, ``load_folder`` per
folder), so a number where text belongs, or a list where a date belongs, gets the same words
in every file.
"""

from __future__ import annotations

import datetime as dt

from ..dates import parse_date
from ..errors import Problems, shown
from ..yamlfile import LDict, LList, load_yaml
from ..i18n import _


def describe(value) -> str:
    """What ``value`` is, for a message: "a number (123)", "a list", "'gisteren'"."""
    if value is None:
        return _("empty")
    if isinstance(value, bool):
        return _("a yes/no value")
    if isinstance(value, (int, float)):
        return _("a number ({value})").format(value=shown(value))
    if isinstance(value, dt.datetime):
        return _("a date and time ({value})").format(value=value.isoformat(" "))
    if isinstance(value, dt.date):
        return _("a date ({value})").format(value=value.isoformat())
    if isinstance(value, list):
        return _("a list") if value else _("an empty list")
    if isinstance(value, dict):
        return _("a mapping") if value else _("an empty mapping")
    return shown(value)


def not_text(value) -> str:
    """"not a number (123); put it in quotes" for a value where text belongs."""
    if isinstance(value, (bool, int, float, dt.date)):
        return _("not {value}; put it in quotes").format(value=describe(value))
    return _("not {value}").format(value=describe(value))


def text_value(value, path, line, problems: Problems, what: str) -> str | None:
    """``value`` when it is text, else a problem ``{what} must be text, not ...`` and None."""
    if isinstance(value, str):
        return value
    problems.add(path, line, _("{what} must be text, {not_value}").format(
        what=what, not_value=not_text(value)))
    return None


def spaces(text: str) -> str:
    """``text`` with every run of white space made one space, and none at either end."""
    return " ".join(text.split())


def mapping(data, path, problems: Problems, expected: str) -> LDict | None:
    """``data`` when it is a mapping, else a problem ``{expected}, not ...`` and None."""
    if isinstance(data, LDict):
        return data
    problems.add(path, getattr(data, "line", 1) or 1,
                 _("{expected}, not {value}").format(expected=expected, value=describe(data)))
    return None


def load_mapping(path, problems: Problems, source, expected: str) -> LDict | None:
    """A YAML file that must hold a mapping (see ``mapping``); None when it holds none."""
    data = load_yaml(path, problems, source)
    return None if data is None else mapping(data, path, problems, expected)


def load_folder(folder, problems: Problems, source, load) -> dict:
    """Every ``*.yaml`` file in ``folder`` read by ``load(path, problems, source)``, by file
    name without ``.yaml``; a file ``load`` returns None for is left out."""
    found = {}
    for path in source.files(folder, "*.yaml"):
        item = load(path, problems, source)
        if item is not None:
            found[path.stem] = item
    return found


class Record:
    """One mapping of a data file, read field by field: a wrong field is a problem with the
    file and line, and the reader goes on with an empty value.

    ``what`` starts the messages about its fields ("reactie: 'partij' is missing"); ``line``
    is where a missing field is reported (default: where the mapping starts).
    """

    def __init__(self, data: LDict, path, problems: Problems, what: str = "", line: int = 0):
        self.data, self.path, self.problems = data, path, problems
        self.prefix = f"{what}: " if what else ""
        self.line = line or data.line

    def add(self, line, message: str) -> None:
        self.problems.add(self.path, line, message)

    def line_of(self, key: str) -> int:
        return self.data.key_lines.get(key, self.line)

    def text(self, key: str, required: bool = False, clean=str.strip, blank: str = "") -> str:
        """The text of ``key`` made ``clean`` ("" when absent or wrong). A required field that is
        absent is "'key' is missing"; one that is empty once clean, "'key' {blank}" (a
        translated message; default "is missing")."""
        value = self.data.get(key)
        what = f"{self.prefix}'{key}'"
        if value is None:
            if required:
                self.add(self.line_of(key), _("{what} is missing").format(what=what))
            return ""
        value = text_value(value, self.path, self.line_of(key), self.problems, what)
        if value is None:
            return ""
        value = clean(value) if clean else value
        if required and not value:
            self.add(self.line_of(key), f"{what} {blank}" if blank
                     else _("{what} is missing").format(what=what))
        return value

    def date(self, key: str, expected: str = "") -> dt.date | None:
        """The date of ``key``: a real calendar date written YYYY-MM-DD (unquoted, or quoted),
        else a problem "'key' must be {expected}, not ..." and None (``expected`` a translated
        message; default "a date written YYYY-MM-DD")."""
        value = self.data.get(key)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        date = parse_date(value)
        if date is None:
            self.add(self.line_of(key), _("{prefix}'{key}' must be {expected}, not {value}").format(
                prefix=self.prefix, key=key, expected=expected or _("a date written YYYY-MM-DD"),
                value=describe(value)))
        return date

    def mapping(self, key: str, expected: str, what: str = "", line: int = 0) -> Record | None:
        """The mapping under ``key`` as a Record (``what`` and ``line`` as for a Record); None when
        absent, or when it is something else: then a problem "{expected}, not ..." at its line."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, LDict):
            return Record(value, self.path, self.problems, what, line)
        self.add(self.line_of(key),
                 _("{expected}, not {value}").format(expected=expected, value=describe(value)))
        return None

    def flag(self, key: str, default: bool | None = None) -> bool | None:
        """true or false (``default`` when absent), else a problem "'key' must be true or false,
        not ..." and ``default``."""
        value = self.data.get(key, default)
        if value is default or isinstance(value, bool):
            return value
        self.add(self.line_of(key), _("{prefix}'{key}' must be true or false, not {value}").format(
            prefix=self.prefix, key=key, value=describe(value)))
        return default

    def unknown(self, allowed, what: str = "", expected: str | None = None) -> None:
        """A problem for every key not in ``allowed``: "unknown field 'x' in {what} ({expected})";
        ``expected`` defaults to "expected one of: " and ``allowed`` in its order; "" leaves it out."""
        if expected is None:
            expected = _("expected one of: {keys}").format(keys=", ".join(allowed))
        for key in self.data:
            if key not in allowed:
                message = (_("unknown field {key} in {what}") if what
                           else _("unknown field {key}")).format(key=shown(key), what=what)
                self.add(self.line_of(key), f"{message} ({expected})" if expected else message)

    def records(self, key: str, what: str = "") -> list[tuple[Record, int]]:
        """The mappings listed under ``key``, each as a Record with its line (none when absent)."""
        items = self.data.get(key)
        if items is None:
            return []
        if not isinstance(items, LList):
            self.add(self.line_of(key),
                     _("'{key}' must be a list, not {value}").format(key=key, value=describe(items)))
            return []
        found = []
        for item, line in zip(items, items.item_lines):
            if isinstance(item, LDict):
                found.append((Record(item, self.path, self.problems, what), line))
            else:
                self.add(line, _("each entry of '{key}' must be a mapping, not {value}").format(
                    key=key, value=describe(item)))
        return found
