"""`convenant serve`: what the live preview shows, kept up to date while the data is edited.

``Preview`` holds, for each page (a region, or "" for the list of regions), what it shows now:
the region's assembled Document, or the problems of the data as the command line prints them
(``file:line: message``), each under a ``token`` that changes when what the page shows changes.
``Preview.rebuild`` loads the working tree again (the whole project is loaded and every region
served is assembled: about 0.2 s for the real data) and tells the pages whose token changed; a
page's HTML is rendered when it is asked for and kept until its token changes.
``watch_data`` rebuilds whenever a data file is saved (watchfiles, in its own thread).
The HTTP server around it is generator.serve_http.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import threading
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles

from ..assemble import assemble_regions
from ..errors import ConvenantError, DataError, Problems
from ..i18n import _
from ..model.document import Document
from ..project import DATA_DIRS, collect_project
from ..render.html import Chrome, render_html
from ..render.preview import chrome, index_page, problems_page
from .cache import input_key
from .common import check_regions, select_regions

INDEX = ""
"""The key of the list of regions."""
DEBOUNCE_MS = 50
"""How long watchfiles waits for more changes after one (its default, 1.6 s, is far too slow
for a preview; an editor's save is one or two events within a few milliseconds)."""
STEP_MS = 10
RECHECK_MS = 1000
"""How often the watcher looks whether a data folder appeared or went away."""


@dataclass(frozen=True)
class Entry:
    """What one page shows: a Document, a list of regions, or problems (one line each)."""

    token: str
    doc: Document | None = None
    regions: tuple[str, ...] = ()
    problems: tuple[str, ...] | None = None


@dataclass
class Rebuilt:
    """What a rebuild changed: the entries whose token changed (key → new entry, None for a
    page that is gone), and the unexpected error, if there was one."""

    changed: dict[str, Entry | None] = field(default_factory=dict)
    error: BaseException | None = None


def _token(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def _doc_token(doc: Document) -> str:
    """The token of a Document: its pickle's hash (a tenth of the time of cache.stable, which
    also names the same content the same way in another process: not needed here; at worst
    an unchanged page reloads once)."""
    return hashlib.sha256(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()[:32]


def _problems_entry(lines: list[str]) -> Entry:
    return Entry(_token("problems", lines), problems=tuple(lines))


class LoadedFolders:
    """For collect_project(load=...): what each loader made of its folder, given back (a fresh
    copy, with the problems it found) while no file in the folder changed, so that saving a
    clause file does not parse the parties and registers again. A folder is known by its
    files' bytes (cache.input_key), not by their times."""

    def __init__(self):
        self._kept: dict[tuple[str, str], tuple[str, bytes, list]] = {}

    def __call__(self, loader, folder: Path, problems: Problems, source):
        key = (f"{loader.__module__}.{loader.__qualname__}", str(folder))
        stamp = input_key(folder.parent, (folder.name,), [], False, "")
        kept = self._kept.get(key)
        if kept is not None and kept[0] == stamp:
            problems.items.extend(kept[2])
            return pickle.loads(kept[1])
        own = Problems(problems.root, problems.label)
        value = loader(folder, own, source)
        problems.items.extend(own.items)
        try:
            self._kept[key] = (stamp, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), own.items)
        except (pickle.PicklingError, TypeError, AttributeError):
            self._kept.pop(key, None)  # loaded again each time
        return value


class Preview:
    """The pages of the live preview of ``root``'s working tree: every region, or only
    ``region`` when one is given (then "/" leads to it)."""

    def __init__(self, root: Path, region: str | None = None):
        self.root = Path(root)
        self.region = region
        self._changed = threading.Condition()
        self._entries: dict[str, Entry] = {}
        self._pages: dict[str, tuple[str, str]] = {}
        """Rendered pages: key → (token, HTML)."""
        self._render_lock = threading.Lock()
        self._folders = LoadedFolders()
        self.closed = False

    def start(self) -> Rebuilt:
        """The first load: refused (ConvenantError) when ``root`` is no convenant repository
        or ``region`` is unknown; problems in the data do not stop the preview."""
        project, problems = collect_project(self.root)
        select_regions(project, None if self.region is None else [self.region], problems)
        return self.rebuild()

    def rebuild(self) -> Rebuilt:
        """Load and assemble again; wake the pages whose content changed."""
        error = None
        try:
            entries = self._load()
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview: it is shown
            error = exc
            line = _("internal error ({kind}: {message}); please report this").format(
                kind=type(exc).__name__, message=" ".join(str(exc).split())[:200])
            keys = set(self._entries) | {INDEX, *([self.region] if self.region else [])}
            entries = {key: _problems_entry([line]) for key in keys}
        with self._changed:
            changed = {key: entries.get(key) for key in set(entries) | set(self._entries)
                       if (key in entries) != (key in self._entries)
                       or (key in entries and entries[key].token != self._entries[key].token)}
            self._entries = entries
            self._changed.notify_all()
        for key in changed:  # while the browsers reload: rendered before, rendered now
            if key in self._pages and key in entries:
                self.page(key)
        return Rebuilt(changed, error)

    def _load(self) -> dict[str, Entry]:
        project, problems = collect_project(self.root, load=self._folders)
        regions = [self.region] if self.region is not None else sorted(project.region_files)
        entries = {INDEX: _problems_entry([str(p) for p in DataError(problems.items).problems])
                   if problems and not project.region_files
                   else Entry(_token("index", regions), regions=tuple(regions))}
        for region in regions:
            own = Problems(problems.root, problems.label)
            own.items = list(problems.items)
            try:
                check_regions(project.region_files, [region])
                doc = assemble_regions(project, [region], own)[region]
            except DataError as exc:
                entries[region] = _problems_entry([str(p) for p in exc.problems])
            except ConvenantError as exc:
                entries[region] = _problems_entry([str(exc)])
            else:
                entries[region] = Entry(_doc_token(doc), doc=doc)
        return entries

    def page(self, key: str) -> tuple[str, str] | None:
        """(token, HTML) of the page ``key`` as it is now; None for a page there is not."""
        with self._changed:
            entry = self._entries.get(key)
        if entry is None:
            return None
        with self._render_lock:
            kept = self._pages.get(key)
            if kept is None or kept[0] != entry.token:
                kept = (entry.token, self._render(key, entry))
                self._pages[key] = kept
        return kept

    def _render(self, key: str, entry: Entry) -> str:
        with_list = self.region is None
        if entry.problems is not None:
            return str(problems_page(key, entry.token, list(entry.problems), with_list))
        if entry.doc is not None:
            return str(render_html(entry.doc, chrome=self.chrome(key, entry.token)))
        return str(index_page(entry.token, list(entry.regions)))

    def chrome(self, key: str, token: str) -> Chrome:
        return chrome(key, token, self.region is None)

    def wait(self, key: str, seen: str, timeout: float) -> bool:
        """Wait until the page ``key`` no longer shows ``seen`` (True), or ``timeout`` seconds
        passed or the preview closed (False)."""
        def moved():
            entry = self._entries.get(key)
            return self.closed or entry is None or entry.token != seen

        with self._changed:
            self._changed.wait_for(moved, timeout)
            return moved() and not self.closed

    def problems(self) -> list[str]:
        """Every problem line any page shows now, once each, sorted."""
        with self._changed:
            return sorted({line for entry in self._entries.values()
                           for line in entry.problems or ()})

    def close(self) -> None:
        """Wake every waiting page's stream, for good (the server stops)."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def data_folders(root: Path) -> list[Path]:
    """The data folders there are under ``root`` (never through a link)."""
    return [root / sub for sub in DATA_DIRS
            if (root / sub).is_dir() and not (root / sub).is_symlink()]


def watch_data(preview: Preview, stop: threading.Event, report) -> None:
    """Rebuild ``preview`` whenever a file in a data folder changes, until ``stop`` is set;
    ``report(Rebuilt)`` after each rebuild. A data folder that appears or goes away is seen
    within about a second."""
    root = preview.root
    while not stop.is_set():
        folders = data_folders(root)
        if not folders:
            stop.wait(RECHECK_MS / 1000)
            report(preview.rebuild())
            continue
        try:
            first = True
            for changes in watchfiles.watch(*folders, debounce=DEBOUNCE_MS, step=STEP_MS,
                                            stop_event=stop, rust_timeout=RECHECK_MS,
                                            yield_on_timeout=True, raise_interrupt=False):
                moved = data_folders(root) != folders
                # The first answer comes once the folders are watched: what was saved before
                # that (since the last load) is loaded now.
                if changes or moved or first:
                    first = False
                    report(preview.rebuild())
                if moved:
                    break
        except (OSError, RuntimeError):  # a folder removed while watched: look again
            stop.wait(RECHECK_MS / 1000)
            report(preview.rebuild())
