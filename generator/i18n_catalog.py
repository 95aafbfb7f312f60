"""Keep the Dutch catalog of the command line up to date (``python -m generator.i18n``).

Extracts every message: the ``_()``, ``gettext()`` and ``ngettext()`` calls of the package, the
help texts of the command line (generator.i18n.help_texts) and click's own words; merges them
into ``generator/locale/nl/LC_MESSAGES/convenant.po`` (translations kept, messages no longer
used dropped) and compiles ``convenant.mo``. Needs Babel (the ``test`` extra), not at run time.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .i18n import CLICK_MODULES, CLICK_WORDS, DOMAIN, LOCALE, help_texts, metavar_words

PACKAGE = Path(__file__).resolve().parent
PO = LOCALE / "nl" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
CLICK = "click"
"""The location given to click's own messages (they need no translation of ours)."""


def template() -> Catalog:
    """Every message as the code has it now."""
    found = Catalog(project="convenant", domain=DOMAIN)
    for filename, lineno, message, _comments, _context in extract_from_dir(
            PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS):
        found.add(message, locations=[(f"generator/{filename}", lineno)])
    from .cli import main as command_line

    for text in help_texts(command_line):
        found.add(text, locations=[("generator/cli.py", 0)], auto_comments=["help text"])
    for word in metavar_words(command_line):
        found.add(word, locations=[("generator/cli.py", 0)], auto_comments=["placeholder"])
    import click

    for word in CLICK_WORDS:
        found.add(word, locations=[(CLICK, 0)], auto_comments=["click"])
    for name in CLICK_MODULES:
        path = Path(click.__file__).parent / f"{name}.py"
        with path.open("rb") as source:
            for lineno, message, _comments, _context in extract_from_file(
                    "python", source.name, keywords=KEYWORDS):
                if message not in found:
                    found.add(message, locations=[(CLICK, 0)], auto_comments=[f"click/{name}.py"])
    return found


def current() -> Catalog:
    if not PO.exists():
        return Catalog(locale="nl", domain=DOMAIN, project="convenant")
    with PO.open("rb") as file:
        return read_po(file, locale="nl", domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    """The .mo bytes; the same for the same translations (the header's dates fixed)."""
    import datetime as dt

    catalog.creation_date = catalog.revision_date = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def po_text(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=True, ignore_obsolete=True, sort_by_file=False,
             sort_output=True)
    return out.getvalue()


def updated() -> Catalog:
    catalog = current()
    catalog.update(template(), no_fuzzy_matching=True)
    return catalog


def main() -> None:
    catalog = updated()
    PO.parent.mkdir(parents=True, exist_ok=True)
    PO.write_bytes(po_text(catalog))
    MO.write_bytes(compiled(read_po(io.BytesIO(PO.read_bytes()), locale="nl", domain=DOMAIN)))
    ours = [m for m in catalog if m.id and any(loc != CLICK for loc, _ in m.locations)]
    missing = [m for m in ours if not m.string or (isinstance(m.string, tuple) and not all(m.string))]
    print(f"{PO.relative_to(PACKAGE.parent)}: {len(ours)} messages of ours, "
          f"{len(missing)} without translation; {MO.name} compiled")
