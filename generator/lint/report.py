"""Findings and the report: one line ``path:line: PLACE: message`` per finding, the same
finding of several regions merged; see docs/lint.md for the output format."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import _, ngettext

ERROR, WARNING = "error", "warning"
"""A finding's severity (internal values; the report prints its own headings)."""


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
        merged: dict[tuple, dict[str, None]] = {}  # finding → its regions, in order, once each
        for f in findings:
            merged.setdefault((f.severity, f.path, f.line, f.where, f.message), {})[f.region] = None
        items = [ReportLine(*key, tuple(r)) for key, r in merged.items()]
        items.sort(key=lambda x: (x.path, x.line, x.where, x.message))
        self.errors = [x for x in items if x.severity == ERROR]
        self.warnings = [x for x in items if x.severity == WARNING]
        self.stats: list[str] = []
        """Lines of ``lint --stats`` (moved.ReferenceStats), printed after the findings."""

    def lines(self) -> list[str]:
        out = []
        for title, group in ((_("errors:"), self.errors), (_("warnings:"), self.warnings)):
            if group:
                out.append(title)
                out.extend(x.text(self.regions) for x in group)
        return out + self.stats

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        return _("{errors}, {warnings} in {regions}").format(
            errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
            warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
            regions=", ".join(self.regions))


