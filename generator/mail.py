"""E-mail to the parties of a covenant: build RFC 5322 messages and send them over SMTP.

Messages are built with :func:`make_message` (the caller writes them to disk as ``.eml``
with ``message.as_bytes()``) and optionally sent with :func:`send`. Sending is made to
be interrupted and resumed: :func:`send` reports every message through ``on_result``
as soon as its fate is known, so that the caller can record it durably, and a re-run
passes the keys recorded as sent in ``skip``. Every message handed to :func:`send` and
not skipped comes back as exactly one :class:`Outcome`, sent or failed, even when the
server goes away half-way: nothing is ever silently missing.

A message built here is pure 7-bit ASCII: headers use RFC 2047 encoded-words, the body
is quoted-printable, attachments base64 with RFC 2231 file names. It needs neither
8BITMIME nor SMTPUTF8 and survives any relay unchanged. The headers are written by the
email package (``Address`` objects, the SMTP policy), which quotes and encodes display names
as RFC 5322 and 2047 ask; a name or subject holding ``=?`` is refused, since every reader
would decode it as an encoded-word. One reader falls short: Python's own address parser
(``policy.default``) reads a space between two adjacent encoded-words of a display name
(CPython gh-128110), so a long non-ASCII name may read back there with a stray space; mail
programs join the words as RFC 2047 (section 6.2) says.

The SMTP login comes only from the environment (:func:`credentials`), never from
arguments or files, so that it never ends up in a shell history or a repository.
"""

from __future__ import annotations

import ipaddress
import os
import re
import smtplib
import socket
import ssl
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from email import message_from_bytes
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid

from .errors import ConvenantError, UsageError
from .i18n import _

USER_VARIABLE = "CONVENANT_SMTP_USER"
PASSWORD_VARIABLE = "CONVENANT_SMTP_PASSWORD"

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?")
_TOKEN = r"[A-Za-z0-9!#$%&'*+.^_`|~-]+"
_MIMETYPE = re.compile(rf"{_TOKEN}/{_TOKEN}")


@dataclass
class Outgoing:
    """One message to send."""

    key: str
    """Stable identifier of the message (e.g. the party id), used in the caller's records."""
    message: EmailMessage
    """The complete message, with To, From, Subject, Date and Message-ID."""


@dataclass
class Outcome:
    """What became of one message."""

    key: str
    recipient: str
    """The envelope recipient(s), comma-separated."""
    sent: bool
    reason: str = ""
    """The server's reply or the error when not sent, on one line."""
    at: datetime | None = None
    """When the server accepted the message (timezone-aware), None when not sent."""


# --------------------------------------------------------------------------- messages


def make_message(sender: tuple[str, str], recipient: tuple[str, str], subject: str, body: str,
                 attachments: Iterable[tuple[str, bytes, str]] = (), date: datetime | None = None,
                 domain: str = "convenant.invalid") -> EmailMessage:
    """Build a complete RFC 5322 message (``policy=email.policy.SMTP``).

    ``sender`` and ``recipient`` are ``(display name, address)``; the display name may
    hold any text (``'Stichting Ça & Zo <Nieuw> "Het Anker"'``) and is read back
    literally by any conforming reader. ``body`` is plain text, sent as UTF-8
    quoted-printable. Each attachment is ``(filename, data, mimetype)``, e.g.
    ``("brief.pdf", pdf, "application/pdf")``. ``date`` defaults to now; a naive
    ``date`` is taken as local time. The Message-ID is made unique under ``domain``.

    Raises UsageError for an invalid address, a name or subject with a line break or with
    ``=?`` (which every reader decodes as the start of an encoded-word), or a malformed
    mimetype.
    """
    for label, text in ((_("sender name"), sender[0]), (_("recipient name"), recipient[0]),
                        (_("subject"), subject)):
        _check_one_line(label, text)
        if "=?" in text:
            raise UsageError(_("the {label} {text!r} contains '=?', which mail programs would"
                               " read as an encoded word: leave it out").format(label=label,
                                                                               text=text))
    message = EmailMessage(policy=SMTP)
    message["From"] = _address(*sender)
    message["To"] = _address(*recipient)
    message["Subject"] = subject
    message["Date"] = (date or datetime.now(timezone.utc)).astimezone()  # formatted by the policy
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(body, charset="utf-8", cte="quoted-printable")
    for filename, data, mimetype in attachments:
        if not _MIMETYPE.fullmatch(mimetype) or mimetype.lower().startswith(
                ("multipart/", "message/")):
            raise UsageError(_("invalid mimetype {mimetype!r} for attachment {filename!r}").format(
                mimetype=mimetype, filename=filename))
        _check_one_line(_("attachment name"), filename)
        maintype, _slash, subtype = mimetype.partition("/")
        message.add_attachment(data, maintype, subtype, filename=filename)
    # Parsed back from its own bytes: a header the policy folded after its colon ("To:" and
    # the mailbox on the next line) is written back from source as "To: ", so without this
    # the message sent would differ by a byte from the .eml written before (from source,
    # headers are written back verbatim).
    parsed = message_from_bytes(message.as_bytes(), policy=SMTP)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _check_one_line(label: str, text: str) -> None:
    if len(text.splitlines()) > 1 or text.endswith(("\r", "\n")):
        raise UsageError(_("the {label} {text!r} contains a line break").format(label=label,
                                                                                text=text))


def _address(name: str, addr: str) -> Address:
    """``name <addr>`` as a header value; the email package quotes and encodes the name."""
    try:
        parsed = Address(display_name=name, addr_spec=addr.strip())
    except (ValueError, IndexError) as exc:
        raise UsageError(_("invalid e-mail address {address!r}: {problem}").format(
            address=addr, problem=_one_line(exc))) from None
    if not parsed.username or not parsed.domain or not parsed.addr_spec.isascii():
        raise UsageError(_("invalid e-mail address {address!r}: expected an ASCII "
                           "user@domain").format(address=addr))
    return parsed


# --------------------------------------------------------------------------- settings


def parse_server(value: str) -> tuple[str, int]:
    """``"smtp.example.org:587"`` -> ``("smtp.example.org", 587)``; IPv6 as ``"[::1]:25"``.

    Raises UsageError for anything else.
    """
    problem = _("invalid SMTP server {value!r}: expected HOST:PORT, e.g. "
                "smtp.example.org:587").format(value=value)
    host, sep, port = value.strip().rpartition(":")
    if not sep or not port.isascii() or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(problem)
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise UsageError(problem) from None
    elif not _HOSTNAME.fullmatch(host) or len(host) > 253:
        raise UsageError(problem)
    return host, int(port)


def credentials(env: Mapping[str, str] = os.environ) -> tuple[str, str] | None:
    """The SMTP user and password from CONVENANT_SMTP_USER / CONVENANT_SMTP_PASSWORD.

    Both or neither must be set (an empty value counts as unset); one without the other
    is a UsageError, and so is a non-ASCII value (smtplib sends only ASCII in AUTH).
    Credentials are deliberately never taken from arguments or files.
    """
    user = env.get(USER_VARIABLE, "")
    password = env.get(PASSWORD_VARIABLE, "")
    if bool(user) != bool(password):
        given, missing = ((USER_VARIABLE, PASSWORD_VARIABLE) if user
                          else (PASSWORD_VARIABLE, USER_VARIABLE))
        raise UsageError(_("{given} is set but {missing} is not: set both or neither").format(
            given=given, missing=missing))
    for name, value in ((USER_VARIABLE, user), (PASSWORD_VARIABLE, password)):
        if not value.isascii():
            raise UsageError(_("{name} holds a non-ASCII character, which SMTP login "
                               "(smtplib) cannot send").format(name=name))
    return (user, password) if user else None


def check_settings(server: str, starttls: bool = False,
                   env: Mapping[str, str] = os.environ) -> tuple[str, int, tuple[str, str] | None]:
    """Host, port and login from the options and environment, refused (UsageError) when any is
    invalid or when a login would go to a host that is not localhost without STARTTLS.

    Depends on the options alone, so a command calls it before it records anything."""
    host, port = parse_server(server)
    login = credentials(env)
    if login and not starttls and not _is_localhost(host):
        raise UsageError(_("refusing to send the SMTP password to {host} unencrypted: use "
                           "STARTTLS (only a server on localhost may do without)").format(
            host=_where(host, port)))
    return host, port, login


def _is_localhost(host: str) -> bool:
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _where(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


# --------------------------------------------------------------------------- sending


def send(outgoing: list[Outgoing], server: str, *, starttls: bool = False,
         env: Mapping[str, str] = os.environ, skip: Iterable[str] = frozenset(),
         on_result: Callable[[Outcome], None] | None = None, timeout: float = 30) -> list[Outcome]:
    """Send every message whose key is not in ``skip`` over one SMTP connection.

    ``on_result`` is called after each message, sent or failed, before the next one is
    tried, so the caller can record it durably; an exception it raises stops the run.
    Returns the same outcomes, one per message not skipped, in order.

    - A message the server refuses (4xx/5xx on MAIL, RCPT or DATA) is failed with the
      server's reply and the run goes on. When a message has several recipients and
      only some are refused it counts as sent (resending would duplicate it for the
      others) and ``reason`` names the refused ones.
    - When the connection drops (or the server closes it, e.g. with a 421), the message
      in flight is failed with the reason (it may or may not have arrived: a re-run
      sends it again) and one reconnect is tried. If that reconnect fails, or the
      very next message drops the connection too, every remaining message is failed
      as 'not attempted: ...'. A server that closes the connection now and then (a
      limit on messages per connection) thus costs one failed message each time.
    - STARTTLS is used when asked for; a server that does not offer it is an error.
    - The login (only from :func:`credentials`) is refused without STARTTLS unless the
      server is on localhost, since the password would cross the network readable.

    Raises UsageError for a bad ``server`` or credentials setting and ConvenantError
    when the first connection, STARTTLS or the login fails; nothing is sent then.
    """
    host, port, login = check_settings(server, starttls, env)
    where = _where(host, port)
    todo = _to_send(outgoing, skip)
    if not todo:
        return []

    local_hostname = socket.getfqdn()  # once, not per connection: it may ask DNS

    def connect() -> smtplib.SMTP:
        return _connect(host, port, where, starttls, login, timeout, local_hostname)

    outcomes: list[Outcome] = []

    def report(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if on_result is not None:
            on_result(outcome)

    def give_up(rest: list[Outgoing], reason: str) -> None:
        for item in rest:
            report(Outcome(item.key, ", ".join(_envelope(item.message)[1]), False, reason))

    _deliver(todo, connect, report, give_up, where)
    return outcomes


def _deliver(todo: list[Outgoing], connect, report, give_up, where: str) -> None:
    """Send ``todo`` in order over one connection, reconnecting once after a drop."""
    connection: smtplib.SMTP | None = connect()
    reconnected = False
    """True while the connection is a reconnect over which no message has gone yet."""
    try:
        for index, item in enumerate(todo):
            if connection is None:
                try:
                    connection = connect()
                except ConvenantError as exc:
                    give_up(todo[index:], "not attempted: reconnecting failed: "
                                            f"{exc}")
                    break
                reconnected = True
            outcome, dropped = _send_one(connection, item)
            report(outcome)
            if dropped or connection.sock is None:  # smtplib closes it on a 421
                connection.close()
                connection = None
                if reconnected:
                    give_up(todo[index + 1:], f"not attempted: the connection to {where} "
                                                "dropped again right after reconnecting")
                    break
            reconnected = False
    finally:
        _close(connection)


def _to_send(outgoing: list[Outgoing], skip: Iterable[str]) -> list[Outgoing]:
    """The messages whose key is not in ``skip``; ConvenantError when two share a key."""
    skipped = set(skip)
    todo = [item for item in outgoing if item.key not in skipped]
    keys = [item.key for item in todo]
    twice = next((key for index, key in enumerate(keys) if key in keys[:index]), None)
    if twice is not None:
        raise ConvenantError(_("two messages have the key {twice!r}").format(twice=twice))
    return todo


def _close(connection: smtplib.SMTP | None) -> None:
    """Say QUIT politely; close the socket when the server does not answer it."""
    if connection is not None:
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()


def _connect(host: str, port: int, where: str, starttls: bool,
             login: tuple[str, str] | None, timeout: float,
             local_hostname: str) -> smtplib.SMTP:
    """Open a ready-to-send connection, or raise ConvenantError saying what failed."""
    connection = smtplib.SMTP(timeout=timeout, local_hostname=local_hostname)
    try:
        connection.connect(host, port)
        connection.ehlo_or_helo_if_needed()
        if starttls:
            if not connection.has_extn("starttls"):
                raise ConvenantError(_("the SMTP server {where} does not offer "
                                       "STARTTLS").format(where=where))
            connection.starttls(context=ssl.create_default_context())
            connection.ehlo()
        if login:
            if not connection.has_extn("auth"):
                raise ConvenantError(_("the SMTP server {where} does not offer a login "
                                       "(AUTH), but {variable} is set").format(
                    where=where, variable=USER_VARIABLE))
            try:
                connection.login(*login)
            except smtplib.SMTPAuthenticationError as exc:
                raise ConvenantError(_("the SMTP server {where} refused the login of "
                                       "{user!r}: {problem}").format(
                    where=where, user=login[0], problem=_one_line(exc))) from None
    except ConvenantError:
        connection.close()
        raise
    except (smtplib.SMTPException, OSError) as exc:
        connection.close()
        raise ConvenantError(_("cannot connect to the SMTP server {where}: {problem}").format(
            where=where, problem=_one_line(exc))) from None
    return connection


def _send_one(connection: smtplib.SMTP, item: Outgoing) -> tuple[Outcome, bool]:
    """Send one message; return its outcome and whether the connection dropped. The reason
    of a failure is kept as written here, in English whatever the language of the run: it is
    recorded in the register (register/verzending), which must not depend on it."""
    sender, recipients = _envelope(item.message)
    recipient = ", ".join(recipients)

    def failed(reason: str) -> Outcome:
        return Outcome(item.key, recipient, False, reason)

    if not sender or not recipients:
        return failed("the message has no From or no recipient"), False
    try:
        refused = connection.send_message(item.message, sender, recipients)
    except smtplib.SMTPRecipientsRefused as exc:
        return failed(_refusals(exc.recipients)), False
    except smtplib.SMTPResponseException as exc:  # MAIL or DATA refused
        return failed(_reply(exc.smtp_code, exc.smtp_error)), False
    except smtplib.SMTPServerDisconnected as exc:
        return failed(f"connection lost: {_one_line(exc)}"), True
    except smtplib.SMTPException as exc:  # e.g. SMTPNotSupportedError
        return failed(_one_line(exc)), False
    except OSError as exc:  # ConnectionError, timeouts, ...
        return failed(f"connection lost: {_one_line(exc)}"), True
    except (ValueError, UnicodeError) as exc:  # a message smtplib cannot serialize
        return failed(f"invalid message: {_one_line(exc)}"), False
    reason = f"refused for {_refusals(refused)}" if refused else ""
    return Outcome(item.key, recipient, True, reason, datetime.now(timezone.utc)), False


def _envelope(message: EmailMessage) -> tuple[str, list[str]]:
    """The envelope sender and recipients, from Sender/From and To/Cc/Bcc (parsed by the
    message's policy, email.policy.SMTP or default: each header has its ``addresses``)."""

    def addresses(name: str) -> list[str]:
        return [a.addr_spec for header in message.get_all(name, []) for a in header.addresses
                if a.addr_spec]

    senders = addresses("Sender") or addresses("From")
    recipients = [a for name in ("To", "Cc", "Bcc") for a in addresses(name)]
    return (senders[0] if senders else ""), recipients


def _refusals(refused: Mapping[str, tuple[int, bytes]]) -> str:
    if len(refused) == 1:
        return _reply(*next(iter(refused.values())))
    return "; ".join(f"{addr}: {_reply(code, text)}" for addr, (code, text) in refused.items())


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return _one_line(f"{code} {text}")


def _one_line(value: object) -> str:
    if isinstance(value, smtplib.SMTPResponseException):
        return _reply(value.smtp_code, value.smtp_error)
    return " ".join(str(value).split()) or type(value).__name__
