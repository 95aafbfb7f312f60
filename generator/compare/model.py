"""The model of a comparison of regions (see generator.compare) and what builds it."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from ..canonical import Chunk, Unit, chunk_name, chunks
from ..dates import dutch_date
from ..model.document import Document
from ..redline import word_similarity
from ..wording import join_en
from .alignment import (LineRow, joined_words, merge_order, pair_by_text, side_by_side, unique_keys,
                        unit_text)

IDENTICAL, VARIANT, PARTIAL = "identical", "variant", "partial"
"""Status of an article or lid: the same text in every region, present in every region with
different texts, or absent from some regions."""

SHARED, ABSENT = "shared", "absent"
"""Matrix cells (with VARIANT): the region's text is that of at least one other region, its
text is its own, the region has no such article."""

CELL_WORDS = {SHARED: "gedeeld", VARIANT: "variant", ABSENT: "—"}
"""Matrix cells in Dutch (with the letter of the text: equal letters, equal texts)."""

SEAT_TERM = "zetelgemeente"
"""The regional term that names the seat (centrumgemeente) of the Zorg- en Veiligheidshuis."""

KEY_LEDEN = {"organen": "Organen", "samenstelling": "Samenstelling",
             "frequentie": "Vergaderfrequentie"}
"""Leden shown side by side among the key parameters, by lid id: the bodies of the structure,
the composition of the bodies (roles) and how often they meet."""


def percent(value: float | None) -> str:
    """0.456 → "46%"; a value just below 1 never rounds up to a misleading 100%."""
    if value is None:
        return ""
    number = int(value * 100 + 0.5)
    if number == 100 and value < 1:
        number = 99
    return f"{number}%"


def _similarity(texts: dict[str, str]) -> float | None:
    """Mean word-level similarity (difflib ratio on words) over every pair of the regions that
    have the text; None when only one region has it."""
    pairs = list(itertools.combinations(texts, 2))
    if not pairs:
        return None
    return sum(word_similarity(texts[a], texts[b]) for a, b in pairs) / len(pairs)


def _status(texts: dict, regions: list[str]) -> str:
    """PARTIAL where some region does not have it, else IDENTICAL or VARIANT by the texts."""
    if len(texts) < len(regions):
        return PARTIAL
    return IDENTICAL if len(set(texts.values())) == 1 else VARIANT


def per_region(values: dict[str, str], blank: str = "—") -> str:
    """The value the regions share, else each region's: "4.3 (zhz) / 4.2 (haaglanden)" (``blank``
    for an empty value)."""
    distinct = set(values.values())
    if len(distinct) == 1:
        return distinct.pop()
    return " / ".join(f"{value or blank} ({r})" for r, value in values.items())


class _InRegions:
    """What some of the regions have: the field named ``_by_region`` maps every region to its
    part, None where the region does not have it; ``status`` is IDENTICAL, VARIANT or PARTIAL."""

    _by_region = ""

    @property
    def present(self) -> list[str]:
        return [r for r, x in getattr(self, self._by_region).items() if x is not None]

    @property
    def absent(self) -> list[str]:
        return [r for r, x in getattr(self, self._by_region).items() if x is None]

    def status_label(self) -> str:
        if self.status == IDENTICAL:
            return "identiek"
        if self.status == VARIANT:
            return "regionale variant"
        return f"alleen in {join_en(self.present)}"


@dataclass
class LidRow(_InRegions):
    """A lid (or section of a bijlage) across the regions."""

    units: dict[str, Unit | None]
    status: str
    similarity: float | None
    """0-1, among the regions that have the lid; None when only one has it."""
    terms_only: bool = False
    """A variant whose texts are equal once every region's term values are read as the terms."""
    lines: list[LineRow] = field(default_factory=list)
    """The side-by-side view: the regions' lines aligned, words marked against the reference."""
    unnamed: str = "tekst"
    """The name of a lid without id and number: "aanhef" for an article's opening."""
    _by_region = "units"

    @property
    def keys(self) -> list[str]:
        """The lid ids, each once: more than one when paired by textual match."""
        return list(dict.fromkeys(u.key for u in self.units.values() if u is not None))

    @property
    def matched_by_text(self) -> bool:
        return len(self.keys) > 1

    @property
    def number(self) -> str:
        """"4.3", or "4.3 (zhz) / 4.2 (haaglanden)" when the regions number it differently."""
        return per_region({r: self.units[r].label for r in self.present})

    @property
    def name(self) -> str:
        """"4.3 frequentie"; "aanhef" for an article's opening, "tekst" for an unnamed section."""
        ids = " / ".join(k for k in self.keys if k)
        return f"{self.number} {ids}".strip() or self.unnamed


@dataclass
class ArticleComparison(_InRegions):
    """An article, bijlage or part (overwegingen, slot) across the regions."""

    kind: str
    """"article", "annex" or "part"."""
    key: str
    """The clause id."""
    chunks: dict[str, Chunk | None]
    status: str
    similarity: float | None
    """0-1 (words of the title and every lid), among the regions that have it; None when only
    one region has it."""
    rows: list[LidRow]
    groups: dict[str, str]
    """Per region a letter ("A", "B", ...): regions with the same letter have the same text;
    "" where the region does not have it."""
    terms_only: bool = False
    _by_region = "chunks"

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.key}"

    @property
    def reference(self) -> str:
        return self.present[0]

    @property
    def numbers(self) -> dict[str, str]:
        return {r: self.chunks[r].number for r in self.present}

    @property
    def renumbered(self) -> bool:
        """Articles or leden numbered differently in the regions (not a difference of text)."""
        if len(set(self.numbers.values())) > 1:
            return True
        return any(len({row.units[r].label for r in row.present}) > 1 for row in self.rows)

    @property
    def name(self) -> str:
        """"Artikel 4", "Artikel 4/5" where the regions number it differently, "Bijlage 3",
        "Overwegingen"."""
        return chunk_name(self.kind, self.key, self.title, list(dict.fromkeys(self.numbers.values())))

    @property
    def numbering(self) -> str:
        """"zhz 4, haaglanden 5" where the regions number it differently, else ""."""
        numbers = self.numbers
        if len(set(numbers.values())) < 2:
            return ""
        return ", ".join(f"{r} {n or 'zonder nummer'}" for r, n in numbers.items())

    @property
    def title(self) -> str:
        """The title; the regions' titles joined by " / " where they differ."""
        return " / ".join(dict.fromkeys(self.chunks[r].title for r in self.present
                                        if self.chunks[r].title))

    @property
    def heading(self) -> str:
        name, title = self.name, self.title
        return f"{name} {title}" if title and title != name else name

    def cell(self, region: str) -> str:
        """The matrix cell of a region: SHARED, VARIANT or ABSENT."""
        letter = self.groups.get(region, "")
        if not letter:
            return ABSENT
        return SHARED if list(self.groups.values()).count(letter) > 1 else VARIANT

    def lid_counts(self) -> list[str]:
        """"3 identiek, 2 regionale variant, 1 alleen in zhz": the leden by status."""
        return [f"{n} {label}" for label, n in Counter(r.status_label() for r in self.rows).items()]


class _Neutral:
    """Reads a region's term values back as {{term}}, to see whether only the terms differ."""

    def __init__(self, terms: dict[str, str]):
        by_value: dict[str, str] = {}
        for name, value in terms.items():
            if value.strip():
                by_value.setdefault(value, name)
        self.names = by_value
        values = sorted(by_value, key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(v) for v in values) + r")(?!\w)") \
            if values else None

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: "{{" + self.names[m.group(1)] + "}}", text)

    def lines(self, text: tuple) -> tuple:
        """A lid's text (``unit_text``) with the terms read back."""
        return tuple((depth, self(line)) for depth, line in text)


def _lid_row(regions: list[str], units: dict[str, Unit | None], neutral: dict[str, _Neutral],
             unnamed: str) -> LidRow:
    texts = {r: unit_text(u) for r, u in units.items() if u is not None}
    status = _status(texts, regions)
    words = {r: joined_words(t for _, t in text) for r, text in texts.items()}
    terms_only = status == VARIANT and len({neutral[r].lines(text) for r, text in texts.items()}) == 1
    return LidRow(units, status, _similarity(words), terms_only,
                  side_by_side(regions, units, len(regions) == 2), unnamed)


def compare_chunk(regions: list[str], found: dict[str, Chunk | None],
                  neutral: dict[str, _Neutral]) -> ArticleComparison:
    """Compare one article (bijlage, part) across the regions; ``found[r]`` None when absent."""
    present = [r for r in regions if found[r] is not None]
    chunk = found[present[0]]
    by_key = {r: dict(zip(unique_keys(found[r].units), found[r].units)) for r in present}
    rows = pair_by_text([{r: by_key[r].get(key) if r in by_key else None for r in regions}
                         for key in merge_order([list(by_key[r]) for r in present])])
    unnamed = "aanhef" if chunk.kind == "article" else "tekst"
    lid_rows = [_lid_row(regions, units, neutral, unnamed) for units in rows]
    # What is compared of the article: its title and the text of every lid.
    texts = {r: (found[r].title, tuple(unit_text(u) for u in found[r].units)) for r in present}
    letters: dict[tuple, str] = {}
    groups = {r: letters.setdefault(texts[r], chr(ord("A") + len(letters))) if r in texts else ""
              for r in regions}
    status = _status(texts, regions)
    terms_only = status == VARIANT and len({
        (neutral[r](title), tuple(map(neutral[r].lines, leden))) for r, (title, leden) in texts.items()}) == 1
    words = {r: joined_words([title] + [t for lid in leden for _, t in lid])
             for r, (title, leden) in texts.items()}
    return ArticleComparison(chunk.kind, chunk.key, found, status, _similarity(words),
                             lid_rows, groups, terms_only)


# ---------------------------------------------------------------- terms, parameters, parties

@dataclass
class ValueRow:
    """A term or key parameter: its value per region (None where the region has none)."""

    label: str
    values: dict[str, str | None]

    @property
    def same(self) -> bool:
        return len(set(self.values.values())) == 1


@dataclass
class KeyText:
    """A lid shown side by side among the key parameters (bodies, composition, meetings)."""

    label: str
    article: ArticleComparison
    row: LidRow


@dataclass
class PartyRow:
    id: str
    names: dict[str, str | None]
    """The party's name as each region's convenant writes it; None where it is no party."""
    soort: str = ""

    @property
    def present(self) -> list[str]:
        return [r for r, n in self.names.items() if n is not None]

    @property
    def name(self) -> str:
        """The name; with the regions' spellings where they differ."""
        return per_region({r: self.names[r] for r in self.present}, blank="")


@dataclass
class PartyGroup:
    regions: list[str]
    """The regions whose party these are (all of them for the parties in common)."""
    label: str
    parties: list[PartyRow]


def _duration(doc: Document) -> dict[str, str | None]:
    """The term of the convenant (art. 23) as the manifest's ``duur`` gives it."""
    d = doc.manifest.duur
    if d is None:
        return {"Inwerkingtreding": None, "Looptijd": None, "Verlenging": None}
    start = "bij ondertekening" if d.inwerkingtreding == "ondertekening" else \
        f"op {dutch_date(d.inwerkingtreding)}"
    return {
        "Inwerkingtreding": start,
        "Looptijd": ("ten minste " if d.ten_minste else "") + f"{d.looptijd_jaren} jaar",
        "Verlenging": f"telkens met {d.verlenging_jaren} jaar",
    }


def _parameters(regions: list[str], documents: dict[str, Document], parties: dict) -> list[ValueRow]:
    values: dict[str, dict[str, str | None]] = {}

    def put(label, region, value):
        values.setdefault(label, {})[region] = value

    for region in regions:
        doc = documents[region]
        manifest = doc.manifest
        put("Naam", region, doc.zvh or manifest.zvh)
        put("Zetel", region, manifest.termen.get(SEAT_TERM))
        for label, value in _duration(doc).items():
            put(label, region, value)
        sec = manifest.secretariaat
        put("Secretariaat", region, f"{sec.functie}, {sec.plaats}" if sec else None)
        put("Artikelen", region, str(len(doc.articles)))
        put("Bijlagen", region, str(len(doc.annexes)))
        kinds = [parties[p].soort if p in parties else "" for p in doc.party_ids]
        put("Partijen", region, f"{len(doc.party_ids)} ({kinds.count('gemeente')} gemeenten, "
                                f"{kinds.count('organisatie')} organisaties)")
    return [ValueRow(label, {r: v.get(r) for r in regions}) for label, v in values.items()]


def _terms(regions: list[str], documents: dict[str, Document]) -> list[ValueRow]:
    names = list(dict.fromkeys(n for r in regions for n in documents[r].manifest.termen))
    return [ValueRow(name, {r: documents[r].manifest.termen.get(name) for r in regions})
            for name in names]


def _parties(regions: list[str], documents: dict[str, Document], parties: dict) -> list[PartyGroup]:
    order = merge_order([documents[r].party_ids for r in regions])
    rows = []
    for pid in order:
        party = parties.get(pid)
        names = {r: (party.name_in(documents[r].region) if party else pid)
                 if pid in documents[r].party_ids else None for r in regions}
        rows.append(PartyRow(pid, names, party.soort if party else ""))
    groups: dict[tuple, list[PartyRow]] = {}
    for row in rows:
        groups.setdefault(tuple(row.present), []).append(row)
    everyone = tuple(regions)
    both = "In beide" if len(regions) == 2 else f"In alle {len(regions)}"
    ordered = sorted(groups, key=lambda k: (k != everyone, -len(k), [regions.index(r) for r in k]))
    return [PartyGroup(list(k), both if k == everyone else f"Alleen in {join_en(list(k))}", groups[k])
            for k in ordered]


def _key_texts(items: list[ArticleComparison]) -> list[KeyText]:
    """The articles' leden named in KEY_LEDEN, in its order (a lid by its first such id)."""
    found = []
    for article in (item for item in items if item.kind == "article"):
        for row in article.rows:
            key = next((k for k in row.keys if k in KEY_LEDEN), None)
            if key is not None:
                title = article.chunks[article.reference].title
                found.append(KeyText(f"{KEY_LEDEN[key]}: {title}", article, row))
    order = list(KEY_LEDEN)
    return sorted(found, key=lambda k: order.index(next(x for x in k.row.keys if x in KEY_LEDEN)))


# ---------------------------------------------------------------- the comparison

@dataclass
class Comparison:
    regions: list[str]
    """The columns: region names, or the labels of points in time ("zhz (versie 1)"); each
    document knows its region (Document.region)."""
    documents: dict[str, Document]
    items: list[ArticleComparison]
    """Overwegingen, the articles, the slot and the bijlagen, in reading order."""
    terms: list[ValueRow]
    parameters: list[ValueRow]
    key_texts: list[KeyText]
    parties: list[PartyGroup]
    file_name: str = ""
    """The file name of the outputs when the columns are not plain region names (points in
    time: generator.commands.compare_points)."""

    @property
    def reference(self) -> str:
        return self.regions[0]

    @property
    def name(self) -> str:
        """"zhz-haaglanden": the file name of the outputs."""
        return self.file_name or "-".join(self.regions)

    def of_kind(self, kind: str) -> list[ArticleComparison]:
        return [item for item in self.items if item.kind == kind]

    def find(self, key: str) -> ArticleComparison | None:
        return next((item for item in self.items if item.key == key), None)

    def differing(self) -> list[ArticleComparison]:
        return [item for item in self.items if item.status != IDENTICAL]

    def counts(self, kind: str) -> str:
        """"25, waarvan 4 identiek, 21 regionale variant": the articles (or bijlagen) by status."""
        items = self.of_kind(kind)
        counts = {"identiek": 0, "regionale variant": 0} | Counter(i.status_label() for i in items)
        return f"{len(items)}, waarvan " + ", ".join(f"{n} {label}" for label, n in counts.items())

    def summary(self) -> list[str]:
        """The summary lines, in Dutch."""
        lines = [f"Artikelen: {self.counts('article')}"]
        if self.of_kind("annex"):
            lines.append(f"Bijlagen: {self.counts('annex')}")
        parts = self.of_kind("part")
        if parts:
            lines.append("Overige onderdelen: " + "; ".join(
                f"{p.name.lower()} {p.status_label()}" for p in parts))
        lines.append("Partijen: " + ", ".join(
            f"{len(g.parties)} {g.label[0].lower() + g.label[1:]}" for g in self.parties))
        return lines


def compare_documents(documents: dict[str, Document], parties: dict | None = None) -> Comparison:
    """Compare the assembled documents of two or more regions (in the order of ``documents``).

    ``parties``: the party registry (Project.parties), for the parties' names and kinds.
    """
    regions = list(documents)
    if len(regions) < 2:
        raise ValueError("a comparison needs two or more regions")
    parties = parties or {}
    found = {r: {(c.kind, c.key): c for c in chunks(documents[r]) if c.key != "titel"}
             for r in regions}
    order = merge_order([list(found[r]) for r in regions])
    neutral = {r: _Neutral(documents[r].manifest.termen) for r in regions}
    items = [compare_chunk(regions, {r: found[r].get(key) for r in regions}, neutral)
             for key in order]
    return Comparison(regions, documents, items, _terms(regions, documents),
                      _parameters(regions, documents, parties), _key_texts(items),
                      _parties(regions, documents, parties))
