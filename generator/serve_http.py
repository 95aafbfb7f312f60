"""The HTTP server of the live preview (`convenant serve`): the standard library's
ThreadingHTTPServer, bound to 127.0.0.1 unless asked otherwise.

It serves only the pages the preview makes (generator.commands.serve.Preview), never a file
from disk: ``/`` (the list of regions, or a redirect to the one region served), ``/REGION/``
(the region's working text as HTML, or its problems) and ``/_live?page=KEY&seen=TOKEN`` (an
event stream, Server-Sent Events, that sends one ``reload`` event when the page no longer shows
what it showed, then ends). Anything else is 404. A browser tab that closes is noticed at the
next keep-alive comment; stopping the server ends every stream.
"""

from __future__ import annotations

import socket
import threading
import traceback
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from .commands.serve import INDEX, Preview, Rebuilt, watch_data
from .errors import UsageError
from .i18n import _, ngettext
from .render.preview import LIVE_PATH, region_href

KEEPALIVE_S = 10.0
"""A comment is sent on a waiting stream this often, so that a closed tab frees its thread."""
RETRY_MS = 500
"""How soon a browser tries the stream again when the server went away (and came back)."""
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class PreviewServer(ThreadingHTTPServer):
    """The server of one Preview; a thread per connection (streams included)."""

    daemon_threads = True

    def __init__(self, host: str, port: int, preview: Preview):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.preview = preview
        self.loopback = host in LOOPBACK
        super().__init__((host, port), Handler)


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "convenant-serve"

    def log_message(self, format, *args) -> None:  # noqa: A002 - the standard's name
        """Quiet: the terminal shows the URL and the data's problems only."""

    def do_GET(self) -> None:  # noqa: N802 - the standard's name
        if not self._host_allowed():
            return self._send(400, "text/plain", "Bad Host header\n")
        path, sep, query = self.path.partition("?")
        if path == LIVE_PATH:
            return self._live(parse_qs(query))
        preview = self.server.preview
        if path == "/" and preview.region is not None:
            return self._redirect(region_href(preview.region))
        parts = path.split("/")  # "/zhz/": ["", "zhz", ""]
        key = INDEX if path == "/" else unquote(parts[1]) if len(parts) in (2, 3) else "/"
        if parts[0] or parts[-1] and len(parts) == 3 or "/" in key or (path != "/" and not key):
            return self._not_found()
        page = preview.page(key)
        if page is None:
            return self._not_found()
        if len(parts) == 2 and key:
            return self._redirect(region_href(key))
        self._send(200, "text/html", page[1])

    def _host_allowed(self) -> bool:
        """On the loopback address only a loopback name may be asked for (a page elsewhere
        cannot read the preview through a name of its own that points here)."""
        if not self.server.loopback:
            return True
        asked = self.headers.get("Host")
        return asked is None or urlsplit(f"//{asked}").hostname in LOOPBACK

    def _send(self, status: int, kind: str, text: str) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _not_found(self) -> None:
        self._send(404, "text/plain", _("not found") + "\n")

    def _redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _live(self, query: dict[str, list[str]]) -> None:
        key, seen = query.get("page", [INDEX])[0], query.get("seen", [""])[0]
        preview = self.server.preview
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self._event(f"retry: {RETRY_MS}\n\n")
            while not preview.closed:
                if preview.wait(key, seen, KEEPALIVE_S):
                    self._event("data: reload\n\n")
                    return
                if not preview.closed:
                    self._event(": wacht\n\n")
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            return  # the tab was closed or reloaded

    def _event(self, text: str) -> None:
        self.wfile.write(text.encode("utf-8"))
        self.wfile.flush()


class Reporter:
    """Says in the terminal what the pages say: the problems of the data when they change
    (each line as the command line prints it), and when they are gone."""

    def __init__(self, preview: Preview, echo, debug: bool = False):
        self.preview, self.echo, self.debug = preview, echo, debug
        self.shown: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, rebuilt: Rebuilt) -> None:
        with self._lock:
            if rebuilt.error is not None and self.debug:
                traceback.print_exception(rebuilt.error)
            lines = self.preview.problems()
            if lines == self.shown:
                return
            for line in lines:
                self.echo(line, err=True)
            if lines:
                self.echo(ngettext("{n} problem: the page shows it until it is corrected.",
                                   "{n} problems: the pages show them until they are corrected.",
                                   len(lines)).format(n=len(lines)), err=True)
            else:
                self.echo(_("No problems any more: the pages show the text again."), err=True)
            self.shown = lines


@dataclass
class Running:
    """A started preview: its address, and how to stop it."""

    url: str
    server: PreviewServer
    stop_event: threading.Event
    watcher: threading.Thread

    serving: bool = False

    def serve_forever(self) -> None:
        """Answer requests until ``stop`` (from another thread) or Ctrl-C."""
        self.serving = True
        self.server.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        """Stop watching, end every stream, stop answering and close the socket."""
        self.stop_event.set()
        self.server.preview.close()
        if self.serving:
            self.server.shutdown()  # returns at once when serve_forever ended already
        self.server.server_close()
        self.watcher.join(timeout=5)


def start(root, region: str | None, host: str = "127.0.0.1", port: int = 8000,
          echo=None, debug: bool = False) -> Running:
    """Load ``root`` (ConvenantError when it is no convenant repository or ``region`` is
    unknown), bind the server and start watching the data; the caller runs
    ``serve_forever`` (in this thread or another) and ``stop``."""
    echo = echo or (lambda line, err=False: None)
    preview = Preview(root, region)
    report = Reporter(preview, echo, debug)
    first = preview.start()
    try:
        server = PreviewServer(host, port, preview)
    except OSError as exc:
        raise UsageError(_("cannot listen on {host} port {port}: {reason}").format(
            host=host, port=port, reason=exc.strerror or exc)) from None
    stop_event = threading.Event()
    watcher = threading.Thread(target=watch_data, args=(preview, stop_event, report),
                               name="convenant-watch", daemon=True)
    watcher.start()
    report(first)
    name = f"[{host}]" if ":" in host else host
    url = f"http://{name}:{server.server_address[1]}" + (region_href(region) if region else "/")
    return Running(url, server, stop_event, watcher)
