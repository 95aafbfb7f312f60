"""`convenant toetreding`: changed answers, requests withdrawn or refused (closed), a new
request after a closed one, and a party of another region acceding; on real git repositories
in temp dirs, through the command line (click's CliRunner).

Every step that records something is one commit of only its own files; a refused step leaves
the work tree, index and HEAD as they were (repo_state).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.project import load_project

from .conftest import NAME, ORG, Inbox, accession_files
from .gitrepo import changed_files, commit_all, git, init_repo, repo_state

FILE = f"toetredingen/noord/{ORG}.yaml"
OBJECTION = "Geen taak in het kader van integrale veiligheid."


from .test_toetreding import cli, repo  # noqa: F401 (repo: the fixture, with the application form)


def ok(root, *args):
    result = cli(root, *args)
    assert result.exit_code == 0, result.output
    return result.output


def apply(root, date="2026-11-23"):
    return ok(root, "aanvraag", "noord", "--organisatie", str(root.parent / "aanvraag.yaml"),
              "--via", "stad", "--date", date)


def answer(root, party, date, objection=None):
    return ok(root, "akkoord", "noord", ORG, party, "--date", date,
              *(["--bezwaar", objection] if objection else []))


def stored(root, name=FILE) -> dict:
    return yaml.safe_load((root / name).read_text(encoding="utf-8"))


def subject(root, rev="HEAD") -> str:
    return git(root, "log", "-1", "--format=%s", rev).strip()


def refused(root, *args, code=1) -> str:
    """Run a step that must be refused: exit ``code``, one line, no traceback, nothing changed."""
    before = repo_state(root)
    result = cli(root, *args)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert repo_state(root) == before
    return result.stderr.strip()


def status(root, *org) -> str:
    return ok(root, "status", "noord", *org)


# ------------------------------------------------------------------------------ changed answers


def test_an_objection_withdrawn_counts_for_20_4_and_status(repo):
    apply(repo)
    answer(repo, "stad", "2026-11-30")
    answer(repo, "zorg-en-co", "2026-12-01", OBJECTION)
    answer(repo, "ggd", "2026-12-02")
    assert "zorg-en-co objected (Geen taak" in refused(repo, "besluit", "noord", ORG, "--date", "2026-12-10")
    output = answer(repo, "zorg-en-co", "2026-12-05")
    assert output.strip() == (f"recorded: zorg-en-co agrees to the accession of {ORG} on 2026-12-05 "
                              "(objection of 2026-12-01 withdrawn)")
    assert changed_files(repo) == [FILE]
    assert subject(repo) == f"toetreding: bezwaar ingetrokken, nu akkoord van zorg-en-co op {NAME} (noord)"
    body = git(repo, "log", "-1", "--format=%b")
    assert f"Eerder: bezwaar op 2026-12-01 ({OBJECTION})" in body
    # both answers stay in the file, in the order given
    assert [(r["partij"], str(r["datum"]), "akkoord" in r) for r in stored(repo)["reacties"]] == [
        ("stad", "2026-11-30", True), ("zorg-en-co", "2026-12-01", False),
        ("ggd", "2026-12-02", True), ("zorg-en-co", "2026-12-05", True)]
    accession = load_project(repo).accessions["noord"][ORG]
    assert len(accession.answers) == 4 and accession.answer("zorg-en-co").consent
    shown = status(repo)
    assert "agreed (3): stad, zorg-en-co, ggd" in shown and "objected:" not in shown
    assert (f"changed: zorg-en-co objected on 2026-12-01 ({OBJECTION}), then agreed on 2026-12-05") in shown
    assert "not answered (0)" in shown
    # every party agrees now: the Stuurgroep may decide
    assert "accedes to noord" in ok(repo, "besluit", "noord", ORG, "--date", "2026-12-10")


def test_consent_changed_into_an_objection_blocks_the_decision(repo):
    apply(repo)
    for party in ("stad", "zorg-en-co", "ggd"):
        answer(repo, party, "2026-12-01")
    output = answer(repo, "stad", "2026-12-01", "Eerst overleg.")  # the same day is fine
    assert output.strip() == (f"recorded: stad objects to the accession of {ORG} on 2026-12-01: "
                              "Eerst overleg. (consent of 2026-12-01 changed)")
    assert changed_files(repo) == [FILE]
    assert subject(repo) == f"toetreding: akkoord gewijzigd in bezwaar van stad op {NAME} (noord)"
    assert "Reden: Eerst overleg.\nEerder: akkoord op 2026-12-01\n" in git(repo, "log", "-1", "--format=%b")
    shown = status(repo)
    assert "agreed (2): zorg-en-co, ggd" in shown
    assert "objected: stad on 2026-12-01: Eerst overleg." in shown
    assert "changed: stad agreed on 2026-12-01, then objected on 2026-12-01 (Eerst overleg.)" in shown
    assert refused(repo, "besluit", "noord", ORG, "--date", "2026-12-10") == (
        "error: the Stuurgroep decides only after every party agreed (artikel 20.4): "
        "stad objected (Eerst overleg.)")
    # and back again: three answers of stad, the last counts
    answer(repo, "stad", "2026-12-03")
    assert ("changed: stad agreed on 2026-12-01, then objected on 2026-12-01 (Eerst overleg.), "
            "then agreed on 2026-12-03") in status(repo)
    assert [r["partij"] for r in stored(repo)["reacties"]].count("stad") == 3


def test_the_same_answer_twice_or_an_earlier_date_is_refused(repo):
    apply(repo)
    answer(repo, "stad", "2026-11-30")
    answer(repo, "zorg-en-co", "2026-12-01", OBJECTION)
    assert refused(repo, "akkoord", "noord", ORG, "stad", "--date", "2026-12-02") == \
        "error: stad already agreed on 2026-11-30"
    assert refused(repo, "akkoord", "noord", ORG, "zorg-en-co", "--date", "2026-12-02",
                   "--bezwaar", "Een andere reden.") == \
        f"error: zorg-en-co already objected ({OBJECTION}) on 2026-12-01"
    assert refused(repo, "akkoord", "noord", ORG, "zorg-en-co", "--date", "2026-11-30") == \
        "error: 2026-11-30 is before zorg-en-co's previous answer (2026-12-01)"
    assert refused(repo, "akkoord", "noord", ORG, "stad", "--date", "2026-11-29", "--bezwaar", "x") == \
        "error: 2026-11-29 is before stad's previous answer (2026-11-30)"


HEAD_OF_FILE = """\
organisatie:
  id: x
  naam: "Stichting X"
  statutaire_zetel: "Assen"
  adres: "Markt 1, 9401 GS Assen"
  email: "bestuur@x.example"
  vertegenwoordiger:
    aanhef: "mevrouw"
    naam: "A. de Vries"
    functie: "directeur"
  bijdrage: "Opvang."
aanvraag:
  via: stad
  datum: 2026-11-23
  reageren_voor: 2026-12-21
reacties:
  - partij: stad
    datum: 2026-11-30
    akkoord: true
"""


@pytest.mark.parametrize("more, message", [
    ("  - partij: stad\n    datum: 2026-11-30\n    akkoord: true\n",
     ":20: 'stad' gave the same answer twice (also line 17): a later answer of a party changes its answer"),
    ("  - partij: stad\n    datum: 2026-12-05\n    akkoord: true\n", ":20: 'stad' gave the same answer twice"),
    ("  - partij: stad\n    datum: 2026-11-29\n    bezwaar: x\n",
     ":21: reactie: 2026-11-29 is before 'stad''s previous answer (2026-11-30, line 17)"),
    ("besluit:\n  datum: 2026-12-10\n  afgewezen: nee\n", ":22: besluit: 'afgewezen' must be true"),
    ("besluit:\n  datum: 2026-12-10\n  reden: x\n", ":22: besluit: 'reden' is given only with 'afgewezen: true'"),
    ("besluit:\n  datum: 2026-12-10\ningetrokken:\n  datum: 2026-12-01\n",
     ":22: a request is either decided ('besluit') or withdrawn ('ingetrokken'), not both"),
    ("ingetrokken:\n  datum: 2026-12-01\n  door: x\n", ":22: unknown field 'door' in ingetrokken"),
])
def test_a_file_that_no_command_would_write_names_the_line(tmp_path, more, message):
    files = accession_files()
    files["toetredingen/noord/x.yaml"] = HEAD_OF_FILE + more
    root = init_repo(tmp_path / "repo", files=files)
    result = CliRunner().invoke(main, ["toetreding", "status", "noord", "--root", str(root)])
    assert result.exit_code == 1
    assert "toetredingen/noord/x.yaml" + message in result.stderr, result.stderr


def test_a_changed_answer_in_a_file_reads_back(tmp_path):
    files = accession_files()
    files["toetredingen/noord/x.yaml"] = HEAD_OF_FILE + (
        "  - partij: stad\n    datum: 2026-12-01\n    bezwaar: Toch niet.\n"
        "ingetrokken:\n  datum: 2026-12-02\n  reden: Fusie.\n")
    root = init_repo(tmp_path / "repo", files=files)
    accession = load_project(root).accessions["noord"]["x"]
    assert [(a.consent, a.replaces is not None) for a in accession.answers] == [(True, False), (False, True)]
    assert (accession.closed, accession.withdrawn, accession.closing_reason) == (
        "ingetrokken", dt.date(2026, 12, 2), "Fusie.")


# ------------------------------------------------------------------------------ closed requests


def closed_steps(root) -> list[str]:
    """Every step after closing is refused with one line; the lines."""
    return [refused(root, *args) for args in (
        ("akkoord", "noord", ORG, "ggd", "--date", "2026-12-20"),
        ("besluit", "noord", ORG, "--date", "2026-12-20"),
        ("besluit", "noord", ORG, "--date", "2026-12-20", "--afwijzen"),
        ("intrekken", "noord", ORG, "--date", "2026-12-20"),
        ("verzenden", "noord", ORG, "--smtp", "127.0.0.1:25"),
    )]


def test_withdrawal_is_one_commit_and_closes_the_request(repo):
    apply(repo)
    answer(repo, "stad", "2026-11-30")
    manifest = (repo / "convenants" / "noord.yaml").read_bytes()
    assert refused(repo, "intrekken", "noord", ORG, "--date", "2026-11-22") == \
        "error: 2026-11-22 is before the request was made (2026-11-23)"
    output = ok(repo, "intrekken", "noord", ORG, "--date", "2026-11-25",
                "--reden", "  Fusie   met een   andere stichting. ")
    assert output.strip() == (f"recorded: {NAME} withdrew its request to accede to noord; "
                              "closed: ingetrokken on 2026-11-25 (Fusie met een andere stichting.)")
    assert changed_files(repo) == [FILE]
    assert subject(repo) == f"toetreding: aanvraag ingetrokken door {NAME} (noord)"
    assert "Reden: Fusie met een andere stichting." in git(repo, "log", "-1", "--format=%b")
    assert git(repo, "status", "--porcelain").strip() == ""
    assert stored(repo)["ingetrokken"] == {"datum": dt.date(2026, 11, 25),
                                           "reden": "Fusie met een andere stichting."}
    assert "besluit" not in stored(repo) and len(stored(repo)["reacties"]) == 1
    assert (repo / "convenants" / "noord.yaml").read_bytes() == manifest
    assert not (repo / "parties" / f"{ORG}.yaml").exists()
    assert ("; closed: ingetrokken on 2026-11-25 (Fusie met een andere stichting.)"
            in status(repo).splitlines()[0])
    steps = closed_steps(repo)
    closed = f"error: {ORG!r} withdrew its request in noord on 2026-11-25 (closed): "
    assert steps == [closed + "answers can no longer be recorded",
                     closed + "a decision can no longer be recorded",
                     closed + "a decision can no longer be recorded",
                     closed + "the request can no longer be withdrawn",
                     closed + "no e-mails are sent about a closed request"]


def test_refusal_needs_no_answers_and_closes_the_request(repo, smtp_server):
    apply(repo)
    answer(repo, "stad", "2026-12-01")
    manifest = (repo / "convenants" / "noord.yaml").read_bytes()
    assert refused(repo, "besluit", "noord", ORG, "--date", "2026-11-30", "--afwijzen") == \
        "error: 2026-11-30 is before the last answer (2026-12-01)"
    output = ok(repo, "besluit", "noord", ORG, "--date", "2026-12-10", "--afwijzen",
                "--reden", "Geen meerwaarde voor het Regionaal Overleg.")
    assert output.strip() == (f"recorded: the Stuurgroep refused the request of {NAME} to accede "
                              "to noord; closed: afgewezen on 2026-12-10 (Geen meerwaarde voor het "
                              "Regionaal Overleg.)")
    assert changed_files(repo) == [FILE]
    assert subject(repo) == f"toetreding: besluit Stuurgroep, aanvraag van {NAME} afgewezen (noord)"
    assert stored(repo)["besluit"] == {"datum": dt.date(2026, 12, 10), "afgewezen": True,
                                       "reden": "Geen meerwaarde voor het Regionaal Overleg."}
    assert (repo / "convenants" / "noord.yaml").read_bytes() == manifest
    assert not (repo / "parties" / f"{ORG}.yaml").exists()
    assert not (repo / "build" / "noord" / "convenant.html").exists()  # nothing built
    shown = status(repo)
    assert "closed: afgewezen on 2026-12-10 (Geen meerwaarde" in shown
    assert "not answered (2): zorg-en-co, ggd" in shown  # as it was when the request closed
    closed = f"error: the Stuurgroep refused the request of {ORG!r} in noord on 2026-12-10 (closed): "
    assert closed_steps(repo)[0] == closed + "answers can no longer be recorded"
    assert closed_steps(repo)[4] == closed + "no e-mails are sent about a closed request"
    # verzenden of a closed request sends nothing, also with a real server listening
    inbox = Inbox()
    refused(repo, "verzenden", "noord", ORG, "--smtp", smtp_server(inbox))
    assert inbox.received == []


def test_refusal_without_a_reason(repo):
    apply(repo)
    ok(repo, "besluit", "noord", ORG, "--date", "2026-11-23", "--afwijzen")
    assert stored(repo)["besluit"] == {"datum": dt.date(2026, 11, 23), "afgewezen": True}
    assert "closed: afgewezen on 2026-11-23\n" in status(repo)


def test_a_positive_decision_can_no_longer_be_refused_or_withdrawn(repo):
    apply(repo)
    for party in ("stad", "zorg-en-co", "ggd"):
        answer(repo, party, "2026-12-01")
    ok(repo, "besluit", "noord", ORG, "--date", "2026-12-10")
    assert refused(repo, "intrekken", "noord", ORG, "--date", "2026-12-11") == (
        f"error: the Stuurgroep already decided on {ORG!r} on 2026-12-10: the request can no longer be withdrawn")
    assert refused(repo, "besluit", "noord", ORG, "--date", "2026-12-11", "--afwijzen") == (
        f"error: the Stuurgroep already decided on {ORG!r} on 2026-12-10: a decision can no longer be recorded")
    assert f"is already a party of noord (parties/{ORG}.yaml)" in refused(
        repo, "aanvraag", "noord", "--organisatie", str(repo.parent / "aanvraag.yaml"),
        "--via", "stad", "--date", "2026-12-12")


@pytest.mark.parametrize("extra, message", [
    (("--plaats", "Assen"), "error: --plaats: not with --afwijzen (a refusal is only recorded: "
                            "nothing is signed, built or sent)"),
    (("--ondertekend", "2026-12-10", "--smtp", "127.0.0.1:25"), "error: --ondertekend, --smtp: not with --afwijzen"),
])
def test_afwijzen_takes_no_signing_options(repo, extra, message):
    apply(repo)
    assert refused(repo, "besluit", "noord", ORG, "--date", "2026-12-10", "--afwijzen", *extra).startswith(message)


def test_reden_only_with_afwijzen(repo):
    apply(repo)
    assert refused(repo, "besluit", "noord", ORG, "--date", "2026-12-10", "--reden", "x") == \
        "error: --reden is given only with --afwijzen"


def test_an_empty_reason_is_a_usage_error(repo):
    apply(repo)
    before = repo_state(repo)
    result = cli(repo, "intrekken", "noord", ORG, "--date", "2026-12-10", "--reden", " ")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Invalid value for '--reden': is empty" in result.stderr
    result = cli(repo, "intrekken", "noord", ORG)
    assert result.exit_code == 2 and "Missing option '--date'" in result.stderr
    assert repo_state(repo) == before


# ------------------------------------------------------------------------------ applying again


def test_applying_again_after_a_closed_request(repo):
    apply(repo)
    answer(repo, "stad", "2026-11-30")
    old = (repo / FILE).read_bytes()
    # while the request is open, no second one
    assert refused(repo, "aanvraag", "noord", "--organisatie", str(repo.parent / "aanvraag.yaml"),
                   "--via", "stad", "--date", "2026-11-24") == (
        f"error: {ORG!r} has already applied in noord ({FILE}, open): a new request can be made "
        "once it is withdrawn or refused")
    ok(repo, "intrekken", "noord", ORG, "--date", "2026-12-01")
    assert refused(repo, "aanvraag", "noord", "--organisatie", str(repo.parent / "aanvraag.yaml"),
                   "--via", "stad", "--date", "2026-11-30") == (
        f"error: 2026-11-30 is before the end of {ORG!r}'s earlier request in noord (2026-12-01)")
    old = (repo / FILE).read_bytes()
    output = apply(repo, "2027-02-01")
    second = f"toetredingen/noord/{ORG}.2.yaml"
    assert changed_files(repo) == [second]  # the closed request's file is kept as it was
    assert (repo / FILE).read_bytes() == old
    assert "Opnieuw aangevraagd: aanvraag 2" in git(repo, "log", "-1", "--format=%b")
    assert f"build/noord/toetreding/{ORG}.2/toetredingsformulier.pdf" in output
    assert stored(repo, second)["aanvraag"]["datum"] == dt.date(2027, 2, 1)
    assert stored(repo, second)["reacties"] == []
    # the steps go to the open request
    answer(repo, "stad", "2027-02-02", "Nog steeds geen taak.")
    assert changed_files(repo) == [second]
    shown = status(repo, ORG).splitlines()
    assert shown[0].startswith(f"{ORG} ({NAME}): requested 2026-11-23 via stad")
    assert shown[0].endswith("closed: ingetrokken on 2026-12-01")
    assert f"{ORG}.2 ({NAME}): requested 2027-02-01 via stad; answers due 2027-03-01; not decided" in shown
    assert "  objected: stad on 2027-02-02: Nog steeds geen taak." in shown
    # refused in turn, then a third request: ORG.3.yaml
    ok(repo, "besluit", "noord", ORG, "--date", "2027-02-10", "--afwijzen")
    assert stored(repo, second)["besluit"]["afgewezen"] is True
    apply(repo, "2027-06-01")
    assert changed_files(repo) == [f"toetredingen/noord/{ORG}.3.yaml"]
    assert sorted(load_project(repo).accessions["noord"]) == [ORG, f"{ORG}.2", f"{ORG}.3"]
    # one request can still be named by its file
    assert "closed: afgewezen on 2027-02-10" in status(repo, f"{ORG}.2")


def test_two_open_requests_of_one_organisation_is_a_problem(tmp_path):
    files = accession_files()
    files["toetredingen/noord/x.yaml"] = HEAD_OF_FILE
    files["toetredingen/noord/x.2.yaml"] = HEAD_OF_FILE
    files["toetredingen/noord/x.1.yaml"] = HEAD_OF_FILE
    root = init_repo(tmp_path / "repo", files=files)
    result = CliRunner().invoke(main, ["toetreding", "status", "noord", "--root", str(root)])
    assert result.exit_code == 1
    assert ("toetredingen/noord/x.2.yaml: x.yaml is open too: an organisation applies again only "
            "after its earlier request was withdrawn or refused") in result.stderr
    assert "toetredingen/noord/x.1.yaml: the file name must be the organisation's id: x.yaml" in result.stderr


# ------------------------------------------------------------------------------ a party of another region

BUUR = """\
# Buurtzorg: a party of zuid; comments and layout are the secretariat's own.
naam: Buurtzorg Zuid
soort: organisatie
deelname:
    zuid:   # the region's own representative
        vertegenwoordiger:
            aanhef: de heer
            naam: B. Buur
            # no function in the convenant of zuid
# the address is the seat's
adres: Dorpsstraat 1, 9400 AA Zuid
"""
BUUR_FORM = """\
naam: Buurtzorg Zuid
id: buur
statutaire_zetel: Assen
adres: Markt 9, 9401 GS Assen
email: info@buur.example
vertegenwoordiger:
  aanhef: mevrouw
  naam: "C. de Buur: 'bestuurder'"
  functie: directeur
bijdrage: Zorg in de wijk.
"""


def buur_repo(tmp_path, party_file: str) -> Path:
    files = accession_files()
    files["parties/buur.yaml"] = party_file
    files["convenants/zuid.yaml"] = files["convenants/zuid.yaml"].replace(
        "  - zorg-en-co\n", "  - zorg-en-co\n  - buur\n")
    root = init_repo(tmp_path / "repo", files=files)
    (tmp_path / "buur.yaml").write_text(BUUR_FORM, encoding="utf-8")
    ok(root, "aanvraag", "noord", "--organisatie", str(tmp_path / "buur.yaml"), "--via", "stad",
       "--date", "2026-11-23")
    for party in ("stad", "zorg-en-co", "ggd"):
        ok(root, "akkoord", "noord", "buur", party, "--date", "2026-12-01")
    return root


def test_a_party_of_another_region_gains_a_deelname_by_inserted_lines(tmp_path):
    root = buur_repo(tmp_path, BUUR)
    output = ok(root, "besluit", "noord", "buur", "--date", "2026-12-10")
    assert "Buurtzorg Zuid accedes to noord; added as party buur" in output
    assert changed_files(root) == ["convenants/noord.yaml", "parties/buur.yaml", "toetredingen/noord/buur.yaml"]
    # the lines of zuid's deelname are followed by the new ones; every other line as it was
    added = ("    noord:\n"
             "      vertegenwoordiger:\n"
             "        aanhef: mevrouw\n"
             "        naam: 'C. de Buur: ''bestuurder'''\n"
             "        functie: directeur\n")
    before = BUUR.splitlines(keepends=True)
    assert (root / "parties" / "buur.yaml").read_text(encoding="utf-8") == \
        "".join(before[:9]) + added + "".join(before[9:])
    assert "Partij van zuid: parties/buur.yaml krijgt deelname noord" in git(root, "log", "-1", "--format=%b")
    party = load_project(root).parties["buur"]
    assert list(party.deelname) == ["zuid", "noord"]
    assert party.representative("noord").naam == "C. de Buur: 'bestuurder'"
    assert party.representative("zuid").naam == "B. Buur"
    assert party.adres == "Dorpsstraat 1, 9400 AA Zuid"  # the registry's own data stays
    assert (root / "convenants" / "noord.yaml").read_text(encoding="utf-8").endswith(
        "  - ggd\n  - buur\n" + accession_files()["convenants/noord.yaml"].split("  - ggd\n", 1)[1])


def test_a_party_file_in_flow_style_is_written_anew(tmp_path):
    root = buur_repo(tmp_path, "naam: Buurtzorg Zuid\nsoort: organisatie\ndeelname: {zuid: }\n")
    ok(root, "besluit", "noord", "buur", "--date", "2026-12-10")
    text = (root / "parties" / "buur.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Written anew by `convenant toetreding besluit` (deelname noord added")
    assert yaml.safe_load(text) == {"naam": "Buurtzorg Zuid", "soort": "organisatie", "deelname": {
        "zuid": None, "noord": {"vertegenwoordiger": {
            "aanhef": "mevrouw", "naam": "C. de Buur: 'bestuurder'", "functie": "directeur"}}}}


def test_a_party_applies_only_where_it_is_no_party_and_under_its_own_name(tmp_path):
    files = accession_files()
    root = init_repo(tmp_path / "repo", files=files)
    form = tmp_path / "form.yaml"
    form.write_text(BUUR_FORM.replace("id: buur", "id: zorg-en-co").replace(
        "Buurtzorg Zuid", "Zorg & Co <Noord>"), encoding="utf-8")
    before = repo_state(root)
    result = cli(root, "aanvraag", "noord", "--organisatie", str(form), "--via", "stad")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: 'Zorg & Co <Noord>' has id 'zorg-en-co', which is already a party of noord "
        "(parties/zorg-en-co.yaml): give a new organisation another 'id' in its form")
    form.write_text(BUUR_FORM.replace("id: buur", "id: ggd"), encoding="utf-8")  # ggd: noord only
    result = cli(root, "aanvraag", "zuid", "--organisatie", str(form), "--via", "zorg-en-co")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: 'Buurtzorg Zuid' has id 'ggd', which is parties/ggd.yaml of 'GGD Één & Co <Regio>': "
        "a party of another region applies under its name in parties/; give a new organisation "
        "another 'id' in its form")
    assert repo_state(root) == before


# ------------------------------------------------------------------------------ the real covenants

PARNASSIA = """\
naam: Parnassia Groep
id: parnassia-groep
statutaire_zetel: Den Haag
adres: Lijnbaan 4, 2512 VA Den Haag
email: info@parnassia.example
vertegenwoordiger:
  aanhef: de heer
  naam: drs. P. Parnas
  functie: lid raad van bestuur
bijdrage: Specialistische geestelijke gezondheidszorg.
"""


def build(root, region) -> bytes:
    result = CliRunner().invoke(main, ["build", region, "--format", "html", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return (root / "build" / region / "convenant.html").read_bytes()


@pytest.fixture(scope="module")
def acceded(tmp_path_factory):
    """A copy of the real repository in which parnassia-groep (a party of haaglanden only)
    accedes to zhz: HTML of haaglanden before, the party file before, the decision's output."""
    tmp = tmp_path_factory.mktemp("real")
    root = init_repo(tmp / "repo", source=Path(__file__).parent.parent, files={".gitignore": "build/\n"})
    assert "zhz" not in load_project(root).parties["parnassia-groep"].deelname
    haaglanden = build(root, "haaglanden")
    party = (root / "parties" / "parnassia-groep.yaml").read_text(encoding="utf-8")
    (tmp / "parnassia.yaml").write_text(PARNASSIA, encoding="utf-8")
    refusal = cli(root, "aanvraag", "haaglanden", "--organisatie", str(tmp / "parnassia.yaml"),
                  "--via", "den-haag", "--date", "2026-11-23")
    ok(root, "aanvraag", "zhz", "--organisatie", str(tmp / "parnassia.yaml"), "--via", "dordrecht",
       "--date", "2026-11-23")
    # every party of zhz agreed: written into the file and committed by hand, to save 31 commits
    path = root / "toetredingen" / "zhz" / "parnassia-groep.yaml"
    members = [ref.id for ref in load_project(root).manifests["zhz"].partijen]
    text = path.read_text(encoding="utf-8").replace("reacties: []\n", "reacties:\n" + "".join(
        f"- partij: {m}\n  datum: 2026-12-01\n  akkoord: true\n" for m in members))
    path.write_text(text, encoding="utf-8")
    commit_all(root, "alle partijen akkoord")
    decision = cli(root, "besluit", "zhz", "parnassia-groep", "--date", "2027-01-15")
    return root, haaglanden, party, refusal, decision


def test_a_party_of_haaglanden_cannot_apply_to_haaglanden(acceded):
    _, _, _, refusal, _ = acceded
    assert refusal.exit_code == 1
    assert refusal.stderr.strip() == (
        "error: 'Parnassia Groep' has id 'parnassia-groep', which is already a party of haaglanden "
        "(parties/parnassia-groep.yaml): give a new organisation another 'id' in its form")


def test_a_party_of_haaglanden_accedes_to_zhz(acceded):
    root, haaglanden, party, _, decision = acceded
    assert decision.exit_code == 0, decision.output
    assert changed_files(root) == ["convenants/zhz.yaml", "parties/parnassia-groep.yaml",
                                   "toetredingen/zhz/parnassia-groep.yaml"]
    text = (root / "parties" / "parnassia-groep.yaml").read_text(encoding="utf-8")
    assert text == party + ("  zhz:\n    vertegenwoordiger:\n      aanhef: de heer\n"
                            "      naam: drs. P. Parnas\n      functie: lid raad van bestuur\n")
    project = load_project(root)
    assert list(project.parties["parnassia-groep"].deelname) == ["haaglanden", "zhz"]
    assert [ref.id for ref in project.manifests["zhz"].partijen][-1] == "parnassia-groep"
    html = (root / "build" / "zhz" / "convenant.html").read_text(encoding="utf-8")
    assert '<div class="signature" data-party="parnassia-groep">' in html
    parties = re.search(r'<ul class="parties organisatie">(.*?)</ul>', html, re.S).group(1)
    assert "Parnassia Groep" in parties and "drs. P. Parnas" in parties
    # haaglanden's covenant is as it was
    assert build(root, "haaglanden") == haaglanden
    assert "parnassia-groep" in build(root, "zhz").decode()
