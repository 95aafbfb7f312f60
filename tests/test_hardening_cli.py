"""Hardening of the commands themselves: one writer at a time, interrupted commands, occupied
paths, options (dates, text, SMTP) and spreadsheet injection. Every refusal is one line, with
no traceback, and leaves files, index, HEAD and build/ as they were.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from filelock import FileLock

import generator.lock
from generator.cli import main
from generator.commands.register import vaststellen
from generator.lock import lock_path

from .conftest import FORM, REPO, TINY_FILES, accession_files, write_files
from .gitrepo import changed_files, git, init_repo, repo_state

import datetime as dt


def cli(root: Path, *args: str, env=None):
    return CliRunner().invoke(main, [*args, "--root", str(root)], env=env)


def assert_refused(result, message: str, code: int = 1) -> None:
    """One clear error, the expected exit status, no traceback."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert message in result.output, result.output


@pytest.fixture
def repo(tmp_path):
    """The tiny project under git (noord with a secretariaat), with version v1 of noord recorded."""
    files = dict(TINY_FILES)
    files["convenants/noord.yaml"] = textwrap.dedent(files["convenants/noord.yaml"]) + SECRETARIAAT
    files["parties/stad.yaml"] = STAD_BY_POST
    root = init_repo(write_files(tmp_path / "tiny", files))
    vaststellen(root, "noord", "v1", dt.date(2025, 1, 15))
    return root


STAD_BY_POST = textwrap.dedent(TINY_FILES["parties/stad.yaml"]).replace(
    "soort: gemeente\n", "soort: gemeente\nadres: Postbus 1, 9400 AA Assen\n")
"""stad has no e-mail address: its letters go by post, which needs a postal address."""


def sign_args(party: str, day: int = 1) -> list[str]:
    return ["sign", "noord", party, "--version", "v1", "--date", f"2025-02-{day:02d}", "--place", "Assen"]


# ------------------------------------------------------------------ one writer at a time

def _signed(root: Path) -> list[str]:
    data = yaml.safe_load((root / "register/noord.yaml").read_text(encoding="utf-8"))
    return sorted(s["partij"] for s in data["ondertekeningen"])


def test_two_sign_processes_at_once_never_lose_a_signature(repo, tmp_path):
    """20 rounds of two `convenant sign` processes started together: both signatures are in
    the register and in two commits, or one refused cleanly and recorded nothing."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    both = refused = 0
    for round_ in range(20):
        root = tmp_path / f"round{round_}"
        shutil.copytree(repo, root)
        start = git(root, "rev-parse", "HEAD").strip()
        procs = {party: subprocess.Popen(
            [sys.executable, "-m", "generator", *sign_args(party), "--root", str(root)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for party in ("stad", "zorg-en-co")}
        results = {party: (p.wait(60), *p.communicate()) for party, p in procs.items()}
        recorded = [party for party, (code, out, _err) in results.items()
                    if code == 0 and out.startswith(f"recorded: {party} signed noord")]
        commits = git(root, "rev-list", f"{start}..HEAD").split()
        for party, (code, out, err) in results.items():
            assert "Traceback" not in err
            if code != 0:
                assert err.strip() == ("error: another convenant command is writing in this "
                                       "repository; nothing was changed: try again when it has "
                                       "finished"), err
                assert out == ""
        # Whatever was reported as recorded is in the register and in its own commit.
        assert _signed(root) == sorted(recorded)
        assert len(commits) == len(recorded)
        for sha in commits:
            assert changed_files(root, sha) == ["register/noord.yaml"]
        assert git(root, "status", "--porcelain") == ""
        both += len(recorded) == 2
        refused += len(recorded) == 1
    assert both + refused == 20 and both >= 1


def test_a_second_writer_waits_then_refuses(repo, monkeypatch):
    monkeypatch.setattr(generator.lock, "WAIT_SECONDS", 0.3)
    import git as gitpython
    lock = FileLock(lock_path(gitpython.Repo(repo)))
    before = repo_state(repo)
    with lock:
        result = cli(repo, *sign_args("stad"))
    assert_refused(result, "error: another convenant command is writing in this repository")
    assert repo_state(repo) == before
    assert cli(repo, *sign_args("stad")).exit_code == 0  # free again


def test_the_lock_is_not_in_the_work_tree(repo):
    assert cli(repo, *sign_args("stad")).exit_code == 0
    assert git(repo, "status", "--porcelain", "--ignored") == ""
    assert (repo / ".git" / "convenant.lock").exists()


# ------------------------------------------------------------------ what an interrupted command left

def test_a_stale_index_lock_is_reported_with_the_command_that_removes_it(repo):
    (repo / ".git/index.lock").write_text("")
    before = repo_state(repo)
    result = cli(repo, *sign_args("stad"))
    assert_refused(result, f"error: {repo}/.git/index.lock exists: a git command is running, or "
                           "one was interrupted and left it behind; if no git command is running, "
                           f"remove it (rm {repo}/.git/index.lock)")
    assert repo_state(repo) == before


@pytest.mark.parametrize("damage", ["half-written", "untracked"])
def test_uncommitted_records_are_reported_with_the_commands_that_clean_up(repo, damage):
    register = repo / "register/noord.yaml"
    if damage == "half-written":  # a process killed between writing and committing
        register.write_text(register.read_text()[:-40], encoding="utf-8")
        expected = ("error: register/noord.yaml has uncommitted changes (left by an interrupted "
                    "command, or edited by hand): see them with `git diff -- register/noord.yaml`, "
                    "then keep them with `git commit -m ... -- register/noord.yaml` or discard them "
                    "with `git checkout -- register/noord.yaml`")
    else:
        (repo / "register/zuid.yaml").write_text("versies: []\nondertekeningen: []\n")
        expected = ("error: register/zuid.yaml has uncommitted changes (left by an interrupted "
                    "command, or edited by hand): keep it with `git add register/zuid.yaml && git "
                    "commit`, or remove it with `rm register/zuid.yaml`")
    before = repo_state(repo)
    result = cli(repo, *sign_args("stad"))
    assert_refused(result, expected)
    assert repo_state(repo) == before
    if damage == "half-written":  # the command given cleans up, and then signing works
        git(repo, "checkout", "--", "register/noord.yaml")
        assert cli(repo, *sign_args("stad")).exit_code == 0


def test_recorded_is_printed_only_after_the_commit_exists(repo):
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'afgewezen' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = repo_state(repo)
    result = cli(repo, *sign_args("stad"))
    assert_refused(result, "error: git commit failed, nothing was changed")
    assert "recorded" not in result.output
    assert repo_state(repo) == before
    hook.unlink()
    result = cli(repo, *sign_args("stad"))
    assert result.exit_code == 0 and result.output.startswith("recorded: stad signed noord")
    # The commit names what it holds.
    assert git(repo, "log", "-1", "--format=%s").strip() == "sign: Gemeente Stad ondertekent noord versie v1"
    assert changed_files(repo) == ["register/noord.yaml"]


def test_a_commit_that_git_alters_is_not_taken_for_the_record(repo):
    """A hook that slips another file into the commit: the commit is undone, nothing recorded."""
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho x > extra.txt\ngit add extra.txt\n")
    hook.chmod(0o755)
    head = git(repo, "rev-parse", "HEAD").strip()
    result = cli(repo, *sign_args("stad"))
    assert_refused(result, "error: git commit failed, nothing was changed")
    assert "holds other files: extra.txt" in result.output
    assert git(repo, "rev-parse", "HEAD").strip() == head
    assert "stad" not in (repo / "register/noord.yaml").read_text()


INTERRUPTED = textwrap.dedent("""\
    import os, sys, time
    from pathlib import Path
    import generator.output
    real_replace = os.replace
    def slow_replace(src, dst):
        Path(sys.argv[1]).write_text("writing")
        time.sleep(60)
        real_replace(src, dst)
    generator.output.os.replace = slow_replace
    from generator.cli import main
    main(sys.argv[2:])
    """)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_build_leaves_no_temporary_files(tiny, tmp_path, signum):
    marker = tmp_path / "marker"
    proc = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED, str(marker), "build", "--all", "--format", "html,docx",
         "--root", str(tiny)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    for _ in range(600):
        if marker.exists() or proc.poll() is not None:
            break
        time.sleep(0.05)
    assert marker.exists(), proc.communicate()
    assert list((tiny / "build").rglob("*.tmp"))  # the temporary files are there now
    proc.send_signal(signum)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode != 0
    assert "Traceback" not in err
    assert [p for p in (tiny / "build").rglob("*") if p.is_file()] == []


# ------------------------------------------------------------------ occupied paths, the root

@pytest.mark.parametrize("occupy, expected", [
    ("build", "build: is a file, not a folder"),
    ("build/noord", "build/noord: is a file, not a folder"),
    ("build/noord/convenant.html/", "build/noord/convenant.html: is a folder or another special "
                                    "file, not a file"),
])
def test_an_occupied_output_path_is_one_line_naming_it(tiny, occupy, expected):
    target = tiny / occupy
    target.parent.mkdir(parents=True, exist_ok=True)
    if occupy.endswith("/"):
        target.mkdir()
    else:
        target.write_text("not a folder")
    before = repo_state(tiny)
    result = cli(tiny, "build", "--all", "--format", "html")
    assert_refused(result, f"error: {tiny}/{expected}")
    assert result.stderr.count("\n") == 1  # one line, before anything was rendered
    assert repo_state(tiny) == before


def test_out_being_a_file_is_refused(tiny):
    (tiny / "elders").write_text("")
    result = cli(tiny, "build", "--all", "--format", "html", "--out", str(tiny / "elders"))
    assert_refused(result, "is a file", code=2)


def test_a_failed_write_leaves_no_output_at_all(tiny):
    """The second region's folder is occupied: the first region's files are not written either."""
    (tiny / "build").mkdir()
    (tiny / "build/zuid").write_text("")
    result = cli(tiny, "build", "--all", "--format", "html")
    assert_refused(result, "build/zuid: is a file")
    assert sorted(p.name for p in (tiny / "build").iterdir()) == ["zuid"]


def test_root_missing_or_not_a_convenant_repository(tmp_path):
    result = cli(tmp_path / "nergens", "build", "--all")
    assert_refused(result, "does not exist", code=2)
    (tmp_path / "leeg").mkdir()
    for args in (["build", "noord"], ["build", "--all"], ["lint"], ["regions"], ["status", "noord"]):
        result = cli(tmp_path / "leeg", *args)
        assert_refused(result, "convenants: folder missing: is this a convenant repository?")
        assert "known regions are" not in result.output
    # A command that records needs git before anything else.
    result = cli(tmp_path / "leeg", "sign", "noord", "stad", "--version", "1", "--date", "2025-01-01",
                 "--place", "X")
    assert_refused(result, f"error: {tmp_path / 'leeg'} is not inside a git repository")
    (tmp_path / "leeg/convenants").mkdir()
    (tmp_path / "leeg/clauses").mkdir()
    (tmp_path / "leeg/parties").mkdir()
    assert_refused(cli(tmp_path / "leeg", "build", "noord"),
                   "error: unknown region 'noord': convenants/ holds no manifest, so there are no regions")
    assert_refused(cli(tmp_path / "leeg", "build", "--all"),
                   "error: convenants/ holds no manifest: there is no region to work on")


# ------------------------------------------------------------------ options

BAD_DATES = ["2026-13-45", "2025-02-30", "gisteren", "20250101", "2025-W01-1", "2025-1-5", ""]


@pytest.mark.parametrize("value", BAD_DATES)
@pytest.mark.parametrize("command", [
    lambda d: ["sign", "noord", "stad", "--version", "v1", "--date", d, "--place", "X"],
    lambda d: ["vaststellen", "noord", "v2", "--besluit", d],
    lambda d: ["pakket", "noord", "--date", d],
    lambda d: ["toetreding", "akkoord", "noord", "org", "stad", "--date", d],
])
def test_a_date_option_must_be_a_real_date(repo, command, value):
    before = repo_state(repo)
    result = cli(repo, *command(value))
    assert_refused(result, f"{value!r} is not a real date written YYYY-MM-DD", code=2)
    assert repo_state(repo) == before


@pytest.mark.parametrize("value, expected", [
    ("Ass\x07en", "contains the control character U+0007"),
    ("Assen\n", "contains the control character U+000A"),
    ("\x1b[31mrood", "contains the control character U+001B"),
    ("  ", "is empty"),
    ("x" * 301, "is longer than 300 characters"),
])
@pytest.mark.parametrize("option", ["--place", "--by"])
def test_text_options_refuse_control_characters(repo, value, expected, option):
    args = sign_args("stad") + [option, value] if option == "--by" else \
        ["sign", "noord", "stad", "--version", "v1", "--date", "2025-02-01", "--place", value]
    before = repo_state(repo)
    result = cli(repo, *args)
    assert_refused(result, expected, code=2)
    assert repo_state(repo) == before


ORG = textwrap.dedent("""\
    naam: Stichting Nieuw
    statutaire_zetel: Assen
    adres: Brink 2, 9401 AA Assen
    email: info@nieuw.example.org
    vertegenwoordiger:
      aanhef: mevrouw
      naam: B. Nieuw
      functie: directeur
    bijdrage: Zorg.
    """)

SECRETARIAAT = textwrap.dedent("""\
    secretariaat:
      functie: secretaris van de Stuurgroep
      adres:
        - Postbus 1
        - 9400 AA Assen
      plaats: Assen
    """)


@pytest.mark.parametrize("smtp, env, expected", [
    ("smtp.example.org", {}, "invalid SMTP server 'smtp.example.org'"),
    ("smtp.example.org:99999", {}, "invalid SMTP server"),
    ("smtp.example.org:587", {"CONVENANT_SMTP_USER": "u", "CONVENANT_SMTP_PASSWORD": "p"},
     "refusing to send the SMTP password to smtp.example.org:587 unencrypted"),
    ("localhost:25", {"CONVENANT_SMTP_USER": "u"}, "CONVENANT_SMTP_USER is set but "
                                                   "CONVENANT_SMTP_PASSWORD is not"),
])
def test_smtp_refusals_come_before_anything_is_recorded(tmp_path, smtp, env, expected):
    files = dict(TINY_FILES)
    files["convenants/noord.yaml"] = textwrap.dedent(files["convenants/noord.yaml"]) + SECRETARIAAT
    root = init_repo(write_files(tmp_path / "tiny", files))
    form = tmp_path / "org.yaml"
    form.write_text(ORG, encoding="utf-8")
    before = repo_state(root)
    full_env = {"CONVENANT_SMTP_USER": "", "CONVENANT_SMTP_PASSWORD": "", **env}
    for args in (["toetreding", "aanvraag", "noord", "--organisatie", str(form), "--via", "stad",
                  "--smtp", smtp],
                 ["toetreding", "verzenden", "noord", "stichting-nieuw", "--smtp", smtp]):
        result = cli(root, *args, env=full_env)
        assert_refused(result, expected)
        assert repo_state(root) == before


# ------------------------------------------------------------------ spreadsheet injection

def test_the_overview_csv_neutralises_formulas(tmp_path):
    files = dict(TINY_FILES)
    files["parties/zorg-en-co.yaml"] = textwrap.dedent(files["parties/zorg-en-co.yaml"]).replace(
        "naam: Zorg & Co <Noord>", "naam: \"@Zorg\\tCo\"") + "email: \"-x@example.org\"\n"
    files["convenants/noord.yaml"] = textwrap.dedent(files["convenants/noord.yaml"]) + SECRETARIAAT
    files["parties/stad.yaml"] = STAD_BY_POST
    root = init_repo(write_files(tmp_path / "tiny", files))
    vaststellen(root, "noord", "v1", dt.date(2025, 1, 15))
    result = cli(root, "sign", "noord", "stad", "--version", "v1", "--date", "2025-02-01",
                 "--place", '=HYPERLINK("http://x","y")')
    assert result.exit_code == 0, result.output
    result = cli(root, "pakket", "noord", "--all", "--date", "2025-02-01")
    assert result.exit_code == 0, result.output
    text = (root / "build/noord/pakketten/v1/overzicht.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert rows[0]["plaats"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert rows[1]["organisatie"] == "'@Zorg\tCo"
    assert rows[1]["e-mail"] == "'-x@example.org"
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells


@pytest.mark.parametrize("cell, shown", [
    ("=1+1", "'=1+1"), ("+31", "'+31"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Gemeente Stad", "Gemeente Stad"), ("", ""),
    ("a=b", "a=b"),
])
def test_neutralise(cell, shown):
    from generator.render.overview import neutralise
    assert neutralise(cell) == shown


# ------------------------------------------------------------------ the last line of defence

def test_an_unexpected_error_is_one_line_without_traceback(tiny, monkeypatch):
    import generator.commands.build as build

    def broken(*args, **kwargs):
        raise RuntimeError("kapot\nmet twee regels")
    monkeypatch.setattr(build, "build", broken)
    result = cli(tiny, "build", "--all")
    assert_refused(result, "error: internal error (RuntimeError: kapot met twee regels); nothing "
                           "was recorded. Please report this; CONVENANT_DEBUG=1 shows the details", code=2)
    assert len(result.output.strip().splitlines()) == 1


def test_an_os_error_names_the_path(tiny, monkeypatch):
    import generator.commands.build as build

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tiny / "build"))
    monkeypatch.setattr(build, "build", denied)
    result = cli(tiny, "build", "--all")
    assert_refused(result, f"error: {tiny}/build: Permission denied; nothing was recorded")


# ------------------------------------------------------------------ names and long values

@pytest.mark.parametrize("name", ["v2\n", "x" * 41, "v 2", "v2/x", "..", "vé"])
def test_a_version_name_is_short_and_plain(repo, name):
    before = repo_state(repo)
    assert_refused(cli(repo, "vaststellen", "noord", name, "--besluit", "2025-01-20"),
                   "error: invalid version name")
    assert repo_state(repo) == before


def test_a_recorded_version_name_with_a_newline_is_a_problem(repo):
    register = repo / "register/noord.yaml"
    register.write_text(register.read_text().replace('naam: v1\n', 'naam: "v1\\n"\n'))
    git(repo, "commit", "-qam", "hand edit")
    result = cli(repo, "status", "noord")
    assert_refused(result, "register/noord.yaml:5: 'naam' 'v1\\n' is not a version name")


def test_an_id_with_a_trailing_newline_is_not_an_id(tiny):
    (tiny / "parties/stad.yaml").rename(tiny / "parties/stad\n.yaml")
    result = cli(tiny, "build", "--all", "--format", "html")
    assert_refused(result, "invalid party id 'stad\\n' (the file name)")


def test_a_long_value_is_quoted_short_in_an_error(repo):
    for args in (["status", "é" * 300], ["vaststellen", "noord", "x" * 5000, "--besluit", "2025-01-20"],
                 ["sign", "noord", "y" * 5000, "--version", "v1", "--date", "2025-02-01", "--place", "X"],
                 ["diff", "noord", "z" * 5000], ["pakket", "noord", "--version", "w" * 5000],
                 ["build", "noord", "--version", "v" * 5000],
                 ["uittreding", "noord", "q" * 5000, "--grond", "23.1", "--date", "2025-02-01"],
                 ["uittreding", "noord", "stad", "--grond", "2" * 5000, "--date", "2025-02-01"]):
        result = cli(repo, *args)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert len(result.output) < 250, (args[0], result.output)


# ------------------------------------------------------------------ outputs never among the data

@pytest.mark.parametrize("folder", ["register", "clauses/artikelen", "parties", "convenants", ".git",
                                    "toetredingen/x", "wijzigingen/noord"])
@pytest.mark.parametrize("command", [
    ["build", "noord", "--format", "html"], ["compare", "noord", "zuid", "--format", "html"],
    ["diff", "noord", "--format", "html"], ["pakket", "noord"],
])
def test_outputs_are_never_written_among_the_data(repo, folder, command):
    before = repo_state(repo)
    result = cli(repo, *command, "--out", str(repo / folder))
    assert_refused(result, f"error: {repo / folder}: is inside {folder.split('/')[0]}/ of the "
                           "repository: outputs are never written among the data; choose another --out")
    assert repo_state(repo) == before


@pytest.mark.parametrize("occupied", ["build", "build/noord/toetreding/stichting-ca-zo-nieuw-het-anker"])
def test_a_request_whose_letters_cannot_be_written_is_not_recorded(tmp_path, occupied):
    root = init_repo(tmp_path / "tiny", files=accession_files())
    form = tmp_path / "org.yaml"
    form.write_text(FORM, encoding="utf-8")
    (root / occupied).parent.mkdir(parents=True, exist_ok=True)
    (root / occupied).write_text("a file where the letters go")
    before = repo_state(root)
    result = cli(root, "toetreding", "aanvraag", "noord", "--organisatie", str(form), "--via", "stad",
                 "--date", "2025-03-01")
    assert_refused(result, f"error: {root}/{occupied}: is a file, not a folder")
    assert "recorded" not in result.output
    assert repo_state(root) == before


def test_an_application_form_that_is_a_named_pipe_is_refused_without_reading(tmp_path):
    """A named pipe would block the command for ever: it is refused by name, before anything
    is read, recorded or written."""
    root = init_repo(tmp_path / "tiny", files=accession_files())
    form = tmp_path / "org.yaml"
    os.mkfifo(form)
    before = repo_state(root)
    result = subprocess.run([sys.executable, "-m", "generator", "toetreding", "aanvraag", "noord",
                             "--organisatie", str(form), "--via", "stad", "--root", str(root)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"{form}: is a named pipe (FIFO), not a regular file",
                                          "1 problem found; nothing was written."]
    assert repo_state(root) == before
