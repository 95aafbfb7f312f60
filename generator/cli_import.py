"""`convenant import`: an edited convenant DOCX back into the clause files (the Word round
trip). Added to the `convenant` group at the end of generator.cli, like every command it
parses options, calls generator.commands and returns a generator.console.Output.
"""

from __future__ import annotations

from pathlib import Path

import click

from .console_import import import_result
from .cli import out_option, region_argument, root_option


@click.command("import")
@region_argument
@click.argument("docx", metavar="FILE.docx",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--alleen-deze-regio/--gedeeld", "only_region", default=True,
              help="A change to text other regions share becomes this region's variant (the "
                   "default), or changes the shared text for every region (--gedeeld).")
@click.option("--auteur", "author", metavar="NAME",
              help="Who made the changes: named in the review list of comments.")
@out_option
@root_option
def import_docx(region, docx, only_region, author, out, root):
    """Read FILE.docx, the convenant of REGION as `convenant build` made it and a lawyer edited
    it in Word or LibreOffice, back into the clause files: changed text (tracked changes
    accepted, or plain edits), new and deleted paragraphs, list items and leden. Nothing is
    committed: see the change with `git diff` or `convenant diff REGION`. Comments go to
    build/REGION/import/opmerkingen.md. What cannot be mapped is listed, and nothing is
    written."""
    from .commands.importeren import importeren

    return import_result(importeren(root, region, docx, shared=not only_region,
                                            author=author, out=out))
