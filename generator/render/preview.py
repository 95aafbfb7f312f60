"""The pages of the live preview (`convenant serve`, generator.serve_http) around the convenant:
the bar above it and the script that reloads it (a Chrome for render_html), the list of
regions, and the page that lists the problems of the data instead of the text.

Every page carries a script that listens to the preview's event stream (``/_live``, Server-Sent
Events) and reloads the page when the server says that what it shows has changed; ``token``
names what the page shows, so that a change made before the stream was opened is not missed.
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

from markupsafe import Markup

from ..i18n import _
from .html import ASSETS, Chrome, Page, render_page

LIVE_PATH = "/_live"
"""The preview's event stream: ``/_live?page=KEY&seen=TOKEN``."""


def region_href(region: str) -> str:
    """The path of a region's page: ``/REGION/`` (the name quoted)."""
    return f"/{quote(region, safe='')}/"


def live_url(key: str, token: str) -> str:
    """The event stream of the page ``key`` ("" for the list of regions, else a region), as seen
    with ``token``."""
    return f"{LIVE_PATH}?{urlencode({'page': key, 'seen': token})}"


def _script(key: str, token: str) -> Markup:
    url = json.dumps(live_url(key, token)).replace("<", "\\u003c")
    return Markup(
        "<script>\n(function () {\n"
        "  var source = new EventSource(%s);\n"
        "  source.onmessage = function () { source.close(); location.reload(); };\n"
        "})();\n</script>\n") % Markup(url)


def _style() -> Markup:
    return Markup("<style>%s</style>\n") % Markup(
        (ASSETS / "preview.css").read_text(encoding="utf-8"))


def _bar(region: str | None, with_list: bool) -> Markup:
    parts = [Markup('<span class="preview-live">%s</span>') % _("live preview")]
    if region is not None:
        parts.append(Markup('<span class="preview-region">%s</span>') % region)
    if with_list:
        parts.append(Markup('<a href="/">%s</a>') % _("all regions"))
    return Markup('<div class="preview-bar">%s</div>\n') % Markup(" ").join(parts)


def chrome(key: str, token: str, with_list: bool) -> Chrome:
    """What the preview puts around the page ``key`` (a region, or "" for the list): the bar
    (with a link to the list of regions when ``with_list``) and the reload script."""
    return Chrome(head=_style(), header=_bar(key or None, with_list and bool(key)),
                  foot=_script(key, token))


def problems_page(key: str, token: str, problems: list[str], with_list: bool) -> Page:
    """The page shown instead of a region's text (or the list) while the data has problems:
    one line each, ``file:line: message`` as the command line prints them."""
    return render_page(
        "preview.html.j2", (), chrome=chrome(key, token, with_list), problems=problems,
        title=_("Problems in the data"), heading=_("The text cannot be made: problems in the "
                                                   "data"),
        hint=_("Correct the files and save them: this page reloads by itself."), regions=[])


def index_page(token: str, regions: list[str]) -> Page:
    """The list of regions, each a link to its page."""
    return render_page(
        "preview.html.j2", (), chrome=chrome("", token, False), problems=None,
        title=_("Live preview"), heading=_("Live preview: regions"), hint="",
        regions=[(region, region_href(region)) for region in regions])
