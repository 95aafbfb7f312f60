"""vaststellen, sign, status, versions on real temporary git repositories.

Every write is one commit holding only register/REGION.yaml; every refusal and every failed
commit leaves the files, the index and HEAD as they were.
"""

from __future__ import annotations

import datetime as dt
import io
import stat

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from generator.assemble import assemble_regions
from generator.cli import main
from generator.commands.register import sign, status, vaststellen, versions
from generator.errors import ConvenantError, DataError, UsageError
from generator.project import load_project

from .conftest import REPO, TINY_FILES, write_files
from .gitrepo import changed_files, commit_all, edit, git, head, init_repo, snapshot, status as git_status

D = dt.date


@pytest.fixture
def real(tmp_path):
    return init_repo(tmp_path / "repo", REPO)


@pytest.fixture
def tiny_repo(tmp_path):
    root = write_files(tmp_path / "tiny", TINY_FILES)
    return init_repo(root)


def unchanged(path):
    """Context: the operation inside must leave work tree, index and HEAD as they were."""
    class _Check:
        def __enter__(self):
            self.files, self.head, self.status = snapshot(path), head(path), git_status(path)

        def __exit__(self, *exc):
            assert snapshot(path) == self.files
            assert head(path) == self.head
            assert git_status(path) == self.status
            return False
    return _Check()


def test_vaststellen_records_the_version_in_one_commit(real):
    base = head(real)
    version = vaststellen(real, "zhz", "2025-1", D(2025, 1, 15))
    assert version.revision == base
    assert changed_files(real) == ["register/zhz.yaml"]
    assert git(real, "log", "-1", "--format=%s").strip() == \
        "vaststellen: zhz versie 2025-1 (besluit Stuurgroep 2025-01-15)"
    data = yaml.safe_load((real / "register/zhz.yaml").read_text())
    doc = assemble_regions(load_project(real), ["zhz"])["zhz"]
    assert data["versies"] == [{"naam": "2025-1", "besluit": D(2025, 1, 15), "revisie": base,
                                "vingerafdruk": doc.fingerprint}]
    # The assembled working tree now knows it is version 2025-1.
    assert doc.version == "2025-1" and doc.version_label.startswith("Versie 2025-1 · vingerafdruk ")


def test_vaststellen_refusals_change_nothing(real):
    vaststellen(real, "zhz", "2025-1", D(2025, 1, 15))
    cases = [
        (("zhz", "2025-1", D(2025, 2, 1)), "already recorded"),
        (("zhz", "2025 1", D(2025, 2, 1)), "invalid version name"),
        (("zhz", "2025-2", D(2025, 2, 1)), "is version '2025-1' already"),  # same text
        (("zhz", "2099-1", D(2099, 1, 1)), "in the future"),
        (("nergens", "1", D(2025, 1, 1)), "unknown region 'nergens'"),
    ]
    for args, message in cases:
        with unchanged(real), pytest.raises(UsageError, match=message):
            vaststellen(real, *args)
    edit(real, "clauses/artikelen/stuurgroep.md", "ten minste 4 x per jaar", "ten minste 6 x per jaar")
    with unchanged(real), pytest.raises(UsageError, match="stuurgroep.md has uncommitted changes"):
        vaststellen(real, "zhz", "2025-2", D(2025, 3, 1))
    with unchanged(real), pytest.raises(UsageError, match="not a git revision"):
        vaststellen(real, "zhz", "2025-2", D(2025, 3, 1), rev="geen-revisie")
    # Haaglanden's text is not touched by the ZHZ edit... but the file is shared: refused too.
    with unchanged(real), pytest.raises(UsageError, match="uncommitted"):
        vaststellen(real, "haaglanden", "2025-1", D(2025, 3, 1))


def test_vaststellen_of_an_older_revision(real):
    first = head(real)
    edit(real, "clauses/artikelen/stuurgroep.md", "ten minste 4 x per jaar", "ten minste 6 x per jaar")
    commit_all(real, "Art. 4.3")
    v1 = vaststellen(real, "zhz", "2024-1", D(2024, 6, 1), rev=first)
    v2 = vaststellen(real, "zhz", "2025-1", D(2025, 1, 15))
    assert v1.revision == first and v1.fingerprint != v2.fingerprint


def test_sign_records_one_commit_per_signature(real):
    vaststellen(real, "zhz", "2025-1", D(2025, 1, 15))
    sig = sign(real, "zhz", "dordrecht", "2025-1", D(2025, 2, 1), "Dordrecht")
    assert sig.by == "de heer A.W. Kolff"
    assert changed_files(real) == ["register/zhz.yaml"]
    assert git(real, "log", "-1", "--format=%B").strip() == (
        "sign: Gemeente Dordrecht ondertekent zhz versie 2025-1\n\n"
        "Datum: 2025-02-01\nPlaats: Dordrecht\nDoor: de heer A.W. Kolff")
    sign(real, "zhz", "de-waag", "2025-1", D(2025, 2, 3), "Dordrecht", by="mevrouw Ç. Zoë & co")
    data = yaml.safe_load((real / "register/zhz.yaml").read_text())
    assert [s["partij"] for s in data["ondertekeningen"]] == ["dordrecht", "de-waag"]
    assert data["ondertekeningen"][1]["door"] == "mevrouw Ç. Zoë & co"
    assert len(git(real, "log", "--format=%H").split()) == 4


def test_sign_refusals_change_nothing(real):
    vaststellen(real, "zhz", "2025-1", D(2025, 1, 15))
    sign(real, "zhz", "dordrecht", "2025-1", D(2025, 2, 1), "Dordrecht")
    cases = [
        (("zhz", "den-haag", "2025-1", D(2025, 2, 1), "Den Haag"), "'den-haag' is not a party of zhz"),
        (("zhz", "dordrecht", "2030-9", D(2025, 2, 1), "Dordrecht"), "version '2030-9' is not recorded"),
        (("zhz", "alblasserdam", "2025-1", D(2025, 1, 14), "Alblasserdam"), "before version '2025-1' was decided"),
        (("zhz", "dordrecht", "2025-1", D(2025, 3, 1), "Dordrecht"), "already signed version '2025-1'"),
        (("zhz", "alblasserdam", "2025-1", D(2025, 3, 1), " "), "--place"),
    ]
    for args, message in cases:
        with unchanged(real), pytest.raises(UsageError, match=message):
            sign(real, *args)


def test_a_failing_commit_leaves_everything_as_it_was(real):
    vaststellen(real, "zhz", "2025-1", D(2025, 1, 15))
    hook = real / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'afgewezen door de hook' >&2\nexit 1\n")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    with unchanged(real), pytest.raises(ConvenantError, match="git commit failed.*afgewezen door de hook"):
        sign(real, "zhz", "dordrecht", "2025-1", D(2025, 2, 1), "Dordrecht")
    # A first register (a new file) is removed again.
    with unchanged(real), pytest.raises(ConvenantError, match="git commit failed"):
        vaststellen(real, "haaglanden", "2025-1", D(2025, 1, 15))
    assert not (real / "register/haaglanden.yaml").exists()


def test_hand_edits_to_the_register_are_not_swept_into_a_commit(real):
    vaststellen(real, "zhz", "2025-1", D(2025, 1, 15))
    register = real / "register/zhz.yaml"
    register.write_text(register.read_text() + "# notitie\n")
    with unchanged(real), pytest.raises(UsageError, match="register/zhz.yaml has uncommitted changes"):
        sign(real, "zhz", "dordrecht", "2025-1", D(2025, 2, 1), "Dordrecht")


def test_other_staged_files_stay_out_of_the_commit(real):
    vaststellen(real, "zhz", "2025-1", D(2025, 1, 15))
    (real / "notes.txt").write_text("staged, not ours\n")
    git(real, "add", "notes.txt")
    sign(real, "zhz", "dordrecht", "2025-1", D(2025, 2, 1), "Dordrecht")
    assert changed_files(real) == ["register/zhz.yaml"]
    assert git_status(real) == "A  notes.txt\n"


def test_register_problems_are_reported_with_file_and_line(real):
    vaststellen(real, "zhz", "2025-1", D(2025, 1, 15))
    register = real / "register/zhz.yaml"
    text = register.read_text()
    register.write_text(text.replace("ondertekeningen: []", "ondertekeningen:\n"
                        "  - partij: niemand\n    versie: \"9\"\n    datum: gisteren\n    plaats: X"))
    with pytest.raises(DataError) as info:
        load_project(real)
    messages = [str(p) for p in info.value.problems]
    assert any(m.startswith("register/zhz.yaml:10: signature of version '9'") for m in messages), messages
    assert any("register/zhz.yaml:12: 'datum' must be a date" in m for m in messages), messages
    assert any("unknown party 'niemand'" in m for m in messages), messages


# ---------------------------------------------------------------- status (art. 23.1)

def test_status_zhz_rule_effective_when_the_last_party_signs(tiny_repo):
    vaststellen(tiny_repo, "noord", "v1", D(2025, 1, 10))
    report = status(tiny_repo, "noord", today=D(2026, 11, 23))
    assert report.effective is None and report.outstanding == ["stad", "zorg-en-co"]
    sign(tiny_repo, "noord", "stad", "v1", D(2025, 2, 1), "Stad")
    sign(tiny_repo, "noord", "zorg-en-co", "v1", D(2025, 3, 15), "Assen")
    report = status(tiny_repo, "noord", "v1", today=D(2026, 11, 23))
    assert [(r.party, r.signature.date) for r in report.parties] == \
        [("stad", D(2025, 2, 1)), ("zorg-en-co", D(2025, 3, 15))]
    assert report.effective == D(2025, 3, 15)
    assert report.term_end == D(2029, 3, 15)          # looptijd_jaren: 4
    assert report.next_renewal == D(2029, 3, 15)
    later = status(tiny_repo, "noord", today=D(2030, 6, 1))
    assert later.next_renewal == D(2031, 3, 15)       # renewed each year after the term


def test_status_fixed_date_rule(tiny_repo):
    vaststellen(tiny_repo, "zuid", "2018", D(2018, 11, 1), today=D(2026, 1, 1))
    sign(tiny_repo, "zuid", "zorg-en-co", "2018", D(2018, 12, 1), "Assen")
    report = status(tiny_repo, "zuid", today=D(2026, 11, 23))
    assert report.effective == D(2019, 1, 1)
    assert report.term_end == D(2024, 1, 1)           # ten minste 5 jaar
    assert report.next_renewal == D(2027, 1, 1)


def test_status_and_versions_cli(tiny_repo):
    runner = CliRunner()
    result = runner.invoke(main, ["status", "noord", "--root", str(tiny_repo)])
    assert result.exit_code == 1
    assert result.output.strip().startswith("error: no version of noord is recorded yet")
    assert "Traceback" not in result.output
    assert runner.invoke(main, ["vaststellen", "noord", "v1", "--besluit", "2025-01-10",
                                "--root", str(tiny_repo)]).exit_code == 0
    result = runner.invoke(main, ["sign", "noord", "stad", "--version", "v1", "--date", "2025-02-01",
                                  "--place", "Stad", "--root", str(tiny_repo)])
    assert result.exit_code == 0, result.output
    assert result.output == "recorded: stad signed noord version v1 on 2025-02-01 in Stad by de heer A. Burger\n"
    result = runner.invoke(main, ["status", "noord", "--root", str(tiny_repo), "--op", "2026-11-23"])
    assert result.exit_code == 0, result.output
    # each party by its id with its name beside it, as the overview and the letters name it
    assert "stad        Stad               signed 2025-02-01 in Stad by de heer A. Burger" in result.output
    assert "zorg-en-co  Zorg & Co <Noord>  outstanding" in result.output
    assert "1 of 2 parties signed." in result.output
    result = runner.invoke(main, ["sign", "noord", "stad", "--version", "v1", "--date", "1-2-2025",
                                  "--place", "Stad", "--root", str(tiny_repo)])
    assert result.exit_code == 2 and "'1-2-2025' is not a real date written YYYY-MM-DD" in result.output
    result = runner.invoke(main, ["versions", "noord", "--root", str(tiny_repo)])
    assert result.exit_code == 0
    assert result.output.startswith("v1           decided 2025-01-10  revision ")
    assert "signed 1/2" in result.output and "0 commits since v1 touch noord's text:" in result.output


def test_versions_lists_commits_that_touch_the_regions_text(tiny_repo):
    vaststellen(tiny_repo, "noord", "v1", D(2025, 1, 10))
    edit(tiny_repo, "clauses/artikelen/overleg.md", "heeft de taken", "heeft alle taken")
    commit_all(tiny_repo, "Overleg: alle taken")
    edit(tiny_repo, "convenants/zuid.yaml", "looptijd_jaren: 5", "looptijd_jaren: 6")
    commit_all(tiny_repo, "Zuid: langere looptijd")
    edit(tiny_repo, "parties/stad.yaml", "A. Burger", "B. Burger")
    commit_all(tiny_repo, "Stad: nieuwe burgemeester")
    edit(tiny_repo, "clauses/artikelen/begrippen.md", "het overleg van", "het overleg bedoeld in")
    report = versions(tiny_repo, "noord")
    assert [row.version.name for row in report.rows] == ["v1"]
    assert [entry.subject for entry in report.since] == ["Overleg: alle taken"]
    assert report.uncommitted == ["clauses/artikelen/begrippen.md"]
    zuid = versions(tiny_repo, "zuid")
    assert zuid.rows == []
    assert [e.subject for e in zuid.since] == ["Zuid: langere looptijd", "Overleg: alle taken",
                                                "Convenanten vastgelegd"]


def test_outside_git_is_a_clear_error(tmp_path):
    root = write_files(tmp_path / "plain", TINY_FILES)
    with pytest.raises(UsageError, match="is not inside a git repository"):
        vaststellen(root, "noord", "v1", D(2025, 1, 10))


def test_the_pdf_names_the_recorded_version_on_every_page(real):
    from generator.render.pdf import render_pdf

    version = vaststellen(real, "zhz", "2025-1", D(2025, 1, 15))
    doc = assemble_regions(load_project(real), ["zhz"])["zhz"]
    reader = PdfReader(io.BytesIO(render_pdf(doc)))
    texts = [page.extract_text() for page in reader.pages]
    label = f"Versie 2025-1 · vingerafdruk {version.fingerprint[:12]}"
    assert all(label in text for text in texts)
    assert "Vastgesteld door de Stuurgroep op 15 januari 2025." in texts[0]
    assert version.fingerprint in texts[0].replace("\n", "")


def test_versions_runs_one_git_log_however_long_the_history(tiny_repo, monkeypatch):
    import git as gitpython

    for n in range(25):
        edit(tiny_repo, "clauses/artikelen/overleg.md", "heeft de taken" if n == 0 else f"taken ({n - 1})",
             f"taken ({n})" if n else "heeft de taken (0)")
        commit_all(tiny_repo, f"Wijziging {n}")
    calls = []
    execute = gitpython.cmd.Git.execute

    def counting(self, command, *args, **kwargs):
        calls.append(command[1])
        return execute(self, command, *args, **kwargs)

    monkeypatch.setattr(gitpython.cmd.Git, "execute", counting)
    report = versions(tiny_repo, "noord")
    assert len(report.since) == 26
    assert calls == ["log", "status"]  # no process (or object walk) per commit


def test_data_in_a_subfolder_of_the_repository(tmp_path):
    from generator.commands.diff import make_redline

    repo = tmp_path / "repo"
    write_files(repo / "data", TINY_FILES)
    (repo / "README.txt").write_text("andere bestanden\n")
    init_repo(repo)
    data = repo / "data"
    version = vaststellen(data, "noord", "v1", D(2025, 1, 10))
    assert changed_files(repo) == ["data/register/noord.yaml"]
    edit(data, "clauses/artikelen/overleg.md", "heeft de taken", "heeft alle taken")
    commit_all(repo, "Overleg: alle taken")
    assert [e.subject for e in versions(data, "noord").since] == ["Overleg: alle taken"]
    redline = make_redline(data, "noord", "v1", "HEAD")
    assert redline.old_doc.fingerprint == version.fingerprint
    assert [c.key for c in redline.changed()] == ["overleg"]


def test_problems_in_an_old_revision_name_the_revision(tiny_repo):
    from generator.commands.diff import make_redline

    edit(tiny_repo, "convenants/noord.yaml", "looptijd_jaren: 4", "looptijd_jaren: vier")
    broken = commit_all(tiny_repo, "Looptijd in woorden")
    edit(tiny_repo, "convenants/noord.yaml", "looptijd_jaren: vier", "looptijd_jaren: 4")
    commit_all(tiny_repo, "Looptijd hersteld")
    with pytest.raises(DataError) as info:
        make_redline(tiny_repo, "noord", broken, "HEAD")
    assert [str(p) for p in info.value.problems] == [
        f"{broken[:10]}:convenants/noord.yaml:20: 'looptijd_jaren' must be a whole number of years, "
        "not 'vier'"]


def test_history_commands_that_make_no_pdf_do_not_import_weasyprint(tiny_repo, tmp_path):
    import subprocess
    import sys

    root, out = str(tiny_repo), str(tmp_path / "out")
    code = (
        "import sys\n"
        "from generator.cli import main\n"
        "for args in (['vaststellen', 'noord', 'v1', '--besluit', '2025-01-10'],\n"
        "             ['sign', 'noord', 'stad', '--version', 'v1', '--date', '2025-02-01', '--place', 'Stad'],\n"
        "             ['status', 'noord'], ['versions', 'noord'],\n"
        "             ['diff', 'noord', 'v1', '--format', 'text,html,docx', '--out', %r]):\n"
        "    try:\n"
        "        main(args + ['--root', %r])\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, (args, exc.code)\n"
        "print('weasyprint' in sys.modules)\n"
    ) % (out, root)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


# ------------------------------------------------------------------ the YAML writer


TRICKY = ["2025-1", "2025-01-15", "2025-01-15T10:00:00+01:00", "yes", "no", "on", "Y", "n",
          "null", "~", "", "1_000", "0x1F", "1e3", "1.5", ".inf", "0777", "+1", "12:30", "=",
          " leading", "trailing ", "a: b", "# not a comment", "- not a list", "[x]", "{x}", "&a",
          "*a", "!tag", "%p", "@at", "`b", "|", ">", "?", 'Assen "Noord"', "it's", "a\nb",
          "a\n\nb\n", "Zoë’s “plaats”", "\u00a0", "\u2028", "😀", "x" * 300 + " y" * 100]


@pytest.mark.parametrize("value", TRICKY)
def test_dump_data_reads_back_to_the_same_values(tmp_path, value):
    from generator.errors import Problems
    from generator.yamlfile import dump_data, load_yaml

    data = {"lijst": [{"tekst": value, "datum": D(2025, 1, 15), "akkoord": True}], "leeg": [],
            "map": {"een": {"twee": [value, 3]}}}
    text = dump_data(data, "Kop: regel een.\nregel twee", {"map": "een opmerking"})
    assert text.startswith("# Kop: regel een.\n# regel twee\nlijst:\n")
    assert "\n# een opmerking\nmap:\n" in text and "&" not in text.replace(value, "")
    assert "*" not in text.replace(value, "") and "!" not in text.replace(value, "")
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems(tmp_path)
    assert load_yaml(path, problems) == data and not problems.items


def test_dump_data_writes_no_aliases_and_no_wrapped_lines():
    from generator.yamlfile import dump_data

    shared = {"naam": "gedeeld"}
    long = "woord " * 60 + "einde"
    text = dump_data({"a": shared, "b": shared, "lang": long}, "kop")
    assert text == f"# kop\na:\n  naam: gedeeld\nb:\n  naam: gedeeld\nlang: {long}\n"
