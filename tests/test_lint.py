"""`convenant lint`: every check on a small fixture with and without the fault, the CLI, and
the findings on the real data (regressions: the real texts stay verbatim)."""

from __future__ import annotations


import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.lint import lint
from generator.errors import DataError, UsageError
from generator.lint import lint_documents

from .conftest import REPO, modules_imported, write_files

# A clean two-region project made for lint: Artikel 1 defines terms in both regions' way,
# the other articles use them, references point where they should.
BASE = {
    "convenants/noord.yaml": """\
        titel: Samenwerkingsconvenant Noord
        zvh: Zorg- en Veiligheidshuis Noord
        termen:
          zvh: Zorg- en Veiligheidshuis
          overleg: Regionaal Overleg
          regisseur: Casusregisseur
        ondergetekenden: ondergetekenden
        artikelen:
          - definities
          - overleg
          - regie
        slot: slot
        bijlagen:
          - formulier
        partijen:
          - stad
        duur:
          inwerkingtreding: ondertekening
          looptijd_jaren: 4
        """,
    "convenants/zuid.yaml": """\
        titel: Samenwerkingsconvenant Zuid
        zvh: Zorg- en Veiligheidshuis Zuid
        termen:
          zvh: zorg- en veiligheidshuis
          overleg: Partneroverleg
          regisseur: Casuscoördinator
        ondergetekenden: ondergetekenden
        artikelen:
          - definities
          - overleg
          - regie
        slot: slot
        bijlagen:
          - formulier
        partijen:
          - stad
        duur:
          inwerkingtreding: 2019-01-01
          looptijd_jaren: 5
        """,
    "parties/stad.yaml": """\
        naam: Stad
        soort: gemeente
        deelname:
          noord:
          zuid:
        """,
    "clauses/ondergetekenden.md": """\
        ### De ondergetekenden:

        {{partijen:gemeenten}}

        hierna afzonderlijk te noemen ‘Partij’ en gezamenlijk ‘Partijen’,
        """,
    "clauses/slot.md": """\
        Aldus overeengekomen in het {{zvh}}:

        {{handtekeningen}}
        """,
    "clauses/artikelen/definities.md": """\
        ---
        titel: Definities
        ---

        In dit Convenant wordt verstaan onder:

        ## casus

        *Casus*: een geval zoals omschreven in Bijlage 1;

        ## overleg

        *{{overleg}}*: het verband van Partijen zoals geformuleerd in artikel 2;

        ## werkplan

        *Werkplan*: het plan dat het {{overleg}} vaststelt op grond van artikel 2.2;

        ## regisseur

        *{{regisseur}}*: de medewerker die is belast met de taken in artikel 3.
        """,
    "clauses/artikelen/overleg.md": """\
        ---
        titel: "{{overleg}}"
        ---

        ## samenstelling

        Het {{overleg}} bestaat uit:

        - de voorzitter;
        - de leden.

        ## taken

        Het {{overleg}} stelt jaarlijks het Werkplan vast.

        ## besluiten

        Besluiten over het Werkplan neemt het {{overleg}} met de leden van artikel 2.1, onder b.
        """,
    "clauses/artikelen/regie.md": """\
        ---
        titel: "{{regisseur}}"
        ---

        ## aanwijzing

        Het {{overleg}} wijst voor een Casus een {{regisseur}} aan.

        ## verantwoording

        De {{regisseur}} legt verantwoording af aan het {{overleg}} (artikel 2).
        """,
    "clauses/bijlagen/formulier.md": """\
        ---
        titel: Toetredingsformulier
        ---

        Een Partij meldt een Casus aan met dit formulier.
        """,
}

FILES = {
    "overleg": "clauses/artikelen/overleg.md",
    "regie": "clauses/artikelen/regie.md",
    "definities": "clauses/artikelen/definities.md",
    "formulier": "clauses/bijlagen/formulier.md",
}


def project(tmp_path, **changes):
    """BASE with some files replaced (keys: FILES names or paths); None removes a file."""
    files = dict(BASE)
    for key, text in changes.items():
        path = FILES.get(key, key)
        if text is None:
            files.pop(path, None)
        else:
            files[path] = text
    return write_files(tmp_path / "repo", files)


def line_of(root, path, needle):
    """The 1-based line of ``needle`` in a fixture file."""
    for n, line in enumerate((root / path).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


def findings(root, regions=None):
    return lint(root, regions).lines()


def with_lid(extra: str, path: str = "overleg") -> dict:
    """Replace the 'besluiten' lid of artikel 2 (or the given file's text) by ``extra``."""
    text = BASE[FILES[path]]
    if path == "overleg":
        start = text.index("        ## besluiten")
        text = text[:start] + extra
    else:
        text = text + "\n" + extra
    return {path: text}


def lid(id_: str, text: str) -> str:
    return f"        ## {id_}\n\n        {text}\n"


# ------------------------------------------------------------------ the base is clean

def test_clean_project_has_no_findings(tmp_path):
    root = project(tmp_path)
    report = lint(root)
    assert report.lines() == []
    assert report.errors == [] and report.warnings == []
    assert report.summary() == "0 errors, 0 warnings in noord, zuid"


# ------------------------------------------------------------------ cross-references

@pytest.mark.parametrize("text, why", [
    ("volgens artikel 9.", "'artikel 9' points to nothing: there is no artikel 9 (artikel 1–3)"),
    ("volgens artikel 2.7.", "'artikel 2.7' points to nothing: artikel 2 has no lid 7 (2.1–2.3)"),
    ("volgens artikel 2.1, onder c.",
     "'artikel 2.1, onder c' points to nothing: artikel 2.1 has no item c (its items run a–b)"),
    ("volgens artikel 2.2, onder a.",
     "'artikel 2.2, onder a' points to nothing: artikel 2.2 has no lettered list (no item a)"),
    ("volgens artikel 2.1 a tot en met d.",
     "'artikel 2.1 a tot en met d' points to nothing: artikel 2.1 has no item c (its items run a–b)"),
    ("volgens artikel 3, lid 5.", "'artikel 3, lid 5' points to nothing: artikel 3 has no lid 5 (3.1–3.2)"),
    ("volgens lid 4 van dit artikel.", "'lid 4' points to nothing: artikel 2 has no lid 4 (2.1–2.3)"),
    ("volgens onder 3.9 genoemde taken.", "'onder 3.9' points to nothing: artikel 3 has no lid 9 (3.1–3.2)"),
    ("zoals in Bijlage 2.", "'Bijlage 2' points to nothing: bijlage 2 is not included (only bijlage 1)"),
    ("volgens Artikel 2 van het Convenant en artikel 12.",
     "'artikel 12' points to nothing: there is no artikel 12 (artikel 1–3)"),
])
def test_reference_to_what_does_not_exist_is_an_error(tmp_path, text, why):
    root = project(tmp_path, **with_lid(lid("besluiten", f"Besluiten worden genomen {text}")))
    line = line_of(root, FILES["overleg"], "Besluiten worden")
    assert findings(root) == ["errors:", f"{FILES['overleg']}:{line}: artikel 2.3: {why}"]


@pytest.mark.parametrize("text", [
    "volgens artikel 2.1, onder a en b.",
    "volgens Artikel 2.1., onder a en b: het protocol.",
    "volgens artikel 2.1 a tot en met b.",
    "volgens artikel 2.1,2.2 en 2.3 onder a.".replace(" onder a", ""),
    "volgens artikel 3, lid 2.",
    "volgens lid 2 van dit artikel.",
    "volgens de onder 2.1 genoemde samenstelling.",
    "zoals in Bijlage 1 bij dit Convenant.",
    "volgens Artikel 2 van het Convenant.",
    "zoals in dit artikel en de artikelen 1 en 3.",
    "volgens artikel 2 van de Wet publieke gezondheid.",
    "volgens art. 10:1 t/m 10:12 Awb.",
    "gelet op de artikelen 160, eerste lid onder d en 171, tweede lid Gemeentewet.",
    "gelet op de Jeugdwet, artikel 99.",
    "gelet op het Privacy Protocol artikel 45.",
])
def test_reference_that_exists_or_is_external_is_fine(tmp_path, text):
    root = project(tmp_path, **with_lid(lid("besluiten", f"Besluiten worden genomen {text}")))
    assert findings(root) == []


def test_reference_that_does_not_parse_is_an_error(tmp_path):
    root = project(tmp_path, **with_lid(lid("besluiten", "Zie Artikel 2,3, onder a: het protocol.")))
    line = line_of(root, FILES["overleg"], "Zie Artikel")
    assert findings(root) == [
        "errors:",
        f"{FILES['overleg']}:{line}: artikel 2.3: 'Artikel 2,3, onder a' does not parse: '2,3' is "
        "not an article or lid number (2.3? or 2 and 3?)",
    ]


def test_stray_full_stop_after_artikel_is_a_warning_and_the_target_still_checked(tmp_path):
    root = project(tmp_path, **with_lid(lid("besluiten", "Zoals benoemd in artikel. 2.1")))
    line = line_of(root, FILES["overleg"], "Zoals benoemd")
    assert findings(root) == [
        "warnings:",
        f"{FILES['overleg']}:{line}: artikel 2.3: 'artikel. 2.1': stray '.' after the word 'artikel'",
    ]
    root = project(tmp_path / "b", **with_lid(lid("besluiten", "Zoals benoemd in artikel. 2.9")))
    assert findings(root) == [
        "errors:",
        f"{FILES['overleg']}:{line}: artikel 2.3: 'artikel. 2.9' points to nothing: artikel 2 has "
        "no lid 9 (2.1–2.3)",
        "warnings:",
        f"{FILES['overleg']}:{line}: artikel 2.3: 'artikel. 2.9': stray '.' after the word 'artikel'",
    ]


def test_relative_item_reference_checks_the_same_lid(tmp_path):
    good = "\n".join(["        ## besluiten", "", "        Besluiten:", "",
                      "        - worden voorbereid;", "        - worden op basis van de onder a. "
                      "genoemde voorbereiding genomen.", ""])
    assert findings(project(tmp_path, **with_lid(good))) == []
    bad = good.replace("onder a.", "onder c.")
    root = project(tmp_path / "b", **with_lid(bad))
    line = line_of(root, FILES["overleg"], "onder c.")
    assert findings(root) == [
        "errors:",
        f"{FILES['overleg']}:{line}: artikel 2.3: 'onder c' points to nothing: artikel 2.3 has no "
        "item c (its items run a–b)",
    ]


def test_region_specific_reference_names_its_region(tmp_path):
    """Noord has a third member (onder c); zuid does not: the same text is broken only there."""
    overleg = BASE[FILES["overleg"]].replace("        - de leden.\n",
                                             "        - de leden;\n        - @noord de secretaris.\n")
    overleg = overleg.replace("artikel 2.1, onder b.", "artikel 2.1, onder c.")
    root = project(tmp_path, overleg=overleg)
    line = line_of(root, FILES["overleg"], "onder c.")
    assert findings(root) == [
        "errors:",
        f"{FILES['overleg']}:{line}: artikel 2.3: 'artikel 2.1, onder c' points to nothing: "
        "artikel 2.1 has no item c (its items run a–b) (zuid)",
    ]
    assert findings(root, ["zuid"]) == [
        "errors:",
        f"{FILES['overleg']}:{line}: artikel 2.3: 'artikel 2.1, onder c' points to nothing: "
        "artikel 2.1 has no item c (its items run a–b)",
    ]
    assert findings(root, ["noord"]) == []


def test_annex_with_its_own_articles_resolves_them_there(tmp_path):
    decree = """\
        ---
        titel: Besluit volmacht
        ---

        ### Artikel 1 Volmacht

        1. Een Partij verleent volmacht.

        ### Artikel 2 Machtiging

        2. De burgemeester ondertekent wat op grond van artikel 1 is aangegaan.
        """
    assert findings(project(tmp_path, formulier=decree + "\n        Een Casus.\n")) == []
    root = project(tmp_path / "b", formulier=decree.replace("artikel 1 is", "artikel 5 is")
                   + "\n        Een Casus.\n")
    line = line_of(root, FILES["formulier"], "artikel 5")
    assert findings(root) == [
        "errors:",
        f"{FILES['formulier']}:{line}: bijlage 1: 'artikel 5' points to nothing: bijlage 1 has no "
        "Artikel 5",
    ]


def test_definition_reference_that_misses_the_term_while_another_lid_has_it(tmp_path):
    moved = BASE[FILES["definities"]].replace("op grond van artikel 2.2;", "op grond van artikel 2.1;")
    root = project(tmp_path, definities=moved)
    line = line_of(root, FILES["definities"], "*Werkplan*")
    assert findings(root) == [
        "warnings:",
        f"{FILES['definities']}:{line}: artikel 1.3: the definition of 'Werkplan' refers to "
        "'artikel 2.1', which does not mention 'Werkplan'; artikel 2.2 and 2.3 do: has the text moved?",
    ]


@pytest.mark.parametrize("target", [
    "artikel 2.1 en 2.2",        # one of several targets mentions it
    "artikel 2",                 # the article as a whole mentions it
])
def test_definition_reference_that_is_fine(tmp_path, target):
    text = BASE[FILES["definities"]].replace("op grond van artikel 2.2;", f"op grond van {target};")
    assert findings(project(tmp_path, definities=text)) == []


def test_definition_reference_is_not_reported_when_no_other_lid_has_the_term(tmp_path):
    """Nothing to point to instead: the definition may well name a lid that does not repeat it."""
    text = BASE[FILES["definities"]].replace("op grond van artikel 2.2;", "op grond van artikel 2.1;")
    overleg = BASE[FILES["overleg"]].replace("het Werkplan", "het plan")
    regie = BASE[FILES["regie"]] + "\n        ## plan\n\n        De {{regisseur}} volgt het Werkplan.\n"
    assert findings(project(tmp_path, definities=text, overleg=overleg, regie=regie)) == []


def test_symbolic_reference_in_a_definition_is_checked_too(tmp_path):
    text = BASE[FILES["definities"]].replace("op grond van artikel 2.2;",
                                             "op grond van artikel {{ref:overleg.samenstelling}};")
    root = project(tmp_path, definities=text)
    line = line_of(root, FILES["definities"], "*Werkplan*")
    assert findings(root) == [
        "warnings:",
        f"{FILES['definities']}:{line}: artikel 1.3: the definition of 'Werkplan' refers to "
        "'{{ref:overleg.samenstelling}}' (artikel 2.1), which does not mention 'Werkplan'; "
        "artikel 2.2 and 2.3 do: has the text moved?",
    ]
    good = BASE[FILES["definities"]].replace("op grond van artikel 2.2;",
                                             "op grond van artikel {{ref:overleg.taken}};")
    assert findings(project(tmp_path / "b", definities=good)) == []


# ------------------------------------------------------------------ defined terms

def test_term_defined_but_never_used(tmp_path):
    text = BASE[FILES["definities"]] + "\n        ## triage\n\n        *Triage*: het beoordelen van een melding.\n"
    root = project(tmp_path, definities=text)
    line = line_of(root, FILES["definities"], "*Triage*")
    assert findings(root) == [
        "warnings:", f"{FILES['definities']}:{line}: artikel 1.5: 'Triage' is defined but never used"]
    used = BASE[FILES["regie"]] + "\n        ## triage\n\n        De {{regisseur}} doet de Triage.\n"
    assert findings(project(tmp_path / "b", definities=text, regie=used)) == []


def test_unused_term_names_the_variant_the_text_uses(tmp_path):
    text = BASE[FILES["definities"]] + ("\n        ## intake\n\n        *Aanmelding en Intake*: het "
                                        "voordragen van een Casus.\n")
    regie = BASE[FILES["regie"]] + "\n        ## intake\n\n        Na Aanmelding/Intake wijst het {{overleg}} aan.\n"
    root = project(tmp_path, definities=text, regie=regie)
    line = line_of(root, FILES["definities"], "*Aanmelding")
    assert findings(root) == [
        "warnings:",
        f"{FILES['definities']}:{line}: artikel 1.5: 'Aanmelding en Intake' is defined but never "
        "used; the text writes 'Aanmelding/Intake' (artikel 3.3)",
    ]


def test_abbreviation_and_inflections_count_as_use(tmp_path):
    text = BASE[FILES["definities"]] + ("\n        ## rto\n\n        *Regionaal Tactisch Overleg* "
                                        "(hierna te noemen RTO): het tactisch overleg.\n")
    regie = BASE[FILES["regie"]] + "\n        ## rto\n\n        Het RTO bespreekt de Casussen.\n"
    assert findings(project(tmp_path, definities=text, regie=regie)) == []


def test_term_defined_twice_in_artikel_1_is_an_error(tmp_path):
    text = BASE[FILES["definities"]] + "\n        ## casus-2\n\n        *Casus*: een geval.\n"
    root = project(tmp_path, definities=text)
    first = line_of(root, FILES["definities"], "*Casus*: een geval zoals")
    second = line_of(root, FILES["definities"], "*Casus*: een geval.")
    assert findings(root) == [
        "errors:",
        f"{FILES['definities']}:{second}: artikel 1.5: 'Casus' is defined twice in artikel 1 "
        f"(also artikel 1.1, line {first})",
    ]


def test_term_defined_twice_in_the_text(tmp_path):
    text = BASE["clauses/ondergetekenden.md"].replace(
        "{{partijen:gemeenten}}", "{{partijen:gemeenten}}\n\nverder aangeduid als ‘Partij’ of ‘Gemeente’,")
    root = project(tmp_path, **{"clauses/ondergetekenden.md": text})
    first = line_of(root, "clauses/ondergetekenden.md", "aangeduid als")
    second = line_of(root, "clauses/ondergetekenden.md", "hierna afzonderlijk")
    assert findings(root) == [
        "warnings:",
        f"clauses/ondergetekenden.md:{second}: ondergetekenden: 'Partij' is defined twice: also in "
        f"ondergetekenden, line {first}",
    ]


def test_artikel_1_term_introduced_again_in_text_is_fine(tmp_path):
    regie = BASE[FILES["regie"]].replace("voor een Casus", "voor een geval (hierna te noemen ‘Casus’)")
    assert findings(project(tmp_path, regie=regie)) == []


@pytest.mark.parametrize("sentence, phrase, count", [
    ("De {{regisseur}} stelt een Jaarverslag op.", "Jaarverslag", ""),
    ("De {{regisseur}} volgt het Plan van Aanpak, een plan van aanpak van Partijen.", "Plan van Aanpak", ""),
    ("Elke Verwerker is aansprakelijk; de Verwerkers en de verwerker overleggen.", "Verwerker",
     " (2 uses; also 'Verwerkers')"),
])
def test_capitalised_but_undefined_term(tmp_path, sentence, phrase, count):
    regie = BASE[FILES["regie"]] + f"\n        ## extra\n\n        {sentence}\n"
    root = project(tmp_path, regie=regie)
    line = line_of(root, FILES["regie"], sentence[-20:])
    assert findings(root) == [
        "warnings:",
        f"{FILES['regie']}:{line}: artikel 3.3: {phrase!r} is capitalised like a defined term but "
        f"is not defined{count}",
    ]


@pytest.mark.parametrize("sentence", [
    "De Raad voor de Kinderbescherming en de Algemene Verordening Gegevensbescherming gelden.",
    "De Burgemeester van de Stad en een Wethouder voor Jeugd worden gehoord.",
    "Het protocol Persoonsgerichte aanpak radicalisering geldt.",
    "Het {{overleg}} bespreekt Casussen en Werkplannen met een Partij.",
    "Partijen spreken dit af. Verwerking volgt.",
    "Het Zorg- en Veiligheidshuis Noord en de Stad werken samen.",
    "Zie het Toetredingsformulier bij de AVG en de WGBO.",
])
def test_names_sentence_starts_and_defined_words_are_not_undefined_terms(tmp_path, sentence):
    regie = BASE[FILES["regie"]] + f"\n        ## extra\n\n        {sentence}\n"
    assert findings(project(tmp_path, regie=regie)) == []


def test_undefined_term_is_per_region(tmp_path):
    """A term only noord defines, used in shared text: undefined in zuid only."""
    definities = BASE[FILES["definities"]] + ("\n        ## informatiecentrum @noord\n\n"
                                              "        *Informatiecentrum*: de medewerkers.\n")
    regie = BASE[FILES["regie"]] + "\n        ## extra\n\n        Er is een Informatiecentrum.\n"
    root = project(tmp_path, definities=definities, regie=regie)
    line = line_of(root, FILES["regie"], "Er is een")
    assert findings(root) == [
        "warnings:",
        f"{FILES['regie']}:{line}: artikel 3.3: 'Informatiecentrum' is capitalised like a defined "
        "term but is not defined (zuid)",
    ]


# ------------------------------------------------------------------ terminology

def test_other_regions_word_in_shared_text_suggests_the_placeholder(tmp_path):
    regie = BASE[FILES["regie"]] + "\n        ## extra\n\n        De Casusregisseur rapporteert.\n"
    root = project(tmp_path, regie=regie)
    line = line_of(root, FILES["regie"], "De Casusregisseur")
    assert findings(root) == [
        "warnings:",
        f"{FILES['regie']}:{line}: artikel 3.3: 'Casusregisseur' is noord's word for {{{{regisseur}}}}; "
        "this convenant says 'Casuscoördinator'; in shared text write {{regisseur}} (zuid)",
    ]


def test_other_regions_word_in_own_variant(tmp_path):
    regie = BASE[FILES["regie"]] + ("\n        ## extra @zuid\n\n        De Casusregisseur rapporteert.\n"
                                    "\n        ## extra @noord\n\n        De Casusregisseur rapporteert.\n")
    root = project(tmp_path, regie=regie)
    line = line_of(root, FILES["regie"], "De Casusregisseur")
    assert findings(root) == [
        "warnings:",
        f"{FILES['regie']}:{line}: artikel 3.3: 'Casusregisseur' is noord's word for {{{{regisseur}}}}; "
        "this convenant says 'Casuscoördinator' (zuid)",
    ]


def test_capitalisation_alone_is_not_another_name(tmp_path):
    slot = BASE["clauses/slot.md"].replace("in het {{zvh}}", "in het Zorg- en Veiligheidshuis")
    assert findings(project(tmp_path, **{"clauses/slot.md": slot})) == []


@pytest.mark.parametrize("text, shown, regions", [
    ("Dit gebeurt in het Veiligheidshuis.", "in het Veiligheidshuis", ""),
    ("Dit gebeurt in het Zorg en Veiligheidshuis.", "Zorg en Veiligheidshuis", ""),
    ("Dit gebeurt in het veiligheidshuis.", "in het veiligheidshuis", " (zuid)"),
])
def test_last_word_of_a_name_alone_is_another_name(tmp_path, text, shown, regions):
    regie = BASE[FILES["regie"]] + f"\n        ## extra\n\n        {text}\n"
    root = project(tmp_path, regie=regie)
    line = line_of(root, FILES["regie"], "Dit gebeurt")
    lines = findings(root)
    noord = "'Zorg- en Veiligheidshuis'"
    zuid = "'zorg- en veiligheidshuis'"
    expected = [f"{FILES['regie']}:{line}: artikel 3.3: {shown!r}: another name for {zuid} ({{{{zvh}}}}) (zuid)"]
    if not regions:
        expected.insert(0, f"{FILES['regie']}:{line}: artikel 3.3: {shown!r}: another name for "
                        f"{noord} ({{{{zvh}}}}) (noord)")
    assert lines == ["warnings:"] + expected


def test_ordinary_word_is_not_a_shortened_name(tmp_path):
    """'Regionaal Overleg' ends in a capital: 'het overleg' is the ordinary word."""
    regie = BASE[FILES["regie"]] + "\n        ## extra\n\n        Na het overleg volgt het besluit.\n"
    assert findings(project(tmp_path, regie=regie)) == []


# ------------------------------------------------------------------ structure

def test_lid_with_no_text_for_a_region(tmp_path):
    """Assembly refuses it (every command, lint too), with file and line: the build no longer
    leaves a lid out silently."""
    overleg = BASE[FILES["overleg"]] + "\n        ## extra\n\n        @noord Alleen in Noord.\n"
    root = project(tmp_path, overleg=overleg)
    line = line_of(root, FILES["overleg"], "## extra")
    with pytest.raises(DataError) as caught:
        findings(root)
    assert [str(p) for p in caught.value.problems] == [
        f"{FILES['overleg']}:{line}: 'extra' has no text for region 'zuid'"]
    overleg = BASE[FILES["overleg"]] + "\n        ## extra @noord\n\n        Alleen in Noord.\n"
    assert findings(project(tmp_path / "b", overleg=overleg)) == []


def test_annex_and_part_with_no_text_for_a_region(tmp_path):
    formulier = BASE[FILES["formulier"]].replace("        Een Partij", "        @noord Een Partij")
    slot = "@noord Aldus overeengekomen.\n"
    root = project(tmp_path, formulier=formulier, **{"clauses/slot.md": slot})
    manifest = "convenants/zuid.yaml"
    with pytest.raises(DataError) as caught:
        findings(root)
    assert [str(p) for p in caught.value.problems] == [
        f"{manifest}:{line_of(root, manifest, 'slot:')}: slot 'slot' has no text for region 'zuid'",
        f"{manifest}:{line_of(root, manifest, '- formulier')}: bijlage 'formulier' has no text "
        "for region 'zuid'",
    ]


def test_annex_named_by_title_but_not_included(tmp_path):
    extra = {
        "clauses/bijlagen/volmacht.md": """\
            ---
            titel: Besluit volmacht en machtiging
            ---

            Een Partij verleent volmacht.
            """,
        "convenants/noord.yaml": BASE["convenants/noord.yaml"].replace(
            "          - formulier\n", "          - formulier\n          - volmacht\n"),
    }
    regie = BASE[FILES["regie"]] + ("\n        ## extra\n\n        Zie het Besluit volmacht en "
                                    "machtiging en het Toetredingsformulier.\n")
    root = project(tmp_path, regie=regie, **extra)
    line = line_of(root, FILES["regie"], "Zie het Besluit")
    assert findings(root) == [
        "warnings:",
        f"{FILES['regie']}:{line}: artikel 3.3: names bijlage 'Besluit volmacht en machtiging' "
        "(volmacht), which this convenant does not include (zuid)",
    ]


# ------------------------------------------------------------------ the command and the CLI

def test_unknown_region_and_data_errors(tmp_path):
    root = project(tmp_path)
    with pytest.raises(UsageError, match="unknown region 'west'"):
        lint(root, ["west"])
    broken = BASE[FILES["regie"]] + "\n        ## extra\n\n        Zie {{ref:regie.nergens}}.\n"
    with pytest.raises(DataError, match="broken reference"):
        lint(project(tmp_path / "b", regie=broken))


def test_cli_exit_status_and_output(tmp_path):
    runner = CliRunner()
    root = project(tmp_path)
    result = runner.invoke(main, ["lint", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "0 errors, 0 warnings in noord, zuid\n"

    warn = project(tmp_path / "w", **with_lid(lid("besluiten", "Zoals benoemd in artikel. 2.1")))
    result = runner.invoke(main, ["lint", "zuid", "--root", str(warn)])
    line = line_of(warn, FILES["overleg"], "Zoals benoemd")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "warnings:",
        f"{FILES['overleg']}:{line}: artikel 2.3: 'artikel. 2.1': stray '.' after the word 'artikel'"]
    assert result.stderr == "0 errors, 1 warning in zuid\n"

    err = project(tmp_path / "e", **with_lid(lid("besluiten", "Zie artikel 9 en artikel. 2.1")))
    result = runner.invoke(main, ["lint", "--root", str(err)])
    line = line_of(err, FILES["overleg"], "Zie artikel")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "errors:",
        f"{FILES['overleg']}:{line}: artikel 2.3: 'artikel 9' points to nothing: there is no artikel 9 "
        "(artikel 1–3)",
        "warnings:",
        f"{FILES['overleg']}:{line}: artikel 2.3: 'artikel. 2.1': stray '.' after the word 'artikel'"]
    assert result.stderr == "1 error, 1 warning in noord, zuid\n"

    result = runner.invoke(main, ["lint", "west", "--root", str(root)])
    assert result.exit_code == 1
    assert "error: unknown region 'west'" in result.stderr


def test_cli_reports_data_that_does_not_load(tmp_path):
    broken = BASE[FILES["regie"]] + "\n        ## extra\n\n        Zie {{ref:regie.nergens}}.\n"
    root = project(tmp_path, regie=broken)
    result = CliRunner().invoke(main, ["lint", "--root", str(root)])
    assert result.exit_code == 1
    assert "broken reference {{ref:regie.nergens}}" in result.stderr
    assert result.stdout == ""


def test_lint_imports_no_pdf_machinery(tmp_path):
    root = project(tmp_path)
    assert modules_imported(["lint", "--root", str(root)]) == []


# ------------------------------------------------------------------ the real data

A = "clauses/artikelen/"
REAL_ERRORS = [
    # Haaglanden 15.3 writes "2,3" for 2.3 (the purposes of artikel 2.3, onder a)
    f"{A}uitwisseling-van-informatie.md:25: artikel 15.3: 'Artikel 2,3, onder a' does not parse: "
    "'2,3' is not an article or lid number (2.3? or 2 and 3?) (haaglanden)",
]
REAL_WARNINGS = [
    f"{A}aansprakelijkheid.md:15: artikel 22.3: 'Verwerking' is capitalised like a defined term but "
    "is not defined (3 uses)",
    f"{A}aansprakelijkheid.md:15: artikel 22.3: 'Verwerkingsverantwoordelijke' is capitalised like a "
    "defined term but is not defined (7 uses; also 'Verwerkingsverantwoordelijken')",
    f"{A}aansprakelijkheid.md:19: artikel 22.4: 'Verwerker' is capitalised like a defined term but is "
    "not defined (7 uses; also 'Verwerkers')",
    f"{A}casusoverleg.md:26: artikel 8.4: 'Casusregisseur' is zhz's word for {{{{casusregisseur}}}}; "
    "this convenant says 'Casuscoördinator' (haaglanden)",
    f"{A}casusoverleg.md:40: artikel 8.6: 'Casusregisseur' is zhz's word for {{{{casusregisseur}}}}; "
    "this convenant says 'Casuscoördinator'; in shared text write {{casusregisseur}} (haaglanden)",
    f"{A}casusregisseur.md:11: artikel 13.1: 'Casusregisseur' is zhz's word for {{{{casusregisseur}}}}; "
    "this convenant says 'Casuscoördinator' (haaglanden)",
    f"{A}casusregisseur.md:23: artikel 13.3: 'Plan van Aanpak' is capitalised like a defined term but "
    "is not defined",
    f"{A}contactpersonen.md:11: artikel 10.1: 'Casusregisseur' is zhz's word for {{{{casusregisseur}}}}; "
    "this convenant says 'Casuscoördinator' (haaglanden)",
    f"{A}definities.md:17: artikel 1.2: 'Casusregisseur' is zhz's word for {{{{casusregisseur}}}}; "
    "this convenant says 'Casuscoördinator' (haaglanden)",
    f"{A}definities.md:49: artikel 1.7: 'Aanmelding en Intake' is defined but never used; the text "
    "writes 'Aanmelding/Intake' (artikel 12.2)",
    f"{A}definities.md:49: artikel 1.7: 'Persoonsgegevens' is capitalised like a defined term but is "
    "not defined",
    f"{A}definities.md:81: artikel 1.11: 'zorg- veiligheidshuis': another name for "
    "'zorg- en veiligheidshuis' ({{zvh}}) (haaglanden)",
    # ZHZ: artikel 4.4 is Samenstelling since lid 4.2 (mandaat) was added; the Jaarplan is 4.5
    f"{A}definities.md:129: artikel 1.17: the definition of 'Jaarplan' refers to 'Artikel 4.4', which "
    "does not mention 'Jaarplan'; artikel 4.5, 4.6 and 4.7 do: has the text moved? (zhz)",
    f"{A}financiering.md:7: artikel 18.1: 'Casusregisseur' is zhz's word for {{{{casusregisseur}}}}; "
    "this convenant says 'Casuscoördinator'; in shared text write {{casusregisseur}} (haaglanden)",
    f"{A}manager.md:42: artikel 11.3: 'aan staf veiligheidshuis': another name for "
    "'zorg- en veiligheidshuis' ({{zvh}}) (haaglanden)",
    f"{A}procesregisseur.md:15: artikel 12.2: 'Zorg en Veiligheidshuis': another name for "
    "'Zorg- en Veiligheidshuis' ({{zvh}}) (zhz)",
    f"{A}procesregisseur.md:16: artikel 12.2: 'Aanmeldt' is capitalised like a defined term but is not "
    "defined (2 uses) (haaglanden)",
    f"{A}procesregisseur.md:16: artikel 12.2: 'in het Veiligheidshuis': another name for "
    "'zorg- en veiligheidshuis' ({{zvh}}) (haaglanden)",
    f"{A}procesregisseur.md:24: artikel 12.2: 'Aangemeld' is capitalised like a defined term but is "
    "not defined (haaglanden)",
    f"{A}procesregisseur.md:24: artikel 12.2: 'bij het Veiligheidshuis': another name for "
    "'zorg- en veiligheidshuis' ({{zvh}}) (haaglanden)",
    f"{A}procesregisseur.md:26: artikel 12.2: 'Casusregisseur' is zhz's word for {{{{casusregisseur}}}}; "
    "this convenant says 'Casuscoördinator' (haaglanden)",
    f"{A}structuur.md:21: artikel 3.1: 'Casusregisseur' is zhz's word for {{{{casusregisseur}}}}; "
    "this convenant says 'Casuscoördinator' (haaglanden)",
    f"{A}structuur.md:23: artikel 3.1: 'Personeel' is capitalised like a defined term but is not "
    "defined (zhz)",
    f"{A}stuurgroep.md:56: artikel 4.3: 'Partners' is capitalised like a defined term but is not "
    "defined (haaglanden)",
    f"{A}stuurgroep.md:58: artikel 4.3: 'Secretaris' is capitalised like a defined term but is not "
    "defined (haaglanden)",
    f"{A}stuurgroep.md:62: artikel 4.5: 'Jaarverslag' is capitalised like a defined term but is not "
    "defined (zhz)",
    f"{A}stuurgroep.md:62: artikel 4.5: 'Meerjarenbegroting' is capitalised like a defined term but is "
    "not defined (zhz)",
    f"{A}tactisch-overleg.md:27: artikel 6.3: 'artikel. 4.4': stray '.' after the word 'artikel' (zhz)",
    f"{A}tactisch-overleg.md:31: artikel 6.3: 'Zorg- en Veiligheidshuis Zuid': another name for "
    "'Zuid-Holland Zuid' ({{regio}}) (zhz)",
    "clauses/ondergetekenden.md:15: ondergetekenden: 'Partij' is defined twice: also in "
    "ondergetekenden, line 9 (haaglanden)",
]


@pytest.fixture(scope="module")
def real_report(real_project, real_documents):
    return lint_documents(real_project, real_documents)


def test_real_data_findings_exactly(real_report):
    assert real_report.lines() == ["errors:"] + REAL_ERRORS + ["warnings:"] + REAL_WARNINGS
    assert real_report.summary() == "1 error, 30 warnings in haaglanden, zhz"


@pytest.mark.parametrize("line", REAL_ERRORS + REAL_WARNINGS)
def test_real_finding(real_report, line):
    assert line in real_report.lines()


@pytest.mark.parametrize("region, errors, warnings", [("zhz", 0, 13), ("haaglanden", 1, 23)])
def test_real_data_per_region(region, errors, warnings):
    report = lint(REPO, [region])
    assert (len(report.errors), len(report.warnings)) == (errors, warnings)
    assert not any(line.endswith(f"({region})") for line in report.lines())


def test_real_data_cli_exits_1_on_the_haaglanden_reference(tmp_path):
    result = CliRunner().invoke(main, ["lint", "--root", str(REPO)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["errors:"] + REAL_ERRORS + ["warnings:"] + REAL_WARNINGS
    assert result.stderr == "1 error, 30 warnings in haaglanden, zhz\n"


def test_real_references_that_are_checked_and_fine(real_project, real_documents):
    """What the real text still cites literally: the numbers the signed text gets wrong (ZHZ
    1.17 'Artikel 4.4', Haaglanden 15.3 'Artikel 2,3'), 22.5's 'lid 4' (whose meaning is in
    doubt: docs/references.md), the decree's own 'artikel 1' and the laws. Every other
    reference is symbolic, resolves, and prints the number the signed text has."""
    from generator.lint import literal_references, region_text, resolve
    from generator.lint.references import resolve_symbolic

    seen, printed = {}, {}
    for region in ("zhz", "haaglanden"):
        rt = region_text(real_project, real_documents[region])
        for para in rt.paras:
            for ref in literal_references(para):
                targets = [resolve(rt, para, t) for t in ref.targets]
                seen[(region, para.where, ref.text)] = (
                    ref.external, [r.label if r else why for r, why in targets])
            assert all(resolve_symbolic(rt, key) is not None for key in para.refs), para.refs
            printed.setdefault((region, para.where), []).extend(para.ref_texts)
    assert {key: value for key, value in seen.items() if not value[0]} == {
        ("zhz", "artikel 1.17", "Artikel 4.4"): (False, ["artikel 4.4"]),  # the jaarplan is 4.5
        ("haaglanden", "artikel 15.3", "Artikel 2,3, onder a"): (False, []),  # does not parse
        ("zhz", "artikel 22.5", "lid 4"): (False, ["artikel 22.4"]),
        ("haaglanden", "artikel 22.5", "lid 4"): (False, ["artikel 22.4"]),
        ("zhz", "bijlage 5", "artikel 1"): (False, [None]),  # bijlage 5's own Artikel 1
    }
    external = {text for (region, where, text), (is_external, _) in seen.items() if is_external}
    assert external == {"art. 10:1 t/m 10:12", "artikelen 160, eerste lid onder d en 171, tweede lid"}
    # symbolic: each prints what the signed text has
    assert printed[("haaglanden", "artikel 1.19")] == ["4.4"]  # the jaarplan: right in haaglanden
    assert printed[("haaglanden", "artikel 1.20")] == ["6.6", "6.7", "6.8", "c"]
    assert printed[("zhz", "artikel 4.5")] == ["c"]  # (zie sub c): the Meerjarenbegroting
    assert printed[("zhz", "artikel 6.3")] == ["4.4"]  # 'artikel. 4.4': the samenstelling
    assert printed[("haaglanden", "artikel 6.6")] == ["6.8"]
    assert printed[("zhz", "artikel 6.6")] == ["6.4"]
    assert printed[("zhz", "artikel 12.2")] == ["a"]  # onder a.
    assert printed[("zhz", "artikel 12.3")] == ["12.2", "a", "g", "12.2, onder h"]
    assert printed[("haaglanden", "artikel 15.1")] == ["2", "16, lid 2"]
    assert printed[("zhz", "artikel 15.3")] == ["2.2", "a", "b", "2.3"]
    assert printed[("haaglanden", "artikel 15.3")] == ["2.2, onder a", "b", "2.3, onder b"]
    assert printed[("zhz", "artikel 17.3")] == ["4"]
    assert printed[("zhz", "bijlage 1")] == ["2"]
    assert printed[("zhz", "artikel 22.5")] == []
