"""Edit a DOCX in a real LibreOffice, as a legal advisor would, and read it back (issue 19).

``edit_docx`` opens a DOCX in headless LibreOffice, turns on track changes, applies a list of
edits and saves as DOCX; ``accepted_paragraphs`` gives the body's paragraph texts after
LibreOffice's own "Accept all changes"; ``comments`` lists the comments. The tests of
``convenant import`` compare their results with these.

How it runs. Python-UNO (Debian ``python3-uno``) works only in the system's ``/usr/bin/python3``,
not in the project's virtual environment, so this module writes a small UNO client script into a
temporary folder and runs it with that interpreter. Each call starts one ``soffice --headless``
with a private profile in that folder and a named pipe for the connection, and always ends it
(its whole process group), also on a failure or a timeout.

Comments. Debian's ``libreoffice-writer-nogui`` (what CI installs) ships an empty
``soffice.cfg/modules/swriter/ui``, and a document *with a view* whose text holds a comment
makes soffice abort (``NoSuchElementException`` while building the comment's sidebar window
from ``annotation.ui``): on inserting a comment, on loading a DOCX with comments, whatever the
``Hidden`` flag or the "show comments" setting. So documents are loaded *without a view*
(``com.sun.star.text.TextDocument`` + ``XLoadable.load``): the text model, its track changes and
``storeToURL`` work the same, and the comment is inserted by LibreOffice itself (a
``textfield.Annotation`` over a text range). Accepting all changes needs the dispatcher and so a
view: ``accepted_paragraphs`` first removes the comments from the view-less model (track
changes off), stores it as ODT in the temporary folder, and opens that copy hidden with a view.

The edits find their paragraph by a substring of its text (as LibreOffice gives it; the text of
a paragraph includes text already marked deleted), which must occur in exactly one body
paragraph. What they do, with track changes on:

* ``ReplaceWords`` selects the first occurrence of ``old`` in the paragraph and types ``new``
  over it (a tracked deletion and insertion inside the paragraph);
* ``InsertParagraphAfter`` puts the cursor at the end of the paragraph, presses Enter (a
  paragraph break, the same core call as the Enter key) and types the text. The new paragraph
  gets the paragraph's style, or that style's "next style" (a heading is followed by body
  text); a list item is followed by an item of the same list, numbered next (the items after
  it are renumbered);
* ``DeleteParagraph`` selects the paragraph's text and its paragraph mark (from its start to
  the start of the next paragraph) and deletes it. The last paragraph of the body is deleted
  from the end of the previous one: then the previous paragraph's mark is the deleted one, and
  LibreOffice gives the last paragraph the previous one's paragraph properties;
* ``AddComment`` inserts a comment by ``author`` over ``words`` of the paragraph (the whole
  paragraph when ``words`` is None). With track changes on, LibreOffice also records the
  comment's anchor as an (empty) insertion.

The author of the tracked changes is ``edit_docx``'s ``author`` (LibreOffice's user name).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Union

SYSTEM_PYTHON = "/usr/bin/python3"
"""The interpreter with Python-UNO (Debian's python3-uno is built for it)."""

TIMEOUT = 120
"""Seconds one call (start, edits, save, stop) may take."""


@dataclass(frozen=True)
class ReplaceWords:
    paragraph_contains: str
    old: str
    new: str


@dataclass(frozen=True)
class InsertParagraphAfter:
    paragraph_contains: str
    text: str


@dataclass(frozen=True)
class DeleteParagraph:
    paragraph_contains: str


@dataclass(frozen=True)
class AddComment:
    paragraph_contains: str
    text: str
    author: str
    words: str | None = None
    """The commented words (their first occurrence in the paragraph); None: all its text."""


Edit = Union[ReplaceWords, InsertParagraphAfter, DeleteParagraph, AddComment]


class Comment(NamedTuple):
    author: str
    text: str
    paragraph: str
    """The text of the paragraph the comment is anchored in (with any tracked changes in it
    taken as they stand: deleted text included)."""


class LibreOfficeError(RuntimeError):
    """LibreOffice could not do what was asked (the message says what and why)."""


@functools.cache
def lo_available() -> bool:
    """True when soffice and the system Python with Python-UNO are installed."""
    if shutil.which("soffice") is None or not os.access(SYSTEM_PYTHON, os.X_OK):
        return False
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    return probe.returncode == 0


def edit_docx(src: Path, dst: Path, edits: list[Edit], author: str = "Juridisch adviseur") -> None:
    """Open ``src`` in LibreOffice, turn on track changes, apply ``edits`` in order and save
    as DOCX ("MS Word 2007 XML") to ``dst``. Raises LibreOfficeError when an edit cannot be
    applied (paragraph not found or not unique, words not in it); ``dst`` is then not written."""
    _require_file(src)
    jobs = [{"op": "edit", "src": str(Path(src).resolve()), "dst": str(Path(dst).resolve()),
             "author": author,
             "edits": [{"kind": type(edit).__name__, **dataclasses.asdict(edit)}
                       for edit in edits]}]
    _run(jobs)


def accepted_paragraphs(docx: Path) -> list[str]:
    """The text of every body paragraph (tables left out) of ``docx`` after LibreOffice's
    "Accept all changes"; list labels (automatic numbering) are not part of the text."""
    return read_docx(docx)[0]


def comments(docx: Path) -> list[Comment]:
    """The comments of ``docx`` in document order, as LibreOffice reads them."""
    return read_docx(docx)[1]


def read_docx(docx: Path) -> tuple[list[str], list[Comment]]:
    """``accepted_paragraphs`` and ``comments`` of ``docx`` with one start of LibreOffice."""
    _require_file(docx)
    path = str(Path(docx).resolve())
    accepted, found = _run([{"op": "accepted", "src": path}, {"op": "comments", "src": path}])
    return accepted, [Comment(*item) for item in found]


def _require_file(path: Path) -> None:
    if not Path(path).is_file():
        raise LibreOfficeError(f"{path}: no such file")


def _run(jobs: list[dict]) -> list:
    """Run ``jobs`` in one soffice; their results. Always stops soffice."""
    if not lo_available():
        raise LibreOfficeError(f"LibreOffice with Python-UNO ({SYSTEM_PYTHON}) is not installed")
    with tempfile.TemporaryDirectory(prefix="lo_edit_") as folder:
        work = Path(folder)
        pipe = f"lo_edit_{uuid.uuid4().hex}"
        (work / "client.py").write_text(_CLIENT, encoding="utf-8")
        (work / "jobs.json").write_text(json.dumps({"pipe": pipe, "work": folder, "jobs": jobs}),
                                        encoding="utf-8")
        log = (work / "soffice.log").open("wb")
        office = subprocess.Popen(
            ["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
             "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
             f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            client = subprocess.run(
                [SYSTEM_PYTHON, str(work / "client.py"), str(work / "jobs.json")],
                capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired as error:
            raise LibreOfficeError(f"LibreOffice did not finish within {TIMEOUT} s") from error
        finally:
            _stop(office)
            log.close()
        result = work / "result.json"
        if client.returncode != 0 or not result.exists():
            raise LibreOfficeError(_failure(client, work / "soffice.log"))
        return json.loads(result.read_text(encoding="utf-8"))


def _stop(office: subprocess.Popen) -> None:
    """Wait a little for soffice to end (the client asks it to), then kill its process group."""
    try:
        office.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(office.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    office.wait()


def _failure(client: subprocess.CompletedProcess, log: Path) -> str:
    """The one-line reason of a failed run: the client's message (or last line of error),
    with soffice's own first lines when it crashed."""
    lines = [line for line in client.stdout.splitlines() if line.startswith("lo_edit: ")]
    reason = (lines[-1].removeprefix("lo_edit: ") if lines else
              "LibreOffice failed: " + (client.stderr.strip().splitlines() or ["no output"])[-1])
    crash = [line for line in log.read_text("utf-8", "replace").splitlines()
             if line.strip() and "javaldx" not in line][:2]
    return reason + (f" (soffice: {' / '.join(crash)})" if crash else "")


_CLIENT = r'''
"""UNO client run by tests/lo_edit.py with the system Python (see there)."""
import datetime, json, sys, time
import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK

DOCX = "MS Word 2007 XML"


class Refusal(Exception):
    pass


def pv(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def set_user(ctx, name):
    """LibreOffice's user name: the author of tracked changes."""
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    data = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (pv("nodepath", "/org.openoffice.UserProfile/Data"),))
    data.setPropertyValue("givenname", name)
    data.setPropertyValue("sn", "")
    data.commitChanges()


def load_model(ctx, path):
    """The document without a view (a view with comments crashes soffice without .ui files)."""
    doc = ctx.ServiceManager.createInstanceWithContext("com.sun.star.text.TextDocument", ctx)
    doc.load((pv("URL", uno.systemPathToFileUrl(path)), pv("FilterName", DOCX)))
    return doc


def paragraphs(doc):
    found, items = [], doc.Text.createEnumeration()
    while items.hasMoreElements():
        item = items.nextElement()
        if item.supportsService("com.sun.star.text.Paragraph"):
            found.append(item)
    return found


def find(doc, needle):
    all_paragraphs = paragraphs(doc)
    hits = [i for i, p in enumerate(all_paragraphs) if needle in p.getString()]
    if len(hits) != 1:
        where = "no paragraph contains" if not hits else f"{len(hits)} paragraphs contain"
        raise Refusal(f"{where} {needle!r} (one must)")
    return all_paragraphs, hits[0]


def select_in(doc, paragraph, words):
    """A cursor over the first occurrence of ``words`` in ``paragraph`` (all of it if None)."""
    cursor = doc.Text.createTextCursorByRange(paragraph.getStart())
    if words is None:
        cursor.gotoEndOfParagraph(True)
        return cursor
    start = paragraph.getString().find(words)
    if start < 0:
        raise Refusal(f"{words!r} is not in the paragraph {paragraph.getString()!r}")
    cursor.goRight(start, False)
    cursor.goRight(len(words), True)
    if cursor.getString() != words:
        raise Refusal(f"could not select {words!r} in {paragraph.getString()!r}")
    return cursor


def replace_words(doc, edit):
    all_paragraphs, i = find(doc, edit["paragraph_contains"])
    select_in(doc, all_paragraphs[i], edit["old"]).setString(edit["new"])


def insert_paragraph_after(doc, edit):
    all_paragraphs, i = find(doc, edit["paragraph_contains"])
    cursor = doc.Text.createTextCursorByRange(all_paragraphs[i].getEnd())
    doc.Text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
    doc.Text.insertString(cursor, edit["text"], False)


def delete_paragraph(doc, edit):
    all_paragraphs, i = find(doc, edit["paragraph_contains"])
    paragraph = all_paragraphs[i]
    if i + 1 < len(all_paragraphs):
        cursor = doc.Text.createTextCursorByRange(paragraph.getStart())
        cursor.gotoEndOfParagraph(True)
        cursor.goRight(1, True)
    elif i > 0:
        cursor = doc.Text.createTextCursorByRange(all_paragraphs[i - 1].getEnd())
        cursor.gotoRange(paragraph.getEnd(), True)
    else:
        raise Refusal("cannot delete the only paragraph of the document")
    cursor.setString("")


def add_comment(doc, edit):
    all_paragraphs, i = find(doc, edit["paragraph_contains"])
    cursor = select_in(doc, all_paragraphs[i], edit["words"])
    note = doc.createInstance("com.sun.star.text.textfield.Annotation")
    now = datetime.datetime.now()
    stamp = uno.createUnoStruct("com.sun.star.util.DateTime")
    stamp.Year, stamp.Month, stamp.Day = now.year, now.month, now.day
    stamp.Hours, stamp.Minutes, stamp.Seconds = now.hour, now.minute, now.second
    note.Author = edit["author"]
    note.Initials = "".join(word[0] for word in edit["author"].split()).upper()
    note.Content = edit["text"]
    note.DateTimeValue = stamp
    doc.Text.insertTextContent(cursor, note, True)


EDITS = {"ReplaceWords": replace_words, "InsertParagraphAfter": insert_paragraph_after,
         "DeleteParagraph": delete_paragraph, "AddComment": add_comment}


def edit(ctx, job):
    set_user(ctx, job["author"])
    doc = load_model(ctx, job["src"])
    try:
        doc.RecordChanges = True
        for number, change in enumerate(job["edits"], 1):
            try:
                EDITS[change.pop("kind")](doc, change)
            except Refusal as refusal:
                raise Refusal(f"edit {number}: {refusal}") from None
        doc.storeToURL(uno.systemPathToFileUrl(job["dst"]), (pv("FilterName", DOCX),))
    finally:
        doc.close(True)


def accepted(ctx, job, work):
    """Comments removed (no view may hold one), stored as ODT, opened with a hidden view, and
    LibreOffice's "Accept all changes" applied."""
    model = load_model(ctx, job["src"])
    try:
        model.RecordChanges = False
        fields = model.TextFields.createEnumeration()
        notes = []
        while fields.hasMoreElements():
            field = fields.nextElement()
            if field.supportsService("com.sun.star.text.textfield.Annotation"):
                notes.append(field)
        for note in notes:
            note.dispose()
        copy = uno.systemPathToFileUrl(f"{work}/accepted.odt")
        model.storeToURL(copy, (pv("FilterName", "writer8"),))
    finally:
        model.close(True)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(copy, "_blank", 0, (pv("Hidden", True),))
    try:
        helper = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", ctx)
        helper.executeDispatch(doc.CurrentController.Frame, ".uno:AcceptAllTrackedChanges",
                               "", 0, ())
        if doc.Redlines.createEnumeration().hasMoreElements():
            raise Refusal("tracked changes are left after accepting all of them")
        return [p.getString() for p in paragraphs(doc)]
    finally:
        doc.close(True)


def comments(ctx, job):
    doc = load_model(ctx, job["src"])
    try:
        found = []
        for paragraph in paragraphs(doc):
            portions = paragraph.createEnumeration()
            while portions.hasMoreElements():
                portion = portions.nextElement()
                if portion.TextPortionType == "Annotation":
                    note = portion.TextField
                    found.append([note.Author, note.Content, paragraph.getString()])
        return found
    finally:
        doc.close(True)


def run_job(ctx, job, work):
    if job["op"] == "edit":
        return edit(ctx, job)
    if job["op"] == "accepted":
        return accepted(ctx, job, work)
    return comments(ctx, job)


def main():
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    ctx = connect(spec["pipe"])
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    results = []
    try:
        for job in spec["jobs"]:
            results.append(run_job(ctx, job, spec["work"]))
    except Exception as error:
        reason = error if isinstance(error, Refusal) else f"{type(error).__name__}: {error}"
        print(f"lo_edit: {job['src']}: {reason}", flush=True)
        sys.exit(1)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
    with open(f"{spec['work']}/result.json", "w", encoding="utf-8") as out:
        json.dump(results, out)


main()
'''
