"""`convenant serve`: the live preview, with the real data in a temp folder, the real server,
the real file watcher and a real browser (Chromium through Playwright, tests/browser.py).

No timing is asserted here: the pages are polled with a generous timeout until the new words
appear; the bound (0.5 s from saving to the reloaded page) is measured by bench/bench_serve.py.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlsplit

import pytest

from generator.commands import serve as model
from generator.serve_http import start
from tests.browser import chromium
from tests.conftest import REPO

DATA = ("clauses", "parties", "convenants", "register")
CLAUSE = "clauses/artikelen/geheimhouding.md"
WORDS = "strikte geheimhouding in acht"
WAIT_MS = 15_000
"""How long a page may take to show a change (polled; far above the benchmark's 0.5 s)."""


def copy_data(root: Path) -> Path:
    for name in DATA:
        shutil.copytree(REPO / name, root / name)
    return root


@contextlib.contextmanager
def serving(root: Path, region: str | None = None):
    """A preview of ``root`` on a free port, served from a thread; the terminal's lines."""
    lines: list[str] = []
    running = start(root, region, port=0, echo=lambda line, err=False: lines.append(line))
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    try:
        yield running, lines
    finally:
        running.stop()
        thread.join(timeout=5)


def replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def wait_for_text(page, words: str) -> None:
    page.wait_for_function("words => document.body && document.body.innerText.includes(words)",
                           arg=words, timeout=WAIT_MS)


def status_of(url: str, host: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return copy_data(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def browser():
    with chromium() as started:
        yield started


def test_saving_a_clause_file_reloads_every_open_page_with_the_new_words(data, browser):
    with serving(data) as (running, _lines):
        pages = [browser.new_page() for _ in range(2)]  # two tabs on the same region
        for page in pages:
            page.goto(running.url + "zhz/")
            wait_for_text(page, WORDS)
            assert "live preview" in page.inner_text(".preview-bar")
            page.evaluate("window.notReloaded = true")
        try:
            replace(data, CLAUSE, WORDS, "volstrekte geheimhouding in acht")
            for page in pages:
                wait_for_text(page, "volstrekte geheimhouding in acht")
                assert page.evaluate("window.notReloaded") is None  # a new page, not patched
        finally:
            replace(data, CLAUSE, "volstrekte geheimhouding in acht", WORDS)
        for page in pages:
            wait_for_text(page, WORDS)
            page.close()


def test_problems_in_the_data_are_shown_with_file_and_line_until_corrected(data, browser):
    with serving(data) as (running, lines):
        page = browser.new_page()
        page.goto(running.url + "zhz/")
        wait_for_text(page, WORDS)
        try:
            replace(data, CLAUSE, WORDS, "{{strikte_geheimhoudingg}} in acht")
            problem = ("clauses/artikelen/geheimhouding.md:7: undefined term "
                       "'strikte_geheimhoudingg' for region 'zhz'")
            wait_for_text(page, problem)
            assert page.locator("ol.problems li").count() == 1
            with (data / "convenants/zhz.yaml").open("a", encoding="utf-8") as manifest:
                manifest.write("titel: [x\n")
            end = len((data / "convenants/zhz.yaml").read_text(encoding="utf-8").splitlines())
            wait_for_text(page, f"convenants/zhz.yaml:{end}: malformed YAML")
        finally:
            replace(data, CLAUSE, "{{strikte_geheimhoudingg}} in acht", WORDS)
            replace(data, "convenants/zhz.yaml", "titel: [x\n", "")
        wait_for_text(page, WORDS)  # corrected: the text is back, in the same tab
        page.close()
    assert any(line.startswith(problem) for line in lines)  # the terminal says it too
    assert lines[-1] == "No problems any more: the pages show the text again."


def test_only_the_generated_pages_are_served(data):
    with serving(data) as (running, _lines):
        base = running.url
        assert urlsplit(base).hostname == "127.0.0.1"
        assert running.server.server_address[0] == "127.0.0.1"
        assert status_of(base) == 200 and status_of(base + "zhz/") == 200
        for path in ("nope/", "zhz/convenant.html", "clauses/slot.md", "convenants/zhz.yaml",
                     "..%2fclauses/", "zhz/../../clauses/slot.md", "%2e%2e/", "_live/",
                     "a/b/", "favicon.ico"):
            assert status_of(base + path) == 404, path
        assert status_of(base + "zhz/", host="elders.example:80") == 400  # DNS rebinding


def test_with_a_region_the_list_leads_to_it(data):
    with serving(data, "haaglanden") as (running, _lines):
        assert running.url.endswith("/haaglanden/")
        root = running.url.removesuffix("haaglanden/")
        connection = http.client.HTTPConnection(urlsplit(root).netloc, timeout=10)
        connection.request("GET", "/")
        assert connection.getresponse().getheader("Location") == "/haaglanden/"
        assert status_of(running.url) == 200
        assert status_of(root + "zhz/") == 404  # only the region asked for


def test_a_stream_tells_a_page_that_is_out_of_date_at_once(data):
    with serving(data) as (running, _lines):
        netloc = urlsplit(running.url).netloc
        connection = http.client.HTTPConnection(netloc, timeout=10)
        connection.request("GET", "/_live?page=zhz&seen=something-else")
        response = connection.getresponse()
        assert response.getheader("Content-Type").startswith("text/event-stream")
        assert b"data: reload" in response.read()  # then the stream ends


def test_an_unexpected_error_in_a_rebuild_is_one_line_in_the_page(data, monkeypatch):
    preview = model.Preview(data, "zhz")
    preview.start()

    def broken(*args, **kwargs):
        raise RuntimeError("kapot\nop twee regels")

    monkeypatch.setattr(model, "assemble_regions", broken)
    rebuilt = preview.rebuild()
    assert isinstance(rebuilt.error, RuntimeError) and "zhz" in rebuilt.changed
    assert preview.problems() == ["internal error (RuntimeError: kapot op twee regels); "
                                  "please report this"]
    assert "internal error (RuntimeError: kapot op twee regels)" in preview.page("zhz")[1]
    monkeypatch.undo()
    preview.rebuild()
    assert preview.problems() == [] and WORDS in preview.page("zhz")[1]


def test_the_command_prints_its_url_and_stops_on_ctrl_c_with_streams_open(data):
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "zhz", "--port", "0", "--root", str(data)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "CONVENANT_TAAL": "en"})
    try:
        first = process.stdout.readline()
        assert first.startswith("Live preview on http://127.0.0.1:"), first
        url = first.split()[3]
        assert url.endswith("/zhz/") and status_of(url) == 200
        stream = http.client.HTTPConnection(urlsplit(url).netloc, timeout=10)
        stream.request("GET", "/_live?page=zhz&seen=" + "0" * 32)
        assert stream.getresponse().status == 200  # waiting: the page is not out of date
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0 and "Traceback" not in err, err
    assert out.strip() == "Live preview stopped."


def test_folders_kept_between_rebuilds_give_the_text_a_fresh_load_gives(data):
    """The preview parses again only the folders whose files changed (LoadedFolders): what it
    shows is still exactly what `build` would assemble."""
    from generator.assemble import assemble_regions
    from generator.commands.cache import stable
    from generator.project import collect_project

    def fresh():
        project, problems = collect_project(data)
        return assemble_regions(project, ["zhz"], problems)["zhz"]

    preview = model.Preview(data, "zhz")
    preview.start()
    try:
        replace(data, "parties/alblasserdam.yaml", "J.W. Boersma", "J.W. Boersma-de Wit")
        assert "zhz" in preview.rebuild().changed
        assert "J.W. Boersma-de Wit" in preview.page("zhz")[1]
        replace(data, CLAUSE, WORDS, "volstrekte geheimhouding in acht")
        preview.rebuild()
        assert stable(preview._entries["zhz"].doc) == stable(fresh())
    finally:
        replace(data, "parties/alblasserdam.yaml", "J.W. Boersma-de Wit", "J.W. Boersma")
        replace(data, CLAUSE, "volstrekte geheimhouding in acht", WORDS)
    preview.rebuild()
    assert stable(preview._entries["zhz"].doc) == stable(fresh())
