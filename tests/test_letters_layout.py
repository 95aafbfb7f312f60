"""Letters as a secretariat sends them, read back from the real PDFs: the address block in the
window of a Dutch window envelope, only embedded bundled fonts, kenmerk, contact lines and the
signer's name, short party names in running text, no line break inside a date or initials;
and the toetredingsformulier built from the version in force, with lines to write on and the
chair's name. Everything is rendered once per module.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import main
from generator.commands.pakket import prepare
from generator.commands.register import vaststellen
from generator.letters import cover_letter, notification, signature_page
from generator.model.accession import Accession, Organisation
from generator.model.parties import Representative
from generator.project import load_project
from generator.render.letters_pdf import (WINDOW_HEIGHT, WINDOW_LEFT, WINDOW_TOP, WINDOW_WIDTH,
                                          render_letters)

from .conftest import FORM, ORG, accession_files, flat, require_tools
from .gitrepo import commit_all, edit, init_repo

MM = 72 / 25.4
A4_HEIGHT = 297 * MM
LETTERS = dt.date(2026, 11, 23)
CHAIR = "voorzitter:\n  naam: mr. P.Q. de Voorzitter\n  functie: burgemeester van Stad, voorzitter van de Stuurgroep\n"
FORM_TAIL = """
Aldus ondertekend te […], op datum […]

Naam organisatie: {{veld:organisatie|}}

Naam bevoegde functionaris: {{veld:functionaris|}}

.....

Namens Stuurgroep:

Naam:

.....
"""


def files() -> dict[str, str]:
    out = accession_files(register=True)
    out["convenants/noord.yaml"] = out["convenants/noord.yaml"].replace(
        "  plaats: Assen\n", "  plaats: Assen\n  naam: J.W. van der Secretaris\n  telefoon: 0592 123 456\n"
    ) + CHAIR
    out["parties/zorg-en-co.yaml"] = out["parties/zorg-en-co.yaml"].replace(
        "naam: Zorg & Co <Noord>", "naam: De Zorgstichting Noord\nin_tekst: Zorg & Co")
    out["clauses/bijlagen/formulier.md"] = out["clauses/bijlagen/formulier.md"].replace(
        "\nAldus ondertekend te […], op datum […]\n\nNaam organisatie: {{veld:organisatie|}}\n\n"
        "Naam bevoegde functionaris: {{veld:functionaris|}}\n", FORM_TAIL)
    return out


@pytest.fixture(scope="module")
def letters(tmp_path_factory):
    """The cover letters of every party, a signature page and a notice of accession, in one
    PDF; each letter's text and its lines with their positions."""
    root = init_repo(tmp_path_factory.mktemp("letters") / "repo", files=files())
    plan = prepare(root, "noord", everyone=True, letter_date=LETTERS,
                   return_by=dt.date(2026, 12, 21))
    plan.pages = 3
    project = load_project(root)
    rep = Representative("mevrouw", "drs. É. van Dijk", "directeur-bestuurder")
    org = Organisation(ORG, "De Stichting Anker", "Assen", "Markt 5, 9401 GS Assen", "", rep, "Opvang.")
    accession = Accession("noord", None, org, "stad", LETTERS, dt.date(2026, 12, 21))
    items = [cover_letter(plan, row) for row in plan.selected]
    items += [notification(project, plan.doc, accession, "zorg-en-co", LETTERS),
              signature_page(plan, plan.rows[0])]
    pdf, ranges = render_letters(items, "brieven")
    reader = PdfReader(io.BytesIO(pdf))
    pages = {}
    kinds = ["cover"] * len(plan.selected) + ["notice", "sheet"]
    for kind, item, pages_of in zip(kinds, items, ranges):
        key = f"{kind}:{item.key}"
        pages[key] = [_lines(reader.pages[i]) for i in pages_of]
    return root, pdf, items, pages


def _lines(page) -> list[tuple[float, float, str]]:
    """(x, distance from the top of the page, text) of every line drawn, in points."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((tm[4] + cm[4], A4_HEIGHT - (tm[5] + cm[5]), text))

    page.extract_text(visitor_text=visit)
    return found


def _text(lines) -> str:
    return flat(" ".join(text for _x, _y, text in lines))


def test_the_address_block_lies_inside_the_window(letters):
    _root, _pdf, items, pages = letters
    for kind, item in zip(("cover", "cover", "cover", "notice"), items):
        first = pages[f"{kind}:{item.key}"][0]
        for line in item.addressee:
            (x, y), = {(x, y) for x, y, text in first if flat(text) == flat(line)
                       and x < WINDOW_LEFT + WINDOW_WIDTH and y < 100 * MM}
            assert WINDOW_LEFT <= x and x + 60 * MM <= WINDOW_LEFT + WINDOW_WIDTH, (line, x)
            assert WINDOW_TOP + 4 * MM <= y <= WINDOW_TOP + WINDOW_HEIGHT - 2 * MM, (line, y / MM)
    # the return-address line above it, inside the window too; nothing else in the window
    first = pages["cover:stad"][0]
    (back,) = [(y, t) for x, y, t in first if t.startswith("Retouradres")]
    assert WINDOW_TOP <= back[0] < WINDOW_TOP + 6 * MM
    inside = {flat(t) for x, y, t in first if WINDOW_TOP <= y <= WINDOW_TOP + WINDOW_HEIGHT
              and x < WINDOW_LEFT + WINDOW_WIDTH}
    assert inside == {flat(line) for line in items[0].addressee} | {flat(back[1])}


def test_every_font_is_embedded_and_none_is_helvetica_or_dejavu(letters, tmp_path):
    require_tools("pdffonts")
    _root, pdf, _items, _pages = letters
    path = tmp_path / "brieven.pdf"
    path.write_bytes(pdf)
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert "Helvetica" not in row and "DejaVu" not in row, row
        assert row.split()[-5] == "yes", row  # emb


def test_kenmerk_contact_and_signer(letters):
    _root, _pdf, _items, pages = letters
    text = _text(pages["cover:stad"][0])
    assert "Ons kenmerk NOORD/TP/werkversie/stad/20261123" in text
    assert "Contactpersoon J.W. van der Secretaris Telefoon 0592 123 456 E-mail " \
           "secretariaat@zvh-noord.example" in text
    assert ("neemt u dan contact op met J.W. van der Secretaris, secretaris van de Stuurgroep "
            "(telefoon 0592 123 456, e-mail secretariaat@zvh-noord.example)") in text
    assert "Met vriendelijke groet, J.W. van der Secretaris Secretaris van de Stuurgroep" in text
    notice = _text(pages["notice:zorg-en-co"][0])
    assert "Ons kenmerk NOORD/TK/" + ORG + "/zorg-en-co/20261123" in notice


def test_running_text_uses_short_names_the_address_block_the_formal_one(letters):
    _root, _pdf, _items, pages = letters
    stad = _text(pages["cover:stad"][0])
    assert "namens de gemeente Stad" in stad and "namens Gemeente Stad" not in stad
    assert stad.count("Gemeente Stad") == 1  # the address block only
    zorg = _text(pages["notice:zorg-en-co"][0]) + _text(pages["notice:zorg-en-co"][-1])
    assert "namens Zorg & Co" not in zorg  # the notice: asked whether Zorg & Co agrees
    assert "of Zorg & Co instemt met de toetreding" in zorg
    assert "De Zorgstichting Noord" in zorg  # address block
    assert "toetreding van de Stichting Anker, statutair gevestigd te Assen, met kantooradres " \
           "Markt 5, 9401 GS Assen" in zorg
    assert "kantoorhoudend te" not in zorg


def test_no_line_breaks_inside_a_date_or_initials(letters):
    _root, _pdf, _items, pages = letters
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    for key, page_lines in pages.items():
        for lines in page_lines:
            texts = [t.strip() for _x, _y, t in lines]
            for this, following in zip(texts, texts[1:]):
                assert not (re.search(r"\b\d{1,2}$", this) and re.match(months, following)), (key, this)
                assert not re.search(r"(?:^|\s)(?:[A-Z][a-z]?\.)+$", this), (key, this)
                assert not re.search(rf"\b(?:{months})$", this) or not re.match(r"\d{4}\b", following)


# ---------------------------------------------------------------- the toetredingsformulier

@pytest.fixture(scope="module")
def form(tmp_path_factory):
    """An accession applied for after version 2026-1 was decided and the text changed since."""
    base = tmp_path_factory.mktemp("form")
    root = init_repo(base / "repo", files=files())
    vaststellen(root, "noord", "2026-1", dt.date(2026, 11, 1))
    edit(root, "clauses/artikelen/overleg.md", "de leden.", "de leden en de adviseurs.")
    commit_all(root, "overleg: adviseurs")
    (base / "aanvraag.yaml").write_text(FORM, encoding="utf-8")
    result = CliRunner().invoke(main, ["toetreding", "aanvraag", "noord", "--organisatie",
                                       str(base / "aanvraag.yaml"), "--via", "stad", "--date",
                                       "2026-11-23", "--root", str(root)])
    assert result.exit_code == 0, result.output
    pdf = (root / "build" / "noord" / "toetreding" / ORG / "toetredingsformulier.pdf").read_bytes()
    return pdf, flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def test_the_form_is_built_from_the_version_in_force(form):
    _pdf, text = form
    assert "Versie 2026-1 · vingerafdruk" in text
    assert "Werkversie" not in text


def test_the_form_has_labelled_lines_and_the_chairs_name(form):
    _pdf, text = form
    assert "[…]" not in text
    # the open places are lines to write on (their captions "plaats", "datum" set under them)
    assert "Aldus ondertekend te , op datum Naam organisatie" in text
    assert re.search(r"\bplaats\b", text) and text.count("datum") >= 2
    assert text.count("Handtekening") == 2
    assert "Namens Stuurgroep: Naam mr. P.Q. de Voorzitter Functie burgemeester van Stad, " \
           "voorzitter van de Stuurgroep Handtekening" in text


def test_a_voorzitter_without_functie_is_one_line_with_the_file(tmp_path):
    files_ = files()
    files_["convenants/noord.yaml"] = files_["convenants/noord.yaml"].replace(
        CHAIR, "voorzitter:\n  naam: P. de Voorzitter\n  kleur: blauw\n")
    root = init_repo(tmp_path / "repo", files=files_)
    result = CliRunner().invoke(main, ["build", "noord", "--root", str(root)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "voorzitter" in line]
    assert any(re.match(r"(error: )?convenants/noord\.yaml:\d+: voorzitter: 'functie' is missing", e)
               for e in errors), result.stderr
    assert any("unknown field 'kleur' in voorzitter" in e for e in errors), result.stderr


def test_a_bad_phone_number_is_one_line_with_the_file(tmp_path):
    files_ = files()
    files_["convenants/noord.yaml"] = files_["convenants/noord.yaml"].replace(
        "telefoon: 0592 123 456", "telefoon: bel maar")
    root = init_repo(tmp_path / "repo", files=files_)
    result = CliRunner().invoke(main, ["build", "noord", "--root", str(root)])
    assert result.exit_code == 1
    assert re.search(r"convenants/noord\.yaml:\d+: secretariaat: invalid phone number 'bel maar'",
                     result.stderr), result.stderr


def test_text_name_defaults():
    from generator.model.parties import Party

    assert Party("a", None, "Alblasserdam", "gemeente").text_name("zhz") == "de gemeente Alblasserdam"
    assert Party("r", None, "De Raad voor de Kinderbescherming", "organisatie").text_name("zhz") == \
        "de Raad voor de Kinderbescherming"
    assert Party("d", None, "Dienst X, bij dezen ...", "organisatie",
                 in_tekst="de Dienst X").text_name("zhz") == "de Dienst X"
