"""What became of the e-mails a command sent: one record per (kind, party), kept in the file
of the record they belong to (an accession, a withdrawal) as ``berichten``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import shown
from .fields import Record, describe, spaces
from ..i18n import _


@dataclass
class Message:
    """What became of one e-mail to one party: sent (when), or failed (why)."""

    kind: str
    party: str
    address: str
    sent_at: dt.datetime | None = None
    reason: str = ""
    """The server's reply or the error, for a failed message."""
    line: int = 0

    @property
    def sent(self) -> bool:
        return self.sent_at is not None


def record_message(messages: list[Message], message: Message) -> list[Message]:
    """``messages`` with ``message`` as the outcome of its (kind, party), replacing an earlier one."""
    return [m for m in messages if (m.kind, m.party) != (message.kind, message.party)] + [message]


def read_messages(record: Record, kinds: tuple[str, ...]) -> list[Message]:
    """The ``berichten`` of a record, checked: a kind of ``kinds``, either the time it was sent
    or why it failed, one record per (kind, party)."""
    found: list[Message] = []
    for item, line in record.records("berichten", "bericht"):
        item.unknown(sorted(("soort", "partij", "adres", "verzonden", "mislukt")), "bericht")
        kind = item.text("soort", True, spaces)
        if kind and kind not in kinds:
            item.add(item.line_of("soort"),
                     _("bericht: 'soort' {kind} must be one of {kinds}").format(
                         kind=shown(kind), kinds=", ".join(kinds)))
        message = Message(kind, item.text("partij", True, spaces), item.text("adres", True, spaces),
                          reason=item.text("mislukt", False, spaces), line=line)
        sent = item.data.get("verzonden")
        if sent is not None:
            try:
                if not isinstance(sent, (str, dt.datetime)):
                    raise ValueError
                message.sent_at = dt.datetime.fromisoformat(str(sent))
            except ValueError:
                item.add(item.line_of("verzonden"), _("bericht: 'verzonden' must be a time written "
                                                      "2026-11-23T10:15:00+01:00, not {value}")
                         .format(value=describe(sent)))
                continue
        if (sent is None) == (not message.reason):
            item.add(line, _("bericht: give either 'verzonden' with the time or 'mislukt' "
                             "with the reason"))
            continue
        earlier = next((m for m in found if (m.kind, m.party) == (message.kind, message.party)), None)
        if earlier is not None:
            item.add(line, _("two records of the {kind} to {party} (also line {line})").format(
                kind=message.kind, party=shown(message.party), line=earlier.line))
            continue
        found.append(message)
    return found


def dump_messages(messages: list[Message]) -> list[dict]:
    return [{"soort": m.kind, "partij": m.party, "adres": m.address,
             **({"verzonden": m.sent_at.isoformat(timespec="seconds")} if m.sent
                else {"mislukt": m.reason})} for m in messages]
