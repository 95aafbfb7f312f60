"""`convenant toetreding`: request, answers and status, on a real git repository in a temp dir.

Each recording step must be one commit holding only the accession file; a refused step
leaves files, index and HEAD as they were.
"""

from __future__ import annotations

import email
import email.policy
import io
import re

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import main
from generator.letters import announcement, notification
from generator.model.accession import Accession, Organisation
from generator.model.parties import Representative

from .conftest import FORM, FORMULIER, GGD, NAME, ORG, Inbox, accession_files, flat, free_port
from .gitrepo import changed_files, git, head, init_repo, snapshot

@pytest.fixture
def repo(tmp_path):
    root = init_repo(tmp_path / "repo", files=accession_files())
    (tmp_path / "aanvraag.yaml").write_text(FORM, encoding="utf-8")
    return root


def cli(root, *args):
    return CliRunner().invoke(main, ["toetreding", *args, "--root", str(root)])


def apply(root, *extra):
    return cli(root, "aanvraag", "noord", "--organisatie", str(root.parent / "aanvraag.yaml"),
               "--via", "stad", "--date", "2026-11-23", *extra)


def stored(root) -> dict:
    return yaml.safe_load((root / "toetredingen" / "noord" / f"{ORG}.yaml").read_text(encoding="utf-8"))


def read_eml(data: bytes):
    assert data.split(b"\r\n\r\n", 1)[0].isascii()
    return email.message_from_bytes(data, policy=email.policy.default)


def test_request_is_one_commit_and_notifies_every_party(repo):
    before = head(repo)
    result = apply(repo)
    assert result.exit_code == 0, result.output
    assert f"recorded: {NAME} applies to noord via stad on 2026-11-23; answers due 2026-12-21" in result.output
    assert head(repo) != before
    assert changed_files(repo) == [f"toetredingen/noord/{ORG}.yaml"]
    assert git(repo, "status", "--porcelain").strip() == ""  # build/ is ignored, nothing else left
    text = (repo / "toetredingen" / "noord" / f"{ORG}.yaml").read_text(encoding="utf-8")
    assert 'naam: Stichting Ça & Zo <Nieuw> "Het Anker"' in text
    assert stored(repo)["organisatie"]["naam"] == NAME
    folder = repo / "build" / "noord" / "toetreding" / ORG
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "kennisgeving/berichten/ggd.eml", "kennisgeving/berichten/zorg-en-co.eml",
        "kennisgeving/brieven/ggd.pdf", "kennisgeving/brieven/stad.pdf",
        "kennisgeving/brieven/zorg-en-co.pdf", "toetredingsformulier.pdf"]
    assert "send the letter by post (1): stad" in result.output
    letters = folder / "kennisgeving" / "brieven"
    text = flat(PdfReader(letters / "zorg-en-co.pdf").pages[0].extract_text())
    assert f"Voorgenomen toetreding van {NAME} tot het Samenwerkingsconvenant Noord" in text
    assert "statutair gevestigd te Assen, met kantooradres Markt 5, 9401 GS Assen" in text
    assert "via de gemeente Stad" in text  # running text: the short name, not "Gemeente Stad"
    assert "Opvang en begeleiding van jongeren met meervoudige problematiek." in text
    assert "vóór 21 december 2026" in text
    assert "Geachte heer, mevrouw," in text  # zorg-en-co has no named representative
    letter = flat(PdfReader(letters / "stad.pdf").pages[0].extract_text())
    assert "Geachte heer Burger," in letter and "t.a.v. de heer A. Burger, burgemeester" in letter
    # the e-mail: literal names in encoded headers, the letter as text and as the PDF attached
    message = read_eml((folder / "kennisgeving" / "berichten" / "ggd.eml").read_bytes())
    (to,) = message["To"].addresses
    assert (to.display_name, to.addr_spec) == (GGD.replace('"', ""), "ggd@ggd.example")
    (sender,) = message["From"].addresses
    assert sender.addr_spec == "secretariaat@zvh-noord.example"
    assert sender.display_name == "Secretaris van de Stuurgroep, Zorg- en Veiligheidshuis Noord"
    assert message["Subject"] == f"Voorgenomen toetreding van {NAME} tot het Samenwerkingsconvenant Noord"
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith("Geachte mevrouw Ødegård,\n\n")
    assert f"{NAME} beschrijft haar bijdrage" in body and "vóór 21 december 2026" in body
    (attachment,) = message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == (letters / "ggd.pdf").read_bytes()


def test_bijlage_1_is_filled_in_with_the_organisation(repo):
    assert apply(repo).exit_code == 0
    path = repo / "build" / "noord" / "toetreding" / ORG / "toetredingsformulier.pdf"
    reader = PdfReader(path)
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert (f"{NAME}, statutair gevestigd te Assen en kantoorhoudend aan Markt 5, 9401 GS Assen, "
            "hierbij vertegenwoordigd door mevrouw drs. É. van Dijk, directeur-bestuurder, treedt "
            "toe tot het convenant van het Regionaal Overleg.") in text
    assert f"Naam organisatie: {NAME}" in text
    assert "Naam bevoegde functionaris: drs. É. van Dijk, directeur-bestuurder" in text
    # filled in by hand at signing: the open places are lines to write on, with captions
    assert "Aldus ondertekend te , op datum" in text and "[…]" not in text
    assert "plaats" in text
    assert "[naam organisatie]" not in text
    assert "Bijlage 1 bij het Samenwerkingsconvenant Noord" in text
    assert reader.metadata.title == f"Bijlage 1: Toetredingsformulier: {NAME}"
    # the convenant itself still prints the blanks
    html = CliRunner().invoke(main, ["build", "noord", "--format", "html", "--root", str(repo)])
    assert html.exit_code == 0, html.output
    built = (repo / "build" / "noord" / "convenant.html").read_text(encoding="utf-8")
    assert "[naam organisatie], statutair gevestigd te […] en kantoorhoudend aan […]" in built
    assert "Stichting" not in built


def test_answers_and_status(repo):
    assert apply(repo).exit_code == 0
    first = cli(repo, "akkoord", "noord", ORG, "stad", "--date", "2026-11-30")
    assert first.exit_code == 0, first.output
    assert changed_files(repo) == [f"toetredingen/noord/{ORG}.yaml"]
    objection = cli(repo, "akkoord", "noord", ORG, "zorg-en-co", "--date", "2026-12-01",
                    "--bezwaar", "Geen taak in het kader van integrale veiligheid.")
    assert objection.exit_code == 0, objection.output
    shown = cli(repo, "status", "noord", ORG)
    assert shown.exit_code == 0, shown.output
    assert "agreed (1): stad" in shown.output
    assert "objected: zorg-en-co on 2026-12-01: Geen taak in het kader van integrale veiligheid." in shown.output
    assert "not answered (1): ggd" in shown.output


def test_status_lists_who_has_not_answered(repo):
    assert apply(repo).exit_code == 0
    shown = cli(repo, "status", "noord")
    assert re.search(r"not answered \(3\): stad, zorg-en-co, ggd", shown.output)


def refused(root, *args):
    before, index = snapshot(root), head(root)
    result = cli(root, *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) >= 1
    assert snapshot(root) == before and head(root) == index
    return result.stderr


def test_refusals_change_nothing(repo):
    assert apply(repo).exit_code == 0
    assert cli(repo, "akkoord", "noord", ORG, "stad", "--date", "2026-11-30").exit_code == 0
    assert "stad already agreed on 2026-11-30" in refused(
        repo, "akkoord", "noord", ORG, "stad", "--date", "2026-12-01")
    assert "'oost' is not a party of noord" in refused(
        repo, "akkoord", "noord", ORG, "oost", "--date", "2026-12-01")
    assert "no request to accede by 'nobody' in noord" in refused(
        repo, "akkoord", "noord", "nobody", "stad", "--date", "2026-12-01")
    assert "before the request was made" in refused(
        repo, "akkoord", "noord", ORG, "zorg-en-co", "--date", "2026-11-01")
    assert f"{ORG!r} has already applied in noord" in refused(
        repo, "aanvraag", "noord", "--organisatie", str(repo.parent / "aanvraag.yaml"),
        "--via", "stad", "--date", "2026-11-24")


@pytest.mark.parametrize("change, message", [
    (("email: bestuur@ca-en-zo.example", "email: geen adres"), r"aanvraag\.yaml:4: organisatie: invalid e-mail address 'geen adres'"),
    (("bijdrage: Opvang en begeleiding van jongeren met meervoudige problematiek.\n", ""), r"aanvraag\.yaml:1: organisatie: 'bijdrage' is missing"),
    (("  aanhef: mevrouw", "  aanhef: mw."), r"aanvraag\.yaml:6: vertegenwoordiger: aanhef 'mw\.' must be"),
    (("statutaire_zetel: Assen\n", "statutaire_zetel: Assen\nkvk: 123\n"), r"aanvraag\.yaml:3: unknown field 'kvk' in organisatie"),
])
def test_a_bad_form_names_file_and_line(repo, change, message):
    form = repo.parent / "aanvraag.yaml"
    form.write_text(FORM.replace(*change), encoding="utf-8")
    before, index = snapshot(repo), head(repo)
    result = apply(repo)
    assert result.exit_code == 1
    assert re.search(message, result.stderr), result.stderr
    assert snapshot(repo) == before and head(repo) == index


def test_unknown_via_party_writes_nothing(repo):
    stderr = refused(repo, "aanvraag", "noord", "--organisatie", str(repo.parent / "aanvraag.yaml"),
                     "--via", "nobody", "--date", "2026-11-23")
    assert "'nobody' is not a party of noord" in stderr


def test_a_notice_by_post_without_an_address_writes_nothing(tmp_path):
    """stad has no e-mail, so its notice of the request goes by post: without a postal address
    the request is refused, naming the party file, before anything is written or committed."""
    root = init_repo(tmp_path / "repo", files=accession_files(stad_address=False))
    (tmp_path / "aanvraag.yaml").write_text(FORM, encoding="utf-8")
    stderr = refused(root, "aanvraag", "noord", "--organisatie", str(tmp_path / "aanvraag.yaml"),
                     "--via", "stad", "--date", "2026-11-23")
    assert stderr.strip() == (
        "error: parties/stad.yaml: adres ontbreekt: no e-mail address, so its letter goes by post, "
        "and no postal address (give 'adres', or 'adres' under 'deelname: noord:'); nothing was "
        "written or sent")
    assert not (root / "build").exists()


# ------------------------------------------------------------------------------ besluit


def agree_all(root, parties=("stad", "zorg-en-co", "ggd")):
    for party in parties:
        result = cli(root, "akkoord", "noord", ORG, party, "--date", "2026-12-01")
        assert result.exit_code == 0, result.output


@pytest.fixture
def registered(tmp_path):
    """A repository with a register and a recorded version, and a request all parties agreed to."""
    root = init_repo(tmp_path / "repo", files=accession_files(register=True))
    (tmp_path / "aanvraag.yaml").write_text(FORM, encoding="utf-8")
    version = CliRunner().invoke(main, ["vaststellen", "noord", "2026-1", "--besluit", "2026-11-01",
                                        "--root", str(root)])
    assert version.exit_code == 0, version.output
    assert apply(root).exit_code == 0
    agree_all(root)
    return root


def test_decision_is_refused_until_every_party_agreed(repo):
    assert apply(repo).exit_code == 0
    assert cli(repo, "akkoord", "noord", ORG, "stad", "--date", "2026-11-30").exit_code == 0
    assert cli(repo, "akkoord", "noord", ORG, "ggd", "--date", "2026-11-30",
               "--bezwaar", "Eerst overleg.").exit_code == 0
    message = refused(repo, "besluit", "noord", ORG, "--date", "2026-12-10")
    assert message.strip() == ("error: the Stuurgroep decides only after every party agreed "
                               "(artikel 20.4): ggd objected (Eerst overleg.); 1 not answered: zorg-en-co")


def test_decision_adds_the_party_in_one_commit_and_tells_every_party(registered):
    root = registered
    manifest_before = (root / "convenants" / "noord.yaml").read_text(encoding="utf-8")
    result = cli(root, "besluit", "noord", ORG, "--date", "2026-12-10", "--ondertekend", "2026-12-12",
                 "--plaats", "Assen", "--voorzitter", "de heer A. Burger")
    assert result.exit_code == 0, result.output
    assert (f"recorded: the Stuurgroep decided on 2026-12-10 that {NAME} accedes to noord; "
            f"added as party {ORG}") in result.output
    assert changed_files(root) == ["convenants/noord.yaml", f"parties/{ORG}.yaml",
                                   "register/noord.yaml", f"toetredingen/noord/{ORG}.yaml"]
    assert git(root, "status", "--porcelain").strip() == ""
    # the manifest: one line added at the end of the signing order, the rest as it was
    manifest = (root / "convenants" / "noord.yaml").read_text(encoding="utf-8")
    assert manifest == manifest_before.replace("  - ggd\n", f"  - ggd\n  - {ORG}\n", 1)
    party = yaml.safe_load((root / "parties" / f"{ORG}.yaml").read_text(encoding="utf-8"))
    assert party["naam"] == NAME and party["deelname"]["noord"]["vertegenwoordiger"]["naam"] == "drs. É. van Dijk"
    assert stored(root)["besluit"] == {"datum": __import__("datetime").date(2026, 12, 10)}
    register = yaml.safe_load((root / "register" / "noord.yaml").read_text(encoding="utf-8"))
    assert register["toetredingen"] == [{
        "partij": ORG, "versie": "2026-1", "besluit": __import__("datetime").date(2026, 12, 10),
        "datum": __import__("datetime").date(2026, 12, 12), "plaats": "Assen",
        "door": "mevrouw drs. É. van Dijk", "voorzitter": "de heer A. Burger"}]
    # the data loads; the status counts the new party as bound by version 2026-1, without re-signing
    status = CliRunner().invoke(main, ["status", "noord", "--root", str(root)])
    assert status.exit_code == 0, status.output
    assert (f'{ORG}  Stichting Ça & Zo <Nieuw> "Het Anker"  signed 2026-12-12 in Assen by mevrouw drs. '
            "É. van Dijk (accession: Bijlage 1)") in status.output
    assert "1 of 4 parties signed." in status.output
    # the convenant is built anew with the new party's signature block; the text is unchanged
    pdf = PdfReader(root / "build" / "noord" / "convenant.pdf")
    text = flat(" ".join(page.extract_text() for page in pdf.pages))
    assert NAME in text and "drs. É. van Dijk" in text
    assert "Versie 2026-1" in text
    html = (root / "build" / "noord" / "convenant.html").read_text(encoding="utf-8")
    assert "Stichting Ça &amp; Zo &lt;Nieuw&gt; &#34;Het Anker&#34;" in html
    assert (root / "build" / "noord" / "convenant.docx").exists()
    # the notice to every earlier party, not to the new one
    folder = root / "build" / "noord" / "toetreding" / ORG / "mededeling"
    assert sorted(p.name for p in (folder / "brieven").iterdir()) == ["ggd.pdf", "stad.pdf", "zorg-en-co.pdf"]
    assert sorted(p.name for p in (folder / "berichten").iterdir()) == ["ggd.eml", "zorg-en-co.eml"]
    letter = flat(PdfReader(folder / "brieven" / "stad.pdf").pages[0].extract_text())
    assert f"Toetreding van {NAME} tot het Samenwerkingsconvenant Noord" in letter
    assert "Assen, 12 december 2026" in letter
    assert "de Stuurgroep heeft op 10 december 2026 positief besloten" in letter
    assert "hoeven het convenant voor deze toetreding niet opnieuw te ondertekenen" in letter
    assert ("Ik wijs u op artikel 3.2 van het convenant, dat luidt: “Een Partij die een toetreding "
            "onaanvaardbaar vindt, kan haar deelname aan het Regionaal Overleg opzeggen.”") in letter
    assert "dan kan zij op grond van artikel 3.2 haar deelname schriftelijk opzeggen" in letter
    shown = cli(root, "status", "noord", ORG)
    assert "decided 2026-12-10" in shown.output and "not answered (0)" in shown.output
    # a second decision is refused and changes nothing
    assert "already decided" in refused(root, "besluit", "noord", ORG, "--date", "2026-12-11",
                                        "--plaats", "Assen")


def test_decision_without_register_records_no_signature(repo):
    assert apply(repo).exit_code == 0
    agree_all(repo)
    result = cli(repo, "besluit", "noord", ORG, "--date", "2026-12-10")
    assert result.exit_code == 0, result.output
    assert changed_files(repo) == ["convenants/noord.yaml", f"parties/{ORG}.yaml",
                                   f"toetredingen/noord/{ORG}.yaml"]
    assert not (repo / "register").exists()


def test_decision_refusals_change_nothing(registered):
    root = registered
    assert "--plaats is needed: register/noord.yaml records where Bijlage 1 was signed" in refused(
        root, "besluit", "noord", ORG, "--date", "2026-12-10")
    assert "is before the last answer (2026-12-01)" in refused(
        root, "besluit", "noord", ORG, "--date", "2026-11-25", "--plaats", "Assen")
    assert "cannot be signed (2026-12-09) before the decision (2026-12-10)" in refused(
        root, "besluit", "noord", ORG, "--date", "2026-12-10", "--ondertekend", "2026-12-09",
        "--plaats", "Assen")
    assert "invalid SMTP server 'nergens'" in refused(
        root, "besluit", "noord", ORG, "--date", "2026-12-10", "--plaats", "Assen", "--smtp", "nergens")


def test_a_decision_on_data_that_does_not_load_changes_nothing(registered):
    """Everything is loaded and checked before anything is written."""
    root = registered
    clause = root / "clauses" / "artikelen" / "overleg.md"
    clause.write_text(clause.read_text(encoding="utf-8") + "\nZie {{ref:nergens}}.\n", encoding="utf-8")
    git(root, "commit", "-qam", "broken reference")
    stderr = refused(root, "besluit", "noord", ORG, "--date", "2026-12-10", "--plaats", "Assen")
    assert "clauses/artikelen/overleg.md:" in stderr and "broken reference" in stderr


def test_real_letters_cite_the_region_numbering(real_project, real_documents):
    """On the real ZHZ text: the notices cite 20.2–20.4 and quote 21.3 in its own words."""
    doc = real_documents["zhz"]
    rep = Representative("mevrouw", "drs. É. van Dijk", "directeur-bestuurder")
    org = Organisation(ORG, NAME, "Assen", "Markt 5, 9401 GS Assen", "", rep, "Opvang.")
    import datetime as dt
    accession = Accession("zhz", None, org, "dordrecht", dt.date(2026, 11, 23), dt.date(2026, 12, 21),
                          decided=dt.date(2027, 1, 15))
    notice = notification(real_project, doc, accession, "alblasserdam", dt.date(2026, 11, 23))
    text = " ".join(b if isinstance(b, str) else " ".join(b.lines) for b in notice.body)
    assert "Op grond van artikel 20.3 van het Samenwerkingsconvenant Zorg- en Veiligheidshuis Zuid-Holland Zuid" in text
    assert "via de gemeente Dordrecht" in text and "(artikel 20.4)" in text
    after = announcement(real_project, doc, accession, "alblasserdam", dt.date(2027, 1, 20))
    text = " ".join(b if isinstance(b, str) else " ".join(b.lines) for b in after.body)
    assert ("Ik wijs u op artikel 21.3 van het convenant, dat luidt: “In geval van wijzigingen, "
            "waaronder inbegrepen toetreding van een nieuwe organisatie tot het Convenant, die door "
            "een Partij onaanvaardbaar worden ervaren, kan deze Partij deelname aan het Zorg- en "
            "Veiligheidshuis schriftelijk opzeggen") in text
    assert after.salutation == "Geachte heer Boersma,"
    assert after.date_line == "Dordrecht, 20 januari 2027"


# ------------------------------------------------------------------------------ e-mail


def received(inbox: Inbox) -> dict[str, object]:
    """The messages the server got, parsed back from the raw bytes, by recipient address."""
    out = {}
    for recipients, raw in inbox.received:
        (rcpt,) = recipients
        out[rcpt] = read_eml(raw)
    return out


def check_notice(message, folder, party: str, name: str, salutation: str) -> None:
    (to,) = message["To"].addresses
    assert to.display_name == name
    assert message["Subject"] == f"Voorgenomen toetreding van {NAME} tot het Samenwerkingsconvenant Noord"
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith(f"{salutation}\n\nOp grond van artikel")
    assert "vóór 21 december 2026" in body
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == f"kennisgeving-toetreding-{ORG}.pdf"
    assert attachment.get_content() == (folder / "kennisgeving" / "brieven" / f"{party}.pdf").read_bytes()


def records(root) -> dict[str, dict]:
    return {m["partij"]: m for m in stored(root).get("berichten", [])}


def test_request_sent_by_smtp_is_recorded_per_recipient(repo, smtp_server):
    inbox = Inbox()
    server = smtp_server(inbox)
    result = apply(repo, "--smtp", server)
    assert result.exit_code == 0, result.output
    folder = repo / "build" / "noord" / "toetreding" / ORG
    got = received(inbox)
    assert sorted(got) == ["ggd@ggd.example", "info@zorg-en-co.example"]
    check_notice(got["ggd@ggd.example"], folder, "ggd", GGD.replace('"', ""), "Geachte mevrouw Ødegård,")
    check_notice(got["info@zorg-en-co.example"], folder, "zorg-en-co", "Zorg & Co <Noord>",
                 "Geachte heer, mevrouw,")
    assert "e-mail to ggd <ggd@ggd.example>: sent" in result.output
    assert "2 e-mails sent, 0 failed" in result.output
    assert "send the letter by post (1): stad" in result.output
    # two commits: the request, then the record of what was sent (the accession file alone)
    assert changed_files(repo) == [f"toetredingen/noord/{ORG}.yaml"]
    assert changed_files(repo, "HEAD~1") == [f"toetredingen/noord/{ORG}.yaml"]
    assert "toetreding: aanvraag" in git(repo, "log", "-1", "--format=%s", "HEAD~1")
    assert git(repo, "status", "--porcelain").strip() == ""
    sent = records(repo)
    assert sorted(sent) == ["ggd", "zorg-en-co"]
    assert all(m["soort"] == "kennisgeving" and "verzonden" in m for m in sent.values())
    assert sent["ggd"]["adres"] == "ggd@ggd.example"
    # a re-run has nothing left to send
    again = cli(repo, "verzenden", "noord", ORG, "--smtp", server)
    assert again.exit_code == 0, again.output
    assert "nothing to send: every e-mail was sent before" in again.output
    assert len(inbox.received) == 2


def test_refused_recipient_is_recorded_and_sent_on_a_re_run(repo, smtp_server):
    refusing = Inbox(refuse={"info@zorg-en-co.example"})
    result = apply(repo, "--smtp", smtp_server(refusing))
    assert result.exit_code == 1
    assert "e-mail to zorg-en-co <info@zorg-en-co.example>: FAILED: 550 5.1.1" in result.output
    assert "1 e-mail sent, 1 failed; `convenant toetreding verzenden` sends the rest" in result.output
    state = records(repo)
    assert "verzonden" in state["ggd"]
    assert state["zorg-en-co"]["mislukt"].startswith("550 5.1.1 <info@zorg-en-co.example>: Recipient address rejected")
    assert git(repo, "status", "--porcelain").strip() == ""  # the record is committed
    inbox = Inbox()
    again = cli(repo, "verzenden", "noord", ORG, "--smtp", smtp_server(inbox))
    assert again.exit_code == 0, again.output
    assert [r for r, _ in inbox.received] == [["info@zorg-en-co.example"]]  # ggd is not sent twice
    assert all("verzonden" in m for m in records(repo).values())
    assert "toetreding: kennisgeving" in git(repo, "log", "-1", "--format=%s")


def test_a_dropped_connection_loses_no_record(repo, smtp_server):
    dropping = Inbox(drop={1}, stop=True)
    result = apply(repo, "--smtp", smtp_server(dropping))
    assert result.exit_code == 1
    state = records(repo)
    assert sorted(state) == ["ggd", "zorg-en-co"]
    first, second = (state[p]["mislukt"] for p in ("zorg-en-co", "ggd"))
    assert first.startswith("connection lost")
    assert second.startswith("not attempted")
    inbox = Inbox()
    again = cli(repo, "verzenden", "noord", ORG, "--smtp", smtp_server(inbox))
    assert again.exit_code == 0, again.output
    assert sorted(r for (r,), _ in inbox.received) == ["ggd@ggd.example", "info@zorg-en-co.example"]


def test_no_server_keeps_the_request_and_says_how_to_send_later(repo):
    port = free_port()
    result = apply(repo, "--smtp", f"127.0.0.1:{port}")
    assert result.exit_code == 1
    assert (f"cannot connect to the SMTP server 127.0.0.1:{port}") in result.stderr
    assert (f"the request was recorded and committed; nothing was sent: run `convenant toetreding "
            f"verzenden noord {ORG} --smtp 127.0.0.1:{port}` later") in result.stderr
    assert "Traceback" not in result.output
    assert "berichten" not in stored(repo)
    assert git(repo, "status", "--porcelain").strip() == ""


def test_the_notice_of_the_accession_is_sent_too(registered, smtp_server):
    inbox = Inbox()
    server = smtp_server(inbox)
    result = cli(registered, "besluit", "noord", ORG, "--date", "2026-12-10", "--plaats", "Assen",
                 "--smtp", server)
    assert result.exit_code == 0, result.output
    got = received(inbox)
    assert sorted(got) == ["ggd@ggd.example", "info@zorg-en-co.example"]
    message = got["ggd@ggd.example"]
    assert message["Subject"] == f"Toetreding van {NAME} tot het Samenwerkingsconvenant Noord"
    body = message.get_body(("plain",)).get_content()
    assert "kan haar deelname aan het Regionaal Overleg opzeggen" in body
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == f"mededeling-toetreding-{ORG}.pdf"
    kinds = {(m["soort"], m["partij"]) for m in stored(registered)["berichten"]}
    assert ("mededeling", "ggd") in kinds and ("mededeling", "zorg-en-co") in kinds
    # the notices in advance were never e-mailed (no --smtp then): verzenden sends just those
    later = Inbox()
    again = cli(registered, "verzenden", "noord", ORG, "--smtp", smtp_server(later))
    assert again.exit_code == 0, again.output
    assert {read_eml(raw)["Subject"].split(" van ")[0] for _, raw in later.received} == {"Voorgenomen toetreding"}
    assert len(later.received) == 2


@pytest.mark.parametrize("record, message", [
    ('  - soort: kennisgeving\n    partij: ggd\n    adres: "ggd@ggd.example"\n    verzonden: "2026-11-23T10:00:00+01:00"\n    mislukt: "550"\n',
     r":\d+: bericht: give either 'verzonden' with the time or 'mislukt' with the reason"),
    ('  - soort: brief\n    partij: ggd\n    adres: "ggd@ggd.example"\n    mislukt: "550"\n',
     r":\d+: bericht: 'soort' 'brief' must be one of kennisgeving, mededeling"),
    ('  - soort: kennisgeving\n    partij: ggd\n    adres: "ggd@ggd.example"\n    verzonden: "gisteren"\n',
     r":\d+: bericht: 'verzonden' must be a time written"),
])
def test_a_bad_mail_record_names_file_and_line(repo, record, message):
    assert apply(repo).exit_code == 0
    path = repo / "toetredingen" / "noord" / f"{ORG}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "berichten:\n" + record, encoding="utf-8")
    result = cli(repo, "status", "noord")
    assert result.exit_code == 1
    assert re.search(f"toetredingen/noord/{ORG}.yaml" + message, result.stderr), result.stderr


def test_a_form_field_needs_its_blank(repo):
    path = repo / "clauses" / "bijlagen" / "formulier.md"
    path.write_text(FORMULIER.replace("{{veld:adres|[…]}}", "{{veld:adres}}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "noord", "--format", "html", "--root", str(repo)])
    assert result.exit_code == 1
    assert ("clauses/bijlagen/formulier.md:5: invalid placeholder {{veld:adres}}: expected a term "
            "name, ref:clause.lid.item or veld:name|blank") in result.stderr


def test_long_lines_set_apart_wrap_at_the_margin(real_project, real_documents):
    """A long 'bijdrage' is set apart in the letter and wraps instead of running off the page."""
    from generator.render.letters_pdf import render_letters

    import datetime as dt
    doc = real_documents["zhz"]
    rep = Representative("mevrouw", "drs. É. van Dijk", "directeur-bestuurder")
    long = " ".join(["Opvang en begeleiding van jongeren met meervoudige problematiek."] * 5)
    org = Organisation(ORG, NAME, "Assen", "Markt 5", "", rep, long)
    accession = Accession("zhz", None, org, "dordrecht", dt.date(2026, 11, 23), dt.date(2026, 12, 21))
    pdf, _ = render_letters([notification(real_project, doc, accession, "dordrecht", dt.date(2026, 11, 23))], "t")
    reader = PdfReader(io.BytesIO(pdf))
    lines = [line for page in reader.pages for line in page.extract_text().splitlines()]
    part = [line for line in lines if "Opvang en begeleiding" in line or "problematiek." in line]
    assert len(part) >= 4  # 330 characters over several lines of at most ~95 characters
    assert all(len(line) < 110 for line in part)
    assert flat(" ".join(lines)).count(long) == 1


def test_the_form_has_lines_to_sign_on(real_documents):
    from generator.model.accession import form_values
    from generator.render.html import render_form_html

    doc = real_documents["haaglanden"]
    (form,) = [annex for annex in doc.annexes if "organisatie" in annex.fields]
    rep = Representative("de heer", "A. de Boer", "directeur")
    org = Organisation(ORG, NAME, "Delft", "Markt 1, 2611 GS Delft", "", rep, "x")
    html = render_form_html(doc, form.filled(form_values(org)), NAME)
    assert html.count('<p class="sign-line">') == 2
    assert "Namens Zorg- en Veiligheidshuis Haaglanden:" in html  # the region's own wording
    assert ("Stichting Ça &amp; Zo &lt;Nieuw&gt; &#34;Het Anker&#34;, statutair gevestigd te Delft en "
            "kantoorhoudend aan Markt 1, 2611 GS Delft, hierbij rechtsgeldig vertegenwoordigd door "
            "de heer A. de Boer, directeur,") in html
    assert "ondergetekende onderschrijft" in html and "[naam organisatie]" not in html
    assert form.fields == {"organisatie", "statutaire_zetel", "adres", "vertegenwoordiger", "functionaris"}
