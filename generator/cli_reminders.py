"""`convenant herinnering`: the reminder to the parties that have not returned their signed page
of a version (the signature round after `pakket`).

Added to the `convenant` group at the end of generator.cli, with its shared options; like every
command it parses options, calls generator.commands and returns a generator.console.Output.
"""

from __future__ import annotations

import click

from . import console
from .cli import (ProgressBar, date_option, out_option, region_argument, root_option,
                  smtp_options, version_option)


@click.command()
@region_argument
@version_option("Recorded version the reminder is about (default: the latest).")
@date_option("--date", "date", help="Date of the reminder letters (default: today; not in the future).")
@click.option("--nu", "now", is_flag=True,
              help="Remind now: also before the return-by date, or when none was recorded.")
@out_option
@smtp_options("Send each reminder, with the party's package attached, to its e-mail address "
              "through this SMTP server (default: only write them to disk as .eml).")
@root_option
def herinnering(region, version, date, now, out, smtp, starttls, root):
    """Remind every party bound by a version of REGION that has not signed it, once the date
    to return its signed page by has passed (refused before unless --nu), with its package
    attached again; record the reminder in register/verzending/REGION/VERSION.yaml, one commit.

    Writes build/REGION/herinneringen/VERSION/DATE/brieven/PARTY.pdf and, for parties with an
    e-mail address, berichten/PARTY.eml (the letter and the package attached). The packages
    are those in build/REGION/pakketten/VERSION/ (made again, once, where missing). Run again
    for the same --date with --smtp, it sends what of that reminder was not sent.
    """
    from .commands.herinnering import herinnering as run

    with ProgressBar() as bar:
        return console.reminder(region, run(root, region, version, date, now, out, smtp, starttls,
                                            progress=bar))
