"""Defined terms: Artikel 1's definitions and in-text definitions (defined twice, never used,
a definition whose reference points away from the term) and capitalised words that look like
undefined terms; see docs/lint.md for the rules."""

from __future__ import annotations

import re
from ..model.blocks import text_blocks
from ..project import Project
from .references import literal_references, resolve, resolve_symbolic
from .report import ERROR, WARNING, Finding
from .text import REF_MARK, Definition, Para, RegionText, compile_terms, mentions
from ..i18n import _, ngettext


CUE_RE = re.compile(r"\b(?:hierna|te noemen|aangeduid als|aangehaald als)\b", re.IGNORECASE)
QUOTE_RE = re.compile(r"(?<!\w)[‘“\"']([^’”\"']{1,60})[’”\"'](?!\w)")
"""A quotation: ‘X’, “X”, "X" or 'X' (an apostrophe inside a word, VOG's, opens none)."""


def quoted_terms(rt: RegionText):
    """(term, para, is_definition) for every capitalised quoted term in the text."""
    for para in rt.paras:
        if para.kind == "title":
            continue
        cue = bool(CUE_RE.search(para.text))
        for m in QUOTE_RE.finditer(para.text):
            term = re.sub(r"^(?:het|de|een)\s+", "", m.group(1).strip(), flags=re.IGNORECASE)
            if term[:1].isupper():
                yield term, para, cue


def check_definitions(rt: RegionText, out: list[Finding]) -> None:
    defs = rt.definitions
    seen: dict[str, Definition] = {}
    for d in defs:
        first = seen.setdefault(d.term.lower(), d)
        if first is not d:
            out.append(rt.finding(ERROR, d.para, _("{term!r} is defined twice in artikel 1 "
                                                   "(also {where}, line {line})").format(
                term=d.term, where=first.para.where, line=first.para.line)))
    # defined in text twice (outside Artikel 1)
    intext: dict[str, Para] = {}
    for term, para, cue in quoted_terms(rt):
        if not cue or rt.in_artikel1(para):
            continue
        first = intext.setdefault(term.lower(), para)
        if first is not para:
            out.append(rt.finding(WARNING, para, _("{term!r} is defined twice: also in "
                                                   "{where}, line {line}").format(
                term=term, where=first.where, line=first.line)))
    for d in defs:
        terms = [d.term] + d.aliases
        pattern = compile_terms(terms)
        if not any(pattern.search(p.text) for p in rt.paras if p is not d.para):
            out.append(rt.finding(WARNING, d.para, _("{term!r} is defined but never "
                                                     "used{hint}").format(
                term=d.term, hint=_variant_hint(rt, d))))
        # references in the definition that point away from the defined term
        groups = [(ref.text, [resolve(rt, d.para, t)[0] for t in ref.targets])
                  for ref in literal_references(d.para) if not ref.external and not ref.problems]
        groups += [(" ".join(f"{{{{ref:{key}}}}}" for key in keys),
                    [resolve_symbolic(rt, key) for key in keys]) for keys in _symbolic_groups(d.para)]
        for written, group in groups:
            group = [g for g in group if g is not None]
            if not group:
                continue
            if any(mentions(g.text, terms) for g in group):
                continue
            elsewhere = list(dict.fromkeys(label for g in group for label, text in g.others
                                           if mentions(text, terms)))  # in order, once each
            if elsewhere:
                labels = ", ".join(g.label for g in group)
                shown = f"{written!r}" if labels.lower() == written.lower() else f"{written!r} ({labels})"
                out.append(rt.finding(WARNING, d.para, ngettext(
                    "the definition of {term!r} refers to {shown}, which does not mention "
                    "{term!r}; {elsewhere} does: has the text moved?",
                    "the definition of {term!r} refers to {shown}, which does not mention "
                    "{term!r}; {elsewhere} do: has the text moved?", len(elsewhere)).format(
                    term=d.term, shown=shown, elsewhere=_labels(elsewhere))))


SYMBOLIC_JOIN_RE = re.compile(r"\s*(?:,|en|of|tot en met|t/m|onder|sub)?\s*")
"""What joins symbolic references into one reference, as it would a literal one:
"{{ref:a}},{{ref:b}} en {{ref:c}} onder {{ref:c.x|letter}}"."""


def _symbolic_groups(para: Para) -> list[list[str]]:
    """The keys of a paragraph's symbolic references, those joined only by SYMBOLIC_JOIN_RE
    in one group: one reference that names several places, checked together."""
    groups: list[list[str]] = []
    end = None
    for key, m in zip(para.refs, re.finditer(REF_MARK, para.scan)):
        if end is not None and SYMBOLIC_JOIN_RE.fullmatch(para.scan, end, m.start()):
            groups[-1].append(key)
        else:
            groups.append([key])
        end = m.end()
    return groups


def _labels(labels: list[str]) -> str:
    """"artikel 4.5, 4.6 and 4.7": one 'artikel' (or 'bijlage') for several places."""
    words = [x.split() for x in labels]
    head = ""
    if len({w[0] for w in words}) == 1 and all(len(w) == 2 for w in words):
        head, labels = words[0][0] + " ", [w[1] for w in words]
    return head + (labels[0] if len(labels) == 1 else
                   ", ".join(labels[:-1]) + " " + _("and") + " " + labels[-1])


def _variant_hint(rt: RegionText, d: Definition) -> str:
    words = [w for w in re.split(r"\s+", d.term) if len(w) >= 4]
    if len(words) < 2:
        return ""
    pattern = re.compile(r"\s*/\s*".join(re.escape(w) for w in words), re.IGNORECASE)
    for para in rt.paras:
        m = pattern.search(para.text)
        if m and para is not d.para:
            return _("; the text writes {written!r} ({where})").format(written=m.group(0),
                                                                        where=para.where)
    return ""



CONNECTORS = {"van", "voor", "de", "der", "des", "het", "en", "èn", "'s", "’s"}
DETERMINERS = {"een", "elke", "iedere", "ieder", "één", "geen"}
FUNCTION_WORDS = CONNECTORS | DETERMINERS | {
    "of", "in", "op", "te", "tot", "die", "dat", "wie", "wat", "met", "bij", "is", "zijn", "wordt",
    "worden", "kan", "kunnen", "heeft", "hebben", "als", "aan", "om", "door", "uit", "over", "dan", "naar",
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
    terms = {t for d in rt.definitions for t in [d.term, *d.aliases]}
    terms.update(v for manifest in project.manifests.values() for v in manifest.termen.values() if v)
    names: set[str] = {t.split()[-1] for t in terms if len(t.split()) > 1}
    terms.update(term for term, _para, _cue in quoted_terms(rt))
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


def lowercase_text(project: Project) -> str:
    """The text of every clause (every region's variants), for 'also written in lowercase'."""
    texts = []
    for clause in project.clauses.values():
        for blocks in [clause.preamble] + [segment.blocks for segment in clause.segments]:
            # as written, symbolic references left out
            texts.extend("".join("" if r.ref is not None else r.text for r in block.runs)
                         for block in text_blocks(blocks))
    return "\n".join(texts)


def check_undefined(rt: RegionText, out: list[Finding], corpus: str) -> None:
    terms, names = known_terms(rt)
    known = compile_terms(terms | names)
    groups: dict[str, list] = {}
    for para in rt.paras:
        if para.kind in ("p", "item"):
            for use in _phrases(para, known):  # (phrase, para, start)
                groups.setdefault(use[0].lower(), []).append(use)
    # inflections together: "verwerkers" joins "verwerker"
    merged: dict[str, list] = {}
    for key in sorted(groups, key=len):
        base = next((k for k in merged for suffix in ("s", "n", "en") if key == k + suffix), None)
        merged.setdefault(base or key, []).extend(groups[key])
    for key, uses in merged.items():
        flagged = [u for u in uses if _is_term_use(u, corpus)]
        if not flagged:
            continue
        phrase, para, _rest = flagged[0]
        variants = sorted({u[0] for u in uses} - {phrase})
        also = (_("; also {variants}").format(variants=", ".join(repr(v) for v in variants))
                if variants else "")
        count = (ngettext(" ({n} use{also})", " ({n} uses{also})", len(uses)).format(
            n=len(uses), also=also) if len(uses) > 1 or also else "")
        out.append(rt.finding(WARNING, para, _("{phrase!r} is capitalised like a defined term"
                                               " but is not defined{count}").format(
            phrase=phrase, count=count)))


def _phrases(para: Para, known: re.Pattern | None):
    """Capitalised words or names mid-sentence, not defined, with their first letter's offset."""
    text = para.text
    matches = known.finditer(text) if known else []
    masked = {c for m in matches for c in range(m.start(), m.end())}  # offsets in known terms
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
        while members and all(c in masked for c in range(members[0].start(), members[0].end())):
            members = members[1:]
        if not members:
            continue
        if any(_is_abbreviation(t.group(0)) for t in members):
            continue
        if any(c in masked for t in members for c in range(t.start(), t.end())):
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


