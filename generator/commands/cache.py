"""Incremental builds: an output is made again only when what it is made from changed.

Each output's key is a SHA-256 of everything it depends on: the assembled Document (its text,
parties, version and numbers, written out in a stable form: ``stable``), the format and the
options that change it (PDF/A; for a DOCX, whether a PDF gives its TOC page numbers, and the
build day that dates a working text), and the code (every file of the generator package and
the versions of the libraries that render: ``code_version``). The keys and the SHA-256 of
each file written are kept in ``.convenant-cache.json`` in the output folder; an output is
fresh when its key is the same and its file is still the one written (a file changed or
removed by hand is made again). ``build --force`` makes everything again.

Loading the data takes most of a build that makes nothing: so a build of the working text
first hashes the data files as bytes (``input_key``); when every output folder asked for was
made from exactly those, nothing is loaded at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import json
import os
from importlib import metadata
from pathlib import Path, PurePath

CACHE_FILE = ".convenant-cache.json"
LIBRARIES = ("weasyprint", "python-docx", "pypdf", "jinja2", "markdown-it-py", "pydyf",
             "fonttools", "lxml")


@functools.cache
def code_version() -> str:
    """A hash of the generator package (code, templates, fonts, catalogs) and the versions of
    the libraries that render."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file()
                       and "__pycache__" not in p.parts and p.suffix != ".pyc"):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    return digest.hexdigest()


def stable(value) -> object:
    """``value`` as plain JSON data, the same for the same content in every process (sets
    sorted, dataclasses by field, paths and dates as text)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__,
                {f.name: stable(getattr(value, f.name)) for f in dataclasses.fields(value)}]
    if isinstance(value, dict):
        return sorted(([stable(k), stable(v)] for k, v in value.items()), key=json.dumps)
    if isinstance(value, (set, frozenset)):
        return sorted((stable(v) for v in value), key=json.dumps)
    if isinstance(value, (list, tuple)):
        return [stable(v) for v in value]
    if isinstance(value, (PurePath, dt.date, dt.datetime, enum.Enum)):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def output_keys(doc, formats: list[str], pdfa: bool, day: dt.date) -> dict[str, str]:
    """The key of ``doc``'s output in each of ``formats`` (a DOCX dated ``day``)."""
    content = json.dumps([code_version(), stable(doc)], ensure_ascii=False)
    keys = {}
    for fmt in formats:
        options = {"format": fmt, "pdfa": pdfa and fmt == "pdf",
                   "pages": fmt == "docx" and "pdf" in formats,
                   "day": day.isoformat() if fmt == "docx" else ""}
        keys[fmt] = hashlib.sha256((json.dumps(options) + content).encode("utf-8")).hexdigest()
    return keys


def input_key(root: Path, folders: tuple[str, ...], formats: list[str], pdfa: bool,
              day: str) -> str:
    """A key of everything a build of the working text reads, before reading it as data:
    every data file's bytes, the code, the options and the day (the parties of today, a
    DOCX's date). The same key means the same outputs, so a build can stop here."""
    digest = hashlib.sha256(json.dumps([code_version(), sorted(formats), pdfa,
                                        day]).encode())
    for folder in folders:
        if (Path(root) / folder).is_symlink():  # never followed, not even to list it
            target = os.readlink(Path(root) / folder)
            digest.update(f"{folder} link:".encode() + os.fsencode(target))
            continue
        for top, dirs, names in os.walk(Path(root) / folder, followlinks=False):
            dirs.sort()
            for name in sorted(names + [d for d in dirs if os.path.islink(Path(top) / d)]):
                path = Path(top) / name
                digest.update(path.relative_to(root).as_posix().encode())
                if path.is_symlink() or not path.is_file():
                    # never followed: named as a link (the build that loads refuses it)
                    digest.update(b"link:" + os.fsencode(os.readlink(path))
                                  if path.is_symlink() else b"special")
                else:
                    digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def all_fresh(folder: Path, inputs: str, formats: list[str]) -> bool:
    """Every output of ``formats`` in ``folder`` was made from the inputs ``inputs`` and is
    still the file written."""
    recorded = read_record(folder)
    if recorded.get("inputs") != inputs:
        return False
    return all(isinstance(recorded.get(fmt), dict)
               and recorded[fmt].get("sha256") == file_sha(folder / f"convenant.{fmt}")
               for fmt in formats)


def read_record(folder: Path, name: str = CACHE_FILE) -> dict:
    """The record ``name`` kept in ``folder`` (a JSON object), or {} when there is none or it
    is damaged: then everything is made again."""
    try:
        data = json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def file_sha(path: Path) -> str | None:
    """The SHA-256 (hex) of the file at ``path``; None when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def stale(folder: Path, keys: dict[str, str]) -> list[str]:
    """The formats of ``keys`` (format -> key) whose output in ``folder`` is not fresh."""
    recorded = read_record(folder)
    out = []
    for fmt, key in keys.items():
        entry = recorded.get(fmt)
        fresh = (isinstance(entry, dict) and entry.get("key") == key
                 and entry.get("sha256") == file_sha(folder / f"convenant.{fmt}"))
        if not fresh:
            out.append(fmt)
    return out


def cache_file(folder: Path, keys: dict[str, str], written: dict[str, bytes | str],
               inputs: str | None) -> str:
    """The new ``.convenant-cache.json`` of ``folder``: the entries kept, those written, and
    the key of the inputs (input_key; None for a build of a recorded version)."""
    recorded = read_record(folder)
    recorded["inputs"] = inputs
    for fmt, data in written.items():
        payload = data.encode("utf-8") if isinstance(data, str) else data
        recorded[fmt] = {"key": keys[fmt], "sha256": hashlib.sha256(payload).hexdigest()}
    return json.dumps(recorded, indent=1, sort_keys=True) + "\n"
