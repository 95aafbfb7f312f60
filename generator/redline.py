"""Compare two assembled documents: a renvooi model every redline output renders from.

Articles, bijlagen and parts are aligned by clause id, leden and sections by their id, list
items by their id where they have one; so an inserted lid is one insertion plus renumbering of
the leden after it, not a cascade of changed leden. Within aligned lines the comparison is by
word. The party registry (ondergetekenden, signature blocks) is compared apart: a change there
is not a change of the convenant's text and needs no re-signing (21.2).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from operator import attrgetter

from .canonical import Chunk, Line, Unit, chunk_name, chunks
from .model.blocks import PartyList
from .model.document import Document
from .wording import join_en

_TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]")
SIMILAR = 0.5
"""Two lines at least this similar are one changed line, else a removal and an insertion."""

STATUS_WORDS = {"changed": "gewijzigd", "added": "ingevoegd", "removed": "vervallen",
                "renumbered": "vernummerd", "unchanged": "ongewijzigd"}
"""A chunk's or lid's status as the renvooi outputs write it."""
SYMBOLIC_HEAD = "Bijgewerkt: verwijzingen die de nieuwe nummering volgen (een wijziging van de tekst)"
LITERAL_HEAD = ("Te controleren: letterlijke verwijzingen die niet zijn meegewijzigd, terwijl "
                "de tekst waarnaar zij verwezen een ander nummer kreeg of verviel")
"""The two groups of the renvooi's "Verwijzingen" (generator.lint.moved)."""


@dataclass
class Seg:
    op: str
    """"=" unchanged, "-" deleted, "+" inserted."""
    text: str


def word_diff(old: str, new: str) -> list[Seg]:
    """Word-level difference of two texts as segments; whitespace between changes is folded
    into them so that "a b" → "c d" reads as one deletion and one insertion."""
    a, b = _TOKEN_RE.findall(old), _TOKEN_RE.findall(new)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    segs: list[Seg] = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        old_text, new_text = "".join(a[i1:i2]), "".join(b[j1:j2])
        # Equal and changed stretches alternate: an equal one that is neither first nor last lies
        # between changes, and when it is only whitespace it is folded into them.
        if op == "equal" and (index in (0, len(opcodes) - 1) or old_text.strip()):
            segs.append(Seg("=", old_text))
        else:
            segs += [Seg("-", old_text), Seg("+", new_text)]
    return merge_segments(segs)


def merge_segments(segs: list[Seg]) -> list[Seg]:
    """Join neighbouring segments of one kind; deletions before insertions in each run."""
    out: list[Seg] = []
    run: dict[str, str] = {}

    def flush():
        for op in ("-", "+"):
            if run.get(op):
                out.append(Seg(op, run[op]))
        run.clear()

    for seg in segs:
        if not seg.text:
            continue
        if seg.op == "=":
            flush()
            if out and out[-1].op == "=":
                out[-1] = Seg("=", out[-1].text + seg.text)
            else:
                out.append(Seg("=", seg.text))
        else:
            run[seg.op] = run.get(seg.op, "") + seg.text
    flush()
    return out


def label_segs(old: str, new: str) -> list[Seg]:
    """A lid number or item label: kept, or the old one deleted and the new one inserted."""
    if old == new:
        return [Seg("=", new)] if new else []
    return [s for s in (Seg("-", old), Seg("+", new)) if s.text]


def side_text(segs: list[Seg], side: str) -> str:
    """The old ("-") or new ("+") text of segments."""
    return "".join(s.text for s in segs if s.op in ("=", side))


# ---------------------------------------------------------------- model

@dataclass
class LineDiff:
    status: str
    """"equal", "changed", "added" or "removed"."""
    kind: str
    depth: int
    old_label: str
    new_label: str
    segs: list[Seg]
    new_source: tuple | None = None
    """(clause file, line) of the new side's line, for the renvooi DOCX's marks."""


@dataclass
class UnitDiff:
    key: str
    old_label: str
    new_label: str
    status: str
    """"equal", "renumbered", "changed", "added" or "removed"."""
    lines: list[LineDiff] = field(default_factory=list)


@dataclass
class ChunkDiff:
    kind: str
    key: str
    old: Chunk | None
    new: Chunk | None
    status: str
    """"unchanged", "renumbered", "changed", "added" or "removed"."""
    heading: list[Seg] = field(default_factory=list)
    """The printed heading, old against new ("Artikel <del>4</del><ins>5</ins>. Stuurgroep");
    wholly inserted or deleted for an added or removed chunk."""
    units: list[UnitDiff] = field(default_factory=list)

    @property
    def chunk(self) -> Chunk:
        return self.new or self.old

    @property
    def name(self) -> str:
        """"Artikel 5 (was 4)", "Bijlage 2", "Overwegingen"."""
        name = chunk_name(self.kind, self.key, self.chunk.title, [self.chunk.number])
        if self.old is not None and self.new is not None and self.old.number != self.new.number:
            name += f" (was {self.old.number})"
        return name

    def details(self) -> list[str]:
        """What changed, in Dutch, lid by lid."""
        if self.status in ("added", "removed"):
            return []
        out = []
        if self.old.title != self.new.title:
            out.append("opschrift gewijzigd")
        groups: dict[str, list[str]] = {}
        for unit in self.units:
            if unit.status == "equal":
                continue
            label = unit.old_label if unit.status == "removed" else unit.new_label
            label = label or ("aanhef" if not unit.key else "tekst")
            if unit.status in ("renumbered", "changed") and unit.old_label != unit.new_label:
                label = f"{unit.new_label} (was {unit.old_label})"
            groups.setdefault(unit.status, []).append(label)
        for status in ("added", "removed", "changed", "renumbered"):
            labels = groups.get(status)
            if labels:
                numbered = all(re.match(r"^\d", label) for label in labels)
                noun = ("lid " if len(labels) == 1 else "leden ") if numbered else ""
                out.append(f"{noun}{join_en(labels)} {STATUS_WORDS[status]}")
        return out


# ---------------------------------------------------------------- alignment

def align(old_keys: list, new_keys: list) -> list[tuple]:
    """Pairs (old index | None, new index | None) in reading order, matching equal keys.

    Keys present on both sides pair up wherever they are; a removed key is placed before the
    next key that both sides share, at its old position.
    """
    old_at = {k: i for i, k in enumerate(old_keys)}
    new_set = set(new_keys)
    pairs: list[tuple] = []
    o = 0
    for j, key in enumerate(new_keys):
        if key in old_at:
            while o <= old_at[key]:
                if old_keys[o] not in new_set:
                    pairs.append((o, None))
                o += 1
            pairs.append((old_at[key], j))
        else:
            pairs.append((None, j))
    pairs.extend((i, None) for i in range(o, len(old_keys)) if old_keys[i] not in new_set)
    return pairs


def align_items(old: list, new: list, key) -> list[tuple]:
    """The items of ``old`` and ``new`` paired as ``align`` pairs their keys (``key(item)``);
    None where an item has no counterpart."""
    return [(old[i] if i is not None else None, new[j] if j is not None else None)
            for i, j in align([key(x) for x in old], [key(x) for x in new])]


def _line_key(line: Line) -> str:
    return f"#{line.key}" if line.key else f"{line.kind}:{line.text}"


def word_similarity(a: str, b: str) -> float:
    """0-1: difflib's ratio of the two texts' words."""
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def _line_diff(old: Line | None, new: Line | None) -> LineDiff:
    if old is None:
        return LineDiff("added", new.kind, new.depth, "", new.label, [Seg("+", new.text)],
                        new.source)
    if new is None:
        return LineDiff("removed", old.kind, old.depth, old.label, "", [Seg("-", old.text)])
    segs = word_diff(old.text, new.text) if old.text != new.text else [Seg("=", new.text)]
    changed = old.text != new.text or old.label != new.label
    return LineDiff("changed" if changed else "equal", new.kind, new.depth, old.label, new.label,
                    [s for s in segs if s.text], new.source)


def _may_pair(old: Line, new: Line, keyed_old: set, keyed_new: set) -> bool:
    """Lines of a replaced stretch pair up when they have the same item id, or when their texts
    are similar enough and neither has an id the other side has elsewhere."""
    if old.key and old.key == new.key:
        return True
    free = old.key == new.key or (old.key not in keyed_new and new.key not in keyed_old)
    return free and word_similarity(old.text, new.text) >= SIMILAR


def diff_lines(old: list[Line], new: list[Line]) -> list[LineDiff]:
    """Align lines (by item id, else by text) and compare paired lines word by word."""
    keyed_old = {line.key for line in old if line.key}
    keyed_new = {line.key for line in new if line.key}
    out: list[LineDiff] = []
    matcher = difflib.SequenceMatcher(None, [_line_key(x) for x in old],
                                      [_line_key(x) for x in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(_line_diff(old[i], new[j]) for i, j in zip(range(i1, i2), range(j1, j2)))
            continue
        # Pair lines of a replaced stretch in order, the first line that may pair with each.
        j = j1
        for i in range(i1, i2):
            match = next((k for k in range(j, j2) if _may_pair(old[i], new[k], keyed_old, keyed_new)),
                         None)
            if match is None:
                out.append(_line_diff(old[i], None))
                continue
            out.extend(_line_diff(None, new[k]) for k in range(j, match))
            out.append(_line_diff(old[i], new[match]))
            j = match + 1
        out.extend(_line_diff(None, new[k]) for k in range(j, j2))
    return out


def _unit_diff(old: Unit | None, new: Unit | None) -> UnitDiff:
    lines = diff_lines(old.lines if old else [], new.lines if new else [])
    if old is None or new is None:
        status = "added" if old is None else "removed"
    elif any(line.status != "equal" for line in lines):
        status = "changed"
    else:
        status = "renumbered" if old.label != new.label else "equal"
    return UnitDiff((new or old).key, old.label if old else "", new.label if new else "", status, lines)


def _chunk_diff(old: Chunk | None, new: Chunk | None) -> ChunkDiff:
    """An added (removed) chunk: every unit added (removed), its heading wholly inserted (deleted)."""
    units = [_unit_diff(a, b) for a, b in align_items(old.units if old else [], new.units if new else [],
                                                      attrgetter("key"))]
    heading = word_diff(old.heading if old else "", new.heading if new else "")
    if old is None or new is None:
        status = "added" if old is None else "removed"
    elif old.title != new.title or any(u.status in ("changed", "added", "removed") for u in units):
        status = "changed"
    elif old.number != new.number or any(u.status == "renumbered" for u in units):
        status = "renumbered"
    else:
        status = "unchanged"
    chunk = new or old
    return ChunkDiff(chunk.kind, chunk.key, old, new, status, heading, units)


# ---------------------------------------------------------------- registry

def _party_records(doc: Document) -> dict[str, dict[str, str]]:
    """Per party: how it is named among the ondergetekenden and in its signature block."""
    records: dict[str, dict[str, str]] = {}
    if doc.ondergetekenden is not None:
        for section in doc.ondergetekenden.sections:
            for block in section.blocks:
                if isinstance(block, PartyList):
                    for entry in block.entries:
                        records.setdefault(entry.party_id, {})["aanhef"] = entry.text
    for block in doc.signature_blocks():
        record = records.setdefault(block.party_id, {})
        record["naam"] = block.organisation
        record["vertegenwoordiger"] = block.representative
    return records


def _particulars(record: dict[str, str]) -> str:
    """A party's entry among the ondergetekenden without its name, which it starts with
    ("Stad;" under "Gemeente Stad"): seat, address and representative."""
    aanhef, words = record.get("aanhef", ""), record.get("naam", "").split(" ")
    for start in range(len(words)):
        name = " ".join(words[start:])
        if name and aanhef.startswith(name):
            return aanhef[len(name):]
    return aanhef


def registry_changes(old: Document, new: Document) -> list[str]:
    """Changes of the party registry between two documents, in Dutch.

    Who is a party comes from the signing order (party_ids); how a party is named, from its
    entry among the ondergetekenden and its signature block, which a convenant may lack."""
    before, after = _party_records(old), _party_records(new)
    members_before, members_after = set(old.party_ids), set(new.party_ids)
    common_old = [p for p in old.party_ids if p in members_after]
    common_new = [p for p in new.party_ids if p in members_before]
    out = [f"{after.get(pid, {}).get('naam', pid)}: toegevoegd als Partij"
           for pid in new.party_ids if pid not in members_before]
    out += [f"{before.get(pid, {}).get('naam', pid)}: {new.leaving.get(pid, 'geen Partij meer')}"
            for pid in old.party_ids if pid not in members_after]
    out += [f"{after.get(pid, {}).get('naam', pid)}: {new.leaving[pid]}"
            for pid in new.party_ids if pid in new.leaving and old.leaving.get(pid) != new.leaving[pid]]
    for pid in common_new:
        a, b = before.get(pid, {}), after.get(pid, {})
        name = b.get("naam", pid)
        if a.get("naam") != b.get("naam"):
            out.append(f"{a.get('naam', pid)}: naam gewijzigd in {name}")
        if a.get("vertegenwoordiger") != b.get("vertegenwoordiger"):
            out.append(f"{name}: vertegenwoordiger {a.get('vertegenwoordiger') or '(geen)'} "
                       f"→ {b.get('vertegenwoordiger') or '(geen)'}")
        elif _particulars(a) != _particulars(b):  # not when only the name changed
            out.append(f"{name}: gegevens bij de ondergetekenden gewijzigd (adres of zetel)")
    if common_old != common_new:
        out.append("volgorde van ondertekening gewijzigd")
    return out


# ---------------------------------------------------------------- the comparison

@dataclass
class Redline:
    """Everything a redline output shows: sides, per-chunk differences, the consequence."""

    region: str
    old_label: str
    new_label: str
    old_doc: Document
    new_doc: Document
    chunks: list[ChunkDiff]
    registry: list[str]
    old_meta: dict = field(default_factory=dict)
    """Author and date of the old side's commit (keys "author", "date"), if any."""
    new_meta: dict = field(default_factory=dict)
    references: object = None
    """What happened to the cross-references (lint.moved.ReferenceChanges), when known: the
    "Verwijzingen" of every output."""

    @property
    def text_changed(self) -> bool:
        return self.old_doc.fingerprint != self.new_doc.fingerprint

    @property
    def resign_required(self) -> bool:
        """21.2: every change of the convenant's text requires every party to sign again."""
        return self.text_changed

    def changed(self) -> list[ChunkDiff]:
        return [c for c in self.chunks if c.status != "unchanged"]

    def unchanged_summary(self) -> str:
        """"artikel 1–3, 5–25; bijlage 1–5": unchanged articles and annexes collapsed."""
        unchanged = [c for c in self.chunks if c.status == "unchanged"]
        parts = []
        for kind, word in (("article", "artikel"), ("annex", "bijlage")):
            numbers = [int(c.new.number) for c in unchanged if c.kind == kind and c.new.number.isdigit()]
            if numbers:
                parts.append(f"{word} {_ranges(numbers)}")
            parts.extend(c.new.title for c in unchanged if c.kind == kind and not c.new.number)
        return "; ".join(parts + [c.name.lower() for c in unchanged if c.kind == "part"])

    def consequence(self) -> list[str]:
        """What the change means for the parties (21.2, 21.3), in Dutch."""
        if self.resign_required:
            resign = self.new_doc.cite("wijzigingen", "ondertekening", "artikel 21.2")
            withdraw = self.new_doc.cite("wijzigingen", "opzegging", "artikel 21.3")
            return [
                f"De tekst van het convenant is gewijzigd. Op grond van {resign} moeten alle "
                f"{len(self.new_doc.party_ids)} Partijen het gewijzigde Convenant opnieuw ondertekenen.",
                f"Op grond van {withdraw} kan iedere Partij die de wijziging onaanvaardbaar vindt, "
                "haar deelname schriftelijk opzeggen met ingang van het tijdstip waarop het "
                "gewijzigde Convenant van kracht wordt.",
            ]
        if self.registry:
            return ["Alleen het partijenregister is gewijzigd (vertegenwoordiging, adressen of "
                    "partijen); de tekst van het convenant is gelijk gebleven. Opnieuw "
                    "ondertekenen is niet nodig."]
        return ["Geen wijzigingen: de tekst en het partijenregister zijn gelijk."]


def _ranges(numbers: list[int]) -> str:
    numbers = sorted(numbers)
    out, start = [], numbers[0]
    for prev, cur in zip(numbers, numbers[1:] + [None]):
        if cur != prev + 1:
            out.append(str(start) if start == prev else f"{start}–{prev}")
            start = cur
    return ", ".join(out)


def compare(old: Document, new: Document, old_label: str = "oud", new_label: str = "nieuw",
            **meta) -> Redline:
    """The renvooi between two documents of one region."""
    diffs = [_chunk_diff(a, b) for a, b in align_items(chunks(old), chunks(new), attrgetter("kind", "key"))]
    return Redline(new.region, old_label, new_label, old, new, diffs,
                   registry_changes(old, new), **meta)
