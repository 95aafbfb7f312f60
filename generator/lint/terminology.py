"""Terminology: another region's word for a term, and a second name for the same body (the
last word of a several-word term on its own); see docs/lint.md for the rules."""

from __future__ import annotations

import re
from pathlib import Path

from ..model.blocks import walk
from ..project import Project
from .report import WARNING, Finding
from .text import RegionText, compile_terms, term_pattern
from ..i18n import _


def _both(a: frozenset | None, b: frozenset | None) -> frozenset | None:
    """The regions both marks allow (None: every region)."""
    return b if a is None else a if b is None else a & b


def shared_lines(project: Project) -> dict[tuple[Path, int], frozenset | None]:
    """(path, line) → the regions a clause line is for (None: every region)."""
    found: dict[tuple[Path, int], frozenset | None] = {}
    for clause in project.clauses.values():
        for blocks, regions in [(clause.preamble, None)] + [(s.blocks, s.regions) for s in clause.segments]:
            within: dict[int, frozenset | None] = {}  # id of a list or item → its regions
            for node, _depth, parent in walk(blocks):
                here = _both(regions if parent is None else within[id(parent)], node.regions)
                within[id(node)] = found[(clause.path, node.line)] = here
        found[(clause.path, clause.title_line)] = None if None in clause.titles else frozenset()
    return found


def check_terminology(rt: RegionText, out: list[Finding], shared) -> None:
    project, region = rt.project, rt.region
    own = project.manifests[region].termen
    others = [(r, m.termen) for r, m in sorted(project.manifests.items()) if r != region]
    defined = [t for d in rt.definitions for t in [d.term] + d.aliases]
    for name, value in own.items():
        foreign = {}
        for other, termen in others:
            v = termen.get(name)
            if v and v.lower() not in value.lower():  # not the same name, nor a part of it
                foreign.setdefault(v, other)
        protect = compile_terms([value, project.manifests[region].zvh])
        for v, other in foreign.items():
            pattern = re.compile(term_pattern(v), re.IGNORECASE)
            for para in rt.paras:
                hits = [m for m in pattern.finditer(para.text) if not _inside(protect, para.text, m)]
                if hits:
                    regions = shared.get((para.path, para.line))
                    own_text = regions is not None and len(regions) <= 1
                    hint = "" if own_text else _("; in shared text write "
                                                 "{{{{{name}}}}}").format(name=name)
                    out.append(rt.finding(WARNING, para, _(
                        "{word!r} is {other}'s word for {{{{{name}}}}}; this convenant says "
                        "{value!r}{hint}").format(word=hits[0].group(0), other=other, name=name,
                                                  value=value, hint=hint)))
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
                out.append(rt.finding(WARNING, para, _("{shown!r}: another name for {value!r}"
                                                       " ({{{{{name}}}}})").format(
                    shown=shown, value=value, name=name)))
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
    return pattern is not None and any(m.start() <= hit.start() and hit.end() <= m.end()
                                       for m in pattern.finditer(text))


