"""Structure: bijlagen named in the text that the region does not include; see docs/lint.md
for the rules."""

from __future__ import annotations

import re

from .report import WARNING, Finding
from .text import RegionText
from ..i18n import _


def check_structure(rt: RegionText, out: list[Finding]) -> None:
    project, doc = rt.project, rt.doc
    # A lid, part or bijlage with no text for the region is an assembly problem (assemble.py):
    # the build refuses it, so lint never sees one.
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
                out.append(rt.finding(WARNING, para, _(
                    "names bijlage {title!r} ({clause_id}), which this convenant does not "
                    "include").format(title=title, clause_id=clause_id)))


