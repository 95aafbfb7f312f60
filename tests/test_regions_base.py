"""Regions that derive from a base (issue 16): a third region `noord` with `basis: zhz`, its own
terms and three parties (one new, two of zhz); a variant removed; the real regions unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.assemble import assemble_regions
from generator.compare import compare_documents
from generator.compare.model import IDENTICAL
from generator.errors import DataError
from generator.lint import lint_documents
from generator.project import load_project

from .conftest import REPO, write_files

NOORD = """\
titel: Samenwerkingsconvenant Zorg- en Veiligheidshuis Noord
zvh: Zorg- en Veiligheidshuis Noord
basis: zhz
termen:
  regio: Noord
  zetelgemeente: Assen
weglaten:
  - stuurgroep.mandaat
partijen:
  - assen
  - dordrecht
  - openbaar-ministerie
"""
ASSEN = """\
naam: Assen
soort: gemeente
deelname:
  noord:
    vertegenwoordiger:
      aanhef: de heer
      naam: M. Out
      functie: burgemeester
"""
FREQUENTIE_NOORD = """
## frequentie @noord

De Stuurgroep komt ten minste 6 x per jaar bij elkaar.
"""


def copy_data(root: Path) -> Path:
    import shutil

    for folder in ("clauses", "parties", "convenants"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def with_noord(root: Path, frequentie: bool = True) -> Path:
    write_files(root, {"convenants/noord.yaml": NOORD, "parties/assen.yaml": ASSEN})
    for party in ("dordrecht", "openbaar-ministerie"):
        path = root / "parties" / f"{party}.yaml"
        text = path.read_text(encoding="utf-8")
        assert "deelname:\n" in text
        path.write_text(text.replace("deelname:\n", "deelname:\n  noord:\n", 1), encoding="utf-8")
    if frequentie:
        stuurgroep = root / "clauses" / "artikelen" / "stuurgroep.md"
        stuurgroep.write_text(stuurgroep.read_text(encoding="utf-8") + FREQUENTIE_NOORD, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def noord(tmp_path_factory):
    root = with_noord(copy_data(tmp_path_factory.mktemp("base")))
    project = load_project(root)
    return project, assemble_regions(project, ["zhz", "noord"])


def test_every_article_and_annex_of_the_base_is_there(noord):
    project, docs = noord
    zhz, north = docs["zhz"], docs["noord"]
    assert len(north.articles) == 25
    assert [a.id for a in north.articles] == [a.id for a in zhz.articles]
    assert [a.id for a in north.annexes] == [a.id for a in zhz.annexes]
    assert north.party_ids == ["assen", "dordrecht", "openbaar-ministerie"]
    assert project.manifests["noord"].chain == ["noord", "zhz"]
    # Terms: its own, the rest inherited.
    terms = project.manifests["noord"].termen
    assert terms["regio"] == "Noord" and terms["zetelgemeente"] == "Assen"
    assert terms["tactisch_overleg"] == project.manifests["zhz"].termen["tactisch_overleg"]
    # Its own variant of 4.3 and the lid it leaves out.
    stuurgroep = next(a for a in north.articles if a.id == "stuurgroep")
    leden = {lid.id: lid for lid in stuurgroep.leden}
    assert "mandaat" not in leden
    assert "ten minste 6 x per jaar" in " ".join(r.text for b in leden["frequentie"].blocks for r in b.runs)
    # Written at the end of the file, noord's variant takes the place of zhz's: 4.2 (4.1 bestuur,
    # mandaat left out), as zhz numbers its own 4.3.
    assert [lid.id for lid in stuurgroep.leden][:3] == ["bestuur", "frequentie", "samenstelling"]
    assert leden["frequentie"].number == "4.2"
    # Every lid has text; none was left out silently.
    assert all(lid.blocks for article in north.articles for lid in article.leden)


def test_compare_shows_only_the_terms_and_the_overridden_leden(noord):
    project, docs = noord
    comparison = compare_documents({"zhz": docs["zhz"], "noord": docs["noord"]}, project.parties)
    changed = {(item.key, row.name.split()[-1]) for item in comparison.items for row in item.rows
               if row.status != IDENTICAL and not row.terms_only}
    # 6.3 cites the Stuurgroep's composition by id ({{ref:stuurgroep.samenstelling}}): without
    # the mandaat lid it is 4.3 in noord, 4.4 in zhz, and 6.3 prints each region's number.
    assert changed == {("stuurgroep", "frequentie"), ("stuurgroep", "mandaat"),
                       ("tactisch-overleg", "samenstelling")}
    for region, number in (("zhz", "4.4"), ("noord", "4.3")):
        rto = next(a for a in docs[region].articles if a.id == "tactisch-overleg")
        item = next(lid for lid in rto.leden if lid.id == "samenstelling").blocks[1].items[0]
        text = "".join(run.text for run in item.blocks[0].runs)
        assert text.endswith(f"zoals benoemd in artikel. {number}"), (region, text)


def test_lint_reports_the_literal_names_of_the_base(noord):
    project, docs = noord
    report = lint_documents(project, {"noord": docs["noord"]})
    lines = list(report.lines())
    literal = [line for line in lines if "'Zuid-Holland Zuid'" in line or "'Dordrecht'" in line]
    assert len(literal) >= 15, lines
    assert all("is zhz's word for {{regio}}; this convenant says 'Noord'" in line or
               "is zhz's word for {{zetelgemeente}}; this convenant says 'Assen'" in line
               for line in literal), literal
    assert any(line.startswith("clauses/artikelen/stuurgroep.md:") and "artikel 4.5: 'Dordrecht'" in line
               for line in literal), literal


def test_a_variant_removed_for_a_region_names_the_lid_and_the_file(tmp_path):
    """Without a base, a region that has no variant of a lid with variants for zhz and
    haaglanden is refused: the lid and its file, not a silently shorter text."""
    root = with_noord(copy_data(tmp_path), frequentie=False)
    manifest = root / "convenants" / "noord.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("basis: zhz\n", "")
                        .replace("weglaten:\n  - stuurgroep.mandaat\n", "")
                        + "duur:\n  inwerkingtreding: ondertekening\n  looptijd_jaren: 4\n"
                        + "artikelen:\n  - stuurgroep\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        assemble_regions(load_project(root), ["noord"])
    problems = [str(p) for p in caught.value.problems]
    assert any(p.startswith("clauses/artikelen/stuurgroep.md:") and "'frequentie' has variants for "
               "other regions but none for 'noord'" in p for p in problems), problems


def test_an_unknown_or_circular_base_is_a_problem_at_its_line(tmp_path):
    root = with_noord(copy_data(tmp_path), frequentie=False)
    manifest = root / "convenants" / "noord.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("basis: zhz", "basis: zuid"),
                        encoding="utf-8")
    with pytest.raises(DataError, match=r"convenants/noord.yaml:3: basis 'zuid' is no region"):
        load_project(root)
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("basis: zuid", "basis: noord"),
                        encoding="utf-8")
    with pytest.raises(DataError, match=r"convenants/noord.yaml:3: the bases go round in a circle: "
                                        r"noord → noord"):
        load_project(root)


def test_weglaten_names_what_exists(tmp_path):
    root = with_noord(copy_data(tmp_path), frequentie=False)
    manifest = root / "convenants" / "noord.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "  - stuurgroep.mandaat\n", "  - stuurgroep.mandaat\n  - stuurgroep.bestaat-niet\n  - geen-artikel\n"),
        encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_project(root)
    assert [str(p) for p in caught.value.problems] == [
        "convenants/noord.yaml:9: weglaten: 'stuurgroep.bestaat-niet' is no clause (or clause.lid) of this convenant",
        "convenants/noord.yaml:10: weglaten: 'geen-artikel' is no clause (or clause.lid) of this convenant"]


def test_a_model_text_is_a_base_that_is_never_signed(tmp_path):
    """convenants/model.yaml with 'ondertekend: false' and no parties: it builds (to read) and
    is a basis; deciding or signing it, or sending its packages, is refused."""
    from generator.commands.pakket import prepare
    from generator.commands.register import vaststellen
    from generator.errors import UsageError
    from .gitrepo import init_repo, repo_state

    root = with_noord(copy_data(tmp_path / "repo"), frequentie=False)
    # The model text takes zhz's wording (a model with variants '@model' of its own would too).
    model = "titel: Model\nzvh: Zorg- en Veiligheidshuis\nbasis: zhz\nondertekend: false\n"
    (root / "convenants" / "model.yaml").write_text(model, encoding="utf-8")
    manifest = root / "convenants" / "noord.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("basis: zhz", "basis: model"),
                        encoding="utf-8")
    init_repo(root)
    project = load_project(root)
    docs = assemble_regions(project, ["model", "noord"])
    assert docs["model"].party_ids == [] and len(docs["noord"].articles) == 25
    assert project.manifests["noord"].chain == ["noord", "model", "zhz"]
    before = repo_state(root)
    for attempt in (lambda: vaststellen(root, "model", "1", __import__("datetime").date(2026, 1, 1)),
                    lambda: prepare(root, "model")):
        with pytest.raises(UsageError, match="model is a model text \\(convenants/model.yaml: "
                                             "'ondertekend: false'\\): it is never decided or signed"):
            attempt()
    assert repo_state(root) == before


def test_compare_against_the_base(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    root = with_noord(copy_data(tmp_path))
    run = lambda *args: CliRunner().invoke(main, [*args, "--root", str(root)])
    against = run("compare", "noord", "--basis")
    assert against.exit_code == 0, against.output
    assert against.output == run("compare", "zhz", "noord").output   # the base is the reference
    assert "frequentie" in against.output
    for args, message in ((["compare", "noord", "haaglanden", "--basis"],
                           "--basis compares one REGION with its base: give one REGION"),
                          (["compare", "zhz", "--basis"],
                           "zhz has no 'basis' in convenants/zhz.yaml: name the regions to compare")):
        result = run(*args)
        assert result.exit_code == 1 and message in result.output, result.output


def test_a_problem_in_what_a_region_inherits_is_reported_at_its_basis_line(tmp_path):
    root = with_noord(copy_data(tmp_path), frequentie=False)
    (root / "clauses" / "artikelen" / "communicatie.md").unlink()
    with pytest.raises(DataError) as caught:
        load_project(root)
    problems = [str(p) for p in caught.value.problems]
    assert "convenants/noord.yaml:3: clause 'communicatie' is listed but clauses/ has no communicatie.md" \
        in problems, problems
    assert any(p.startswith("convenants/zhz.yaml:") and "'communicatie'" in p for p in problems)


def test_one_variant_for_several_regions_is_an_addition_not_a_choice(tmp_path):
    """'## extra @zhz @noord' (one lid for two regions) is not missing for haaglanden."""
    root = with_noord(copy_data(tmp_path))
    stuurgroep = root / "clauses" / "artikelen" / "stuurgroep.md"
    stuurgroep.write_text(stuurgroep.read_text(encoding="utf-8")
                          + "\n## extra @zhz @noord\n\nAlleen in zhz en noord.\n", encoding="utf-8")
    docs = assemble_regions(load_project(root), ["zhz", "noord", "haaglanden"])
    lids = {r: [lid.id for a in d.articles if a.id == "stuurgroep" for lid in a.leden]
            for r, d in docs.items()}
    assert "extra" in lids["zhz"] and "extra" in lids["noord"] and "extra" not in lids["haaglanden"]
