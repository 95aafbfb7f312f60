"""`convenant compare`: regions side by side (model, text, HTML, PDF, command, CLI)."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import generator.compare.alignment as alignment
from generator.assemble import assemble_regions
from generator.cli import main
from generator.commands.compare import compare, make_comparison
from generator.compare import (ABSENT, IDENTICAL, PARTIAL, SHARED, VARIANT, compare_documents,
                               percent)
from generator.errors import DataError, UsageError
from generator.project import load_project
from generator.redline import Seg
from generator.render.compare_html import render_compare_html
from generator.render.compare_text import render_compare_text
from tests.conftest import modules_imported, write_files
from tests.pdfcheck import assert_bundled_fonts_only

MANIFEST = """\
    titel: Samenwerkingsconvenant {name}
    zvh: Veiligheidshuis {name}
    termen:
      huis: {huis}
      overleg: {overleg}
      zetelgemeente: {zetel}
    stijl:
      enkel_lid_nummeren: {numbered}
    artikelen:
{articles}
    partijen:
{parties}
    duur:
{duur}
    """


def manifest(name, huis, overleg, zetel, numbered, articles, parties, duur):
    def items(ids):
        return "\n".join(f"      - {i}" for i in ids)
    return MANIFEST.format(name=name, huis=huis, overleg=overleg, zetel=zetel,
                           numbered=numbered, articles=items(articles), parties=items(parties),
                           duur="\n".join(f"      {line}" for line in duur))


FILES = {
    "convenants/noord.yaml": manifest(
        "Noord", "Veiligheidshuis", "Regionaal Overleg", "Assen", "false",
        ["begrippen", "stuurgroep", "overleg", "recht"], ["stad", "zorg"],
        ["inwerkingtreding: ondertekening", "looptijd_jaren: 4"]),
    "convenants/zuid.yaml": manifest(
        "Zuid", "veiligheidshuis", "Partneroverleg", "Maastricht", "true",
        ["begrippen", "stuurgroep", "recht"], ["zorg", "stad"],
        ["inwerkingtreding: 2019-01-01", "looptijd_jaren: 5", "ten_minste: true"]),
    "convenants/west.yaml": manifest(
        "West", "Veiligheidshuis", "Regionaal Overleg", "Leiden", "true",
        ["begrippen", "stuurgroep", "overleg", "recht", "klachten"], ["zorg", "dorp"],
        ["inwerkingtreding: ondertekening", "looptijd_jaren: 3", "verlenging_jaren: 2"]),
    "clauses/begrippen.md": """\
        ---
        titel: Begrippen
        ---

        ## huis

        Het {{huis}} is het samenwerkingsverband van Partijen.
        """,
    "clauses/stuurgroep.md": """\
        ---
        titel: Stuurgroep
        ---

        ## bestuur

        De Stuurgroep is het bestuur van de samenwerking.

        ## frequentie @noord @west

        De Stuurgroep komt ten minste vier keer per jaar bij elkaar.

        ## frequentie @zuid

        De Stuurgroep komt ten minste twee keer per jaar bij elkaar.

        ## mandaat @noord

        De leden van de Stuurgroep zijn door hun bestuur gemandateerd om de besluiten te nemen.

        ## samenstelling

        De Stuurgroep bestaat uit:

        - de burgemeester;
        - #wethouder @noord @west een wethouder;
        - #wethouder @zuid twee wethouders & een <secretaris>;

        ## volmacht @zuid

        De leden van de Stuurgroep zijn door hun bestuur gemandateerd om alle besluiten te nemen.

        ## archief @zuid

        Het archief wordt tien jaar bewaard in Maastricht.
        """,
    "clauses/overleg.md": """\
        ---
        titel: "{{overleg}}"
        ---

        ## frequentie

        Het {{overleg}} vergadert elke zes weken.
        """,
    "clauses/recht.md": """\
        ---
        titel: Toepasselijk recht
        ---

        ## nederlands-recht

        Op dit Convenant is Nederlands recht van toepassing.
        """,
    "clauses/klachten.md": """\
        ---
        titel: Klachten
        ---

        ## klacht

        Een klacht wordt binnen zes weken behandeld.
        """,
    "parties/stad.yaml": """\
        naam: Stad
        soort: gemeente
        deelname:
          noord:
          zuid:
        """,
    "parties/zorg.yaml": """\
        naam: Zorg & Co <Noord>
        soort: organisatie
        deelname:
          noord:
          zuid:
            naam: Zorg Zuid
          west:
        """,
    "parties/dorp.yaml": """\
        naam: Dorp
        soort: gemeente
        deelname:
          west:
        """,
}


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return write_files(tmp_path_factory.mktemp("compare") / "repo", FILES)


@pytest.fixture(scope="module")
def project(root):
    return load_project(root)


@pytest.fixture(scope="module")
def documents(project):
    return assemble_regions(project, ["noord", "zuid", "west"])


@pytest.fixture(scope="module")
def two(documents, project):
    return compare_documents({r: documents[r] for r in ("noord", "zuid")}, project.parties)


@pytest.fixture(scope="module")
def three(documents, project):
    return compare_documents({r: documents[r] for r in ("noord", "zuid", "west")}, project.parties)


def row(item, key):
    return next(r for r in item.rows if key in r.keys)


# ---------------------------------------------------------------- the model

def test_articles_align_by_clause_id_in_reading_order(two, three):
    assert [(i.kind, i.key) for i in two.items] == [
        ("article", "begrippen"), ("article", "stuurgroep"), ("article", "overleg"),
        ("article", "recht")]
    assert [i.key for i in three.items] == ["begrippen", "stuurgroep", "overleg", "recht", "klachten"]
    assert three.reference == "noord" and three.name == "noord-zuid-west"


def test_identical_article_despite_other_numbering(two):
    recht = two.find("recht")
    assert recht.status == IDENTICAL and recht.similarity == 1.0
    assert recht.status_label() == "identiek"
    # Artikel 4 with an unnumbered lid in noord, Artikel 3 with lid 3.1 in zuid: same text.
    assert recht.numbers == {"noord": "4", "zuid": "3"}
    assert recht.renumbered and recht.name == "Artikel 4/3"
    assert recht.numbering == "noord 4, zuid 3"
    assert [r.status for r in recht.rows] == [IDENTICAL]
    assert recht.rows[0].number == "— (noord) / 3.1 (zuid)"


def test_variant_article_with_its_leden(two):
    sg = two.find("stuurgroep")
    assert sg.status == VARIANT and sg.status_label() == "regionale variant"
    assert 0 < sg.similarity < 1
    assert row(sg, "bestuur").status == IDENTICAL
    freq = row(sg, "frequentie")
    assert freq.status == VARIANT and freq.number == "2.2"
    assert freq.similarity == pytest.approx(10 / 11)  # eleven words each, ten in common
    assert row(sg, "samenstelling").status == VARIANT
    archief = row(sg, "archief")
    assert archief.status == PARTIAL and archief.status_label() == "alleen in zuid"
    assert archief.similarity is None
    assert sg.lid_counts() == ["1 identiek", "3 regionale variant", "1 alleen in zuid"]


def test_lid_without_counterpart_id_pairs_with_best_textual_match(two):
    sg = two.find("stuurgroep")
    paired = row(sg, "mandaat")
    assert paired.keys == ["mandaat", "volmacht"] and paired.matched_by_text
    assert paired.status == VARIANT and paired.similarity >= alignment.LID_SIMILAR
    assert paired.name == "2.3 (noord) / 2.4 (zuid) mandaat / volmacht"
    # The unrelated lid stays on its own; the paired one stands where noord has it.
    assert [r.keys for r in sg.rows] == [["bestuur"], ["frequentie"], ["mandaat", "volmacht"],
                                         ["samenstelling"], ["archief"]]


def test_pairing_threshold(documents, project, monkeypatch):
    monkeypatch.setattr(alignment, "LID_SIMILAR", 0.99)
    c = compare_documents({r: documents[r] for r in ("noord", "zuid")}, project.parties)
    sg = c.find("stuurgroep")
    assert row(sg, "mandaat").status_label() == "alleen in noord"
    assert row(sg, "volmacht").status_label() == "alleen in zuid"


def test_article_only_in_some_regions(two, three):
    overleg = two.find("overleg")
    assert overleg.status == PARTIAL and overleg.status_label() == "alleen in noord"
    assert overleg.similarity is None and overleg.absent == ["zuid"]
    assert three.find("overleg").status_label() == "alleen in noord en west"
    assert three.find("klachten").status_label() == "alleen in west"


def test_variant_of_terms_only(two):
    begrippen = two.find("begrippen")
    assert begrippen.status == VARIANT and begrippen.terms_only
    assert row(begrippen, "huis").terms_only
    assert not two.find("stuurgroep").terms_only


def test_word_diff_side_by_side_for_two_regions(two):
    freq = row(two.find("stuurgroep"), "frequentie")
    [line] = freq.lines
    noord, zuid = line.cells["noord"], line.cells["zuid"]
    assert Seg("-", "vier") in noord.segs and not any(s.op == "+" for s in noord.segs)
    assert Seg("+", "twee") in zuid.segs and not any(s.op == "-" for s in zuid.segs)
    assert noord.text == "De Stuurgroep komt ten minste vier keer per jaar bij elkaar."


def test_list_items_align_by_item_id(two):
    lines = row(two.find("stuurgroep"), "samenstelling").lines
    texts = [(c["noord"].text if c["noord"] else None, c["zuid"].text if c["zuid"] else None)
             for c in (line.cells for line in lines)]
    assert texts[1] == ("de burgemeester;", "de burgemeester;")
    assert texts[2] == ("een wethouder;", "twee wethouders & een <secretaris>;")
    assert [lines[2].cells[r].label for r in ("noord", "zuid")] == ["b.", "b."]


def test_matrix_for_three_regions(three):
    begrippen = three.find("begrippen")
    assert begrippen.groups == {"noord": "A", "zuid": "B", "west": "A"}
    assert [begrippen.cell(r) for r in three.regions] == [SHARED, VARIANT, SHARED]
    assert [three.find("overleg").cell(r) for r in three.regions] == [SHARED, ABSENT, SHARED]
    assert [three.find("klachten").cell(r) for r in three.regions] == [ABSENT, ABSENT, VARIANT]
    assert [three.find("recht").cell(r) for r in three.regions] == [SHARED] * 3


def test_three_regions_diff_against_the_reference(three):
    [line] = row(three.find("stuurgroep"), "frequentie").lines
    assert [s.op for s in line.cells["noord"].segs] == ["="]  # the reference stays plain
    assert Seg("+", "twee") in line.cells["zuid"].segs
    assert [s.op for s in line.cells["west"].segs] == ["="]
    mandaat = row(three.find("stuurgroep"), "mandaat")
    assert mandaat.status_label() == "alleen in noord en zuid" and mandaat.matched_by_text


def test_terms_and_key_parameters(two, three):
    terms = {t.label: t.values for t in two.terms}
    assert terms["overleg"] == {"noord": "Regionaal Overleg", "zuid": "Partneroverleg"}
    params = {p.label: p for p in three.parameters}
    assert params["Zetel"].values == {"noord": "Assen", "zuid": "Maastricht", "west": "Leiden"}
    assert params["Inwerkingtreding"].values == {
        "noord": "bij ondertekening", "zuid": "op 1 januari 2019", "west": "bij ondertekening"}
    assert params["Looptijd"].values == {"noord": "4 jaar", "zuid": "ten minste 5 jaar",
                                         "west": "3 jaar"}
    assert params["Verlenging"].values["west"] == "telkens met 2 jaar"
    assert params["Partijen"].values["noord"] == "2 (1 gemeenten, 1 organisaties)"
    assert params["Artikelen"].values == {"noord": "4", "zuid": "3", "west": "5"}
    assert not params["Zetel"].same and params["Secretariaat"].same
    labels = [k.label for k in two.key_texts]
    assert labels == ["Samenstelling: Stuurgroep", "Vergaderfrequentie: Stuurgroep",
                      "Vergaderfrequentie: Regionaal Overleg"]


def test_parties_in_both_and_only_in_one(two, three):
    groups = {g.label: [p.id for p in g.parties] for g in two.parties}
    assert groups == {"In beide": ["stad", "zorg"]}
    zorg = two.parties[0].parties[1]
    assert zorg.name == "Zorg & Co <Noord> (noord) / Zorg Zuid (zuid)"
    groups = {g.label: [p.id for p in g.parties] for g in three.parties}
    assert groups == {"In alle 3": ["zorg"], "Alleen in noord en zuid": ["stad"],
                      "Alleen in west": ["dorp"]}


def test_summary(two):
    assert two.summary() == [
        "Artikelen: 4, waarvan 1 identiek, 2 regionale variant, 1 alleen in noord",
        "Partijen: 2 in beide",
    ]


def test_percent():
    assert percent(None) == "" and percent(1.0) == "100%" and percent(0.996) == "99%"
    assert percent(0.456) == "46%" and percent(0.0) == "0%"


# ---------------------------------------------------------------- text

def test_text_report(two):
    text = render_compare_text(two)
    lines = text.splitlines()
    assert lines[0] == "Vergelijking noord – zuid"
    assert "  Artikelen: 4, waarvan 1 identiek, 2 regionale variant, 1 alleen in noord" in lines
    assert any(line.split() == ["Artikel", "4/3", "100%", "identiek", "Toepasselijk", "recht",
                                "(nummering", "verschilt)"] for line in lines)
    assert any(line.split()[:5] == ["Artikel", "3", "–", "alleen", "in"] for line in lines)
    assert "Matrix" not in text
    assert "  [-…-] alleen in de tekst van noord; {+…+} alleen in de tekst van zuid." in lines
    assert "      noord  De Stuurgroep komt ten minste [-vier-] keer per jaar bij elkaar." in lines
    assert "      zuid   De Stuurgroep komt ten minste {+twee+} keer per jaar bij elkaar." in lines
    assert "      beide    a. de burgemeester;" in lines
    assert "  2.2 frequentie: regionale variant, 91%" in lines
    assert "  2.1 bestuur: identiek" in lines
    assert "  2.5 archief: alleen in zuid" in lines
    assert any("mandaat / volmacht: regionale variant" in line and "(gekoppeld op tekst)" in line
               for line in lines)
    assert "  — (noord) / 1.1 (zuid) huis: regionale variant, 86%; alleen regionale termen " \
           "verschillen" in lines
    assert "Vergaderfrequentie: Regionaal Overleg: alleen in noord" in lines
    assert "Vergaderfrequentie: Stuurgroep (2.2): regionale variant" in lines
    assert "  In beide (2):" in lines
    assert "    Zorg & Co <Noord> (noord) / Zorg Zuid (zuid)" in lines
    # Identical articles are only listed, not repeated in the differences.
    assert not any(line.startswith("Artikel 4/3 Toepasselijk recht") for line in lines)


def test_text_report_with_matrix(three):
    lines = render_compare_text(three).splitlines()
    start = lines.index("Matrix (gelijke letter: gelijke tekst)")
    assert lines[start + 1].split() == ["noord", "zuid", "west"]
    assert lines[start + 2].split() == ["Artikel", "1", "A", "gedeeld", "B", "variant", "A",
                                        "gedeeld", "Begrippen"]
    assert lines[start + 4].split()[:5] == ["Artikel", "3", "A", "gedeeld", "—"]
    assert "  {+…+}: afwijkend van de tekst van de eerste regio die het onderdeel heeft " \
           "(noord, anders de volgende)." in lines
    assert "  In alle 3 (1):" in lines and "  Alleen in noord en zuid (1):" in lines


# ---------------------------------------------------------------- HTML

def test_html_has_contents_anchors_and_marks(two):
    html = render_compare_html(two)
    for item in two.items:
        assert f'id="{item.anchor}"' in html
        assert f'href="#{item.anchor}"' in html
    assert 'href="#kerngegevens"' in html and 'id="kerngegevens"' in html
    assert '<mark class="ref">vier</mark>' in html and '<mark class="own">twee</mark>' in html
    assert "Zorg &amp; Co &lt;Noord&gt;" in html and "&lt;secretaris&gt;" in html
    assert "<secretaris>" not in html
    assert 'id="matrix"' not in html
    assert "size: A4 landscape" in html.print_css and "@page {" not in html  # the PDF's only
    assert '<span class="none">ontbreekt</span>' in html
    assert "gekoppeld op tekst" in html


def test_html_matrix_for_three_regions(three):
    html = render_compare_html(three)
    assert 'id="matrix"' in html
    assert '<td class="cell variant">B variant</td>' in html
    assert '<td class="cell absent">—</td>' in html


# ---------------------------------------------------------------- command, PDF

@pytest.fixture(scope="module")
def written(root, tmp_path_factory):
    """One run of the command with every format (the only PDF rendered in this module)."""
    out = tmp_path_factory.mktemp("out")
    text, paths = compare(root, ["noord", "zuid", "west"], ["text", "html", "pdf"], out)
    return out, text, paths


def test_command_writes_html_and_pdf(written):
    out, text, paths = written
    assert paths == [out / "vergelijking" / "noord-zuid-west.html",
                     out / "vergelijking" / "noord-zuid-west.pdf"]
    assert text.startswith("Vergelijking noord – zuid – west\n")
    assert 'id="article-recht"' in paths[0].read_text(encoding="utf-8")


def test_pdf_is_landscape_with_the_comparison(written):
    _, _, paths = written
    reader = PdfReader(io.BytesIO(paths[1].read_bytes()))
    for page in reader.pages:
        box = page.mediabox
        assert float(box.width) > float(box.height)
        assert round(float(box.width)) == 842 and round(float(box.height)) == 595
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    for expected in ("Vergelijking van de convenanten", "Matrix", "Toepasselijk recht",
                     "Kerngegevens", "Maastricht", "Zorg & Co <Noord>", "Pagina 1 van"):
        assert expected in text
    named = set(reader.named_destinations)
    assert {"article-recht", "article-stuurgroep", "matrix"} <= named
    # the title's bookmark keeps the space the line break stood for; only bundled fonts
    assert reader.outline[0].title == "Vergelijking van de convenanten noord – zuid – west"
    assert_bundled_fonts_only(paths[1].read_bytes())


def test_default_output_folder_is_build(root, tmp_path):
    repo = write_files(tmp_path / "repo", FILES)
    text, paths = compare(repo, ["zuid", "noord"], ["html"])
    assert text is None
    assert paths == [repo / "build" / "vergelijking" / "zuid-noord.html"]


def test_unknown_region_and_too_few_regions(root):
    with pytest.raises(UsageError, match="unknown region 'oost'"):
        make_comparison(root, ["noord", "oost"])
    with pytest.raises(UsageError, match="two or more"):
        make_comparison(root, ["noord", "noord"])


def test_data_problems_propagate_and_nothing_is_written(tmp_path):
    files = dict(FILES)
    files["clauses/recht.md"] = FILES["clauses/recht.md"].replace(
        "Nederlands recht", "{{onbekend}} recht")
    repo = write_files(tmp_path / "repo", files)
    with pytest.raises(DataError) as info:
        compare(repo, ["noord", "zuid"], ["html"])
    assert "undefined term 'onbekend'" in str(info.value)
    assert not (repo / "build").exists()


# ---------------------------------------------------------------- CLI

def test_cli_prints_the_text_and_the_paths(root, tmp_path):
    out = tmp_path / "uit"
    result = CliRunner().invoke(main, ["compare", "noord", "zuid", "--format", "text,html",
                                       "--out", str(out), "--root", str(root)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Vergelijking noord – zuid"
    assert lines[-1] == str(out / "vergelijking" / "noord-zuid.html")


def test_cli_errors(root):
    result = CliRunner().invoke(main, ["compare", "noord", "oost", "--root", str(root)])
    assert result.exit_code == 1
    assert result.output.startswith("error: unknown region 'oost'")
    result = CliRunner().invoke(main, ["compare", "noord", "--root", str(root)])
    assert result.exit_code == 2
    result = CliRunner().invoke(main, ["compare", "noord", "zuid", "--format", "docx",
                                       "--root", str(root)])
    assert result.exit_code == 1 and "unknown format 'docx'" in result.output


def test_compare_without_pdf_does_not_import_weasyprint(root, tmp_path):
    assert "weasyprint" not in modules_imported(
        ["compare", "noord", "zuid", "--format", "text,html", "--out", str(tmp_path), "--root", str(root)])
    assert (tmp_path / "vergelijking" / "noord-zuid.html").exists()


# ---------------------------------------------------------------- the real convenants

@pytest.fixture(scope="module")
def real(real_documents, real_project):
    return compare_documents({r: real_documents[r] for r in ("zhz", "haaglanden")},
                             real_project.parties)


def test_real_toepasselijk_recht_is_identical(real):
    recht = real.find("toepasselijk-recht")
    assert recht.status == IDENTICAL and recht.heading == "Artikel 25 Toepasselijk recht"


def test_real_stuurgroep_is_a_regional_variant_with_the_differing_leden(real):
    sg = real.find("stuurgroep")
    assert sg.status == VARIANT and sg.heading == "Artikel 4 Stuurgroep"
    assert row(sg, "frequentie").status == VARIANT
    assert row(sg, "mandaat").status_label() == "alleen in zhz"
    assert row(sg, "secretaris").terms_only
    text = render_compare_text(real)
    lines = text.splitlines()
    assert any(line.split()[:5] == ["Artikel", "25", "100%", "identiek", "Toepasselijk"]
               for line in lines)
    assert any(line.split()[:6] == ["Artikel", "4", percent(sg.similarity), "regionale",
                                    "variant", "Stuurgroep"] for line in lines)
    details = lines[lines.index("Artikel 4 Stuurgroep: regionale variant, "
                                f"{percent(sg.similarity)} gelijk (nummering verschilt)"):]
    assert "  4.2 mandaat: alleen in zhz" in details
    assert any(line.startswith("  4.3 (zhz) / 4.2 (haaglanden) frequentie: regionale variant")
               for line in details)
    assert any("[-4 x-]" in line and line.lstrip().startswith("zhz") for line in details)
    assert any("{+twee keer+}" in line and line.lstrip().startswith("haaglanden")
               for line in details)
    params = {p.label: p.values for p in real.parameters}
    assert params["Zetel"] == {"zhz": "Dordrecht", "haaglanden": "Den Haag"}
    assert params["Looptijd"] == {"zhz": "4 jaar", "haaglanden": "ten minste 5 jaar"}
