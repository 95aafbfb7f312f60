"""`convenant pakket --smtp / --return-by / --verzenden` and `convenant herinnering`: packages and
reminders sent through a real SMTP server (aiosmtpd on localhost), recorded in
register/verzending/REGION/VERSION.yaml in real git repositories, read back from the e-mails
received and the PDFs written.

The small project of conftest.accession_files: stad (post only), zorg-en-co and ggd (e-mail).
"""

from __future__ import annotations

import csv
import datetime as dt
import email
import email.policy
import io

import pytest
import yaml
from aiosmtpd.controller import Controller
from click.testing import CliRunner

import generator.commands.pakket as pakket_module
from generator.cli import main
from generator.commands.register import sign, vaststellen
from generator.errors import DataError
from generator.model.letter import addressee
from generator.project import load_project

from .conftest import Inbox, accession_files, flat, free_port, pdf_texts
from .gitrepo import changed_files, git, head, init_repo, repo_state

DECIDED = dt.date(2026, 10, 1)
LETTERS = "2026-10-05"
RETURN_BY = "2026-11-02"
ROUND = "register/verzending/noord/2026-1.yaml"
STAD_ADDRESS = "adres: Markt 1, 9400 AA Stad\n"
REGION_ADDRESS = "Kantoor Noord, Postbus 9, 9400 AB Assen"
"""zorg-en-co's address for noord (its file's own 'adres' is Brink 1, 9401 AA Assen)."""


def project_files(stad_address: bool = True) -> dict[str, str]:
    files = accession_files(register=True, stad_address=False)
    if stad_address:
        files["parties/stad.yaml"] = files["parties/stad.yaml"].replace(
            "soort: gemeente\n", "soort: gemeente\n" + STAD_ADDRESS)
    files["parties/zorg-en-co.yaml"] = files["parties/zorg-en-co.yaml"].replace(
        "  noord:\n", f"  noord:\n    adres: {REGION_ADDRESS}\n")
    return files


def make_repo(path, stad_address: bool = True):
    root = init_repo(path, files=project_files(stad_address))
    vaststellen(root, "noord", "2026-1", DECIDED)
    return root


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path / "repo")


def cli(root, *args):
    return CliRunner().invoke(main, [*args, "--root", str(root)])


def send(root, server, *extra):
    return cli(root, "pakket", "noord", "--date", LETTERS, "--return-by", RETURN_BY,
               "--smtp", server, *extra)


def resend(root, server, flag: bool = False):
    """`pakket verzenden noord --smtp ...`, or the same as a flag: `pakket noord --verzenden`."""
    if flag:
        return cli(root, "pakket", "noord", "--verzenden", "--smtp", server)
    return cli(root, "pakket", "verzenden", "noord", "--smtp", server)


def read_eml(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


def received(inbox: Inbox) -> dict[str, object]:
    """The messages the server accepted, parsed back from the raw bytes, by recipient."""
    return {rcpts[0]: read_eml(raw) for rcpts, raw in inbox.received}


def attachments(message) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}


def body(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def stored(root) -> dict:
    return yaml.safe_load((root / ROUND).read_text(encoding="utf-8"))


def outcomes(root, number: int = -1) -> dict[str, dict]:
    return {m["partij"]: m for m in stored(root)["rondes"][number].get("berichten", [])}


@pytest.fixture
def renders(monkeypatch):
    """How often the convenant is rendered (weasyprint) while the test runs."""
    calls = []
    original = pakket_module.render_convenant

    def counting(*args, **kwargs):
        calls.append(args[0].region)
        return original(*args, **kwargs)

    monkeypatch.setattr(pakket_module, "render_convenant", counting)
    return calls


# ---------------------------------------------------------------- one sending, looked at closely

@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    """Packages of version 2026-1 sent once to an accepting server (module-wide: one render)."""
    root = make_repo(tmp_path_factory.mktemp("sent") / "repo")
    before = head(root)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), ready_timeout=5)
    inbox.controller = controller
    controller.start()
    try:
        result = send(root, f"127.0.0.1:{controller.port}")
    finally:
        controller.stop()
    return root, before, inbox, result


def test_every_party_with_an_address_receives_its_own_package(sent):
    root, _before, inbox, result = sent
    assert result.exit_code == 0, result.output
    folder = root / "build" / "noord" / "pakketten" / "2026-1"
    got = received(inbox)
    assert sorted(got) == ["ggd@ggd.example", "info@zorg-en-co.example"]
    for address, party in (("ggd@ggd.example", "ggd"), ("info@zorg-en-co.example", "zorg-en-co")):
        message = got[address]
        files = attachments(message)
        assert list(files) == ["tekenpakket-noord-2026-1.pdf"]
        assert files["tekenpakket-noord-2026-1.pdf"] == (folder / f"{party}.pdf").read_bytes()
        assert message["Subject"] == "Ondertekening Samenwerkingsconvenant Noord, versie 2026-1"
        # the body is the cover letter, the first page of that very package
        text = body(message)
        assert "vóór 2 november 2026" in text and "Postbus 1" in text
        letter = flat(pdf_texts(files["tekenpakket-noord-2026-1.pdf"], [0])[0])
        assert flat(text.split("\n\n")[1]) in letter
        # what was sent is what build/ keeps
        kept = read_eml((folder / "berichten" / f"{party}.eml").read_bytes())
        assert attachments(kept) == files and body(kept) == text
    assert body(got["ggd@ggd.example"]).startswith("Geachte mevrouw Ødegård,\n\nOp 1 oktober 2026")
    assert "no e-mail address, send the package by post (1): stad" in result.output
    assert "2 e-mails sent, 0 failed" in result.output


def test_the_round_is_recorded_in_one_commit(sent):
    root, before, _inbox, result = sent
    assert git(root, "rev-parse", "HEAD~1").strip() == before
    assert changed_files(root) == [ROUND]
    assert git(root, "status", "--porcelain").strip() == ""
    subject = git(root, "log", "-1", "--format=%s")
    assert subject.startswith("pakket: tekenpakketten versie 2026-1 van noord aan 3 partijen "
                              "(brieven van 2026-10-05, terugsturen vóór 2026-11-02) per e-mail: "
                              "2 verzonden, 0 mislukt")
    (item,) = stored(root)["rondes"]
    assert item["soort"] == "pakket" and item["datum"] == dt.date(2026, 10, 5)
    assert item["terugsturen_voor"] == dt.date(2026, 11, 2)
    assert item["partijen"] == ["stad", "zorg-en-co", "ggd"]
    assert {m["partij"]: m["adres"] for m in item["berichten"]} == {
        "zorg-en-co": "info@zorg-en-co.example", "ggd": "ggd@ggd.example"}
    assert all(m["soort"] == "pakket" and "verzonden" in m for m in item["berichten"])
    assert f"recorded: packages of 2026-10-05, to be returned before 2026-11-02, for 3 parties, in {ROUND}" \
        in result.output
    # read back through the loading layer
    dispatch = load_project(root).dispatches["noord"]["2026-1"]
    assert dispatch.latest("pakket").sent() == {"zorg-en-co", "ggd"}


def test_the_address_for_the_region_is_used_in_letters_and_overview(sent):
    root, _before, inbox, _result = sent
    folder = root / "build" / "noord" / "pakketten" / "2026-1"
    letter = flat(pdf_texts((folder / "zorg-en-co.pdf").read_bytes(), [0])[0])
    assert "Kantoor Noord Postbus 9 9400 AB Assen" in letter
    assert "Brink 1" not in letter
    party = load_project(root).parties["zorg-en-co"]
    assert addressee(party, "noord")[-3:] == ["Kantoor Noord", "Postbus 9", "9400 AB Assen"]
    assert addressee(party, "zuid")[-2:] == ["Brink 1", "9401 AA Assen"]  # its own elsewhere
    rows = {r["partij"]: r for r in csv.DictReader(io.StringIO(
        (folder / "overzicht.csv").read_text("utf-8-sig")), delimiter=";")}
    assert rows["zorg-en-co"]["adres"] == REGION_ADDRESS
    assert rows["stad"]["adres"] == "Markt 1, 9400 AA Stad"


# ---------------------------------------------------------------- failures and the resend

def test_a_refused_address_is_recorded_and_the_resend_sends_only_the_rest(repo, smtp_server, renders):
    refusing = Inbox(refuse={"info@zorg-en-co.example"})
    result = send(repo, smtp_server(refusing))
    assert result.exit_code == 1
    assert "e-mail to zorg-en-co <info@zorg-en-co.example>: FAILED: 550 5.1.1" in result.output
    assert ("1 e-mail sent, 1 failed; `convenant pakket noord --version 2026-1 --verzenden` sends "
            "the rest") in result.output
    state = outcomes(repo)
    assert "verzonden" in state["ggd"]
    assert state["zorg-en-co"]["mislukt"].startswith("550 5.1.1 <info@zorg-en-co.example>")
    assert git(repo, "status", "--porcelain").strip() == "" and changed_files(repo) == [ROUND]
    assert renders == ["noord"]
    # the secretariat corrects the address; the resend goes there, from the e-mail in build/
    (repo / "parties" / "zorg-en-co.yaml").write_text(
        (repo / "parties" / "zorg-en-co.yaml").read_text().replace("info@", "post@"))
    git(repo, "commit", "--quiet", "-am", "zorg-en-co: e-mailadres")
    inbox = Inbox()
    again = resend(repo, smtp_server(inbox))
    assert again.exit_code == 0, again.output
    assert [r for r, _ in inbox.received] == [["post@zorg-en-co.example"]]  # ggd not twice
    package = repo / "build" / "noord" / "pakketten" / "2026-1" / "zorg-en-co.pdf"
    (message,) = received(inbox).values()
    assert attachments(message) == {"tekenpakket-noord-2026-1.pdf": package.read_bytes()}
    assert renders == ["noord"]  # the resend rendered nothing
    assert outcomes(repo)["zorg-en-co"]["adres"] == "post@zorg-en-co.example"
    assert all("verzonden" in m for m in outcomes(repo).values())
    assert len(stored(repo)["rondes"]) == 1  # the same round, completed
    assert changed_files(repo) == [ROUND]
    assert "opnieuw per e-mail: 1 verzonden, 0 mislukt" in git(repo, "log", "-1", "--format=%s")
    nothing = resend(repo, smtp_server(Inbox()), flag=True)
    assert nothing.exit_code == 0 and "nothing to send: every package was sent before" in nothing.output


def test_a_dropped_connection_is_recorded_and_missing_packages_are_made_once(repo, smtp_server,
                                                                           renders):
    result = send(repo, smtp_server(Inbox(drop={1}, stop=True)))
    assert result.exit_code == 1
    state = outcomes(repo)
    assert state["zorg-en-co"]["mislukt"].startswith("connection lost")
    assert state["ggd"]["mislukt"].startswith("not attempted")
    assert git(repo, "status", "--porcelain").strip() == ""
    # build/ is gone: the resend makes the two packages again, in one render
    git(repo, "clean", "-fdqX")
    assert not (repo / "build").exists()
    inbox = Inbox()
    again = resend(repo, smtp_server(inbox))
    assert again.exit_code == 0, again.output
    assert "made again, their e-mail was not in build/ (2): zorg-en-co, ggd" in again.output
    assert renders == ["noord", "noord"]
    folder = repo / "build" / "noord" / "pakketten" / "2026-1"
    got = received(inbox)
    assert sorted(got) == ["ggd@ggd.example", "info@zorg-en-co.example"]
    for address, party in (("ggd@ggd.example", "ggd"), ("info@zorg-en-co.example", "zorg-en-co")):
        assert list(attachments(got[address]).values()) == [(folder / f"{party}.pdf").read_bytes()]
        assert "vóór 2 november 2026" in body(got[address])  # the letters of the round, again
    assert all("verzonden" in m for m in outcomes(repo).values())


def test_no_server_still_records_the_round(repo):
    port = free_port()
    result = send(repo, f"127.0.0.1:{port}")
    assert result.exit_code == 1
    assert f"cannot connect to the SMTP server 127.0.0.1:{port}" in result.stderr
    assert ("the packages were recorded; nothing was sent: run `convenant pakket noord --version "
            f"2026-1 --verzenden --smtp 127.0.0.1:{port}` later") in result.stderr
    assert changed_files(repo) == [ROUND] and "berichten" not in stored(repo)["rondes"][0]
    assert git(repo, "status", "--porcelain").strip() == ""


def test_return_by_alone_records_the_round_without_sending(repo):
    result = cli(repo, "pakket", "noord", "--date", LETTERS, "--return-by", RETURN_BY)
    assert result.exit_code == 0, result.output
    assert changed_files(repo) == [ROUND]
    assert stored(repo)["rondes"] == [{"soort": "pakket", "datum": dt.date(2026, 10, 5),
                                       "terugsturen_voor": dt.date(2026, 11, 2),
                                       "partijen": ["stad", "zorg-en-co", "ggd"]}]
    assert "e-mail" not in result.output
    assert not (repo / "build" / "noord" / "pakketten" / "2026-1" / "berichten").exists()


def test_a_party_that_signed_since_is_not_sent_its_package_again(repo, smtp_server):
    assert send(repo, smtp_server(Inbox(refuse={"info@zorg-en-co.example", "ggd@ggd.example"}))).exit_code == 1
    sign(repo, "noord", "ggd", "2026-1", dt.date(2026, 10, 20), "Assen")
    inbox = Inbox()
    again = resend(repo, smtp_server(inbox))
    assert again.exit_code == 0, again.output
    assert [r for r, _ in inbox.received] == [["info@zorg-en-co.example"]]
    assert "signed or no longer bound since, not sent (1): ggd" in again.output
    assert "mislukt" in outcomes(repo)["ggd"]


def test_no_sender_address_is_refused_before_anything(tmp_path, smtp_server, renders):
    files = project_files()
    files["convenants/noord.yaml"] = files["convenants/noord.yaml"].replace(
        "  email: secretariaat@zvh-noord.example\n", "")
    root = init_repo(tmp_path / "repo", files=files)
    vaststellen(root, "noord", "2026-1", DECIDED)
    before = repo_state(root)
    inbox = Inbox()
    result = send(root, smtp_server(inbox))
    assert result.exit_code == 1
    assert "convenants/noord.yaml: 'secretariaat' has no 'email': the e-mails to 2 parties need a " \
        "sender address" in result.stderr
    assert repo_state(root) == before and inbox.received == [] and renders == []


# ---------------------------------------------------------------- no postal address

def test_a_party_without_any_address_stops_the_sending_before_anything(tmp_path, smtp_server):
    root = make_repo(tmp_path / "repo", stad_address=False)
    before = repo_state(root)
    inbox = Inbox()
    result = send(root, smtp_server(inbox))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: parties/stad.yaml: adres ontbreekt: no e-mail address, so its letter goes by "
        "post, and no postal address (give 'adres', or 'adres' under 'deelname: noord:'); "
        "nothing was written or sent")
    assert repo_state(root) == before and not (root / "build").exists()
    assert inbox.received == []
    reminder = cli(root, "herinnering", "noord", "--nu", "--date", "2026-11-10", "--smtp",
                   smtp_server(inbox))
    assert reminder.exit_code == 1 and "parties/stad.yaml: adres ontbreekt" in reminder.stderr
    assert repo_state(root) == before and inbox.received == []
    # without --smtp too: the package of a party without e-mail goes by post
    plain = cli(root, "pakket", "noord", "--date", LETTERS)
    assert plain.exit_code == 1 and "parties/stad.yaml: adres ontbreekt" in plain.stderr
    assert repo_state(root) == before and not (root / "build").exists()
    # a party with an e-mail address but no postal address gets its package by e-mail; the
    # output and the overview flag the missing address
    ggd = (root / "parties" / "ggd.yaml").read_text(encoding="utf-8")
    (root / "parties" / "ggd.yaml").write_text(ggd.replace("adres: Laan 2, 9402 BB Assen\n", ""),
                                               encoding="utf-8")
    flagged = cli(root, "pakket", "noord", "--date", LETTERS, "--party", "ggd")
    assert flagged.exit_code == 0, flagged.output
    assert flagged.output.splitlines()[1] == "adres ontbreekt (1): ggd"
    folder = root / "build" / "noord" / "pakketten" / "2026-1"
    rows = {r["partij"]: r for r in csv.DictReader(io.StringIO(
        (folder / "overzicht.csv").read_text("utf-8-sig")), delimiter=";")}
    assert rows["ggd"]["adres"] == "adres ontbreekt"
    html = (folder / "overzicht.html").read_text()
    assert '<span class="missing">adres ontbreekt</span>' in html


# ---------------------------------------------------------------- reminders

def test_a_reminder_goes_only_to_the_parties_that_have_not_signed(repo, smtp_server, renders):
    assert cli(repo, "pakket", "noord", "--date", LETTERS, "--return-by", RETURN_BY).exit_code == 0
    sign(repo, "noord", "ggd", "2026-1", dt.date(2026, 10, 20), "Assen")
    before = repo_state(repo)
    early = cli(repo, "herinnering", "noord", "--date", "2026-11-01", "--smtp", smtp_server(Inbox()))
    assert early.exit_code == 1
    assert early.stderr.strip() == (
        "error: the return-by date of version 2026-1 of noord (2026-11-02) has not passed on "
        "2026-11-01: a reminder goes after it (--nu sends one now)")
    assert repo_state(repo) == before
    inbox = Inbox()
    result = cli(repo, "herinnering", "noord", "--date", "2026-11-10", "--smtp", smtp_server(inbox))
    assert result.exit_code == 0, result.output
    assert renders == ["noord"]  # the packages of build/ are attached, not made again
    assert [r for r, _ in inbox.received] == [["info@zorg-en-co.example"]]  # not ggd: it signed
    folder = repo / "build" / "noord" / "herinneringen" / "2026-1" / "2026-11-10"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "berichten/zorg-en-co.eml", "brieven/stad.pdf", "brieven/zorg-en-co.pdf"]
    (message,) = received(inbox).values()
    package = repo / "build" / "noord" / "pakketten" / "2026-1" / "zorg-en-co.pdf"
    assert attachments(message) == {
        "herinnering-noord-2026-1.pdf": (folder / "brieven" / "zorg-en-co.pdf").read_bytes(),
        "tekenpakket-noord-2026-1.pdf": package.read_bytes()}
    assert message["Subject"] == ("Herinnering aan de ondertekening van het Samenwerkingsconvenant "
                                  "Noord, versie 2026-1")
    letter = flat(pdf_texts((folder / "brieven" / "stad.pdf").read_bytes())[0])
    assert "Geachte heer Burger," in letter and "Markt 1 9400 AA Stad" in letter
    assert ("Op 5 oktober 2026 hebben wij u versie 2026-1 van het Samenwerkingsconvenant Noord ter "
            "ondertekening namens de gemeente Stad toegezonden, met het verzoek het ondertekende "
            "tekenblad vóór 2 november 2026 terug te sturen.") in letter
    assert "nog niet ontvangen" in letter and "Postbus 1 9400 AA Assen" in letter
    assert "no e-mail address, send the letter by post with the package from" in result.output
    item = stored(repo)["rondes"][-1]
    assert (item["soort"], item["datum"], item["partijen"]) == \
        ("herinnering", dt.date(2026, 11, 10), ["stad", "zorg-en-co"])
    assert [(m["soort"], m["partij"]) for m in item["berichten"]] == [("herinnering", "zorg-en-co")]
    assert changed_files(repo) == [ROUND] and git(repo, "status", "--porcelain").strip() == ""
    # the same date again sends only what was not sent: nothing
    again = cli(repo, "herinnering", "noord", "--date", "2026-11-10", "--smtp", smtp_server(inbox))
    assert again.exit_code == 0 and "nothing to send" in again.output and len(inbox.received) == 1
    twice = cli(repo, "herinnering", "noord", "--date", "2026-11-10")
    assert twice.exit_code == 1 and f"a reminder of 2026-11-10 is recorded already ({ROUND}:" in twice.stderr


def test_without_a_recorded_return_by_date_only_nu_reminds(repo, smtp_server):
    assert send(repo, smtp_server(Inbox()), "--party", "ggd").exit_code == 0  # with --return-by
    before = repo_state(repo)
    refused = cli(repo, "herinnering", "noord", "--date", "2026-10-20")
    assert refused.exit_code == 1
    assert "the return-by date of version 2026-1 of noord (2026-11-02) has not passed" in refused.stderr
    assert repo_state(repo) == before
    result = cli(repo, "herinnering", "noord", "--date", "2026-10-20", "--nu")
    assert result.exit_code == 0, result.output
    assert "reminder of 2026-10-20 to 3 parties that have not signed" in result.output
    assert changed_files(repo) == [ROUND]
    letter = flat(pdf_texts((repo / "build" / "noord" / "herinneringen" / "2026-1" / "2026-10-20"
                             / "brieven" / "stad.pdf").read_bytes())[0])
    # stad was in no recorded round: the letter does not claim a package was sent to it
    assert "Volgens onze administratie hebben wij van versie 2026-1 van het Samenwerkingsconvenant " \
           "Noord het ondertekende tekenblad van de gemeente Stad nog niet ontvangen." in letter
    assert "toegezonden" not in letter and "vóór" not in letter.split("Onderwerp")[1]


def test_no_return_by_date_recorded_at_all(repo):
    before = repo_state(repo)
    refused = cli(repo, "herinnering", "noord", "--date", "2026-11-10")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        "error: no return-by date is recorded for version 2026-1 of noord (`convenant pakket noord "
        "--return-by DATE` records it): --nu sends a reminder anyway")
    assert repo_state(repo) == before


@pytest.mark.parametrize("args, message", [
    (["pakket", "noord", "--verzenden"], "--verzenden needs --smtp HOST:PORT"),
    (["pakket", "noord", "--verzenden", "--smtp", "127.0.0.1:25", "--party", "stad"],
     "--party does not go with --verzenden"),
    (["pakket", "noord", "--verzenden", "--smtp", "127.0.0.1:25"],
     "no sending of the packages of version 2026-1 of noord is recorded"),
    (["pakket", "noord", "--smtp", "smtp.invalid"], "invalid SMTP server 'smtp.invalid'"),
    (["herinnering", "noord", "--date", "2999-01-01"], "--date 2999-01-01 is in the future"),
    (["herinnering", "noord", "--date", "2026-09-01", "--nu"], "2026-09-01 is before version 2026-1 was decided"),
    (["herinnering", "noord", "--version", "9"], "version '9' is not recorded for noord"),
])
def test_bad_input_changes_nothing(repo, args, message):
    before = repo_state(repo)
    result = cli(repo, *args)
    assert result.exit_code != 0
    assert message in result.stderr and "Traceback" not in result.output
    assert repo_state(repo) == before


# ---------------------------------------------------------------- the record is data

@pytest.mark.parametrize("text, problem", [
    ("rondes:\n  - soort: brief\n    datum: 2026-10-05\n    partijen: [stad]\n",
     ":2: ronde: 'soort' 'brief' must be one of pakket, herinnering"),
    ("rondes:\n  - soort: pakket\n    datum: 2026-10-05\n    partijen: [niemand]\n",
     ":2: unknown party 'niemand': no parties/niemand.yaml"),
    ("rondes:\n  - soort: pakket\n    datum: 2026-10-05\n    terugsturen_voor: 2026-10-01\n"
     "    partijen: [stad]\n", ":4: ronde: 'terugsturen_voor' (2026-10-01) must be after"),
    ("rondes:\n  - soort: pakket\n    datum: 2026-10-05\n    partijen: [stad]\n    berichten:\n"
     "      - soort: pakket\n        partij: ggd\n        adres: ggd@ggd.example\n"
     "        verzonden: 2026-10-05T10:00:00+02:00\n", ":6: bericht to 'ggd', which is not in"),
    ("rondes:\n  - soort: herinnering\n    datum: 2026-10-05\n    partijen: [stad]\n    berichten:\n"
     "      - soort: pakket\n        partij: stad\n        adres: a@b.example\n        mislukt: x\n",
     ":6: bericht: 'soort' 'pakket' must be one of herinnering"),
])
def test_a_wrong_record_is_a_data_problem_with_its_line(repo, text, problem):
    (repo / ROUND).parent.mkdir(parents=True)
    (repo / ROUND).write_text(text)
    with pytest.raises(DataError) as caught:
        load_project(repo)
    assert any(str(p).startswith(ROUND) and problem in str(p) for p in caught.value.problems), \
        [str(p) for p in caught.value.problems]


def test_a_record_of_an_unrecorded_version_is_a_data_problem(repo):
    path = repo / "register" / "verzending" / "noord" / "2099.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("rondes: []\n")
    with pytest.raises(DataError, match="sending record of version '2099', which is not recorded"):
        load_project(repo)


def test_a_region_address_in_the_party_file_is_checked(repo):
    path = repo / "parties" / "zorg-en-co.yaml"
    path.write_text(path.read_text().replace(f"adres: {REGION_ADDRESS}", "adres: [1, 2]"))
    with pytest.raises(DataError, match="'adres' must be text, not a list"):
        load_project(repo)
