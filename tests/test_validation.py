"""Bad input: one line per problem naming file and line, exit 1, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import write_files
from tests.gitrepo import edit, snapshot


FORMATS = "html,docx"


def run_build(root: Path, *args: str):
    return CliRunner().invoke(main, ["build", *args, "--format", FORMATS, "--root", str(root)])


def test_tiny_project_builds(tiny):
    result = run_build(tiny, "--all")
    assert result.exit_code == 0, result.output
    assert sorted(snapshot(tiny / "build")) == [
        "noord/.convenant-cache.json", "noord/convenant.docx", "noord/convenant.html",
        "zuid/.convenant-cache.json", "zuid/convenant.docx", "zuid/convenant.html"]


CASES = [
    pytest.param("convenants/noord.yaml", "  overleg: Regionaal Overleg\n",
                 "  overleg: [Regionaal Overleg\n",
                 "convenants/noord.yaml:4: malformed YAML: while parsing a flow sequence", id="malformed-manifest-yaml"),
    pytest.param("parties/stad.yaml", "naam: Stad", "naam: 'Stad",
                 "parties/stad.yaml:1: malformed YAML: while scanning a quoted scalar", id="malformed-party-yaml"),
    pytest.param("clauses/artikelen/begrippen.md", "titel: Begrippen", "titel: [Begrippen",
                 "clauses/artikelen/begrippen.md:2: malformed YAML", id="malformed-front-matter"),
    pytest.param("convenants/noord.yaml", "  - overleg\n", "  - overleg\n  - bestaat-niet\n",
                 "convenants/noord.yaml:12: clause 'bestaat-niet' is listed but clauses/ has no "
                 "bestaat-niet.md", id="clause-missing"),
    pytest.param("clauses/artikelen/overleg.md", "- #secretaris @noord", "- #secretaris @west",
                 "clauses/artikelen/overleg.md:12: list item for unknown region 'west'",
                 id="variant-unknown-region"),
    pytest.param("clauses/artikelen/overleg.md", "## taken", "## taken @oost",
                 "clauses/artikelen/overleg.md:15: variant of 'taken' for unknown region 'oost'",
                 id="unit-unknown-region"),
    pytest.param("clauses/artikelen/begrippen.md", "Het {{overleg}}", "Het {{overleggen}}",
                 "clauses/artikelen/begrippen.md:7: undefined term 'overleggen' for region 'noord'",
                 id="undefined-term"),
    pytest.param("convenants/zuid.yaml", "  - zorg-en-co", "  - zorg-en-co\n  - onbekend",
                 "convenants/zuid.yaml:12: unknown party 'onbekend': no parties/onbekend.yaml",
                 id="unknown-party"),
    pytest.param("clauses/artikelen/overleg.md", "## taken", "## samenstelling",
                 "clauses/artikelen/overleg.md:15: duplicate id 'samenstelling' (also line 7)",
                 id="duplicate-lid-id"),
    pytest.param("clauses/artikelen/overleg.md", "- #leden", "- #voorzitter",
                 "clauses/artikelen/overleg.md:13: duplicate item id 'voorzitter' (also line 11)",
                 id="duplicate-item-id"),
    pytest.param("convenants/noord.yaml", "  - overleg\n", "  - overleg\n  - begrippen\n",
                 "convenants/noord.yaml:12: duplicate id 'begrippen' in 'artikelen' (also line 10)",
                 id="duplicate-in-manifest"),
    pytest.param("clauses/artikelen/begrippen.md", "{{ref:overleg}}", "{{ref:overleg.bestaat-niet}}",
                 "clauses/artikelen/begrippen.md:7: broken reference {{ref:overleg.bestaat-niet}}: "
                 "no such lid or item in region 'noord'", id="broken-reference"),
    pytest.param("clauses/artikelen/overleg.md", "{{ref:overleg.samenstelling.leden}}",
                 "{{ref:overleg.samenstelling.secretaris}}",
                 "clauses/artikelen/overleg.md:17: broken reference "
                 "{{ref:overleg.samenstelling.secretaris}}: no such lid or item in region 'zuid'",
                 id="reference-to-other-regions-item"),
    pytest.param("parties/zorg-en-co.yaml", "  zuid:\n", "  zuid:\n  west:\n",
                 "parties/zorg-en-co.yaml:8: deelname in unknown region 'west'",
                 id="party-in-unknown-region"),
    pytest.param("clauses/artikelen/overleg.md", "- #leden de leden.", "- #leden",
                 "clauses/artikelen/overleg.md:13: '#leden' is followed by no text: write the text "
                 "after the marks", id="item-with-only-its-id"),
    pytest.param("clauses/artikelen/overleg.md", "- #secretaris @noord de secretaris;",
                 "- #secretaris @noord",
                 "clauses/artikelen/overleg.md:12: '#secretaris @noord' is followed by no text",
                 id="item-with-only-its-marks"),
    pytest.param("parties/stad.yaml", "aanhef: de heer", "aanhef: heer",
                 "parties/stad.yaml:6: aanhef 'heer' must be 'de heer' or 'mevrouw'", id="bad-aanhef"),
]


@pytest.mark.parametrize("name, old, new, expected", CASES)
def test_bad_input_is_reported_and_nothing_is_written(tiny, name, old, new, expected):
    assert run_build(tiny, "--all").exit_code == 0
    before = snapshot(tiny / "build")
    edit(tiny, name, old, new)
    result = run_build(tiny, "--all")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith(expected) for line in lines), result.output
    assert "Traceback" not in result.output
    assert lines[-1].endswith("found; nothing was written.")
    assert snapshot(tiny / "build") == before


def test_all_problems_are_reported_together(tiny):
    edit(tiny, "clauses/artikelen/begrippen.md", "Het {{overleg}}", "Het {{overleggen}}")
    edit(tiny, "convenants/zuid.yaml", "  - zorg-en-co", "  - zorg-en-co\n  - onbekend")
    edit(tiny, "clauses/artikelen/overleg.md", "## taken", "## taken @oost")
    result = run_build(tiny, "--all")
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if ": " in line and line.split(":")[1].isdigit()]
    # the undefined term is used in both regions: one problem each
    assert len(problems) == 4, result.output
    assert result.output.splitlines()[-1] == "4 problems found; nothing was written."


def test_undefined_term_is_reported_per_region(tiny):
    edit(tiny, "convenants/zuid.yaml", "  overleg: Partneroverleg\n", "  andere: x\n")
    result = run_build(tiny, "zuid")
    assert result.exit_code == 1
    assert "clauses/artikelen/begrippen.md:7: undefined term 'overleg' for region 'zuid'" in result.output


def test_unknown_region_is_a_clear_error(tiny):
    result = run_build(tiny, "west")
    assert result.exit_code == 1
    assert result.output.strip() == "error: unknown region 'west': known regions are noord, zuid"
    assert not (tiny / "build").exists()


def test_missing_folder_is_reported(tmp_path):
    result = run_build(tmp_path, "--all")
    assert result.exit_code == 1
    assert "clauses: folder missing: is this a convenant repository?" in result.output


def test_party_listed_in_manifest_without_membership(tiny):
    edit(tiny, "convenants/zuid.yaml", "  - zorg-en-co", "  - zorg-en-co\n  - stad")
    result = run_build(tiny, "--all")
    assert "convenants/zuid.yaml:12: party 'stad' is listed but its file has no 'deelname: zuid'" \
        in result.output


def test_member_missing_from_signing_order(tiny):
    edit(tiny, "parties/stad.yaml", "deelname:\n", "deelname:\n  zuid:\n")
    result = run_build(tiny, "--all")
    assert "parties/stad.yaml:4: party takes part in 'zuid' but is not in convenants/zuid.yaml " \
           "'partijen'" in result.output


def test_clause_ids_must_be_unique_across_folders(tiny):
    write_files(tiny, {"clauses/bijlagen/begrippen.md": "Tekst\n"})
    result = run_build(tiny, "--all")
    assert "clauses/bijlagen/begrippen.md: duplicate clause id 'begrippen' " \
           "(also clauses/artikelen/begrippen.md)" in result.output


def test_clause_text_cannot_run_code(tiny):
    edit(tiny, "clauses/artikelen/begrippen.md", "Het {{overleg}}", "Het {{ 7*7 }} {{overleg.__class__}}")
    result = run_build(tiny, "--all")
    assert result.exit_code == 1
    assert "clauses/artikelen/begrippen.md:7: invalid placeholder {{7*7}}" in result.output
    assert "invalid placeholder {{overleg.__class__}}" in result.output
