"""`convenant toetreding`: request, answers and status, on a real git repository in a temp dir.

Each recording step must be one commit holding only the accession file; a refused step
leaves files, index and HEAD as they were.
"""

from __future__ import annotations

import email
import email.policy
import io
import re
import textwrap

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import main
from generator.commands.toetreding import announcement, notification
from generator.model.accession import Accession, Organisation
from generator.model.parties import Representative

from .conftest import TINY_FILES
from .gitrepo import changed_files, git, head, init_repo, snapshot
from .test_mail import Inbox, smtp_server  # noqa: F401  (the fixture)
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
GGD = "GGD Één & Co <Regio>"
FORMULIER = """\
---
titel: Toetredingsformulier
---

{{veld:organisatie|[naam organisatie]}}, statutair gevestigd te {{veld:statutaire_zetel|[…]}} en kantoorhoudend aan {{veld:adres|[…]}}, hierbij vertegenwoordigd door {{veld:vertegenwoordiger|[naam, functie]}}, treedt toe tot het convenant van het {{overleg}}.

Aldus ondertekend te […], op datum […]

Naam organisatie: {{veld:organisatie|}}

Naam bevoegde functionaris: {{veld:functionaris|}}

Zie Bijlage {{ref:formulier}}.
"""
WIJZIGINGEN = """\
---
titel: Wijzigingen
---

## ondertekening

Iedere wijziging wordt door alle Partijen ondertekend.

## opzegging

Een Partij die een toetreding onaanvaardbaar vindt, kan haar deelname aan het {{overleg}} opzeggen.
"""


def files(register: bool = False) -> dict[str, str]:
    """The tiny project, with a secretariaat, a form with fields, and parties with e-mail."""
    out = {name: textwrap.dedent(text) for name, text in TINY_FILES.items()}
    out["convenants/noord.yaml"] = out["convenants/noord.yaml"].replace(
        "  - zorg-en-co\n", "  - zorg-en-co\n  - ggd\n", 1).replace(
        "  - overleg\n", "  - overleg\n  - wijzigingen\n", 1) + SECRETARIAAT
    out["clauses/bijlagen/formulier.md"] = FORMULIER
    out["clauses/artikelen/wijzigingen.md"] = WIJZIGINGEN
    out["parties/zorg-en-co.yaml"] = out["parties/zorg-en-co.yaml"].replace(
        "deelname:", "email: info@zorg-en-co.example\ndeelname:")
    out["parties/ggd.yaml"] = textwrap.dedent(f"""\
        naam: "{GGD.replace('"', '')}"
        soort: organisatie
        adres: Laan 2, 9402 BB Assen
        email: ggd@ggd.example
        deelname:
          noord:
            vertegenwoordiger:
              aanhef: mevrouw
              naam: M. Ødegård
              functie: directeur
        """)
    out[".gitignore"] = "build/\n"
    if register:
        out["register/noord.yaml"] = "versies: []\nondertekeningen: []\n"
    return out


@pytest.fixture
def repo(tmp_path):
    root = init_repo(tmp_path / "repo", files=files())
    (tmp_path / "aanvraag.yaml").write_text(FORM, encoding="utf-8")
    return root


def cli(root, *args):
    return CliRunner().invoke(main, ["toetreding", *args, "--root", str(root)])


def apply(root, *extra):
    return cli(root, "aanvraag", "noord", "--organisatie", str(root.parent / "aanvraag.yaml"),
               "--via", "stad", "--date", "2026-11-23", *extra)


def stored(root) -> dict:
    return yaml.safe_load((root / "toetredingen" / "noord" / f"{ORG}.yaml").read_text(encoding="utf-8"))


def read_eml(data: bytes):
    assert data.split(b"\r\n\r\n", 1)[0].isascii()
    return email.message_from_bytes(data, policy=email.policy.default)


def test_request_is_one_commit_and_notifies_every_party(repo):
    before = head(repo)
    result = apply(repo)
    assert result.exit_code == 0, result.output
    assert f"recorded: {NAME} applies to noord via stad on 2026-11-23; answers due 2026-12-21" in result.output
    assert head(repo) != before
    assert changed_files(repo) == [f"toetredingen/noord/{ORG}.yaml"]
    assert git(repo, "status", "--porcelain").strip() == ""  # build/ is ignored, nothing else left
    text = (repo / "toetredingen" / "noord" / f"{ORG}.yaml").read_text(encoding="utf-8")
    assert f'naam: "Stichting Ça & Zo <Nieuw> \\"Het Anker\\""' in text
    assert stored(repo)["organisatie"]["naam"] == NAME
    folder = repo / "build" / "noord" / "toetreding" / ORG
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "kennisgeving/berichten/ggd.eml", "kennisgeving/berichten/zorg-en-co.eml",
        "kennisgeving/brieven/ggd.pdf", "kennisgeving/brieven/stad.pdf",
        "kennisgeving/brieven/zorg-en-co.pdf", "toetredingsformulier.pdf"]
    assert "send the letter by post (1): stad" in result.output
    letters = folder / "kennisgeving" / "brieven"
    text = flat(PdfReader(letters / "zorg-en-co.pdf").pages[0].extract_text())
    assert f"Voorgenomen toetreding van {NAME} tot het Samenwerkingsconvenant Noord" in text
    assert "statutair gevestigd te Assen en kantoorhoudend te Markt 5, 9401 GS Assen" in text
    assert "via Gemeente Stad" in text
    assert "Opvang en begeleiding van jongeren met meervoudige problematiek." in text
    assert "vóór 21 december 2026" in text
    assert "Geachte heer, mevrouw," in text  # zorg-en-co has no named representative
    letter = flat(PdfReader(letters / "stad.pdf").pages[0].extract_text())
    assert "Geachte heer Burger," in letter and "t.a.v. de heer A. Burger, burgemeester" in letter
    # the e-mail: literal names in encoded headers, the letter as text and as the PDF attached
    message = read_eml((folder / "kennisgeving" / "berichten" / "ggd.eml").read_bytes())
    (to,) = message["To"].addresses
    assert (to.display_name, to.addr_spec) == (GGD.replace('"', ""), "ggd@ggd.example")
    (sender,) = message["From"].addresses
    assert sender.addr_spec == "secretariaat@zvh-noord.example"
    assert sender.display_name == "Secretaris van de Stuurgroep, Zorg- en Veiligheidshuis Noord"
    assert message["Subject"] == f"Voorgenomen toetreding van {NAME} tot het Samenwerkingsconvenant Noord"
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith("Geachte mevrouw Ødegård,\n\n")
    assert f"{NAME} beschrijft haar bijdrage" in body and "vóór 21 december 2026" in body
    (attachment,) = message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == (letters / "ggd.pdf").read_bytes()


def test_bijlage_1_is_filled_in_with_the_organisation(repo):
    assert apply(repo).exit_code == 0
    path = repo / "build" / "noord" / "toetreding" / ORG / "toetredingsformulier.pdf"
    reader = PdfReader(path)
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert (f"{NAME}, statutair gevestigd te Assen en kantoorhoudend aan Markt 5, 9401 GS Assen, "
            "hierbij vertegenwoordigd door mevrouw drs. É. van Dijk, directeur-bestuurder, treedt "
            "toe tot het convenant van het Regionaal Overleg.") in text
    assert f"Naam organisatie: {NAME}" in text
    assert "Naam bevoegde functionaris: drs. É. van Dijk, directeur-bestuurder" in text
    assert "Aldus ondertekend te […], op datum […]" in text  # filled in by hand at signing
    assert "[naam organisatie]" not in text
    assert "Bijlage 1 bij het Samenwerkingsconvenant Noord" in text
    assert reader.metadata.title == f"Bijlage 1: Toetredingsformulier: {NAME}"
    # the convenant itself still prints the blanks
    html = CliRunner().invoke(main, ["build", "noord", "--format", "html", "--root", str(repo)])
    assert html.exit_code == 0, html.output
    built = (repo / "build" / "noord" / "convenant.html").read_text(encoding="utf-8")
    assert "[naam organisatie], statutair gevestigd te […] en kantoorhoudend aan […]" in built
    assert "Stichting" not in built


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
    assert "not answered (1): ggd" in shown.output


def test_status_lists_who_has_not_answered(repo):
    assert apply(repo).exit_code == 0
    shown = cli(repo, "status", "noord")
    assert re.search(r"not answered \(3\): stad, zorg-en-co, ggd", shown.output)


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
