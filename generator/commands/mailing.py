"""Letters to the parties as PDF and e-mail, and sending them: shared by the commands that
inform every party of something (toetreding, uittreding).

A Mailing is made in memory (one PDF run, cut per party; an e-mail for every party with an
address) and written by the command with its other outputs; ``send_recorded`` sends what was
not sent before and records each outcome at once in the command's file, then commits it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import ConvenantError, UsageError
from ..history import commit_files, open_repo
from ..i18n import _, ngettext
from ..mail import Outgoing, make_message, send
from ..model.letter import Letter, letter_text
from ..model.messages import Message, record_message
from ..output import write_atomic


@dataclass
class Mailing:
    """One letter per party, as PDF, and as e-mail for the parties with an address."""

    kind: str
    """What the letters are: "kennisgeving", "mededeling"."""
    pdfs: dict[str, bytes]
    messages: dict[str, object]
    """E-mail messages (email.message.EmailMessage) by party id."""
    by_post: list[str]
    """Parties without an e-mail address: their letter goes by post."""

    def files(self, folder: Path) -> dict[Path, bytes]:
        """The letters and e-mails as files in FOLDER/KIND/brieven/ and FOLDER/KIND/berichten/."""
        out = {folder / self.kind / "brieven" / f"{party}.pdf": pdf for party, pdf in self.pdfs.items()}
        out.update({folder / self.kind / "berichten" / f"{party}.eml": message.as_bytes()
                    for party, message in self.messages.items()})
        return out


def mail_sender(project, region: str, zvh: str, count: int) -> tuple[str, str]:
    """The From of the e-mails to ``count`` parties: the secretary of the region (UsageError
    naming the manifest when the secretariaat has no e-mail address)."""
    manifest = project.manifests[region]
    sec = manifest.secretariaat
    if count and not sec.email:
        raise UsageError(ngettext(
            "{path}: 'secretariaat' has no 'email': the e-mail to {count} party needs a sender "
            "address",
            "{path}: 'secretariaat' has no 'email': the e-mails to {count} parties need a sender "
            "address", count).format(path=project.rel(manifest.path), count=count))
    return (f"{sec.functie[:1].upper()}{sec.functie[1:]}, {zvh}", sec.email)


def check_post(project, region: str, parties: list[str]) -> None:
    """UsageError, naming the party files, when a party whose letter goes by post (it has no
    e-mail address) has no postal address: its letter would go in a window envelope with no
    address showing. Checked before anything is rendered, written or sent."""
    lost = [project.parties[p] for p in parties if not project.parties[p].email
            and not project.parties[p].address_in(region)]
    if lost:
        files = ", ".join(project.rel(party.path) for party in lost)
        raise UsageError(ngettext(
            "{files}: adres ontbreekt: no e-mail address, so its letter goes by post, and no "
            "postal address (give 'adres', or 'adres' under 'deelname: {region}:'); nothing was "
            "written or sent",
            "{files}: adres ontbreekt: no e-mail address, so the letters of these {n} parties go "
            "by post, and no postal address (give 'adres', or 'adres' under 'deelname: "
            "{region}:'); nothing was written or sent", len(lost)).format(
                files=files, n=len(lost), region=region))


def make_mailing(project, region: str, zvh: str, kind: str, letters: list[Letter],
                 attachment: str, extra: dict[str, list] | None = None) -> Mailing:
    """Render the letters (one PDF run, cut per party) and the e-mails that carry them, each
    with its letter attached as ``attachment`` (and ``extra[party]``: more attachments, each
    (file name, bytes, mimetype)). A letter going by post needs a postal address
    (``check_post``), whatever the kind: package, reminder, accession or withdrawal."""
    from ..render.letters_pdf import render_letters
    from ..render.pdf_assemble import splitter

    check_post(project, region, [letter.key for letter in letters])
    pdf, ranges = render_letters(letters, title=letters[0].subject)
    split = splitter(pdf)
    pdfs = {letter.key: split(list(pages)) for letter, pages in zip(letters, ranges)}
    with_mail = [letter for letter in letters if project.parties[letter.key].email]
    sender = mail_sender(project, region, zvh, len(with_mail))
    messages = {}
    for letter in with_mail:
        party = project.parties[letter.key]
        messages[letter.key] = make_message(
            sender, (party.signing_name(region), party.email), letter.subject,
            letter_text(letter), [(attachment, pdfs[letter.key], "application/pdf"),
                                  *(extra or {}).get(letter.key, [])])
    by_post = [letter.key for letter in letters if not project.parties[letter.key].email]
    return Mailing(kind, pdfs, messages, by_post)


def send_recorded(root: Path, mailing: Mailing, server: str, starttls: bool, env, *,
                  messages: list[Message], keep: Callable[[list[Message]], None], path: Path,
                  dump: Callable[[], str], subject: str, resend: str) -> list:
    """Send the mailing's e-mails not sent before (``messages``: the outcomes recorded so far);
    as soon as each outcome is known, ``keep`` the messages with it and write ``dump()`` to
    ``path`` (so an interruption loses no record); then commit ``path`` once, its message
    ``subject`` with the count and a line per party. A failure to reach the server names
    ``resend``, the command that sends later. The outcomes (generator.mail.Outcome)."""
    skip = {m.party for m in messages if m.kind == mailing.kind and m.sent}
    current = list(messages)

    def on_result(outcome) -> None:
        nonlocal current
        current = record_message(current, Message(
            mailing.kind, outcome.key, outcome.recipient,
            outcome.at.astimezone() if outcome.sent else None, "" if outcome.sent else outcome.reason))
        keep(current)
        write_atomic(path, dump())

    outgoing = [Outgoing(party, message) for party, message in mailing.messages.items()]
    try:
        outcomes = send(outgoing, server, starttls=starttls, env=env, skip=skip, on_result=on_result)
    except ConvenantError as exc:
        raise ConvenantError(f"{exc} ({resend})") from None
    if outcomes:
        sent = sum(1 for o in outcomes if o.sent)
        commit_files(open_repo(root), {path: dump()},
                     f"{subject} per e-mail: {sent} verzonden, {len(outcomes) - sent} mislukt\n\n"
                     + "".join(f"{o.key}: {'verzonden' if o.sent else 'mislukt: ' + o.reason}\n"
                               for o in outcomes), own=(path,))
    return outcomes
