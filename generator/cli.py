"""The `convenant` command line: thin option parsing on top of generator.commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .errors import ConvenantError, DataError


def _root_option(func):
    return click.option(
        "--root", type=click.Path(file_okay=False, path_type=Path),
        default=lambda: os.environ.get("CONVENANT_ROOT", "."), show_default="current folder",
        help="Folder holding clauses/, parties/ and convenants/ (or set CONVENANT_ROOT).",
    )(func)


def _fail(exc: ConvenantError) -> None:
    """Print a library error as plain lines on stderr and exit non-zero (no traceback)."""
    for line in str(exc).splitlines() or [type(exc).__name__]:
        click.echo(f"error: {line}" if not isinstance(exc, DataError) else line, err=True)
    if isinstance(exc, DataError):
        n = len(exc.problems)
        click.echo(f"{n} problem{'s' if n != 1 else ''} found; nothing was written.", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


if __name__ == "__main__":  # pragma: no cover
    main()
