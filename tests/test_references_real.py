"""The real clause files cite the convenant's own articles by id ({{ref:...}}): the literal
references to the convenant's own text that are left are exactly the ones docs/references.md
lists, with the count it states (a line shared by both regions counted once; references to
laws and a bijlage's own articles are not the convenant's and not counted)."""

from __future__ import annotations

import re

from generator.lint import literal_references, region_text, resolve

from .conftest import REPO

# (file, line, text) → the regions whose text has it
LEFT = {
    ("clauses/artikelen/aansprakelijkheid.md", 23, "lid 4"): ["haaglanden", "zhz"],
    ("clauses/artikelen/definities.md", 129, "Artikel 4.4"): ["zhz"],
    ("clauses/artikelen/uitwisseling-van-informatie.md", 25, "Artikel 2,3, onder a"): ["haaglanden"],
}
OWN_ARTICLES = {("clauses/bijlagen/besluit-volmacht.md", 33, "artikel 1"): ["zhz"]}
DOC = REPO / "docs" / "references.md"


def _bijlage_own(rt, para, ref) -> bool:
    """A bijlage's own article (a decree's 'artikel 1'): resolve() leaves it unchecked."""
    return (para.scope.annex is not None and bool(ref.targets)
            and all(resolve(rt, para, target) == (None, None) for target in ref.targets))


def literal_left(project, documents) -> tuple[dict, dict]:
    """The literal references to the convenant's own text, and those to a bijlage's own
    articles, each (file, line, text) once with the regions that have it."""
    own_text: dict = {}
    own_articles: dict = {}
    for region in sorted(documents):
        rt = region_text(project, documents[region])
        for para in rt.paras:
            for ref in literal_references(para):
                if ref.external:
                    continue
                found = own_articles if _bijlage_own(rt, para, ref) else own_text
                found.setdefault((project.rel(para.path), para.line, ref.text), []).append(region)
    return own_text, own_articles


def test_only_the_listed_literal_references_are_left(real_project, real_documents):
    own_text, own_articles = literal_left(real_project, real_documents)
    assert own_text == LEFT
    assert own_articles == OWN_ARTICLES


def test_docs_references_lists_them_and_states_the_count():
    text = DOC.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(clauses/[^`:]+):(\d+)` \| ([a-z, ]+) \| `([^`]+)`", text, re.MULTILINE)
    listed = {(path, int(line), ref): sorted(regions.split(", ")) for path, line, regions, ref in rows}
    assert listed == {**LEFT, **OWN_ARTICLES}
    count = re.search(r"^(\d+) literal references to the convenant's own articles are left in "
                      r"clauses/", text, re.MULTILINE)
    assert count and int(count.group(1)) == len(LEFT)


def test_every_other_reference_in_the_clause_files_is_symbolic():
    """No number after 'artikel'/'Bijlage' or 'onder'/'sub' in clauses/ outside the listed
    lines, the laws and the decree's own articles (its headings and line 28's 'eerste lid')."""
    allowed = {(path, line) for path, line, _ in [*LEFT, *OWN_ARTICLES]}
    laws = {("clauses/bijlagen/besluit-volmacht.md", 7), ("clauses/bijlagen/toelichting-mandaat.md", 7),
            ("clauses/bijlagen/toelichting-mandaat.md", 9)}
    pattern = re.compile(r"(?i)\b(?:artikel|artikelen|art\.|bijlage|lid|onder|sub)\.?\s+\d|"
                         r"\b(?:onder|sub)\s+[a-z]\b\.?(?=[\s,;:)])")
    found = []
    for path in sorted((REPO / "clauses").rglob("*.md")):
        rel = path.relative_to(REPO).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("### ") or (rel, number) in allowed | laws:
                continue
            found += [f"{rel}:{number}: {m.group(0)!r}" for m in pattern.finditer(line)]
    assert found == []
