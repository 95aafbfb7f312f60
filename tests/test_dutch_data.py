"""Data problems in Dutch: what someone editing clauses, parties, manifests and the register
reads (``path:line: message``) when the command line speaks Dutch (CONVENANT_TAAL=nl).

The rest of the suite reads these messages in English (tests/conftest.py); here the same
refusals through the real command line, each line in the Dutch of the catalog."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import Problems
from generator.model.fields import Record, describe
from generator.yamlfile import load_yaml_text

from .conftest import TINY_FILES, write_files

BUILD = ("build", "--all", "--format", "html")


def build(root: Path, language: str = "nl"):
    return CliRunner(env={"CONVENANT_TAAL": language}).invoke(main, [*BUILD, "--root", str(root)])


def refused(result, root: Path) -> list[str]:
    """The printed lines of a refusal: exit 1, no traceback, nothing built."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert not (root / "build").exists()
    return result.output.splitlines()


def change(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


CASES = [
    pytest.param(
        "parties/stad.yaml", "naam: Stad", "naam: 12",
        "parties/stad.yaml:1: 'naam' moet tekst zijn, niet een getal (12); zet het tussen "
        "aanhalingstekens", id="party-name-number"),
    pytest.param(
        "parties/stad.yaml", "soort: gemeente", "soort: stadje",
        "parties/stad.yaml:2: soort 'stadje' moet 'gemeente' of 'organisatie' zijn",
        id="party-kind"),
    pytest.param(
        "parties/stad.yaml", "aanhef: de heer", "aanhef: heer",
        "parties/stad.yaml:6: aanhef 'heer' moet 'de heer' of 'mevrouw' zijn", id="aanhef"),
    pytest.param(
        "convenants/zuid.yaml", "looptijd_jaren: 5", "looptijd_jaren: vijf",
        "convenants/zuid.yaml:14: 'looptijd_jaren' moet een geheel aantal jaren zijn, niet 'vijf'",
        id="term-years"),
    pytest.param(
        "convenants/zuid.yaml", "ten_minste: true", "ten_minste: true\n  kleur: rood",
        "convenants/zuid.yaml:16: onbekend veld 'kleur' in duur", id="unknown-field"),
    pytest.param(
        "convenants/noord.yaml", "  - zorg-en-co\nduur", "  - zorg-en-co\n  - bakker\nduur",
        "convenants/noord.yaml:18: onbekende partij 'bakker': er is geen parties/bakker.yaml",
        id="unknown-party"),
    pytest.param(
        "clauses/artikelen/begrippen.md", "{{ref:overleg}}", "{{ref:nergens}}",
        "clauses/artikelen/begrippen.md:7: onjuiste verwijzing {{ref:nergens}}: er is geen "
        "clausule 'nergens'", id="broken-reference"),
    pytest.param(
        "clauses/artikelen/begrippen.md", "{{ref:overleg}}", "{{ref:overleg|lid}}",
        "clauses/artikelen/begrippen.md:7: onjuiste verwijzing {{ref:overleg|lid}}: 'overleg' "
        "is een artikel; |lid vraagt om een lid (schrijf voor een onderdeel |artikel-lid of "
        "|letter)", id="reference-form"),
    pytest.param(
        "clauses/artikelen/begrippen.md", "Het {{overleg}}", "Het {{vergadering}}",
        "clauses/artikelen/begrippen.md:7: term 'vergadering' is niet gedefinieerd voor regio "
        "'noord' (voeg hem toe onder 'termen' in convenants/noord.yaml)", id="undefined-term"),
    pytest.param(
        "clauses/artikelen/overleg.md", "- #secretaris @noord", "- #secretaris @west",
        "clauses/artikelen/overleg.md:12: onderdeel voor onbekende regio 'west'",
        id="item-unknown-region"),
    pytest.param(
        "convenants/noord.yaml", "overleg: Regionaal Overleg", "overleg: &a Regionaal Overleg",
        "convenants/noord.yaml:4: ankers en aliassen zijn niet toegestaan (&a): schrijf de "
        "waarde volledig uit", id="yaml-anchor"),
    pytest.param(
        "convenants/noord.yaml", "zvh: Zorg", "zvh: Zorg\nzvh: Zorg",
        "convenants/noord.yaml:3: sleutel 'zvh' komt twee keer voor", id="yaml-duplicate-key"),
]


@pytest.mark.parametrize("name, old, new, expected", CASES)
def test_a_data_problem_in_dutch(tiny, name, old, new, expected):
    change(tiny, name, old, new)
    assert expected in refused(build(tiny), tiny)


def test_the_register_in_dutch(tiny):
    (tiny / "register").mkdir()
    (tiny / "register/noord.yaml").write_text(
        'versies:\n  - naam: "v 1"\n    besluit: gisteren\n    revisie: abc\n'
        "    vingerafdruk: abc\nondertekeningen: []\n", encoding="utf-8")
    lines = refused(build(tiny), tiny)
    assert "register/noord.yaml:2: 'naam' 'v 1' is ongeldig: verwacht een versienaam (letters, " \
           "cijfers, '.', '_', '-'; ten hoogste 40)" in lines
    assert "register/noord.yaml:3: 'besluit' moet een datum in de vorm JJJJ-MM-DD of 'onbekend' " \
           "zijn, niet 'gisteren'" in lines
    assert "register/noord.yaml:4: 'revisie' 'abc' is ongeldig: verwacht een volledig " \
           "git-commit-id" in lines


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_symbolic_link_in_dutch(tiny):
    (tiny / "parties/link.yaml").symlink_to(tiny / "parties/stad.yaml")
    assert "parties/link.yaml: is een symbolische link" in refused(build(tiny), tiny)


def test_the_same_problems_in_english(tiny):
    change(tiny, "parties/stad.yaml", "naam: Stad", "naam: 12")
    change(tiny, "clauses/artikelen/begrippen.md", "{{ref:overleg}}", "{{ref:nergens}}")
    lines = refused(build(tiny, "en"), tiny)
    assert "parties/stad.yaml:1: 'naam' must be text, not a number (12); put it in quotes" in lines
    assert "clauses/artikelen/begrippen.md:7: broken reference {{ref:nergens}}: no clause " \
           "'nergens'" in lines


def test_what_a_value_is_follows_the_language(monkeypatch):
    monkeypatch.setenv("CONVENANT_TAAL", "nl")
    assert [describe(v) for v in (None, True, [], {})] == [
        "leeg", "een ja/nee-waarde", "een lege lijst", "een lege mapping"]
    problems = Problems()
    data = load_yaml_text("datum: 2026-02-30\n", Path("x.yaml"), problems)
    assert data is None
    assert [str(p) for p in problems.items] == [
        "x.yaml:1: 'datum': deze datum bestaat niet: 2026-02-30"]
    problems = Problems()
    record = Record(load_yaml_text("partij: stad\n", Path("r.yaml"), problems), "r.yaml",
                    problems, "reactie")
    assert record.date("datum") is None and record.text("bezwaar", required=True) == ""
    assert [str(p) for p in problems.items] == [
        "r.yaml:1: reactie: 'datum' moet een datum in de vorm JJJJ-MM-DD zijn, niet leeg",
        "r.yaml:1: reactie: 'bezwaar' ontbreekt"]
    monkeypatch.setenv("CONVENANT_TAAL", "en")
    assert describe(None) == "empty"
