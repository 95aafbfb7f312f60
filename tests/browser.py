"""A real headless browser for the tests: Debian's Chromium (/usr/bin/chromium) driven by
Playwright (its Python package from the test extra; Playwright's own browser downloads are
never used). A test that needs it calls ``chromium()``: skipped with the reason when Chromium or
Playwright is missing here, a failure when CI is set (conftest.require_tools)."""

from __future__ import annotations

import contextlib
import os
import shutil

import pytest

from .conftest import require_tools

# As the machine's own probe starts it: without the background-networking flags Chromium
# tries to reach Google's hosts at every start, which this closed network refuses.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def executable() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    require_tools("chromium" if found is None else os.path.basename(found))
    return found


@contextlib.contextmanager
def chromium():
    """A started Chromium (playwright Browser), closed afterwards."""
    path = executable()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed (pip install -e '.[test]'); CI is set")
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_problems(page) -> list[str]:
    """axe-core's serious and critical violations on ``page`` (axe-core as shipped in the test
    extra's axe-playwright-python, run in the page), one line each."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                        for n in v["nodes"][:3])
            for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
