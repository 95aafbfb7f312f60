"""Test helpers in one place: the real repository's data, tiny projects in temp dirs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.assemble import assemble_regions
from generator.project import load_project

REPO = Path(__file__).resolve().parent.parent

TINY_FILES = {
    "convenants/noord.yaml": """\
        titel: Samenwerkingsconvenant Noord
        zvh: Zorg- en Veiligheidshuis Noord
        termen:
          overleg: Regionaal Overleg
        stijl:
          artikelkop: "."
          enkel_lid_nummeren: false
        ondergetekenden: ondergetekenden
        artikelen:
          - begrippen
          - overleg
        slot: slot
        bijlagen:
          - formulier
        partijen:
          - stad
          - zorg-en-co
        duur:
          inwerkingtreding: ondertekening
          looptijd_jaren: 4
          verlenging_jaren: 1
        """,
    "convenants/zuid.yaml": """\
        titel: Samenwerkingsconvenant Zuid
        zvh: Zorg- en Veiligheidshuis Zuid
        termen:
          overleg: Partneroverleg
        artikelen:
          - begrippen
          - overleg
        bijlagen:
          - formulier
        partijen:
          - zorg-en-co
        duur:
          inwerkingtreding: 2019-01-01
          looptijd_jaren: 5
          ten_minste: true
        """,
    "clauses/ondergetekenden.md": """\
        ### De ondergetekenden:

        {{partijen:gemeenten}}

        en

        {{partijen:organisaties}}
        """,
    "clauses/slot.md": """\
        Aldus overeengekomen:

        {{handtekeningen}}
        """,
    "clauses/artikelen/begrippen.md": """\
        ---
        titel: Begrippen
        ---

        ## overleg

        Het {{overleg}} is het overleg van artikel {{ref:overleg}}.
        """,
    "clauses/artikelen/overleg.md": """\
        ---
        titel:
          noord: Regionaal Overleg
          zuid: Partneroverleg
        ---

        ## samenstelling

        Het {{overleg}} bestaat uit:

        - #voorzitter de voorzitter;
        - #secretaris @noord de secretaris;
        - #leden de leden.

        ## taken

        Het {{overleg}} heeft de taken van {{ref:overleg.samenstelling.leden}}.
        """,
    "clauses/bijlagen/formulier.md": """\
        ---
        titel: Toetredingsformulier
        ---

        Zie Bijlage {{ref:formulier}}.
        """,
    "parties/stad.yaml": """\
        naam: Stad
        soort: gemeente
        deelname:
          noord:
            vertegenwoordiger:
              aanhef: de heer
              naam: A. Burger
              functie: burgemeester
        """,
    "parties/zorg-en-co.yaml": """\
        naam: Zorg & Co <Noord>
        soort: organisatie
        statutaire_zetel: Assen
        adres: Brink 1, 9401 AA Assen
        deelname:
          noord:
          zuid:
        """,
}


def write_files(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A small valid convenant repository with two regions, to change in a test."""
    return write_files(tmp_path / "repo", TINY_FILES)


@pytest.fixture(scope="session")
def real_project():
    return load_project(REPO)


@pytest.fixture(scope="session")
def real_documents(real_project):
    return assemble_regions(real_project, real_project.regions)


def modules_imported(*runs: list[str], watch=("weasyprint", "reportlab", "pypdf")) -> list[str]:
    """Run the CLI once per argument list in one fresh interpreter (each run must exit 0) and
    return which of ``watch`` it imported: how a test shows no PDF machinery was loaded."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from generator.cli import main\n"
        f"for args in {[list(r) for r in runs]!r}:\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, (args, exc.code)\n"
        f"print(sorted(m for m in {tuple(watch)!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return eval(result.stdout.strip().splitlines()[-1])  # a printed list of str
