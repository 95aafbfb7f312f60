"""`convenant lint`: drafting checks (references, defined terms, terminology, structure).

The rules and the output format are described in docs/lint.md.
"""

from __future__ import annotations

from pathlib import Path

from ..assemble import assemble_regions
from ..errors import UsageError
from ..history import open_repo, project_at, resolve_side
from ..i18n import _
from ..lint import Finding, LintReport, lint_documents
from ..lint.moved import moved_findings, reference_changes, reference_stats
from ..project import Project, collect_project
from .common import select_regions


def lint(root: Path, regions: list[str] | None = None, against: str | None = None,
         stats: bool = False) -> LintReport:
    """Load and check the data, then lint ``regions`` (None: every region).

    ``against`` (a recorded version of each region, or a git revision) adds a warning for each
    literal reference whose target has moved since; ``stats`` adds the count of references.
    UsageError for an unknown region or version; DataError when the data does not load or
    assemble (lint works on a convenant that builds).
    """
    project, problems = collect_project(root)
    regions = select_regions(project, regions, problems)
    documents = assemble_regions(project, regions, problems)
    extra = [] if against is None else _moved(root, project, documents, against)
    report = lint_documents(project, documents, extra)
    if stats:
        report.stats = reference_stats(project, documents).lines()
    return report


def _moved(root: Path, project: Project, documents: dict, against: str) -> list[Finding]:
    """Warnings for literal references whose target moved since ``against``, per region."""
    repo = open_repo(root)
    found: list[Finding] = []
    for region, doc in documents.items():
        side = resolve_side(repo, project, region, against)
        if side.commit is None:
            raise UsageError(_("--tegen needs a recorded version or a git revision, not the "
                               "working text"))
        then = project_at(repo, root, side.commit)
        if region not in then.manifests:
            raise UsageError(_("{region} has no manifest at {label}").format(
                                 region=region, label=side.label))
        old = assemble_regions(then, [region], day=side.date.date())[region]
        changes = reference_changes(then, old, project, doc)
        found += moved_findings(changes, project, region, side.label)
    return found
