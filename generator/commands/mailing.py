"""Letters to the parties as PDF and e-mail, and sending them: shared by the commands that
inform every party of something (toetreding, uittreding).

A Mailing is made in memory (one PDF run, cut per party; an e-mail for every party with an
address) and written by the command with its other outputs; ``send_mailing`` sends what was
not sent before and reports each outcome at once, so the command can record it durably.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..mail import Outgoing, make_message, send
from ..model.letter import Letter, letter_text


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


def make_mailing(project, region: str, zvh: str, kind: str, letters: list[Letter],
                 attachment: str) -> Mailing:
    """Render the letters (one PDF run, cut per party) and the e-mails that carry them, each
    with its letter attached as ``attachment``."""
    from ..render.letters_pdf import render_letters
    from ..render.pdf_assemble import splitter

    pdf, ranges = render_letters(letters, title=letters[0].subject)
    split = splitter(pdf)
    pdfs = {letter.key: split(list(pages)) for letter, pages in zip(letters, ranges)}
    manifest = project.manifests[region]
    sec = manifest.secretariaat
    with_mail = [letter for letter in letters if project.parties[letter.key].email]
    if with_mail and not sec.email:
        raise UsageError(f"{project.rel(manifest.path)}: 'secretariaat' has no 'email': the "
                         f"e-mails to {len(with_mail)} parties need a sender address")
    sender = (f"{sec.functie[:1].upper()}{sec.functie[1:]}, {zvh}", sec.email)
    messages = {}
    for letter in with_mail:
        party = project.parties[letter.key]
        messages[letter.key] = make_message(
            sender, (party.signing_name(region), party.email), letter.subject,
            letter_text(letter), [(attachment, pdfs[letter.key], "application/pdf")])
    by_post = [letter.key for letter in letters if not project.parties[letter.key].email]
    return Mailing(kind, pdfs, messages, by_post)


def send_mailing(mailing: Mailing, server: str, starttls: bool, env, skip, on_result) -> list:
    """Send the mailing's e-mails except those of the parties in ``skip``; ``on_result(outcome)``
    as soon as each is known. The outcomes (generator.mail.Outcome)."""
    outgoing = [Outgoing(party, message) for party, message in mailing.messages.items()]
    return send(outgoing, server, starttls=starttls, env=env, skip=skip, on_result=on_result)
