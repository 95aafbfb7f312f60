"""The command line: exact output, exit codes, help for every command."""

from __future__ import annotations


import click
import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import REPO, modules_imported


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def all_commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,)
        if isinstance(command, click.Group):
            yield from all_commands(command, prefix + (name,))


@pytest.mark.parametrize("command", [()] + list(all_commands(main)), ids=lambda c: " ".join(c) or "main")
def test_every_command_has_help(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Usage: " in result.output
    help_text = result.output.split("Options:")[0]
    assert len(help_text.split()) > 8, result.output  # a real description, not just usage


def test_regions_lists_the_real_regions():
    result = invoke("regions", "--root", str(REPO))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "haaglanden    34 partijen  Samenwerkingsconvenant tussen ketenpartners in het "
        "Zorg- en Veiligheidshuis Haaglanden",
        "zhz           31 partijen  Samenwerkingsconvenant Zorg- en Veiligheidshuis Zuid-Holland Zuid",
    ]


def test_build_writes_the_outputs_and_prints_their_paths(tiny):
    out = tiny / "elders"
    result = CliRunner().invoke(
        main, ["build", "noord", "--format", "html", "--out", str(out), "--root", str(tiny)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(out / "noord" / "convenant.html")]
    html = (out / "noord" / "convenant.html").read_text(encoding="utf-8")
    assert "Zorg &amp; Co &lt;Noord&gt;" in html


def test_unknown_format(tiny):
    result = invoke("build", "noord", "--format", "html,odt", "--root", str(tiny))
    assert result.exit_code == 1
    assert result.output.strip() == "error: unknown format 'odt': choose from html, pdf, docx"


def test_region_or_all_is_required(tiny):
    assert invoke("build", "--root", str(tiny)).exit_code == 2
    assert invoke("build", "noord", "--all", "--root", str(tiny)).exit_code == 2


def test_commands_that_make_no_pdf_do_not_import_weasyprint(tiny):
    assert "weasyprint" not in modules_imported(
        ["regions", "--root", str(tiny)], ["build", "--all", "--format", "html,docx", "--root", str(tiny)])
