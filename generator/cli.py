"""The `convenant` command line: thin option parsing on top of generator.commands.

Each command parses its options, calls generator.commands and returns what it made as a
generator.console.Output, which ``print_output`` prints. A ConvenantError is turned into its
one-line message and exit status 1 in one place (``_Main``), like every other error.

The progress bar of `pakket` is click's own (``click.progressbar``): rich drew the same bar
and cost a dependency and ~65 ms to import.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path

import click

from .dates import parse_date
from . import console, i18n
from .i18n import _, ngettext
from .commands.common import parse_formats
from .console import Output
from .errors import ConvenantError, DataError, shown


root_option = click.option(
    "--root", type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=lambda: os.environ.get("CONVENANT_ROOT", "."), show_default="current folder",
    help="Folder holding clauses/, parties/ and convenants/ (or set CONVENANT_ROOT).")
out_option = click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
                          help="Output folder (default: build/ in the root folder).")
region_argument = click.argument("region")


def formats_option(default: str, help: str):
    return click.option("--format", "formats", default=default, show_default=True, help=help)


def version_option(help: str, required: bool = False):
    return click.option("--version", required=required, metavar="NAME", help=help)


def smtp_options(help: str = "Send the e-mails through this SMTP server (default: only write them "
                              "to disk as .eml).", required: bool = False):
    """--smtp HOST:PORT and --starttls."""
    def decorate(func):
        func = click.option("--starttls", is_flag=True,
                            help="Use STARTTLS. A login is taken only from the environment "
                                 "variables CONVENANT_SMTP_USER and CONVENANT_SMTP_PASSWORD.")(func)
        return click.option("--smtp", required=required, default=None, metavar="HOST:PORT",
                            help=help)(func)
    return decorate


class _Date(click.ParamType):
    """A date written YYYY-MM-DD."""

    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        date = parse_date(value)
        if date is None:
            self.fail(_("{value} is not a real date written YYYY-MM-DD").format(
                value=shown(value)), param, ctx)
        return date


DATE = _Date()

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


class _Text(click.ParamType):
    """A line of text for a record (a place, a name, a reason): no control characters."""

    name = "TEXT"

    def convert(self, value, param, ctx):
        found = CONTROL_RE.search(value)
        if found:
            self.fail(_("contains the control character U+{code:04X}").format(
                code=ord(found.group())), param, ctx)
        if not value.strip():
            self.fail(_("is empty"), param, ctx)
        if len(value) > 300:
            self.fail(_("is longer than 300 characters"), param, ctx)
        return value


TEXT = _Text()


def date_option(*decls: str, help: str, required: bool = False):
    # No explicit default: click (8.2+) takes an explicit default=None as a value given, and
    # would let a required date be left out.
    return click.option(*decls, type=DATE, required=required, help=help)


MAX_LINE = 600
"""No line of an error is longer (values in it are quoted to ~80 characters already)."""


def _fail(exc: ConvenantError) -> None:
    """Print a library error as plain lines on stderr and exit non-zero (no traceback)."""
    for line in str(exc).splitlines() or [type(exc).__name__]:
        line = line if len(line) <= MAX_LINE else line[:MAX_LINE - 1] + "…"
        click.echo(_("error: {message}").format(message=line) if not isinstance(exc, DataError)
                   else line, err=True)
    if isinstance(exc, DataError):
        n = len(exc.problems)
        click.echo(ngettext("{n} problem found; nothing was written.",
                            "{n} problems found; nothing was written.", n).format(n=n), err=True)
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

    def main(self, *args, **kwargs):
        i18n.activate(self)  # Dutch, or English with CONVENANT_TAAL=en / LANG=en
        return super().main(*args, **kwargs)

    def invoke(self, ctx):
        _exit_on_sigterm()
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):  # click's own exits
            raise
        except ConvenantError as exc:
            _fail(exc)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
            if os.environ.get(DEBUG_VARIABLE):
                raise
            if isinstance(exc, OSError):
                where = f"{exc.filename}: " if exc.filename else ""
                click.echo(_("error: {message}").format(message=_(
                    "{where}{problem}; nothing was recorded").format(
                    where=where, problem=exc.strerror or _one_line(exc))), err=True)
                sys.exit(1)
            click.echo(_("error: internal error ({kind}: {message}); nothing was recorded. Please "
                         "report this; {variable}=1 shows the details").format(
                kind=type(exc).__name__, message=_one_line(exc), variable=DEBUG_VARIABLE), err=True)
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


@main.result_callback()
def print_output(output: Output | None, **_params) -> None:
    """Print what a command returned: the report as it is, the lines on stdout, the lines on
    stderr; then exit with its status."""
    if output is None:
        return
    try:
        if output.report is not None:
            click.echo(output.report, nl=False)
        for line in output.lines:
            click.echo(line)
        for line in output.err:
            click.echo(line, err=True)
    except BrokenPipeError:
        # The reader stopped reading (`| head`): what the command did is done; say nothing
        # more, and keep Python from complaining about stdout when it exits.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if output.status:
        sys.exit(output.status)


@main.command()
@click.argument("regions", nargs=-1, metavar="[REGION]...")
@click.option("--all", "all_regions", is_flag=True, help="Build every region.")
@formats_option("html,pdf,docx", "Comma-separated output formats: html, pdf, docx.")
@date_option("--op", "day", help="Build the version in force on this date, with the parties "
             "of that date (YYYY-MM-DD), in build/REGION/op-DATE/.")
@version_option("Build this recorded version (one REGION), with the parties bound by it, in "
                "build/REGION/versie-NAME/.")
@click.option("--pdfa", is_flag=True,
              help="Write the PDF as PDF/A-2b, for archiving (fonts embedded, sRGB, XMP).")
@click.option("--force", is_flag=True,
              help="Make every output again, also those whose inputs did not change.")
@out_option
@root_option
def build(regions, all_regions, formats, day, version, pdfa, force, out, root):
    """Build the convenant of REGION (or --all regions) as HTML, PDF and DOCX.

    All data is loaded and checked first: on any problem every problem is listed as
    path:line: message, the exit status is 1 and nothing is written. Outputs are
    build/REGION/convenant.html, convenant.pdf and convenant.docx.
    """
    from .commands import build as command

    if bool(regions) == all_regions:
        raise click.UsageError(_("give one or more REGIONs or --all (see `convenant regions`)"))
    written = command.build(
        root, None if all_regions else list(regions), parse_formats(formats), out,
        progress=lambda r, f: click.echo(_("rendering {region} {format} ...").format(
            region=r, format=f), err=True),
        day=day, version=version, pdfa=pdfa, force=force)
    if not written:
        return Output([_("Every output is up to date: nothing written (--force makes them "
                         "again).")])
    return console.paths(written)


@main.command()
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--regio", "region", default=None, metavar="ID",
              help="Id of the one region of the empty skeleton (default: regio).")
@click.option("--voorbeeld", "example", is_flag=True,
              help="Copy the real covenants (clauses/, parties/, convenants/ and the registers) "
                   "as the example instead of an empty skeleton.")
@click.option("--van", "source", default=None, metavar="ROOT",
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="With --voorbeeld: the data repository to copy (default: the source checkout "
                   "this program runs from).")
def init(directory, region, example, source):
    """Make DIR a new git repository of its own for convenant data.

    By default an empty skeleton with one region to fill in (convenants/ID.yaml, a few
    starter clauses, two example parties) that builds at once; with --voorbeeld a copy of
    the real covenants, their registers in a second commit. DIR must be new or empty and not
    inside another git repository; on any error it is left as it was.
    """
    from .commands.init import init as run

    return console.init(run(directory, region, example, source))


@main.command()
@root_option
def regions(root):
    """List the regions: id, number of parties and the convenant's title."""
    from .commands.regions import list_regions

    return console.regions(list_regions(root))


@main.command()
@region_argument
@click.argument("name")
@date_option("--besluit", "decided", required=True,
             help="Date of the Stuurgroep's decision (YYYY-MM-DD).")
@click.option("--rev", default=None, metavar="REVISION",
              help="Git revision holding the decided text (default: HEAD, which must have no "
                   "uncommitted changes to the region's text).")
@root_option
def vaststellen(region, name, decided, rev, root):
    """Record version NAME of REGION's convenant, decided by the Stuurgroep (art. 21.1).

    Records the name, decision date, git revision and the text's fingerprint in
    register/REGION.yaml and commits that file alone.
    """
    from .commands.register import vaststellen as run

    return console.vaststellen(region, run(root, region, name, decided, rev))


@main.command()
@region_argument
@click.argument("party", required=False)
@version_option("Recorded version signed.", required=True)
@date_option("--date", "date", help="Date of signing (YYYY-MM-DD).")
@click.option("--place", type=TEXT, default=None, help="Place of signing.")
@click.option("--by", type=TEXT, default=None, metavar="NAME",
              help="Who signed (default: the party's representative in the registry).")
@click.option("--scan", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="The returned signature page (PDF, JPEG or PNG), kept in register/scans/.")
@click.option("--uit", "overview", type=click.Path(path_type=Path), default=None, metavar="CSV",
              help="Record every filled-in row of this overview (overzicht.csv), in one commit.")
@root_option
def sign(region, party, version, date, place, by, scan, overview, root):
    """Record that PARTY signed a version of REGION's convenant (art. 21.2) and commit it;
    or, with --uit, every party the filled-in overview of `pakket` says signed."""
    if overview is not None:
        given = [name for name, value in (("PARTY", party), ("--date", date), ("--place", place),
                                          ("--by", by), ("--scan", scan)) if value is not None]
        if given:
            raise click.UsageError(_("{option} and --uit exclude each other: the overview "
                                     "gives the party, date, place, signer and scan of each "
                                     "row").format(option=given[0]))
        from .commands.signing import sign_overview

        return console.signed_overview(sign_overview(root, region, overview, version))
    for name, value in (("PARTY", party), ("--date", date), ("--place", place)):
        if value is None:
            missing = (_("Missing argument '{name}' (or give --uit CSV).") if name == "PARTY"
                       else _("Missing option '{name}' (or give --uit CSV)."))
            raise click.UsageError(missing.format(name=name))
    if scan is not None:
        from .commands.signing import sign_scan

        return console.signed_scan(region, sign_scan(root, region, party, version, date, place,
                                                     by, scan))
    from .commands.register import sign as run

    return console.sign(region, party, run(root, region, party, version, date, place, by))


@main.command()
@region_argument
@version_option("Only this recorded version (default: the version in force and any pending).")
@date_option("--op", "day", help="The register as it stood on this date (default: today).")
@root_option
def status(region, version, day, root):
    """The version in force and any pending one: per party signed (date, place) or
    outstanding, counted against the parties bound by that version; when it takes effect
    and its term (art. 23.1); the parties leaving."""
    from .commands import register as command

    if version is not None:
        return console.status(region, command.status(root, region, version, day))
    return console.region_status(command.region_status(root, region, day))


@main.command()
@region_argument
@root_option
def versions(region, root):
    """List REGION's recorded versions and the commits since the latest that touch its text."""
    from .commands.register import versions as run

    return console.versions(region, run(root, region))


@main.command()
@region_argument
@click.argument("old", required=False)
@click.argument("new", required=False)
@formats_option("text", "Comma-separated: text (printed), html, pdf, docx (written to "
                        "build/REGION/renvooi/OLD..NEW.*).")
@out_option
@root_option
def diff(region, old, new, formats, out, root):
    """Renvooi of REGION's convenant from OLD to NEW.

    OLD and NEW are recorded version names, git revisions, or `werkversie` (the working
    tree). Default: the latest recorded version against the working tree. Shows a summary per
    article, the word-level renvooi, and whether the parties must sign again (art. 21.2).
    """
    from .commands.diff import DIFF_FORMATS, diff as run

    _redline, text, paths = run(root, region, old, new, parse_formats(formats, DIFF_FORMATS), out)
    return console.paths(paths, text)


@main.command()
@region_argument
@click.argument("old")
@click.argument("new")
@formats_option("pdf,docx", "Comma-separated: pdf, docx.")
@click.option("--toelichting", "toelichting", type=click.Path(dir_okay=False, path_type=Path),
              default=None, metavar="FILE",
              help="The toelichting to use, wijzigingen/REGION/NAME.md (default: the one whose "
                   "'wijzigt' is OLD's version).")
@out_option
@root_option
def wijzigingsvoorstel(region, old, new, formats, toelichting, out, root):
    """Proposal to the Stuurgroep for changing REGION's convenant from OLD to NEW.

    The consequence for the parties, a table of the changed articles, the toelichting written
    by the legal advisor (wijzigingen/REGION/NAME.md as it is at NEW, the one whose 'wijzigt'
    names OLD's recorded version) and the renvooi; written to
    build/REGION/wijzigingsvoorstel/OLD..NEW.pdf and .docx.
    """
    from .commands.diff import PROPOSAL_FORMATS, wijzigingsvoorstel as run

    _redline, _toelichting, paths = run(root, region, old, new,
                                        parse_formats(formats, PROPOSAL_FORMATS), out, toelichting)
    return console.paths(paths)


@main.command()
@click.argument("regions", nargs=-1, metavar="REGION REGION [REGION]...")
@click.option("--basis", "base", is_flag=True,
              help="Compare one REGION with its base (the region its manifest names as 'basis').")
@formats_option("text", "Comma-separated: text (printed), html, pdf (written to "
                        "build/vergelijking/REGION-REGION.*).")
@out_option
@root_option
def compare(regions, base, formats, out, root):
    """Compare the convenants of two or more regions, article by article.

    Each article and lid is marked identical, regional variant or only in some regions,
    with a similarity figure and a word-level diff of the variants; also the regional
    terms, key parameters and parties side by side, and for three or more regions a matrix.

    A REGION may be a point in its history: REGION@VERSION (a recorded version as decided),
    REGION@YYYY-MM-DD (the version in force that day, with that day's parties) or
    REGION@REVISION (a git revision); `compare zhz@1 zhz` shows what changed since version 1.
    """
    from .commands.compare import COMPARE_FORMATS, compare as run, with_base

    if base:
        regions = with_base(root, list(regions))
    if len(set(regions)) < 2:
        raise click.UsageError(_("give two or more different REGIONs (see `convenant "
                                 "regions`)"))
    text, paths = run(root, list(regions), parse_formats(formats, COMPARE_FORMATS), out)
    return console.paths(paths, text)


@main.command()
@click.argument("regions", nargs=-1, metavar="[REGION]...")
@click.option("--tegen", "against", metavar="VERSION",
              help="Also warn about literal references whose target moved since VERSION "
                   "(a recorded version or a git revision).")
@click.option("--stats", is_flag=True, help="Also count the symbolic and literal references.")
@root_option
def lint(regions, against, stats, root):
    """Check the drafting of REGION's convenant (default: every region).

    Cross-references, defined terms, terminology and structure. Findings print as
    path:line: artikel N.M: message, errors before warnings; the exit status is 1 when
    there are errors.
    """
    from .commands.lint import lint as run

    return console.lint(run(root, list(regions) or None, against, stats))


class ProgressBar:
    """``progress(label, done, total)`` as a click progress bar on stderr (by default); shows
    nothing when that is not a terminal, and clears its line when done."""

    def __init__(self, file=None):
        self.file = file if file is not None else sys.stderr
        self.bar = click.progressbar(length=0, file=self.file, show_pos=True, show_eta=False,
                                     bar_template="%(label)s  %(bar)s  %(info)s",
                                     hidden=not self.file.isatty())

    def __enter__(self):
        return self

    def __call__(self, label: str, done: int, total: int) -> None:
        self.bar.label, self.bar.length = f"{label:<28}", total
        if done > self.bar.pos:
            self.bar.update(done - self.bar.pos)
        else:
            self.bar.render_progress()

    def __exit__(self, *exc):
        if not self.bar.hidden and self.bar.max_width:
            self.file.write("\r" + " " * self.bar.max_width + "\r")
            self.file.flush()


class _Pakket(click.Command):
    """`convenant pakket verzenden REGION ...` is `convenant pakket REGION --verzenden ...`."""

    def parse_args(self, ctx, args):
        if len(args) > 1 and args[0] == "verzenden" and not args[1].startswith("-"):
            args = [args[1], "--verzenden", *args[2:]]
        return super().parse_args(ctx, args)


@main.command(cls=_Pakket)
@region_argument
@version_option("Recorded version to sign (default: the latest; with none recorded, the "
                "working text).")
@click.option("--party", "parties", multiple=True, metavar="ID",
              help="Make a package for this party, signed or not (repeatable).")
@click.option("--all", "everyone", is_flag=True,
              help="A package for every party, also those that signed the version already.")
@date_option("--date", "letter_date", help="Date of the cover letters (default: today).")
@date_option("--return-by", help="Ask for the signed pages back before this date (recorded, "
             "for `convenant herinnering`).")
@out_option
@smtp_options("Send each party's package to its e-mail address through this SMTP server, and "
              "record the sending (default: only write the packages).")
@click.option("--verzenden", "resend", is_flag=True,
              help="Only send the packages of the version's last recorded sending that were not "
                   "sent yet (with --smtp).")
@root_option
def pakket(region, version, parties, everyone, letter_date, return_by, out, smtp, starttls,
           resend, root):
    """Signature packages for REGION's parties: cover letter, convenant, own signature page.

    By default every party that has not signed the version gets a package. Writes
    build/REGION/pakketten/VERSION/PARTY.pdf, handtekeningen.pdf (every party's signature
    page, for a signing ceremony) and overzicht.csv / overzicht.html (status per party).
    With --smtp (or --return-by) the sending is recorded in
    register/verzending/REGION/VERSION.yaml, one commit; --smtp e-mails each package.
    """
    from .commands import verzending

    if resend:
        if smtp is None:
            raise click.UsageError(_("--verzenden needs --smtp HOST:PORT"))
        given = [name for name, value in (("--party", parties), ("--all", everyone),
                                          ("--date", letter_date), ("--return-by", return_by))
                 if value]
        if given:
            raise click.UsageError(_("{option} does not go with --verzenden: it sends the "
                                     "packages recorded before").format(option=given[0]))
        return console.package_sending(region, verzending.verzenden(root, region, version, smtp,
                                                                    starttls, out))
    with ProgressBar() as bar:
        if smtp is None and return_by is None:
            from .commands.pakket import pakket as run

            return console.pakket(region, *run(root, region, version, parties, everyone, out,
                                               letter_date, return_by, progress=bar))
        return console.package_sending(region, verzending.pakket_round(
            root, region, version, parties, everyone, out, letter_date, return_by, bar, smtp,
            starttls))


@main.command()
@region_argument
@version_option("Recorded version (default: the latest).")
@click.option("--concept", is_flag=True,
              help="Make it while parties have not signed: a page 'ontbreekt' for each, the "
                   "index marked as concept; written to build/REGION/getekend/concept/.")
@click.option("--pdfa", is_flag=True,
              help="Write it as PDF/A-2b, for archiving (fonts embedded, sRGB, XMP).")
@out_option
@root_option
def getekend(region, version, concept, pdfa, out, root):
    """The executed copy of a version of REGION's convenant, with every signed page.

    Writes build/REGION/getekend/VERSION.pdf: the convenant, then every bound party's kept
    signature page (register/scans/REGION/VERSION/PARTY.pdf, checked against its SHA-256 in
    the register) in signing order, then an index; bookmarks per party. Refused while
    parties have not signed (unless --concept) or when a scan is missing or changed.
    """
    from .commands.getekend import getekend as run

    return console.getekend(*run(root, region, version, concept, out, pdfa=pdfa))


# The commands about who is a party are in cli_members.py (they use the options above).
from .cli_members import toetreding, uittreding  # noqa: E402
from .cli_reminders import herinnering  # noqa: E402
from .cli_regions import regio  # noqa: E402
from .cli_import import import_docx  # noqa: E402
from .cli_serve import serve, site  # noqa: E402

main.add_command(uittreding)
main.add_command(toetreding)
main.add_command(herinnering)
main.add_command(regio)
main.add_command(import_docx)
main.add_command(serve)
main.add_command(site)


if __name__ == "__main__":  # pragma: no cover
    main()
