"""`convenant regio nieuw` and `convenant regio toon` (issue 16, scaffolding): a third region
`noord` on the basis of zhz, made in a real git repository through the command line, filled in
as a secretariat would (its terms, one new party and two existing ones with a deelname, one
own variant, one variant shared with haaglanden, one lid left out), then built and shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.assemble import lid_sources
from generator.cli import main
from generator.commands.regio import nieuw, toon
from generator.errors import DataError, Problems, UsageError
from generator.project import collect_project, load_project
from generator.yamlfile import load_yaml, load_yaml_text

from .conftest import REPO, flat, pdf_texts
from .test_regions_base import ASSEN, FREQUENTIE_NOORD as FREQUENTIE
from .gitrepo import edit, init_repo, repo_state, status

TITEL = "Samenwerkingsconvenant Zorg- en Veiligheidshuis Noord"
ZVH = "Zorg- en Veiligheidshuis Noord"


def run(root: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--root", str(root)])


def new_noord(root: Path):
    return run(root, "regio", "nieuw", "noord", "--basis", "zhz", "--titel", TITEL, "--zvh", ZVH)


def fill_in(root: Path) -> None:
    """What the secretariat does after `regio nieuw`: its words for two terms, the parties (and
    their deelname), one lid of its own, Haaglanden's wording of another, one lid left out."""
    manifest = "convenants/noord.yaml"
    lines = (root / manifest).read_text(encoding="utf-8").splitlines(keepends=True)
    words = {"regio": "Noord", "zetelgemeente": "Assen"}
    lines = [f"  {name}: {words[name]}\n" if (name := line.strip().split(":")[0]) in words
             and line.startswith("  ") else line for line in lines]
    (root / manifest).write_text("".join(lines), encoding="utf-8")
    edit(root, manifest, "partijen:\n", "weglaten:\n  - stuurgroep.mandaat\n"
         "partijen:\n  - assen\n  - dordrecht\n  - openbaar-ministerie\n")
    (root / "parties" / "assen.yaml").write_text(ASSEN, encoding="utf-8")
    for party in ("dordrecht", "openbaar-ministerie"):
        edit(root, f"parties/{party}.yaml", "deelname:\n", "deelname:\n  noord:\n")
    stuurgroep = root / "clauses" / "artikelen" / "stuurgroep.md"
    stuurgroep.write_text(stuurgroep.read_text(encoding="utf-8") + FREQUENTIE, encoding="utf-8")
    edit(root, "clauses/artikelen/stuurgroep.md", "## bestuur @haaglanden\n",
         "## bestuur @haaglanden @noord\n")


@pytest.fixture(scope="module")
def noord(tmp_path_factory):
    """The repository after each step: `regio nieuw`, `regio toon` and `build` before the
    parties are there, then filled in, `regio toon` and `build` (HTML and PDF)."""
    root = init_repo(tmp_path_factory.mktemp("regio") / "repo", REPO)
    before = repo_state(root)
    steps = {"nieuw": new_noord(root)}
    steps["scaffold"] = (root / "convenants" / "noord.yaml").read_text(encoding="utf-8")
    steps["status"] = status(root)
    steps["toon-leeg"] = run(root, "regio", "toon", "noord")
    steps["build-leeg"] = run(root, "build", "noord", "--format", "html")
    fill_in(root)
    steps["toon"] = run(root, "regio", "toon", "noord")
    steps["build"] = run(root, "build", "noord", "--format", "html,pdf")
    return root, before, steps


def test_nieuw_writes_the_manifest_with_the_base_terms_and_commits_nothing(noord):
    root, before, steps = noord
    result = steps["nieuw"]
    assert result.exit_code == 0, result.output
    zhz = load_project(REPO).manifests["zhz"]
    text = steps["scaffold"]
    for name, value in zhz.termen.items():
        assert f"  {name}: {value}" in text
        line = next(line for line in text.splitlines() if line.startswith(f"  {name}:"))
        assert line.endswith("# overgenomen van zhz: vul in")
    # Nothing committed, nothing else written: the one new file is untracked.
    assert steps["status"] == "?? convenants/noord.yaml\n"
    _, index, head, _ = before
    assert repo_state(root)[1:3] == (index, head)
    # The file reads back to what was asked, with an empty 'partijen'.
    problems = Problems(root)
    data = load_yaml_text(text, root / "convenants" / "noord.yaml", problems)
    assert not problems
    assert (data["titel"], data["zvh"], data["basis"]) == (TITEL, ZVH, "zhz")
    assert dict(data["termen"]) == zhz.termen
    assert data["partijen"] is None and "weglaten" not in data and "duur" not in data
    # It says what is left to fill in.
    out = result.stdout.splitlines()
    assert out[0] == "created convenants/noord.yaml: region noord on the basis of zhz (nothing committed)"
    assert out[2] == ("  termen: 5 terms copied from zhz, check each and give noord's words: "
                      "zvh, regio, tactisch_overleg, casusregisseur, zetelgemeente")
    assert any(line.startswith("  partijen: ") for line in out)
    assert any(line.startswith("  secretariaat: ") for line in out)
    assert "  duur: zhz's applies (takes effect on signing, for 4 years, then renewed by 1 year " \
           "at a time); give 'duur' if noord's differs" in out
    assert any("'deelname:' with 'noord:'" in line for line in out)


def test_the_scaffold_is_shown_but_not_built_until_the_parties_are_listed(noord):
    root, _, steps = noord
    line = steps["scaffold"].splitlines().index("partijen:") + 1
    missing = f"convenants/noord.yaml:{line}: 'partijen' must list the parties in signing order"
    build = steps["build-leeg"]
    assert build.exit_code == 1
    assert build.stderr.splitlines() == [missing, "1 problem found; nothing was written."]
    shown = steps["toon-leeg"]
    assert shown.exit_code == 1
    assert shown.stdout.splitlines()[0] == f"noord: {TITEL} (basis: zhz)"
    # 1.17 jaarplan has a zhz and a haaglanden variant (zhz's cites 'Artikel 4.4' literally)
    assert "Samenvatting: 25 artikelen, 105 leden: 54 van zhz, 51 gedeeld" in shown.stdout
    assert "Termen: 5 eigen (5 gelijk aan zhz: casusregisseur, regio, tactisch_overleg, " \
           "zetelgemeente, zvh)" in shown.stdout
    assert shown.stderr.splitlines() == [
        missing, "1 problem found: `convenant build noord` refuses until it is solved"]


def test_filled_in_it_builds(noord):
    root, _, steps = noord
    result = steps["build"]
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(root / "build" / "noord" / f"convenant.{f}")
                                          for f in ("html", "pdf")]
    pages = pdf_texts((root / "build" / "noord" / "convenant.pdf").read_bytes())
    text = flat(" ".join(pages))
    assert "Zorg- en Veiligheidshuis Noord" in text and "M. Out" in text and "Gemeente Assen" in text
    assert "Artikel 25" in text and "ten minste 6 x per jaar" in text
    assert "dragen er zorg voor dat zij door hun bestuur" not in text  # stuurgroep.mandaat left out


def test_toon_lists_where_each_lid_comes_from(noord):
    root, _, steps = noord
    result = steps["toon"]
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    start = lines.index("Artikel 4 Stuurgroep (stuurgroep)")
    stuurgroep = [" ".join(line.split()) for line in lines[start + 1:start + 5]]
    assert stuurgroep == ["4.1 bestuur eigen variant (ook haaglanden)",
                          "– mandaat weggelaten (was: van zhz)",
                          "4.2 frequentie eigen variant",
                          "4.3 samenstelling van zhz"]
    assert " ".join(lines[lines.index("Artikel 1 Definities (definities)") + 1].split()) == \
        "1.1 strategische-regie gedeeld"
    # The counts are those of assemble.lid_sources, and every lid listed has its row.
    sources = lid_sources(load_project(root), "noord")
    own = sum(1 for *_, s in sources if s == "noord")
    base = sum(1 for *_, s in sources if s == "zhz")
    shared = sum(1 for *_, s in sources if s == "gedeeld")
    assert (own, len(sources)) == (2, own + base + shared)
    assert lines[-2] == (f"Samenvatting: 25 artikelen, {len(sources)} leden: {own} eigen variant, "
                         f"{base} van zhz, {shared} gedeeld; weggelaten: stuurgroep.mandaat")
    rows = [line for line in lines if line.startswith("  ")]
    assert len(rows) == len(sources) + 1  # and the lid left out
    assert lines[-1] == "Termen: 5 eigen (3 gelijk aan zhz: casusregisseur, tactisch_overleg, zvh)"


def test_toon_shows_an_article_left_out_and_a_region_without_base(tmp_path):
    root = init_repo(tmp_path / "repo", REPO)
    assert new_noord(root).exit_code == 0
    fill_in(root)
    edit(root, "convenants/noord.yaml", "  - stuurgroep.mandaat\n",
         "  - stuurgroep.mandaat\n  - communicatie\n")
    shown = toon(root, "noord")
    left_out = next(a for a in shown.articles if a.id == "communicatie")
    assert (left_out.number, left_out.title) == (None, "Communicatie")
    assert left_out.leden and all(lid.dropped and lid.number == "" for lid in left_out.leden)
    assert sum(1 for a in shown.articles if a.number is not None) == 24
    assert sum(shown.counts.values()) == len(lid_sources(load_project(root), "noord"))
    zhz = toon(root, "zhz")
    assert zhz.chain == ["zhz"] and set(zhz.counts) == {"zhz", "gedeeld"} and zhz.problems == []


REFUSALS = [
    (("Noord", "zhz", TITEL, ZVH), "invalid region id 'Noord': use lower-case letters"),
    (("1noord", "zhz", TITEL, ZVH), "invalid region id '1noord'"),
    (("zhz", "haaglanden", TITEL, ZVH), "region 'zhz' exists already: convenants/zhz.yaml"),
    (("noord", "zuid", TITEL, ZVH), "unknown base 'zuid': known regions are haaglanden, zhz"),
    (("noord", "zhz", "  ", ZVH), "--titel is empty"),
    (("noord", "zhz", TITEL, ""), "--zvh is empty"),
    (("noord", "zhz", TITEL, "Noord\nZuid"), "--zvh contains a line break"),
    (("noord", "zhz", "Titel\x07", ZVH), "--titel contains control character U+0007"),
]


@pytest.mark.parametrize("args,message", REFUSALS, ids=[r[1][:30] for r in REFUSALS])
def test_refusals_are_one_line_and_write_nothing(tmp_path, args, message):
    root = init_repo(tmp_path / "repo", REPO)
    before = repo_state(root)
    region, basis, titel, zvh = args
    result = run(root, "regio", "nieuw", region, "--basis", basis, "--titel", titel, "--zvh", zvh)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""
    assert result.stderr.startswith(f"error: {message}"), result.stderr
    assert repo_state(root) == before
    with pytest.raises(UsageError):
        nieuw(root, region, basis, titel, zvh)
    assert repo_state(root) == before


def test_an_existing_file_is_never_overwritten(tmp_path):
    root = init_repo(tmp_path / "repo", REPO)
    link = root / "convenants" / "noord.yaml"
    link.symlink_to(root / "nergens.yaml")  # a dangling link: the file 'exists' all the same
    before = repo_state(root)
    with pytest.raises(UsageError, match="region 'noord' exists already"):
        nieuw(root, "noord", "zhz", TITEL, ZVH)
    assert repo_state(root) == before and not (root / "nergens.yaml").exists()


def test_a_base_with_problems_is_refused_another_region_being_drafted_is_not(tmp_path):
    root = init_repo(tmp_path / "repo", REPO)
    assert new_noord(root).exit_code == 0
    # noord is a draft (no parties yet): a second region on the basis of zhz can still be made,
    oost = nieuw(root, "oost", "zhz", "Convenant: Oost # 1", "ZVH 'Oost'")
    data = load_yaml(oost.path, Problems(root))
    assert (data["titel"], data["zvh"]) == ("Convenant: Oost # 1", "ZVH 'Oost'")
    project, problems = collect_project(root)
    assert project.manifests["oost"].termen == project.manifests["zhz"].termen
    # and one on the basis of the draft too: a base needs no parties (a model text has none);
    # only building the draft says what it still lacks.
    west = nieuw(root, "west", "noord", TITEL, ZVH)
    project, problems = collect_project(root)
    assert project.manifests["west"].chain == ["west", "noord", "zhz"] and west.path.exists()
    # The other regions' commands work while drafts are in the folder.
    assert run(root, "build", "zhz", "--format", "html").exit_code == 0


def test_toon_of_a_manifest_that_does_not_load_lists_its_problems(tmp_path):
    root = init_repo(tmp_path / "repo", REPO)
    assert new_noord(root).exit_code == 0
    edit(root, "convenants/noord.yaml", "basis: zhz\n", "basis: [zhz\n")
    result = run(root, "regio", "toon", "noord")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0].startswith("convenants/noord.yaml:")


def test_toon_names_the_problems_of_a_manifest_that_loads(tmp_path):
    """An article listed without a clause file (and left out as well): shown, not a crash."""
    root = init_repo(tmp_path / "repo", REPO)
    assert new_noord(root).exit_code == 0
    fill_in(root)
    edit(root, "convenants/noord.yaml", "basis: zhz\n", "basis: zhz\nartikelen:\n  - definities\n"
         "  - bestaat-niet\n")
    edit(root, "convenants/noord.yaml", "  - stuurgroep.mandaat\n", "  - bestaat-niet\n")
    result = run(root, "regio", "toon", "noord")
    assert result.exit_code == 1, result.output
    assert [a for a in result.stdout.splitlines() if a.startswith("Artikel")] == \
        ["Artikel 1 Definities (definities)"]
    assert "convenants/noord.yaml:14: clause 'bestaat-niet' is listed but clauses/ has no " \
           "bestaat-niet.md" in result.stderr.splitlines()
