"""The command line in Dutch (CONVENANT_TAAL=nl): lint findings as a legal advisor reads them,
and refusals of vaststellen, sign, init and the option types, each one line after "fout:".

The rest of the suite reads the English; these run the real command line (click's CliRunner on
generator.cli.main) or the real functions with the language set to Dutch.
"""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.lint import lint
from generator.commands.register import vaststellen
from generator.errors import UsageError
from generator.mail import parse_server

from .conftest import TINY_FILES, write_files
from .gitrepo import init_repo, repo_state
from .test_lint import BASE, FILES, lid, line_of, project, with_lid


def run(*args):
    """The command line in Dutch, whatever the locale of the machine."""
    env = {"CONVENANT_TAAL": "nl", "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None,
           "LANG": None}
    return CliRunner(env=env).invoke(main, [str(a) for a in args], prog_name="convenant")


@pytest.fixture
def dutch(monkeypatch):
    monkeypatch.setenv("CONVENANT_TAAL", "nl")


@pytest.fixture
def tiny_repo(tmp_path):
    return init_repo(write_files(tmp_path / "tiny", TINY_FILES))


def one_line_refusal(result, message: str) -> None:
    """Exit status 1, no traceback, and exactly ``fout: message`` on stderr."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr == f"fout: {message}\n"
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- lint findings

def test_reference_to_nothing_in_dutch(tmp_path):
    root = project(tmp_path, **with_lid(lid("besluiten", "Besluiten worden genomen volgens "
                                                         "artikel 9.")))
    line = line_of(root, FILES["overleg"], "Besluiten worden")
    result = run("lint", "--root", root)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "fouten:",
        f"{FILES['overleg']}:{line}: artikel 2.3: 'artikel 9' verwijst nergens naar: er is geen "
        "artikel 9 (artikel 1–3)",
    ]
    assert result.stderr == "1 fout, 0 waarschuwingen in noord, zuid\n"


@pytest.mark.parametrize("text, why", [
    ("volgens artikel 2.7.", "'artikel 2.7' verwijst nergens naar: artikel 2 heeft geen lid 7 (2.1–2.3)"),
    ("volgens artikel 2.1, onder c.",
     "'artikel 2.1, onder c' verwijst nergens naar: artikel 2.1 heeft geen onderdeel c (de "
     "onderdelen lopen van a tot en met b)"),
    ("volgens artikel 2.2, onder a.",
     "'artikel 2.2, onder a' verwijst nergens naar: artikel 2.2 heeft geen opsomming met letters "
     "(geen onderdeel a)"),
    ("zoals in Bijlage 2.",
     "'Bijlage 2' verwijst nergens naar: bijlage 2 is niet opgenomen (alleen bijlage 1)"),
    ("Zie Artikel 2,3, onder a: het protocol.",
     "'Artikel 2,3, onder a' is niet te lezen: '2,3' is geen artikel- of lidnummer (2.3? of 2 en 3?)"),
])
def test_reference_errors_read_in_dutch(tmp_path, dutch, text, why):
    root = project(tmp_path, **with_lid(lid("besluiten", f"Besluiten worden genomen {text}")))
    line = line_of(root, FILES["overleg"], "Besluiten worden")
    assert lint(root).lines() == ["fouten:", f"{FILES['overleg']}:{line}: artikel 2.3: {why}"]


def test_stray_full_stop_is_a_dutch_warning_and_exits_zero(tmp_path):
    root = project(tmp_path, **with_lid(lid("besluiten", "Zoals benoemd in artikel. 2.1")))
    line = line_of(root, FILES["overleg"], "Zoals benoemd")
    result = run("lint", "--root", root)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "waarschuwingen:",
        f"{FILES['overleg']}:{line}: artikel 2.3: 'artikel. 2.1': overbodige punt na het woord "
        "'artikel'",
    ]
    assert result.stderr == "0 fouten, 1 waarschuwing in noord, zuid\n"


def test_definition_findings_read_in_dutch(tmp_path, dutch):
    moved = BASE[FILES["definities"]].replace("op grond van artikel 2.2;", "op grond van artikel 2.1;")
    moved += "\n        ## triage\n\n        *Triage*: het beoordelen van een melding.\n"
    root = project(tmp_path, definities=moved)
    werkplan = line_of(root, FILES["definities"], "*Werkplan*")
    triage = line_of(root, FILES["definities"], "*Triage*")
    report = lint(root)
    assert report.lines() == [
        "waarschuwingen:",
        f"{FILES['definities']}:{werkplan}: artikel 1.3: de definitie van 'Werkplan' verwijst naar "
        "'artikel 2.1', waarin 'Werkplan' niet voorkomt; wel in artikel 2.2 en 2.3: is de tekst "
        "verplaatst?",
        f"{FILES['definities']}:{triage}: artikel 1.5: 'Triage' is gedefinieerd maar wordt nergens "
        "gebruikt",
    ]
    assert report.summary() == "0 fouten, 2 waarschuwingen in noord, zuid"


def test_other_regions_word_reads_in_dutch(tmp_path, dutch):
    regie = BASE[FILES["regie"]] + "\n        ## extra\n\n        De Casusregisseur rapporteert.\n"
    root = project(tmp_path, regie=regie)
    line = line_of(root, FILES["regie"], "De Casusregisseur")
    assert lint(root).lines() == [
        "waarschuwingen:",
        f"{FILES['regie']}:{line}: artikel 3.3: 'Casusregisseur' is het woord van noord voor "
        "{{regisseur}}; dit convenant zegt 'Casuscoördinator'; schrijf in gedeelde tekst "
        "{{regisseur}} (zuid)",
    ]


def test_the_same_findings_stay_english_with_convenant_taal_en(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVENANT_TAAL", "en")
    root = project(tmp_path, **with_lid(lid("besluiten", "Zoals benoemd in artikel. 2.1")))
    report = lint(root)
    assert report.lines()[0] == "warnings:"
    assert report.lines()[1].endswith("'artikel. 2.1': stray '.' after the word 'artikel'")
    assert report.summary() == "0 errors, 1 warning in noord, zuid"


# ---------------------------------------------------------------- refusals

def test_vaststellen_refusals_in_dutch(tiny_repo):
    before = repo_state(tiny_repo)
    one_line_refusal(run("vaststellen", "noord", "2099-1", "--besluit", "2099-01-01",
                         "--root", tiny_repo),
                     "de besluitdatum 2099-01-01 ligt in de toekomst")
    one_line_refusal(run("vaststellen", "noord", "v 1", "--besluit", "2025-01-01",
                         "--root", tiny_repo),
                     "ongeldige versienaam 'v 1': gebruik hoogstens 40 letters, cijfers, '.', '_' "
                     "en '-'")
    one_line_refusal(run("vaststellen", "noord", "v1", "--besluit", "2025-01-01", "--rev",
                         "geen-revisie", "--root", tiny_repo),
                     "'geen-revisie' is geen git-revisie")
    assert repo_state(tiny_repo) == before


def test_data_outside_git_is_refused_in_dutch(tmp_path):
    root = write_files(tmp_path / "los", TINY_FILES)
    one_line_refusal(run("vaststellen", "noord", "v1", "--besluit", "2025-01-01", "--root", root),
                     f"{root} staat niet in een git-repository: versies, renvooien en het "
                     "register vragen de gegevens onder git (git init; git add; git commit)")


def test_an_empty_scan_is_refused_in_dutch(tiny_repo, tmp_path):
    vaststellen(tiny_repo, "noord", "v1", dt.date(2025, 1, 15))
    before = repo_state(tiny_repo)
    empty = tmp_path / "leeg.pdf"
    empty.write_bytes(b"")
    one_line_refusal(run("sign", "noord", "stad", "--version", "v1", "--date", "2025-01-20",
                         "--place", "Stad", "--scan", empty, "--root", tiny_repo),
                     f"{empty}: is leeg")
    assert repo_state(tiny_repo) == before


def test_a_stale_index_lock_is_refused_in_dutch(tiny_repo):
    lock = tiny_repo / ".git" / "index.lock"
    lock.write_text("")
    result = run("vaststellen", "noord", "v1", "--besluit", "2025-01-01", "--root", tiny_repo)
    one_line_refusal(result, f"{lock} bestaat: er loopt een git-opdracht, of een onderbroken "
                     "opdracht heeft het achtergelaten; loopt er geen git-opdracht, verwijder het "
                     f"dan (rm {lock}) en probeer het opnieuw")


def test_init_refusals_in_dutch(tmp_path):
    one_line_refusal(run("init", tmp_path / "nieuw", "--regio", "Noord_1"),
                     "ongeldige regio-id 'Noord_1': gebruik kleine letters, cijfers en '-', te "
                     "beginnen met een letter, hoogstens 40 tekens")
    (tmp_path / "vol").mkdir()
    (tmp_path / "vol" / "iets.txt").write_text("x")
    one_line_refusal(run("init", tmp_path / "vol"),
                     f"{tmp_path / 'vol'} is niet leeg: geef een nieuwe of een lege map")


def test_option_values_are_refused_in_dutch(tiny_repo):
    result = run("sign", "noord", "stad", "--date", "2025-02-30", "--place", "Stad",
                 "--root", tiny_repo)
    assert result.exit_code == 2
    assert ("Ongeldige waarde voor '--date': '2025-02-30' is geen bestaande datum in de vorm "
            "JJJJ-MM-DD") in result.stderr
    result = run("sign", "noord", "stad", "--date", "2025-02-01", "--place", "  ",
                 "--root", tiny_repo)
    assert result.exit_code == 2 and "Ongeldige waarde voor '--place': is leeg" in result.stderr
    result = run("sign", "noord", "--version", "v1", "--date", "2025-02-01", "--place", "Stad",
                 "--root", tiny_repo)
    assert result.exit_code == 2
    assert "Ontbrekend argument 'PARTY' (of geef --uit CSV)." in result.stderr


def test_smtp_server_refused_in_dutch(dutch):
    with pytest.raises(UsageError) as refused:
        parse_server("smtp.example.org")
    assert str(refused.value) == ("ongeldige SMTP-server 'smtp.example.org': verwacht werd "
                                  "HOST:POORT, bijvoorbeeld smtp.example.org:587")
