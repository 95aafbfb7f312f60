"""The `regio` group: a new region on the basis of another (`regio nieuw`), and where each lid
of a region's text comes from (`regio toon`).

Added to the `convenant` group at the end of generator.cli, with its shared options; like every
command they parse options, call generator.commands and return a generator.console.Output.
"""

from __future__ import annotations

import click

from . import console
from .cli import root_option


@click.group()
def regio():
    """Regions that take their text from a base: make one, show where its text comes from."""


@regio.command("nieuw")
@click.argument("region", metavar="ID")
@click.option("--basis", required=True, metavar="REGION",
              help="The region whose text, terms, articles and duur the new region takes.")
@click.option("--titel", required=True, metavar="TEXT", help="The convenant's title.")
@click.option("--zvh", required=True, metavar="TEXT",
              help="The name of the Zorg- en Veiligheidshuis (in the running header).")
@root_option
def regio_nieuw(region, basis, titel, zvh, root):
    """Write convenants/ID.yaml for a new region ID on the basis of REGION.

    The base's terms are copied as a starting point, each marked to fill in; 'partijen' is
    left empty (with an example), so `convenant build ID` refuses until the parties are
    listed. Nothing is committed. Prints what must still be filled in.
    """
    from .commands.regio import nieuw

    return console.region_new(nieuw(root, region, basis, titel, zvh))


@regio.command("toon")
@click.argument("region", metavar="ID")
@root_option
def regio_toon(region, root):
    """Per article of ID's convenant, where each lid comes from: its own variant, its base
    (named) or the text every region shares ("gedeeld"); what 'weglaten' leaves out; counts.

    Works on a manifest that is not finished: the problems `convenant build ID` would refuse
    are listed after it, on standard error, with exit status 1.
    """
    from .commands.regio import toon

    return console.region_sources(toon(root, region))
