"""`convenant compare` across time: REGION@VERSION, REGION@YYYY-MM-DD, REGION@REVISION.

One real git repository with the repository's data holds the history: zhz version v1 (the
real text) decided and signed by all its parties in 2024, an amendment of artikel 4.3 (the
Stuurgroep meets 6 times a year instead of 4) committed and decided as v2, signed in 2025.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import main
from generator.commands.compare import compare, make_comparison, render
from generator.commands.common import load_region
from generator.commands.register import new_signature, record_signatures, vaststellen
from generator.compare import IDENTICAL, VARIANT
from generator.errors import UsageError
from tests.conftest import REPO
from tests.gitrepo import commit_all, edit, git, head, init_repo, repo_state

D = dt.date
STUURGROEP = "clauses/artikelen/stuurgroep.md"
OLD, NEW = "ten minste 4 x per jaar", "ten minste 6 x per jaar"


def sign_all(root, region, version_name, day):
    """Every party of the region signs the version on ``day``: one commit."""
    project = load_region(root, region)
    version = project.register(region).version(version_name)
    signatures = [new_signature(project, region, ref.id, version, day, "Dordrecht")
                  for ref in project.manifests[region].partijen]
    record_signatures(root, project, region, signatures, f"sign: {region} {version_name}")


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    root = init_repo(tmp_path_factory.mktemp("versions") / "repo", REPO)
    vaststellen(root, "zhz", "v1", D(2024, 1, 10), today=D(2024, 1, 10))
    sign_all(root, "zhz", "v1", D(2024, 3, 1))
    before = head(root)
    edit(root, STUURGROEP, OLD, NEW)
    amended = commit_all(root, "Stuurgroep vergadert zes keer per jaar")
    git(root, "branch", "wijziging/frequentie", amended)
    vaststellen(root, "zhz", "v2", D(2025, 1, 10), today=D(2025, 1, 10))
    sign_all(root, "zhz", "v2", D(2025, 3, 1))
    return {"root": root, "before": before, "amended": amended}


@pytest.fixture(scope="module")
def v1_to_now(history):
    return make_comparison(history["root"], ["zhz@v1", "zhz"])


# ---------------------------------------------------------------- what is compared

def test_version_against_the_working_tree_shows_exactly_the_amendment(v1_to_now):
    c = v1_to_now
    assert c.regions == ["zhz (versie v1)", "zhz (werkversie)"]
    assert [item.key for item in c.differing()] == ["stuurgroep"]
    article = c.differing()[0]
    assert article.status == VARIANT
    changed = [row for row in article.rows if row.status != IDENTICAL]
    assert [row.keys for row in changed] == [["frequentie"]]
    cells = [cell for line in changed[0].lines for cell in line.cells.values()]
    assert [cell.text for cell in cells] == [
        "De Stuurgroep komt ten minste 4 x per jaar bij elkaar. De vergaderingen van de Stuurgroep "
        "vinden in beginsel plaats op locatie van het Zorg- en Veiligheidshuis;",
        "De Stuurgroep komt ten minste 6 x per jaar bij elkaar. De vergaderingen van de Stuurgroep "
        "vinden in beginsel plaats op locatie van het Zorg- en Veiligheidshuis;"]
    assert [[s.text for s in cell.segs if s.op != "="] for cell in cells] == [["4"], ["6"]]
    assert all(row.same for row in c.terms)
    assert [(g.label, len(g.parties)) for g in c.parties] == [("In beide", 31)]


def test_the_version_is_its_text_as_decided_and_the_working_tree_is_v2(history, v1_to_now):
    project = load_region(history["root"], "zhz")
    register = project.register("zhz")
    docs = v1_to_now.documents
    assert docs["zhz (versie v1)"].fingerprint == register.version("v1").fingerprint
    assert docs["zhz (werkversie)"].fingerprint == register.version("v2").fingerprint
    assert make_comparison(history["root"], ["zhz@v2", "zhz"]).differing() == []


def test_a_date_takes_the_version_in_force_that_day(history):
    root = history["root"]
    project = load_region(root, "zhz")
    v1, v2 = (project.register("zhz").version(n) for n in ("v1", "v2"))
    c = make_comparison(root, ["zhz@2024-06-01", "zhz@2025-06-01"])
    assert c.regions == ["zhz (in werking op 1 juni 2024: versie v1)",
                         "zhz (in werking op 1 juni 2025: versie v2)"]
    assert [d.fingerprint for d in c.documents.values()] == [v1.fingerprint, v2.fingerprint]
    assert [item.key for item in c.differing()] == ["stuurgroep"]
    # v2 was decided on 10 January 2025, but v1 stayed in force until all had signed v2.
    c = make_comparison(root, ["zhz@2025-02-01", "zhz@v2"])
    assert c.regions[0] == "zhz (in werking op 1 februari 2025: versie v1)"
    assert c.documents[c.regions[0]].fingerprint == v1.fingerprint
    assert c.documents[c.regions[0]].party_ids == [r.id for r in project.manifests["zhz"].partijen]


def test_a_revision_is_the_data_at_that_commit(history):
    root = history["root"]
    c = make_comparison(root, [f"zhz@{history['before']}", "zhz@wijziging/frequentie"])
    assert c.regions == [f"zhz (revisie {history['before'][:10]})",
                         f"zhz (revisie wijziging/frequentie: {history['amended'][:10]})"]
    assert [item.key for item in c.differing()] == ["stuurgroep"]


def test_two_regions_at_points_keep_each_region_s_party_names(history):
    root = history["root"]
    then = make_comparison(root, ["zhz@v1", "haaglanden"])
    now = make_comparison(root, ["zhz", "haaglanden"])
    assert then.regions == ["zhz (versie v1)", "haaglanden (werkversie)"]
    assert now.regions == ["zhz", "haaglanden"]  # working trees only: plain names, as always
    names = [[list(p.names.values()) for p in g.parties] for g in then.parties]
    assert names == [[list(p.names.values()) for p in g.parties] for g in now.parties]
    # The Openbaar Ministerie is named in zhz's way in zhz's column, in haaglanden's in the other.
    om = next(p for g in then.parties for p in g.parties if p.id == "openbaar-ministerie")
    assert om.names == {"zhz (versie v1)": "het College van procureurs-generaal",
                        "haaglanden (werkversie)": "Openbaar Ministerie"}


# ---------------------------------------------------------------- the outputs

@pytest.fixture(scope="module")
def written(history, tmp_path_factory):
    """One run with every format (the only PDF of this module)."""
    out = tmp_path_factory.mktemp("out")
    text, paths = compare(history["root"], ["zhz@v1", "zhz"], ["text", "html", "pdf"], out)
    return out, text, paths


def test_labels_in_the_text(written):
    _, text, _ = written
    lines = text.splitlines()
    assert lines[0] == "Vergelijking zhz (versie v1) – zhz (werkversie)"
    assert lines[1].startswith("  zhz (versie v1)   Samenwerkingsconvenant")
    assert lines[2].startswith("  zhz (werkversie)  Samenwerkingsconvenant")
    assert "  [-…-] alleen in de tekst van zhz (versie v1); {+…+} alleen in de tekst van " \
           "zhz (werkversie)." in lines
    assert "      zhz (versie v1)   De Stuurgroep komt ten minste [-4-] x per jaar bij elkaar. " \
           "De vergaderingen van de Stuurgroep vinden in beginsel plaats op locatie van het Zorg- " \
           "en Veiligheidshuis;" in lines
    assert any(line.startswith("      zhz (werkversie)  De Stuurgroep komt ten minste {+6+} x")
               for line in lines)


def test_labels_in_the_html_and_pdf_and_safe_file_names(written):
    out, _, paths = written
    assert paths == [out / "vergelijking" / "zhz.versie-v1-zhz.html",
                     out / "vergelijking" / "zhz.versie-v1-zhz.pdf"]
    html = paths[0].read_text(encoding="utf-8")
    assert "<title>Vergelijking zhz (versie v1) – zhz (werkversie)</title>" in html
    assert '<th scope="col">zhz (versie v1)</th><th scope="col">zhz (werkversie)</th>' in html
    assert "<tr><th>zhz (versie v1)</th><td>Samenwerkingsconvenant" in html
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(paths[1].read_bytes())).pages)
    assert "zhz (versie v1)" in " ".join(text.split()) and "zhz (werkversie)" in text


def test_file_names_of_dates_and_revisions_have_no_at_sign_or_separator(history, tmp_path):
    root = history["root"]
    _, paths = compare(root, ["zhz@2024-06-01", "zhz@wijziging/frequentie"], ["html"], tmp_path)
    assert paths == [tmp_path / "vergelijking" /
                     f"zhz.op-2024-06-01-zhz.revisie-{history['amended'][:10]}.html"]
    _, back = compare(root, ["zhz", "zhz@v1"], ["html"], tmp_path)
    assert back == [tmp_path / "vergelijking" / "zhz-zhz.versie-v1.html"]
    assert sorted(p.name for p in (tmp_path / "vergelijking").iterdir()) == sorted(
        p.name for p in paths + back)


def test_render_is_the_same_comparison_as_written(v1_to_now, written):
    _, text, _ = written
    assert render(v1_to_now, ["text"])["text"] == text


# ---------------------------------------------------------------- refusals

REFUSED = [
    (["oost@v1", "zhz"], "unknown region 'oost': known regions are haaglanden, zhz"),
    (["zhz@v9", "zhz"], "'v9' is neither a recorded version of zhz (v1, v2) nor a git revision"),
    (["haaglanden@1", "zhz"], "'1' is neither a recorded version of haaglanden (none recorded)"),
    (["zhz@2023-12-31", "zhz"], "no version of zhz was in force on 2023-12-31"),
    (["zhz@2024-02-01", "zhz"], "no version of zhz was in force on 2024-02-01 (pending: v1)"),
    (["zhz@2024-02-30", "zhz"], "'zhz@2024-02-30': '2024-02-30' is no date that exists"),
    (["zhz@", "zhz@v1"], "'zhz@' names no point to compare: write REGION, REGION@VERSION"),
    (["@v1", "zhz"], "'@v1' names no point to compare"),
    (["zhz@v1", "haaglanden", "zhz@v1"], "'zhz@v1' and 'zhz@v1' are the same point"),
    (["zhz", "zhz@werkversie"], "'zhz' and 'zhz@werkversie' are the same point"),
    (["zhz@HEAD", "zhz@main"], "'zhz@HEAD' and 'zhz@main' are the same point"),
    (["zhz@2024-06-01", "haaglanden", "zhz@2024-06-01"], "are the same point"),
    (["zhz", "zhz"], "give two or more different regions to compare"),
]


@pytest.mark.parametrize("args,message", REFUSED, ids=[" ".join(a) for a, _ in REFUSED])
def test_refusals_leave_nothing_written(history, args, message):
    root = history["root"]
    before = repo_state(root)
    with pytest.raises(UsageError) as info:
        compare(root, args, ["text", "html"])
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert repo_state(root) == before
    assert not (root / "build").exists()


# ---------------------------------------------------------------- the command line

def test_cli_compares_points(history, tmp_path):
    result = CliRunner().invoke(main, ["compare", "zhz@v1", "zhz@2025-06-01", "--format", "text,html",
                                       "--out", str(tmp_path), "--root", str(history["root"])])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Vergelijking zhz (versie v1) – zhz (in werking op 1 juni 2025: versie v2)"
    assert "  Artikelen: 25, waarvan 24 identiek, 1 regionale variant" in lines
    assert lines[-1] == str(tmp_path / "vergelijking" / "zhz.versie-v1-zhz.op-2025-06-01.html")


def test_cli_refuses_in_one_line(history):
    root = history["root"]
    before = repo_state(root)
    result = CliRunner().invoke(main, ["compare", "zhz@v9", "zhz", "--format", "html",
                                       "--root", str(root)])
    assert result.exit_code == 1
    assert result.output == ("error: 'v9' is neither a recorded version of zhz (v1, v2) nor a git "
                             "revision\n")
    assert repo_state(root) == before
