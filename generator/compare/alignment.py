"""Alignment of a comparison (generator.compare): which leden, lines, parts and parties of the
regions correspond.

Keys (clause ids, lid ids, party ids) are merged into one reading order, the first region's
leading; leden whose ids have no counterpart are paired by text when similar enough; the lines
of corresponding leden are aligned and word-diffed against the first region that has them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..canonical import Line, Unit, line_text
from ..redline import Seg, align, diff_lines, word_similarity

LID_SIMILAR = 0.5
"""A lid without a counterpart id is paired with an unpaired lid of another region in the same
article when their word-level similarity (difflib ratio on words) is at least this; the same
threshold the renvooi uses to pair changed lines (generator.redline.SIMILAR). Unrelated
paragraphs of this kind of Dutch text score about 0.2-0.35 on common words alone."""


@dataclass
class SideLine:
    """One line of one region's text in a side-by-side view, words marked against the reference.

    ``segs`` ops: "=" the same in the reference region, "-" only in the reference's text (shown in
    the reference's column when there are two regions), "+" not in the reference's text.
    """

    kind: str
    depth: int
    label: str
    segs: list[Seg]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segs)


@dataclass
class LineRow:
    """Lines of the regions that correspond, one per region (None where a region has none)."""

    cells: dict[str, SideLine | None]


def _plain(line: Line) -> SideLine:
    return SideLine(line.kind, line.depth, line.label, [Seg("=", line.text)] if line.text else [])


def side_by_side(regions: list[str], units: dict[str, Unit | None], mark_reference: bool) -> list[LineRow]:
    """The lines of ``units`` aligned across regions against the first region that has the unit.

    Every other region is aligned and word-diffed against that reference (redline.diff_lines);
    their lines are merged on the reference's lines, a region's extra lines placed before the
    reference line they precede. ``mark_reference``: mark in the reference's column what only
    it has (sensible with two regions; with more the reference column stays plain).
    """
    present = [r for r in regions if units.get(r) is not None]
    if not present:
        return []
    ref = present[0]
    ref_lines = units[ref].lines
    # slots[i]: rows before reference line i (extra lines of other regions); slots[len]: after.
    before: list[list[dict]] = [[] for _ in range(len(ref_lines) + 1)]
    at: list[dict] = [{ref: _plain(line)} for line in ref_lines]
    for region in present[1:]:
        index, extra = 0, 0
        for diff in diff_lines(ref_lines, units[region].lines):
            line = SideLine(diff.kind, diff.depth, diff.new_label, _side(diff.segs, "+"))
            if diff.status == "added":
                if extra == len(before[index]):
                    before[index].append({})
                before[index][extra][region] = line
                extra += 1
                continue
            if diff.status != "removed":
                at[index][region] = line
                if mark_reference and diff.status == "changed":
                    own = ref_lines[index]
                    at[index][ref] = SideLine(own.kind, own.depth, own.label, _side(diff.segs, "-"))
            index, extra = index + 1, 0
    rows: list[LineRow] = []
    for i in range(len(ref_lines) + 1):
        rows.extend(LineRow({r: cells.get(r) for r in regions}) for cells in before[i])
        if i < len(ref_lines):
            rows.append(LineRow({r: at[i].get(r) for r in regions}))
    return rows


def _side(segs: list[Seg], side: str) -> list[Seg]:
    return [s for s in segs if s.op in ("=", side) and s.text]


def unit_text(unit: Unit | None) -> tuple:
    """What is compared of a lid: its lines (depth, label and text), not its number or id."""
    if unit is None:
        return ()
    return tuple((line.depth, line_text(line)) for line in unit.lines)


def joined_words(texts) -> str:
    """The non-empty texts joined by spaces, for a word-level similarity."""
    return " ".join(t for t in texts if t)


def pair_by_text(rows: list[dict[str, Unit | None]]) -> list[dict[str, Unit | None]]:
    """Merge rows of leden without a counterpart id whose texts are similar enough.

    Two rows can merge when no region has a lid in both; the most similar pair (by the texts of
    their first regions) merges first, as long as it reaches LID_SIMILAR. The merged row stands
    where the first of the two stood.
    """
    rows = [dict(row) for row in rows]
    while True:
        best = None
        for i, j in itertools.combinations(range(len(rows)), 2):
            a = [r for r, u in rows[i].items() if u is not None]
            b = [r for r, u in rows[j].items() if u is not None]
            if set(a) & set(b):
                continue
            ratio = word_similarity(joined_words(t for _, t in unit_text(rows[i][a[0]])),
                                    joined_words(t for _, t in unit_text(rows[j][b[0]])))
            if ratio >= LID_SIMILAR and (best is None or ratio > best[0]):
                best = (ratio, i, j)
        if best is None:
            return rows
        _, i, j = best
        rows[i] = {r: rows[i][r] if rows[i][r] is not None else rows[j][r] for r in rows[i]}
        del rows[j]


def merge_order(key_lists: list[list]) -> list:
    """One reading order for the keys of several regions, the first region's order leading."""
    merged = list(key_lists[0])
    for keys in key_lists[1:]:
        # The order so far leads; a key only ``keys`` has goes before the next key they share.
        merged = [merged[j] if j is not None else keys[i] for i, j in align(keys, merged)]
    return merged


def unique_keys(units: list[Unit]) -> list[tuple[str, int]]:
    """Unit keys made unique (an id that occurs twice gets its occurrence number)."""
    seen: dict[str, int] = {}
    out = []
    for unit in units:
        n = seen.get(unit.key, 0)
        seen[unit.key] = n + 1
        out.append((unit.key, n))
    return out
