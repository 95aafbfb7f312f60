"""Structure: leden, parts and bijlagen with no text for the region, and bijlagen named in the
text that the region does not include; see docs/lint.md for the rules."""

from __future__ import annotations

import re

from ..model.document import annex_place
from .report import ERROR, WARNING, Finding
from .text import RegionText


def check_structure(rt: RegionText, out: list[Finding]) -> None:
    project, region, doc = rt.project, rt.region, rt.doc
    manifest = project.manifests[region]
    for article in doc.articles:
        for lid in article.leden:
            if not lid.blocks:
                where = f"artikel {lid.number}" if lid.number else f"artikel {article.number}"
                out.append(Finding(ERROR, project.rel(article.path), lid.line, where,
                                   f"lid {lid.id!r} has no text for this region", region))
    refs = {r.id: r for r in manifest.clause_refs()}
    parts = [("ondergetekenden", doc.ondergetekenden, ""), ("overwegingen", doc.overwegingen, ""),
             ("slot", doc.slot, ""), *((annex_place(a), a, "bijlage ") for a in doc.annexes)]
    for label, part, kind in parts:
        if part is not None and not any(s.blocks for s in part.sections):
            out.append(Finding(ERROR, project.rel(manifest.path), refs[part.id].line, label,
                               f"{kind}{part.id!r} has no text for this region", region))
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
                out.append(rt.finding(WARNING, para, f"names bijlage {title!r} ({clause_id}), "
                                    "which this convenant does not include"))


