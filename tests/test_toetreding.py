"""`convenant toetreding`: request, answers and status, on a real git repository in a temp dir.

Each recording step must be one commit holding only the accession file; a refused step
leaves files, index and HEAD as they were.
"""

from __future__ import annotations

import re
import textwrap

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import main

from .conftest import TINY_FILES
from .gitrepo import changed_files, head, init_repo, snapshot
from .test_pakket import SECRETARIAAT, flat

NAME = 'Stichting Ça & Zo <Nieuw> "Het Anker"'
FORM = f"""\
naam: '{NAME}'
statutaire_zetel: Assen
adres: Markt 5, 9401 GS Assen
email: bestuur@ca-en-zo.example
vertegenwoordiger:
  aanhef: mevrouw
  naam: drs. É. van Dijk
  functie: directeur-bestuurder
bijdrage: Opvang en begeleiding van jongeren met meervoudige problematiek.
"""
ORG = "stichting-ca-zo-nieuw-het-anker"


@pytest.fixture
def repo(tmp_path):
    files = {name: textwrap.dedent(text) for name, text in TINY_FILES.items()}
    files["convenants/noord.yaml"] += SECRETARIAAT
    root = init_repo(tmp_path / "repo", files=files)
    (tmp_path / "aanvraag.yaml").write_text(FORM, encoding="utf-8")
    return root


def cli(root, *args):
    return CliRunner().invoke(main, ["toetreding", *args, "--root", str(root)])


def apply(root):
    return cli(root, "aanvraag", "noord", "--organisatie", str(root.parent / "aanvraag.yaml"),
               "--via", "stad", "--date", "2026-11-23")


def test_request_is_one_commit_and_notifies_every_party(repo):
    before = head(repo)
    result = apply(repo)
    assert result.exit_code == 0, result.output
    assert f"recorded: {NAME} applies to noord via stad on 2026-11-23; answers due 2026-12-21" in result.output
    assert head(repo) != before
    assert changed_files(repo) == [f"toetredingen/noord/{ORG}.yaml"]
    stored = (repo / "toetredingen" / "noord" / f"{ORG}.yaml").read_text(encoding="utf-8")
    assert f'naam: "Stichting Ça & Zo <Nieuw> \\"Het Anker\\""' in stored
    folder = repo / "build" / "noord" / "toetreding" / ORG / "brieven"
    assert sorted(p.name for p in folder.iterdir()) == ["stad.pdf", "zorg-en-co.pdf"]
    text = flat(PdfReader(folder / "zorg-en-co.pdf").pages[0].extract_text())
    assert f"Voorgenomen toetreding van {NAME} tot het Samenwerkingsconvenant Noord" in text
    assert "statutair gevestigd te Assen en kantoorhoudend te Markt 5, 9401 GS Assen" in text
    assert "via Gemeente Stad" in text
    assert "Opvang en begeleiding van jongeren met meervoudige problematiek." in text
    assert "vóór 21 december 2026" in text
    assert "Geachte heer, mevrouw," in text  # zorg-en-co has no named representative
    letter = flat(PdfReader(folder / "stad.pdf").pages[0].extract_text())
    assert "Geachte heer Burger," in letter and "t.a.v. de heer A. Burger, burgemeester" in letter


def test_answers_and_status(repo):
    assert apply(repo).exit_code == 0
    first = cli(repo, "akkoord", "noord", ORG, "stad", "--date", "2026-11-30")
    assert first.exit_code == 0, first.output
    assert changed_files(repo) == [f"toetredingen/noord/{ORG}.yaml"]
    objection = cli(repo, "akkoord", "noord", ORG, "zorg-en-co", "--date", "2026-12-01",
                    "--bezwaar", "Geen taak in het kader van integrale veiligheid.")
    assert objection.exit_code == 0, objection.output
    shown = cli(repo, "status", "noord", ORG)
    assert shown.exit_code == 0, shown.output
    assert "agreed (1): stad" in shown.output
    assert "objected: zorg-en-co on 2026-12-01: Geen taak in het kader van integrale veiligheid." in shown.output
    assert "not answered (0)" in shown.output


def test_status_lists_who_has_not_answered(repo):
    assert apply(repo).exit_code == 0
    shown = cli(repo, "status", "noord")
    assert re.search(r"not answered \(2\): stad, zorg-en-co", shown.output)


def refused(root, *args):
    before, index = snapshot(root), head(root)
    result = cli(root, *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) >= 1
    assert snapshot(root) == before and head(root) == index
    return result.stderr


def test_refusals_change_nothing(repo):
    assert apply(repo).exit_code == 0
    assert cli(repo, "akkoord", "noord", ORG, "stad", "--date", "2026-11-30").exit_code == 0
    assert "stad already agreed on 2026-11-30" in refused(
        repo, "akkoord", "noord", ORG, "stad", "--date", "2026-12-01")
    assert "'oost' is not a party of noord" in refused(
        repo, "akkoord", "noord", ORG, "oost", "--date", "2026-12-01")
    assert "no request to accede by 'nobody' in noord" in refused(
        repo, "akkoord", "noord", "nobody", "stad", "--date", "2026-12-01")
    assert "before the request was made" in refused(
        repo, "akkoord", "noord", ORG, "zorg-en-co", "--date", "2026-11-01")
    assert f"{ORG!r} has already applied in noord" in refused(
        repo, "aanvraag", "noord", "--organisatie", str(repo.parent / "aanvraag.yaml"),
        "--via", "stad", "--date", "2026-11-24")


@pytest.mark.parametrize("change, message", [
    (("email: bestuur@ca-en-zo.example", "email: geen adres"), r"aanvraag\.yaml:4: organisatie: invalid e-mail address 'geen adres'"),
    (("bijdrage: Opvang en begeleiding van jongeren met meervoudige problematiek.\n", ""), r"aanvraag\.yaml:1: organisatie: 'bijdrage' is missing"),
    (("  aanhef: mevrouw", "  aanhef: mw."), r"aanvraag\.yaml:6: vertegenwoordiger: aanhef 'mw\.' must be"),
    (("statutaire_zetel: Assen\n", "statutaire_zetel: Assen\nkvk: 123\n"), r"aanvraag\.yaml:3: unknown field 'kvk' in organisatie"),
])
def test_a_bad_form_names_file_and_line(repo, change, message):
    form = repo.parent / "aanvraag.yaml"
    form.write_text(FORM.replace(*change), encoding="utf-8")
    before, index = snapshot(repo), head(repo)
    result = apply(repo)
    assert result.exit_code == 1
    assert re.search(message, result.stderr), result.stderr
    assert snapshot(repo) == before and head(repo) == index


def test_unknown_via_party_writes_nothing(repo):
    stderr = refused(repo, "aanvraag", "noord", "--organisatie", str(repo.parent / "aanvraag.yaml"),
                     "--via", "nobody", "--date", "2026-11-23")
    assert "'nobody' is not a party of noord" in stderr
