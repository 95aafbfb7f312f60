"""`convenant lint`: drafting checks on each region's assembled text.

The checks read the text as assembled for a region (variants chosen, ``{{term}}`` substituted,
leden and list items numbered) but with ``{{ref:...}}`` still symbolic, so that a symbolic
reference (checked by assembly already) is never mistaken for a literal one. Nothing here
imports PDF or DOCX machinery.

Output
------
Every finding is one line ``path:line: PLACE: message``: ``path`` relative to the data root,
``line`` the 1-based line in that file, ``PLACE`` where the text stands in the region's
numbering: ``artikel 4.2`` (a lid), ``artikel 24`` (an unnumbered only lid, a preamble or the
title), ``bijlage 2``, ``bijlage toelichting-mandaat`` (an unnumbered annex, by clause id),
``ondergetekenden``, ``overwegingen`` or ``slot``. :meth:`LintReport.lines` prints the line
``errors:`` followed by the errors, then ``warnings:`` followed by the warnings (a heading only
when there is something under it); the finding lines themselves carry no prefix, so an editor's
``path:line:`` parser picks them up as they are.

The same finding in several regions is printed once. When more than one region is linted and a
finding does not hold in every one of them, the message ends with the regions it holds in:
``(zhz)``. The same text may stand at another number in another region; it is then one line per
region, each with its region.

Errors are what is certainly wrong: a reference to something that does not exist or that
cannot be read, a term defined twice in Artikel 1, a lid, bijlage or part with no text.
Warnings come from heuristics and need a reader's judgement. The exit status is 1 when there
are errors.

Checks and their rules
----------------------
*Cross-references* (literal; symbolic ``{{ref:...}}`` are checked by assembly). A reference
starts at ``artikel``/``artikelen``/``art.``, ``bijlage`` or ``lid`` followed by a number:
``artikel 8.4, onder a``, ``Artikel 2.2., onder a en b``, ``artikel 12.2 a tot en met g``,
``artikel 16, lid 2``, ``Artikel 6.6,6.7 en 6.8 onder c``, ``lid 4`` (a lid of the same
article), ``Bijlage 1``. Also ``onder 2.1`` (a lid) and ``onder a.`` / ``sub c`` (an item of a
lettered list in the same lid). Error when the article, lid, item or bijlage does not exist in
the region; error when the number cannot be read (``Artikel 2,3``: 2.3, or 2 and 3?); warning
for a stray full stop (``artikel. 4.4``) whose target is then still checked.

A reference is *external* (not checked) when it names another document: a number with a colon
(``art. 10:1 Awb``); a capitalised name right after it (``171, tweede lid Gemeentewet``);
``van`` + a name other than (dit/het) Convenant right after it (``artikel 2 van de Wet ...``);
or a law, regulation or protocol (a capitalised word ending in ``wet``, ``Wetboek``, ``Awb``,
``AVG``, ``Verordening``, ``Protocol(len)``, ``Besluit``, ``Regeling``, ``Reglement``) among the
three words before it. A colon after a reference does not make it external:
``voor de doeleinden zoals beschreven in Artikel 2.2., onder a en b: Privacy Protocol ...``
names this convenant's artikel 2 (its functies and taken are the purposes those protocols
govern) and is checked. In a bijlage with its own ``### Artikel N`` subheadings (a decree),
``artikel N`` refers to those subheadings.

A reference in a definition of Artikel 1 (literal or symbolic) must point to text that mentions
the defined term (or its abbreviation), case-insensitively; a reference naming several targets
needs one of them to. When none does while another lid of the same article (another article,
another bijlage) does, it is a warning: the text the reference pointed to has probably moved.

*Defined terms.* Artikel 1's definitions are its paragraphs that open with the term in italics
or bold followed by ``:``, optionally with ``(hierna te noemen X)`` giving an abbreviation.
In-text definitions are quoted terms (‘Partij’, "Partij") in a paragraph with ``hierna``,
``te noemen``, ``aangeduid als`` or ``aangehaald als``. Warning: an Artikel 1 term (nor its
abbreviation) used nowhere else in the region, plural and other inflections (-s, -n, -en,
doubled consonant + en, -s to -zen) included. Error: one term defined twice in Artikel 1;
warning: one term defined twice in text outside Artikel 1 (an in-text definition repeating an
Artikel 1 term, like ‘RTO’ where the body is set up, is normal drafting).

Warning: a word or phrase capitalised mid-sentence like a defined term but not defined in the
region. To keep proper names out, it counts only when (a) the same word or phrase is written
in lowercase somewhere in the clause texts (of any region), or (b) it follows an indefinite
determiner (een, elke, iedere, ieder, één, geen) - a proper name never does. Consecutive
capitalised words (joined by van, voor, de, der, des, het, en, en/of) are one name. Not reported:
defined terms, regional terms (of any region), words of party names and bijlage titles, and a
name with one of those inside or at its end (a defined word opening it is dropped: in
``een Casus Aanmeldt`` the word is ``Aanmeldt``); a word or name followed by a word other than
a function word (an adjective in a name: ``Persoonsgerichte aanpak``, ``Landelijke Stuurgroep``);
a name opening with a public office (burgemeester, wethouder, college, gemeenteraad, officier,
politiechef, minister, staatssecretaris: capitalised by convention); words of fewer than four
letters, abbreviations (two capitals among the first three letters), artikel/bijlage/lid, and
anything at the start of a sentence, item or quotation. One finding per word (plurals
together), at its first use, with the number of uses.

*Terminology.* The manifests' ``termen`` name each region's word for a role or body. Warning:
another region's word for a term in this region's text (``Casusregisseur`` where this
convenant says ``Casuscoördinator``), at every paragraph where it stands; when the paragraph is
shared by several regions the message suggests the placeholder. Values that differ only in
capitalisation are one name. Warning: the last word of a several-word term used without the
rest (``het Veiligheidshuis``, ``Zorg en Veiligheidshuis`` for ``Zorg- en Veiligheidshuis``;
``Zorg- en Veiligheidshuis Zuid`` for ``Zuid-Holland Zuid``): a second name for the same body.
When that last word is capitalised in the term, only a capitalised use counts (``het overleg``
is the ordinary word, not ``Regionaal Overleg``); a name defined in Artikel 1 is a body of its
own (``Regionaal Tactisch Overleg``).

*Structure.* Error: a lid with no text for the region, a bijlage or part (ondergetekenden,
overwegingen, slot) in the manifest with no text for the region (an article with none is
reported by assembly). Error: ``Bijlage N`` where the region has no bijlage N. Warning: the
title of a bijlage (of several words) named in the text of a region that does not include it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import PLACEHOLDER_RE, REF_RE, Assembly, number, select_variants, substitute_terms
from .errors import Problems
from .model.blocks import Heading, Item, ListBlock, Paragraph, Run
from .model.document import Annex, Article, Document, Lid
from .project import Project

ERROR, WARNING = "error", "warning"


# ============================================================== findings and the report

@dataclass(frozen=True)
class Finding:
    """One drafting problem found in one region's text."""

    severity: str
    path: str
    line: int
    where: str
    """The place in the region's numbering: "artikel 4.2", "bijlage 1", "overwegingen"."""
    message: str
    region: str = ""


@dataclass
class ReportLine:
    """A finding as printed: the same finding of several regions merged."""

    severity: str
    path: str
    line: int
    where: str
    message: str
    regions: tuple[str, ...]

    def text(self, linted: list[str]) -> str:
        suffix = ""
        if len(linted) > 1 and set(self.regions) != set(linted):
            suffix = f" ({', '.join(r for r in linted if r in self.regions)})"
        return f"{self.path}:{self.line}: {self.where}: {self.message}{suffix}"


class LintReport:
    """Findings of one lint run: ``errors`` and ``warnings`` (merged over regions)."""

    def __init__(self, regions: list[str], findings: list[Finding]):
        self.regions = list(regions)
        merged: dict[tuple, list[str]] = {}
        for f in findings:
            key = (f.severity, f.path, f.line, f.where, f.message)
            regions_of = merged.setdefault(key, [])
            if f.region not in regions_of:
                regions_of.append(f.region)
        items = [ReportLine(*key, tuple(r)) for key, r in merged.items()]
        items.sort(key=lambda x: (x.path, x.line, x.where, x.message))
        self.errors = [x for x in items if x.severity == ERROR]
        self.warnings = [x for x in items if x.severity == WARNING]

    def lines(self) -> list[str]:
        out = []
        for title, group in (("errors:", self.errors), ("warnings:", self.warnings)):
            if group:
                out.append(title)
                out.extend(x.text(self.regions) for x in group)
        return out

    def summary(self) -> str:
        def count(n, word):
            return f"{n} {word}{'s' if n != 1 else ''}"
        return (f"{count(len(self.errors), 'error')}, {count(len(self.warnings), 'warning')} "
                f"in {', '.join(self.regions)}")


# ============================================================== the region's text

REF_MARK = "\u00a7"
"""Stands in for a symbolic reference in the text scanned for literal ones."""


@dataclass
class Scope:
    """What a paragraph belongs to: an article's lid or preamble, or a section of an annex/part."""

    article: Article | None = None
    lid: Lid | None = None
    annex: Annex | None = None
    blocks: list = field(default_factory=list)
    """The blocks of the lid or section (for items referred to as ``onder a``)."""


@dataclass
class Para:
    """One paragraph, list item, subheading or title of a region's text."""

    path: Path
    line: int
    where: str
    text: str
    """The text with symbolic references replaced by their number."""
    scan: str
    """The text with symbolic references replaced by REF_MARK."""
    refs: list[str]
    """Targets of the symbolic references ("clause.lid.item")."""
    kind: str
    """"p" paragraph, "item" first paragraph of a list item, "h" subheading, "title"."""
    scope: Scope
    emphasis: str = ""
    """The paragraph's leading italic or bold text (a defined term in Artikel 1)."""


@dataclass
class RegionText:
    region: str
    project: Project
    doc: Document
    numbers: dict[str, str]
    """Reference target ("clause.lid.item") → number, as assembly numbered it."""
    paras: list[Para]
    rel: Callable[[Path], str]
    """Project.rel: a path as findings name it."""

    def article(self, n: int) -> Article | None:
        return self.doc.articles[n - 1] if 1 <= n <= len(self.doc.articles) else None

    def annex(self, n: int) -> Annex | None:
        for annex in self.doc.annexes:
            if annex.number == n:
                return annex
        return None


def _runs_text(runs, numbers) -> tuple[str, str, list[str]]:
    text = "".join(r.text for r in runs)
    refs: list[str] = []

    def shown(m):
        match = REF_RE.match(m.group(1).strip())
        if not match:
            return m.group(0)
        refs.append(match.group(1))
        return numbers.get(match.group(1), "")

    def masked(m):
        return REF_MARK if REF_RE.match(m.group(1).strip()) else m.group(0)

    return PLACEHOLDER_RE.sub(shown, text), PLACEHOLDER_RE.sub(masked, text), refs


def _leading_emphasis(runs) -> str:
    for run in runs:
        if not run.text.strip():
            continue
        return run.text.strip() if (run.italic or run.bold) else ""
    return ""


def region_text(project: Project, region: str) -> RegionText:
    """Assemble ``region`` up to numbering (references stay symbolic) and list its paragraphs."""
    asm = Assembly(project, region, Problems(project.root))
    for step in (select_variants, substitute_terms, number):
        step(asm)
    doc, numbers = asm.document, asm.numbers
    paras: list[Para] = []

    def add(runs, path, line, where, kind, scope):
        text, scan, refs = _runs_text(runs, numbers)
        paras.append(Para(path, line, where, text, scan, refs, kind, scope, _leading_emphasis(runs)))

    def walk(blocks, path, where, scope):
        for block in blocks:
            if isinstance(block, Paragraph):
                add(block.runs, path, block.line, where, "p", scope)
            elif isinstance(block, Heading):
                add(block.runs, path, block.line, where, "h", scope)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    for k, inner in enumerate(item.blocks):
                        if k == 0 and isinstance(inner, Paragraph):
                            add(inner.runs, path, inner.line or item.line, where, "item", scope)
                        else:
                            walk([inner], path, where, scope)

    def title(text, path, line, where, scope):
        if text:
            add([Run(text)], path, line, where, "title", scope)

    for label, part in (("ondergetekenden", doc.ondergetekenden), ("overwegingen", doc.overwegingen)):
        if part is not None:
            for section in part.sections:
                walk(section.blocks, part.path, label, Scope(blocks=section.blocks))
    for article in doc.articles:
        where = f"artikel {article.number}"
        clause = project.clauses[article.id]
        title(article.title, article.path, clause.title_line, where, Scope(article=article))
        walk(article.preamble, article.path, where, Scope(article=article, blocks=article.preamble))
        for lid in article.leden:
            walk(lid.blocks, article.path, f"artikel {lid.number}" if lid.number else where,
                 Scope(article=article, lid=lid, blocks=lid.blocks))
    if doc.slot is not None:
        for section in doc.slot.sections:
            walk(section.blocks, doc.slot.path, "slot", Scope(blocks=section.blocks))
    for annex in doc.annexes:
        where = annex_place(annex)
        title(annex.title, annex.path, project.clauses[annex.id].title_line, where, Scope(annex=annex))
        for section in annex.sections:
            walk(section.blocks, annex.path, where, Scope(annex=annex, blocks=section.blocks))
    return RegionText(region, project, doc, numbers, paras, project.rel)


def annex_place(annex: Annex) -> str:
    return f"bijlage {annex.number}" if annex.number is not None else f"bijlage {annex.id}"


def _plain(blocks, numbers) -> str:
    """All text of some blocks, symbolic references shown as numbers."""
    out = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            out.append(_runs_text(block.runs, numbers)[0])
        elif isinstance(block, ListBlock):
            for item in block.items:
                out.append(_plain(item.blocks, numbers))
    return "\n".join(out)


def _letter_items(blocks) -> dict[str, Item]:
    """Items of the lettered lists in ``blocks`` (nested ones too), by letter."""
    found: dict[str, Item] = {}
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                if block.style == "letters" and item.letter:
                    found.setdefault(item.letter, item)
                found.update({k: v for k, v in _letter_items(item.blocks).items() if k not in found})
    return found


def _find_item(blocks, item_id: str) -> Item | None:
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                if item.id == item_id:
                    return item
                inner = _find_item(item.blocks, item_id)
                if inner is not None:
                    return inner
    return None


# ============================================================== word matching

INFLECTION = r"(?:s|n|en|'s|’s|[bdfgklmnprst]en)?"
"""Plural and similar endings: Partij-en, Casus-sen, Casusoverleg-gen, Derde-n, Manager-s."""


def term_pattern(term: str) -> str:
    """A regex for ``term`` as a word or phrase, flexible spaces, inflections allowed: plural
    endings, -s to -zen (huis, huizen), and the singular of a plural (Gemeenten, Gemeente)."""
    words = term.split()
    last = words[-1]
    forms = [last]
    if last.endswith("s"):
        forms.append(last[:-1] + "zen")
    if len(last) >= 5 and last.endswith("en"):
        forms += [last[:-1], last[:-2]]
    elif len(last) >= 5 and last.endswith(("n", "s")):
        forms.append(last[:-1])
    head = "".join(re.escape(w) + r"\s+" for w in words[:-1])
    body = head + "(?:" + "|".join(re.escape(f) for f in forms) + ")"
    return rf"(?<![\w-]){body}{INFLECTION}(?![\w])"


def compile_terms(terms) -> re.Pattern | None:
    terms = sorted({t for t in terms if t and t.strip()}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile("|".join(term_pattern(t) for t in terms), re.IGNORECASE)


def mentions(text: str, terms) -> bool:
    pattern = compile_terms(terms)
    return bool(pattern and pattern.search(text))


# ============================================================== cross-references

ORDINALS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6,
            "zevende": 7, "achtste": 8, "negende": 9, "tiende": 10}
TRIGGER_RE = re.compile(r"(?<![\w.])(artikelen|artikel|art\.|bijlagen|bijlage|lid)(?![\w])",
                        re.IGNORECASE)
NUM_RE = re.compile(r"\d+(?:[.,:]\d+)*\.?")
SEP_RE = re.compile(r"\s*,?\s*(?:en|of|tot en met|t/m)\s+|\s*,\s*")
LID_RE = re.compile(r"\s*,?\s*(?:lid\s+(\d+)\b|(" + "|".join(ORDINALS) + r")\s+lid\b)", re.IGNORECASE)
LETTER_RE = re.compile(r"\s*,?\s*(?:(onder|sub)\s+)?([a-z])(?:\.(?!\w))?(?=[\s,;:.)]|$)")
MORE_LETTER_RE = re.compile(r"\s*(,|en|of|tot en met|t/m|-|–)\s*([a-z])(?:\.(?!\w))?(?=[\s,;:.)]|$)")
RELATIVE_RE = re.compile(r"(?<![\w])(?:onder|sub)\s+(?:(\d+\.\d+)\b|([a-z])(?:\.(?!\w))?(?=[\s,;:)]|$))")
LAW_RE = re.compile(r"(?:\b[A-Z][a-z]*wet\b|\bWetboek\b|\bAwb\b|\bAVG\b|\bVerordening\b|"
                    r"\bProtocol(?:len)?\b|\bBesluit\b|\bRegeling\b|\bReglement\b)")
AFTER_NAME_RE = re.compile(r"\s*,?\s*(?:van\s+(?:de\s+|het\s+|der\s+)?)?([A-Z][\w-]*)")
AFTER_VAN_RE = re.compile(r"\s*,?\s*van\s+(?:de\s+|het\s+|der\s+)?(\w+)")


@dataclass
class Target:
    """One thing a reference names: an article, a lid, items of a lid, a bijlage."""

    kind: str
    """"article", "lid", "items", "annex", "annex-article"."""
    article: int | None = None
    lid: int | None = None
    letters: list[str] = field(default_factory=list)
    annex: int | None = None


@dataclass
class Reference:
    """A literal reference as found in a paragraph."""

    start: int
    end: int
    text: str
    targets: list[Target] = field(default_factory=list)
    external: bool = False
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(severity, message) found while reading it."""


def _letters(s: str, i: int, require: bool = False):
    """Letters after a number ("onder a en b", "a tot en met g"); (letters, end) or None."""
    m = LETTER_RE.match(s, i)
    if not m or (require and not m.group(1)):
        return None
    letters, end = [m.group(2)], m.end()
    while True:
        more = MORE_LETTER_RE.match(s, end)
        if not more:
            break
        if more.group(1) in ("tot en met", "t/m", "-", "–"):
            first, last = letters[-1], more.group(2)
            letters.extend(chr(c) for c in range(ord(first) + 1, ord(last) + 1))
        else:
            letters.append(more.group(2))
        end = more.end()
    return letters, end


def _split_number(token: str):
    """"2.2." → ["2.2"]; "6.6,6.7" → ["6.6", "6.7"]; None when it cannot be read."""
    token = token.rstrip(".")
    if ":" in token:
        return "external"
    if "," in token:
        parts = token.split(",")
        if all(re.fullmatch(r"\d+\.\d+", p) for p in parts):
            return parts
        return None
    return [token]


def _parse_at(s: str, trigger: re.Match) -> Reference | None:
    """Read the reference that starts with ``trigger``; None when no number follows."""
    word = trigger.group(1).lower()
    i = trigger.end()
    problems: list[tuple[str, str]] = []
    stray = re.match(r"\.\s*(?=\d)", s[i:]) if word != "art." else None
    if stray:
        problems.append((WARNING, "stray '.' after the word 'artikel'"))
        i += stray.end()
    if stray:
        m = NUM_RE.match(s, i)
    else:
        m = NUM_RE.match(s, i + 1) if s[i:i + 1] in (" ", "\u00a0") else None
    if not m:
        return None
    targets: list[Target] = []
    external = False
    while True:
        token = m.group(0)
        end = m.end()
        new: list[Target] = []
        parts = _split_number(token)
        if parts == "external":
            external = True
        elif parts is None:
            n = token.rstrip(".")
            problems.append((ERROR, f"does not parse: {n!r} is not an article or lid number "
                             f"({n.replace(',', '.')}? or {n.replace(',', ' and ')}?)"))
            letters = _letters(s, end)  # read on, so that its "onder a" is not taken apart
            end = letters[1] if letters else end
            break
        else:
            for part in parts:
                numbers = [int(x) for x in part.split(".")]
                if word.startswith("bijlage") and len(numbers) == 1:
                    new.append(Target("annex", annex=numbers[0]))
                elif word == "lid" and len(numbers) == 1:
                    new.append(Target("lid", lid=numbers[0]))
                elif word.startswith(("art", "artikel")) and len(numbers) <= 2:
                    new.append(Target("article", article=numbers[0]) if len(numbers) == 1 else
                               Target("lid", article=numbers[0], lid=numbers[1]))
                else:
                    problems.append((ERROR, f"does not parse: {word} {part!r}"))
        # a full stop after the number belongs to it ("2.2., onder a") or ends the sentence
        if token.endswith(".") and not re.match(r"\s*,|\s*(?:onder|sub)\b", s[end:]):
            end -= 1
        if new and not word.startswith("bijlage"):
            lid = LID_RE.match(s, end)
            if lid and word != "lid" and new[-1].kind == "article":
                n = int(lid.group(1)) if lid.group(1) else ORDINALS[lid.group(2).lower()]
                new[-1] = Target("lid", article=new[-1].article, lid=n)
                end = lid.end()
            letters = _letters(s, end)
            if letters:
                new[-1] = Target("items", article=new[-1].article, lid=new[-1].lid,
                                 letters=letters[0])
                end = letters[1]
        targets.extend(new)
        # "4 en 5", "6.6,6.7", "2 tot en met 5" (a range: both ends are checked)
        sep = SEP_RE.match(s, end)
        nxt = NUM_RE.match(s, sep.end()) if sep else None
        if not nxt:
            break
        m = nxt
    return Reference(trigger.start(), end, s[trigger.start():end].rstrip(" ,."), targets,
                     external, problems)


def _is_external(s: str, ref: Reference) -> bool:
    if ref.external:
        return True
    after = s[ref.end:]
    van = AFTER_VAN_RE.match(after)
    if van:
        return van.group(1)[:1].isupper() and van.group(1).lower() != "convenant"
    name = AFTER_NAME_RE.match(after)
    if name and not re.match(r"\s*[:;.]", after) and not TRIGGER_RE.match(name.group(1)):
        return True
    before = re.split(r"[.;:]", s[:ref.start])[-1].split()[-3:]
    return bool(LAW_RE.search(" ".join(before)))


def literal_references(para: Para) -> list[Reference]:
    """The literal references in a paragraph (subheadings are not scanned)."""
    if para.kind in ("h", "title"):
        return []
    s = para.scan
    found: list[Reference] = []
    covered = 0
    for trigger in TRIGGER_RE.finditer(s):
        if trigger.start() < covered:
            continue
        ref = _parse_at(s, trigger)
        if ref is None:
            continue
        ref.external = _is_external(s, ref)
        found.append(ref)
        covered = ref.end
    for m in RELATIVE_RE.finditer(s):
        if any(r.start <= m.start() < r.end for r in found):
            continue
        if m.group(1):
            a, b = m.group(1).split(".")
            target = Target("lid", article=int(a), lid=int(b))
        else:
            target = Target("items", letters=[m.group(2)])
        found.append(Reference(m.start(), m.end(), m.group(0).rstrip(" ,."), [target]))
    found.sort(key=lambda r: r.start)
    return found


@dataclass
class Resolved:
    """What a target is in the region: its text and its neighbours (other leden, articles)."""

    label: str
    text: str
    others: list[tuple[str, str]]
    """(label, text) of the lid's sibling leden, or the other articles/bijlagen."""


def _article_text(rt: RegionText, article: Article) -> str:
    parts = [article.title, _plain(article.preamble, rt.numbers)]
    parts += [_plain(lid.blocks, rt.numbers) for lid in article.leden]
    return "\n".join(parts)


def _annex_text(rt: RegionText, annex: Annex) -> str:
    return "\n".join([annex.title] + [_plain(s.blocks, rt.numbers) for s in annex.sections])


def _lid_label(article: Article, lid: Lid) -> str:
    return f"artikel {lid.number or article.number}"


def _own_articles(annex: Annex) -> set[int]:
    """The numbers of an annex's own ``### Artikel N`` subheadings (a decree in a bijlage)."""
    found = set()
    for section in annex.sections:
        for block in section.blocks:
            if isinstance(block, Heading):
                m = re.match(r"\s*Artikel\s+(\d+)", block.text)
                if m:
                    found.add(int(m.group(1)))
    return found


def resolve(rt: RegionText, para: Para, target: Target):
    """(Resolved, None) or (None, why it does not exist); (None, None) when not checkable."""
    scope = para.scope
    if scope.annex is not None and target.kind in ("article", "lid", "items") and \
            target.article is not None and _own_articles(scope.annex):
        if target.article in _own_articles(scope.annex):
            return None, None
        return None, f"{annex_place(scope.annex)} has no Artikel {target.article}"
    if target.kind == "annex":
        annex = rt.annex(target.annex)
        if annex is None:
            numbered = [a.number for a in rt.doc.annexes if a.number is not None]
            has = (f"bijlagen 1–{max(numbered)}" if len(numbered) > 1 else
                   "only bijlage 1" if numbered else "no numbered bijlagen")
            return None, f"bijlage {target.annex} is not included ({has})"
        others = [(annex_place(a), _annex_text(rt, a)) for a in rt.doc.annexes if a is not annex]
        return Resolved(annex_place(annex), _annex_text(rt, annex), others), None
    if target.kind == "items" and target.article is None and target.lid is None:
        if not scope.blocks:  # "onder a.": an item of this lid or section
            return None, None
        return _resolve_items(rt, scope.article, scope.lid, scope.blocks, target, para.where)
    if target.kind == "lid" and target.article is None:
        if scope.article is None:  # "lid 4": a lid of this article
            return None, None
        article = scope.article
    else:
        article = rt.article(target.article)
        if article is None:
            return None, f"there is no artikel {target.article} (artikel 1–{len(rt.doc.articles)})"
    if target.lid is None:
        if target.kind == "items":
            blocks = article.leden[0].blocks if len(article.leden) == 1 else article.preamble
            return _resolve_items(rt, article, article.leden[0] if len(article.leden) == 1 else None,
                                  blocks, target, f"artikel {article.number}")
        others = [(f"artikel {a.number}", _article_text(rt, a)) for a in rt.doc.articles
                  if a is not article and a.number != 1]
        return Resolved(f"artikel {article.number}", _article_text(rt, article), others), None
    lid = _lid(article, target.lid)
    if lid is None:
        numbered = [x.number for x in article.leden if x.number]
        has = f"{numbered[0]}–{numbered[-1]}" if numbered else "one unnumbered lid"
        return None, f"artikel {article.number} has no lid {target.lid} ({has})"
    if target.kind == "items":
        return _resolve_items(rt, article, lid, lid.blocks, target, _lid_label(article, lid))
    others = [(_lid_label(article, x), _plain(x.blocks, rt.numbers)) for x in article.leden if x is not lid]
    return Resolved(_lid_label(article, lid), _plain(lid.blocks, rt.numbers), others), None


def _lid(article: Article, n: int) -> Lid | None:
    for lid in article.leden:
        if lid.number == f"{article.number}.{n}":
            return lid
    if n == 1 and len(article.leden) == 1:
        return article.leden[0]
    return None


def _resolve_items(rt, article, lid, blocks, target: Target, label: str):
    items = _letter_items(blocks)
    if not items:
        return None, f"{label} has no lettered list (no item {target.letters[0]})"
    missing = [x for x in target.letters if x not in items]
    if missing:
        last = sorted(items, key=lambda x: (len(x), x))[-1]
        return None, f"{label} has no item {missing[0]} (its items run a–{last})"
    text = "\n".join(_plain(items[x].blocks, rt.numbers) for x in target.letters)
    others = []
    if article is not None:
        others = [(_lid_label(article, x), _plain(x.blocks, rt.numbers))
                  for x in article.leden if x is not lid]
    return Resolved(f"{label}, onder {', '.join(target.letters)}", text, others), None


def resolve_symbolic(rt: RegionText, key: str) -> Resolved | None:
    """The target of ``{{ref:key}}`` in this region (assembly has checked it exists)."""
    clause_id, *rest = key.split(".")
    for article in rt.doc.articles:
        if article.id != clause_id:
            continue
        if not rest:
            others = [(f"artikel {a.number}", _article_text(rt, a)) for a in rt.doc.articles
                      if a is not article and a.number != 1]
            return Resolved(f"artikel {article.number}", _article_text(rt, article), others)
        lid = next((x for x in article.leden if x.id == rest[0]), None)
        if lid is None:
            return None
        others = [(_lid_label(article, x), _plain(x.blocks, rt.numbers))
                  for x in article.leden if x is not lid]
        if len(rest) == 1:
            return Resolved(_lid_label(article, lid), _plain(lid.blocks, rt.numbers), others)
        item = _find_item(lid.blocks, rest[1])
        if item is None:
            return None
        return Resolved(f"{_lid_label(article, lid)}, onder {item.letter}",
                        _plain(item.blocks, rt.numbers), others)
    for annex in rt.doc.annexes:
        if annex.id == clause_id:
            others = [(annex_place(a), _annex_text(rt, a)) for a in rt.doc.annexes if a is not annex]
            return Resolved(annex_place(annex), _annex_text(rt, annex), others)
    return None


def check_references(rt: RegionText, out: list[Finding]) -> None:
    for para in rt.paras:
        for ref in literal_references(para):
            if ref.external:
                continue
            for severity, message in ref.problems:
                out.append(_finding(rt, severity, para, f"{ref.text!r} {message}"
                                    if message.startswith("does not") else f"{ref.text!r}: {message}"))
            if any(sev == ERROR for sev, _ in ref.problems):
                continue
            for target in ref.targets:
                _, why = resolve(rt, para, target)
                if why:
                    out.append(_finding(rt, ERROR, para, f"{ref.text!r} points to nothing: {why}"))


def _finding(rt: RegionText, severity: str, para: Para, message: str) -> Finding:
    return Finding(severity, rt.rel(para.path), para.line, para.where, message, rt.region)


# ============================================================== defined terms

DEF_RE = re.compile(r"^\s*(?P<term>[^:()]{1,80}?)\s*(?:\((?P<paren>[^)]*)\))?\s*:")
ALIAS_RE = re.compile(r"hierna(?:\s+te\s+noemen)?\s*:?\s*[‘'\"“]?([^’'\"”]+?)[’'\"”]?\s*$")
CUE_RE = re.compile(r"\b(?:hierna|te noemen|aangeduid als|aangehaald als)\b", re.IGNORECASE)
QUOTE_RE = re.compile(r"(?<!\w)[‘“\"']([^’”\"']{1,60})[’”\"'](?!\w)")
"""A quotation: ‘X’, “X”, "X" or 'X' (an apostrophe inside a word, VOG's, opens none)."""


@dataclass
class Definition:
    term: str
    aliases: list[str]
    para: Para


def definitions_article(rt: RegionText) -> Article | None:
    return rt.doc.articles[0] if rt.doc.articles else None


def artikel1_definitions(rt: RegionText) -> list[Definition]:
    """Artikel 1's definitions: paragraphs opening with an emphasised term and a colon."""
    article = definitions_article(rt)
    if article is None:
        return []
    found = []
    for para in rt.paras:
        if para.scope.article is not article or para.kind not in ("p", "item") or not para.emphasis:
            continue
        m = DEF_RE.match(para.text)
        if not m or m.group("term").strip().strip("*_") != para.emphasis.rstrip(":").strip():
            continue
        aliases = []
        if m.group("paren"):
            alias = ALIAS_RE.search(m.group("paren"))
            if alias:
                aliases.append(alias.group(1).strip())
        found.append(Definition(m.group("term").strip(), aliases, para))
    return found


def _strip_article(term: str) -> str:
    return re.sub(r"^(?:het|de|een)\s+", "", term.strip(), flags=re.IGNORECASE)


def quoted_terms(rt: RegionText):
    """(term, para, is_definition) for every capitalised quoted term in the text."""
    for para in rt.paras:
        if para.kind in ("title",):
            continue
        cue = bool(CUE_RE.search(para.text))
        for m in QUOTE_RE.finditer(para.text):
            term = _strip_article(m.group(1))
            if term[:1].isupper():
                yield term, para, cue


def check_definitions(rt: RegionText, out: list[Finding]) -> None:
    defs = artikel1_definitions(rt)
    seen: dict[str, Definition] = {}
    for d in defs:
        key = d.term.lower()
        if key in seen:
            out.append(_finding(rt, ERROR, d.para, f"{d.term!r} is defined twice in artikel 1 "
                                f"(also {seen[key].para.where}, line {seen[key].para.line})"))
        seen.setdefault(key, d)
    # defined in text twice (outside Artikel 1)
    article1 = definitions_article(rt)
    intext: dict[str, Para] = {}
    for term, para, cue in quoted_terms(rt):
        if not cue or para.scope.article is article1 and article1 is not None:
            continue
        key = term.lower()
        if key in intext and intext[key] is not para:
            first = intext[key]
            out.append(_finding(rt, WARNING, para, f"{term!r} is defined twice: also in "
                                f"{first.where}, line {first.line}"))
        intext.setdefault(key, para)
    # defined but never used
    for d in defs:
        pattern = compile_terms([d.term] + d.aliases)
        used = any(pattern.search(p.text) for p in rt.paras if p is not d.para)
        if not used:
            out.append(_finding(rt, WARNING, d.para, f"{d.term!r} is defined but never used"
                                + _variant_hint(rt, d)))
    # references in definitions that point away from the defined term
    for d in defs:
        groups = [[resolve(rt, d.para, t)[0] for t in ref.targets]
                  for ref in literal_references(d.para) if not ref.external and not ref.problems]
        groups += [[resolve_symbolic(rt, key)] for key in d.para.refs]
        for group, written in zip(groups, _ref_texts(d.para)):
            group = [g for g in group if g is not None]
            if not group:
                continue
            terms = [d.term] + d.aliases
            if any(mentions(g.text, terms) for g in group):
                continue
            elsewhere = []
            for g in group:
                for label, text in g.others:
                    if label not in elsewhere and mentions(text, terms):
                        elsewhere.append(label)
            if elsewhere:
                labels = ", ".join(g.label for g in group)
                shown = f"{written!r}" if labels.lower() == written.lower() else \
                    f"{written!r} ({labels})"
                does = "does" if len(elsewhere) == 1 else "do"
                out.append(_finding(rt, WARNING, d.para,
                                    f"the definition of {d.term!r} refers to {shown}, which does "
                                    f"not mention {d.term!r}; {_labels(elsewhere)} {does}: "
                                    "has the text moved?"))


def _ref_texts(para: Para) -> list[str]:
    texts = [r.text for r in literal_references(para) if not r.external and not r.problems]
    return texts + [f"{{{{ref:{key}}}}}" for key in para.refs]


def _labels(labels: list[str]) -> str:
    """"artikel 4.5, 4.6 and 4.7": one 'artikel' (or 'bijlage') for several places."""
    kinds = {x.split()[0] for x in labels}
    if len(kinds) == 1 and all(len(x.split()) == 2 for x in labels):
        return f"{kinds.pop()} {_and([x.split()[1] for x in labels])}"
    return _and(labels)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _variant_hint(rt: RegionText, d: Definition) -> str:
    words = [w for w in re.split(r"\s+", d.term) if len(w) >= 4]
    if len(words) < 2:
        return ""
    pattern = re.compile(r"\s*/\s*".join(re.escape(w) for w in words), re.IGNORECASE)
    for para in rt.paras:
        m = pattern.search(para.text)
        if m and para is not d.para:
            return f"; the text writes {m.group(0)!r} ({para.where})"
    return ""


# ---------------------------------------------------------------- undefined terms

CONNECTORS = {"van", "voor", "de", "der", "des", "het", "en", "èn", "'s", "’s"}
DETERMINERS = {"een", "elke", "iedere", "ieder", "één", "geen"}
FUNCTION_WORDS = CONNECTORS | DETERMINERS | {
    "of", "in", "op", "te", "tot", "die", "dat", "wie", "wat", "met", "bij", "is", "zijn", "wordt", "worden", "kan",
    "kunnen", "heeft", "hebben", "als", "aan", "om", "door", "uit", "over", "dan", "naar",
    "onder", "tussen", "binnen", "zoals", "waar", "wanneer", "indien", "mits", "ook", "tevens",
    "niet", "zich", "deze", "dit", "hun", "zijn", "haar", "ter", "ten", "per", "na", "bij",
    "omtrent", "inzake", "namens", "conform", "jaar"}
STRUCTURAL = {"artikel", "artikelen", "bijlage", "bijlagen", "lid", "leden"}
OFFICES = {"burgemeester", "burgemeesters", "wethouder", "wethouders", "college", "colleges",
           "gemeenteraad", "gemeenteraden", "officier", "politiechef", "minister", "ministerie",
           "staatssecretaris"}
"""Public offices, capitalised by convention; a name starting with one is not reported."""
TOKEN_RE = re.compile(r"[^\W\d_](?:[\w&-]|[’'](?=\w))*")
SENTENCE_BREAK = ".:;!?(‘“\"'•"


def _is_abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return sum(1 for c in letters[:3] if c.isupper()) >= 2


def known_terms(rt: RegionText) -> tuple[set[str], set[str]]:
    """(terms, names): what a capitalised word may be without being an undefined term."""
    project = rt.project
    terms: set[str] = set()
    for d in artikel1_definitions(rt):
        terms.add(d.term)
        terms.update(d.aliases)
    for manifest in project.manifests.values():
        terms.update(v for v in manifest.termen.values() if v)
    names: set[str] = {t.split()[-1] for t in terms if len(t.split()) > 1}
    for term, _para, _cue in quoted_terms(rt):
        terms.add(term)
    for manifest in project.manifests.values():
        names.update([manifest.zvh, manifest.titel])
        for ref in manifest.bijlagen:
            clause = project.clauses.get(ref.id)
            if clause:
                names.update(t for t in clause.titles.values() if t)
    for party in project.parties.values():
        for name in [party.naam, party.statutaire_zetel] + [m.naam for m in party.deelname.values()]:
            if name:
                names.add(name)
                names.update(w for w in re.findall(r"[^\W\d_][\w-]*", name)
                             if w[:1].isupper() and len(w) >= 4)
    return terms, names


def _lowercase_text(project: Project) -> str:
    """The text of every clause (every region's variants), for 'also written in lowercase'."""
    texts = []
    for clause in project.clauses.values():
        texts.append(_plain(clause.preamble, {}))
        texts.extend(_plain(unit.blocks, {}) for unit in clause.units)
    return "\n".join(texts)


def check_undefined(rt: RegionText, out: list[Finding], corpus: str) -> None:
    terms, names = known_terms(rt)
    known = compile_terms(terms | names)
    groups: dict[str, list] = {}
    for para in rt.paras:
        if para.kind not in ("p", "item"):
            continue
        for phrase, para_, start in _phrases(para, known):
            key = phrase.lower()
            groups.setdefault(key, []).append((phrase, para_, start))
    # inflections together: "verwerkers" joins "verwerker"
    merged: dict[str, list] = {}
    for key in sorted(groups, key=len):
        base = next((k for k in merged for suffix in ("s", "n", "en") if key == k + suffix), None)
        merged.setdefault(base or key, []).extend(groups[key])
    for key, uses in merged.items():
        flagged = [u for u in uses if _is_term_use(u, corpus)]
        if not flagged:
            continue
        phrase, para, _ = flagged[0]
        variants = sorted({u[0] for u in uses} - {phrase})
        also = f"; also {', '.join(repr(v) for v in variants)}" if variants else ""
        count = f" ({len(uses)} uses{also})" if len(uses) > 1 or also else ""
        out.append(_finding(rt, WARNING, para, f"{phrase!r} is capitalised like a defined term "
                            f"but is not defined{count}"))


def _phrases(para: Para, known: re.Pattern | None):
    """Capitalised words or names mid-sentence, not defined, with their first letter's offset."""
    text = para.text
    masked = [False] * len(text)
    if known:
        for m in known.finditer(text):
            for k in range(m.start(), m.end()):
                masked[k] = True
    tokens = list(TOKEN_RE.finditer(text))
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if not _cap(tok):
            k += 1
            continue
        group = [k]
        j = k + 1
        while j < len(tokens):
            gap = text[tokens[j - 1].end():tokens[j].start()]
            if gap.strip() not in ("", "/"):
                break
            word = tokens[j].group(0).lower()
            if _cap(tokens[j]):
                group.append(j)
                j += 1
            elif word in CONNECTORS or (word == "of" and gap.strip() == "/"):
                j += 1  # "van", "en", "en/of"
            else:
                break
        k = j
        # a phrase starting a sentence: its first word is an ordinary capital
        if _sentence_start(text, tokens[group[0]].start()):
            group = group[1:]
        members = [tokens[g] for g in group]
        # a defined word opening it is dropped ("een Casus Aanmeldt"); one inside or closing
        # it makes it a name ("Landelijke Stuurgroep", "Zorg en Veiligheidshuis")
        while members and all(masked[c] for c in range(members[0].start(), members[0].end())):
            members = members[1:]
        if not members:
            continue
        if any(_is_abbreviation(t.group(0)) for t in members):
            continue
        if any(masked[c] for t in members for c in range(t.start(), t.end())):
            continue  # a name with a defined word inside: "Raad voor de Kinderbescherming"
        phrase = text[members[0].start():members[-1].end()]
        if len(members) == 1 and (len(phrase) < 4 or phrase.lower() in STRUCTURAL):
            continue
        if any(_sentence_start(text, t.start()) for t in members):
            continue
        following = text[members[-1].end():]
        nxt = re.match(r"\s+([^\W\d_][\w-]*)", following)
        if nxt and nxt.group(1).lower() not in FUNCTION_WORDS:
            continue  # an adjective or part of a name: "Persoonsgerichte aanpak", "Landelijke Stuurgroep"
        if members[0].group(0).lower() in OFFICES:
            continue
        yield phrase, para, members[0].start()


def _cap(tok: re.Match) -> bool:
    return tok.group(0)[:1].isupper()


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return not before or before[-1] in SENTENCE_BREAK


def _is_term_use(use, corpus: str) -> bool:
    """Written in lowercase somewhere (a common noun), or after 'een'/'elke'/... (not a name)."""
    phrase, para, start = use
    if re.search(rf"(?<![\w-]){re.escape(phrase.lower())}(?![\w])", corpus):
        return True
    before = para.text[:start].split()
    return bool(before) and before[-1].lower() in DETERMINERS


# ============================================================== terminology

def _shared_lines(project: Project) -> dict[tuple[Path, int], frozenset | None]:
    """(path, line) → the regions a clause line is for (None: every region)."""
    found: dict[tuple[Path, int], frozenset | None] = {}

    def both(a, b):
        if a is None:
            return b
        if b is None:
            return a
        return a & b

    def walk(blocks, path, regions):
        for block in blocks:
            here = both(regions, block.regions)
            found[(path, block.line)] = here
            if isinstance(block, ListBlock):
                for item in block.items:
                    r = both(here, item.regions)
                    found[(path, item.line)] = r
                    walk(item.blocks, path, r)

    for clause in project.clauses.values():
        walk(clause.preamble, clause.path, None)
        for unit in clause.units:
            walk(unit.blocks, clause.path, unit.regions)
        found[(clause.path, clause.title_line)] = None if None in clause.titles else frozenset()
    return found


def check_terminology(rt: RegionText, out: list[Finding], shared) -> None:
    project, region = rt.project, rt.region
    own = project.manifests[region].termen
    others = [(r, m.termen) for r, m in sorted(project.manifests.items()) if r != region]
    defined = [t for d in artikel1_definitions(rt) for t in [d.term] + d.aliases]
    for name, value in own.items():
        foreign = {}
        for other, termen in others:
            v = termen.get(name)
            if v and v.lower() != value.lower() and v.lower() not in value.lower():
                foreign.setdefault(v, other)
        protect = compile_terms([value, project.manifests[region].zvh])
        for v, other in foreign.items():
            pattern = re.compile(term_pattern(v), re.IGNORECASE)
            for para in rt.paras:
                hits = [m for m in pattern.finditer(para.text) if not _inside(protect, para.text, m)]
                if hits:
                    regions = shared.get((para.path, para.line))
                    hint = ""
                    if regions is None or len(regions) > 1:
                        hint = f"; in shared text write {{{{{name}}}}}"
                    out.append(_finding(rt, WARNING, para, f"{hits[0].group(0)!r} is {other}'s word "
                                        f"for {{{{{name}}}}}; this convenant says {value!r}{hint}"))
        words = value.split()
        if len(words) < 2:
            continue
        head = words[-1]
        whole = compile_terms([value, project.manifests[region].zvh] + defined +
                              [t.get(name, "") for _, t in others])
        pattern = re.compile(rf"(?<![\w-]){re.escape(head)}(?![\w-])", re.IGNORECASE)
        for para in rt.paras:
            if para.kind == "title":
                continue
            for m in pattern.finditer(para.text):
                if _inside(whole, para.text, m) or (head[:1].isupper() and m.group(0)[:1].islower()):
                    continue  # part of the name, or the ordinary word ("het overleg")
                shown = _name_before(para.text[:m.start()]) + m.group(0)
                out.append(_finding(rt, WARNING, para, f"{shown!r}: another name for {value!r} "
                                    f"({{{{{name}}}}})"))
                break


def _name_before(text: str) -> str:
    """The words of a name before its last word ("Zorg- en "), or else the two words before."""
    words = text.split()
    taken = []
    while words and (words[-1][:1].isupper() or words[-1].endswith("-") or
                     (words[-1] == "en" and taken)):
        taken.insert(0, words.pop())
    if taken and taken[0] == "en":
        taken = taken[1:]
    return " ".join(taken or text.split()[-2:]) + " "


def _inside(pattern: re.Pattern | None, text: str, hit: re.Match) -> bool:
    if pattern is None:
        return False
    return any(m.start() <= hit.start() and hit.end() <= m.end() for m in pattern.finditer(text))


# ============================================================== structure

def check_structure(rt: RegionText, out: list[Finding]) -> None:
    project, region = rt.project, rt.region
    manifest = project.manifests[region]
    doc = rt.doc
    for article in doc.articles:
        for lid in article.leden:
            if not lid.blocks:
                where = f"artikel {lid.number}" if lid.number else f"artikel {article.number}"
                out.append(Finding(ERROR, rt.rel(article.path), lid.line, where,
                                   f"lid {lid.id!r} has no text for this region", region))
    refs = {r.id: r for r in manifest.clause_refs()}
    parts = [("ondergetekenden", doc.ondergetekenden), ("overwegingen", doc.overwegingen),
             ("slot", doc.slot)]
    for label, part in parts:
        if part is not None and not any(s.blocks for s in part.sections):
            out.append(Finding(ERROR, rt.rel(manifest.path), refs[part.id].line, label,
                               f"{part.id!r} has no text for this region", region))
    for annex in doc.annexes:
        if not any(s.blocks for s in annex.sections):
            out.append(Finding(ERROR, rt.rel(manifest.path), refs[annex.id].line, annex_place(annex),
                               f"bijlage {annex.id!r} has no text for this region", region))
    included = {a.id for a in doc.annexes}
    titles = {}
    for other in project.manifests.values():
        for ref in other.bijlagen:
            clause = project.clauses.get(ref.id)
            if clause is None or ref.id in included:
                continue
            for title in clause.titles.values():
                if title and len(title.split()) >= 2:
                    titles[title] = ref.id
    for title, clause_id in titles.items():
        pattern = re.compile(r"(?<![\w-])" + r"\s+".join(map(re.escape, title.split())) + r"(?![\w-])",
                             re.IGNORECASE)
        for para in rt.paras:
            if pattern.search(para.text):
                out.append(_finding(rt, WARNING, para, f"names bijlage {title!r} ({clause_id}), "
                                    "which this convenant does not include"))


# ============================================================== entry point

def lint_project(project: Project, regions: list[str]) -> LintReport:
    """Run every check on every region in ``regions`` (which must have a manifest)."""
    findings: list[Finding] = []
    shared = _shared_lines(project)
    corpus = _lowercase_text(project)
    for region in regions:
        rt = region_text(project, region)
        check_structure(rt, findings)
        check_references(rt, findings)
        check_definitions(rt, findings)
        check_undefined(rt, findings, corpus)
        check_terminology(rt, findings, shared)
    return LintReport(regions, findings)
