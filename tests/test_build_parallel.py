"""`build` with several regions renders them in parallel processes (CONVENANT_JOBS, one per
core by default): the same files, the same lines in the same order, the same errors as the
serial build, and nothing written when anything fails or the build is interrupted.

A failure inside a worker cannot be injected by monkeypatching (a worker is another
process): the tests that need one run the CLI in a fresh interpreter with a
``sitecustomize`` module (HOOK, below) on its PYTHONPATH, which every process of the build
imports, the workers included. It wraps ``render_html`` and acts on the environment
variables it reads (only the test sets them): HOOK_FAIL fails the rendering of some regions
(after some seconds), HOOK_SLOW makes it slow, HOOK_DIR gets a marker file per region started.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands import parallel
from tests.conftest import REPO, TINY_FILES, write_files

HOOK = textwrap.dedent("""\
    import os
    import time

    def regions(variable):
        \"\"\"HOOK_X="noord:1.5,zuid:0": {region: seconds}.\"\"\"
        pairs = (f.split(":") for f in os.environ.get(variable, "").split(",") if f)
        return {region: float(seconds) for region, seconds in pairs}

    if os.environ.get("HOOK_FAIL") or os.environ.get("HOOK_SLOW"):
        from generator.errors import DataError, Problem
        from generator.render import html

        class TwoArguments(Exception):
            def __init__(self, region, why):
                super().__init__(f"{region}: {why}")

        original = html.render_html

        def render_html(doc, *args, **kwargs):
            if os.environ.get("HOOK_DIR"):
                marker = os.path.join(os.environ["HOOK_DIR"], f"started-{doc.region}-{os.getpid()}")
                open(marker, "w").close()
            time.sleep(regions("HOOK_SLOW").get(doc.region, 0))
            failing = regions("HOOK_FAIL")
            if doc.region in failing:
                time.sleep(failing[doc.region])
                kind = os.environ.get("HOOK_KIND", "value")
                if kind == "data":
                    raise DataError([Problem(f"clauses/{doc.region}.md", 7, "wrong on purpose")])
                if kind == "odd":
                    raise TwoArguments(doc.region, "does not pickle back")
                raise ValueError(f"rendering {doc.region} failed on purpose")
            return original(doc, *args, **kwargs)

        html.render_html = render_html
    """)


def run_cli(root: Path, *args: str, jobs: int | None = None, hook: Path | None = None,
            **hook_env: str) -> subprocess.CompletedProcess:
    """`convenant ARGS --root ROOT` in a fresh interpreter (as a user runs it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOOK_", "CONVENANT_"))}
    env["CONVENANT_TAAL"] = "en"  # the suite reads the English messages (conftest.py)
    if jobs is not None:
        env["CONVENANT_JOBS"] = str(jobs)
    if hook is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(hook), env.get("PYTHONPATH", "")])
    env.update(hook_env)
    return subprocess.run([sys.executable, "-m", "generator", *args, "--root", str(root)],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=120)


@pytest.fixture
def hook(tmp_path) -> Path:
    folder = tmp_path / "hook"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    return folder


def files_in(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def docx_members(data: bytes) -> list[tuple[str, bytes]]:
    """A DOCX's members in order, with their content. python-docx stamps every member with
    the time of writing (its only difference between two writes of the same document)."""
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        return [(info.filename, docx.read(info)) for info in docx.infolist()]


def assert_same_outputs(first: dict[str, bytes], second: dict[str, bytes]) -> None:
    assert list(first) == list(second)
    for name, data in first.items():
        if name.endswith(".docx"):
            assert docx_members(data) == docx_members(second[name]), name
        else:  # HTML and PDF: byte for byte (weasyprint writes no date of its own)
            assert data == second[name], name


class Spy:
    """Counts the builds that went through the process pool (parallel._in_pool)."""

    def __init__(self, monkeypatch):
        self.pools: list[int] = []
        real = parallel._in_pool

        def in_pool(documents, formats, progress, jobs, *rest):
            self.pools.append(jobs)
            return real(documents, formats, progress, jobs, *rest)

        monkeypatch.setattr(parallel, "_in_pool", in_pool)


def cli_build(monkeypatch, root: Path, jobs: int | str, *args: str):
    monkeypatch.setenv("CONVENANT_JOBS", str(jobs))
    return CliRunner().invoke(main, ["build", *args, "--root", str(root)])


# ---------------------------------------------------------------- the same outputs, in order

@pytest.fixture(scope="module")
def tiny_builds(tmp_path_factory):
    """The tiny project (noord, zuid) built in all formats: in two processes and serially."""
    root = write_files(tmp_path_factory.mktemp("tiny") / "repo", TINY_FILES)
    results = {jobs: run_cli(root, "build", "--all", "--out", str(root / f"out-{jobs}"), jobs=jobs)
               for jobs in (2, 1)}
    return root, results


def test_the_parallel_build_writes_the_same_files_as_the_serial_one(tiny_builds):
    root, results = tiny_builds
    assert [r.returncode for r in results.values()] == [0, 0], results
    parallel_files, serial_files = files_in(root / "out-2"), files_in(root / "out-1")
    # with each folder's record of what its outputs were made from (commands/cache.py): the
    # same in both, so its keys do not depend on the process
    assert list(parallel_files) == [f"{region}/{name}" for region in ("noord", "zuid")
                                    for name in (".convenant-cache.json", "convenant.docx",
                                                 "convenant.html", "convenant.pdf")]
    assert_same_outputs(parallel_files, serial_files)


def test_paths_and_progress_come_in_the_same_order(tiny_builds):
    root, results = tiny_builds
    lines = {jobs: (r.stdout.replace(f"out-{jobs}", "out").splitlines(), r.stderr.splitlines())
             for jobs, r in results.items()}
    assert lines[2] == lines[1]
    stdout, stderr = lines[2]
    order = [(region, fmt) for region in ("noord", "zuid") for fmt in ("html", "pdf", "docx")]
    assert stdout == [str(root / "out" / region / f"convenant.{fmt}") for region, fmt in order]
    assert stderr == [f"rendering {region} {fmt} ..." for region, fmt in order]


def test_regions_named_in_another_order_keep_that_order(tiny, monkeypatch):
    outputs = {}
    for jobs in (2, 1):
        result = cli_build(monkeypatch, tiny, jobs, "zuid", "noord", "--format", "docx,html",
                           "--out", str(tiny / f"out-{jobs}"))
        assert result.exit_code == 0, result.output
        outputs[jobs] = (result.stdout.replace(f"out-{jobs}", "out"), result.stderr)
    assert outputs[2] == outputs[1]
    assert outputs[2][1].splitlines() == ["rendering zuid docx ...", "rendering zuid html ...",
                                          "rendering noord docx ...", "rendering noord html ..."]


def test_the_real_covenants_in_parallel_are_the_serial_ones(tmp_path, monkeypatch):
    spy = Spy(monkeypatch)
    for jobs in (2, 1):
        result = cli_build(monkeypatch, REPO, jobs, "--all", "--format", "html,docx",
                           "--out", str(tmp_path / f"out-{jobs}"))
        assert result.exit_code == 0, result.output
    assert spy.pools == [2]
    parallel_files, serial_files = files_in(tmp_path / "out-2"), files_in(tmp_path / "out-1")
    assert sorted(parallel_files) == sorted(f"{region}/{name}" for region in ("haaglanden", "zhz")
                                            for name in ("convenant.html", "convenant.docx",
                                                         ".convenant-cache.json"))
    assert_same_outputs(parallel_files, serial_files)


# ---------------------------------------------------------------- how many processes

def test_convenant_jobs_1_renders_serially_in_this_process(tiny, monkeypatch):
    spy = Spy(monkeypatch)
    result = cli_build(monkeypatch, tiny, 1, "--all", "--format", "html")
    assert result.exit_code == 0, result.output
    assert spy.pools == []
    result = cli_build(monkeypatch, tiny, 2, "--all", "--format", "html", "--force")
    assert result.exit_code == 0, result.output
    assert spy.pools == [2]


def test_never_more_processes_than_regions_and_one_region_without_a_pool(tiny, monkeypatch):
    spy = Spy(monkeypatch)
    assert cli_build(monkeypatch, tiny, 8, "--all", "--format", "html").exit_code == 0
    assert cli_build(monkeypatch, tiny, 8, "noord", "--format", "html").exit_code == 0
    assert spy.pools == [2]


def test_by_default_one_process_per_core(monkeypatch):
    monkeypatch.delenv("CONVENANT_JOBS", raising=False)
    assert parallel.jobs_wanted() == len(os.sched_getaffinity(0))
    monkeypatch.setenv("CONVENANT_JOBS", " 3 ")
    assert parallel.jobs_wanted() == 3


@pytest.mark.parametrize("value", ["0", "-1", "twee", "1.5", "²"])
def test_a_wrong_convenant_jobs_is_one_line_and_nothing_is_built(tiny, monkeypatch, value):
    result = cli_build(monkeypatch, tiny, value, "--all", "--format", "html")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: CONVENANT_JOBS={value!r}: expected the number of processes to render with, "
        "1 or more (1: one region after the other)"]
    assert not (tiny / "build").exists()


# ---------------------------------------------------------------- errors: nothing written

@pytest.mark.parametrize("broken", [["zuid"], ["noord", "zuid"]])
def test_a_data_error_gives_the_serial_report_and_nothing_is_rendered(tiny, monkeypatch, broken):
    for region in broken:
        manifest = tiny / f"convenants/{region}.yaml"
        text = manifest.read_text().replace("- zorg-en-co", "- zorg-en-co\n  - nergens")
        manifest.write_text(text)
    results = [cli_build(monkeypatch, tiny, jobs, "--all") for jobs in (2, 1, 2)]
    assert [r.exit_code for r in results] == [1, 1, 1]
    assert results[0].stderr == results[1].stderr == results[2].stderr
    lines = {"noord": "convenants/noord.yaml:18: unknown party 'nergens': no parties/nergens.yaml",
             "zuid": "convenants/zuid.yaml:12: unknown party 'nergens': no parties/nergens.yaml"}
    assert results[0].stderr.splitlines() == [lines[region] for region in broken] + [
        f"{len(broken)} problem{'s' if len(broken) > 1 else ''} found; nothing was written."]
    assert not (tiny / "build").exists()


@pytest.mark.parametrize("failing, named", [
    ("zuid:0", "zuid"),
    # noord fails last (after zuid), and is still the one reported: the first in order
    ("noord:1.5,zuid:0", "noord"),
])
def test_a_rendering_failure_in_a_worker_is_one_line_and_nothing_is_written(
        tiny, hook, failing, named):
    results = {jobs: run_cli(tiny, "build", "--all", "--format", "html,docx", jobs=jobs,
                             hook=hook, HOOK_FAIL=failing) for jobs in (2, 1)}
    for jobs, result in results.items():
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.splitlines()[-1] == (
            f"error: internal error (ValueError: rendering {named} failed on purpose); nothing "
            "was recorded. Please report this; CONVENANT_DEBUG=1 shows the details"), jobs
        assert not (tiny / "build").exists()
    assert not list(tiny.rglob("*.tmp"))


@pytest.mark.parametrize("kind, report", [
    ("data", ["clauses/zuid.md:7: wrong on purpose", "1 problem found; nothing was written."]),
    ("odd", ["error: internal error (TwoArguments: zuid: does not pickle back); nothing was "
             "recorded. Please report this; CONVENANT_DEBUG=1 shows the details"]),
])
def test_an_error_that_does_not_pickle_back_is_reported_as_serially(tiny, hook, kind, report):
    results = [run_cli(tiny, "build", "--all", "--format", "html", jobs=jobs, hook=hook,
                       HOOK_FAIL="zuid:0", HOOK_KIND=kind) for jobs in (2, 1)]
    assert results[0].stderr == results[1].stderr
    assert results[0].returncode == results[1].returncode != 0
    assert results[0].stderr.splitlines()[-len(report):] == report
    assert not (tiny / "build").exists()


# ---------------------------------------------------------------- interrupted

def session_processes(sid: int) -> list[str]:
    """The processes still alive in session ``sid`` (zombies are dead already)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                found.append(entry.name)
    return found


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_an_interrupt_stops_every_worker_and_writes_nothing(tiny, hook, tmp_path, signum):
    """Ctrl-C reaches every process of the terminal's group (killpg), SIGTERM the parent: while
    one worker renders noord (slowly) and the other, done with zuid, waits for work. A parent
    killed outright cannot stop its workers: they notice and end themselves."""
    markers = tmp_path / "markers"
    markers.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOOK_", "CONVENANT_"))}
    env["CONVENANT_TAAL"] = "en"  # the suite reads the English messages (conftest.py)
    env.update(CONVENANT_JOBS="2", HOOK_SLOW="noord:60", HOOK_DIR=str(markers),
               PYTHONPATH=os.pathsep.join([str(hook), env.get("PYTHONPATH", "")]))
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--all", "--format",
                             "html", "--root", str(tiny)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=REPO,
                            start_new_session=True,  # Ctrl-C as in a terminal, not as ignored
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while len(list(markers.iterdir())) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = {m.name.split("-")[1]: int(m.name.rsplit("-", 1)[1]) for m in markers.iterdir()}
    assert sorted(workers) == ["noord", "zuid"], proc.communicate()
    assert len(set(workers.values())) == 2 and proc.pid not in workers.values()
    time.sleep(1)  # zuid is rendered: its worker waits for the next region
    started = time.monotonic()
    if signum == signal.SIGINT:  # the group gets it in any order: the workers first, here
        for pid in workers.values():
            os.kill(pid, signum)
        time.sleep(0.5)
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    _out, err = proc.communicate(timeout=30)
    assert time.monotonic() - started < 10  # the workers were stopped, not waited for
    assert proc.returncode != 0
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert not (tiny / "build").exists()
    assert not list(tiny.rglob("*.tmp"))
    deadline = time.monotonic() + 10  # the fork server and resource tracker end with it
    while session_processes(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert session_processes(proc.pid) == []
