"""The site's search index: every lid, preamble, part and bijlage section of each region's
current text as one passage, indexed with lunr (the Python port of lunr.js, whose index
lunr.js loads unchanged) and written as a script (``zoekindex.js``) so that the search page
works from a file share without a server; assets/zoeken.js searches it in the page.

No stemmer or stop-word list: lunr's are English. Words are compared without accents, in lower
case and without punctuation at either end (``normalise``, the same as zoeken.js's ``trim``).
"""

from __future__ import annotations

import json
import re
import unicodedata

from lunr.builder import Builder
from lunr.pipeline import Pipeline

from ..canonical import block_lines
from ..model.document import Document

PIPELINE_LABEL = "cvTrim"
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


def normalise(word: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return _EDGES.sub("", folded.lower())


def _trim(token, i=None, tokens=None):
    return token.update(lambda text, metadata=None: normalise(text))


Pipeline.register_function(_trim, PIPELINE_LABEL)


def passages(doc: Document, href: str, region_name: str) -> list[dict]:
    """The passages of one text: ``u`` the link (``href`` + "#" + the anchor the HTML gives
    it), ``r`` the region, ``w`` where ("artikel 15.2"), ``h`` the heading, ``t`` the text."""
    out = []
    for place in doc.parts():
        text = " ".join(line.text for line in block_lines(place.blocks) if line.text)
        if not text:
            continue
        if place.article is not None:
            anchor = place.article.id + (f".{place.lid.id}" if place.lid is not None else "")
            heading = place.article.title
        elif place.annex is not None:
            anchor, heading = place.annex.id, place.annex.title
        else:
            anchor, heading = place.part.id, place.part.title or ""
        out.append({"u": f"{href}#{anchor}", "r": region_name, "w": place.where, "h": heading,
                    "t": text})
    return out


def search_script(found: list[dict]) -> str:
    """zoekindex.js: ``window.CONVENANT_ZOEK = {index, docs}``, the lunr index of ``found``
    (passages) and the passages themselves by their number."""
    builder = Builder()
    builder.pipeline.add(_trim)
    builder.search_pipeline.add(_trim)
    builder.ref("id")
    builder.field("h", boost=2)
    builder.field("t")
    builder.metadata_whitelist = []
    for number, passage in enumerate(found):
        builder.add({"id": str(number), "h": f"{passage['w']} {passage['h']}", "t": passage["t"]})
    data = {"index": builder.build().serialize(),
            "docs": {str(n): passage for n, passage in enumerate(found)}}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # inside <script src>, not inline; still never let the data close a script element
    text = text.replace("</", "<\\/")
    return f"window.CONVENANT_ZOEK = {text};\n"
