"""The language of the command line: Dutch, with English as the second language.

Messages are written in English in the code (``_("signed")``) and translated through a gettext
catalog, ``generator/locale/nl/LC_MESSAGES/convenant.po`` (compiled to ``convenant.mo``). The
help texts of the commands and options, and click's own words ("Usage:", "Options:", its error
messages), go through the same catalog when the command line starts (``activate``).

Which language: ``CONVENANT_TAAL`` (``nl`` or ``en``) when set, else the first of LANGUAGE,
LC_ALL, LC_MESSAGES and LANG that is set: English when it starts with ``en``, Dutch otherwise.
A message without a translation is printed in English.

The catalog is kept up to date with ``python -m generator.i18n`` (Babel: it extracts every
``_()``/``ngettext()`` of the package, the help texts of the command line and the words of
click, keeps the translations there are, and compiles the ``.mo``); tests/test_i18n.py checks
that every message of ours has a Dutch translation and that the ``.mo`` is the compiled ``.po``.
"""

from __future__ import annotations

import gettext as _gettext
import os
from functools import lru_cache
from pathlib import Path

DOMAIN = "convenant"
LOCALE = Path(__file__).resolve().parent / "locale"
LANGUAGE_VARIABLE = "CONVENANT_TAAL"
CLICK_MODULES = ("core", "exceptions", "decorators", "formatting", "parser", "types", "termui")


def language() -> str:
    """"nl" or "en", from the environment (see the module's docstring)."""
    chosen = os.environ.get(LANGUAGE_VARIABLE, "").strip()
    if not chosen:
        chosen = next((os.environ[v] for v in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
                       if os.environ.get(v)), "nl")
    return "en" if chosen.split(":")[0].lower().startswith("en") else "nl"


@lru_cache(maxsize=None)
def _translations(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE, languages=[lang], fallback=True)


def gettext(message: str) -> str:
    """``message`` in the language of the environment."""
    return _translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations(language()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Marks a message for the catalog where it is translated later (``_(STATES[state])``)."""
    return message


def activate(group) -> None:
    """Translate the command line: click's own words and the help of every command and
    option of ``group`` (kept in English as written, translated each time it starts)."""
    import importlib

    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    for owner, attribute, english in _help_texts(group):
        setattr(owner, attribute, gettext(english))
    for command in _commands(group):
        if getattr(command, "_help_option", None) is not None:
            command._help_option = None  # click keeps --help's text from its first use


def _commands(group):
    yield group
    for command in getattr(group, "commands", {}).values():
        yield from _commands(command)


def _help_texts(group):
    """(owner, attribute, English text) of every help text of the command line; the English
    is kept on first sight (``_english``), so that a second start translates it again."""
    import inspect

    for command in _commands(group):
        originals = command.__dict__.setdefault("_english", {})
        for owner, attribute in [(command, "help"), (command, "short_help"),
                                 *((param, "help") for param in command.params),
                                 *((param, "show_default") for param in command.params
                                   if isinstance(getattr(param, "show_default", None), str))]:
            key = (id(owner), attribute)
            if key not in originals:
                value = getattr(owner, attribute, None)
                originals[key] = inspect.cleandoc(value) if value else None
            if originals[key]:
                yield owner, attribute, originals[key]


def help_texts(group) -> list[str]:
    """Every help text of the command line as written: messages of the catalog."""
    return [english for _owner, _attribute, english in _help_texts(group)]


if __name__ == "__main__":  # python -m generator.i18n: update the catalog
    from .i18n_catalog import main

    main()
