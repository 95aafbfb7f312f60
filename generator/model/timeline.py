"""A region's register read as history: who is a party when, which version is in force.

The register (generator.model.register) holds only what happened: versions decided,
signatures, accessions, withdrawals. This module derives, for any date, what follows from
those records and the manifest's ``duur`` (art. 23.1):

- a party's **membership** starts when it is bound by the convenant: a party of the signing
  order from the first version on, an acceding organisation on the Stuurgroep's decision
  (20.4); it ends on the date its withdrawal takes effect (21.3, 23.1, 23.2);
- a version **takes effect** on the first day on which every party bound by it has signed it
  (and not before a fixed date of entry into force, 23.1), unless the register records the
  date (``in_werking``); a party withdrawing under 21.3 from that version is not bound by it;
- on a given day the version **in force** is the last one that has taken effect; versions
  decided after it and not yet in force are **pending**; earlier ones are **superseded**.

A date the sources do not give (``onbekend``) stays unknown: a version whose signatures have
no dates is in force from an unknown day (``EARLY``: in force on any day asked about).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..dates import add_years, dutch_date
from .register import Register, Version, Withdrawal

EARLY = dt.date.min
"""The effective date of a version in force since a day the register does not know."""


@dataclass
class Term:
    """The current term or renewal period of the convenant on a day (art. 23.1)."""

    start: dt.date
    """When the term counts from: the fixed date of entry into force, or the day the version
    in force took effect."""
    end: dt.date
    """End of the initial term."""
    next_end: dt.date
    """End of the current term or renewal period: the first end after the day."""


class Timeline:
    """The history of one region, computed from its manifest and register."""

    def __init__(self, manifest, register: Register, known_on: dt.date | None = None):
        """With ``known_on``, only the records made by that day count: versions decided,
        signatures, withdrawals given by then (what the secretariat knew that day)."""
        self.manifest = manifest
        self.register = register
        self.known_on = known_on
        self.parties = [ref.id for ref in manifest.partijen]
        """Every party ever in the signing order (a party that left stays listed)."""
        self.versions = [v for v in register.versions if self._known(v.decided)]
        """The versions decided by ``known_on`` (or on an unknown day), in decision order."""
        self._joined: dict[str, dt.date] = {}
        for s in register.signatures:
            if s.accession:
                self._joined.setdefault(s.party, s.decided)
        self._withdrawals = {w.party: w for w in register.withdrawals if self._known(w.date)}
        self._signed: dict[str, dict] = {}
        self._effective: dict[str, dt.date | None] = {}
        self._busy: set[str] = set()

    def _known(self, date: dt.date | None) -> bool:
        return self.known_on is None or date is None or date <= self.known_on

    def version(self, name: str) -> Version | None:
        return next((v for v in self.versions if v.name == name), None)

    def signed(self, version: Version) -> dict:
        """The signatures of ``version`` by party id (those made by ``known_on``)."""
        if version.name not in self._signed:
            self._signed[version.name] = {p: s for p, s in self.register.signed(version.name).items()
                                          if self._known(s.date)}
        return self._signed[version.name]

    def withdrawal(self, party: str) -> Withdrawal | None:
        return self._withdrawals.get(party)

    # ------------------------------------------------------------ membership

    def joined(self, party: str) -> dt.date | None:
        """The Stuurgroep's decision on the party's accession (20.4); None for a party of the
        signing order from the start."""
        return self._joined.get(party)

    def left(self, party: str) -> dt.date | None:
        """The day the party's membership ended (or will end); None while it has not left or
        the version or accession its withdrawal under 21.3 waits for has not taken effect."""
        w = self.withdrawal(party)
        if w is None or w.effective is not None:
            return w.effective if w else None
        if w.version:
            version = self.version(w.version)
            return self.effective(version) if version else None
        return self.joined(w.accession)

    def is_member(self, party: str, day: dt.date) -> bool:
        joined, left = self.joined(party), self.left(party)
        return (joined is None or joined <= day) and (left is None or day < left)

    def members(self, day: dt.date) -> list[str]:
        """The parties on ``day``, in signing order."""
        return [p for p in self.parties if self.is_member(p, day)]

    # ------------------------------------------------------------ versions

    def _objects(self, party: str, version: Version) -> bool:
        w = self.withdrawal(party)
        return w is not None and w.ground == "21.3" and w.version == version.name

    def _required(self, version: Version, day: dt.date) -> list[str]:
        """The parties that must have signed ``version`` for it to take effect on ``day``."""
        return [p for p in self.parties if self.is_member(p, day) and not self._objects(p, version)]

    def effective(self, version: Version) -> dt.date | None:
        """The day ``version`` took effect; EARLY when that day is unknown; None while parties
        bound by it have not signed."""
        if version.in_force is not None:
            return version.in_force
        if version.name in self._busy:  # a withdrawal that waits for this very version
            return None
        if version.name not in self._effective:
            self._busy.add(version.name)
            try:
                self._effective[version.name] = self._first_complete(version)
            finally:
                self._busy.discard(version.name)
        return self._effective[version.name]

    def _first_complete(self, version: Version) -> dt.date | None:
        signed = self.signed(version)
        if any(s.date is None for s in signed.values()):
            return EARLY if all(p in signed for p in self._required(version, dt.date.max)) else None
        start = version.decided or EARLY
        days = {s.date for s in signed.values()} | {d for p in self.parties
                                                     for d in (self.joined(p), self.left(p)) if d}
        fixed = self.manifest.duur.inwerkingtreding if self.manifest.duur else None
        for day in sorted(d for d in days if d >= start):
            if all(p in signed and signed[p].date <= day for p in self._required(version, day)):
                return max(day, fixed) if isinstance(fixed, dt.date) else day
        return None

    def in_force(self, day: dt.date) -> Version | None:
        """The version in force on ``day``: the last recorded one that took effect by then."""
        return next((v for v in reversed(self.versions)
                     if (e := self.effective(v)) is not None and e <= day), None)

    def pending(self, day: dt.date) -> list[Version]:
        """Versions decided by ``day`` (or on an unknown day) after the one in force, not yet
        in force."""
        current = self.in_force(day)
        later = self.versions[self.versions.index(current) + 1:] if current else self.versions
        return [v for v in later if (v.decided is None or v.decided <= day)
                and not ((e := self.effective(v)) is not None and e <= day)]

    def state(self, version: Version, day: dt.date) -> str:
        """"in werking", "in behandeling", "vervangen" or "nog niet vastgesteld" on ``day``."""
        if version.decided is not None and version.decided > day:
            return "nog niet vastgesteld"
        current = self.in_force(day)
        if current is version:
            return "in werking"
        if current is not None and self.versions.index(version) < self.versions.index(current):
            return "vervangen"
        return "in behandeling"

    def bound(self, version: Version, today: dt.date) -> list[str]:
        """The parties bound by ``version``, in signing order: those who had to sign it when it
        took effect (or, while it is pending, who must sign it now), and everyone who signed it
        (an acceding organisation's Bijlage 1 counts as its signature; a party that left keeps
        its signature)."""
        effective = self.effective(version)
        day = today if effective is None or effective == EARLY else effective
        required = set(self._required(version, day if effective != EARLY else dt.date.max))
        signed = self.signed(version)
        listed = [p for p in self.parties if p in required or p in signed]
        # A signature stays even when its party was taken out of the signing order by hand.
        return listed + [p for p in signed if p not in listed]

    def outstanding(self, version: Version, today: dt.date) -> list[str]:
        """The parties bound by ``version`` that have not signed it."""
        signed = self.signed(version)
        return [p for p in self.bound(version, today) if p not in signed]

    # ------------------------------------------------------------ term (23.1)

    def term(self, day: dt.date) -> Term | None:
        """The term of the convenant in force on ``day`` (see term_of)."""
        version = self.in_force(day)
        return self.term_of(version, day) if version else None

    def term_of(self, version: Version, day: dt.date) -> Term | None:
        """The term of ``version`` on ``day``: from the fixed date of entry into force, or
        the day the version took effect; None when that day is unknown or not yet there."""
        duur = self.manifest.duur
        if duur is None:
            return None
        start = duur.inwerkingtreding if isinstance(duur.inwerkingtreding, dt.date) \
            else self.effective(version)
        if start is None or start == EARLY:
            return None
        end = add_years(start, duur.looptijd_jaren)
        next_end = end
        while next_end < day:  # the day of renewal itself still ends the period
            next_end = add_years(next_end, duur.verlenging_jaren)
        return Term(start, end, next_end)

    def withdrawals(self) -> list[Withdrawal]:
        return list(self._withdrawals.values())

    def leaving(self) -> dict[str, str]:
        """Per party whose withdrawal is recorded: when it leaves (left), in Dutch."""
        out = {}
        for w in self.withdrawals():
            left = self.left(w.party)
            if left is not None:
                out[w.party] = f"treedt uit per {dutch_date(left)} (artikel {w.ground})"
            elif w.version:
                out[w.party] = (f"treedt uit bij de inwerkingtreding van versie {w.version} "
                                "(artikel 21.3)")
            else:
                out[w.party] = (f"treedt uit bij het besluit over de toetreding van "
                                f"{w.accession} (artikel 21.3)")
        return out
