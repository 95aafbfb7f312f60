"""A history for the site's tests and benchmark, made with the real commands on a real git
repository holding the real covenants: each region's first version decided and signed by every
party (so that it is in force), then amendments decided as further versions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.commands.register import (new_signature, record_signatures, required_version,
                                          vaststellen)
from generator.project import load_project

from .gitrepo import commit_all, edit

FIRST = {"zhz": ("1", dt.date(2025, 1, 10), dt.date(2025, 2, 3)),
         "haaglanden": ("2019", dt.date(2018, 11, 1), dt.date(2018, 12, 3))}
"""Per region: its first version's name, decision and the day every party signed it."""


def sign_all(root: Path, region: str, name: str, day: dt.date, only=None) -> list[str]:
    """Every party bound by version ``name`` (or those of ``only``) signs it on ``day``, in
    Dordrecht, recorded as one commit; returns the parties."""
    project = load_project(root)
    version = required_version(project, region, name)
    bound = project.timeline(region).bound(version, day)
    parties = [p for p in bound if only is None or p in only]
    signatures = [new_signature(project, region, p, version, day, "Dordrecht") for p in parties]
    record_signatures(root, project, region, signatures,
                      f"sign: {len(parties)} partijen ondertekenen {region} versie {name}\n")
    return parties


def first_versions(root: Path, today: dt.date) -> None:
    for region, (name, decided, signed) in FIRST.items():
        vaststellen(root, region, name, decided, today=today)
        sign_all(root, region, name, signed)


def amend(root: Path, clause: str, old: str, new: str, message: str) -> None:
    edit(root, clause, old, new)
    commit_all(root, message)
