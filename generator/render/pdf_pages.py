"""The page of each heading in a rendered PDF, read from its bookmarks (the outline).

The DOCX of a convenant prints these pages in its table of contents until Word updates the
field (generator.render.docx_toc): the PDF and the DOCX come from the same Document in the
same build, and the PDF's bookmarks are its headings (``bookmark-level`` in convenant.css).
"""

from __future__ import annotations

import io

from .docx_toc import heading_key


def heading_pages(pdf: bytes) -> dict[str, int]:
    """Heading text (heading_key: without whitespace) → 1-based page number, for every
    bookmark of the PDF at any level; the first one wins when two read the same."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages: dict[str, int] = {}

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            number = reader.get_destination_page_number(item)
            if number is not None and number >= 0:
                pages.setdefault(heading_key(str(item.title)), number + 1)

    walk(reader.outline)
    return pages


__all__ = ["heading_pages"]
