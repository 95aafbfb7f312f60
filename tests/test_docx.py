"""The DOCX renderer: reopen the produced bytes with python-docx and check the structure.

Two sources: the real repository (both regions, whatever state the texts are in) for
headings, TOC, header/footer and page breaks; and a tiny project written to a temp dir
(the format of docs/formats.md) for lists, leden, signature blocks and escaping, which
the real texts may not exercise yet.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from generator.assemble import assemble_regions
from generator.project import load_project
from generator.render.docx import TOC_PLACEHOLDER, render_docx

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ["zhz", "haaglanden"]
NASTY = 'A & B <script> "x"'


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def real():
    """region -> (Document model, DOCX bytes, reopened python-docx document); rendered once."""
    docs = assemble_regions(load_project(ROOT), REGIONS)
    out = {}
    for region, doc in docs.items():
        data = render_docx(doc)
        out[region] = (doc, data, _open(data))
    return out


TINY_FILES = {
    "convenants/x.yaml": """\
titel: Convenant X
zvh: Huis X
termen:
  zvh: Huis
stijl:
  artikelkop: "."
  enkel_lid_nummeren: false
ondergetekenden: ondergetekenden
overwegingen: overwegingen
artikelen:
  - taken
  - enkel
slot: slot
bijlagen:
  - formulier
  - id: toelichting
    genummerd: false
partijen:
  - ab
  - gem
duur:
  inwerkingtreding: ondertekening
  looptijd_jaren: 4
  verlenging_jaren: 1
""",
    "parties/ab.yaml": """\
naam: 'A & B <script> "x"'
soort: organisatie
deelname:
  x:
    vertegenwoordiger:
      aanhef: mevrouw
      naam: J. Westerik
      functie: directeur
""",
    "parties/gem.yaml": "naam: Delft\nsoort: gemeente\ndeelname:\n  x:\n",
    "clauses/ondergetekenden.md": """\
---
titel: Ondergetekenden
---

{{partijen:gemeenten}}

{{partijen:organisaties}}
""",
    "clauses/overwegingen.md": "---\ntitel: Overwegingen\n---\n\nDe partijen overwegen.\n",
    "clauses/slot.md": """\
---
titel: Ondertekening
---

Aldus overeengekomen.

{{handtekeningen}}
""",
    "clauses/taken.md": """\
---
titel: Taken
---

## een

Het {{zvh}} heeft **vet** en *schuin* taken, met A & B <script> "x":

- eerste;
- tweede:

  * bol een;
  * bol twee:

    + open;

  Nog een alinea bij tweede.

- derde.

## twee

Genummerd, regel een\\
regel twee:

3. drie;
4. vier.

Romeins:

1) i;
2) ii.
""",
    "clauses/enkel.md": "---\ntitel: Enkel\n---\n\n## alleen\n\nAlleen lid.\n",
    "clauses/formulier.md": """\
---
titel: Formulier
---

### Artikel 1 Volmacht

Tekst.
""",
    "clauses/toelichting.md": "---\ntitel: Toelichting\n---\n\nUitleg.\n",
}


@pytest.fixture(scope="module")
def tiny_docx(tmp_path_factory):
    """The DOCX of the tiny project of this module (its own files, not conftest's `tiny`)."""
    root = tmp_path_factory.mktemp("tiny")
    for name, text in TINY_FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    doc = assemble_regions(load_project(root), ["x"])["x"]
    data = render_docx(doc)
    return doc, data, _open(data)


def _xml(data: bytes, part: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(part).decode("utf-8")


def _styled(document, style: str) -> list:
    return [p for p in document.paragraphs if p.style.name == style]


def _para(document, text: str):
    found = [p for p in document.paragraphs if p.text == text]
    assert found, f"no paragraph {text!r}"
    return found[0]


# ---------------------------------------------------------------- real documents

@pytest.mark.parametrize("region", REGIONS)
def test_every_article_is_a_heading_1(real, region):
    doc, _data, document = real[region]
    headings = [p.text for p in _styled(document, "Heading 1")]
    articles = [doc.article_heading(a) for a in doc.articles]
    assert [h for h in headings if h.startswith("Artikel ")] == articles
    expected = {"zhz": "Artikel 4. Stuurgroep", "haaglanden": "Artikel 4: Stuurgroep"}[region]
    assert articles[3] == expected and expected in headings


@pytest.mark.parametrize("region", REGIONS)
def test_heading_styles_look_legal(real, region):
    _doc, _data, document = real[region]
    for name in ("Heading 1", "Heading 3"):
        style = document.styles[name]
        assert style.font.bold and style.font.color.rgb == docx.shared.RGBColor(0, 0, 0)
        assert style.font.color.theme_color is None
        assert style.paragraph_format.keep_with_next
        assert style.element.rPr.rFonts.get(qn("w:asciiTheme")) is None


def _toc_entries(document) -> list[str]:
    """The texts of the TOC's entries as stored (before any update): "heading\tpage"."""
    return [p.text for p in document.paragraphs if p.style.name == "toc 1"]


def _field_chars(paragraph) -> list[str]:
    return [e.get(qn("w:fldCharType")) for e in paragraph._p.iter(qn("w:fldChar"))]


@pytest.mark.parametrize("region", REGIONS)
def test_toc_is_filled_in_and_stays_an_updatable_field(real, region):
    """Before Word updates anything, the TOC lists every article and annex (Heading 1), each
    a hyperlink to a bookmark on its heading with a PAGEREF; the whole list is one TOC field."""
    doc, _data, document = real[region]
    headings = [doc.article_heading(a) for a in doc.articles] + [doc.annex_heading(a) for a in doc.annexes]
    entries = _toc_entries(document)
    assert [e.split("\t")[0] for e in entries] == headings
    assert all(e.endswith("\t") for e in entries)  # no PDF rendered: no page numbers
    assert TOC_PLACEHOLDER not in [p.text for p in document.paragraphs]
    toc = [p for p in document.paragraphs if p.style.name == "toc 1"]
    first, last = toc[0], toc[-1]
    assert _para(document, "Inhoudsopgave")._p.getnext() is first._p
    instructions = [e.text.strip() for e in first._p.iter(qn("w:instrText"))]
    assert instructions == ['TOC \\o "1-2" \\h \\z \\u', "PAGEREF _Toc00000001 \\h"]
    assert _field_chars(first)[:2] == ["begin", "separate"] and _field_chars(last)[-1] == "end"
    chars = [c for p in toc for c in _field_chars(p)]
    assert chars.count("begin") == chars.count("end") == len(toc) + 1
    body = document.element.body
    names = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = [h.get(qn("w:anchor")) for p in toc for h in p._p.iter(qn("w:hyperlink"))]
    assert len(anchors) == len(toc) and set(anchors) <= names
    assert document.styles["toc 1"].element.styleId == "TOC1"
    assert _para(document, "Inhoudsopgave").paragraph_format.page_break_before
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_toc_prints_the_pages_it_is_given(real):
    """The page numbers of the PDF's headings (pdf_pages) in the PAGEREF results; an annex's
    bookmark may hold its title alone."""
    doc = real["zhz"][0]
    pages = {"Artikel4.Stuurgroep": 8, "Werkproces": 28}
    entries = _toc_entries(_open(render_docx(doc, pages)))
    assert "Artikel 4. Stuurgroep\t8" in entries
    assert any(e.startswith("Bijlage 3") and e.endswith("\t28") for e in entries)
    assert "Artikel 5. Besluitvorming Stuurgroep\t" in entries


def test_toc_page_numbers_from_the_pdf_of_the_same_build(real_documents):
    """`build` with pdf and docx: the DOCX's TOC prints the PDF's pages (its bookmarks)."""
    from pypdf import PdfReader

    from generator.commands.common import render_convenant

    out = render_convenant(real_documents["zhz"], ["pdf", "docx"])
    entries = dict(e.split("\t") for e in _toc_entries(_open(out["docx"])))
    reader = PdfReader(io.BytesIO(out["pdf"]))
    stuurgroep = next(item for item in reader.outline
                      if not isinstance(item, list) and "Stuurgroep" in item.title)
    assert entries["Artikel 4. Stuurgroep"] == str(reader.get_destination_page_number(stuurgroep) + 1)
    assert all(page.isdigit() for page in entries.values())


def test_toc_without_headings_keeps_the_placeholder():
    from generator.render.docx import new_document
    from generator.render.docx_toc import fill_toc

    document = new_document()
    heading = document.add_paragraph("Inhoudsopgave")
    assert fill_toc(document, heading) == 0
    assert [p.text for p in document.paragraphs] == ["Inhoudsopgave", TOC_PLACEHOLDER]


@pytest.mark.parametrize("region", REGIONS)
def test_page_header_and_footer(real, region):
    doc, _data, document = real[region]
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01) and abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert all(abs(getattr(section, f"{side}_margin") - Cm(2.5)) < Cm(0.01)
               for side in ("top", "bottom", "left", "right"))
    assert section.different_first_page_header_footer
    assert doc.zvh in section.header.paragraphs[0].text
    assert all(not p.text for p in section.first_page_header.paragraphs)
    footer = section.footer.paragraphs[0]
    instructions = [e.text.strip() for e in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    version, page = footer.text.split("\t")
    assert version == doc.version_label and doc.fingerprint[:12] in version
    assert page.startswith("Pagina ") and " van " in page
    colophon = "\n".join(p.text for p in document.paragraphs[:6])
    assert f"Vingerafdruk van de tekst (SHA-256): {doc.fingerprint}" in colophon


def _tab_stops(xml: str, style_id: str) -> list[tuple[str, int]]:
    """(alignment, position in twips) of a style's tab stops in styles.xml."""
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    style = root.find(f"{{*}}style[@{qn('w:styleId')}='{style_id}']")
    return [(t.get(qn("w:val")), int(t.get(qn("w:pos")))) for t in style.iter(qn("w:tab"))]


@pytest.mark.parametrize("region", REGIONS)
def test_header_and_footer_have_one_right_tab_at_the_text_edge(real, region):
    """The template's centre stop (4680) and US-Letter right stop (9360) are gone: the TAB
    after "Versie ... · vingerafdruk ..." goes to the right edge, 16 cm (9071 twips), also
    in the footer paragraph itself (no stop of its own that could come first)."""
    _doc, data, document = real[region]
    styles = _xml(data, "word/styles.xml")
    for style_id in ("Header", "Footer"):
        assert _tab_stops(styles, style_id) == [("right", Cm(16).twips)]
    parts = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/footer")]
    assert parts
    for part in parts:
        xml = _xml(data, part)
        assert 'w:pos="4680"' not in xml and 'w:pos="9360"' not in xml and "<w:tabs>" not in xml
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.style.name == "Footer" and footer.text.count("\t") == 1


@pytest.mark.parametrize("region", REGIONS)
def test_core_properties_and_no_template_leftovers(real, region):
    doc, data, document = real[region]
    props = document.core_properties
    secretariat = doc.manifest.secretariaat
    assert props.title == doc.title and props.subject == doc.zvh
    assert props.author == (secretariat.naam or secretariat.functie)
    day = doc.version_decided
    if day is not None:
        assert props.created.date() == day and props.modified.date() == day
    assert props.created.year != 2013 and props.revision == 1 and props.language == "nl-NL"
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "docProps/thumbnail.jpeg" not in names
    assert "thumbnail" not in _xml(data, "_rels/.rels")
    app = _xml(data, "docProps/app.xml")
    assert "Macintosh" not in app and "<Application>convenant</Application>" in app


def test_same_document_same_bytes(real, monkeypatch):
    """Reproducible: rendering again (later, or another day with SOURCE_DATE_EPOCH for a
    draft) gives the same bytes; the zip entries carry the document's date."""
    doc, data, _document = real["zhz"]
    assert render_docx(doc) == data
    stamps = {info.date_time for info in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert len(stamps) == 1
    import dataclasses

    draft = dataclasses.replace(doc, version=None, version_decided=None)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    first = render_docx(draft)
    assert first == render_docx(draft)
    assert _open(first).core_properties.created.date().isoformat() == "2026-01-01"


@pytest.mark.parametrize("region", REGIONS)
def test_dutch_language_and_serif_body(real, region):
    _doc, data, document = real[region]
    styles = _xml(data, "word/styles.xml")
    assert 'w:lang w:val="nl-NL"' in styles
    assert document.styles["Normal"].font.name == "Cambria"


@pytest.mark.parametrize("region", REGIONS)
def test_annexes_start_on_a_new_page(real, region):
    doc, _data, document = real[region]
    assert doc.annexes
    for annex in doc.annexes:
        para = _para(document, doc.annex_heading(annex))
        assert para.style.name == "Heading 1"
        assert para.paragraph_format.page_break_before


@pytest.mark.parametrize("region", REGIONS)
def test_parts_in_template_order(real, region):
    doc, _data, document = real[region]
    texts = [p.text for p in document.paragraphs]
    order = [doc.title, "Inhoudsopgave"]
    order += [p.title for p in (doc.ondergetekenden, doc.overwegingen) if p and p.title]
    order += [doc.article_heading(doc.articles[0]), doc.article_heading(doc.articles[-1])]
    order += [doc.slot.title] if doc.slot and doc.slot.title else []
    order += [doc.annex_heading(a) for a in doc.annexes]
    positions = [texts.index(t) for t in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize("region", REGIONS)
def test_signature_blocks_once_per_party(real, region):
    doc, _data, document = real[region]
    blocks = doc.signature_blocks()
    reps = [p for p in document.paragraphs
            if p.text.startswith("in dezen rechtsgeldig vertegenwoordigd door:")]
    assert len(reps) == len(blocks)
    if blocks:  # the slot may still be a stub while the texts are being entered
        assert len(blocks) == len(doc.party_ids)
    for block in blocks:
        first = block.lines()[0]  # "Naam partij: X" where no representative is known
        assert first.text == block.organisation
        orgs = [p for p in document.paragraphs if p.text == f"{first.label} {first.text}".strip()
                and p.runs and p.runs[0].bold]
        assert len(orgs) == sum(b.organisation == block.organisation for b in blocks)


@pytest.mark.parametrize("region", REGIONS)
def test_list_paragraphs_reference_defined_numbering(real, region):
    _doc, _data, document = real[region]
    _check_numbering(document)


# ---------------------------------------------------------------- tiny project

def _numbering(document):
    """numId -> (numFmt, lvlText, start) for each level, read back from numbering.xml."""
    root = document.part.numbering_part.element
    abstracts = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
    nums = {}
    for num in root.findall(qn("w:num")):
        abstract = abstracts[num.find(qn("w:abstractNumId")).get(qn("w:val"))]
        overrides = {o.get(qn("w:ilvl")): o.find(qn("w:startOverride")).get(qn("w:val"))
                     for o in num.findall(qn("w:lvlOverride"))}
        nums[num.get(qn("w:numId"))] = (abstract, overrides)
    return nums


def _num_of(para):
    num_pr = para._p.pPr.numPr if para._p.pPr is not None else None
    if num_pr is None:
        return None
    return str(num_pr.numId.val), str(num_pr.ilvl.val)


def _check_numbering(document) -> dict:
    """Every w:numPr points at a w:num and a level that exists; returns text -> level info."""
    nums, found = _numbering(document), {}
    for para in document.paragraphs:
        ref = _num_of(para)
        if ref is None:
            continue
        abstract, overrides = nums[ref[0]]
        lvl = [lv for lv in abstract.findall(qn("w:lvl")) if lv.get(qn("w:ilvl")) == ref[1]][0]
        found[para.text] = (ref[0], int(ref[1]), lvl.find(qn("w:numFmt")).get(qn("w:val")),
                            lvl.find(qn("w:lvlText")).get(qn("w:val")), overrides.get(ref[1]))
    return found


def test_lists_use_word_numbering(tiny_docx):
    _doc, _data, document = tiny_docx
    found = _check_numbering(document)
    assert found["eerste;"][1:] == (0, "lowerLetter", "%1.", "1")
    assert found["bol een;"][1:] == (1, "bullet", "\u2022", "1")
    assert found["open;"][1:] == (2, "bullet", "\u25e6", "1")
    assert found["drie;"][1:] == (0, "decimal", "%1.", "3")
    assert found["i;"][1:] == (0, "lowerRoman", "(%1)", "1")
    assert found["eerste;"][0] == found["derde."][0]
    lists = {found[t][0] for t in ("eerste;", "bol een;", "open;", "drie;", "i;")}
    assert len(lists) == 5, "each list instance has its own w:num"


def test_later_blocks_of_an_item_align_with_its_text(tiny_docx):
    _doc, _data, document = tiny_docx
    item = _para(document, "tweede:").paragraph_format
    more = _para(document, "Nog een alinea bij tweede.")
    assert _num_of(more) is None
    assert more.paragraph_format.left_indent == item.left_indent
    # The item's text starts one hanging indent right of the lid body (twips rounding).
    hang = item.left_indent - _lid_indent(document)
    assert abs(item.first_line_indent + hang) < Cm(0.01)


def _lid_indent(document):
    return _para(document, "1.1.\tHet Huis heeft vet en schuin taken, met " + NASTY + ":") \
        .paragraph_format.left_indent


def test_lid_numbers_are_static_text_with_hanging_indent(tiny_docx):
    _doc, _data, document = tiny_docx
    para = _para(document, "1.1.\tHet Huis heeft vet en schuin taken, met " + NASTY + ":")
    fmt = para.paragraph_format
    assert fmt.left_indent > 0 and fmt.first_line_indent == -fmt.left_indent
    assert _num_of(para) is None
    runs = {r.text: (r.bold, r.italic) for r in para.runs}
    assert runs["vet"] == (True, None) and runs["schuin"] == (None, True)
    alone = _para(document, "Alleen lid.")  # the only lid of its article: no number
    assert not alone.paragraph_format.left_indent


def test_hard_break_becomes_line_break(tiny_docx):
    _doc, _data, document = tiny_docx
    para = [p for p in document.paragraphs if p.text.startswith("1.2.\tGenummerd")][0]
    assert para.text == "1.2.\tGenummerd, regel een\nregel twee:"
    assert para._p.findall(".//" + qn("w:br"))


def test_signature_blocks_kept_together(tiny_docx):
    doc, _data, document = tiny_docx
    assert len(doc.signature_blocks()) == len(doc.party_ids) == 2
    texts = [p.text for p in document.paragraphs]
    for block in doc.signature_blocks():
        first = block.lines()[0]
        heading = f"{first.label} {first.text}".strip()  # "Naam partij: X" without a representative
        start = texts.index(heading)
        assert texts.count(heading) == 1
        length = 4 if block.has_representative else 5
        paras = document.paragraphs[start:start + length]
        assert paras[0].runs[0].bold
        assert paras[-1].text.startswith("Handtekening:")
        assert all(p.paragraph_format.keep_together for p in paras)
        assert all(p.paragraph_format.keep_with_next for p in paras[:-1])
        assert not paras[-1].paragraph_format.keep_with_next
    assert "in dezen rechtsgeldig vertegenwoordigd door: mevrouw J. Westerik, directeur" in texts
    assert "Naam en functie: \t" in texts


def test_text_is_data_and_round_trips_literally(tiny_docx):
    _doc, data, document = tiny_docx
    texts = [p.text for p in document.paragraphs]
    assert NASTY in texts  # the signature block's organisation
    assert any(t.startswith(NASTY + ", hierbij rechtsgeldig") for t in texts)
    body = _xml(data, "word/document.xml")
    assert "<script>" not in body
    assert "A &amp; B &lt;script&gt;" in body


def test_annex_headings_and_subheadings(tiny_docx):
    _doc, _data, document = tiny_docx
    assert _para(document, "Bijlage 1: Formulier").paragraph_format.page_break_before
    assert _para(document, "Toelichting").paragraph_format.page_break_before
    assert _para(document, "Artikel 1 Volmacht").style.name == "Heading 3"
