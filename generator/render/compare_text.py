"""A comparison of regions as plain text (for the terminal).

Words only in the reference region's text are marked [-so-], words of another region that the
reference does not have {+so+}, as in the renvooi (render.redline_text).
"""

from __future__ import annotations

from ..compare import (ABSENT, CELL_WORDS, IDENTICAL, PARTIAL, ArticleComparison, Comparison, LidRow,
                       percent)
from .redline_text import marked

MAX_WIDTH = 44
"""A longer cell of a table overflows into the next column on its own line."""


def _table(rows: list[list[str]], indent: str = "  ") -> list[str]:
    """Columns padded to their widest cell (at most MAX_WIDTH); the last column is not padded."""
    widths = [min(MAX_WIDTH, max(len(row[i]) for row in rows)) for i in range(len(rows[0]) - 1)]
    return [(indent + "  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[-1]).rstrip()
            for row in rows]


def _note(item: ArticleComparison) -> str:
    notes = []
    if item.terms_only:
        notes.append("alleen regionale termen verschillen")
    if item.renumbered:
        notes.append("nummering verschilt")
    return f" ({'; '.join(notes)})" if notes else ""


def _row_lines(row: LidRow, width: int) -> list[str]:
    """The lid's lines, region by region per line, words marked against the reference; a line
    that every region has alike is printed once, tagged "beide" (or "alle")."""
    out = []
    every = "beide" if len(row.units) == 2 else "alle"
    for line_row in row.lines:
        cells = list(line_row.cells.values())
        alike = all(c is not None and (c.label, c.text) == (cells[0].label, cells[0].text)
                    and all(s.op == "=" for s in c.segs) for c in cells)
        for region, cell in line_row.cells.items():
            if cell is None:
                continue
            indent = "  " * cell.depth
            text = " ".join(x for x in (cell.label, marked(cell.segs)) if x)
            out.append(f"      {every if alike else region:<{width}}  {indent}{text}")
            if alike:
                break
    return out


def render_compare_text(comparison: Comparison) -> str:
    c = comparison
    regions = c.regions
    width = max(len(r) for r in regions + ["beide"])
    out = [f"Vergelijking {' – '.join(regions)}"]
    out += [f"  {r:<{width}}  {c.documents[r].title} (vingerafdruk {c.documents[r].fingerprint[:12]})"
            for r in regions]
    out += ["", "Samenvatting"] + [f"  {line}" for line in c.summary()]

    out += ["", "Overzicht per onderdeel (gelijkenis op woordniveau)"]
    out += _table([[item.name, (percent(item.similarity) or "–").rjust(4), item.status_label(),
                    (item.title if item.title != item.name else "") + _note(item)]
                   for item in c.items])

    if len(regions) >= 3:
        out += ["", "Matrix (gelijke letter: gelijke tekst)"]
        rows = [["", *regions, ""]]
        rows += [[item.name, *(f"{item.groups[r] or '-'} {CELL_WORDS[item.cell(r)]}".strip()
                               if item.groups[r] else CELL_WORDS[ABSENT] for r in regions), item.title]
                 for item in c.items]
        out += _table(rows)

    for title, rows in (("Regionale termen", c.terms), ("Kerngegevens", c.parameters)):
        out += ["", title]
        out += _table([["", *regions, ""]] + [[row.label, *(row.values[r] or "—" for r in regions), ""]
                                              for row in rows])
    for key in c.key_texts:
        number = f" ({key.row.number})" if key.row.number else ""
        out += ["", f"{key.label}{number}: {key.row.status_label()}"]
        out += _row_lines(key.row, width)

    out += ["", "Partijen"]
    for group in c.parties:
        out.append(f"  {group.label} ({len(group.parties)}):")
        out += [f"    {p.name}" for p in group.parties]

    return "\n".join(out + _differences(c, width)) + "\n"


def _differences(c: Comparison, width: int) -> list[str]:
    """The differing articles (bijlagen, parts), lid by lid, words marked."""
    regions = c.regions
    out = ["", "Verschillen per onderdeel"]
    if len(regions) == 2:
        out.append(f"  [-…-] alleen in de tekst van {regions[0]}; {{+…+}} alleen in de tekst van "
                   f"{regions[1]}.")
    else:
        out.append("  {+…+}: afwijkend van de tekst van de eerste regio die het onderdeel heeft "
                   f"({regions[0]}, anders de volgende).")
    for item in c.differing():
        numbering = f" (nummering: {item.numbering})" if item.numbering else ""
        similarity = f", {percent(item.similarity)} gelijk" if item.similarity is not None else ""
        out += ["", f"{item.heading}{numbering}: {item.status_label()}{similarity}" + _note(item)]
        if item.status == PARTIAL and len(item.present) == 1:
            out.append(f"  (geen tegenhanger in {', '.join(item.absent)})")
        for row in item.rows:
            paired = " (gekoppeld op tekst)" if row.matched_by_text else ""
            terms = "; alleen regionale termen verschillen" if row.terms_only else ""
            if row.status == IDENTICAL:
                out.append(f"  {row.name}: identiek")
                continue
            similarity = f", {percent(row.similarity)}" if row.similarity is not None else ""
            out.append(f"  {row.name}: {row.status_label()}{similarity}{terms}{paired}")
            out += _row_lines(row, width)
    return out
