"""`convenant regions`: list the regions with their covenant and number of parties."""

from __future__ import annotations

from pathlib import Path

from ..project import load_project


def list_regions(root: Path) -> list[tuple[str, str, int]]:
    """(region id, title, number of parties) for every region, sorted by id."""
    project = load_project(root)
    return [(region, m.titel, len(m.partijen))
            for region, m in sorted(project.manifests.items())]
