"""Per-party "package" PDFs: cover letter + the shared convenant + signature page(s).

Every party gets the same convenant between its own front and back pages. Copying the
convenant's pages for each party costs time in proportion to the convenant's length, so each
package is instead written as an incremental update (ISO 32000-1 §7.5.6) on top of one base
file that holds only the convenant:

    base bytes                       written once, identical at the start of every package
    new version of the Pages root    /Kids = party's front pages + convenant pages + back pages
    the party's own page objects     and whatever they reference that is not in the base
    xref section, trailer (/Prev)    listing just those objects

The extra pages of all parties are cloned into the base's writer once, after the base has
been written, so they get object numbers above the base's, and each of their objects is
serialized once. A package then only concatenates prepared bytes: its cost grows with the
party's own pages, not with the convenant (apart from one reference per convenant page in
the new /Kids array, prepared once as bytes).

Privacy: a package holds only objects reachable from that party's own pages (never following
/Parent). Link annotations that point at a page outside the package (another party's letter)
are left out of that party's version of the page; any other reference to such a page is an
error. Resources shared by several parties' pages (a font, a logo) are shared objects.

pypdf behaviour relied on (checked against pypdf 7.1): a ``PdfWriter`` numbers an object by its
position in the writer (objects cloned after writing get numbers above all written ones),
writing neither renumbers nor drops objects, ``append`` puts every page directly under the
root ``/Pages`` node (even from a nested page tree), and the written file has a classic xref
table starting at object 0. The last two are checked (AssertionError) when an assembler is made.

Why not a library (issue 13 asked for pikepdf or pypdf's incremental writer; kept for these
measured reasons). What one package costs on top of the shared work, median of 3, on the ZHZ
convenant with its 31 parties / with 200 (bench data), on a 2-core machine:

    this module                                          0.20 ms /  0.23 ms
    pikepdf 10.18 (qpdf 12.4): open, insert, save        9.5 ms  / 13.2 ms
    pypdf 7.1 ``PdfWriter(base, incremental=True)``     57 ms    / 93 ms

qpdf cannot write an incremental update, so every package rewrites the whole convenant;
pypdf's incremental writer copies and hashes every object of the convenant for each package,
and again when writing. With pikepdf in its place (links to other parties' pages dropped,
streams left uncompressed), bench/bench_pakket.py gave a ratio of 1.16 on the real data and
1.53 with 200 parties, growth 1.32: both bars (1.3 and 1.15) broken. With this module, in
the same conditions: 1.10 and 1.18, growth 1.07.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from itertools import groupby

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject,
                           PdfObject, TextStringObject)

# Keys never followed when collecting a page's objects: /Parent leads back up into the page
# tree (the base's Pages root, or form-field trees spanning other pages).
_NOT_FOLLOWED = frozenset({"/Parent"})

LANG = "nl"
"""The language of every package (the catalog's /Lang): the letters and the convenant are Dutch."""
OUTLINE = ("Begeleidende brief", "Convenant", "Tekenblad")
"""The bookmarks of a package, at its first front page, the convenant and its first back page;
the convenant's own bookmarks are under the second, closed."""


@dataclass(frozen=True)
class _Annotation:
    idnum: int
    objects: tuple[int, ...]  # new objects reachable from the annotation, itself included
    pages: frozenset[int]  # idnums of the extra pages it refers to


@dataclass(frozen=True)
class _ExtraPage:
    idnum: int
    objects: tuple[int, ...]  # new objects reachable from the page without its annotations
    pages: frozenset[int]  # extra pages referred to outside the annotations (normally none)
    annots_array: int | None  # idnum of an indirect /Annots array, if it is one
    annotations: tuple[_Annotation, ...]


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _serialize(obj: PdfObject) -> bytes:
    stream = io.BytesIO()
    obj.write_to_stream(stream)
    return stream.getvalue()


def _object_bytes(idnum: int, obj: PdfObject) -> bytes:
    return b"%d 0 obj\n%s\nendobj\n" % (idnum, _serialize(obj))


def _startxref(pdf: bytes) -> int:
    match = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf[-1024:])
    if match is None:
        raise ValueError("no startxref at the end of the base PDF")
    return int(match.group(1))


def _references(obj: PdfObject) -> list[int]:
    """Object numbers referenced directly by obj (not through other indirect objects)."""
    found: list[int] = []
    todo: list[PdfObject] = [obj]
    while todo:
        item = todo.pop()
        if isinstance(item, IndirectObject):
            found.append(item.idnum)
        elif isinstance(item, DictionaryObject):  # StreamObject included
            todo.extend(v for k, v in item.items() if k not in _NOT_FOLLOWED)
        elif isinstance(item, ArrayObject):
            todo.extend(item)
    return found


class PackageAssembler:
    """Builds per-party packages around one shared main PDF (see the module docstring).

    main_pdf: the convenant, the same for every party.
    extra_pdf: all parties' letters and signature pages, addressed by 0-based page index.
    """

    def __init__(self, main_pdf: bytes, extra_pdf: bytes):
        self._extra_reader = PdfReader(io.BytesIO(extra_pdf))
        writer = PdfWriter()
        main = PdfReader(io.BytesIO(main_pdf))
        # append (not add_page) keeps the outline, named destinations and internal links.
        writer.append(main)
        if main.metadata:
            writer.add_metadata(dict(main.metadata))
        catalog = writer.root_object
        catalog[NameObject("/Lang")] = TextStringObject(LANG)
        root_ref = catalog.raw_get("/Pages")
        pages_root = root_ref.get_object()

        out = io.BytesIO()
        writer.write(out)
        self.base: bytes = out.getvalue()
        """The base PDF: the main PDF alone, the exact start of every package."""
        self._prev = _startxref(self.base)
        # The base's entry for object 0 (head of the free list), repeated as the first
        # subsection of each update: readers such as pypdf take an xref section that does not
        # start at object 0 for a badly numbered one and warn about it.
        match = re.match(rb"xref\s+0\s+\d+\s+(\d{10} \d{5} f)", self.base[self._prev:])
        if match is None:
            raise AssertionError("pypdf did not write a classic xref table starting at object 0")
        self._xref_zero = match.group(1) + b" \n"
        # The new trailer: the base's (/Size, /Root, /Info, /ID) with /Prev added; each
        # package sets /Size, which only grows.
        self._trailer = PdfReader(io.BytesIO(self.base)).trailer
        self._base_size = int(self._trailer["/Size"]) - 1  # object numbers 1.._base_size are in the base
        self._trailer[NameObject("/Prev")] = NumberObject(self._prev)
        self._root_idnum = root_ref.idnum
        # The Pages root as written in the base, minus /Kids and /Count which each package adds
        # before the closing ">>".
        head = DictionaryObject({k: v for k, v in pages_root.items() if k not in ("/Kids", "/Count")})
        self._root_head = _serialize(head).removesuffix(b">>")
        self._main_kids = b"".join(b" %d 0 R" % ref.idnum for ref in pages_root["/Kids"])
        self._main_count = len(pages_root["/Kids"])
        self._prepare_outline(catalog, pages_root["/Kids"][0].idnum if self._main_count else None)

        # Now clone every extra page into the same writer: new objects numbered after the base's.
        # append() (rather than add_page) keeps links between the extra pages pointing at the
        # clones instead of cloning their targets again; /B (article threads) is not copied.
        first_new = len(writer.flattened_pages)
        writer.append(self._extra_reader, import_outline=False, excluded_fields=["/B"])
        clones = writer.flattened_pages[first_new:]
        if len(clones) != len(self._extra_reader.pages):
            raise ValueError("extra_pdf: not every page could be copied")
        # The package's /Kids array relies on every page, the convenant's and the extra ones,
        # being a direct kid of the Pages root.
        pages = writer.flattened_pages
        if [page.indirect_reference for page in pages] != list(pages_root["/Kids"]) or any(
                page.raw_get("/Parent") != root_ref for page in pages):
            raise AssertionError("pypdf put a page elsewhere than directly under the Pages root")
        self._writer = writer
        self._new = len(writer._objects) + 1  # the first number above every object cloned
        self._page_ids = frozenset(p.indirect_reference.idnum for p in clones)
        self._bytes: dict[int, bytes] = {}
        self._refs: dict[int, list[int]] = {}
        self._extra = [self._describe(page) for page in clones]

    def _prepare_outline(self, catalog: DictionaryObject, main_first: int | None) -> None:
        """What each package's catalog and bookmarks are made from: the base's catalog (as
        written, less what each package sets) and outline root, the convenant's first page."""
        self._catalog_idnum = catalog.indirect_reference.idnum
        head = DictionaryObject({k: v for k, v in catalog.items()
                                 if k not in ("/Outlines", "/PageMode", "/Lang")})
        self._catalog_head = _serialize(head).removesuffix(b">>")
        outlines = catalog.raw_get("/Outlines") if "/Outlines" in catalog else None
        self._main_outline = None
        if isinstance(outlines, IndirectObject) and "/First" in outlines.get_object():
            self._main_outline = outlines.idnum, outlines.get_object()
        self._main_first = main_first

    def _outline(self, front: list[int], back: list[int]) -> dict[int, bytes]:
        """This package's catalog (language, bookmarks shown on opening) and its bookmarks
        (OUTLINE): a new outline root with an item for the letter, the convenant and the
        signature page. The convenant's outline root is rewritten as the item "Convenant", so
        that its own items, whose /Parent is that object, hang under it unchanged."""
        ref = lambda idnum: IndirectObject(idnum, 0, self._writer)  # noqa: E731
        root = self._new
        convenant = self._main_outline[0] if self._main_outline else root + 3
        wanted = ((OUTLINE[0], self._extra[front[0]].idnum if front else None, root + 1),
                  (OUTLINE[1], self._main_first, convenant),
                  (OUTLINE[2], self._extra[back[0]].idnum if back else None, root + 2))
        items = [(title, page, idnum) for title, page, idnum in wanted if page is not None]
        bodies: dict[int, bytes] = {}
        for i, (title, page, idnum) in enumerate(items):
            item = DictionaryObject({
                NameObject("/Title"): TextStringObject(title), NameObject("/Parent"): ref(root),
                NameObject("/Dest"): ArrayObject([ref(page), NameObject("/Fit")])})
            if i > 0:
                item[NameObject("/Prev")] = ref(items[i - 1][2])
            if i + 1 < len(items):
                item[NameObject("/Next")] = ref(items[i + 1][2])
            if idnum == convenant and self._main_outline:
                children = self._main_outline[1]
                item[NameObject("/First")] = children.raw_get("/First")
                item[NameObject("/Last")] = children.raw_get("/Last")
                item[NameObject("/Count")] = NumberObject(-abs(int(children.get("/Count", 0))))
            bodies[idnum] = _object_bytes(idnum, item)
        outline = DictionaryObject({NameObject("/Type"): NameObject("/Outlines"),
                                    NameObject("/Count"): NumberObject(len(items))})
        if items:
            outline[NameObject("/First")] = ref(items[0][2])
            outline[NameObject("/Last")] = ref(items[-1][2])
        bodies[root] = _object_bytes(root, outline)
        bodies[self._catalog_idnum] = (
            b"%d 0 obj\n%s/Outlines %d 0 R\n/PageMode /UseOutlines\n/Lang %s\n>>\nendobj\n"
            % (self._catalog_idnum, self._catalog_head, root, _serialize(TextStringObject(LANG))))
        return bodies

    def _closure(self, start: list[int], own: int) -> tuple[tuple[int, ...], frozenset[int]]:
        """New objects reachable from the object numbers `start`, and the extra pages met.

        The walk stops at base objects (already in every package) and at extra pages (those
        are only ever included as pages of a package, never through a reference).
        """
        found: dict[int, None] = {}  # in the order met
        pages: set[int] = set()
        todo = list(start)
        while todo:
            idnum = todo.pop()
            if idnum <= self._base_size or idnum in found:
                continue
            if idnum in self._page_ids:
                if idnum != own:
                    pages.add(idnum)
                continue
            found[idnum] = None
            refs = self._refs.get(idnum)
            if refs is None:  # first met: serialize once (a shared font is met by every page)
                obj = self._writer.get_object(idnum)
                if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Page":
                    raise ValueError(f"extra_pdf: object {idnum} is a page that is not in the page tree")
                self._bytes[idnum] = _object_bytes(idnum, obj)
                refs = self._refs[idnum] = _references(obj)
            todo.extend(refs)
        return tuple(found), frozenset(pages)

    def _describe(self, page: DictionaryObject) -> _ExtraPage:
        idnum = page.indirect_reference.idnum
        self._bytes[idnum] = _object_bytes(idnum, page)
        raw_annots = page.get("/Annots")  # dict.get: an indirect /Annots stays a reference
        annots_array = raw_annots.idnum if isinstance(raw_annots, IndirectObject) else None
        annot_refs = raw_annots.get_object() if raw_annots is not None else []
        rest = [v for k, v in page.items() if k not in ("/Annots", *_NOT_FOLLOWED)]
        objects, pages = self._closure([r for v in rest for r in _references(v)], idnum)
        annotations = []
        for ref in annot_refs:
            if isinstance(ref, IndirectObject):
                annot_objects, annot_pages = self._closure([ref.idnum], idnum)
                annotations.append(_Annotation(ref.idnum, annot_objects, annot_pages))
            else:  # a direct annotation dictionary: keep it with the page body
                more, more_pages = self._closure(_references(ref), idnum)
                objects, pages = objects + more, pages | more_pages
        if annots_array is not None:
            self._bytes[annots_array] = _object_bytes(annots_array, annot_refs)
        return _ExtraPage(idnum, objects, pages, annots_array, tuple(annotations))

    def _check_indices(self, indices: list[int]) -> None:
        count = len(self._extra)
        for i in indices:
            if not 0 <= i < count:
                raise IndexError(f"extra_pdf has {count} pages, no page {i}")
        if len(set(indices)) != len(indices):
            raise ValueError("a page can appear only once in a package")

    def package(self, front: list[int], back: list[int]) -> bytes:
        """main_pdf's pages with extra_pdf's pages `front` (0-based indices) before and `back` after."""
        self._check_indices([*front, *back])
        own = {self._extra[i].idnum for i in (*front, *back)}
        bodies: dict[int, bytes] = {}
        for i in (*front, *back):
            page = self._extra[i]
            if not page.pages <= own:
                raise ValueError(f"extra_pdf page {i} refers to a page outside this package")
            kept = [a for a in page.annotations if a.pages <= own]
            for idnum in (*page.objects, *(n for annotation in kept for n in annotation.objects)):
                bodies[idnum] = self._bytes[idnum]
            if len(kept) == len(page.annotations):
                bodies[page.idnum] = self._bytes[page.idnum]
                if page.annots_array is not None:
                    bodies[page.annots_array] = self._bytes[page.annots_array]
            else:
                # This party's version of the page, without the links to other parties' pages.
                original = self._writer.get_object(page.idnum)
                variant = DictionaryObject(original)
                direct = [a for a in original["/Annots"].get_object() if not isinstance(a, IndirectObject)]
                annots = ArrayObject([*direct, *(IndirectObject(a.idnum, 0, self._writer) for a in kept)])
                if annots:
                    variant[NameObject("/Annots")] = annots
                else:
                    del variant[NameObject("/Annots")]
                bodies[page.idnum] = _object_bytes(page.idnum, variant)

        bodies.update(self._outline(front, back))
        front_kids = b"".join(b" %d 0 R" % self._extra[i].idnum for i in front)
        back_kids = b"".join(b" %d 0 R" % self._extra[i].idnum for i in back)
        count = self._main_count + len(front) + len(back)
        bodies[self._root_idnum] = b"%d 0 obj\n%s/Kids [%s%s%s ]\n/Count %d\n>>\nendobj\n" % (
            self._root_idnum, self._root_head, front_kids, self._main_kids, back_kids, count)

        parts = [self.base]
        offset = len(self.base)
        offsets: dict[int, int] = {}
        for idnum in sorted(bodies):
            offsets[idnum] = offset
            parts.append(bodies[idnum])
            offset += len(bodies[idnum])
        parts.append(self._xref(offsets, self._xref_zero))
        self._trailer[NameObject("/Size")] = NumberObject(max(self._base_size, *offsets) + 1)
        parts.append(b"trailer\n%s\nstartxref\n%d\n%%%%EOF\n" % (_serialize(self._trailer), offset))
        return b"".join(parts)

    @staticmethod
    def _xref(offsets: dict[int, int], zero_entry: bytes) -> bytes:
        """A classic xref section: object 0's entry, then one subsection per run of
        consecutive object numbers."""
        lines = [b"xref\n0 1\n", zero_entry]
        # Numbers in a run are consecutive: their difference from their position is the same.
        for _, run in groupby(enumerate(sorted(offsets)), key=lambda pair: pair[1] - pair[0]):
            numbers = [n for _, n in run]
            lines.append(b"%d %d\n" % (numbers[0], len(numbers)))
            lines.extend(b"%010d 00000 n \n" % offsets[n] for n in numbers)
        return b"".join(lines)

    def extract(self, pages: list[int]) -> bytes:
        """A standalone PDF of just these pages of extra_pdf (e.g. all signature pages together)."""
        self._check_indices(pages)
        return _extract(self._extra_reader, pages)


def _extract(reader: PdfReader, pages: list[int]) -> bytes:
    writer = PdfWriter()
    writer.append(reader, pages=list(pages), import_outline=False, excluded_fields=["/B"])
    writer.root_object[NameObject("/Lang")] = TextStringObject(LANG)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def splitter(pdf: bytes):
    """``split(pages)``: a standalone PDF of those (0-based) pages of ``pdf``; read once."""
    reader = PdfReader(io.BytesIO(pdf))
    return lambda pages: _extract(reader, pages)
