"""The sending of a version's signature packages and reminders:
``register/verzending/REGION/VERSION.yaml``, one file per region and recorded version.

Each run of ``convenant pakket`` that sends packages (``--smtp``) or asks for them back by a
date (``--return-by``), and each ``convenant herinnering``, adds a round: its kind (``pakket``
or ``herinnering``), the date of its letters, the return-by date, the parties it was for and
what became of each e-mail (``berichten``, generator.model.messages). A round is one commit;
the outcomes of its e-mails are written as the server answers and committed with it.
The file is read and checked by the same loading layer as all other data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problems, shown
from ..yamlfile import LList, dump_data
from .fields import Record, describe, load_mapping, not_text, spaces
from .messages import Message, dump_messages, read_messages
from ..i18n import _

FOLDER = "verzending"
"""Under register/: verzending/REGION/VERSION.yaml."""
KINDS = ("pakket", "herinnering")
ROUND_KEYS = ("soort", "datum", "terugsturen_voor", "partijen", "berichten")


@dataclass
class Round:
    """One sending: the packages of a pakket run, or a reminder."""

    kind: str
    date: dt.date | None
    """The date of the letters."""
    parties: list[str]
    return_by: dt.date | None = None
    """The signed page is asked back before this date (for a reminder: the date that passed)."""
    messages: list[Message] = field(default_factory=list)
    line: int = 0

    def sent(self) -> set[str]:
        """The parties whose e-mail of this round went out."""
        return {m.party for m in self.messages if m.sent}


@dataclass
class Dispatch:
    """Every round of one version of one region, in the order they were made."""

    region: str
    version: str
    path: Path
    rounds: list[Round] = field(default_factory=list)

    def latest(self, kind: str, party: str | None = None) -> Round | None:
        """The last round of ``kind`` (that was for ``party``)."""
        return next((r for r in reversed(self.rounds) if r.kind == kind
                     and (party is None or party in r.parties)), None)

    def reminder(self, date: dt.date) -> Round | None:
        """The reminder of ``date``, if one is recorded."""
        return next((r for r in self.rounds if r.kind == "herinnering" and r.date == date), None)


def dispatch_path(register_dir: Path, region: str, version: str) -> Path:
    return Path(register_dir) / FOLDER / region / f"{version}.yaml"


def _parties(record: Record) -> list[str]:
    """``partijen``: a list of party ids, none twice."""
    items = record.data.get("partijen")
    if not isinstance(items, LList) or not items:
        record.add(record.line_of("partijen"), _("ronde: 'partijen' must list the party ids, "
                                                 "not {value}").format(value=describe(items)))
        return []
    found: list[str] = []
    for item, line in zip(items, items.item_lines):
        if not isinstance(item, str):
            record.add(line, _("ronde: a party id must be text, {not_value}").format(
                not_value=not_text(item)))
        elif item in found:
            record.add(line, _("ronde: {party} is listed twice").format(party=shown(item)))
        else:
            found.append(item)
    return found


def _round(record: Record, line: int) -> Round | None:
    record.unknown(ROUND_KEYS, "ronde")
    kind = record.text("soort", True, spaces)
    if kind and kind not in KINDS:
        record.add(record.line_of("soort"), _("ronde: 'soort' {kind} must be one of {kinds}").format(
            kind=shown(kind), kinds=", ".join(KINDS)))
        return None
    found = Round(kind, record.date("datum"), _parties(record), line=line)
    if record.data.get("terugsturen_voor") is not None:
        found.return_by = record.date("terugsturen_voor")
        if kind == "pakket" and found.return_by and found.date and found.return_by <= found.date:
            record.add(record.line_of("terugsturen_voor"), _(
                "ronde: 'terugsturen_voor' ({return_by}) must be after the letters' date ({date})")
                .format(return_by=found.return_by, date=found.date))
    found.messages = read_messages(record, (kind,) if kind else KINDS)
    for message in found.messages:
        if message.party and message.party not in found.parties:
            record.add(message.line, _("bericht to {party}, which is not in the round's "
                                       "'partijen'").format(party=shown(message.party)))
    return found


def load_dispatch(path: Path, problems: Problems, source) -> Dispatch | None:
    data = load_mapping(path, problems, source,
                        _("a sending record must be a mapping with 'rondes'"))
    if data is None:
        return None
    record = Record(data, path, problems)
    record.unknown(("rondes",))
    dispatch = Dispatch(path.parent.name, path.stem, path)
    for item, line in record.records("rondes", "ronde"):
        found = _round(item, line)
        if found is not None:
            dispatch.rounds.append(found)
    return dispatch


def load_dispatches(folder: Path, problems: Problems, source) -> dict[str, dict[str, Dispatch]]:
    """Sending records by region and version name."""
    found: dict[str, dict[str, Dispatch]] = {}
    for path in source.files(folder, "*.yaml", recursive=True):
        if path.parent.parent != folder:
            problems.add(path, None, _("a sending record belongs in "
                                       "register/{folder}/REGION/VERSION.yaml").format(folder=FOLDER))
            continue
        dispatch = load_dispatch(path, problems, source)
        if dispatch is not None:
            found.setdefault(dispatch.region, {})[dispatch.version] = dispatch
    return found


def check_dispatches(dispatches: dict[str, dict[str, Dispatch]], registers: dict, regions: set[str],
                     party_files: set[str], problems: Problems) -> None:
    """Every sending record is of a known region and a recorded version, to known parties."""
    for region, by_version in dispatches.items():
        for name, dispatch in by_version.items():
            register = registers.get(region)
            if region not in regions:
                problems.add(dispatch.path, None, _("sending record for unknown region "
                                                    "{region}").format(region=shown(region)))
            elif register is None or register.version(name) is None:
                problems.add(dispatch.path, None, _("sending record of version {version}, which is "
                                                    "not recorded in register/{name}.yaml").format(
                    version=shown(name), name=region))
            for item in dispatch.rounds:
                for party in item.parties:
                    if party not in party_files:
                        problems.add(dispatch.path, item.line,
                                     _("unknown party {party}: no parties/{name}.yaml").format(
                                         party=shown(party), name=party))


def dump_dispatch(dispatch: Dispatch, title: str) -> str:
    rounds = []
    for item in dispatch.rounds:
        data = {"soort": item.kind, "datum": item.date}
        if item.return_by is not None:
            data["terugsturen_voor"] = item.return_by
        data["partijen"] = list(item.parties)
        if item.messages:
            data["berichten"] = dump_messages(item.messages)
        rounds.append(data)
    return dump_data({"rondes": rounds},
                     f"Verzending van de tekenpakketten en herinneringen: {title}, versie "
                     f"{dispatch.version}.\nWritten by `convenant pakket` (--smtp, --return-by) and "
                     "`convenant herinnering`, one commit per round; edit only to correct a mistake.")
