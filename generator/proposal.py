"""The words around a renvooi: how its two sides are named, and the wijzigingsvoorstel's
heading and proposed decision for the Stuurgroep.

A side is a recorded version, a git revision or the working tree (generator.history.Side);
its meta (generator.commands.diff._meta) says which (``kind``) and when. Readers get names,
not commit ids: "versie 2025-1, vastgesteld op 15 januari 2025", "werkversie van 4 december
2026", "ontwerp van 4 december 2026 (revisie 01e4a34c6f)". The HTML, PDF and DOCX of a renvooi
and a proposal render these texts; none makes its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .dates import dutch_date

VERSION, REVISION, WORKTREE = "versie", "revisie", "werkversie"
"""The kinds of side (meta "kind")."""


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def side_name(label: str, meta: dict | None) -> str:
    """Short: "versie 2025-1", "werkversie", "ontwerp 01e4a34c6f"; the label when unknown."""
    kind = (meta or {}).get("kind")
    if kind == VERSION:
        return f"versie {label}"
    if kind == REVISION:
        return f"ontwerp {label}"
    return label


def side_description(label: str, meta: dict | None) -> str:
    """In full, with its date: "versie 2025-1, vastgesteld op 15 januari 2025", "werkversie
    van 4 december 2026", "ontwerp van 4 december 2026 (revisie 01e4a34c6f)"."""
    meta = meta or {}
    kind, day = meta.get("kind"), _day(meta.get("date"))
    if kind == VERSION:
        decided = _day(meta.get("decided"))
        when = f"vastgesteld op {dutch_date(decided)}" if decided else "datum van vaststelling niet vastgelegd"
        return f"versie {label}, {when}"
    if kind == WORKTREE:
        return f"werkversie van {dutch_date(day)}" if day else "werkversie"
    if kind == REVISION:
        return f"ontwerp van {dutch_date(day)} (revisie {label})" if day else f"ontwerp (revisie {label})"
    return f"{label}, {dutch_date(day)}" if day else label


@dataclass
class Proposal:
    """The heading and proposed decision of a wijzigingsvoorstel."""

    date: dt.date
    to: str
    sender: str
    subject: str
    decision_intro: str
    decision: list[str] = field(default_factory=list)
    """The points of the decision, each ending in ";" but the last in "."."""

    def heading_rows(self) -> list[tuple[str, str]]:
        """("Aan", ...), ("Van", ...), ("Datum", ...), ("Onderwerp", ...)."""
        rows = [("Aan", self.to), ("Van", self.sender), ("Datum", dutch_date(self.date)),
                ("Onderwerp", self.subject)]
        return [(name, value) for name, value in rows if value]


def _sender(doc) -> str:
    secretariat = getattr(doc.manifest, "secretariaat", None)
    if secretariat is None:
        return ""
    return f"{secretariat.naam}, {secretariat.functie}" if secretariat.naam else secretariat.functie


def make_proposal(redline, day: dt.date) -> Proposal:
    """The proposal of ``redline`` (generator.redline.Redline) dated ``day``."""
    old, new = redline.old_doc, redline.new_doc
    old_side = side_description(redline.old_label, redline.old_meta)
    new_side = side_description(redline.new_label, redline.new_meta)
    points = [f"het {new.title}, {old_side}, te wijzigen zoals aangegeven in het renvooi bij "
              "dit voorstel;",
              f"de gewijzigde tekst ({new_side}, vingerafdruk {new.fingerprint[:12]}) vast te "
              "stellen als nieuwe versie van het Convenant"]
    if redline.resign_required:
        cited = new.cite("wijzigingen", "ondertekening", "artikel 21.2")
        points[-1] += ";"
        points.append(f"het gewijzigde Convenant op grond van {cited} ter ondertekening voor te "
                      f"leggen aan alle {len(new.party_ids)} Partijen.")
    else:
        points[-1] += "."
    return Proposal(date=day, to=f"de Stuurgroep van het {new.zvh}", sender=_sender(new),
                    subject=f"wijziging van het {old.title}",
                    decision_intro="De Stuurgroep besluit:", decision=points)


__all__ = ["Proposal", "REVISION", "VERSION", "WORKTREE", "make_proposal", "side_description",
           "side_name"]
