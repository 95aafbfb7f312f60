"""PDF/A for a PDF put together by pypdf from a PDF/A that weasyprint made (the executed copy).

weasyprint writes the convenant as PDF/A-2b itself (render.pdf.PDFA_VARIANT). A document put
together from it by pypdf keeps its pages but not its catalog: ``carry_pdfa`` copies the
output intent (sRGB) into the new catalog and writes XMP metadata that says PDF/A-2b and
repeats the document information (title, creator, producer), as PDF/A requires. The pages
added beside the convenant must be PDF/A-fit themselves: reportlab's pages of the project
embed their fonts; a kept scan is copied unchanged, so the result is PDF/A only when the
scans are (an image per page, as a scanner makes them).

``pdfa_markers`` reads back what a PDF says of itself; tests use it, as no PDF/A validator
(veraPDF) is installable here from PyPI or Debian.
"""

from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, StreamObject

PART, CONFORMANCE = "2", "B"

_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
  pdfaid:part="{part}" pdfaid:conformance="{conformance}"/>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" pdf:Producer="{producer}"/>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="{creator}"/>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>nl</rdf:li></rdf:Bag></dc:language>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def carry_pdfa(writer: PdfWriter, source: PdfReader, title: str, creator: str,
               producer: str) -> None:
    """Make ``writer``'s document say PDF/A-2b, as ``source`` (a PDF/A by weasyprint) does: its
    output intents, XMP metadata matching the document information set here, and a file
    identifier (derived from the source's and the title: the same input, the same bytes)."""
    intents = source.trailer["/Root"].get("/OutputIntents")
    if intents is None:
        raise ValueError("the source PDF has no output intent: it is not a PDF/A")
    writer.root_object[NameObject("/OutputIntents")] = intents.clone(writer)
    writer.add_metadata({"/Title": title, "/Creator": creator, "/Producer": producer})
    xmp = _XMP.format(part=PART, conformance=CONFORMANCE, title=escape(title),
                      creator=escape(creator, {'"': "&quot;"}),
                      producer=escape(producer, {'"': "&quot;"}))
    stream = StreamObject()
    stream.set_data(xmp.encode("utf-8"))  # not compressed: PDF/A wants the XMP readable
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer.root_object[NameObject("/Metadata")] = writer._add_object(stream)
    source_id = b"".join(bytes(part.original_bytes) for part in source.trailer.get("/ID", []))
    digest = ByteStringObject(hashlib.sha256(source_id + title.encode()).digest()[:16])
    writer._ID = ArrayObject([digest, digest])  # pypdf writes it as the trailer's /ID


def pdfa_markers(reader: PdfReader) -> dict[str, str]:
    """What a PDF says of its PDF/A conformance: ``part`` and ``conformance`` from its XMP
    (empty when absent), ``intent``: the output intent's subtype, ``title`` from the XMP."""
    root = reader.trailer["/Root"]
    xmp = reader.xmp_metadata
    intents = root.get("/OutputIntents") or []
    return {
        "part": str(xmp.pdfaid_part or "") if xmp else "",
        "conformance": str(xmp.pdfaid_conformance or "") if xmp else "",
        "intent": str(intents[0].get_object().get("/S", "")) if intents else "",
        "title": (xmp.dc_title or {}).get("x-default", "") if xmp else "",
    }
