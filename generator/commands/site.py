"""`convenant site`: the secretariat's static site in build/site/ (or --out DIR).

A start page with every region (version in force, pending version with its signatures, open
requests to accede, next renewal), a page per region (the text with its PDF and DOCX, the
versions with the renvooi between each version and the next, who signed which version, the
requests to accede and their answers, the parties leaving), the comparison of the regions (a
matrix, and each pair side by side) and a search over every text, working in the browser from
an index made here (generator.render.site_search).

The convenant's PDF and DOCX come from `build` and its cache (generator.commands.cache): a
region whose text did not change is not rendered again. The site keeps its own record,
``.convenant-site.json``: the key of its inputs (every data file, the code, the day) and per
page a key and the SHA-256 written. When the inputs did not change and no page was touched,
nothing is loaded or written; a renvooi between two recorded versions (fixed commits) is made
only once; a page whose bytes did not change is not written again; a page the site no longer
has is removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..assemble import assemble_regions
from ..compare.model import IDENTICAL, compare_documents
from ..history import open_repo, project_at
from ..output import check_writable, output_folder, write_all
from ..project import DATA_DIRS, load_project
from .build import build
from .cache import code_version, file_sha, input_key, read_record
from .common import CONVENANT_FORMATS
from .diff import redline_between, side_document
from .site_data import Pair, Renvooi, Site, region_site

SITE_DIR = "site"
SITE_CACHE = ".convenant-site.json"
DOWNLOADS = ("pdf", "docx")


@dataclass
class SiteResult:
    folder: Path
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    site: Site | None = None
    """None when nothing had changed (nothing was loaded)."""


def site_folder(root: Path, out: Path | None) -> Path:
    """``out``, or build/site/ (checked like every output folder: not among the data)."""
    return output_folder(root, out) if out is not None else output_folder(root) / SITE_DIR


def site(root: Path, out: Path | None = None, today: dt.date | None = None, progress=None,
         force: bool = False) -> SiteResult:
    """Write the site for ``today`` (default: today); see the module's description."""
    root = Path(root)
    day = today or dt.date.today()
    folder = site_folder(root, out)
    from ..render.docx_package import build_day

    code = code_version()
    inputs = input_key(root, DATA_DIRS, ["site"], False, f"{day} {build_day().date()}")
    recorded = _recorded(folder)
    if not force and recorded.get("inputs") == inputs and _intact(folder, recorded):
        return SiteResult(folder)
    build(root, None, list(CONVENANT_FORMATS), progress=progress, force=force)
    project = load_project(root)
    repo = open_repo(root)
    regions = sorted(project.region_files)
    documents = assemble_regions(project, regions)
    model = Site(day, [region_site(project, repo, r, documents[r], day) for r in regions])
    pages: dict[str, tuple[str, object]] = {}  # relative path -> (key, maker)
    _downloads(root, model, pages)
    _comparisons(project, model, documents, pages)
    _renvooien(root, repo, project, model, code, pages)
    _site_pages(model, pages)
    return _write(folder, model, pages, recorded, inputs, force)


def _recorded(folder: Path) -> dict:
    data = read_record(folder, SITE_CACHE)
    return data if isinstance(data.get("pages"), dict) else {}


def _intact(folder: Path, recorded: dict) -> bool:
    return all(_own_page(name) and isinstance(entry, dict)
               and entry.get("sha256") == file_sha(folder / name)
               for name, entry in recorded["pages"].items())


def _own_page(name: str) -> bool:
    """A page name as the site writes them: relative, inside the site, no "..", no link."""
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts \
        and all(part and not part.startswith(".") for part in parts)


def _key(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def _downloads(root: Path, model: Site, pages: dict) -> None:
    """The convenant's PDF and DOCX of each region, as `build` wrote (or kept) them."""
    build_folder = output_folder(root)
    for r in model.regions:
        for fmt in DOWNLOADS:
            data = (build_folder / r.region / f"convenant.{fmt}").read_bytes()
            r.downloads[fmt] = len(data)
            pages[f"{r.folder}/convenant.{fmt}"] = (None, lambda data=data: data)


def _comparisons(project, model: Site, documents: dict, pages: dict) -> None:
    """Each pair of regions side by side (and all of them, with more than two)."""
    from ..render.compare_html import render_compare_html
    from ..render.site import chrome

    regions = [r.region for r in model.regions]
    groups = [list(pair) for pair in itertools.combinations(regions, 2)]
    if len(regions) > 2:
        groups.append(regions)
    for group in groups:
        comparison = compare_documents({r: documents[r] for r in group}, project.parties)
        name = "alle" if len(group) > 2 else "-".join(group)
        if len(group) == 2:
            articles = comparison.of_kind("article")
            model.pairs.append(Pair(group[0], group[1], sum(
                1 for a in articles if a.status == IDENTICAL), len(articles),
                sum(1 for a in articles if a.terms_only)))
        pages[f"vergelijking/{name}.html"] = (
            None, lambda c=comparison: render_compare_html(c, chrome("../")))


def _renvooien(root: Path, repo, project, model: Site, code: str, pages: dict) -> None:
    """Each renvooi page; between two recorded versions its key is fixed by their commits, so
    a page already made is kept without loading either side."""
    from ..render.redline_html import render_redline_html
    from ..render.site import chrome

    loaded: dict[tuple[str, str], tuple] = {}
    projects: dict[str, object] = {}  # the data at a commit, once for every region

    def at(repo, root, commit):
        if commit.hexsha not in projects:
            projects[commit.hexsha] = project_at(repo, root, commit)
        return projects[commit.hexsha]

    def side(region: str, s):
        key = (region, s.commit.hexsha if s.commit is not None else "")
        if key not in loaded:
            loaded[key] = side_document(root, repo, project, region, s, at)
        return loaded[key]

    def make(renvooi: Renvooi, zvh: str):
        redline = redline_between(repo, [renvooi.old, renvooi.new],
                                  [side(renvooi.region, renvooi.old),
                                   side(renvooi.region, renvooi.new)])
        return render_redline_html(redline, "Renvooi", chrome=chrome("../../../", renvooi.region, zvh))

    for r in model.regions:
        for renvooi in r.renvooien:
            fixed = renvooi.new.commit is not None
            key = _key(code, r.region, r.zvh, [_version_key(s) for s in (renvooi.old, renvooi.new)]
                       ) if fixed else None
            pages[renvooi.path] = (key, lambda v=renvooi, z=r.zvh: make(v, z))


def _version_key(side) -> list:
    v = side.version
    return [side.label, side.commit.hexsha, v.fingerprint, v.decided]


def _site_pages(model: Site, pages: dict) -> None:
    from ..render import site as render
    from ..render.html import render_html
    from ..render.site_search import passages, search_script

    found = []
    pages["index.html"] = (None, lambda: render.render_start(model))
    pages["zoeken.html"] = (None, lambda: render.render_search(model))
    pages["vergelijking/index.html"] = (None, lambda: render.render_matrix(model))
    for r in model.regions:
        pages[f"{r.folder}/index.html"] = (None, lambda r=r: render.render_region(model, r))
        pages[f"{r.folder}/convenant.html"] = (
            None, lambda r=r: render_html(r.document, render.chrome("../../", r.region, r.zvh)))
        found += passages(r.document, f"{r.folder}/convenant.html", r.zvh)
    pages["zoekindex.js"] = (None, lambda: search_script(found))
    for name in render.SCRIPTS + render.LICENSES:
        pages[name] = (None, lambda name=name: render.asset(name))


def _write(folder: Path, model: Site, pages: dict, recorded: dict, inputs: str,
           force: bool) -> SiteResult:
    """Make every page whose key is not on record, write those whose bytes changed, record
    them all and remove the pages of an earlier run the site no longer has."""
    before = recorded.get("pages", {})
    check_writable(folder / name for name in pages)
    entries, files = {}, {}
    for name, (key, make) in pages.items():
        old = before.get(name) if not force else None
        on_disk = file_sha(folder / name)
        if key is not None and isinstance(old, dict) and old.get("key") == key \
                and on_disk == old.get("sha256"):
            entries[name] = old
            continue
        data = make()
        payload = data.encode("utf-8") if isinstance(data, str) else data
        sha = hashlib.sha256(payload).hexdigest()
        entries[name] = {"key": key, "sha256": sha}
        if force or on_disk != sha:
            files[folder / name] = payload
    files[folder / SITE_CACHE] = json.dumps({"inputs": inputs, "pages": entries}, indent=1,
                                            sort_keys=True) + "\n"
    written = [p for p in write_all(files) if p.name != SITE_CACHE]
    removed = []
    for name in sorted(set(before) - set(entries)):
        path = folder / name
        if _own_page(name) and path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(path)
    return SiteResult(folder, written, removed, model)
