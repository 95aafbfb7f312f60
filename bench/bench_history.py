"""Benchmark the history commands on generated git histories, as ratios measured in one run.

1. `versions`: a history of 1,000 commits (made with git fast-import) over the real data.
   Listing the commits that touch a region's text is one `git log` call; its time is
   compared with a bare `git log` of the same paths. The number of git processes started is
   counted too.
2. `diff`: the real ZHZ convenant against a revision in which 20 leden were changed, both
   sides read from git objects, rendered as text, HTML and DOCX; compared with rendering the
   convenant's PDF once. The bar: the diff takes less time than the PDF.

    python bench/bench_history.py [--commits N] [--repeat N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import git  # noqa: E402

from generator.assemble import assemble_regions  # noqa: E402
from generator.commands.diff import make_redline  # noqa: E402
from generator.commands.register import versions  # noqa: E402
from generator.history import log, open_repo, region_paths  # noqa: E402
from generator.model.blocks import Paragraph  # noqa: E402
from generator.project import load_project  # noqa: E402
from generator.render.pdf import render_pdf  # noqa: E402
from generator.render.redline_docx import render_redline_docx  # noqa: E402
from generator.render.redline_html import render_redline_html  # noqa: E402
from generator.render.redline_text import render_redline_text  # noqa: E402

DATA = ("clauses", "parties", "convenants")
CHANGING = ("clauses/artikelen/stuurgroep.md", "parties/dordrecht.yaml", "convenants/haaglanden.yaml")


def run(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(list(args), cwd=cwd, input=stdin, check=True, capture_output=True).stdout


def _data(text: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(text), text)


def generated_history(path: Path, commits: int) -> None:
    """The real data, then ``commits`` commits each changing one of three files in turn."""
    run(path, "git", "init", "--quiet", "--initial-branch=main")
    originals = {rel: (ROOT / rel).read_bytes() for rel in CHANGING}
    stream = [b"commit refs/heads/main\ncommitter Bench <bench@example.org> 1700000000 +0000\n",
              _data(b"Convenanten vastgelegd")]
    for folder in DATA:
        for file in sorted((ROOT / folder).rglob("*")):
            if file.is_file():
                stream.append(b"M 100644 inline %s\n" % file.relative_to(ROOT).as_posix().encode())
                stream.append(_data(file.read_bytes()))
    for n in range(1, commits + 1):
        rel = CHANGING[n % len(CHANGING)]
        text = originals[rel]
        if rel.endswith(".md"):
            text = text.replace(b"ten minste 4 x per jaar", b"ten minste %d x per jaar" % n)
        else:
            text += b"# wijziging %d\n" % n
        stream += [b"commit refs/heads/main\ncommitter Bench <bench@example.org> %d +0000\n" % (1700000000 + n),
                   _data(b"Wijziging %d van %s" % (n, rel.encode())),
                   b"M 100644 inline %s\n" % rel.encode(), _data(text)]
    run(path, "git", "fast-import", "--quiet", stdin=b"".join(stream))
    run(path, "git", "checkout", "--quiet", "--force", "main")


def timed(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class GitCalls:
    """Counts the git processes gitpython starts."""

    def __init__(self):
        self.calls: list[str] = []
        self._execute = git.cmd.Git.execute

    def __enter__(self):
        calls, execute = self.calls, self._execute

        def counting(self_, command, *args, **kwargs):
            calls.append(command[1] if len(command) > 1 else command[0])
            return execute(self_, command, *args, **kwargs)

        git.cmd.Git.execute = counting
        return self

    def __exit__(self, *exc):
        git.cmd.Git.execute = self._execute


def bench_versions(work: Path, commits: int, repeat: int) -> None:
    path = work / "versions"
    path.mkdir()
    start = time.perf_counter()
    generated_history(path, commits)
    print(f"generated a history of {commits + 1} commits in {time.perf_counter() - start:.1f} s")
    project = load_project(path)
    repo = open_repo(path)
    paths = region_paths(repo, project, "zhz")
    listed = log(repo, paths)
    bare = ["git", "log", "--format=%H %cs %an %s", "HEAD", "--", *paths]
    expected = len(run(path, *bare).splitlines())
    assert len(listed) == expected, (len(listed), expected)
    with GitCalls() as calls:
        report = versions(path, "zhz")
    t_log = timed(lambda: log(repo, paths), repeat)
    t_bare = timed(lambda: run(path, *bare), repeat)
    t_versions = timed(lambda: versions(path, "zhz"), repeat)
    print(f"commits touching zhz's text: {len(report.since)} of {commits + 1}")
    print(f"git processes started by `versions zhz`: {len(calls.calls)} ({', '.join(calls.calls)})")
    print(f"bare git log of the same paths:          {t_bare * 1000:7.1f} ms")
    print(f"history listing (git log + parsing):     {t_log * 1000:7.1f} ms   ratio {t_log / t_bare:.2f}")
    print(f"whole `versions zhz` (loads the data):   {t_versions * 1000:7.1f} ms   ratio {t_versions / t_bare:.2f}")


def change_leden(path: Path, count: int) -> int:
    """Change the first paragraph of ``count`` leden of the ZHZ text, in as many articles."""
    project = load_project(path)
    changed = 0
    for ref in project.manifests["zhz"].artikelen:
        clause = project.clauses[ref.id]
        for unit in clause.segments:
            if unit.regions and "zhz" not in unit.regions:
                continue
            first = unit.blocks[0] if unit.blocks else None
            if isinstance(first, Paragraph) and first.regions is None and first.line:
                lines = clause.path.read_text(encoding="utf-8").split("\n")
                lines[first.line - 1] = lines[first.line - 1].replace(" de ", " de gewijzigde ", 1) \
                    if " de " in lines[first.line - 1] else lines[first.line - 1] + " (gewijzigd)"
                clause.path.write_text("\n".join(lines), encoding="utf-8")
                changed += 1
                break
        if changed == count:
            break
    return changed


def bench_diff(work: Path, repeat: int) -> None:
    path = work / "diff"
    path.mkdir()
    for folder in DATA:
        shutil.copytree(ROOT / folder, path / folder)
    for args in (["init", "--quiet"], ["config", "user.name", "Bench"],
                 ["config", "user.email", "bench@example.org"], ["add", "--all"],
                 ["commit", "--quiet", "-m", "basis"]):
        run(path, "git", *args)
    changed = change_leden(path, 20)
    run(path, "git", "commit", "--quiet", "-am", "20 leden gewijzigd")
    redline = make_redline(path, "zhz", "HEAD~1", "HEAD")
    leden = sum(1 for c in redline.changed() for u in c.units if u.status == "changed")
    assert changed == leden == 20, (changed, leden)
    doc = assemble_regions(load_project(path), ["zhz"])["zhz"]

    def diff():
        r = make_redline(path, "zhz", "HEAD~1", "HEAD")
        render_redline_text(r)
        render_redline_html(r)
        render_redline_docx(r)

    render_pdf(doc)  # warm up fonts and imports
    t_diff = timed(diff, repeat)
    t_pdf = timed(lambda: render_pdf(doc), repeat)
    print(f"diff of zhz with {leden} changed leden (git objects, compare, text, HTML, DOCX): "
          f"{t_diff:.3f} s")
    print(f"rendering the zhz PDF once:                                               {t_pdf:.3f} s")
    print(f"ratio diff / PDF: {t_diff / t_pdf:.2f} (bar: below 1) -> {'ok' if t_diff < t_pdf else 'TOO SLOW'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_versions(Path(tmp), args.commits, args.repeat)
        print()
        bench_diff(Path(tmp), max(1, args.repeat // 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
