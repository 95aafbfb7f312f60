"""The invisible marks of a convenant DOCX that let an edited copy come back (issue 19).

Every paragraph that comes from a clause file is wrapped in a bookmark named after where it is
written, ``cv_<file key>_<line>`` (the key: 6 hex digits of the file's path from ``clauses/``,
since a Word bookmark name holds at most 40 letters, digits and underscores); the title page
holds an empty hidden bookmark (a leading "_" hides it in Word's list) with the fingerprint
of the text, ``_cvtekst_<24 hex digits>``. Word and LibreOffice keep bookmarks through
editing with tracked changes (content controls did not survive LibreOffice: tested), and a
reader does not see them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

MARK_PREFIX = "cv_"
"""Bookmarks around the paragraphs that come from the clause files: ``cv_<file key>_<line>``."""
TEXT_MARK_PREFIX = "_cvtekst_"
"""The hidden bookmark with the fingerprint of the text the DOCX was made from."""
TEXT_MARK_DIGITS = 24
"""Of the fingerprint (96 bits): with the prefix well within Word's 40 characters (LibreOffice
cuts a longer name at 40)."""
RENVOOI_MARK_PREFIX = "_cvrenvooi_"
"""The renvooi's DOCX (`convenant diff`) carries the marks of its new side's paragraphs and
this hidden bookmark with the new text's fingerprint instead of ``_cvtekst_``: its paragraphs
map to the clause files, but it is not the convenant (import reads the convenant's DOCX)."""
OLD_MARK_PREFIX = "_cvoud_"
"""The renvooi's hidden bookmark with the git commit of its old side (24 hex digits)."""
MARK_IDS = 10000
"""Bookmark ids of the marks (the TOC's bookmarks are numbered from 1)."""


def source_key(path) -> str | None:
    """A clause file's short key for its marks: 6 hex digits of its path from ``clauses/``
    (a Word bookmark name holds at most 40 letters, digits and underscores)."""
    if path is None:
        return None
    parts = Path(path).parts
    relative = "/".join(parts[len(parts) - 1 - parts[::-1].index("clauses"):]
                        if "clauses" in parts else parts)
    return hashlib.sha256(relative.encode("utf-8")).hexdigest()[:6]


def mark_name(key: str, line: int) -> str:
    """The bookmark of the paragraph written at ``line`` of the clause file with key ``key``."""
    return f"{MARK_PREFIX}{key}_{line}"


def text_mark(doc) -> str:
    """The hidden bookmark naming the text the DOCX was made from: its fingerprint."""
    return f"{TEXT_MARK_PREFIX}{doc.fingerprint[:TEXT_MARK_DIGITS]}"
