"""The refusals of the commands in Dutch (generator/commands/*): the real command line with
CONVENANT_TAAL=nl, one line on stderr, exit status 1 and no traceback. The rest of the suite
reads the same refusals in English (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.signing import read_overview
from generator.errors import UsageError

from .gitrepo import init_repo


def run(root: Path, *args: str, **env: str):
    """The command line in Dutch on ``root``; (exit code, stdout, stderr)."""
    result = CliRunner(env={"CONVENANT_TAAL": "nl", "CONVENANT_JOBS": "1", **env}).invoke(
        main, [*args, "--root", str(root)], prog_name="convenant")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def refusal(root: Path, *args: str, **env: str) -> str:
    """The one line a refused command prints (status 1, nothing on stdout)."""
    code, out, err = run(root, *args, **env)
    assert (code, out) == (1, ""), (code, out, err)
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    return err.rstrip("\n")


def test_an_unknown_region_and_format_in_dutch(tiny):
    assert refusal(tiny, "build", "onbekend") == (
        "fout: onbekende regio 'onbekend': bekende regio’s zijn noord, zuid")
    assert refusal(tiny, "build", "noord", "--format", "html,xyz") == (
        "fout: onbekend formaat 'xyz': kies uit html, pdf, docx")


def test_a_comparison_without_points_in_dutch(tiny):
    assert refusal(tiny, "compare", "noord@", "zuid") == (
        "fout: 'noord@' noemt geen punt om te vergelijken: schrijf REGIO, REGIO@VERSIE, "
        "REGIO@JJJJ-MM-DD of REGIO@REVISIE")
    assert refusal(tiny, "compare", "noord", "--basis") == (
        "fout: noord heeft geen 'basis' in convenants/noord.yaml: noem de regio’s die u wilt "
        "vergelijken")


def test_a_package_for_a_party_and_for_all_in_dutch(tiny):
    assert refusal(tiny, "pakket", "noord", "--party", "stad", "--all") == (
        "fout: geef --party of --all, niet allebei")
    assert refusal(tiny, "pakket", "noord", "--party", "nergens") == (
        "fout: 'nergens' is geen partij van noord en parties/ heeft geen bestand met die naam "
        "(zie 'partijen' in convenants/noord.yaml)")


def test_a_bad_number_of_processes_in_dutch(tiny):
    assert refusal(tiny, "build", "--all", CONVENANT_JOBS="nul") == (
        "fout: CONVENANT_JOBS='nul': verwacht wordt het aantal processen om mee op te maken, "
        "1 of meer (1: de ene regio na de andere)")


def test_a_withdrawal_on_an_unknown_ground_in_dutch(tiny):
    init_repo(tiny)
    assert refusal(tiny, "uittreding", "noord", "stad", "--grond", "99", "--date",
                   "2024-03-01") == (
        "fout: --grond '99': kies 21.3 (een wijziging of toetreding die de partij onaanvaardbaar "
        "vindt), 23.1 (opzegging) of 23.2 (uitsluiting)")


def test_a_renvooi_without_a_recorded_version_in_dutch(tiny):
    init_repo(tiny)
    assert refusal(tiny, "diff", "noord") == (
        "fout: er is nog geen versie van noord vastgelegd: geef OUD (een versienaam of "
        "git-revisie), of leg er een vast met `convenant vaststellen`")


def test_the_rows_of_an_overview_in_dutch(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVENANT_TAAL", "nl")
    overview = tmp_path / "overzicht.csv"
    overview.write_text("partij;versie\nstad;1\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        read_overview(overview)
    assert str(caught.value) == (
        f"{overview}:1: geen kolom 'datum', 'plaats': verwacht wordt het overzicht van "
        "`convenant pakket` met 'datum' en 'plaats' ingevuld (zie docs/formats.md)")
