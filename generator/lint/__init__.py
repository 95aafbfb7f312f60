"""`convenant lint`: drafting checks on each region's assembled document.

One module per family of checks, each a ``check_*(rt, findings)`` over a RegionText (text.py):
references.py (cross-references), terms.py (defined and undefined terms), terminology.py
(another region's word, a second name), structure.py (missing text and bijlagen); report.py
merges and prints the findings. The rules and the output format are in docs/lint.md. Nothing
here imports PDF or DOCX machinery.
"""

from __future__ import annotations

from ..model.document import Document
from ..project import Project
from .references import check_references, literal_references, resolve
from .report import ERROR, WARNING, Finding, LintReport
from .structure import check_structure
from .terminology import check_terminology, shared_lines
from .terms import check_definitions, check_undefined, lowercase_text
from .text import region_text

__all__ = ["ERROR", "WARNING", "Finding", "LintReport", "lint_documents", "literal_references",
           "region_text", "resolve"]


def lint_documents(project: Project, documents: dict[str, Document],
                   extra: list[Finding] = ()) -> LintReport:
    """Run every check on each region's assembled document (``documents`` by region);
    ``extra`` findings (references moved since a version: moved.py) join them."""
    findings: list[Finding] = list(extra)
    shared = shared_lines(project)
    corpus = lowercase_text(project)
    for region, doc in documents.items():
        rt = region_text(project, doc)
        check_structure(rt, findings)
        check_references(rt, findings)
        check_definitions(rt, findings)
        check_undefined(rt, findings, corpus)
        check_terminology(rt, findings, shared)
    return LintReport(list(documents), findings)
