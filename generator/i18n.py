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
import re
from functools import lru_cache
from pathlib import Path

DOMAIN = "convenant"
LOCALE = Path(__file__).resolve().parent / "locale"
LANGUAGE_VARIABLE = "CONVENANT_TAAL"
CLICK_MODULES = ("core", "exceptions", "decorators", "formatting", "parser", "types", "termui")
CLICK_WORDS = ("required", "[OPTIONS]")
"""click's words that its code translates from a variable (``_(extra["required"])``) or not
at all (the usage line's ``[OPTIONS]``), so that Babel does not find them."""
METAVAR_WORD = re.compile(r"\b[A-Z][A-Z_]*[A-Z](?::[A-Z]+)?\b")
"""A word of a usage line or option placeholder: REGION, NAME, HOST:PORT, COMMAND."""


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
    core = importlib.import_module("click.core")
    for cls in (core.Argument, core.Option):
        if not hasattr(cls.make_metavar, "english"):
            cls.make_metavar = _translated_metavar(cls.make_metavar)
    for command in _commands(group):
        if getattr(command, "_help_option", None) is not None:
            command._help_option = None  # click keeps --help's text from its first use
        command.options_metavar = gettext("[OPTIONS]")
        if hasattr(command, "subcommand_metavar"):
            english = command.__dict__.setdefault("_english_subcommand_metavar",
                                                  command.subcommand_metavar)
            command.subcommand_metavar = _metavar_words(english)


def _metavar_words(text: str) -> str:
    """``text`` with each placeholder word translated ("REGION [PARTY]" -> "REGIO [PARTIJ]")."""
    return METAVAR_WORD.sub(lambda m: gettext(m.group(0)), text)


def _translated_metavar(make):
    """click's make_metavar of an argument or option, its words translated."""
    def make_metavar(self, ctx):
        return _metavar_words(make(self, ctx))

    make_metavar.english = make
    return make_metavar


def metavar_words(group) -> list[str]:
    """Every placeholder word of the usage lines and options of ``group`` (for the catalog)."""
    import click

    words = set()
    for command in _commands(group):
        ctx = click.Context(command, info_name=command.name)
        for param in command.params:
            make = getattr(type(param).make_metavar, "english", type(param).make_metavar)
            words.update(METAVAR_WORD.findall(make(param, ctx)) if param.metavar or
                         not getattr(param, "is_flag", False) else [])
        english = command.__dict__.get("_english_subcommand_metavar",
                                       getattr(command, "subcommand_metavar", None))
        words.update(METAVAR_WORD.findall(english or ""))
    return sorted(words)


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
