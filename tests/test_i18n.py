"""The command line speaks Dutch, and English as its second language (generator.i18n).

The rest of the suite reads the English (tests/conftest.py sets CONVENANT_TAAL=en); here the
Dutch: the catalog is complete and compiled, the language follows the environment, and the
words are those of the documents ("getekend", "openstaand")."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from generator.cli import main
from generator.i18n import language
from generator.i18n_catalog import CLICK, MO, PO, compiled, po_text, updated

from .conftest import REPO


def run(*args, **env):
    """The command line in this process with the environment's language variables as given."""
    clean = {var: None for var in ("CONVENANT_TAAL", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return CliRunner(env={**clean, **env}).invoke(main, list(args), prog_name="convenant")


def test_the_catalog_is_complete_and_compiled():
    catalog = updated()
    assert PO.read_bytes() == po_text(catalog), "run: python -m generator.i18n"
    ours = [m for m in catalog if m.id and any(loc != CLICK for loc, _ in m.locations)]
    assert len(ours) > 100
    missing = [m.id for m in ours if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert missing == []
    with PO.open("rb") as file:
        assert MO.read_bytes() == compiled(read_po(file, locale="nl", domain="convenant"))


@pytest.mark.parametrize("env, expected", [
    ({}, "nl"),
    ({"LANG": "C.UTF-8"}, "nl"),
    ({"LANG": "nl_NL.UTF-8"}, "nl"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANGUAGE": "en:nl", "LANG": "nl_NL.UTF-8"}, "en"),
    ({"LC_ALL": "nl_BE.UTF-8", "LANG": "en_US.UTF-8"}, "nl"),
    ({"CONVENANT_TAAL": "nl", "LANG": "en_US.UTF-8"}, "nl"),
    ({"CONVENANT_TAAL": "en", "LANG": "nl_NL.UTF-8"}, "en"),
])
def test_the_language_follows_the_environment(monkeypatch, env, expected):
    for var in ("CONVENANT_TAAL", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert language() == expected


def test_help_in_dutch_and_in_english():
    dutch = run("build", "--help", LANG="C.UTF-8")
    assert dutch.exit_code == 0
    assert dutch.output.startswith("Gebruik: convenant build [OPTIES] [REGIO]...")
    assert "--format TEKST" in dutch.output
    assert "Maak het convenant van REGIO (of van alle regio’s met --all)" in dutch.output
    assert "Opties:" in dutch.output and "Toon deze hulp en stop." in dutch.output
    assert "[standaard: (huidige map)]" in dutch.output
    english = run("build", "--help", LANG="en_US.UTF-8")
    assert english.output.startswith("Usage: convenant build [OPTIONS] [REGION]...")
    assert "Build the convenant of REGION (or --all regions)" in english.output
    # the top-level list of commands keeps whole words
    overview = run("--help", CONVENANT_TAAL="nl").output
    assert "Toetreding van een nieuwe organisatie" in overview
    # and again in English: the translation of one start does not stick to the next
    assert "Accession of a new organisation" in run("--help", CONVENANT_TAAL="en").output


def test_usage_words_in_dutch_and_in_english():
    """The usage line's placeholders and click's "[required]" in the language of the run."""
    dutch = run("sign", "--help", CONVENANT_TAAL="nl").output
    assert dutch.startswith("Gebruik: convenant sign [OPTIES] REGIO [PARTIJ]\n")
    assert "--version NAAM" in dutch and "[verplicht]" in dutch and "--date DATUM" in dutch
    assert run("--help", CONVENANT_TAAL="nl").output.startswith(
        "Gebruik: convenant [OPTIES] OPDRACHT [ARGUMENTEN]...")
    english = run("sign", "--help", CONVENANT_TAAL="en").output
    assert english.startswith("Usage: convenant sign [OPTIONS] REGION [PARTY]\n")
    assert "--version NAME" in english and "[required]" in english
    assert run("--help", CONVENANT_TAAL="en").output.startswith(
        "Usage: convenant [OPTIONS] COMMAND [ARGS]...")


def test_errors_in_dutch():
    unknown = run("status", "nergens", "--root", str(REPO), CONVENANT_TAAL="nl")
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("fout: ")
    usage = run("build", "--bestaat-niet", CONVENANT_TAAL="nl")
    assert usage.exit_code == 2
    assert "Fout: Onbekende optie '--bestaat-niet'." in usage.stderr
    assert "Zie 'convenant build --help' voor hulp." in usage.stderr


def test_status_speaks_the_words_of_the_documents():
    result = run("status", "zhz", "--root", str(REPO), "--op", "2026-12-01", CONVENANT_TAAL="nl")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "zhz op 2026-12-01: in werking: versie 1."
    assert lines[2] == "zhz versie 1 (in werking; vastgesteld (datum onbekend), vingerafdruk 2976eb6f3881)"
    dordrecht = next(line for line in lines if line.strip().startswith("dordrecht "))
    assert dordrecht.split()[1:] == ["Dordrecht", "getekend", "(datum", "onbekend)"]
    assert "31 van 31 partijen getekend." in lines


def test_an_outstanding_party_is_openstaand_as_in_the_overview(tiny):
    """`status` and the overview of `pakket` (generator.packages.Row.status) say the same."""
    import datetime as dt
    from types import SimpleNamespace

    from generator.commands.register import vaststellen
    from generator.packages import Row

    from .gitrepo import init_repo

    init_repo(tiny)
    vaststellen(tiny, "noord", "v1", dt.date(2026, 1, 1))
    result = run("status", "noord", "--root", str(tiny), CONVENANT_TAAL="nl")
    assert result.exit_code == 0, result.output
    assert "  stad        Stad               openstaand" in result.output.splitlines()
    assert "0 van 2 partijen getekend." in result.output.splitlines()
    assert Row.status.fget(SimpleNamespace(signature=None)) == "openstaand"


def test_a_real_process_speaks_dutch_without_being_asked():
    env = {k: v for k, v in os.environ.items()
           if k not in ("CONVENANT_TAAL", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "C.UTF-8"
    result = subprocess.run([sys.executable, "-m", "generator", "versions", "zhz"], cwd=REPO,
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1            vastgesteld (datum onbekend)  revisie 42bd12227c")
    assert "getekend 31/31  in werking" in result.stdout.splitlines()[0]
