"""`convenant init DIR`: a new data repository of its own, with real git in temp folders.

The skeleton builds and lints at once; --voorbeeld copies the real covenants (and, from a
source with registers, every version with its revision replaced by the new repository's
commit of that text); every command then works on it with --root; a refusal or a failure
half-way leaves DIR as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands import init as init_module
from generator.commands.register import vaststellen
from generator.errors import Problems
from generator.model.register import load_register
from generator.source import FileSource

from .conftest import REPO
from .gitrepo import changed_files, commit_all, edit, git, init_repo, snapshot

IDENTITY = {"GIT_AUTHOR_NAME": "Secretariaat ZVH", "GIT_AUTHOR_EMAIL": "secretariaat@example.org",
            "GIT_COMMITTER_NAME": "Secretariaat ZVH", "GIT_COMMITTER_EMAIL": "secretariaat@example.org"}
STUURGROEP = "clauses/artikelen/stuurgroep.md"


@pytest.fixture(scope="module", autouse=True)
def identity():
    """A git identity for the commits init makes, whatever the machine's git config holds."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in IDENTITY.items():
            patch.setenv(name, value)
        yield


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def ok(*args: str):
    result = run(*args)
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result


def tree(path) -> dict:
    """Every entry under ``path`` (hidden ones and folders too) with its content: to prove a
    refused command left a folder exactly as it was."""
    return {str(p.relative_to(path)): ("link" if p.is_symlink() else
                                      p.read_bytes() if p.is_file() else "dir")
            for p in sorted(path.rglob("*"))}


def commits(path) -> list[str]:
    return git(path, "rev-list", "--all").split()


def refused(args, where, message: str):
    """The command exits 1 with one line naming ``message``, and ``where`` is unchanged."""
    before = tree(where)
    result = run(*args)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines
    assert "Traceback" not in result.output
    assert tree(where) == before
    return lines[0]


# ---------------------------------------------------------------- the empty skeleton

@pytest.fixture(scope="module")
def skeleton(tmp_path_factory):
    path = tmp_path_factory.mktemp("skeleton") / "zvh-noord"
    result = ok("init", path, "--regio", "noord")
    return path, result


def test_the_skeleton_is_one_commit_of_every_data_folder(skeleton):
    path, result = skeleton
    assert (path / ".git").is_dir()
    assert len(commits(path)) == 1
    assert git(path, "log", "--format=%s").strip() == "Nieuwe convenantrepository: regio noord"
    assert git(path, "status", "--porcelain", "--untracked-files=all") == ""
    for folder in ("clauses", "parties", "convenants", "register", "toetredingen", "wijzigingen"):
        assert (path / folder).is_dir(), folder
    held = set(git(path, "ls-files").split())
    assert {"convenants/noord.yaml", "README.md", ".gitignore", "register/.gitkeep"} <= held
    assert (path / ".gitignore").read_text() == "build/\n"
    assert "`wijzigingen/`" in (path / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^deelname:.*\n  noord:$", (path / "parties/voorbeeldstad.yaml").read_text(
        encoding="utf-8"), re.M)
    sha = git(path, "rev-parse", "HEAD").strip()
    assert result.stdout.splitlines() == [
        f"created {path}: a new git repository with an empty skeleton for region noord",
        f"  {sha[:10]} Nieuwe convenantrepository: regio noord",
        f"regions: noord; build them with `convenant build --root {path} --all`"]


def test_the_skeleton_builds_lints_and_records_at_once(skeleton):
    path, _ = skeleton
    built = ok("build", "--root", path, "--all", "--format", "html")
    html = (path / "build/noord/convenant.html").read_text(encoding="utf-8")
    assert built.stdout.split() == [str(path / "build/noord/convenant.html")]
    assert "Zorg- en Veiligheidshuis [naam van de regio]" in html and "Voorbeeldstad" in html
    linted = run("lint", "--root", path)
    assert linted.exit_code == 0 and "0 errors" in linted.stderr, linted.output
    assert "noord" in ok("regions", "--root", path).stdout
    assert "2 partijen" in ok("regions", "--root", path).stdout
    assert git(path, "status", "--porcelain", "--untracked-files=all") == ""  # build/ is ignored


def test_the_default_region_and_an_existing_empty_folder(tmp_path):
    path = tmp_path / "leeg"
    path.mkdir()
    os.chmod(path, 0o750)
    inode = path.stat().st_ino
    ok("init", path)
    assert path.stat().st_ino == inode and (path.stat().st_mode & 0o777) == 0o750
    assert (path / "convenants/regio.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leeg"]  # no temporary folder left
    assert "regio" in ok("regions", "--root", path).stdout


# ---------------------------------------------------------------- refusals

@pytest.mark.parametrize("regio", ["Noord", "1noord", "noord_zuid", "noord.yaml", "-noord", "",
                                   "n" * 41])
def test_a_bad_region_id_is_refused(tmp_path, regio):
    refused(["init", tmp_path / "nieuw", "--regio", regio], tmp_path, "invalid region id")


def test_a_folder_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "vol").mkdir()
    (tmp_path / "vol" / ".verborgen").write_text("x")
    refused(["init", tmp_path / "vol"], tmp_path, "is not empty")
    refused(["init", tmp_path / "vol", "--voorbeeld"], tmp_path, "is not empty")


def test_a_file_and_a_link_are_refused(tmp_path):
    (tmp_path / "bestand").write_text("x")
    (tmp_path / "leeg").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "leeg")
    refused(["init", tmp_path / "bestand"], tmp_path, "is a file, not a folder")
    refused(["init", tmp_path / "link"], tmp_path, "is a symbolic link")


def test_a_folder_inside_another_git_repository_is_refused(tmp_path):
    outer = init_repo(tmp_path / "outer", files={"a.txt": "a\n"})
    (outer / "sub").mkdir()
    message = refused(["init", outer / "sub" / "nieuw"], tmp_path, "is inside the git repository")
    assert str(outer) in message
    refused(["init", outer / "sub"], tmp_path, "is inside the git repository")


def test_a_missing_parent_and_options_that_do_not_go_together_are_refused(tmp_path):
    refused(["init", tmp_path / "nergens" / "nieuw"], tmp_path, "does not exist")
    refused(["init", tmp_path / "nieuw", "--voorbeeld", "--regio", "noord"], tmp_path,
            "--regio names the region of the empty skeleton")
    refused(["init", tmp_path / "nieuw", "--van", REPO], tmp_path, "give --voorbeeld too")


def test_voorbeeld_without_the_data_folders_is_refused(tmp_path, monkeypatch):
    """An installed package has no clauses/ beside it: --voorbeeld then asks for --van."""
    (tmp_path / "installed").mkdir()
    monkeypatch.setattr(init_module, "package_root", lambda: tmp_path / "installed")
    message = refused(["init", tmp_path / "nieuw", "--voorbeeld"], tmp_path, "--van ROOT")
    assert "has no clauses/, parties/, convenants/" in message
    (tmp_path / "half" / "clauses").mkdir(parents=True)
    refused(["init", tmp_path / "nieuw", "--voorbeeld", "--van", tmp_path / "half"], tmp_path,
            "has no parties/, convenants/")


def test_a_symbolic_link_in_the_source_is_refused(tmp_path):
    source = tmp_path / "bron"
    for folder in ("clauses", "parties", "convenants"):
        shutil.copytree(REPO / folder, source / folder)
    (source / "wijzigingen").mkdir()
    (source / "wijzigingen" / "link.md").symlink_to(REPO / "README.md")
    result = run("init", tmp_path / "nieuw", "--voorbeeld", "--van", source)
    assert result.exit_code == 1 and "link.md" in result.stderr and "symbolic link" in result.stderr
    assert not (tmp_path / "nieuw").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bron"]


def test_a_failure_after_the_first_commit_leaves_nothing(tmp_path, monkeypatch, registered):
    """The register commit fails (the text as committed does not give the fingerprint): the
    repository made so far is removed, a new DIR is not created, an empty one stays empty."""
    source, _ = registered
    monkeypatch.setattr(init_module, "fingerprint_at", lambda *args: "0" * 64)
    refused(["init", tmp_path / "nieuw", "--voorbeeld", "--van", source], tmp_path,
            "nothing was created")
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "leeg").mkdir()
    refused(["init", tmp_path / "leeg", "--voorbeeld", "--van", source], tmp_path,
            "nothing was created")
    assert list((tmp_path / "leeg").iterdir()) == []


# ---------------------------------------------------------------- --voorbeeld

@pytest.fixture(scope="module")
def example(tmp_path_factory):
    path = tmp_path_factory.mktemp("voorbeeld") / "zvh"
    result = ok("init", path, "--voorbeeld")
    return path, result


def test_voorbeeld_copies_the_real_data_in_a_history_of_its_own(example):
    path, result = example
    for folder in ("clauses", "parties", "convenants"):
        assert snapshot(path / folder) == snapshot(REPO / folder), folder
    assert not (path / "build").exists()
    registers = sorted((REPO / "register").glob("*.yaml"))
    assert len(commits(path)) == 1 + bool(registers)
    root = git(path, "rev-list", "--max-parents=0", "HEAD").split()
    assert len(root) == 1 and root[0] not in git(REPO, "rev-list", "--all").split()
    assert git(path, "log", "--reverse", "--format=%s").splitlines()[0] == \
        "Nieuwe convenantrepository met het voorbeeld: haaglanden, zhz"
    assert git(path, "status", "--porcelain", "--untracked-files=all") == ""
    assert result.stdout.splitlines()[0] == f"created {path}: a new git repository with a copy of {REPO}"


def test_every_command_works_on_the_example_with_root(example, real_documents):
    path, _ = example
    ok("build", "--root", path, "zhz", "--format", "html")
    html = (path / "build/zhz/convenant.html").read_text(encoding="utf-8")
    assert real_documents["zhz"].fingerprint in html
    regions = ok("regions", "--root", path).stdout
    assert "zhz           31 partijen" in regions and "haaglanden    34 partijen" in regions
    versions = ok("versions", "--root", path, "zhz").stdout
    first = git(path, "rev-list", "--max-parents=0", "HEAD").strip()
    # The real covenant's register came along: version 1 is the new repository's first commit.
    assert versions.startswith(f"1            decided (date unknown)  revision {first[:10]}  ")
    assert "in force" in versions and "0 commits since 1 touch zhz's text:" in versions


# ---------------------------------------------------------------- registers carried over

WIJZIGING = """\
---
titel: Vergaderfrequentie
wijzigt: "2025-1"
---

De Stuurgroep vergadert vaker.
"""


@pytest.fixture(scope="module")
def registered(tmp_path_factory):
    """A source repository with the real data, version 2025-1 of zhz recorded and signed by
    dordrecht, a toelichting in wijzigingen/ and a note in toetredingen/."""
    source = init_repo(tmp_path_factory.mktemp("bron") / "bron", REPO)
    version = vaststellen(source, "zhz", "2025-1", dt.date(2025, 1, 15))
    ok("sign", "--root", source, "zhz", "dordrecht", "--version", "2025-1", "--date",
       "2025-02-03", "--place", "Dordrecht")
    (source / "wijzigingen" / "zhz").mkdir(parents=True)
    (source / "wijzigingen" / "zhz" / "frequentie.md").write_text(WIJZIGING, encoding="utf-8")
    (source / "toetredingen" / "zhz").mkdir(parents=True)
    (source / "toetredingen" / "zhz" / "notitie.txt").write_text("nog geen verzoeken\n")
    commit_all(source, "Toelichting en notitie")
    return source, version


@pytest.fixture(scope="module")
def carried(tmp_path_factory, registered):
    source, _ = registered
    path = tmp_path_factory.mktemp("kopie") / "zvh"
    return path, ok("init", path, "--voorbeeld", "--van", source)


def _register(root, region):
    problems = Problems(root)
    register = load_register(root / "register" / f"{region}.yaml", problems, FileSource(root))
    assert not problems, problems.items
    return register


def test_the_register_is_a_second_commit_naming_the_new_repositorys_commit(registered, carried):
    source, version = registered
    path, result = carried
    first, second = git(path, "rev-list", "--reverse", "HEAD").split()
    assert len(commits(path)) == 2
    assert changed_files(path, second) == ["register/zhz.yaml"]
    assert git(path, "log", "-1", "--format=%s").strip() == "Register: zhz overgenomen uit het voorbeeld"
    copied, original = _register(path, "zhz"), _register(source, "zhz")
    assert [v.revision for v in copied.versions] == [first]
    assert version.revision != first and version.revision not in commits(path)
    assert git(path, "cat-file", "-t", first).strip() == "commit"
    assert [(v.name, v.decided, v.fingerprint) for v in copied.versions] == \
        [(v.name, v.decided, v.fingerprint) for v in original.versions]
    assert [(s.party, s.version, s.date, s.place, s.by) for s in copied.signatures] == \
        [(s.party, s.version, s.date, s.place, s.by) for s in original.signatures]
    assert not (path / "register" / "haaglanden.yaml").exists()
    assert "register of zhz copied: version 2025-1" in result.stdout.splitlines()


def test_wijzigingen_and_toetredingen_are_copied(carried, registered):
    source, _ = registered
    path, _ = carried
    for folder in ("wijzigingen", "toetredingen"):
        assert snapshot(path / folder) == snapshot(source / folder), folder
    assert "wijzigingen/zhz/frequentie.md" in git(path, "show", "--name-only", "--format=", "HEAD~1")


def test_status_and_versions_name_the_copied_version(carried):
    path, _ = carried
    first = git(path, "rev-list", "--max-parents=0", "HEAD").strip()
    versions = ok("versions", "--root", path, "zhz").stdout
    assert versions.startswith("2025-1 ") and f"revision {first[:10]}" in versions
    assert "signed 1/31" in versions
    status = ok("status", "--root", path, "zhz").stdout
    assert "version 2025-1" in status
    assert any("dordrecht" in line and "signed 2025-02-03 in Dordrecht" in line
               for line in status.splitlines())
    assert ok("diff", "--root", path, "zhz", "2025-1", "werkversie").exit_code == 0


def test_a_version_of_another_text_is_refused_before_anything_is_written(tmp_path, registered):
    source = tmp_path / "bron"
    shutil.copytree(registered[0], source)
    edit(source, STUURGROEP, "De Stuurgroep komt ten minste 4 x per jaar",
         "De Stuurgroep komt ten minste zes keer per jaar")
    commit_all(source, "Art. 4.3: vaker vergaderen")
    message = refused(["init", tmp_path / "nieuw", "--voorbeeld", "--van", source], tmp_path,
                      "register/zhz.yaml:")
    assert "version '2025-1' of zhz has fingerprint" in message and "nothing was created" in message
    assert not (tmp_path / "nieuw").exists()
