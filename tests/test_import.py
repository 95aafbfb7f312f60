"""`convenant import`: the convenant DOCX edited in Word or LibreOffice, back into the clause files.

Real components: a git repository with the real texts, the DOCX `convenant build` makes, edits
made by LibreOffice (tests/lo_edit.py: track changes on, as a legal advisor works) or by
python-docx (plain edits), and the clause files read back by building again.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as WordDocument
from docx.oxml.ns import qn

from generator.assemble import assemble_regions
from generator.cli import main
from generator.model.blocks import text_blocks
from generator.project import load_project
from generator.wordimport.read import read_docx

from .conftest import REPO
from .gitrepo import git, init_repo, status
from .lo_edit import (AddComment, DeleteParagraph, InsertParagraphAfter, ReplaceWords,
                      accepted_paragraphs, edit_docx)
from .test_lo_edit import require_libreoffice

NUMBER = re.compile(r"^\d+(?:\.\d+)*\.\t")
FREQUENTIE = "De Stuurgroep komt ten minste 4 x per jaar bij elkaar."
WERKPROCES = "het Werkproces indien nodig op hoofdlijnen aanpassen"
NEW_LID = "De Stuurgroep evalueert elk jaar haar eigen werkwijze."


def cli(root: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--root", str(root)])


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A repository with the real texts and the DOCX of zhz as build makes it (outside it)."""
    base = tmp_path_factory.mktemp("import")
    root = init_repo(base / "repo", REPO)
    result = cli(root, "build", "zhz", "--format", "docx", "--out", str(base / "out"))
    assert result.exit_code == 0, result.output
    return root, base / "out" / "zhz" / "convenant.docx"


@pytest.fixture
def repo(exported, tmp_path):
    """A fresh copy of the repository (with its git history) to import into."""
    root, docx = exported
    copy = tmp_path / "repo"
    shutil.copytree(root, copy)
    return copy, docx


def fingerprints(root: Path) -> dict[str, str]:
    project = load_project(root)
    return {region: doc.fingerprint
            for region, doc in assemble_regions(project, sorted(project.manifests)).items()}


def edited_with_python_docx(docx: Path, target: Path, *replacements: tuple[str, str]) -> Path:
    """Plain edits (no tracked changes): each (old, new) replaced inside one run."""
    document = WordDocument(str(docx))
    for old, new in replacements:
        runs = [run for p in document.paragraphs for run in p.runs if old in run.text]
        assert len(runs) == 1, (old, len(runs))
        runs[0].text = runs[0].text.replace(old, new)
    document.save(str(target))
    return target


def body_texts(paragraphs: list[str]) -> list[str]:
    """The paragraphs to compare: lid numbers left out (they are computed, and the edited
    document keeps the old ones as text), the colophon (version and fingerprint) left out."""
    return [NUMBER.sub("", text) for text in paragraphs
            if not text.startswith(("Versie ", "Werkversie "))]


# ---------------------------------------------------------------- the LibreOffice round trip

@pytest.fixture(scope="module")
def round_trip(exported, tmp_path_factory):
    """LibreOffice with track changes: words in lid 4.3, a new lid after it, a list item
    deleted, a comment; then `convenant import` and a new build."""
    require_libreoffice()
    root, docx = exported
    folder = tmp_path_factory.mktemp("round_trip")
    copy = folder / "repo"
    shutil.copytree(root, copy)
    edited = folder / "bewerkt.docx"
    edit_docx(docx, edited, [
        ReplaceWords(FREQUENTIE, "ten minste 4 x", "ten minste zes keer"),
        InsertParagraphAfter("De secretaris van de Stuurgroep is verantwoordelijk voor het "
                             "organiseren", NEW_LID),
        DeleteParagraph("sturing op de beheersing: het beoordelen en vaststellen van jaarplan"),
        AddComment("De vergaderingen van de Stuurgroep vinden in beginsel plaats",
                   "Is zes keer per jaar haalbaar?", "Mr. Jansen"),
    ], author="Mr. Jansen")
    before = fingerprints(copy)
    result = cli(copy, "import", "zhz", str(edited), "--auteur", "mr. A. Jansen")
    assert result.exit_code == 0, result.output
    build = cli(copy, "build", "zhz", "--format", "docx", "--out", str(folder / "out"))
    assert build.exit_code == 0, build.output
    return copy, edited, result.output, folder / "out" / "zhz" / "convenant.docx", before


def test_the_build_after_import_reads_as_libreoffice_accepted_it(round_trip):
    _root, edited, _output, rebuilt, _before = round_trip
    expected = body_texts(accepted_paragraphs(edited))
    got = body_texts([p.text for p in read_docx(rebuilt).paragraphs if not p.deleted])
    assert got == expected
    assert "De Stuurgroep komt ten minste zes keer per jaar bij elkaar." in " ".join(got)
    assert NEW_LID in got


def test_the_clause_file_holds_the_change_the_new_lid_and_not_the_deleted_item(round_trip):
    root, _edited, output, _rebuilt, _before = round_trip
    text = (root / "clauses/artikelen/stuurgroep.md").read_text(encoding="utf-8")
    assert "De Stuurgroep komt ten minste zes keer per jaar bij elkaar." in text
    assert "4 x per jaar" not in text
    # the new lid: a fresh id after the lid it follows, ZHZ's own (the file is shared)
    assert re.search(r"^## secretaris\n\nDe secretaris van de Stuurgroep[^\n]*\n\n"
                     r"## stuurgroep-evalueert-elk @zhz\n\nDe Stuurgroep evalueert elk jaar",
                     text, re.M)
    assert "sturing op de beheersing" not in text
    assert "zhz: 1 changed, 1 inserted, 1 deleted" in output
    assert "written: clauses/artikelen/stuurgroep.md" in output
    # nothing committed: the user commits with the toelichting
    assert status(root).splitlines() == [" M clauses/artikelen/stuurgroep.md",
                                         "?? build/zhz/import/opmerkingen.md"]


def test_a_lid_inserted_before_a_cited_one_moves_the_reference_with_it(repo, tmp_path):
    """A new lid after 4.3 makes the Stuurgroep's composition 4.5: artikel 6.3 cites it by a
    symbolic reference, so the rebuilt text says 4.5 where the edited document still prints
    the 4.4 of the export (numbers are computed; the Word text is static)."""
    root, docx = repo
    document = WordDocument(str(docx))
    after = next(p for p in document.paragraphs if p.text.startswith("4.3.\t"))
    insert_after(after, NEW_LID)
    document.save(str(tmp_path / "e.docx"))
    assert cli(root, "import", "zhz", str(tmp_path / "e.docx")).exit_code == 0
    zhz = assemble_regions(load_project(root), ["zhz"])["zhz"]
    stuurgroep = next(a for a in zhz.articles if a.id == "stuurgroep")
    assert [lid.number for lid in stuurgroep.leden][3:5] == ["4.4", "4.5"]
    cited = " ".join(block.text for place in zhz.parts()
                     if place.lid is not None and place.lid.number == "6.3"
                     for block in text_blocks(place.blocks))
    assert "zoals benoemd in artikel. 4.5" in cited


def test_the_comment_is_in_the_review_list_with_its_lid(round_trip):
    root, _edited, output, _rebuilt, _before = round_trip
    review = (root / "build/zhz/import/opmerkingen.md").read_text(encoding="utf-8")
    assert "1 comment: " in output
    assert ("- **artikel 4.3 (clauses/artikelen/stuurgroep.md:19)** — Mr. Jansen, "
            in review)
    assert review.rstrip().endswith("Is zes keer per jaar haalbaar?")
    assert "(wijzigingen van mr. A. Jansen)" in review


def test_the_other_region_keeps_its_text(round_trip):
    root, _edited, _output, _rebuilt, before = round_trip
    after = fingerprints(root)
    assert after["haaglanden"] == before["haaglanden"]
    assert after["zhz"] != before["zhz"]


# ---------------------------------------------------------------- plain edits, shared text

def imports_nothing(root: Path, docx: Path) -> None:
    """Importing ``docx`` changes nothing: said so, and git sees no change."""
    result = cli(root, "import", "zhz", str(docx))
    assert result.exit_code == 0, result.output
    assert "no change to the text of zhz; nothing written." in result.output
    assert status(root) == ""


def test_an_unedited_export_changes_nothing(repo):
    imports_nothing(*repo)


def test_shared_text_changed_for_one_region_becomes_its_variant(repo, tmp_path):
    root, docx = repo
    before = fingerprints(root)
    edited = edited_with_python_docx(docx, tmp_path / "e.docx", ("aanpassen;", "wijzigen;"))
    result = cli(root, "import", "zhz", str(edited))
    assert result.exit_code == 0, result.output
    assert "a variant for zhz only; the other regions keep the shared text" in result.output
    text = (root / "clauses/artikelen/stuurgroep.md").read_text(encoding="utf-8")
    shared = text[text.index("## taken\n"):text.index("## taken @zhz\n")]
    own = text[text.index("## taken @zhz\n"):]
    assert f"- #werkproces {WERKPROCES}" in shared  # the other regions' text, as it was
    assert "- #werkproces het Werkproces indien nodig op hoofdlijnen wijzigen;" in own
    assert "@haaglanden" not in own.split("\n## ")[0]  # the variant holds ZHZ's lines only
    after = fingerprints(root)
    assert after["haaglanden"] == before["haaglanden"] and after["zhz"] != before["zhz"]


def test_gedeeld_changes_the_shared_text_for_every_region(repo, tmp_path):
    root, docx = repo
    before = fingerprints(root)
    edited = edited_with_python_docx(docx, tmp_path / "e.docx", ("aanpassen;", "wijzigen;"))
    result = cli(root, "import", "zhz", str(edited), "--gedeeld")
    assert result.exit_code == 0, result.output
    text = (root / "clauses/artikelen/stuurgroep.md").read_text(encoding="utf-8")
    assert "## taken @zhz" not in text
    assert "- #werkproces het Werkproces indien nodig op hoofdlijnen wijzigen;" in text
    after = fingerprints(root)
    assert after["haaglanden"] != before["haaglanden"] and after["zhz"] != before["zhz"]


def test_a_shared_lid_deleted_for_one_region_is_left_out_in_its_manifest(repo, tmp_path):
    root, docx = repo
    before = fingerprints(root)
    document = WordDocument(str(docx))
    gone = next(p for p in document.paragraphs if "De secretaris van de Stuurgroep is "
                "verantwoordelijk voor het organiseren" in p.text)
    gone._p.getparent().remove(gone._p)
    document.save(str(tmp_path / "e.docx"))
    result = cli(root, "import", "zhz", str(tmp_path / "e.docx"))
    assert result.exit_code == 0, result.output
    assert ("stuurgroep.secretaris: left out for zhz only ('weglaten' in its manifest); the "
            "other regions keep it") in result.output
    manifest = (root / "convenants/zhz.yaml").read_text(encoding="utf-8")
    assert manifest.endswith("weglaten:\n  - stuurgroep.secretaris\n")
    assert "## secretaris" in (root / "clauses/artikelen/stuurgroep.md").read_text(encoding="utf-8")
    after = fingerprints(root)
    assert after["haaglanden"] == before["haaglanden"] and after["zhz"] != before["zhz"]


def insert_after(paragraph, text: str, style: str | None = None):
    """A new paragraph after ``paragraph`` (python-docx has insert_paragraph_before only)."""
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    new = OxmlElement("w:p")
    paragraph._p.addnext(new)
    added = Paragraph(new, paragraph._parent)
    if style:
        added.style = style
    added.add_run(text)
    return added


def test_a_new_article_typed_in_word_becomes_a_clause_file_of_this_region(repo, tmp_path):
    root, docx = repo
    before = fingerprints(root)
    document = WordDocument(str(docx))
    last = next(p for p in document.paragraphs if p.text.startswith("10.1.\t"))
    heading = insert_after(last, "Artikel 11. Evaluatie van de samenwerking", "Heading 1")
    first = insert_after(heading, "Partijen evalueren de samenwerking elke twee jaar.")
    insert_after(first, "De Stuurgroep stelt de evaluatie vast.")
    document.save(str(tmp_path / "e.docx"))
    result = cli(root, "import", "zhz", str(tmp_path / "e.docx"))
    assert result.exit_code == 0, result.output
    assert ("new article evaluatie-samenwerking: clauses/artikelen/evaluatie-samenwerking.md, "
            "listed in the manifest of zhz only") in result.output
    assert (root / "clauses/artikelen/evaluatie-samenwerking.md").read_text(encoding="utf-8") == (
        "---\ntitel: Evaluatie van de samenwerking\n---\n\n## partijen-evalueren-samenwerking\n\n"
        "Partijen evalueren de samenwerking elke twee jaar.\n\n## stuurgroep-stelt-evaluatie\n\n"
        "De Stuurgroep stelt de evaluatie vast.\n")
    manifest = (root / "convenants/zhz.yaml").read_text(encoding="utf-8")
    assert "  - contactpersonen\n  - evaluatie-samenwerking\n  - manager\n" in manifest
    project = load_project(root)
    zhz = assemble_regions(project, ["zhz"])["zhz"]
    new = next(a for a in zhz.articles if a.id == "evaluatie-samenwerking")
    assert (new.number, new.title, [lid.number for lid in new.leden]) == (
        11, "Evaluatie van de samenwerking", ["11.1", "11.2"])
    after = fingerprints(root)
    assert after["haaglanden"] == before["haaglanden"]


def test_an_article_deleted_in_word_leaves_the_region_s_manifest(repo, tmp_path):
    root, docx = repo
    before = fingerprints(root)
    document = WordDocument(str(docx))
    for paragraph in [p for p in document.paragraphs
                      if p.style.name == "Heading 1" and p.text.startswith("Artikel 10.")
                      or p.text.startswith("10.1.\t")]:
        paragraph._p.getparent().remove(paragraph._p)
    document.save(str(tmp_path / "e.docx"))
    result = cli(root, "import", "zhz", str(tmp_path / "e.docx"))
    assert result.exit_code == 0, result.output
    assert "article contactpersonen deleted: taken out of the manifest of zhz" in result.output
    assert "- contactpersonen" not in (root / "convenants/zhz.yaml").read_text(encoding="utf-8")
    assert (root / "clauses/artikelen/contactpersonen.md").exists()
    after = fingerprints(root)
    assert after["haaglanden"] == before["haaglanden"]
    zhz = assemble_regions(load_project(root), ["zhz"])["zhz"]
    assert [a.id for a in zhz.articles].index("manager") == 9  # now artikel 10


def test_an_article_title_edited_for_one_region(repo, tmp_path):
    """The heading 'Artikel 4. Stuurgroep' edited: the shared 'titel' becomes one per region,
    the other regions keeping the old one; with --gedeeld the shared title changes."""
    root, docx = repo
    before = fingerprints(root)
    edited = edited_with_python_docx(docx, tmp_path / "e.docx",
                                     ("Artikel 4. Stuurgroep", "Artikel 4. Stuurgroep en bestuur"))
    result = cli(root, "import", "zhz", str(edited))
    assert result.exit_code == 0, result.output
    clause = root / "clauses/artikelen/stuurgroep.md"
    assert clause.read_text(encoding="utf-8").startswith(
        "---\ntitel:\n  zhz: Stuurgroep en bestuur\n  haaglanden: Stuurgroep\n---\n")
    after = fingerprints(root)
    assert after["haaglanden"] == before["haaglanden"] and after["zhz"] != before["zhz"]
    zhz = assemble_regions(load_project(root), ["zhz"])["zhz"]
    assert zhz.articles[3].title == "Stuurgroep en bestuur"
    git(root, "checkout", "--quiet", "--", ".")
    result = cli(root, "import", "zhz", str(edited), "--gedeeld")
    assert result.exit_code == 0, result.output
    assert clause.read_text(encoding="utf-8").startswith(
        "---\ntitel: Stuurgroep en bestuur\n---\n")


def test_a_term_and_a_reference_stay_symbolic_when_their_words_are_kept(repo, tmp_path):
    """A shared paragraph with {{zvh}} (twice) and {{ref:doel-en-functie}}: other words are
    changed in Word; the variant written for zhz keeps the placeholders as written."""
    root, docx = repo
    edited = edited_with_python_docx(docx, tmp_path / "e.docx",
                                     ("voor zover wettelijk mogelijk",
                                      "voor zover de wet dat toelaat"))
    result = cli(root, "import", "zhz", str(edited))
    assert result.exit_code == 0, result.output
    text = (root / "clauses/artikelen/uitwisseling-van-informatie.md").read_text(encoding="utf-8")
    own = text[text.index("## noodzakelijke-informatie @zhz"):].split("\n")[2]
    assert own.startswith("Partijen voorzien elkaar van alle noodzakelijke informatie voor het "
                          "behalen van de doelstellingen van het {{zvh}} zoals beschreven in "
                          "artikel {{ref:doel-en-functie}} en het uitvoeren van hun "
                          "respectievelijke taken zoals beschreven in dit Convenant, voor zover "
                          "de wet dat toelaat. Partijen zijn ieder zelf verantwoordelijk voor het "
                          "verstrekken van informatie in het {{zvh}}.")
    assert "printed text that was edited" not in result.output


# ---------------------------------------------------------------- refusals: nothing written

def refused(root: Path, *args: str) -> str:
    before = status(root)
    result = cli(root, "import", "zhz", *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert status(root) == before and not (root / "build").exists()
    return result.output


def test_a_paragraph_moved_to_another_article_is_refused_with_its_text(repo, tmp_path):
    root, docx = repo
    document = WordDocument(str(docx))
    paragraphs = document.paragraphs
    moving = next(p for p in paragraphs if p.text.endswith(FREQUENTIE + " De vergaderingen van "
                                                           "de Stuurgroep vinden in beginsel "
                                                           "plaats op locatie van het Zorg- en "
                                                           "Veiligheidshuis;"))
    target = next(p for p in paragraphs if p.text.startswith("10.1."))
    target._p.addnext(moving._p)
    document.save(str(tmp_path / "moved.docx"))
    output = refused(root, str(tmp_path / "moved.docx"))
    assert output.splitlines()[0] == (
        f"{tmp_path / 'moved.docx'}: artikel 4.3: a paragraph moved to another place: '4.3. De "
        "Stuurgroep komt ten minste 4 x per jaar bij elkaar. De vergad…'")
    assert output.splitlines()[-1] == "1 problem found; nothing was written."


def test_two_leden_joined_into_one_are_refused(repo, tmp_path):
    """In Word, deleting the mark between 4.2 and 4.3 joins them; the second's bookmark comes
    along into the joined paragraph."""
    root, docx = repo
    document = WordDocument(str(docx))
    first = next(p for p in document.paragraphs if p.text.startswith("4.2.\t"))
    second = next(p for p in document.paragraphs if p.text.startswith("4.3.\t"))
    for child in list(second._p):
        if child.tag != qn("w:pPr"):
            first._p.append(child)
    second._p.getparent().remove(second._p)
    document.save(str(tmp_path / "joined.docx"))
    output = refused(root, str(tmp_path / "joined.docx"))
    assert output.splitlines()[0].startswith(
        f"{tmp_path / 'joined.docx'}: artikel 4.2: paragraphs joined into one: '4.2. De leden")


def test_formatting_other_than_bold_and_italic_is_ignored_and_said_once(repo, tmp_path):
    root, docx = repo
    document = WordDocument(str(docx))
    for text in ("ten minste 4 x per jaar", "het Werkproces indien nodig"):
        run = next(r for p in document.paragraphs for r in p.runs if text in r.text)
        run.underline = True
    document.save(str(tmp_path / "onderstreept.docx"))
    result = cli(root, "import", "zhz", str(tmp_path / "onderstreept.docx"))
    assert result.exit_code == 0, result.output
    assert result.output.count("ignored (only bold, italic and lists are kept): underline") == 1
    assert status(root) == ""  # underlining changes no text


def test_a_paragraph_copied_with_its_mark_is_refused(repo, tmp_path):
    import copy

    root, docx = repo
    document = WordDocument(str(docx))
    original = next(p for p in document.paragraphs if p.text.startswith("4.3.\t"))
    original._p.addnext(copy.deepcopy(original._p))
    document.save(str(tmp_path / "twice.docx"))
    output = refused(root, str(tmp_path / "twice.docx"))
    assert "artikel 4.3: a paragraph appears twice: '4.3. De Stuurgroep komt" in output


def test_text_typed_in_the_generated_party_list_is_refused(repo, tmp_path):
    root, docx = repo
    edited = edited_with_python_docx(docx, tmp_path / "e.docx",
                                     ("Alblasserdam;", "Alblasserdam (gewijzigd);"))
    output = refused(root, str(edited))
    assert ("text typed outside the paragraphs of the clause files: 'Alblasserdam (gewijzigd);'"
            in output)
    assert "text that is not in the clause files deleted: 'Alblasserdam;'" in output


def test_a_file_that_is_not_a_word_document(repo, tmp_path):
    root, _docx = repo
    (tmp_path / "brief.docx").write_text("geen Word-bestand", encoding="utf-8")
    output = refused(root, str(tmp_path / "brief.docx"))
    assert len(output.strip().splitlines()) == 1
    assert "brief.docx: is not a Word document (.docx)" in output


def test_a_docx_not_made_by_build(repo, tmp_path):
    root, _docx = repo
    document = WordDocument()
    document.add_paragraph("Een eigen tekst.")
    document.save(str(tmp_path / "eigen.docx"))
    output = refused(root, str(tmp_path / "eigen.docx"))
    assert output.strip().endswith("eigen.docx: not a convenant made by `convenant build` (it has "
                                   "no marks): import reads the DOCX that build makes")


def test_a_docx_of_another_text_is_refused(repo, tmp_path):
    root, docx = repo
    clause = root / "clauses/artikelen/stuurgroep.md"
    clause.write_text(clause.read_text(encoding="utf-8").replace("4 x per jaar", "5 x per jaar"),
                      encoding="utf-8")
    git(root, "commit", "--quiet", "-am", "vijf keer")
    output = refused(root, str(docx))
    assert ("made from another text (fingerprint 2976eb6f3881…) than the current text of zhz"
            in output)


@pytest.fixture
def amended(repo, tmp_path):
    """An amendment committed (lid 4.3: '4 x' becomes '5 x') and the renvooi's DOCX from the
    first commit to it."""
    root, _docx = repo
    clause = root / "clauses/artikelen/stuurgroep.md"
    clause.write_text(clause.read_text(encoding="utf-8").replace("4 x per jaar", "5 x per jaar"),
                      encoding="utf-8")
    git(root, "commit", "--quiet", "-am", "vijf keer")
    result = cli(root, "diff", "zhz", "HEAD~1", "--format", "docx", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    return root, next((tmp_path / "out").rglob("*.docx"))


def test_an_unedited_renvooi_changes_nothing(amended):
    imports_nothing(*amended)


def test_a_renvooi_edited_in_libreoffice_comes_back(amended, tmp_path):
    """The lawyer edits the renvooi (the amendment's own tracked changes in it) with track
    changes on: a word in the amended lid, a word in an article the amendment left alone."""
    require_libreoffice()
    root, renvooi = amended
    edit_docx(renvooi, tmp_path / "e.docx", [
        ReplaceWords("De vergaderingen van de Stuurgroep vinden in beginsel plaats",
                     "in beginsel", "in de regel"),
        ReplaceWords(WERKPROCES, "aanpassen", "wijzigen"),
    ])
    result = cli(root, "import", "zhz", str(tmp_path / "e.docx"), "--gedeeld")
    assert result.exit_code == 0, result.output
    text = (root / "clauses/artikelen/stuurgroep.md").read_text(encoding="utf-8")
    assert ("De Stuurgroep komt ten minste 5 x per jaar bij elkaar. De vergaderingen van de "
            "Stuurgroep vinden in de regel plaats op locatie") in text
    assert "- #werkproces het Werkproces indien nodig op hoofdlijnen wijzigen;" in text
    assert status(root).strip() == "M clauses/artikelen/stuurgroep.md"


def test_an_unedited_wijzigingsvoorstel_changes_nothing(amended, tmp_path):
    """The proposal's DOCX (a cover with the memo, decision and toelichting, then the renvooi)
    comes back as the renvooi does; its cover's table is not the lawyer's formatting."""
    root, _renvooi = amended
    note = root / "wijzigingen/zhz/vijf.md"
    note.parent.mkdir(parents=True)
    note.write_text('---\ntitel: Vaker vergaderen\nwijzigt: "1"\n---\n\nVijf keer per jaar.\n',
                    encoding="utf-8")
    git(root, "add", "wijzigingen")
    git(root, "commit", "--quiet", "-m", "toelichting")
    result = cli(root, "wijzigingsvoorstel", "zhz", "HEAD~2", "werkversie", "--format", "docx",
                 "--toelichting", str(note), "--out", str(tmp_path / "voorstel"))
    assert result.exit_code == 0, result.output
    proposal = next((tmp_path / "voorstel").rglob("*.docx"))
    imports_nothing(root, proposal)
    assert "ignored" not in cli(root, "import", "zhz", str(proposal)).output


def test_a_renvooi_to_another_text_is_refused(amended):
    root, renvooi = amended
    clause = root / "clauses/artikelen/stuurgroep.md"
    clause.write_text(clause.read_text(encoding="utf-8").replace("5 x per jaar", "6 x per jaar"),
                      encoding="utf-8")
    git(root, "commit", "--quiet", "-am", "zes keer")
    output = refused(root, str(renvooi))
    assert "a renvooi to another text (fingerprint" in output
