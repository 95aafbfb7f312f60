"""Compare a region's generated HTML, word by word, with its raw seed document.

Used by tests/test_seed_fidelity.py, and by hand while transcribing:

    python -m tests.seedtext zhz          # list every difference with context
"""

from __future__ import annotations

import difflib
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import lxml.html

FIXTURES = Path(__file__).parent / "fixtures" / "seeds"
SEEDS = {"zhz": "000_a19255963682a032.txt", "haaglanden": "004_5273e24a9fcad925.txt"}
STRIP = ".,;:!?'\"‘’“”()[]{}…•–—-*_/"


def seed_text(region: str) -> str:
    return (FIXTURES / SEEDS[region]).read_text(encoding="utf-8")


# ------------------------------------------------------------ normalising the PDF extraction

PAGE_HEADER = re.compile(
    r"PAG I N A[ \d]+\n\s*\nZorg- en Veiligheidshuis\nZuid-Holland Zuid\n\s*\nC O N V E N A N T\n\s*")
ANNEX_LABEL = re.compile(r"^BIJLAGE \d+\n(?:[^ \n].*\n)*", re.M)


def _move_annex_labels(text: str) -> str:
    """The extraction puts "BIJLAGE n / title" after the annex's first page (column order)."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if re.fullmatch(r"BIJLAGE \d+", lines[i]):
            label = [lines[i].replace("BIJLAGE", "Bijlage")]  # set in capitals: typography
            i += 1
            while i < len(lines) and lines[i].strip() and not lines[i].startswith(" "):
                label.append(lines[i])
                i += 1
            # the annex's page starts at the last line that begins with a space
            start = max(k for k in range(len(out)) if out[k].startswith(" ") and out[k].strip())
            out[start:start] = label
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


def _join_hyphenation(text: str) -> str:
    """Join words hyphenated at a line end, unless the hyphen belongs to the word."""
    mid_line_hyphenated = set(re.findall(r"(?<![\n\w])(\w+-\w+)", text.replace("\n", " \n ")))

    def join(m: re.Match) -> str:
        first, second = m.group(1), m.group(2)
        if second in ("en", "of"):
            return m.group(0)  # "Zorg- en Veiligheidshuis": a suspended compound
        if second[0].isupper() or f"{first}-{second}" in mid_line_hyphenated:
            return f"{first}-{second}"  # "Zuid-\nHolland", "regio-\ndirecteur": a real hyphen
        return first + second

    text = re.sub(r"(\w+)-[ \t]*\n\s*(\w+)", join, text)
    return re.sub(r"(\w+/)[ \t]*\n\s*(\w+)", r"\1\2", text)  # "en/\nof"


def normalise_pdf_seed(text: str) -> str:
    text = PAGE_HEADER.sub(" ", text)  # a page's first line starts with a space, as elsewhere
    text = _move_annex_labels(text)
    text = re.sub(r"(?m)^[ \t]*o[ \t]+", " ", text)  # sub-bullet markers
    return _join_hyphenation(text)


def normalise_markdown_seed(text: str) -> str:
    text = re.sub(r"\s*\.{3,}\s*- \d+ -", "", text)  # table of contents: leaders, page numbers
    text = re.sub(r"</?i>", "", text)
    text = re.sub(r"(?m)^\s*(?:#+|-)\s+", "", text)
    return text.replace("**", " ").replace("*", "")


def normalised_seed(region: str) -> str:
    raw = seed_text(region)
    return normalise_pdf_seed(raw) if region == "zhz" else normalise_markdown_seed(raw)


# ------------------------------------------------------------ words and differences

def words(text: str) -> list[str]:
    result = []
    text = unicodedata.normalize("NFC", text).replace("’", "'")
    for token in text.split():
        token = token.strip(STRIP)
        if any(ch.isalnum() for ch in token):
            result.append(token)
    return result


def html_text(html: str) -> str:
    root = lxml.html.document_fromstring(html)
    for bad in root.xpath("//style|//script|//head"):
        bad.getparent().remove(bad)
    return " ".join(root.itertext())


@dataclass(frozen=True)
class Difference:
    seed: str
    """Seed words not reproduced (replaced or missing)."""
    generated: str
    """What the generated text has in their place ("" if nothing)."""


@dataclass
class Comparison:
    seed_words: int
    matched: int
    """Seed words reproduced in order, compared as words (ignoring capitalisation)."""
    differences: list[Difference]
    """Every stretch of seed words not reproduced exactly (capitalisation included)."""

    @property
    def ratio(self) -> float:
        return self.matched / self.seed_words


def compare(seed: str, generated: str) -> Comparison:
    a, b = words(seed), words(generated)
    folded = difflib.SequenceMatcher(None, [w.casefold() for w in a], [w.casefold() for w in b],
                                     autojunk=False)
    matched = sum(block.size for block in folded.get_matching_blocks())
    exact = difflib.SequenceMatcher(None, a, b, autojunk=False)
    diffs = [Difference(" ".join(a[i1:i2]), " ".join(b[j1:j2]))
             for tag, i1, i2, j1, j2 in exact.get_opcodes() if tag in ("replace", "delete")]
    return Comparison(len(a), matched, diffs)


def compare_region(region: str, html: str) -> Comparison:
    return compare(normalised_seed(region), html_text(html))


def main(argv: list[str]) -> int:
    from generator.assemble import assemble_regions
    from generator.project import load_project
    from generator.render.html import render_html

    region = argv[0]
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).parent.parent
    doc = assemble_regions(load_project(root), [region])[region]
    result = compare_region(region, render_html(doc))
    for d in result.differences:
        print(f"    ({d.seed!r}, {d.generated!r}, \"\"),")
    missing = result.seed_words - result.matched
    print(f"{region}: {result.matched}/{result.seed_words} seed words reproduced in order "
          f"({result.ratio:.4%}); {missing} not; {len(result.differences)} differences")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
