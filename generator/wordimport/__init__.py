"""Reading an edited convenant DOCX back (``convenant import``, issue 19)."""
