"""Tests written for mutants that survived (README, "Mutation testing"): each pins a behaviour
that no other test looked at closely enough to notice a change.

Fast on purpose (tiny projects, one git repository per module), so a mutation run can afford
them for every mutant.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from generator.assemble import assemble_regions
from generator.canonical import (Line, canonical_text, chunks, paragraph_text, plain_paragraphs,
                                 short)
from generator.dates import dutch_date, parse_date
from generator.errors import Problems, UsageError
from generator.history import log, open_repo, region_paths, resolve_side, uncommitted
from generator.model.register import Register, Signature, Version, dump_register, load_register
from generator.project import load_project
from generator.redline import registry_changes

from .conftest import TINY_FILES, write_files
from .gitrepo import git, init_repo

D = dt.date
SHA1, SHA2 = "a1" * 20, "b2" * 20
FP1, FP2 = "c3" * 32, "d4" * 32


def tiny_files(**changes: str) -> dict[str, str]:
    files = {name: textwrap.dedent(text) for name, text in TINY_FILES.items()}
    files.update({name: textwrap.dedent(text) for name, text in changes.items()})
    return files


def document(tmp_path: Path, name: str, region: str = "noord", edits=(), **files: str):
    """The assembled document of ``region`` in a tiny project with ``edits`` (file, old, new)."""
    root = write_files(tmp_path / name, tiny_files(**files))
    for rel, old, new in edits:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (rel, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return assemble_regions(load_project(root), [region])[region]


# ---------------------------------------------------------------- canonical.py

def test_short_fingerprint_is_twelve_hex_digits():
    assert short("0123456789abcdef" * 4) == "0123456789ab"


@pytest.mark.parametrize(("unit_label", "line", "first", "expected"), [
    ("4.2", Line("tekst"), True, "4.2\ttekst"),
    ("4.2", Line("tekst"), False, "tekst"),
    ("4.2", Line("punt", "item", "a."), True, "4.2\ta.\tpunt"),
    ("4.2", Line("punt", "item", "b."), False, "b.\tpunt"),
    ("", Line("punt", "item", "•"), True, "•\tpunt"),
    ("", Line("tekst"), True, "tekst"),
])
def test_paragraph_text(unit_label, line, first, expected):
    assert paragraph_text(unit_label, line, first) == expected


TINY_CANONICAL = """\
# Samenwerkingsconvenant Noord
# Artikel 1. Begrippen
Het Regionaal Overleg is het overleg van artikel 2.
# Artikel 2. Regionaal Overleg
## 2.1
Het Regionaal Overleg bestaat uit:
  a. de voorzitter;
  b. de secretaris;
  c. de leden.
## 2.2
Het Regionaal Overleg heeft de taken van 2.1, onder c.
# 
Aldus overeengekomen:
# Bijlage 1: Toetredingsformulier
Zie Bijlage 1.
"""


def test_canonical_form_of_the_tiny_project(tmp_path):
    """The form on data no amendment touches (the golden files also hold the real texts)."""
    doc = document(tmp_path, "repo")
    assert canonical_text(doc) == TINY_CANONICAL


def test_chunks_keep_the_keys_of_clauses_leden_and_items(tmp_path):
    doc = document(tmp_path, "repo")
    found = chunks(doc)
    assert [(c.kind, c.key, c.number) for c in found] == [
        ("part", "titel", ""), ("article", "begrippen", "1"), ("article", "overleg", "2"),
        ("part", "slot", ""), ("annex", "formulier", "1")]
    overleg = found[2]
    assert [(u.key, u.label) for u in overleg.units] == [("samenstelling", "2.1"), ("taken", "2.2")]
    lines = overleg.units[0].lines
    assert [(x.kind, x.label, x.depth, x.key) for x in lines] == [
        ("p", "", 0, None), ("item", "a.", 1, "voorzitter"), ("item", "b.", 1, "secretaris"),
        ("item", "c.", 1, "leden")]
    assert plain_paragraphs(doc)[3:8] == [
        "Artikel 2. Regionaal Overleg", "2.1\tHet Regionaal Overleg bestaat uit:",
        "a.\tde voorzitter;", "b.\tde secretaris;", "c.\tde leden."]


def test_white_space_and_unicode_are_normalised(tmp_path):
    """Two spellings of one text have one fingerprint: NFC, runs of white space as one."""
    plain = document(tmp_path, "a")
    spaced = document(tmp_path, "b", edits=[(
        "clauses/artikelen/overleg.md", "heeft de taken van", "heeft  de\ttaken   van")])
    assert canonical_text(spaced) == canonical_text(plain)
    accented = document(tmp_path, "c", edits=[(
        "clauses/artikelen/overleg.md", "heeft de taken", "heeft de cafe\u0301-taken")])
    assert "de café-taken" in canonical_text(accented)  # composed: U+00E9


RICH = {
    "clauses/overwegingen.md": """\
        ### Overwegende:

        * de samenwerking;
        * de wet.
        """,
    "clauses/bijlagen/toelichting.md": """\
        ---
        titel: Toelichting
        ---

        ### Volmacht

        Een volmacht is schriftelijk.

        -
          * een mandaat;
          * een machtiging.
        """,
}
RICH_EDITS = [
    ("convenants/noord.yaml", "ondergetekenden: ondergetekenden\n",
     "ondergetekenden: ondergetekenden\noverwegingen: overwegingen\n"),
    ("convenants/noord.yaml", "  - formulier\npartijen:",
     "  - formulier\n  - id: toelichting\n    genummerd: false\npartijen:"),
    ("clauses/artikelen/begrippen.md", "---\n\n## overleg", "---\n\nIn dit convenant:\n\n## overleg"),
]


def test_chunks_of_every_kind(tmp_path):
    """Titles, kinds, keys, preamble, subheadings, an unnumbered annex, an item whose text is
    a list: what the renvooi aligns and names by."""
    doc = document(tmp_path, "repo", edits=RICH_EDITS, **RICH)
    found = chunks(doc)
    assert [(c.kind, c.key, c.number, c.heading, c.title) for c in found] == [
        ("part", "titel", "", "Samenwerkingsconvenant Noord", "Samenwerkingsconvenant Noord"),
        ("part", "overwegingen", "", "", ""),
        ("article", "begrippen", "1", "Artikel 1. Begrippen", "Begrippen"),
        ("article", "overleg", "2", "Artikel 2. Regionaal Overleg", "Regionaal Overleg"),
        ("part", "slot", "", "", ""),
        ("annex", "formulier", "1", "Bijlage 1: Toetredingsformulier", "Toetredingsformulier"),
        ("annex", "toelichting", "", "Toelichting", "Toelichting")]
    lines = lambda chunk: [(u.key, u.label, [(x.kind, x.label, x.depth, x.key, x.text)
                                             for x in u.lines]) for u in chunk.units]
    assert lines(found[1]) == [("", "", [("h", "", 0, None, "Overwegende:"),
                                         ("item", "•", 1, None, "de samenwerking;"),
                                         ("item", "•", 1, None, "de wet.")])]
    assert lines(found[2]) == [("", "", [("p", "", 0, None, "In dit convenant:")]),
                               ("overleg", "", [("p", "", 0, None,
                                 "Het Regionaal Overleg is het overleg van artikel 2.")])]
    assert lines(found[6]) == [("", "", [
        ("h", "", 0, None, "Volmacht"), ("p", "", 0, None, "Een volmacht is schriftelijk."),
        ("item", "a.", 1, None, ""), ("item", "•", 2, None, "een mandaat;"),
        ("item", "•", 2, None, "een machtiging.")])]


# ---------------------------------------------------------------- dates.py

def test_dutch_date():
    assert [dutch_date(D(2027, 1, 15)), dutch_date(D(2026, 12, 1)), dutch_date(D(2024, 2, 29))] == \
        ["15 januari 2027", "1 december 2026", "29 februari 2024"]


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-02-29", D(2024, 2, 29)), ("2025-02-29", None), ("2025-1-5", None), ("20250105", None),
    (20250105, None), (None, None), (D(2025, 1, 5), None), ("2025-01-05T10:00", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


# ---------------------------------------------------------------- history.py

@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """The tiny project in git with three commits of known date, author and message."""
    root = init_repo(tmp_path_factory.mktemp("history") / "repo", files=tiny_files())
    first = git(root, "rev-parse", "HEAD").strip()

    def commit(rel: str, old: str, new: str, message: str, date: str, author: str) -> str:
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        subprocess.run(["git", "commit", "--quiet", "--all", "-m", message,
                        f"--author={author} <a@example.org>"], cwd=root, env=env, check=True)
        return git(root, "rev-parse", "HEAD").strip()

    second = commit("clauses/artikelen/overleg.md", "heeft de taken", "heeft alle taken",
                    "Art. 2.2: alle taken\n\nOp verzoek van de Stuurgroep.\nTweede regel.",
                    "2026-03-02T10:00:00+01:00", "Anna de Vries")
    third = commit("parties/stad.yaml", "A. Burger", "B. Burger", "Nieuwe burgemeester",
                   "2026-04-05T09:00:00+02:00", "Bert Jansen")
    return root, first, second, third


def test_log_entries_in_full(history):
    root, first, second, third = history
    repo = open_repo(root)
    entries = log(repo, ["clauses/artikelen/overleg.md", "parties/stad.yaml"])
    assert [(e.sha, e.date, e.author, e.subject, e.body) for e in entries] == [
        (third, D(2026, 4, 5), "Bert Jansen", "Nieuwe burgemeester", ""),
        (second, D(2026, 3, 2), "Anna de Vries", "Art. 2.2: alle taken", ""),
        (first, entries[2].date, "Secretariaat ZVH", "Convenanten vastgelegd", "")]
    with_bodies = log(repo, ["clauses/artikelen/overleg.md"], bodies=True)
    assert [(e.sha, e.body) for e in with_bodies] == [
        (second, "Op verzoek van de Stuurgroep.\nTweede regel."), (first, "")]


def test_log_span_and_paths(history):
    root, first, second, third = history
    repo = open_repo(root)
    paths = ["clauses/artikelen/overleg.md", "parties/stad.yaml"]
    assert [e.sha for e in log(repo, paths, since=first)] == [third, second]
    assert [e.sha for e in log(repo, paths, since=first, until=second)] == [second]
    assert [e.sha for e in log(repo, paths, until=second)] == [second, first]
    assert [e.sha for e in log(repo, ["parties/stad.yaml"], since=first)] == [third]
    assert log(repo, ["convenants/zuid.yaml"], since=first) == []


def test_log_paths_are_paths_even_when_a_branch_has_the_name(history):
    """The paths follow "--": a branch called like a file must not make them revisions."""
    root, first, second, third = history
    git(root, "branch", "clauses/artikelen/overleg.md", first)
    try:
        entries = log(open_repo(root), ["clauses/artikelen/overleg.md"])
    finally:
        git(root, "branch", "-D", "clauses/artikelen/overleg.md")
    assert [e.sha for e in entries] == [second, first]


def test_log_ends_given_by_name_and_missing_ends(history):
    root, first, second, third = history
    repo = open_repo(root)
    paths = ["clauses/artikelen/overleg.md", "parties/stad.yaml"]
    git(root, "tag", "v-eerste", first)
    try:
        assert [e.sha for e in log(repo, paths, since="v-eerste", until="HEAD~1")] == [second]
        assert [e.sha for e in log(repo, paths, since=first[:12])] == [third, second]
    finally:
        git(root, "tag", "-d", "v-eerste")
    missing = "e5" * 20
    with pytest.raises(UsageError) as info:
        log(repo, paths, since=missing)
    assert str(info.value).startswith(f"the log starts at commit {missing[:10]}, which is not in "
                                      "this repository")
    with pytest.raises(UsageError) as info:
        log(repo, paths, until=missing)
    assert str(info.value).startswith(f"'{missing}' is not a git revision")
    with pytest.raises(UsageError) as info:
        log(repo, paths, until="geen-tak")
    assert str(info.value) == "'geen-tak' is not a git revision"  # not a shallow clone: no hint


def test_region_paths_and_uncommitted(history):
    root, *_ = history
    repo = open_repo(root)
    project = load_project(root)
    text = ["clauses/artikelen/begrippen.md", "clauses/artikelen/overleg.md",
            "clauses/bijlagen/formulier.md", "clauses/ondergetekenden.md", "clauses/slot.md",
            "convenants/noord.yaml"]
    assert region_paths(repo, project, "noord") == text
    assert region_paths(repo, project, "noord", parties=True) == sorted(
        text + ["parties/stad.yaml", "parties/zorg-en-co.yaml"])
    assert region_paths(repo, project, "zuid", parties=True) == [
        "clauses/artikelen/begrippen.md", "clauses/artikelen/overleg.md",
        "clauses/bijlagen/formulier.md", "convenants/zuid.yaml", "parties/zorg-en-co.yaml"]
    assert uncommitted(repo, text) == []
    new = root / "clauses/artikelen/nieuw.md"
    new.write_text("tekst\n", encoding="utf-8")
    (root / "clauses/slot.md").write_text("Aldus.\n", encoding="utf-8")
    try:
        assert uncommitted(repo, ["clauses/artikelen"]) == ["clauses/artikelen/nieuw.md"]
        assert uncommitted(repo, ["clauses/slot.md", "convenants"]) == ["clauses/slot.md"]
    finally:
        new.unlink()
        git(root, "checkout", "--", "clauses/slot.md")


def test_resolve_side(history):
    root, first, second, third = history
    repo = open_repo(root)
    project = load_project(root)
    project.registers["noord"] = Register("noord", root / "register/noord.yaml",
                                      [Version("v1", D(2026, 1, 5), second, FP1)])
    worktree = resolve_side(repo, project, "noord", None)
    assert (worktree.label, worktree.commit, worktree.version, worktree.author) == \
        ("werkversie", None, None, "")
    assert resolve_side(repo, project, "noord", "werkversie").label == "werkversie"
    named = resolve_side(repo, project, "noord", "v1")
    assert (named.label, named.commit.hexsha, named.version.name) == ("v1", second, "v1")
    assert named.author == "Anna de Vries"
    assert named.date == dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    by_revision = resolve_side(repo, project, "noord", third)
    assert (by_revision.label, by_revision.commit.hexsha, by_revision.version) == \
        (third[:10], third, None)
    with pytest.raises(UsageError) as info:
        resolve_side(repo, project, "noord", "v9")
    assert "'v9' is neither a recorded version of noord (v1) nor a git revision" in str(info.value)
    with pytest.raises(UsageError) as info:
        resolve_side(repo, project, "zuid", "v9")
    assert "is neither a recorded version of zuid (none recorded)" in str(info.value)
    project.registers["noord"].versions.append(Version("v0", D(2025, 1, 5), "c" * 40, FP2))
    with pytest.raises(UsageError) as info:
        resolve_side(repo, project, "noord", "v0")
    assert str(info.value).startswith("version 'v0' names ") and "cccccccccc" in str(info.value)


# ---------------------------------------------------------------- registry in the renvooi

ZORG_REP = ("zorg-en-co", "deelname:\n  noord:\n",
            "deelname:\n  noord:\n    vertegenwoordiger:\n      aanhef: mevrouw\n"
            "      naam: C. Zorg\n      functie: directeur\n")


def party_edit(party: str, old: str, new: str):
    return (f"parties/{party}.yaml", old, new)


def test_representative_added_and_removed(tmp_path):
    without = document(tmp_path, "a")
    with_rep = document(tmp_path, "b", edits=[party_edit(*ZORG_REP)])
    assert registry_changes(without, with_rep) == [
        "Zorg & Co <Noord>: vertegenwoordiger (geen) → mevrouw C. Zorg, directeur"]
    assert registry_changes(with_rep, without) == [
        "Zorg & Co <Noord>: vertegenwoordiger mevrouw C. Zorg, directeur → (geen)"]
    assert registry_changes(without, without) == []


def test_a_new_first_party_does_not_hide_changes_of_the_others(tmp_path):
    dorp = "naam: Dorp\nsoort: gemeente\ndeelname:\n  noord:\n"
    old = document(tmp_path, "a")
    new = document(tmp_path, "b", edits=[
        ("convenants/noord.yaml", "  - stad\n", "  - dorp\n  - stad\n"),
        party_edit("stad", "A. Burger", "B. Burger")], **{"parties/dorp.yaml": dorp})
    assert registry_changes(old, new) == [
        "Gemeente Dorp: toegevoegd als Partij",
        "Gemeente Stad: vertegenwoordiger de heer A. Burger, burgemeester → "
        "de heer B. Burger, burgemeester"]


def test_registry_of_a_convenant_without_ondergetekenden_and_signature_blocks(tmp_path):
    """zuid has neither: parties are named by their id (this crashed with a KeyError)."""
    old = document(tmp_path, "a", "zuid")
    new = document(tmp_path, "b", "zuid", edits=[
        party_edit("stad", "deelname:\n", "deelname:\n  zuid:\n"),
        ("convenants/zuid.yaml", "  - zorg-en-co\n", "  - stad\n  - zorg-en-co\n")])
    assert registry_changes(old, new) == ["stad: toegevoegd als Partij"]
    assert registry_changes(new, old) == ["stad: geen Partij meer"]
    moved = document(tmp_path, "c", "zuid", edits=[
        party_edit("stad", "deelname:\n", "deelname:\n  zuid:\n"),
        ("convenants/zuid.yaml", "  - zorg-en-co\n", "  - zorg-en-co\n  - stad\n")])
    assert registry_changes(new, moved) == ["volgorde van ondertekening gewijzigd"]


def test_registry_with_signature_blocks_only(tmp_path):
    """No ondergetekenden: the signature blocks alone name the parties."""
    no_list = [("convenants/noord.yaml", "ondergetekenden: ondergetekenden\n", "")]
    old = document(tmp_path, "a", edits=no_list)
    new = document(tmp_path, "b", edits=no_list + [
        party_edit("zorg-en-co", "naam: Zorg & Co <Noord>", "naam: Zorg & Co Drenthe"),
        party_edit("stad", "A. Burger", "B. Burger")])
    assert registry_changes(old, new) == [
        "Gemeente Stad: vertegenwoordiger de heer A. Burger, burgemeester → "
        "de heer B. Burger, burgemeester",
        "Zorg & Co <Noord>: naam gewijzigd in Zorg & Co Drenthe"]


def test_registry_with_ondergetekenden_only(tmp_path):
    """No signature blocks: the ondergetekenden name the parties; an address is reported."""
    no_slot = [("convenants/noord.yaml", "slot: slot\n", "")]
    old = document(tmp_path, "a", edits=no_slot)
    new = document(tmp_path, "b", edits=no_slot + [
        party_edit("zorg-en-co", "adres: Brink 1,", "adres: Brink 2,")])
    assert registry_changes(old, new) == [
        "zorg-en-co: gegevens bij de ondergetekenden gewijzigd (adres of zetel)"]


# ---------------------------------------------------------------- model/register.py

def full_register(path: Path) -> Register:
    return Register("noord", path, [Version("2025-1", D(2025, 1, 15), SHA1, FP1),
                                  Version("2025.2_b", D(2025, 6, 1), SHA2, FP2)], [
        Signature("stad", "2025-1", D(2025, 2, 3), "Stad", "de heer A. Burger"),
        Signature("zorg-en-co", "2025-1", D(2025, 2, 4), "Assen \"Noord\""),
        Signature("dorp", "2025.2_b", D(2025, 7, 1), "Dorp", "mevrouw B. Dorpsma",
                  decided=D(2025, 6, 20), chair="de voorzitter"),
    ])


def load(path: Path, text: str | None = None) -> tuple[Register, list[str]]:
    if text is not None:
        path.write_text(text, encoding="utf-8")
    problems = Problems(path.parent)
    register = load_register(path, problems, None)
    return register, [str(p) for p in problems.items]


def test_register_round_trip(tmp_path):
    path = tmp_path / "noord.yaml"
    register = full_register(path)
    text = dump_register(register, "Convenant Noord")
    assert text.splitlines()[:8] == [
        "# Register: Convenant Noord.",
        "# Vastgestelde versies en ondertekeningen; written by `convenant vaststellen`",
        "# and `convenant sign` (one commit per record). Edit only to correct a mistake.",
        "versies:", "  - naam: 2025-1", "    besluit: 2025-01-15", f"    revisie: {SHA1}",
        f"    vingerafdruk: {FP1}"]
    assert '    plaats: Assen "Noord"' in text
    assert "toetredingen:" in text and "    voorzitter: de voorzitter" in text
    loaded, problems = load(path, text)
    assert problems == []
    assert loaded.versions == [Version(v.name, v.decided, v.revision, v.fingerprint, line)
                               for v, line in zip(register.versions, (5, 9))]
    assert [(s.party, s.version, s.date, s.place, s.by, s.decided, s.chair, s.accession)
            for s in loaded.signatures] == [
        (s.party, s.version, s.date, s.place, s.by, s.decided, s.chair, s.accession)
        for s in register.signatures]
    assert loaded.latest.name == "2025.2_b" and loaded.version("2025-1").revision == SHA1
    assert set(loaded.signed("2025-1")) == {"stad", "zorg-en-co"}
    assert set(loaded.signed("2025.2_b")) == {"dorp"}
    assert dump_register(loaded, "Convenant Noord") == text


def test_empty_register(tmp_path):
    path = tmp_path / "noord.yaml"
    text = dump_register(Register("noord", path), "Convenant Noord")
    assert text.splitlines()[3:] == ["versies: []", "ondertekeningen: []"]
    loaded, problems = load(path, text)
    assert (loaded.versions, loaded.signatures, loaded.latest, problems) == ([], [], None, [])


@pytest.mark.parametrize(("text", "expected"), [
    ("- a\n", [(1, "a register must be a mapping with 'versies' and 'ondertekeningen'")]),
    ("versies: []\nextra: 1\n", [(2, "unknown field 'extra'")]),
    ("versies: x\n", [(1, "'versies' must be a list")]),
    ("ondertekeningen: x\n", [(1, "'ondertekeningen' must be a list")]),
    ("versies:\n  - x\n", [(2, "each entry of 'versies' must be a mapping")]),
    (f'versies:\n  - naam: "v 1"\n    besluit: 2025-01-15\n    revisie: {SHA1}\n'
     f"    vingerafdruk: {FP1}\n", [(2, "'naam' 'v 1' is not a version name")]),
    (f"versies:\n  - naam: 2025\n    besluit: 2025-01-15\n    revisie: {SHA1}\n"
     f"    vingerafdruk: {FP1}\n", [(2, "'naam' must be text")]),
    (f'versies:\n  - naam: "v1"\n    besluit: 15-01-2025\n    revisie: {SHA1[:39]}\n'
     f"    vingerafdruk: {FP1}x\n    extra: x\n",
     [(3, "'besluit' must be a date written YYYY-MM-DD"), (4, "is not a full git commit id"),
      (5, "is not a SHA-256 in hex"), (6, "unknown field 'extra'")]),
    ('versies:\n  - naam: "v1"\n    besluit: 2025-01-15\n',
     [(2, "'revisie' is missing"), (2, "'vingerafdruk' is missing")]),
], ids=["list", "field", "versies", "ondertekeningen", "entry", "name", "number", "fields",
        "missing"])
def test_register_problems(tmp_path, text, expected):
    """Line and gist of each problem (the wording is free to improve)."""
    _register, problems = load(tmp_path / "noord.yaml", text)
    assert_problems(problems, expected)


def assert_problems(problems: list[str], expected: list[tuple[int, str]]) -> None:
    """Each expected (line, gist) is one problem, and there are no others."""
    assert len(problems) == len(expected), problems
    for line, gist in expected:
        assert any(p.startswith(f"noord.yaml:{line}: ") and gist in p for p in problems), \
            (line, gist, problems)


def test_register_problems_of_signatures(tmp_path):
    version = (f'versies:\n  - naam: "2025-1"\n    besluit: 2025-01-15\n    revisie: {SHA1}\n'
               f"    vingerafdruk: {FP1}\n")
    text = version + (
        "ondertekeningen:\n"
        '  - partij: stad\n    versie: "2025-1"\n    datum: 2025-02-03\n    plaats: Stad\n'  # 7
        '  - partij: stad\n    versie: "2025-1"\n    datum: 2025-02-05\n    plaats: Stad\n'  # 11
        '  - partij: dorp\n    versie: "9"\n    datum: 2025-02-05\n    plaats: Dorp\n'  # 15
        '  - partij: zorg\n    versie: "2025-1"\n    datum: 2025-01-14\n    plaats: Assen\n'  # 19
        "toetredingen:\n"
        '  - partij: dorp\n    versie: "2025-1"\n    besluit: 2025-03-01\n'  # 24
        "    datum: 2025-02-28\n    plaats: Dorp\n")
    register, problems = load(tmp_path / "noord.yaml", text)
    assert_problems(problems, [
        (11, "'stad' signed version '2025-1' twice (also line 7)"),
        (15, "signature of version '9', which is not recorded"),
        (19, "signed on 2025-01-14 before version '2025-1' was decided (2025-01-15)"),
        (24, "Bijlage 1 signed on 2025-02-28, before the Stuurgroep's decision (2025-03-01)")])
    assert [(s.party, s.date, s.accession) for s in register.signatures] == [
        ("stad", D(2025, 2, 3), False), ("dorp", D(2025, 2, 5), False),
        ("zorg", D(2025, 1, 14), False), ("dorp", D(2025, 2, 28), True)]


def test_register_version_recorded_twice(tmp_path):
    text = (f'versies:\n  - naam: "v1"\n    besluit: 2025-01-15\n    revisie: {SHA1}\n'
            f'    vingerafdruk: {FP1}\n  - naam: "v1"\n    besluit: 2025-02-15\n'
            f"    revisie: {SHA2}\n    vingerafdruk: {FP2}\n")
    register, problems = load(tmp_path / "noord.yaml", text)
    assert len(problems) == 1 and problems[0].startswith("noord.yaml:6: version 'v1' is recorded "
                                                         "twice (also line 2)"), problems
    assert [v.revision for v in register.versions] == [SHA1]


def test_register_problems_in_signature_fields(tmp_path):
    """Every field of a signature and an accession checked, each problem on its own line; a
    bad entry does not stop the entries after it."""
    version = (f'versies:\n  - naam: "v1"\n    besluit: 2025-01-15\n    revisie: {SHA1}\n'
               f"    vingerafdruk: {FP1}\n")
    text = version + (
        "ondertekeningen:\n"                       # 6
        "  - geen mapping\n"                        # 7
        "  - versie: 1\n"                           # 8
        "    datum: gisteren\n"                     # 9
        "    plaats: Stad\n"                        # 10
        "    door: 5\n"                             # 11
        "    extra: x\n"                            # 12
        '  - partij: stad\n    versie: "v1"\n    datum: 2025-02-03\n    plaats: Stad\n'  # 13
        "toetredingen:\n"                          # 17
        '  - partij: dorp\n    versie: "v1"\n    besluit: eergisteren\n'  # 18
        "    datum: 2025-02-28\n    plaats: Dorp\n    voorzitter: 7\n")    # 21
    register, problems = load(tmp_path / "noord.yaml", text)
    assert_problems(problems, [
        (7, "each entry of 'ondertekeningen' must be a mapping"),
        (8, "'partij' is missing"), (8, "'versie' must be text"),
        (9, "'datum' must be a date written YYYY-MM-DD"), (11, "'door' must be text"),
        (12, "unknown field 'extra'"),
        (20, "'besluit' must be a date written YYYY-MM-DD"), (23, "'voorzitter' must be text")])
    assert [(s.party, s.version, s.place) for s in register.signatures][-2:] == [
        ("stad", "v1", "Stad"), ("dorp", "v1", "Dorp")]
    assert register.region == "noord" and register.path == tmp_path / "noord.yaml"
    assert [s.line for s in register.signatures][-2:] == [13, 18]


def test_register_boundaries_and_spelling(tmp_path):
    """Signed on the day of the decision is fine; a signature may not carry an accession's
    fields; an empty party is missing; versions after a duplicate still load; a register that
    is not a mapping is reported where it starts; the file keeps non-ASCII letters as written."""
    version = (f'versies:\n  - naam: "v1"\n    besluit: 2025-01-15\n    revisie: {SHA1}\n'
               f"    vingerafdruk: {FP1}\n")
    text = version + (
        f'  - naam: "v1"\n    besluit: 2025-01-16\n    revisie: {SHA2}\n    vingerafdruk: {FP2}\n'
        f'  - naam: "v2"\n    besluit: 2025-01-17\n    revisie: {SHA2}\n    vingerafdruk: {FP2}\n'
        "ondertekeningen:\n"                                                        # 14
        '  - partij: stad\n    versie: "v1"\n    datum: 2025-01-15\n    plaats: Stad\n'  # 15
        '    besluit: 2025-01-15\n'                                                  # 19
        '  - partij: ""\n    versie: "v1"\n    datum: 2025-01-15\n    plaats: Stad\n'  # 20
        "toetredingen:\n"
        '  - partij: dorp\n    versie: "v1"\n    besluit: 2025-02-01\n'
        "    datum: 2025-02-01\n    plaats: Dorp\n")
    register, problems = load(tmp_path / "noord.yaml", text)
    assert_problems(problems, [(6, "version 'v1' is recorded twice (also line 2)"),
                               (19, "unknown field 'besluit'"), (20, "'partij' is missing")])
    assert [v.name for v in register.versions] == ["v1", "v2"]
    _register, problems = load(tmp_path / "noord.yaml", "# Register\n\n- a\n")
    assert len(problems) == 1 and problems[0].startswith("noord.yaml:3: a register must be a mapping")
    signed = Register("noord", tmp_path / "noord.yaml", [Version("v1", D(2025, 1, 15), SHA1, FP1)],
                    [Signature("stad", "v1", D(2025, 2, 3), "Zoë’s plaats", "mevrouw Ç. Öz")])
    text = dump_register(signed, "Convenant Noord")
    assert "    plaats: Zoë’s plaats" in text and "    door: mevrouw Ç. Öz" in text
