"""Outputs pinned across refactorings: the HTML and the DOCX body of both real covenants, the
renvooi (text and HTML) of a fixed test history and the lint report of the repository's own data.

Issue 13 reorganised the code under the promise that these stay byte-for-byte the same. They
are kept in tests/golden/outputs/; a change of them must be deliberate: regenerate with

    .venv/bin/python -m tests.test_outputs_unchanged --update

and say in the commit why the output changed.
"""

from __future__ import annotations

import difflib
import io
import os
import zipfile
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.diff import make_redline
from generator.render.docx import render_docx
from generator.render.html import render_html
from generator.render.redline_html import render_redline_html
from generator.render.redline_text import render_redline_text

from .conftest import REPO
from .gitrepo import commit_all, edit, head, init_repo

OUTPUTS = Path(__file__).resolve().parent / "golden" / "outputs"
REGIONS = ("zhz", "haaglanden")
STUURGROEP = "clauses/artikelen/stuurgroep.md"
# Fixed author and dates: the commits (and so their ids) are the same in every run.
FIXED = {"GIT_AUTHOR_DATE": "2026-03-02T10:00:00+01:00",
         "GIT_COMMITTER_DATE": "2026-03-02T10:00:00+01:00"}


def _history(path: Path) -> tuple[Path, dict[str, str]]:
    """c0 the real data ─ c1 words in 4.3 ─ c2 a lid inserted in art. 4 ─ c3 a new representative."""
    init_repo(path, REPO)
    revs = {"c0": head(path)}
    edit(path, STUURGROEP, "De Stuurgroep komt ten minste 4 x per jaar",
         "De Stuurgroep komt ten minste zes keer per jaar")
    revs["c1"] = commit_all(path, "Art. 4.3: Stuurgroep vergadert vaker")
    edit(path, STUURGROEP, "## frequentie @zhz\n",
         "## vervanging @zhz\n\nEen lid van de Stuurgroep kan zich bij verhindering laten "
         "vervangen door een plaatsvervanger;\n\n## frequentie @zhz\n")
    revs["c2"] = commit_all(path, "Art. 4: plaatsvervanging in de Stuurgroep")
    edit(path, "parties/dordrecht.yaml", "naam: A.W. Kolff", "naam: P. de Vries")
    revs["c3"] = commit_all(path, "Dordrecht: nieuwe burgemeester")
    return path, revs


def current_outputs(work: Path, real_documents) -> dict[str, str]:
    """Every pinned output, by file name under tests/golden/outputs/."""
    out = {f"{region}.html": render_html(real_documents[region]) for region in REGIONS}
    for region in REGIONS:  # the DOCX's body (its other parts hold the time it was made)
        with zipfile.ZipFile(io.BytesIO(render_docx(real_documents[region]))) as docx:
            out[f"{region}.document.xml"] = docx.read("word/document.xml").decode("utf-8")
    saved = {key: os.environ.get(key) for key in FIXED}
    os.environ.update(FIXED)
    try:
        path, revs = _history(work / "history")
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    redline = make_redline(path, "zhz", revs["c0"], revs["c3"])
    out["renvooi.txt"] = render_redline_text(redline)
    out["renvooi.html"] = render_redline_html(redline)
    result = CliRunner().invoke(main, ["lint", "--root", str(REPO)])
    out["lint.txt"] = f"exit {result.exit_code}\n{result.output}"
    return out


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, real_documents):
    return current_outputs(tmp_path_factory.mktemp("outputs"), real_documents)


@pytest.mark.parametrize("name", [f"{r}.html" for r in REGIONS] + [f"{r}.document.xml" for r in REGIONS]
                         + ["renvooi.txt", "renvooi.html", "lint.txt"])
def test_output_is_unchanged(outputs, name):
    expected = (OUTPUTS / name).read_bytes().decode("utf-8")
    actual = outputs[name]
    if actual != expected:
        diff = list(difflib.unified_diff(expected.splitlines(keepends=True),
                                         actual.splitlines(keepends=True),
                                         f"tests/golden/outputs/{name}", "now", n=1))
        pytest.fail(f"{name} changed:\n" + "".join(diff[:80]), pytrace=False)
    assert len(actual) > 1000 or name == "lint.txt"


def _update() -> None:  # pragma: no cover - a maintainer's command
    import tempfile

    from generator.assemble import assemble_regions
    from generator.project import load_project

    project = load_project(REPO)
    documents = assemble_regions(project, project.regions)
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in current_outputs(Path(tmp), documents).items():
            OUTPUTS.mkdir(parents=True, exist_ok=True)
            (OUTPUTS / name).write_bytes(text.encode("utf-8"))
            print(f"wrote tests/golden/outputs/{name}")


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:] == ["--update"]:
        _update()
    else:
        sys.exit("usage: python -m tests.test_outputs_unchanged --update")
