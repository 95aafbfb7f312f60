"""`convenant lint`: drafting checks (references, defined terms, terminology, structure).

The rules and the output format are described in docs/lint.md.
"""

from __future__ import annotations

from pathlib import Path

from ..assemble import assemble_regions
from ..lint import LintReport, lint_documents
from ..project import collect_project
from .common import select_regions


def lint(root: Path, regions: list[str] | None = None) -> LintReport:
    """Load and check the data, then lint ``regions`` (None: every region).

    UsageError for an unknown region; DataError when the data does not load or assemble
    (lint works on a convenant that builds).
    """
    project, problems = collect_project(root)
    regions = select_regions(project, regions, problems)
    return lint_documents(project, assemble_regions(project, regions, problems))
