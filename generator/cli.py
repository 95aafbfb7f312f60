"""The `convenant` command line: thin option parsing on top of generator.commands."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path

import click

from .dates import parse_date
from .errors import ConvenantError, DataError, shown


def _root_option(func):
    return click.option(
        "--root", type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=lambda: os.environ.get("CONVENANT_ROOT", "."), show_default="current folder",
        help="Folder holding clauses/, parties/ and convenants/ (or set CONVENANT_ROOT).",
    )(func)


MAX_LINE = 600
"""No line of an error is longer (values in it are quoted to ~80 characters already)."""


def _fail(exc: ConvenantError) -> None:
    """Print a library error as plain lines on stderr and exit non-zero (no traceback)."""
    for line in str(exc).splitlines() or [type(exc).__name__]:
        line = line if len(line) <= MAX_LINE else line[:MAX_LINE - 1] + "…"
        click.echo(f"error: {line}" if not isinstance(exc, DataError) else line, err=True)
    if isinstance(exc, DataError):
        n = len(exc.problems)
        click.echo(f"{n} problem{'s' if n != 1 else ''} found; nothing was written.", err=True)
    sys.exit(1)


DEBUG_VARIABLE = "CONVENANT_DEBUG"
"""Set to 1 to see the Python traceback of an unexpected error."""


def _one_line(text: object, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class _Main(click.Group):
    """The command group: every error ends as one line on stderr and a non-zero exit.

    Library errors (ConvenantError) are the expected kind; an error of the operating system
    (a folder that cannot be written, a disk that is full) is named with its path; anything
    else is a bug, reported in one line (its traceback with CONVENANT_DEBUG=1).
    SIGTERM is turned into an exit like Ctrl-C, so that half-written temporary files are
    removed and a commit in progress is rolled back.
    """

    def invoke(self, ctx):
        _exit_on_sigterm()
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit,
                KeyboardInterrupt):
            raise
        except ConvenantError as exc:
            _fail(exc)
        except OSError as exc:
            if os.environ.get(DEBUG_VARIABLE):
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"error: {where}{exc.strerror or _one_line(exc)}; nothing was recorded", err=True)
            sys.exit(1)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
            if os.environ.get(DEBUG_VARIABLE):
                raise
            click.echo(f"error: internal error ({type(exc).__name__}: {_one_line(exc)}); "
                       f"nothing was recorded. Please report this; {DEBUG_VARIABLE}=1 shows the "
                       "details", err=True)
            sys.exit(2)


def _exit_on_sigterm() -> None:
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, terminate)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="convenant")
def main() -> None:
    """Build and manage samenwerkingsconvenanten of Zorg- en Veiligheidshuizen.

    The texts live in clauses/, the parties in parties/ and one manifest per region
    in convenants/; outputs are written to build/REGION/.
    """


@main.command()
@click.argument("regions", nargs=-1, metavar="[REGION]...")
@click.option("--all", "all_regions", is_flag=True, help="Build every region.")
@click.option("--format", "formats", default="html,pdf,docx", show_default=True,
              help="Comma-separated output formats: html, pdf, docx.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: build/ in the root folder).")
@_root_option
def build(regions, all_regions, formats, out, root):
    """Build the convenant of REGION (or --all regions) as HTML, PDF and DOCX.

    All data is loaded and checked first: on any problem every problem is listed as
    path:line: message, the exit status is 1 and nothing is written. Outputs are
    build/REGION/convenant.html, convenant.pdf and convenant.docx.
    """
    from .commands.build import build as run_build, parse_formats

    if bool(regions) == all_regions:
        raise click.UsageError("give one or more REGIONs or --all (see `convenant regions`)")
    try:
        paths = run_build(root, None if all_regions else list(regions), parse_formats(formats), out,
                          progress=lambda r, f: click.echo(f"rendering {r} {f} ...", err=True))
    except ConvenantError as exc:
        _fail(exc)
    for path in paths:
        click.echo(str(path))


@main.command()
@_root_option
def regions(root):
    """List the regions: id, number of parties and the convenant's title."""
    from .commands.regions import list_regions

    try:
        rows = list_regions(root)
    except ConvenantError as exc:
        _fail(exc)
    for region, title, count in rows:
        click.echo(f"{region:<12} {count:>3} partijen  {title}")


def _print_outputs(text: str | None, paths) -> None:
    """A printed report (when there is one), then the paths of the files written."""
    if text is not None:
        click.echo(text, nl=False)
    for path in paths:
        click.echo(str(path))


class _Date(click.ParamType):
    """A date written YYYY-MM-DD."""

    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        date = parse_date(value)
        if date is None:
            self.fail(f"{shown(value)} is not a real date written YYYY-MM-DD", param, ctx)
        return date


DATE = _Date()

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


class _Text(click.ParamType):
    """A line of text for a record (a place, a name, a reason): no control characters."""

    name = "TEXT"

    def convert(self, value, param, ctx):
        found = CONTROL_RE.search(value)
        if found:
            self.fail(f"contains the control character U+{ord(found.group()):04X}", param, ctx)
        if not value.strip():
            self.fail("is empty", param, ctx)
        if len(value) > 300:
            self.fail("is longer than 300 characters", param, ctx)
        return value


TEXT = _Text()


@main.command()
@click.argument("region")
@click.argument("name")
@click.option("--besluit", "decided", type=DATE, required=True,
              help="Date of the Stuurgroep's decision (YYYY-MM-DD).")
@click.option("--rev", default=None, metavar="REVISION",
              help="Git revision holding the decided text (default: HEAD, which must have no "
                   "uncommitted changes to the region's text).")
@_root_option
def vaststellen(region, name, decided, rev, root):
    """Record version NAME of REGION's convenant, decided by the Stuurgroep (art. 21.1).

    Records the name, decision date, git revision and the text's fingerprint in
    register/REGION.yaml and commits that file alone.
    """
    from .commands.register import vaststellen as run

    try:
        version = run(root, region, name, decided, rev)
    except ConvenantError as exc:
        _fail(exc)
    click.echo(f"recorded {region} version {version.name}: decided {version.decided}, "
               f"revision {version.revision[:10]}, fingerprint {version.fingerprint[:12]}")


@main.command()
@click.argument("region")
@click.argument("party")
@click.option("--version", "version", required=True, metavar="NAME", help="Recorded version signed.")
@click.option("--date", "date", type=DATE, required=True, help="Date of signing (YYYY-MM-DD).")
@click.option("--place", type=TEXT, required=True, help="Place of signing.")
@click.option("--by", type=TEXT, default=None, metavar="NAME",
              help="Who signed (default: the party's representative in the registry).")
@_root_option
def sign(region, party, version, date, place, by, root):
    """Record that PARTY signed a version of REGION's convenant (art. 21.2) and commit it."""
    from .commands.register import sign as run

    try:
        signature = run(root, region, party, version, date, place, by)
    except ConvenantError as exc:
        _fail(exc)
    who = f" by {signature.by}" if signature.by else ""
    click.echo(f"recorded: {party} signed {region} version {signature.version} on "
               f"{signature.date} in {signature.place}{who}")


@main.command()
@click.argument("region")
@click.option("--version", "version", default=None, metavar="NAME",
              help="Recorded version (default: the latest).")
@click.option("--today", type=DATE, default=None, hidden=True)
@_root_option
def status(region, version, today, root):
    """Per party: signed (date, place) or outstanding; when the version takes effect and
    its term (art. 23.1)."""
    from .commands.register import status as run

    try:
        report = run(root, region, version, today)
    except ConvenantError as exc:
        _fail(exc)
    v = report.version
    click.echo(f"{region} version {v.name} (decided {v.decided}, fingerprint {v.fingerprint[:12]})")
    width = max(len(row.party) for row in report.parties)
    for row in report.parties:
        s = row.signature
        state = (f"signed {s.date} in {s.place}" + (f" by {s.by}" if s.by else "")
                 + (" (accession: Bijlage 1)" if s.accession else "")) if s else "outstanding"
        click.echo(f"  {row.party:<{width}}  {state}")
    done = len(report.parties) - len(report.outstanding)
    click.echo(f"{done} of {len(report.parties)} parties signed.")
    if report.effective is None:
        click.echo(f"Takes effect {report.effective_rule}; {len(report.outstanding)} outstanding.")
    else:
        click.echo(f"In effect from {report.effective} ({report.effective_rule}).")
        click.echo(f"Initial term ends {report.term_end}; then renewed automatically every "
                   f"{report.renewal_years} year{'s' if report.renewal_years != 1 else ''}; "
                   f"next renewal {report.next_renewal}.")


@main.command()
@click.argument("region")
@_root_option
def versions(region, root):
    """List REGION's recorded versions and the commits since the latest that touch its text."""
    from .commands.register import versions as run

    try:
        report = run(root, region)
    except ConvenantError as exc:
        _fail(exc)
    if not report.rows:
        click.echo(f"{region}: no version recorded yet.")
    for row in report.rows:
        v = row.version
        click.echo(f"{v.name:<12} decided {v.decided}  revision {v.revision[:10]}  "
                   f"fingerprint {v.fingerprint[:12]}  signed {row.signed}/{row.parties}")
    since = f"since {report.rows[-1].version.name}" if report.rows else "in its history"
    click.echo(f"{len(report.since)} commit{'s' if len(report.since) != 1 else ''} {since} "
               f"touch{'' if len(report.since) != 1 else 'es'} {region}'s text:")
    for entry in report.since:
        click.echo(f"  {entry.sha[:10]} {entry.date} {entry.author}: {entry.subject}")
    for path in report.uncommitted:
        click.echo(f"  (uncommitted) {path}")


@main.command()
@click.argument("region")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--format", "formats", default="text", show_default=True,
              help="Comma-separated: text (printed), html, pdf, docx (written to "
                   "build/REGION/renvooi/OLD..NEW.*).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: build/ in the root folder).")
@_root_option
def diff(region, old, new, formats, out, root):
    """Renvooi of REGION's convenant from OLD to NEW.

    OLD and NEW are recorded version names, git revisions, or `werkversie` (the working
    tree). Default: the latest recorded version against the working tree. Shows a summary per
    article, the word-level renvooi, and whether the parties must sign again (art. 21.2).
    """
    from .commands.build import parse_formats
    from .commands.diff import DIFF_FORMATS, diff as run

    try:
        _redline, text, paths = run(root, region, old, new, parse_formats(formats, DIFF_FORMATS), out)
    except ConvenantError as exc:
        _fail(exc)
    _print_outputs(text, paths)


@main.command()
@click.argument("region")
@click.argument("old")
@click.argument("new")
@click.option("--format", "formats", default="pdf,docx", show_default=True,
              help="Comma-separated: pdf, docx.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: build/ in the root folder).")
@_root_option
def wijzigingsvoorstel(region, old, new, formats, out, root):
    """Proposal to the Stuurgroep for changing REGION's convenant from OLD to NEW.

    A table of the changed articles, the consequence for the parties, the explanation taken
    from the commit messages between OLD and NEW, and the renvooi; written to
    build/REGION/wijzigingsvoorstel/OLD..NEW.pdf and .docx.
    """
    from .commands.build import parse_formats
    from .commands.diff import PROPOSAL_FORMATS, wijzigingsvoorstel as run

    try:
        _redline, paths = run(root, region, old, new, parse_formats(formats, PROPOSAL_FORMATS), out)
    except ConvenantError as exc:
        _fail(exc)
    for path in paths:
        click.echo(str(path))


@main.command()
@click.argument("regions", nargs=-1, metavar="REGION REGION [REGION]...")
@click.option("--format", "formats", default="text", show_default=True,
              help="Comma-separated: text (printed), html, pdf (written to "
                   "build/vergelijking/REGION-REGION.*).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: build/ in the root folder).")
@_root_option
def compare(regions, formats, out, root):
    """Compare the convenants of two or more regions, article by article.

    Each article and lid is marked identical, regional variant or only in some regions,
    with a similarity figure and a word-level diff of the variants; also the regional
    terms, key parameters and parties side by side, and for three or more regions a matrix.
    """
    from .commands.build import parse_formats
    from .commands.compare import COMPARE_FORMATS, compare as run

    if len(set(regions)) < 2:
        raise click.UsageError("give two or more different REGIONs (see `convenant regions`)")
    try:
        text, paths = run(root, list(regions), parse_formats(formats, COMPARE_FORMATS), out)
    except ConvenantError as exc:
        _fail(exc)
    _print_outputs(text, paths)


@main.command()
@click.argument("regions", nargs=-1, metavar="[REGION]...")
@_root_option
def lint(regions, root):
    """Check the drafting of REGION's convenant (default: every region).

    Cross-references, defined terms, terminology and structure. Findings print as
    path:line: artikel N.M: message, errors before warnings; the exit status is 1 when
    there are errors.
    """
    from .commands.lint import lint as run

    try:
        report = run(root, list(regions) or None)
    except ConvenantError as exc:
        _fail(exc)
    for line in report.lines():
        click.echo(line)
    click.echo(report.summary(), err=True)
    sys.exit(1 if report.errors else 0)


class ProgressBar:
    """A rich progress bar (on stderr by default); shows nothing when that is not a terminal."""

    def __init__(self, console=None):
        self.console = console

    def __enter__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = self.console or Console(stderr=True)
        self.progress = Progress(TextColumn("{task.description:<28}"), BarColumn(),
                                 MofNCompleteColumn(), console=console, transient=True,
                                 disable=not console.is_terminal)
        self.progress.start()
        self.task = None
        return self

    def __call__(self, label: str, done: int, total: int) -> None:
        if self.task is None:
            self.task = self.progress.add_task(label, total=total)
        self.progress.update(self.task, description=label, completed=done, total=total,
                             refresh=True)

    def __exit__(self, *exc):
        self.progress.stop()


@main.command()
@click.argument("region")
@click.option("--version", "version", default=None, metavar="NAME",
              help="Recorded version to sign (default: the latest; with none recorded, the "
                   "working text).")
@click.option("--party", "parties", multiple=True, metavar="ID",
              help="Make a package for this party, signed or not (repeatable).")
@click.option("--all", "everyone", is_flag=True,
              help="A package for every party, also those that signed the version already.")
@click.option("--date", "letter_date", type=DATE, default=None,
              help="Date of the cover letters (default: today).")
@click.option("--return-by", type=DATE, default=None,
              help="Ask for the signed pages back before this date.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: build/ in the root folder).")
@_root_option
def pakket(region, version, parties, everyone, letter_date, return_by, out, root):
    """Signature packages for REGION's parties: cover letter, convenant, own signature page.

    By default every party that has not signed the version gets a package. Writes
    build/REGION/pakketten/VERSION/PARTY.pdf, handtekeningen.pdf (every party's signature
    page, for a signing ceremony) and overzicht.csv / overzicht.html (status per party).
    """
    from .commands.pakket import pakket as run

    try:
        with ProgressBar() as bar:
            plan, paths = run(root, region, version, parties, everyone, out, letter_date,
                              return_by, progress=bar)
    except ConvenantError as exc:
        _fail(exc)
    signed = sum(1 for row in plan.rows if row.signature)
    label = f"version {plan.version.name}" if plan.version else "the working text (no version recorded)"
    click.echo(f"{region}, {label}, fingerprint {plan.doc.fingerprint[:12]}: "
               f"{len(plan.selected)} package{'s' if len(plan.selected) != 1 else ''}; "
               f"{signed} of {len(plan.rows)} parties signed")
    for path in paths:
        click.echo(str(path))


@main.group()
def toetreding():
    """Accession of a new organisation (art. 20): request, answers of the parties, status."""


def _smtp_options(func):
    func = click.option("--starttls", is_flag=True,
                        help="Use STARTTLS. A login is taken only from the environment "
                             "variables CONVENANT_SMTP_USER and CONVENANT_SMTP_PASSWORD.")(func)
    return click.option("--smtp", default=None, metavar="HOST:PORT",
                        help="Send the e-mails through this SMTP server (default: only write "
                             "them to disk as .eml).")(func)


def _report_mailing(result) -> None:
    """The files written, who gets a letter by post, and what became of each e-mail sent."""
    for path in result.paths:
        click.echo(str(path))
    mailing = result.mailing
    if mailing is not None and mailing.by_post:
        click.echo(f"no e-mail address, send the letter by post ({len(mailing.by_post)}): "
                   + ", ".join(mailing.by_post))
    if result.outcomes is not None:
        for outcome in result.outcomes:
            state = "sent" if outcome.sent else f"FAILED: {outcome.reason}"
            click.echo(f"e-mail to {outcome.key} <{outcome.recipient}>: {state}")
        failed = sum(1 for o in result.outcomes if not o.sent)
        click.echo(f"{len(result.outcomes) - failed} e-mail{'s' if len(result.outcomes) - failed != 1 else ''} "
                   f"sent, {failed} failed" + ("; `convenant toetreding verzenden` sends the rest" if failed else ""))
        if failed:
            sys.exit(1)


@toetreding.command("aanvraag")
@click.argument("region")
@click.option("--organisatie", "form", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="YAML file with the organisation's data (see docs/formats.md).")
@click.option("--via", required=True, metavar="PARTY", help="The party it applied through (20.2).")
@click.option("--date", "date", type=DATE, default=None, help="Date of the request (default: today).")
@click.option("--reply-by", type=DATE, default=None,
              help="The parties answer before this date (default: four weeks on).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: build/ in the root folder).")
@_smtp_options
@_root_option
def toetreding_aanvraag(region, form, via, date, reply_by, out, smtp, starttls, root):
    """Record a request to accede to REGION's convenant and commit it.

    Writes to build/REGION/toetreding/ORG/ the notice of every party (20.3) as a letter
    (kennisgeving/brieven/PARTY.pdf) and, for parties with an e-mail address, as an e-mail
    with the letter attached (kennisgeving/berichten/PARTY.eml), and Bijlage 1 filled in with
    the organisation's data (toetredingsformulier.pdf). With --smtp the e-mails are sent and
    what became of each is recorded and committed.
    """
    from .commands.toetreding import aanvraag

    try:
        result = aanvraag(root, region, form, via, date, reply_by, out, smtp=smtp, starttls=starttls)
    except ConvenantError as exc:
        _fail(exc)
    a = result.accession
    click.echo(f"recorded: {a.organisation.naam} applies to {region} via {via} on {a.requested}; "
               f"answers due {a.reply_by}")
    _report_mailing(result)


@toetreding.command("besluit")
@click.argument("region")
@click.argument("org")
@click.option("--date", "date", type=DATE, required=True,
              help="Date of the Stuurgroep's decision (YYYY-MM-DD).")
@click.option("--ondertekend", "signed", type=DATE, default=None,
              help="Date Bijlage 1 was signed by the organisation and the chair (default: --date).")
@click.option("--plaats", "place", type=TEXT, default=None,
              help="Where Bijlage 1 was signed (needed when the region has a register).")
@click.option("--voorzitter", "chair", type=TEXT, default=None, metavar="NAME",
              help="The chair of the Stuurgroep who signed Bijlage 1 (recorded in the register).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: build/ in the root folder).")
@_smtp_options
@_root_option
def toetreding_besluit(region, org, date, signed, place, chair, out, smtp, starttls, root):
    """Record the Stuurgroep's decision that ORG accedes to REGION's convenant (art. 20.4).

    Refused while any party has not agreed. In one commit: ORG is added to parties/ and to the
    end of the signing order, the decision is recorded and, when register/REGION.yaml exists,
    Bijlage 1 as signed by ORG and the chair. Then build/REGION/convenant.* are built anew and
    every party gets the notice that the accession took place, with its right to leave (21.3),
    in build/REGION/toetreding/ORG/mededeling/. Existing parties do not sign again.
    """
    from .commands.toetreding import besluit

    try:
        result = besluit(root, region, org, date, signed, place, chair, out, smtp=smtp,
                         starttls=starttls)
    except ConvenantError as exc:
        _fail(exc)
    a = result.accession
    click.echo(f"recorded: the Stuurgroep decided on {a.decided} that {a.organisation.naam} "
               f"accedes to {region}; added as party {a.organisation.id}")
    _report_mailing(result)


@toetreding.command("verzenden")
@click.argument("region")
@click.argument("org")
@click.option("--smtp", required=True, metavar="HOST:PORT", help="The SMTP server to send through.")
@click.option("--starttls", is_flag=True,
              help="Use STARTTLS. A login is taken only from the environment variables "
                   "CONVENANT_SMTP_USER and CONVENANT_SMTP_PASSWORD.")
@_root_option
def toetreding_verzenden(region, org, smtp, starttls, root):
    """Send the e-mails about ORG's accession that have not been sent yet, and commit the record.

    The notices in advance and, once decided, the notices that the accession took place;
    messages recorded as sent are skipped, so a run after a failure sends only the rest.
    """
    from .commands.toetreding import verzenden

    try:
        result = verzenden(root, region, org, smtp, starttls)
    except ConvenantError as exc:
        _fail(exc)
    if not result.outcomes:
        click.echo("nothing to send: every e-mail was sent before")
    _report_mailing(result)


@toetreding.command("akkoord")
@click.argument("region")
@click.argument("org")
@click.argument("party")
@click.option("--date", "date", type=DATE, required=True, help="Date of the answer (YYYY-MM-DD).")
@click.option("--bezwaar", type=TEXT, default=None, metavar="REASON",
              help="Record an objection with its reason instead of consent.")
@_root_option
def toetreding_akkoord(region, org, party, date, bezwaar, root):
    """Record PARTY's consent to ORG's accession (or --bezwaar, an objection) and commit it."""
    from .commands.toetreding import akkoord

    try:
        answer = akkoord(root, region, org, party, date, bezwaar)
    except ConvenantError as exc:
        _fail(exc)
    what = "agrees to" if answer.consent else "objects to"
    reason = "" if answer.consent else f": {answer.reason}"
    click.echo(f"recorded: {party} {what} the accession of {org} on {answer.date}{reason}")


@toetreding.command("status")
@click.argument("region")
@click.argument("org", required=False)
@_root_option
def toetreding_status(region, org, root):
    """Per request to accede to REGION: who agreed, who objected, who has not answered."""
    from .commands.toetreding import status

    try:
        reports = status(root, region, org)
    except ConvenantError as exc:
        _fail(exc)
    if not reports:
        click.echo(f"{region}: no requests to accede.")
    for report in reports:
        a = report.accession
        decided = f"decided {a.decided}" if a.decided else "not decided"
        click.echo(f"{a.organisation.id} ({a.organisation.naam}): requested {a.requested} via "
                   f"{a.via}; answers due {a.reply_by}; {decided}")
        click.echo(f"  agreed ({len(report.agreed)}): " + ", ".join(x.party for x in report.agreed))
        for x in report.objected:
            click.echo(f"  objected: {x.party} on {x.date}: {x.reason}")
        click.echo(f"  not answered ({len(report.waiting)}): " + ", ".join(report.waiting))


if __name__ == "__main__":  # pragma: no cover
    main()
