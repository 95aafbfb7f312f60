"""A changed paragraph back into the Markdown of its clause file (``convenant import``).

The paragraph was exported from the assembled text: its runs print the region's words for
``{{term}}``, numbers for ``{{ref:...}}`` and blanks for ``{{veld:...}}``. The edited text from
Word is compared with the exported one word by word (with bold and italic); what is
unchanged keeps its source as written (a placeholder stays a placeholder when all of its
printed text is unchanged), what is new becomes literal text. A placeholder whose printed
text was edited becomes the new literal text, and is reported (``Rewrite.literal``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..model.blocks import Run

ESCAPE = re.compile(r"([\\*_`\[\]<>{}])")
"""Characters that Markdown or the clause format would read as markup inside a paragraph."""
LINE_START = re.compile(r"^([#@>+-]|\d+[.)])")
"""A paragraph starting with one of these would read as a heading, mark, quote or list."""


@dataclass
class Rewrite:
    """The new Markdown of a paragraph, and the placeholders it turned into literal text."""

    source: str
    literal: list[str] = field(default_factory=list)
    """The placeholders (as written, "{{ref:stuurgroep.taken}}") whose printed text changed."""


def source_of(run: Run) -> str | None:
    """The placeholder as written for a term, reference or form field run; None for text."""
    if run.term is not None:
        return f"{{{{{run.term}}}}}"
    if run.ref is not None:
        return f"{{{{ref:{run.ref}{'|' + run.ref_form if run.ref_form else ''}}}}}"
    if run.field is not None:
        return f"{{{{veld:{run.field}|{run.text}}}}}"
    return None


def escape(text: str) -> str:
    return ESCAPE.sub(r"\\\1", text)


WORD = re.compile(r"\w+|\s+|[^\w\s]")
"""The units compared: words, spaces and single signs (characters alone would match stray
letters of a replaced word)."""


def _chars(runs) -> list[tuple[str, bool, bool]]:
    return [(ch, bool(r.bold), bool(r.italic)) for r in runs for ch in r.text]


def _words(chars: list[tuple[str, bool, bool]]) -> list[tuple[tuple, int, int]]:
    """(unit, start, end): each word, space or sign with its style, and its characters."""
    text = "".join(ch for ch, _b, _i in chars)
    out = []
    for match in WORD.finditer(text):
        start, end = match.span()
        styles = tuple((b, i) for _ch, b, i in chars[start:end])
        out.append(((match.group(0), styles), start, end))
    return out


def rewrite(exported: list[Run], edited: list[Run], escaped: bool = True) -> Rewrite:
    """The Markdown of ``edited`` (runs read from Word), keeping the source of what is unchanged
    from ``exported`` (the assembled runs of the paragraph as it was exported)."""
    old, new = _chars(exported), _chars(edited)
    owner = [(index, offset) for index, r in enumerate(exported) for offset in range(len(r.text))]
    tokens: list[tuple] = []  # ("old", index into old) or ("new", index into new)
    old_words, new_words = _words(old), _words(new)
    matcher = difflib.SequenceMatcher(None, [w[0] for w in old_words], [w[0] for w in new_words],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            tokens += [("old", i) for w in old_words[i1:i2] for i in range(w[1], w[2])]
        else:
            tokens += [("new", j) for w in new_words[j1:j2] for j in range(w[1], w[2])]
    kept = _whole_placeholders(tokens, owner, exported)
    pieces: list[tuple[str, bool, bool]] = []  # (markdown, bold, italic)
    literal: list[str] = []
    position = 0
    while position < len(tokens):
        kind, index = tokens[position]
        if kind == "old" and owner[index][0] in kept and owner[index][1] == 0:
            run = exported[owner[index][0]]
            pieces.append((source_of(run), bool(run.bold), bool(run.italic)))
            position += len(run.text)
            continue
        written = source_of(exported[owner[index][0]]) if kind == "old" else None
        if written is not None and old[index][0].isalnum() and written not in literal:
            literal.append(written)  # part of its printed text is kept, as text
        ch, bold, italic = old[index] if kind == "old" else new[index]
        pieces.append((escape(ch) if escaped else ch, bold, italic))
        position += 1
    # a placeholder none of whose text is left is gone: that is a change of text, not reported
    if not escaped:  # a title: plain text, no emphasis
        return Rewrite("".join(text for text, _b, _i in pieces).strip(), literal)
    return Rewrite(_markdown(pieces), literal)


def _whole_placeholders(tokens, owner, exported) -> set[int]:
    """The placeholder runs of ``exported`` whose every character is kept, in one stretch."""
    kept_at: dict[int, list[int]] = {}
    for position, (kind, index) in enumerate(tokens):
        if kind == "old" and source_of(exported[owner[index][0]]) is not None:
            kept_at.setdefault(owner[index][0], []).append(position)
    whole = set()
    for run_index, positions in kept_at.items():
        length = len(exported[run_index].text)
        if len(positions) == length and positions[-1] - positions[0] == length - 1:
            whole.add(run_index)
    # an empty placeholder text (a term that prints as nothing) cannot be seen: keep it
    return whole


def _markdown(pieces: list[tuple[str, bool, bool]]) -> str:
    """The pieces joined, each stretch of one style wrapped in ``**``/``*``; the paragraph
    does not start with something the clause format reads as a mark, list or heading."""
    out = []
    for text, bold, italic in _grouped(pieces):
        core = text.strip(" ")
        if not core or not (bold or italic):
            out.append(text)
            continue
        lead, trail = text[:len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")):]
        mark = ("**" if bold else "") + ("*" if italic else "")
        out.append(f"{lead}{mark}{core}{mark[::-1]}{trail}")
    result = "".join(out).replace("\n", " ").replace("\t", " ").strip()
    if LINE_START.match(result):
        result = "\\" + result
    return result


def _grouped(pieces):
    group, style = [], None
    for text, bold, italic in pieces:
        if (bold, italic) != style and group:
            yield "".join(group), style[0], style[1]
            group = []
        group.append(text)
        style = (bold, italic)
    if group:
        yield "".join(group), style[0], style[1]
