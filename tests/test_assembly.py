"""Assembly: variants per region, terms, numbering, symbolic references, parties."""

from __future__ import annotations

from generator.assemble import assemble_regions
from generator.model.blocks import ListBlock, PartyList, SignatureBlocks
from generator.model.document import block_text
from generator.project import load_project
from generator.render.html import render_html
from tests.gitrepo import edit


def documents(root):
    project = load_project(root)
    return assemble_regions(project, project.regions)


def lid_text(doc, article_id: str) -> list[tuple[str, str]]:
    article = next(a for a in doc.articles if a.id == article_id)
    return [(lid.number, " ".join(t for b in lid.blocks for t in block_text(b))) for lid in article.leden]


def test_variants_terms_numbers_and_references(tiny):
    docs = documents(tiny)
    noord, zuid = docs["noord"], docs["zuid"]
    assert [noord.article_heading(a) for a in noord.articles] == [
        "Artikel 1. Begrippen", "Artikel 2. Regionaal Overleg"]
    assert zuid.article_heading(zuid.articles[1]) == "Artikel 2. Partneroverleg"  # default style
    assert lid_text(noord, "overleg") == [
        ("2.1", "Het Regionaal Overleg bestaat uit: a. de voorzitter; b. de secretaris; c. de leden."),
        ("2.2", "Het Regionaal Overleg heeft de taken van 2.1, onder c."),
    ]
    # zuid has no secretaris: the leden are item b, and the reference follows
    assert lid_text(zuid, "overleg") == [
        ("2.1", "Het Partneroverleg bestaat uit: a. de voorzitter; b. de leden."),
        ("2.2", "Het Partneroverleg heeft de taken van 2.1, onder b."),
    ]
    # noord does not number an only lid; zuid does (the default)
    assert lid_text(noord, "begrippen") == [("", "Het Regionaal Overleg is het overleg van artikel 2.")]
    assert lid_text(zuid, "begrippen")[0][0] == "1.1"
    assert noord.annexes[0].sections[0].blocks[0].text == "Zie Bijlage 1."


def test_inserting_a_lid_renumbers_what_follows_and_references_follow(tiny):
    edit(tiny, "clauses/artikelen/overleg.md", "## taken", "## nieuw\n\nEen nieuw lid.\n\n## taken")
    edit(tiny, "clauses/artikelen/begrippen.md", "{{ref:overleg}}", "{{ref:overleg.taken}}")
    noord = documents(tiny)["noord"]
    assert [n for n, _ in lid_text(noord, "overleg")] == ["2.1", "2.2", "2.3"]
    assert lid_text(noord, "overleg")[1] == ("2.2", "Een nieuw lid.")
    assert lid_text(noord, "begrippen")[0][1] == "Het Regionaal Overleg is het overleg van artikel 2.3."


def test_moving_an_article_renumbers_it_everywhere(tiny):
    edit(tiny, "convenants/noord.yaml", "  - begrippen\n  - overleg\n", "  - overleg\n  - begrippen\n")
    noord = documents(tiny)["noord"]
    assert [a.id for a in noord.articles] == ["overleg", "begrippen"]
    assert lid_text(noord, "begrippen")[0][1] == "Het Regionaal Overleg is het overleg van artikel 1."
    assert lid_text(noord, "overleg")[1][1] == "Het Regionaal Overleg heeft de taken van 1.1, onder c."


def test_parties_are_attached_from_the_registry(tiny):
    noord = documents(tiny)["noord"]
    lists = [b for s in noord.ondergetekenden.sections for b in s.blocks if isinstance(b, PartyList)]
    assert [(pl.kind, [e.text for e in pl.entries]) for pl in lists] == [
        ("gemeente", ["Stad;"]),
        ("organisatie", ["Zorg & Co <Noord>, statutair gevestigd te Assen en kantoorhoudend te "
                         "Brink 1, 9401 AA Assen;"]),
    ]
    blocks = noord.signature_blocks()
    assert [(b.organisation, b.representative) for b in blocks] == [
        ("Gemeente Stad", "de heer A. Burger, burgemeester"), ("Zorg & Co <Noord>", "")]


def test_party_names_and_clause_text_are_escaped_in_html(tiny):
    edit(tiny, "clauses/artikelen/overleg.md", "de voorzitter;", "de voorzitter <script>alert(1)</script> & co;")
    html = render_html(documents(tiny)["noord"])
    assert "Zorg &amp; Co &lt;Noord&gt;" in html
    assert "de voorzitter &lt;script&gt;alert(1)&lt;/script&gt; &amp; co;" in html
    assert "<script>" not in html


def test_real_documents_have_25_articles_and_all_parties(real_documents):
    for region, parties in (("zhz", 31), ("haaglanden", 34)):
        doc = real_documents[region]
        assert len(doc.articles) == 25
        assert len(doc.signature_blocks()) == parties == len(doc.party_ids)
    zhz, haaglanden = real_documents["zhz"], real_documents["haaglanden"]
    assert [a.number for a in zhz.annexes] == [1, 2, 3, 4, 5, None]
    assert [a.number for a in haaglanden.annexes] == [1, 2, 3]
    # ZHZ numbers artikel 10's only lid but not those of 24 and 25 (as its seed does)
    assert [lid.number for a in zhz.articles if a.id in ("contactpersonen", "opvolging", "toepasselijk-recht")
            for lid in a.leden] == ["10.1", "", ""]
    assert lid_text(haaglanden, "toepasselijk-recht") == [("25.1", "Op dit Convenant is Nederlands recht van toepassing.")]
    assert lid_text(zhz, "toepasselijk-recht") == [("", "Op dit Convenant is Nederlands recht van toepassing.")]


def test_regional_terms_in_the_real_texts(real_project, real_documents):
    assert real_project.clauses["toepasselijk-recht"].segments[0].regions is None  # stored once
    text = {r: " ".join(t for a in d.articles for lid in a.leden for b in lid.blocks for t in block_text(b))
            for r, d in real_documents.items()}
    assert "RTO" in text["zhz"] and "Partneroverleg" not in text["zhz"]
    assert "Partneroverleg" in text["haaglanden"] and "RTO" not in text["haaglanden"]
    assert "{{" not in text["zhz"] + text["haaglanden"]


def test_lists_are_labelled_per_style(real_documents):
    zhz = real_documents["zhz"]
    stuurgroep = next(a for a in zhz.articles if a.id == "stuurgroep")
    labels = {b.style: [i.label for i in b.items][:3] for lid in stuurgroep.leden for b in lid.blocks
              if isinstance(b, ListBlock)}
    assert labels["letters"] == ["a.", "b.", "c."]
    assert labels["bullets"] == ["•", "•", "•"]
    signature = [b for s in zhz.slot.sections for b in s.blocks if isinstance(b, SignatureBlocks)]
    assert len(signature) == 1


def test_placeholders_are_runs_parsed_once(tiny):
    """A clause file's {{term}}, {{ref:...}} and {{veld:...}} are runs of their own when parsed
    (their text as written); assembly fills in the term and reference runs, and the renderers
    print a filled-in run as one text with its neighbours of the same style."""
    from generator.model.blocks import walk

    (tiny / "clauses/artikelen/begrippen.md").write_text(
        "---\ntitel: Begrippen\n---\n\n## overleg\n\n*Het {{overleg}}*: zie artikel {{ref:overleg}} "
        "en {{veld:naam|[…]}}.\n", encoding="utf-8")
    project = load_project(tiny)
    para = project.clauses["begrippen"].segments[0].blocks[0]
    assert [(r.text, r.italic, r.term, r.ref, r.field) for r in para.runs] == [
        ("Het ", True, None, None, None), ("{{overleg}}", True, "overleg", None, None),
        (": zie artikel ", False, None, None, None), ("{{ref:overleg}}", False, None, "overleg", None),
        (" en ", False, None, None, None), ("[…]", False, None, None, "naam"), (".", False, None, None, None)]
    doc = assemble_regions(project, ["noord"])["noord"]
    runs = next(v.node for v in walk(doc.articles[0].leden[0].blocks)).runs
    assert [(r.text, r.term, r.ref) for r in runs][:4] == [
        ("Het ", None, None), ("Regionaal Overleg", "overleg", None), (": zie artikel ", None, None),
        ("2", None, "overleg")]
    assert "<em>Het Regionaal Overleg</em>: zie artikel 2 en […]." in render_html(doc)
    assert project.clauses["begrippen"].segments[0].blocks[0].runs[1].text == "{{overleg}}"  # a copy was filled
