"""The pages of the secretariat's site (`convenant site`), from the site model
(generator.commands.site_data): the start page, a page per region, the comparison matrix and
the search page; and the site's header around the documents it shows (the convenant, each
renvooi, each comparison), given to their own renderers as a Chrome. Plain HTML and CSS,
every stylesheet inlined and every script a file beside the pages: nothing is fetched, so the
site works from a file share and offline.
"""

from __future__ import annotations

from markupsafe import Markup

from ..dates import dutch_date
from ..model.timeline import EARLY
from .html import ASSETS, Chrome, Page, environment, render_page

SITE_SHEETS = ("site-chrome.css", "site.css")
SCRIPTS = ("lunr.min.js", "zoeken.js")
"""The search page's scripts, copied beside it (lunr.js 2.3.9, MIT: lunr-LICENSE.txt)."""
LICENSES = ("lunr-LICENSE.txt",)


def chrome(prefix: str, region: str | None = None, region_title: str = "") -> Chrome:
    """The site's header above a document; ``prefix`` leads from the page to the site's root
    ("../" for REGION/convenant.html)."""
    header = environment().get_template("site_chrome.html.j2").module.header(
        prefix, region, region_title)
    style = (ASSETS / "site-chrome.css").read_text(encoding="utf-8")
    return Chrome(head=Markup(f"<style>{style}</style>"), header=Markup(header))


def dag(day) -> str:
    """A date as the site prints it: "1 januari 2027", or "onbekend" (the register does not
    give it; a version in force since an unknown day: generator.model.timeline.EARLY)."""
    return "onbekend" if day is None or day == EARLY else dutch_date(day)


def _page(template: str, site, prefix: str, region=None, region_title: str = "",
          **context) -> Page:
    return render_page(template, SITE_SHEETS, (), None, site=site, prefix=prefix,
                       region=region, region_title=region_title, dag=dag, **context)


def render_start(site) -> Page:
    return _page("site_start.html.j2", site, "")


def render_region(site, region_site) -> Page:
    return _page("site_region.html.j2", site, "../../", region_site.region, region_site.zvh,
                 r=region_site)


def render_matrix(site) -> Page:
    return _page("site_matrix.html.j2", site, "../")


def render_search(site) -> Page:
    return _page("site_search.html.j2", site, "")


def asset(name: str) -> bytes:
    return (ASSETS / name).read_bytes()
