"""Dutch wording shared by the outputs."""

from __future__ import annotations


def join_en(items) -> str:
    """["a"] → "a"; ["a", "b", "c"] → "a, b en c"."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]
