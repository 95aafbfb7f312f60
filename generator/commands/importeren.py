"""`convenant import REGION FILE.docx`: an edited convenant DOCX back into the clause files.

The DOCX must be one `convenant build` made of REGION's current text (its marks name the
clause file and line of every paragraph, and the fingerprint of the text: render/docx_marks).
Tracked changes count as accepted; plain edits count too. What changes is written into the
clause files (wordimport/apply.py), nothing is committed: the user reads `git diff` or
`convenant diff REGION` and commits with the amendment's toelichting. Word comments go into
``build/REGION/import/opmerkingen.md`` with the lid each is attached to. What cannot be mapped
is refused, listed with its text, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..assemble import assemble_regions
from ..errors import DataError, Problem, UsageError
from ..i18n import _
from ..output import write_all
from ..project import collect_project
from ..render.docx import render_docx
from ..render.docx_marks import OLD_MARK_PREFIX, RENVOOI_MARK_PREFIX, TEXT_MARK_DIGITS
from ..wordimport.apply import write_plan
from ..wordimport.plan import marked_paragraphs, plan, _skipped
from ..wordimport.read import MARK_PREFIX as READ_PREFIX, describe_formatting, read_docx
from .common import check_regions

SHOWN = 70
"""Characters of a paragraph's text shown in a refusal."""


@dataclass
class ImportResult:
    region: str
    docx: Path
    files: list[Path] = field(default_factory=list)
    """The clause files changed, relative to the root."""
    changed: int = 0
    inserted: int = 0
    deleted: int = 0
    variants: list[str] = field(default_factory=list)
    literal: list[tuple[str, str]] = field(default_factory=list)
    comments: int = 0
    left_out: list[str] = field(default_factory=list)
    """``article.lid`` of each shared lid deleted for this region only (its weglaten)."""
    articles: list[str] = field(default_factory=list)
    """The ids of new articles (a clause file each, listed in REGION's manifest)."""
    removed: list[str] = field(default_factory=list)
    """The ids of articles deleted (taken out of REGION's manifest; their files kept)."""
    review: Path | None = None
    ignored: str = ""
    """The formatting found and ignored ("onderstreping, kleur"), or ""."""


def importeren(root: Path, region: str, docx: Path, shared: bool = False,
               author: str | None = None, out: Path | None = None) -> ImportResult:
    root = Path(root)
    project, problems = collect_project(root)
    problems.raise_if_any()
    check_regions(project.region_files, [region])
    edited = read_docx(docx)
    documents = assemble_regions(project, sorted(project.manifests))
    doc = documents[region]
    marks, accepted = marked_paragraphs(doc), None
    if RENVOOI_MARK_PREFIX in edited.hidden:
        base = _renvooi_base(root, region, docx, edited, doc)
        edited, base = _body(edited), _body(base)
        present = {m for p in base.paragraphs for m in p.bookmarks}
        marks = {name: m for name, m in marks.items() if name in present}
        accepted = {m: p.text for p in base.paragraphs for m in p.bookmarks[:1]}
    else:
        _check_text(edited, docx, doc, region)
        base = _exported(doc)
    found = plan(edited, marks, _generated(base), accepted)
    if found.unmapped:
        raise DataError([Problem(str(docx), None, _("{where}{why}: {text}").format(
            where=f"{u.where}: " if u.where else "", why=u.why, text=_quoted(u.text)))
            for u in found.unmapped])
    others: dict[str, set[str]] = {}  # mark -> the other regions whose text has it too
    for other, other_doc in documents.items():
        if other != region:
            for name in marked_paragraphs(other_doc):
                others.setdefault(name, set()).add(other)
    manifest = project.manifests[region].path
    paths = {m.path for m in marks.values()} | {manifest}
    texts = {path: Path(path).read_text(encoding="utf-8") for path in paths}
    shared_marks = {name: regions for name, regions in others.items() if name in marks}
    written = write_plan(found, region, texts, shared_marks, shared, manifest,
                         (root / "clauses" / "artikelen", set(project.clauses)))
    result = ImportResult(region, Path(docx), sorted(project.rel(p) for p in written.files),
                          len(found.changes), len(found.insertions), len(found.deletions),
                          written.variants, written.literal, len(found.comments),
                          left_out=written.left_out, articles=written.articles,
                          removed=written.removed,
                          ignored=describe_formatting(edited.formatting - base.formatting))
    outputs: dict[Path, str] = dict(written.files)
    if found.comments:
        folder = (Path(out) if out else root / "build") / region / "import"
        result.review = folder / "opmerkingen.md"
        outputs[result.review] = _review(found.comments, docx, region, author, project.rel)
    _check_loads(root, written.files)
    write_all(outputs)
    return result


def _check_text(edited, docx: Path, doc, region: str) -> None:
    mark = edited.revision
    if mark is None:
        raise UsageError(_("{docx}: not a convenant made by `convenant build` (it has no marks): "
                           "import reads the DOCX that build makes").format(docx=docx))
    if mark != doc.fingerprint[:TEXT_MARK_DIGITS]:
        raise UsageError(_("{docx}: made from another text (fingerprint {mark}…) than the "
                           "current text of {region} ({current}…): import it into the text it "
                           "was made from, or make a new DOCX with `convenant build {region}`")
                         .format(docx=docx, mark=mark[:12], region=region,
                                 current=doc.fingerprint[:12]))


def _generated(base) -> dict[str | None, list[tuple]]:
    """Per mark (None: before the first), the export's paragraphs without a mark after it:
    (text as exported, text with changes accepted, deleted)."""
    out: dict[str | None, list[tuple]] = {None: []}
    gap = None
    for para in base.paragraphs:
        marks = [m for m in para.bookmarks if m.startswith(READ_PREFIX)]
        if marks:
            gap = marks[0]
            out.setdefault(gap, [])
        elif not _skipped(para) and (para.original_text or para.text).strip():
            out[gap].append((para.original_text or para.text, para.text, para.deleted))
    return out


def _renvooi_base(root: Path, region: str, docx: Path, edited, doc):
    """The renvooi ``edited`` was made as (read back): from its old side's commit to the
    current text of ``region``, which must be the text it leads to."""
    from ..commands.diff import make_redline
    from ..render.redline_docx import render_redline_docx

    new, old = edited.hidden[RENVOOI_MARK_PREFIX], edited.hidden.get(OLD_MARK_PREFIX)
    if new != doc.fingerprint[:TEXT_MARK_DIGITS] or old is None:
        raise UsageError(_("{docx}: a renvooi to another text (fingerprint {mark}…) than the "
                           "current text of {region} ({current}…): import it before the clause "
                           "files change, or make a new one with `convenant diff`").format(
            docx=docx, mark=new[:12], region=region, current=doc.fingerprint[:12]))
    return _read_back(render_redline_docx(make_redline(root, region, old)))


def _body(edited):
    """``edited`` from the renvooi's heading on: its cover pages are not read back."""
    from dataclasses import replace

    from ..render.redline_docx import RENVOOI_HEADING

    start = next((n for n, p in enumerate(edited.paragraphs) if p.text == RENVOOI_HEADING), 0)
    return replace(edited, paragraphs=edited.paragraphs[start + 1:])


def _exported(doc):
    """The DOCX export of ``doc`` read back as an edited one (what the edited DOCX was)."""
    return _read_back(render_docx(doc))


def _read_back(data: bytes):
    """A DOCX made here, read as read_docx reads the edited one."""
    with tempfile.TemporaryDirectory(prefix="convenant-import-") as folder:
        path = Path(folder) / "export.docx"
        path.write_bytes(data)
        return read_docx(path)


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= SHOWN else text[:SHOWN - 1] + "…")


def _review(comments, docx: Path, region: str, author: str | None, rel) -> str:
    """The review list: one entry per comment, with where it is attached."""
    lines = [f"# Opmerkingen uit {Path(docx).name}", "",
             f"Regio {region}, ingelezen op {dt.date.today().isoformat()}"
             + (f" (wijzigingen van {author})" if author else "") + ".", ""]
    for comment, marked in comments:
        where = (f"{marked.where} ({rel(marked.path)}:{marked.line})" if marked is not None
                 else "voor de eerste alinea van de tekst")
        who = comment.author or "onbekend"
        when = f", {comment.date[:10]}" if comment.date and comment.date[:4] != "0-00" else ""
        text = comment.text.replace("\n", "\n  ")
        lines.append(f"- **{where}** — {who}{when}: {text}")
    return "\n".join(lines) + "\n"


def _check_loads(root: Path, files: dict[Path, str]) -> None:
    """The clause files as they would be written still load and assemble for every region
    (an import that breaks the data is refused, nothing written)."""
    if not files:
        return
    from ..source import OverlaySource

    source = OverlaySource(root, {Path(p): t for p, t in files.items()})
    project, problems = collect_project(root, source)
    if not problems:
        assemble_regions(project, sorted(project.manifests), problems)
    if problems:
        raise DataError([Problem(p.path, p.line, _("after the import: {message}").format(
            message=p.message)) for p in problems.items])
