"""The commands about who is a party: `uittreding` (a party leaves, art. 21.3, 23.1, 23.2)
and the `toetreding` group (an organisation accedes, art. 20).

Added to the `convenant` group at the end of generator.cli, with its shared options; like every
command they parse options, call generator.commands and return a generator.console.Output.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import console
from .errors import ConvenantError
from .cli import (DATE, TEXT, date_option, out_option, region_argument, root_option,
                  smtp_options)
from .i18n import _


@click.command()
@region_argument
@click.argument("party")
@click.option("--grond", "ground", default=None, metavar="21.3|23.1|23.2",
              help="21.3: an amendment (or accession) the party finds unacceptable; 23.1: "
                   "notice at the end of the term; 23.2: exclusion by the Stuurgroep.")
@date_option("--date", "date", help="The party's written notice, or the Stuurgroep's decision (23.2).")
@click.option("--versie", "version", default=None, metavar="NAME",
              help="21.3: the amended version objected to (default: the pending one).")
@click.option("--toetreding", "accession", default=None, metavar="ORG",
              help="21.3: the accession objected to, instead of a version.")
@date_option("--ingebrekestelling", "notice", help="23.2: the date of the ingebrekestelling (required).")
@date_option("--per", "per", help="23.1, only when the register does not know when the convenant "
             "took effect: the end of the current term.")
@click.option("--reden", "reason", type=TEXT, default=None, help="Why (printed in the letters).")
@click.option("--verzenden", "resend", is_flag=True,
              help="Only send the e-mails of the recorded withdrawal not sent yet (with --smtp).")
@out_option
@smtp_options()
@root_option
def uittreding(region, party, ground, date, version, accession, notice, per, reason, resend, out,
               smtp, starttls, root):
    """Record that PARTY leaves REGION (art. 21.3, 23.1, 23.2), in one commit, and write the
    letter to every other party (PDF, and e-mail for parties with an address) naming what
    survives the membership (23.3), in build/REGION/uittreding/PARTY/."""
    from .commands import uittreding as command

    if resend:
        if smtp is None:
            raise click.UsageError(_("--verzenden needs --smtp HOST:PORT"))
        return console.withdrawal(region, command.verzenden(root, region, party, smtp, starttls))
    if ground is None or date is None:
        raise click.UsageError(_("give --grond 21.3|23.1|23.2 and --date DATE"))
    return console.withdrawal(region, command.uittreding(
        root, region, party, ground, date, version, accession, notice, per, reason, out, smtp,
        starttls))


@click.group()
def toetreding():
    """Accession of a new organisation (art. 20): request, answers of the parties, status."""


@toetreding.command("aanvraag")
@region_argument
@click.option("--organisatie", "form", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="YAML file with the organisation's data (see docs/formats.md).")
@click.option("--via", required=True, metavar="PARTY", help="The party it applied through (20.2).")
@date_option("--date", "date", help="Date of the request (default: today).")
@date_option("--reply-by", help="The parties answer before this date (default: four weeks on).")
@out_option
@smtp_options()
@root_option
def toetreding_aanvraag(region, form, via, date, reply_by, out, smtp, starttls, root):
    """Record a request to accede to REGION's convenant and commit it.

    Writes to build/REGION/toetreding/ORG/ the notice of every party (20.3) as a letter
    (kennisgeving/brieven/PARTY.pdf) and, for parties with an e-mail address, as an e-mail
    with the letter attached (kennisgeving/berichten/PARTY.eml), and Bijlage 1 filled in with
    the organisation's data (toetredingsformulier.pdf). With --smtp the e-mails are sent and
    what became of each is recorded and committed.
    """
    from .commands.toetreding import aanvraag

    return console.accession_request(region, via, aanvraag(
        root, region, form, via, date, reply_by, out, smtp=smtp, starttls=starttls))


@toetreding.command("besluit")
@region_argument
@click.argument("org")
@date_option("--date", "date", required=True, help="Date of the Stuurgroep's decision (YYYY-MM-DD).")
@date_option("--ondertekend", "signed",
             help="Date Bijlage 1 was signed by the organisation and the chair (default: --date).")
@click.option("--plaats", "place", type=TEXT, default=None,
              help="Where Bijlage 1 was signed (needed when the region has a register).")
@click.option("--voorzitter", "chair", type=TEXT, default=None, metavar="NAME",
              help="The chair of the Stuurgroep who signed Bijlage 1 (recorded in the register).")
@click.option("--afwijzen", "refuse", is_flag=True,
              help="Record that the Stuurgroep refused the request (closes it; nothing else changes).")
@click.option("--reden", "reason", type=TEXT, default=None, metavar="TEXT",
              help="With --afwijzen: why the request was refused.")
@out_option
@smtp_options()
@root_option
def toetreding_besluit(region, org, date, signed, place, chair, refuse, reason, out, smtp, starttls, root):
    """Record the Stuurgroep's decision that ORG accedes to REGION's convenant (art. 20.4).

    Refused while any party has not agreed. In one commit: ORG is added to parties/ (a party of
    another region gets a deelname for REGION in its file) and to the end of the signing order,
    the decision is recorded and, when register/REGION.yaml exists, Bijlage 1 as signed by ORG
    and the chair. Then build/REGION/convenant.* are built anew and every party gets the notice
    that the accession took place, with its right to leave (21.3), in
    build/REGION/toetreding/ORG/mededeling/. Existing parties do not sign again.

    With --afwijzen the Stuurgroep refuses the request, also before every party answered: the
    refusal (and --reden) is recorded in the accession file alone, in one commit, and the
    request is closed.
    """
    from .commands.toetreding import afwijzen, besluit

    if refuse:
        given = [name for name, value in (("--ondertekend", signed), ("--plaats", place),
                                          ("--voorzitter", chair), ("--out", out), ("--smtp", smtp),
                                          ("--starttls", starttls)) if value]
        if given:
            raise ConvenantError(_("{options}: not with --afwijzen (a refusal is only "
                                   "recorded: nothing is signed, built or sent)").format(
                options=", ".join(given)))
        return console.accession_closed(afwijzen(root, region, org, date, reason))
    if reason is not None:
        raise ConvenantError(_("--reden is given only with --afwijzen"))
    return console.accession_decision(region, besluit(
        root, region, org, date, signed, place, chair, out, smtp=smtp, starttls=starttls))


@toetreding.command("intrekken")
@region_argument
@click.argument("org")
@click.option("--date", "date", type=DATE, required=True,  # no default=None: click 8.5 takes it as given
              help="Date the organisation withdrew its request (YYYY-MM-DD).")
@click.option("--reden", "reason", type=TEXT, default=None, metavar="TEXT",
              help="Why the request was withdrawn.")
@root_option
def toetreding_intrekken(region, org, date, reason, root):
    """Record that ORG withdrew its request to accede to REGION's convenant, and commit it.

    The request is closed: no answers, decision or e-mails follow. Only the accession file
    changes; ORG may apply again later (a new request, toetredingen/REGION/ORG.2.yaml).
    """
    from .commands.toetreding import intrekken

    return console.accession_closed(intrekken(root, region, org, date, reason))


@toetreding.command("verzenden")
@region_argument
@click.argument("org")
@smtp_options(help="The SMTP server to send through.", required=True)
@root_option
def toetreding_verzenden(region, org, smtp, starttls, root):
    """Send the e-mails about ORG's accession that have not been sent yet, and commit the record.

    The notices in advance and, once decided, the notices that the accession took place;
    messages recorded as sent are skipped, so a run after a failure sends only the rest.
    """
    from .commands.toetreding import verzenden

    return console.accession_sending(verzenden(root, region, org, smtp, starttls))


@toetreding.command("akkoord")
@region_argument
@click.argument("org")
@click.argument("party")
@date_option("--date", "date", required=True, help="Date of the answer (YYYY-MM-DD).")
@click.option("--bezwaar", type=TEXT, default=None, metavar="REASON",
              help="Record an objection with its reason instead of consent.")
@root_option
def toetreding_akkoord(region, org, party, date, bezwaar, root):
    """Record PARTY's consent to ORG's accession (or --bezwaar, an objection) and commit it.

    A party that answered before may change its answer (consent after its objection, or an
    objection after its consent): both stay in the file, the latest counts.
    """
    from .commands.toetreding import akkoord

    return console.accession_answer(party, org, akkoord(root, region, org, party, date, bezwaar))


@toetreding.command("status")
@region_argument
@click.argument("org", required=False)
@root_option
def toetreding_status(region, org, root):
    """Per request to accede to REGION: who agreed, who objected, who has not answered."""
    from .commands.toetreding import status

    return console.accession_status(region, status(root, region, org))
