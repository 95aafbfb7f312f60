"""`convenant site` (the secretariat's static site) and `convenant serve` (the live preview),
added to the `convenant` group at the end of generator.cli. `serve` runs until Ctrl-C (or
SIGTERM), so it prints as it goes instead of returning an Output: the URL first, then the
data's problems whenever they change."""

from __future__ import annotations

import os

import click

from . import console
from .cli import DEBUG_VARIABLE, out_option, root_option
from .i18n import _


@click.command()
@click.argument("region", required=False)
@click.option("--host", default="127.0.0.1", show_default=True, metavar="HOST",
              help="Address to listen on (another than 127.0.0.1 lets other computers read "
                   "the working text).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              metavar="PORT",
              help="Port to listen on (0: any free port).")
@root_option
def serve(region, host, port, root):
    """A live preview of REGION's working text (or of every region) in the browser.

    Serves the convenant as HTML on http://127.0.0.1:8000/ and makes it again whenever a
    clause, party, manifest or register file is saved; the page reloads by itself. While the
    data has problems the page lists them (file:line: message), as `build` would. Stop with
    Ctrl-C.
    """
    from .serve_http import start

    running = start(root, region, host, port, echo=click.echo,
                    debug=bool(os.environ.get(DEBUG_VARIABLE)))
    click.echo(_("Live preview on {url} (Ctrl-C stops it)").format(url=running.url))
    try:
        running.serve_forever()
    except KeyboardInterrupt:
        pass  # Ctrl-C is how it stops: no traceback
    finally:
        running.stop()
    click.echo(_("Live preview stopped."))


@click.command()
@click.option("--force", is_flag=True,
              help="Make every page and output again, also those whose inputs did not change.")
@out_option
@root_option
def site(force, out, root):
    """Write the secretariat's static site to build/site/ (or --out DIR).

    A start page with every region, per region its text (HTML, PDF, DOCX), versions with
    the renvooi between them, signatures, accessions and leaving parties; the comparison
    of the regions and a search over every text. Plain files: open index.html from a file
    share or offline. Only what changed is made again.
    """
    from .commands import site as command

    result = command.site(root, out, force=force, progress=lambda r, f: click.echo(
        _("rendering {region} {format} ...").format(region=r, format=f), err=True))
    return console.site(result)
