"""Benchmark: from saving a clause file to the reloaded page in the live preview.

The real data is copied to a temporary folder and `convenant serve zhz --port 0` is started on
it (a process of its own, as a user runs it). Chromium (Playwright, as in tests/browser.py)
opens the page; then, again and again, a clause file of zhz is saved with new words in it and
the time is taken until the reloaded page shows them. The bar (the issue): at most 0.5 s.

    python bench/bench_serve.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ("clauses", "parties", "convenants", "register")
CLAUSE = "clauses/artikelen/geheimhouding.md"
WORDS = "strikte geheimhouding in acht"
BAR = 0.5
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
"""As tests/browser.py starts Chromium."""


def start_server(root: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "zhz", "--port", "0", "--root", str(root)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "CONVENANT_TAAL": "en"})
    line = process.stdout.readline()
    if "http://" not in line:
        process.kill()
        raise SystemExit(f"convenant serve did not start: {line!r}")
    return process, next(word for word in line.split() if word.startswith("http://"))


NAVIGATION = """() => { const n = performance.getEntriesByType("navigation")[0];
                          return (performance.timeOrigin + n.domContentLoadedEventEnd) / 1000; }"""
"""When the page in the tab was parsed (DOMContentLoaded), on the wall clock."""


def save_and_wait(page, clause: Path, text: str, n: int) -> tuple[float, float]:
    """Save ``clause`` with the words of round ``n``. Seconds until the reloaded page (the one
    that shows them) was parsed, and until Playwright's polling saw them (which adds the time
    Playwright takes to look again in a new page)."""
    words = f"strikte geheimhouding ronde {n} in acht"
    start, wall = time.perf_counter(), time.time()
    clause.write_text(text.replace(WORDS, words), encoding="utf-8")
    page.wait_for_function("words => document.body && document.body.innerText.includes(words)",
                           arg=words, timeout=30_000, polling=5)
    seen = time.perf_counter() - start
    return page.evaluate(NAVIGATION) - wall, seen


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        root = Path(folder)
        for name in DATA:
            shutil.copytree(ROOT / name, root / name)
        clause = root / CLAUSE
        text = clause.read_text(encoding="utf-8")
        process, url = start_server(root)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
                page = browser.new_page()
                page.goto(url)
                page.wait_for_selector(".preview-bar")
                time.sleep(1.5)  # the watcher is set up; not timed
                times, seen = [], []
                for n in range(args.repeat):
                    parsed, polled = save_and_wait(page, clause, text, n)
                    times.append(parsed)
                    seen.append(polled)
                    time.sleep(0.3)  # let the page settle before the next save
                browser.close()
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=10)
    median, worst = statistics.median(times), max(times)
    print(f"save a clause file of zhz -> reloaded page with the new words ({args.repeat} saves):")
    print(f"  median {median:.3f} s, max {worst:.3f} s (bar: at most {BAR} s)  "
          + " ".join(f"{t:.3f}" for t in times))
    print(f"  as Playwright's polling saw them: median {statistics.median(seen):.3f} s, "
          f"max {max(seen):.3f} s")
    return 0 if worst <= BAR else 1


if __name__ == "__main__":
    sys.exit(main())
