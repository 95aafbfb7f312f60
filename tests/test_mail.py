"""generator.mail: messages as an SMTP server receives them, and runs that can be resumed.

Every server here is an aiosmtpd server on 127.0.0.1 started by the test itself; every
message is checked as the server got it, parsed back from the raw bytes.
"""

from __future__ import annotations

import email
import email.header
import email.policy
import email.utils
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from pypdf import PdfReader, PdfWriter

from generator import mail
from generator.errors import ConvenantError, UsageError
from generator.output import write_atomic

from .conftest import Inbox, free_port

ANKER = 'Stichting Ça & Zo <Nieuw> "Het Anker"'
SENDER = ("Secretariaat Zorg- en Veiligheidshuis Één", "secretariaat@zvh.example.org")
PARTIES = [
    ("anker", ANKER),
    ("sudwest", "Gemeente Súdwest-Fryslân"),
    ("ggd", "GGD Hollands-Midden"),
    ("zorg", "Zorg, Welzijn & Co"),
    ("cafe", "Café-restaurant \"Één\" (René)"),
]
KEYS = [key for key, _ in PARTIES]


def address(key: str) -> str:
    return f"{key}@partij.example.org"


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def letters(pdf: bytes) -> list[mail.Outgoing]:
    return [
        mail.Outgoing(key, mail.make_message(
            SENDER, (name, address(key)),
            f"Wijziging convenant – {name}",
            f"Geachte {name},\n\nBijgaand de brief over de wijziging.\nMet vriendelijke groet,\n",
            [(f"Brief – {key} één.pdf", pdf, "application/pdf")],
            domain="zvh.example.org"))
        for key, name in PARTIES
    ]


def check_received(raw: bytes, key: str, pdf: bytes) -> None:
    """The message as the server got it: ASCII headers, every field read back literally."""
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()
    assert all(len(line) <= 78 for line in head.split(b"\r\n"))
    name = dict(PARTIES)[key]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    (to,) = message["To"].addresses
    assert (to.display_name, to.addr_spec) == (name, address(key))
    (sender,) = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == SENDER
    assert message["Subject"] == f"Wijziging convenant – {name}"
    assert message["Message-ID"].endswith("@zvh.example.org>")
    body = message.get_body(("plain",)).get_content()
    assert body.splitlines() == [f"Geachte {name},", "", "Bijgaand de brief over de wijziging.",
                                 "Met vriendelijke groet,"]
    (attachment,) = message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"Brief – {key} één.pdf"
    assert attachment.get_content() == pdf
    assert len(PdfReader(io.BytesIO(attachment.get_content())).pages) == 1


class Journal:
    """What a caller does with on_result: append each outcome to a file at once."""

    def __init__(self, path: Path):
        self.path = path

    def __call__(self, outcome: mail.Outcome) -> None:
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({
                "key": outcome.key, "recipient": outcome.recipient, "sent": outcome.sent,
                "reason": outcome.reason, "at": outcome.at and outcome.at.isoformat(),
            }) + "\n")

    def records(self) -> list[dict]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines()]

    def sent(self) -> set[str]:
        return {record["key"] for record in self.records() if record["sent"]}


def run(outgoing, server, journal=None, **kwargs) -> list[mail.Outcome]:
    kwargs.setdefault("env", {})
    return mail.send(outgoing, server, on_result=journal, timeout=5, **kwargs)


# --------------------------------------------------------------------------- sending


def test_all_sent_each_reported_before_the_next(smtp_server, pdf, tmp_path):
    inbox = Inbox()
    server = smtp_server(inbox)
    # The messages go to disk first and are sent from there, as the CLI does.
    for item in letters(pdf):
        write_atomic(tmp_path / f"{item.key}.eml", item.message.as_bytes())
    outgoing = [
        mail.Outgoing(key, email.message_from_bytes((tmp_path / f"{key}.eml").read_bytes(),
                                                    policy=email.policy.SMTP))
        for key in KEYS
    ]
    calls = []

    def on_result(outcome):
        # Called after the server took this message and before the next one goes.
        assert inbox.keys() == [o.key for o in calls] + [outcome.key]
        calls.append(outcome)

    before = datetime.now(timezone.utc)
    outcomes = mail.send(outgoing, server, env={}, on_result=on_result, timeout=5)
    assert outcomes == calls
    assert [o.key for o in outcomes] == KEYS
    for outcome, key in zip(outcomes, KEYS):
        assert (outcome.sent, outcome.reason, outcome.recipient) == (True, "", address(key))
        assert outcome.at.tzinfo is not None
        assert before <= outcome.at <= datetime.now(timezone.utc)
    assert [rcpts for rcpts, _ in inbox.received] == [[address(key)] for key in KEYS]
    for key, (_, raw) in zip(KEYS, inbox.received):
        check_received(raw, key, pdf)
        # What the server got is exactly what was written to disk.
        assert raw.rstrip(b"\r\n") == (tmp_path / f"{key}.eml").read_bytes().rstrip(b"\r\n")


def test_skip_sends_only_what_was_not_sent(smtp_server, pdf, tmp_path):
    inbox = Inbox()
    server = smtp_server(inbox)
    journal = Journal(tmp_path / "verzonden.jsonl")
    outgoing = letters(pdf)
    run(outgoing[:2], server, journal)  # a first run that got only as far as two
    assert journal.sent() == {"anker", "sudwest"}
    outcomes = run(outgoing, server, journal, skip=journal.sent())
    assert [o.key for o in outcomes] == KEYS[2:]
    assert inbox.keys() == KEYS
    assert run(outgoing, server, journal, skip=journal.sent()) == []
    assert inbox.keys() == KEYS


def test_refused_recipients_fail_with_the_reply_and_the_run_goes_on(smtp_server, pdf, tmp_path):
    inbox = Inbox(refuse={address("sudwest"), address("zorg")})
    server = smtp_server(inbox)
    journal = Journal(tmp_path / "verzonden.jsonl")
    outgoing = letters(pdf)
    outcomes = run(outgoing, server, journal)
    assert [(o.key, o.sent) for o in outcomes] == [
        ("anker", True), ("sudwest", False), ("ggd", True), ("zorg", False), ("cafe", True)]
    for outcome in outcomes[1], outcomes[3]:
        assert outcome.reason == (f"550 5.1.1 <{address(outcome.key)}>: Recipient address "
                                  "rejected: User unknown")
        assert outcome.at is None
    assert inbox.keys() == ["anker", "ggd", "cafe"]
    for key, (_, raw) in zip(inbox.keys(), inbox.received):
        check_received(raw, key, pdf)
    # The journal holds every message exactly once; the addresses fixed, a re-run
    # sends the two that failed and nothing else.
    assert [r["key"] for r in journal.records()] == KEYS
    inbox.refuse.clear()
    outcomes = run(outgoing, server, journal, skip=journal.sent())
    assert [(o.key, o.sent) for o in outcomes] == [("sudwest", True), ("zorg", True)]
    assert sorted(inbox.keys()) == sorted(KEYS)


def test_data_refused_fails_that_message_only(smtp_server, pdf):
    inbox = Inbox(reject={address("ggd")})
    outcomes = run(letters(pdf), smtp_server(inbox))
    assert [o.sent for o in outcomes] == [True, True, False, True, True]
    assert outcomes[2].reason == "554 5.7.1 Message rejected as spam"
    assert inbox.keys() == ["anker", "sudwest", "zorg", "cafe"]


def test_partly_refused_counts_as_sent_and_names_the_refused(smtp_server, pdf):
    inbox = Inbox(refuse={"oud@partij.example.org"})
    outgoing = letters(pdf)[:1]
    outgoing[0].message["Cc"] = "oud@partij.example.org"
    (outcome,) = run(outgoing, smtp_server(inbox))
    assert outcome.sent and outcome.recipient == "anker@partij.example.org, oud@partij.example.org"
    assert outcome.reason == ("refused for 550 5.1.1 <oud@partij.example.org>: Recipient address "
                              "rejected: User unknown")
    assert inbox.received[0][0] == ["anker@partij.example.org"]


def test_the_recorded_reason_does_not_depend_on_the_language(smtp_server, pdf, monkeypatch):
    """The reason goes into the register (register/verzending): the same words in a Dutch run."""
    monkeypatch.setenv("CONVENANT_TAAL", "nl")
    inbox = Inbox(refuse={"oud@partij.example.org"}, drop={1})
    outgoing = letters(pdf)[:2]
    outgoing[1].message["Cc"] = "oud@partij.example.org"
    lost, partly = run(outgoing, smtp_server(inbox))
    assert lost.reason == "connection lost: Connection unexpectedly closed"
    assert partly.reason.startswith("refused for 550 5.1.1 <oud@partij.example.org>")


@pytest.mark.parametrize("how", ["close", "421"])
def test_dropped_connection_fails_the_message_in_flight_and_reconnects(
        smtp_server, pdf, tmp_path, how):
    inbox = Inbox(drop={2}, how=how)
    server = smtp_server(inbox)
    journal = Journal(tmp_path / "verzonden.jsonl")
    outgoing = letters(pdf)
    outcomes = run(outgoing, server, journal)
    assert [(o.key, o.sent) for o in outcomes] == [
        ("anker", True), ("sudwest", False), ("ggd", True), ("zorg", True), ("cafe", True)]
    lost = outcomes[1]
    assert lost.reason == ("connection lost: Connection unexpectedly closed" if how == "close"
                           else "421 4.3.2 Service shutting down, closing transmission channel")
    assert lost.at is None and lost.recipient == address("sudwest")
    assert inbox.keys() == ["anker", "ggd", "zorg", "cafe"]
    assert [r["key"] for r in journal.records()] == KEYS
    run(outgoing, server, journal, skip=journal.sent())
    assert sorted(inbox.keys()) == sorted(KEYS)  # each exactly once
    for key, (_, raw) in zip(inbox.keys(), inbox.received):
        check_received(raw, key, pdf)


def test_server_gone_the_rest_is_failed_not_missing_and_a_rerun_completes(
        smtp_server, pdf, tmp_path):
    inbox = Inbox(drop={2}, stop=True)
    server = smtp_server(inbox)
    journal = Journal(tmp_path / "verzonden.jsonl")
    outgoing = letters(pdf)
    outcomes = run(outgoing, server, journal)
    assert [(o.key, o.sent) for o in outcomes] == [(key, key == "anker") for key in KEYS]
    assert outcomes[1].reason == "connection lost: Connection unexpectedly closed"
    for outcome in outcomes[2:]:
        assert outcome.reason.startswith(
            f"not attempted: reconnecting failed: cannot connect to the SMTP server {server}: ")
        assert "refused" in outcome.reason
        assert outcome.recipient == address(outcome.key)
    assert journal.records() == [
        {"key": o.key, "recipient": o.recipient, "sent": o.sent, "reason": o.reason,
         "at": o.at and o.at.isoformat()} for o in outcomes]
    assert inbox.keys() == ["anker"]

    # The server is back (same address); the re-run sends the rest, nothing twice.
    restored = Inbox()
    assert smtp_server(restored, port=int(server.rsplit(":", 1)[1])) == server
    outcomes = run(outgoing, server, journal, skip=journal.sent())
    assert [(o.key, o.sent) for o in outcomes] == [(key, True) for key in KEYS[1:]]
    assert inbox.keys() + restored.keys() == KEYS
    for key, (_, raw) in zip(restored.keys(), restored.received):
        check_received(raw, key, pdf)


def test_a_second_drop_right_after_reconnecting_gives_up(smtp_server, pdf):
    inbox = Inbox(drop={2, 3, 4, 5})
    outcomes = run(letters(pdf), smtp_server(inbox))
    assert [o.sent for o in outcomes] == [True, False, False, False, False]
    assert [o.reason.split(":")[0] for o in outcomes] == [
        "", "connection lost", "connection lost", "not attempted", "not attempted"]
    assert "dropped again right after reconnecting" in outcomes[3].reason
    assert inbox.data == 3  # the last two were never tried


def test_first_connection_failing_is_an_error(pdf):
    server = f"127.0.0.1:{free_port()}"  # nothing listens there
    reported = []
    with pytest.raises(ConvenantError, match=f"^cannot connect to the SMTP server {server}: "):
        mail.send(letters(pdf), server, env={}, on_result=reported.append, timeout=5)
    assert reported == []


def test_starttls_not_offered_is_an_error_and_nothing_is_sent(smtp_server, pdf):
    inbox = Inbox()
    server = smtp_server(inbox)
    reported = []
    with pytest.raises(ConvenantError) as info:
        mail.send(letters(pdf), server, starttls=True, env={}, on_result=reported.append,
                  timeout=5)
    assert str(info.value) == f"the SMTP server {server} does not offer STARTTLS"
    assert type(info.value) is ConvenantError
    assert reported == [] and inbox.received == []


def test_keys_must_be_unique(pdf):
    outgoing = letters(pdf)
    outgoing[1].key = outgoing[0].key
    with pytest.raises(ConvenantError, match="two messages have the key 'anker'"):
        mail.send(outgoing, "127.0.0.1:25", env={})


# --------------------------------------------------------------------------- login

USER, PASSWORD = "secretariaat", "geheim wachtwoord"


def with_login(env_user=USER, env_password=PASSWORD):
    return {"CONVENANT_SMTP_USER": env_user, "CONVENANT_SMTP_PASSWORD": env_password,
            "PATH": "/usr/bin"}


class Authenticator:
    def __init__(self):
        self.logins = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        assert isinstance(auth_data, LoginPassword)
        login = (auth_data.login.decode(), auth_data.password.decode())
        self.logins.append(login)
        # handled=False: aiosmtpd answers "535" itself when the login is wrong.
        return AuthResult(success=login == (USER, PASSWORD), handled=False)


@pytest.fixture
def auth_server(smtp_server):
    """A server that requires a login (over plain text: allowed on 127.0.0.1 only)."""
    inbox, authenticator = Inbox(), Authenticator()
    server = smtp_server(inbox, authenticator=authenticator, auth_required=True,
                         auth_require_tls=False)
    return server, inbox, authenticator


def test_credentials_come_from_the_environment_both_or_neither():
    assert mail.credentials({}) is None
    assert mail.credentials({"CONVENANT_SMTP_USER": "", "CONVENANT_SMTP_PASSWORD": ""}) is None
    assert mail.credentials(with_login()) == (USER, PASSWORD)
    with pytest.raises(UsageError) as info:
        mail.credentials({"CONVENANT_SMTP_USER": USER})
    assert str(info.value) == ("CONVENANT_SMTP_USER is set but CONVENANT_SMTP_PASSWORD is not: "
                               "set both or neither")
    with pytest.raises(UsageError) as info:
        mail.credentials({"CONVENANT_SMTP_PASSWORD": PASSWORD})
    assert str(info.value) == ("CONVENANT_SMTP_PASSWORD is set but CONVENANT_SMTP_USER is not: "
                               "set both or neither")
    assert PASSWORD not in str(info.value)
    with pytest.raises(UsageError) as info:
        mail.credentials(with_login(env_password="wachtwoord é"))
    assert str(info.value) == ("CONVENANT_SMTP_PASSWORD holds a non-ASCII character, which "
                               "SMTP login (smtplib) cannot send")


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_from_the_environment(auth_server, pdf):
    server, inbox, authenticator = auth_server
    outcomes = run(letters(pdf), server, env=with_login())
    assert all(o.sent for o in outcomes)
    assert authenticator.logins == [(USER, PASSWORD)]
    assert inbox.keys() == KEYS


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_no_login_against_a_server_that_wants_one(auth_server, pdf):
    server, inbox, authenticator = auth_server
    outcomes = run(letters(pdf), server)  # env without the variables
    assert [o.sent for o in outcomes] == [False] * len(KEYS)
    assert all(o.reason.startswith("530 5.7.0 Authentication required") for o in outcomes)
    assert authenticator.logins == [] and inbox.received == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_wrong_password_is_an_error_before_anything_is_sent(auth_server, pdf):
    server, inbox, authenticator = auth_server
    reported = []
    with pytest.raises(ConvenantError) as info:
        mail.send(letters(pdf), server, env=with_login(env_password="fout"),
                  on_result=reported.append, timeout=5)
    message = str(info.value)
    assert message.startswith(f"the SMTP server {server} refused the login of 'secretariaat': 535")
    assert "fout" not in message and "\n" not in message
    assert reported == [] and inbox.received == []


def test_one_variable_alone_is_a_usage_error_before_connecting(smtp_server, pdf):
    inbox = Inbox()
    server = smtp_server(inbox)
    with pytest.raises(UsageError, match="CONVENANT_SMTP_PASSWORD is set but"):
        mail.send(letters(pdf), server, env={"CONVENANT_SMTP_PASSWORD": PASSWORD})
    assert inbox.data == 0


def test_no_password_over_the_network_without_starttls(pdf):
    # Refused before any connection is made: smtp.example.org is never contacted.
    with pytest.raises(UsageError) as info:
        mail.send(letters(pdf), "smtp.example.org:587", env=with_login())
    assert str(info.value) == (
        "refusing to send the SMTP password to smtp.example.org:587 unencrypted: "
        "use STARTTLS (only a server on localhost may do without)")


# --------------------------------------------------------------------------- settings


@pytest.mark.parametrize("value, expected", [
    ("smtp.example.org:587", ("smtp.example.org", 587)),
    ("localhost:25", ("localhost", 25)),
    ("127.0.0.1:2525", ("127.0.0.1", 2525)),
    ("[::1]:25", ("::1", 25)),
    ("[2001:db8::1]:465", ("2001:db8::1", 465)),
    (" mail.zvh-haaglanden.nl:65535 ", ("mail.zvh-haaglanden.nl", 65535)),
])
def test_parse_server(value, expected):
    assert mail.parse_server(value) == expected


@pytest.mark.parametrize("value", [
    "", "smtp.example.org", "smtp.example.org:", ":25", "smtp.example.org:0",
    "smtp.example.org:65536", "smtp.example.org:smtp", "smtp.example.org:+25",
    "smtp.example.org:２５", "::1:25", "[::1]", "[::1]25", "[127.0.0.1]:25", "[nope]:25",
    "smtp_example.org:25", "smtp.example.org :25", "-smtp.example.org:25",
    "user@smtp.example.org:25", "smtp://smtp.example.org:25",
])
def test_parse_server_rejects(value):
    with pytest.raises(UsageError) as info:
        mail.parse_server(value)
    assert str(info.value) == (f"invalid SMTP server {value!r}: expected HOST:PORT, "
                               "e.g. smtp.example.org:587")


# --------------------------------------------------------------------------- messages

NAMES = [
    ANKER,
    "René Öztürk",
    "Gemeente Súdwest-Fryslân",
    "Zorg, Welzijn & Co",
    "O'Brien & Zonen",
    'Back\\slash "quoted"',
    "Stichting Regionale Ambulancevoorziening Hollands-Midden, afdeling Zorgcoördinatie "
    "(RAV) \"Één\" <regio Leiden>",
    "Één",
]


def rfc2047_mailbox(raw: bytes, header: str) -> tuple[str, str]:
    """(display name, address) of a header as RFC 2047 (section 6.2) reads it: the phrase is
    parsed first (quoted-strings unquoted), then its encoded-words are decoded, adjacent ones
    joined without the white space between them. Python's address parser puts a space there
    (CPython gh-128110), which would split a long non-ASCII name where the writer folded it."""
    value = email.message_from_bytes(raw, policy=email.policy.compat32)[header]
    phrase, addr = email.utils.parseaddr(value)
    return str(email.header.make_header(email.header.decode_header(phrase))), addr


@pytest.mark.parametrize("name", NAMES)
def test_make_message_round_trips_literally(name):
    date = datetime(2025, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    filename = f"{name}.pdf"
    message = mail.make_message(
        ("Secretariaat ZVH Één", "zvh@example.org"), (name, "partij@example.org"),
        f"Kennisgeving: {name}", "Één regel.\nTwee – regels.\n",
        [(filename, b"%PDF-1.4\n", "application/pdf"), ("lijst.csv", b"a;b\n", "text/csv")],
        date=date, domain="zvh.example.org")
    raw = message.as_bytes()
    assert raw.isascii()  # headers encoded, body quoted-printable, attachments base64
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert all(len(line) <= 78 for line in head.split(b"\r\n")), head
    back = email.message_from_bytes(raw, policy=email.policy.default)
    (to,) = back["To"].addresses
    assert to.addr_spec == "partij@example.org"
    assert rfc2047_mailbox(raw, "To") == (name, "partij@example.org")
    (sender,) = back["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Secretariaat ZVH Één", "zvh@example.org")
    assert back["Subject"] == f"Kennisgeving: {name}"
    assert back["Date"].datetime == date
    assert back["Message-ID"].startswith("<") and back["Message-ID"].endswith("@zvh.example.org>")
    assert back.get_body(("plain",)).get_content().splitlines() == ["Één regel.", "Twee – regels."]
    attachments = list(back.iter_attachments())
    assert [(a.get_filename(), a.get_content_type(), a.get_payload(decode=True))
            for a in attachments] == [(filename, "application/pdf", b"%PDF-1.4\n"),
                                      ("lijst.csv", "text/csv", b"a;b\n")]


def test_make_message_readable_where_possible():
    message = mail.make_message(("", "zvh@example.org"), (ANKER, "anker@example.org"),
                                "Wijziging convenant", "x")
    head = message.as_bytes().split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert "From: zvh@example.org\r\n" in head
    assert ("To: Stichting =?utf-8?q?=C3=87a_=26_Zo_=3CNieuw=3E_=22Het_Anker=22?=\r\n"
            " <anker@example.org>\r\n") in head
    assert "Subject: Wijziging convenant\r\n" in head
    assert message["Message-ID"].endswith("@convenant.invalid>")
    assert email.utils.parsedate_to_datetime(message["Date"]).tzinfo is not None


@pytest.mark.parametrize("sender, recipient, subject, attachments, problem", [
    (("ZVH", "zvh@example.org"), ("X", "geen-adres"), "s", [], "invalid e-mail address 'geen-adres'"),
    (("ZVH", "zvh@example.org"), ("X", "a b@example.org"), "s", [], "invalid e-mail address"),
    (("ZVH", "zvh@example.org"), ("X", "rené@example.org"), "s", [], "invalid e-mail address"),
    (("ZVH", "zvh@example.org"), ("Twee\nregels", "x@example.org"), "s", [], "line break"),
    (("ZVH", "zvh@example.org"), ("X", "x@example.org"), "a\r\nBcc: y@example.org", [], "line break"),
    (("ZVH", "zvh@example.org"), ("=?utf-8?q?geen_encoded-word?=", "x@example.org"), "s", [],
     "the recipient name '=\\?utf-8.*contains '=\\?'"),
    (("Z =?x", "zvh@example.org"), ("X", "x@example.org"), "s", [], "the sender name .* contains '=\\?'"),
    (("ZVH", "zvh@example.org"), ("X", "x@example.org"), "a=?b", [], "the subject 'a=\\?b' contains '=\\?'"),
    (("ZVH", "zvh@example.org"), ("X", "x@example.org"), "s", [("a.pdf", b"", "pdf")],
     "invalid mimetype 'pdf'"),
])
def test_make_message_rejects(sender, recipient, subject, attachments, problem):
    with pytest.raises(UsageError, match=problem):
        mail.make_message(sender, recipient, subject, "body", attachments)
