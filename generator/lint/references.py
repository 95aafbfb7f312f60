"""Cross-references: literal references ("artikel 4.2, onder a", "Bijlage 1") read from the
text and checked against the region's numbering; see docs/lint.md for the rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.blocks import Heading
from ..model.document import Annex, Article, Lid, annex_place
from .report import ERROR, WARNING, Finding
from .text import REF_MARK, Para, RegionText, find_item, letter_items, plain
from ..i18n import N_, _


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
    """"article", "lid", "items" (of a lettered list), "annex"."""
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
    problems: list[tuple[str, str, dict]] = field(default_factory=list)
    """(severity, message, values) found while reading it: the message (marked with N_) is
    translated and filled in with the values and ``reference`` (the reference as written)
    when it is reported (``problem_message``)."""


def _letters_after(s: str, i: int):
    """Letters after a number ("onder a en b", "a tot en met g"); (letters, end) or None."""
    m = LETTER_RE.match(s, i)
    if not m:
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
        return parts if all(re.fullmatch(r"\d+\.\d+", p) for p in parts) else None
    return [token]


def _parse_at(s: str, trigger: re.Match) -> Reference | None:
    """Read the reference that starts with ``trigger``; None when no number follows."""
    word = trigger.group(1).lower()
    i = trigger.end()
    problems: list[tuple[str, str, dict]] = []
    stray = re.match(r"\.\s*(?=\d)", s[i:]) if word != "art." else None
    if stray:
        problems.append((WARNING, STRAY, {"word": "artikel"}))
        m = NUM_RE.match(s, i + stray.end())
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
            problems.append((ERROR, N_("{reference!r} does not parse: {number!r} is not an "
                                       "article or lid number ({dotted}? or {joined}?)"),
                             {"number": n, "dotted": n.replace(",", "."),
                              "joined": (" " + _("and") + " ").join(n.split(","))}))
            letters = _letters_after(s, end)  # read on, so that its "onder a" is not taken apart
            end = letters[1] if letters else end
            break
        else:
            new = _targets(word, parts, problems)
        # a full stop after the number belongs to it ("2.2., onder a") or ends the sentence
        if token.endswith(".") and not re.match(r"\s*,|\s*(?:onder|sub)\b", s[end:]):
            end -= 1
        if new and not word.startswith("bijlage"):
            end = _lid_and_letters(s, end, word, new)
        targets.extend(new)
        # "4 en 5", "6.6,6.7", "2 tot en met 5" (a range: both ends are checked)
        sep = SEP_RE.match(s, end)
        nxt = NUM_RE.match(s, sep.end()) if sep else None
        if not nxt:
            break
        m = nxt
    return Reference(trigger.start(), end, s[trigger.start():end].rstrip(" ,."), targets,
                     external, problems)


def _targets(word: str, parts: list[str], problems: list[tuple[str, str, dict]]) -> list[Target]:
    """What the numbers after ``word`` ("artikel", "lid", "bijlage") name."""
    new: list[Target] = []
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
            problems.append((ERROR, N_("{reference!r} does not parse: {word} {part!r}"),
                             {"word": word, "part": part}))
    return new


def _lid_and_letters(s: str, end: int, word: str, new: list[Target]) -> int:
    """Narrow the last target by a following "lid 2"/"tweede lid" and "onder a"; the end."""
    lid = LID_RE.match(s, end)
    if lid and word != "lid" and new[-1].kind == "article":
        n = int(lid.group(1)) if lid.group(1) else ORDINALS[lid.group(2).lower()]
        new[-1] = Target("lid", article=new[-1].article, lid=n)
        end = lid.end()
    letters = _letters_after(s, end)
    if letters:
        new[-1] = Target("items", article=new[-1].article, lid=new[-1].lid, letters=letters[0])
        end = letters[1]
    return end


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


def _article_text(article: Article) -> str:
    return "\n".join([article.title, plain(article.preamble), *(plain(x.blocks) for x in article.leden)])


def _annex_text(annex: Annex) -> str:
    return "\n".join([annex.title, *(plain(s.blocks) for s in annex.sections)])


def _lid_label(article: Article, lid: Lid) -> str:
    return f"artikel {lid.number or article.number}"


def _article(rt: RegionText, article: Article) -> Resolved:
    others = [(f"artikel {a.number}", _article_text(a)) for a in rt.doc.articles
              if a is not article and a.number != 1]
    return Resolved(f"artikel {article.number}", _article_text(article), others)


def _annex(rt: RegionText, annex: Annex) -> Resolved:
    others = [(annex_place(a), _annex_text(a)) for a in rt.doc.annexes if a is not annex]
    return Resolved(annex_place(annex), _annex_text(annex), others)


def _other_leden(article: Article, lid: Lid | None) -> list[tuple[str, str]]:
    return [(_lid_label(article, x), plain(x.blocks)) for x in article.leden if x is not lid]


def _own_articles(annex: Annex) -> set[int]:
    """The numbers of an annex's own ``### Artikel N`` subheadings (a decree in a bijlage)."""
    headings = (b.text for s in annex.sections for b in s.blocks if isinstance(b, Heading))
    return {int(m.group(1)) for m in (re.match(r"\s*Artikel\s+(\d+)", h) for h in headings) if m}


def resolve(rt: RegionText, para: Para, target: Target):
    """(Resolved, None) or (None, why it does not exist); (None, None) when not checkable."""
    scope = para.scope
    own = _own_articles(scope.annex) if scope.annex is not None else set()
    if own and target.article is not None:  # a bijlage's own articles
        if target.article in own:
            return None, None
        return None, _("{place} has no Artikel {number}").format(place=annex_place(scope.annex),
                                                                  number=target.article)
    if target.kind == "annex":
        annex = rt.annex(target.annex)
        if annex is None:
            numbered = [a.number for a in rt.doc.annexes if a.number is not None]
            has = (f"bijlagen 1–{max(numbered)}" if len(numbered) > 1 else
                   _("only bijlage 1") if numbered else _("no numbered bijlagen"))
            return None, _("bijlage {number} is not included ({has})").format(
                number=target.annex, has=has)
        return _annex(rt, annex), None
    if target.kind == "items" and target.article is None and target.lid is None:
        if not scope.blocks:  # "onder a.": an item of this lid or section
            return None, None
        return _resolve_items(scope.article, scope.lid, scope.blocks, target, para.where)
    if target.kind == "lid" and target.article is None:
        if scope.article is None:  # "lid 4": a lid of this article
            return None, None
        article = scope.article
    else:
        article = rt.article(target.article)
        if article is None:
            return None, _("there is no artikel {number} (artikel 1–{last})").format(
                number=target.article, last=len(rt.doc.articles))
    if target.lid is None:
        if target.kind == "items":
            only = article.leden[0] if len(article.leden) == 1 else None
            return _resolve_items(article, only, only.blocks if only else article.preamble, target,
                                  f"artikel {article.number}")
        return _article(rt, article), None
    lid = _lid(article, target.lid)
    if lid is None:
        numbered = [x.number for x in article.leden if x.number]
        has = f"{numbered[0]}–{numbered[-1]}" if numbered else _("one unnumbered lid")
        return None, _("artikel {article} has no lid {lid} ({has})").format(
            article=article.number, lid=target.lid, has=has)
    if target.kind == "items":
        return _resolve_items(article, lid, lid.blocks, target, _lid_label(article, lid))
    return Resolved(_lid_label(article, lid), plain(lid.blocks), _other_leden(article, lid)), None


def _lid(article: Article, n: int) -> Lid | None:
    """Lid ``n`` of an article; lid 1 is an unnumbered only lid too."""
    only = article.leden[0] if n == 1 and len(article.leden) == 1 else None
    return next((lid for lid in article.leden if lid.number == f"{article.number}.{n}"), only)


def _resolve_items(article, lid, blocks, target: Target, label: str):
    items = letter_items(blocks)
    if not items:
        return None, _("{place} has no lettered list (no item {letter})").format(
            place=label, letter=target.letters[0])
    missing = [x for x in target.letters if x not in items]
    if missing:
        last = sorted(items, key=lambda x: (len(x), x))[-1]
        return None, _("{place} has no item {letter} (its items run a–{last})").format(
            place=label, letter=missing[0], last=last)
    text = "\n".join(plain(items[x].blocks) for x in target.letters)
    others = _other_leden(article, lid) if article is not None else []
    return Resolved(f"{label}, onder {', '.join(target.letters)}", text, others), None


def resolve_symbolic(rt: RegionText, key: str) -> Resolved | None:
    """The target of ``{{ref:key}}`` in this region (assembly has checked it exists)."""
    clause_id, *rest = key.split(".")
    article = next((a for a in rt.doc.articles if a.id == clause_id), None)
    if article is None:
        return next((_annex(rt, a) for a in rt.doc.annexes if a.id == clause_id), None)
    if not rest:
        return _article(rt, article)
    lid = next((x for x in article.leden if x.id == rest[0]), None)
    if lid is None:
        return None
    others = _other_leden(article, lid)
    if len(rest) == 1:
        return Resolved(_lid_label(article, lid), plain(lid.blocks), others)
    item = find_item(lid.blocks, rest[1])
    if item is None:
        return None
    return Resolved(f"{_lid_label(article, lid)}, onder {item.letter}", plain(item.blocks), others)


STRAY_BEFORE_REF_RE = re.compile(r"(?<![\w.])(artikel|bijlage)\.(\s*)" + REF_MARK, re.IGNORECASE)
STRAY = N_("{reference!r}: stray '.' after the word {word!r}")


def problem_message(ref: Reference, message: str, values: dict) -> str:
    """A problem of ``ref.problems`` as it is reported, in the language of the moment."""
    return _(message).format(reference=ref.text, **values)


def check_references(rt: RegionText, out: list[Finding]) -> None:
    for para in rt.paras:
        for m in STRAY_BEFORE_REF_RE.finditer(para.scan):  # "artikel. {{ref:...}}"
            shown_as = f"{m.group(1)}.{m.group(2)}{para.ref_texts[para.scan.count(REF_MARK, 0, m.end() - 1)]}"
            out.append(rt.finding(WARNING, para, _(STRAY).format(reference=shown_as,
                                                                 word=m.group(1).lower())))
        for ref in literal_references(para):
            if ref.external:
                continue
            for severity, message, values in ref.problems:
                out.append(rt.finding(severity, para, problem_message(ref, message, values)))
            if any(problem[0] == ERROR for problem in ref.problems):
                continue
            for target in ref.targets:
                _found, why = resolve(rt, para, target)
                if why:
                    out.append(rt.finding(ERROR, para, _("{reference!r} points to nothing: "
                                                         "{why}").format(reference=ref.text,
                                                                         why=why)))
