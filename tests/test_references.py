"""References that survive amendments (issue 17): the forms of a symbolic reference, the
renvooi's "Verwijzingen", `lint --tegen` and `lint --stats`, on a real git history of the real
texts and on small projects."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import docx
import pytest
from click.testing import CliRunner

from generator.assemble import assemble_regions
from generator.cli import main
from generator.lint.moved import reference_changes, reference_stats
from generator.project import load_project

from .conftest import REPO, flat, pdf_texts
from .gitrepo import commit_all, edit, init_repo

STUURGROEP = "clauses/artikelen/stuurgroep.md"
NEW_LID = ("## vervanging @zhz\n\nEen lid van de Stuurgroep kan zich bij verhindering laten "
           "vervangen door een plaatsvervanger;\n\n")
SAMENSTELLING = "De Stuurgroep bestaat uit vertegenwoordigers van een aantal …"


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# ---------------------------------------------------------------- the forms

TAKEN = "Het {{overleg}} heeft de taken van {{ref:overleg.samenstelling.leden}}."
"""The second lid of the small project's artikel 2 (tests/conftest.py TINY_FILES)."""
FORMS = ("Zie {{ref:overleg.samenstelling.leden}}; artikel {{ref:overleg.samenstelling.leden|artikel-lid}}; "
         "lid {{ref:overleg.taken|lid}}, onder {{ref:overleg.samenstelling.leden|letter}}; "
         "artikel {{ref:overleg.taken|artikel}}; artikel {{ref:overleg.taken|artikel-lid}}; "
         "Bijlage {{ref:formulier}}.")


@pytest.mark.parametrize("region, expected", [
    ("noord", "Zie 2.1, onder c; artikel 2, lid 1, onder c; lid 2, onder c; artikel 2; artikel 2, lid 2; Bijlage 1."),
    ("zuid", "Zie 2.1, onder b; artikel 2, lid 1, onder b; lid 2, onder b; artikel 2; artikel 2, lid 2; Bijlage 1."),
])
def test_every_form_prints_the_number_of_its_region(tiny, region, expected):
    edit(tiny, "clauses/artikelen/overleg.md", TAKEN, FORMS)
    doc = assemble_regions(load_project(tiny), [region])[region]
    taken = next(lid for lid in doc.articles[1].leden if lid.id == "taken")
    assert taken.blocks[0].text == expected


@pytest.mark.parametrize("written, message", [
    ("{{ref:overleg.taken|letter}}",
     "broken reference {{ref:overleg.taken|letter}}: 'overleg.taken' is a lid; |letter needs a list item"),
    ("{{ref:overleg|lid}}",
     "broken reference {{ref:overleg|lid}}: 'overleg' is an article; |lid needs a lid"),
    ("{{ref:formulier|artikel}}",
     "broken reference {{ref:formulier|artikel}}: 'formulier' is a bijlage; |artikel needs an article"),
    ("{{ref:overleg.samenstelling.leden|nummer}}",
     "invalid placeholder {{ref:overleg.samenstelling.leden|nummer}}: a reference prints as "
     "'nummer'? the forms are |artikel, |lid, |letter, |artikel-lid"),
])
def test_a_form_that_does_not_fit_is_one_line_with_file_and_line(tiny, written, message):
    edit(tiny, "clauses/artikelen/overleg.md", "heeft de taken van", f"heeft {written} de taken van")
    result = cli("build", "noord", "--root", tiny, "--format", "html")
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith("clauses/artikelen/overleg.md:") and message in line
               for line in lines), lines
    assert "Traceback" not in result.output
    assert not (tiny / "build").exists()


def formats_table() -> list[tuple[str, str]]:
    """(the text says, you write) of docs/formats.md's table "Writing a reference"."""
    text = (REPO / "docs/formats.md").read_text(encoding="utf-8")
    section = text.split("### Writing a reference", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 3 and cells[1].startswith("`") and "{{ref:" in cells[1]:
            says = re.match(r"`([^`]*)`", cells[0]).group(1)
            rows.append((says, cells[1].strip("`").replace("\\|", "|")))
    return rows


def test_the_documented_examples_print_what_the_documentation_says(tmp_path):
    rows = formats_table()
    assert len(rows) >= 9
    root = tmp_path / "repo"
    for folder in ("clauses", "parties", "convenants"):
        shutil.copytree(REPO / folder, root / folder)
    path = root / "clauses/artikelen/toepasselijk-recht.md"
    path.write_text(path.read_text(encoding="utf-8") + "".join(
        f"\n## voorbeeld-{k} @zhz\n\n{written}\n" for k, (_, written) in enumerate(rows)),
        encoding="utf-8")
    doc = assemble_regions(load_project(root), ["zhz"])["zhz"]
    printed = {lid.id: lid.blocks[0].text for lid in doc.articles[-1].leden}
    for k, (says, _) in enumerate(rows):
        assert printed[f"voorbeeld-{k}"] == says.split(" (")[0]


# ---------------------------------------------------------------- a real history

@pytest.fixture(scope="module")
def amended(tmp_path_factory):
    """The real texts; version 2026-1 recorded; then a lid inserted before 4.4 (Samenstelling)
    in the ZHZ text, committed, with its toelichting."""
    from generator.commands.register import vaststellen

    path = init_repo(tmp_path_factory.mktemp("refs") / "repo", REPO)
    vaststellen(path, "zhz", "2026-1", dt.date(2026, 1, 15))
    edit(path, STUURGROEP, "## samenstelling @zhz\n", NEW_LID + "## samenstelling @zhz\n")
    (path / "wijzigingen/zhz").mkdir(parents=True)
    (path / "wijzigingen/zhz/vervanging.md").write_text(
        "---\nwijzigt: 2026-1\ntitel: Plaatsvervanging in de Stuurgroep\n---\n\n"
        "Een lid van de Stuurgroep kan zich laten vervangen.\n", encoding="utf-8")
    commit_all(path, "Art. 4: plaatsvervanging in de Stuurgroep")
    return path


def test_the_symbolic_reference_follows_and_the_literal_one_does_not(amended):
    result = cli("build", "zhz", "--root", amended, "--format", "html")
    assert result.exit_code == 0, result.output
    html = (amended / "build/zhz/convenant.html").read_text(encoding="utf-8")
    assert "zoals benoemd in artikel. 4.5" in html  # 6.3, by reference: Samenstelling is 4.5
    assert "zoals benoemd in artikel. 4.4" not in html
    assert "op grond van Artikel 4.4 vastgestelde plan" in html  # 1.17, literal, as signed
    doc = assemble_regions(load_project(amended), ["zhz"])["zhz"]
    assert doc.targets["stuurgroep.samenstelling"].where == "artikel 4.5"
    assert doc.targets["stuurgroep.vervanging"].where == "artikel 4.4"


VERWIJZINGEN = [
    "Verwijzingen",
    "  Bijgewerkt: verwijzingen die de nieuwe nummering volgen (een wijziging van de tekst)",
    f"    artikel 6.3: de verwijzing naar “{SAMENSTELLING}” luidt nu [-4.4-] {{+4.5+}}",
    "  Te controleren: letterlijke verwijzingen die niet zijn meegewijzigd, terwijl de tekst "
    "waarnaar zij verwezen een ander nummer kreeg of verviel",
    f"    artikel 1.17: ‘Artikel 4.4’ verwees naar artikel 4.4 (“{SAMENSTELLING}”), dat nu "
    "artikel 4.5 is; lees waarschijnlijk ‘Artikel 4.5’",
]


@pytest.fixture(scope="module")
def renvooi(amended):
    result = cli("diff", "zhz", "2026-1", "HEAD", "--root", amended, "--format", "text,html,pdf,docx")
    assert result.exit_code == 0, result.output
    return result.stdout, amended / "build/zhz/renvooi"


def test_the_renvooi_text_lists_the_references(renvooi):
    text, _folder = renvooi
    lines = text.splitlines()
    start = lines.index("Verwijzingen")
    assert lines[start:start + len(VERWIJZINGEN)] == VERWIJZINGEN
    assert lines[start + len(VERWIJZINGEN)] == ""
    # 6.3's new number is a change of text, shown in the article too
    assert "één afgevaardigde van de verschillende sectoren, zoals benoemd in artikel. 4.[-4-] {+5+}" in text


def test_the_renvooi_html_pdf_and_docx_list_them(renvooi):
    _text, folder = renvooi
    html = next(folder.glob("*.html")).read_text(encoding="utf-8")
    section = html.split('id="verwijzingen"')[1].split("</section>")[0]
    assert "artikel 6.3: de verwijzing naar" in section and "<del>4.4</del> <ins>4.5</ins>" in section
    assert "lees waarschijnlijk ‘Artikel 4.5’" in section
    pdf = flat(" ".join(pdf_texts(next(folder.glob("*.pdf")).read_bytes())))
    assert "Verwijzingen" in pdf and "lees waarschijnlijk ‘Artikel 4.5’" in pdf
    paragraphs = [p.text for p in docx.Document(io.BytesIO(next(folder.glob("*.docx")).read_bytes())).paragraphs]
    cover = paragraphs[:paragraphs.index("Renvooi (wijzigingen bijgehouden)")]
    # After the consequence and the overview, as in the HTML and PDF.
    assert cover[0] == "Renvooi" and "Gevolg voor de Partijen" in cover
    assert cover.index("Overzicht van de wijzigingen") < cover.index("Verwijzingen")
    assert f"artikel 6.3: de verwijzing naar “{SAMENSTELLING}” luidt nu 4.4 4.5" in cover
    assert VERWIJZINGEN[-1].strip() in cover


def test_the_wijzigingsvoorstel_lists_them(amended):
    result = cli("wijzigingsvoorstel", "zhz", "2026-1", "HEAD", "--root", amended, "--format", "docx")
    assert result.exit_code == 0, result.output
    data = next((amended / "build/zhz/wijzigingsvoorstel").glob("*.docx")).read_bytes()
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    cover = paragraphs[:paragraphs.index("Renvooi (wijzigingen bijgehouden)")]
    assert cover.index("Verwijzingen") < cover.index("Toelichting")
    assert VERWIJZINGEN[-1].strip() in cover


MOVED = ("clauses/artikelen/definities.md:{line}: artikel 1.17: 'Artikel 4.4' named artikel 4.4 in "
         f"version 2026-1 ('{SAMENSTELLING}'), which is artikel 4.5 now: should it read 'Artikel 4.5'?")


def test_lint_against_a_version_reports_the_literal_reference(amended):
    line = next(k for k, text in enumerate((amended / "clauses/artikelen/definities.md").read_text(
        encoding="utf-8").splitlines(), 1) if "op grond van Artikel 4.4" in text)
    plain = cli("lint", "zhz", "--root", amended)
    against = cli("lint", "zhz", "--tegen", "2026-1", "--root", amended)
    assert against.exit_code == plain.exit_code == 0
    moved = MOVED.format(line=line)
    assert moved in against.stdout.splitlines()
    assert moved not in plain.stdout
    assert sorted(against.stdout.splitlines()) == sorted(plain.stdout.splitlines() + [moved])
    # a git revision works as well as a version name; the version itself has nothing moved
    assert moved.replace("version 2026-1", "version HEAD~1").split("version")[0] in \
        cli("lint", "zhz", "--tegen", "HEAD~1", "--root", amended).stdout
    assert cli("lint", "zhz", "--tegen", "HEAD", "--root", amended).stdout == plain.stdout


@pytest.mark.parametrize("against, message", [
    ("2099-9", "error: '2099-9' is neither a recorded version of zhz (2026-1) nor a git revision"),
    ("werkversie", "error: --tegen needs a recorded version or a git revision, not the working text"),
])
def test_lint_against_what_is_not_a_version(amended, against, message):
    result = cli("lint", "zhz", "--tegen", against, "--root", amended)
    assert result.exit_code == 1
    assert result.stderr.strip() == message


# ---------------------------------------------------------------- the analysis itself

def changes_after(tmp_path, edits: list[tuple[str, str, str]]):
    """The reference changes of ZHZ from the real texts to a copy with ``edits`` (a regular
    expression and its replacement in a file)."""
    root = tmp_path / "repo"
    for folder in ("clauses", "parties", "convenants"):
        shutil.copytree(REPO / folder, root / folder)
    for rel, old, new in edits:
        text = (root / rel).read_text(encoding="utf-8")
        changed, n = re.subn(old, new, text, flags=re.DOTALL)
        assert n == 1, (rel, old)
        (root / rel).write_text(changed, encoding="utf-8")
    before, after = load_project(REPO), load_project(root)
    old = assemble_regions(before, ["zhz"])["zhz"]
    new = assemble_regions(after, ["zhz"])["zhz"]
    return reference_changes(before, old, after, new)


def test_a_removed_lid_is_reported_as_gone(tmp_path):
    changes = changes_after(tmp_path, [
        (STUURGROEP, r"## samenstelling @zhz\n.*?(?=## samenstelling @haaglanden)", ""),
        ("clauses/artikelen/tactisch-overleg.md", r"\{\{ref:stuurgroep\.samenstelling\}\}", "4.4")])
    gone = [m for m in changes.literal if m.now is None]
    assert [(m.where, m.text, m.named) for m in gone] == [("artikel 1.17", "Artikel 4.4", "artikel 4.4")]
    assert gone[0].dutch.endswith("dat is vervallen")


def test_a_reference_within_its_lid_moves_with_it_and_is_not_reported(tmp_path):
    """A lid inserted in artikel 4: 'sub c' in 4.5 (now 4.6) still names item c of its own
    lid; only 6.3 (symbolic) and 1.17 (literal) name another number."""
    changes = changes_after(tmp_path, [(STUURGROEP, "## samenstelling @zhz\n", NEW_LID + "## samenstelling @zhz\n")])
    assert [c.where for c in changes.symbolic] == ["artikel 6.3"]
    assert [m.where for m in changes.literal] == ["artikel 1.17"]


RELATIVE = "De voorzitter (onder a) leidt het overleg, met de taken van lid 2."


@pytest.mark.parametrize("edits, expected", [
    # an item after the last: nothing that is named changes number
    ([("- #leden de leden.\n", "- #leden de leden;\n- #gast de gast.\n")], []),
    # an item before a: 'onder a' now names the new item; 'lid 2' still names the taken
    ([("- #voorzitter", "- #gast de gast;\n- #voorzitter")],
     [("'onder a' named artikel 2.1, onder a in version v1 ('de voorzitter;'), which is "
       "artikel 2.1, onder b now: should it read 'onder b'?")]),
    # a lid before samenstelling: 'onder a' moves with its lid, 'lid 2' does not
    ([("## samenstelling\n", "## opening\n\nHet overleg opent.\n\n## samenstelling\n")],
     [("'lid 2' named artikel 2.2 in version v1 ('Het Regionaal Overleg heeft de taken van "
       "2.1, …'), which is artikel 2.3 now: should it read 'lid 3'?")]),
])
def test_a_relative_reference_is_reported_only_when_its_own_number_changes(tiny, edits, expected):
    from generator.commands.register import vaststellen

    edit(tiny, "clauses/artikelen/overleg.md", "- #leden de leden.\n", f"- #leden de leden.\n\n{RELATIVE}\n")
    init_repo(tiny)
    vaststellen(tiny, "noord", "v1", dt.date(2026, 1, 1))
    for old, new in edits:
        edit(tiny, "clauses/artikelen/overleg.md", old, new)
    result = cli("lint", "noord", "--tegen", "v1", "--root", tiny)
    moved = [line.split(": ", 2)[2] for line in result.stdout.splitlines() if " named " in line]
    assert moved == expected, result.output


def test_no_change_no_references(real_project, real_documents):
    doc = real_documents["zhz"]
    assert not reference_changes(real_project, doc, real_project, doc)


# ---------------------------------------------------------------- the count

def test_lint_stats_prints_the_count_docs_references_states(real_project, real_documents):
    stats = reference_stats(real_project, real_documents)
    result = cli("lint", "--stats", "--root", REPO)
    out = result.stdout.splitlines()
    assert out[out.index("stats:"):] == stats.lines()
    assert f"symbolic references: {stats.symbolic}" in out[out.index("stats:") + 1]
    documented = (REPO / "docs/references.md").read_text(encoding="utf-8")
    count = len(stats.literal)
    assert re.search(rf"\b{count} literal references?\b", documented), count
    for path, line, text, _regions in stats.literal:
        assert f"{path}:{line}" in documented and text in documented
    assert stats.symbolic > 50 and count <= 3
