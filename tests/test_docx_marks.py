"""The invisible marks of the convenant DOCX (issue 19: the way back from Word).

Every paragraph written from a clause file is wrapped in a bookmark ``cv_<file key>_<line>``
naming where it is written; the title page carries ``_cvtekst_`` with the text's fingerprint.
Read back from the DOCX of both real covenants (rendered once per module)."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn

from generator.model.blocks import Heading, Paragraph, walk
from generator.render.docx import render_docx
from generator.render.docx_marks import mark_name, source_key

from .conftest import REPO

MARK = re.compile(r"cv_([0-9a-f]{6})_(\d+)$")
MARKERS = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)?(?:#[\w-]+\s+)?(?:@[\w-]+\s+)*")
"""What precedes a paragraph's text on its line: a heading's or list's marker, an item id,
region marks."""


@pytest.fixture(scope="module")
def words(real_documents):
    return {region: WordDocument(io.BytesIO(render_docx(doc)))
            for region, doc in real_documents.items()}


def marks_of(paragraph) -> list[str]:
    return [b.get(qn("w:name")) for b in paragraph._p.iter(qn("w:bookmarkStart"))
            if b.get(qn("w:name")).startswith(("cv_", "_cv"))]


def clause_files() -> dict[str, list[str]]:
    """key -> the clause file's lines."""
    out = {}
    for path in (REPO / "clauses").rglob("*.md"):
        out[source_key(path)] = path.read_text(encoding="utf-8").splitlines()
    return out


@pytest.mark.parametrize("region", ["zhz", "haaglanden"])
def test_every_paragraph_of_the_clause_files_is_marked_where_it_is_written(
        words, real_documents, region):
    files = clause_files()
    doc = real_documents[region]
    marked = {}
    for paragraph in words[region].paragraphs:
        names = [n for n in marks_of(paragraph) if n.startswith("cv_")]
        assert len(names) <= 1, (paragraph.text, names)
        if names:
            marked[names[0]] = paragraph.text
    # one mark per paragraph of running text the clause files hold (the registry's
    # generated party lists and signature blocks have none)
    expected = {mark_name(source_key(place.path), v.node.line)
                for place in doc.parts() for v in walk(place.blocks)
                if isinstance(v.node, (Paragraph, Heading)) and v.node.line}
    # and each article's heading, marked with the line of its 'titel'
    titles = {mark_name(source_key(a.path), a.title_line): a for a in doc.articles}
    expected |= set(titles)
    assert set(marked) == expected
    checked = 0
    for name, text in marked.items():
        key, line = MARK.match(name).groups()
        written = files[key][int(line) - 1]
        if name in titles:
            assert text == doc.article_heading(titles[name])
            assert written.startswith("titel:")
            continue
        if "{{" in written or "*" in MARKERS.sub("", written):
            continue  # placeholders and emphasis print differently from how they are written
        body = re.sub(r"^\d+\.\d+\.\t", "", text)  # a lid's number is printed, not written
        assert MARKERS.sub("", written).strip() == body.strip()[:len(MARKERS.sub("", written).strip())]
        checked += 1
    assert checked > 100


@pytest.mark.parametrize("region", ["zhz", "haaglanden"])
def test_the_title_page_names_the_text_by_its_fingerprint(words, real_documents, region):
    first = words[region].paragraphs[0]
    assert marks_of(first) == [f"_cvtekst_{real_documents[region].fingerprint[:24]}"]
    assert len(marks_of(first)[0]) <= 40  # Word's limit; LibreOffice cuts longer names
    # the marks are bookmarks only: the text a reader sees is unchanged
    assert first.text == real_documents[region].zvh


def test_the_file_key_is_the_path_from_clauses():
    assert source_key(REPO / "clauses" / "artikelen" / "stuurgroep.md") == source_key(
        "clauses/artikelen/stuurgroep.md") != source_key("clauses/artikelen/structuur.md")
    assert source_key(None) is None
    assert len(mark_name(source_key("clauses/slot.md"), 12345)) <= 40  # Word's limit


def test_the_renvooi_docx_marks_its_new_side_where_it_is_written(words):
    """`convenant diff`'s DOCX: every paragraph of the new side carries the mark the convenant
    DOCX gives the same paragraph; a hidden _cvrenvooi_ bookmark names the new text."""
    from generator.commands.diff import make_redline
    from generator.render.redline_docx import render_redline_docx

    redline = make_redline(REPO, "zhz")
    renvooi = WordDocument(io.BytesIO(render_redline_docx(redline)))
    names = [n for p in renvooi.paragraphs for n in marks_of(p)]
    convenant = {n for p in words["zhz"].paragraphs for n in marks_of(p) if n.startswith("cv_")}
    paragraph_marks = [n for n in names if n.startswith("cv_")]
    assert len(paragraph_marks) == len(set(paragraph_marks)) > 200
    assert set(paragraph_marks) <= convenant
    assert sorted(n for n in names if not n.startswith("cv_")) == sorted([
        f"_cvrenvooi_{redline.new_doc.fingerprint[:24]}",
        f"_cvoud_{redline.old_meta['commit'][:24]}"])
