"""`convenant site`: the secretariat's static site, made once for this module from a real git
repository with the real covenants and a history (ZHZ: version 2 decided, three parties
signed it, a request to accede; Haaglanden: a working text that differs from its version),
then read as its reader reads it: in Debian's Chromium driven by Playwright, from the files
themselves (file://, as from a file share), with axe-core run in each kind of page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import main
from generator.commands.compare import make_comparison
from generator.commands.register import sign, vaststellen
from generator.compare.model import IDENTICAL
from generator.commands.register import status as status_of
from generator.commands.site import SITE_CACHE, site
from generator.commands.toetreding import aanvraag
from generator.project import load_project

from .browser import axe_problems, chromium
from .conftest import FORM, NAME, REPO
from .gitrepo import edit, git, head, init_repo
from .sitehistory import amend, first_versions, sign_all

DAY = dt.date(2026, 12, 1)
SIGNERS = ("alblasserdam", "dordrecht", "politie-eenheid-rotterdam")
ARTICLE_15 = "clauses/artikelen/uitwisseling-van-informatie.md"
NEW_WORDS = "alle noodzakelijke en actuele informatie"
PHRASE = "Privacy Protocol Integrale Veiligheid en Complexe Multiproblematiek"


def history(root: Path) -> None:
    """Both first versions in force; ZHZ: version 2 (article 15.1 amended) decided, signed by
    three parties; a request to accede; Haaglanden's working text then differs from its
    version 2019."""
    first_versions(root, DAY)
    amend(root, ARTICLE_15, "alle noodzakelijke informatie", NEW_WORDS,
          "Artikel 15.1: actuele informatie")
    vaststellen(root, "zhz", "2", dt.date(2026, 11, 20), today=DAY)
    sign_all(root, "zhz", "2", dt.date(2026, 11, 25), only=SIGNERS)
    form = root.parent / "aanvraag.yaml"
    form.write_text(FORM, encoding="utf-8")
    aanvraag(root, "zhz", form, "dordrecht", date=dt.date(2026, 11, 26), today=DAY,
             out=root.parent / "brieven")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = init_repo(tmp_path_factory.mktemp("site") / "repo", REPO)
    history(root)
    before = head(root)
    result = site(root, today=DAY)
    return root, result, before


@pytest.fixture(scope="module")
def folder(made) -> Path:
    return made[1].folder


@pytest.fixture(scope="module")
def browser():
    with chromium() as started:
        yield started


def made_status(folder: Path):
    """Version 2 of ZHZ as `convenant status` reports it (the parties bound by it)."""
    return status_of(folder.parent.parent, "zhz", "2", today=DAY)


def page_at(browser, path: Path, width: int = 1200):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.as_uri())
    return page


# ------------------------------------------------------------------ what is written


def test_the_site_has_every_page(folder):
    for name in ("index.html", "zoeken.html", "zoekindex.js", "lunr.min.js", "zoeken.js",
                 "vergelijking/index.html", "vergelijking/haaglanden-zhz.html",
                 "regio/zhz/index.html", "regio/zhz/convenant.html", "regio/zhz/convenant.pdf",
                 "regio/zhz/convenant.docx", "regio/zhz/renvooi/1..2.html",
                 "regio/haaglanden/index.html", "regio/haaglanden/renvooi/2019..werkversie.html"):
        assert (folder / name).is_file(), name
    assert folder == folder.parent / "site" and folder.parent.name == "build"


def test_downloads_are_builds_own_files(made, folder):
    root = made[0]
    for fmt in ("pdf", "docx"):
        assert (folder / "regio" / "zhz" / f"convenant.{fmt}").read_bytes() == \
            (root / "build" / "zhz" / f"convenant.{fmt}").read_bytes()


def test_nothing_is_recorded_in_git(made):
    root, _, before = made
    assert head(root) == before
    assert git(root, "status", "--porcelain", "--untracked-files=no") == ""


def test_the_matrix_counts_what_compare_counts(made, folder):
    articles = make_comparison(made[0], ["haaglanden", "zhz"]).of_kind("article")
    same = sum(1 for a in articles if a.status == IDENTICAL)
    terms = sum(1 for a in articles if a.terms_only)
    assert 0 < terms < len(articles) and same < len(articles)
    text = (folder / "vergelijking" / "index.html").read_text(encoding="utf-8")
    cell = (f'<a href="haaglanden-zhz.html">{same} van {len(articles)} gelijk, '
            f'{terms} alleen in de termen</a>')
    assert text.count(cell) == 2  # both halves of the matrix


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def test_every_link_is_local_and_leads_somewhere(folder):
    """No external resource: the site works offline and from a file share."""
    for page in folder.rglob("*.html"):
        links = Links()
        links.feed(page.read_text(encoding="utf-8"))
        for link in links.found:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, (page, link)
            if parts.path:
                target = (page.parent / unquote(parts.path)).resolve()
                assert target.is_file(), (page.relative_to(folder), link)


def test_second_run_writes_nothing_and_a_touched_page_is_made_again(made, folder):
    root = made[0]
    again = site(root, today=DAY)
    assert again.written == [] and again.site is None  # nothing loaded either
    (folder / "regio" / "zhz" / "index.html").write_text("weg", encoding="utf-8")
    renvooi = folder / "regio" / "zhz" / "renvooi" / "1..2.html"
    before = renvooi.stat().st_mtime_ns
    third = site(root, today=DAY)
    assert [p.relative_to(folder).as_posix() for p in third.written] == ["regio/zhz/index.html"]
    assert renvooi.stat().st_mtime_ns == before


def test_a_new_signature_changes_the_pages_that_show_it_only(made, folder):
    root = made[0]
    renvooi = folder / "regio" / "zhz" / "renvooi" / "1..2.html"
    before = renvooi.stat().st_mtime_ns
    sign(root, "zhz", "papendrecht", "2", dt.date(2026, 11, 27), "Papendrecht")
    result = site(root, today=DAY)
    written = {p.relative_to(folder).as_posix() for p in result.written}
    assert written == {"index.html", "regio/zhz/index.html"}
    assert renvooi.stat().st_mtime_ns == before
    assert "4 van " in (folder / "index.html").read_text(encoding="utf-8")


def test_a_page_no_longer_in_the_site_is_removed(tmp_path):
    root = init_repo(tmp_path / "repo", REPO)
    first_versions(root, DAY)
    out = tmp_path / "uit"
    edit(root, ARTICLE_15, "alle noodzakelijke informatie", NEW_WORDS)
    first = site(root, out, today=DAY)
    assert (out / "regio" / "zhz" / "renvooi" / "1..werkversie.html").is_file()
    edit(root, ARTICLE_15, NEW_WORDS, "alle noodzakelijke informatie")
    second = site(root, out, today=DAY)
    assert out / "regio" / "zhz" / "renvooi" / "1..werkversie.html" in second.removed
    assert not (out / "regio" / "zhz" / "renvooi" / "1..werkversie.html").exists()
    assert first.folder == out


def test_a_record_pointing_outside_the_site_removes_nothing(made, tmp_path):
    root = made[0]
    out = tmp_path / "uit"
    site(root, out, today=DAY)
    victim = tmp_path / "bewaren.txt"
    victim.write_text("blijft", encoding="utf-8")
    record = out / SITE_CACHE
    record.write_text(record.read_text(encoding="utf-8").replace(
        '"pages": {', '"pages": {"../bewaren.txt": {"key": null, "sha256": "x"}, ', 1),
        encoding="utf-8")
    site(root, out, today=DAY)
    assert victim.read_text(encoding="utf-8") == "blijft"


def test_bad_data_is_one_line_and_nothing_is_written(tmp_path):
    root = init_repo(tmp_path / "repo", REPO)
    manifest = root / "convenants" / "zhz.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\nartikelen: [\n",
                        encoding="utf-8")
    result = CliRunner().invoke(main, ["site", "--root", str(root)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert re.search(r"convenants/zhz\.yaml:\d+", result.output), result.output
    assert not (root / "build" / "site").exists()


def test_cli_says_where_the_site_is(made, tmp_path):
    out = tmp_path / "elders"
    result = CliRunner().invoke(main, ["site", "--out", str(out), "--root", str(made[0])])
    assert result.exit_code == 0, result.output
    assert str(out / "index.html") in result.output
    again = CliRunner().invoke(main, ["site", "--out", str(out), "--root", str(made[0])])
    assert again.exit_code == 0 and "up to date" in again.output


# ------------------------------------------------------------------ in the browser


def test_start_page_lists_both_regions_with_their_counts(browser, folder):
    page = page_at(browser, folder / "index.html")
    rows = {row.get_attribute("data-regio"): row for row in page.locator("tr[data-regio]").all()}
    assert set(rows) == {"zhz", "haaglanden"}
    zhz = rows["zhz"].inner_text()
    members = len(made_status(folder).parties)
    assert "versie 1" in zhz
    assert re.search(rf"versie 2: [34] van {members} getekend", zhz), zhz
    assert "1 open" in zhz and NAME in zhz
    haaglanden = rows["haaglanden"].inner_text()
    assert "versie 2019, sinds 1 januari 2019" in haaglanden
    assert "1 januari 2027" in haaglanden  # the next renewal (23.1: yearly from 2019)
    page.close()


def test_a_version_link_shows_its_renvooi(browser, folder):
    page = page_at(browser, folder / "regio" / "zhz" / "index.html")
    page.get_by_role("link", name="versie 2", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("/regio/zhz/renvooi/1..2.html")
    inserted = " ".join(page.locator("ins").all_inner_texts())
    assert "en actuele" in inserted
    assert "Renvooi" in page.title()
    page.close()


def test_the_region_page_shows_who_signed(browser, folder):
    page = page_at(browser, folder / "regio" / "zhz" / "index.html")
    table = page.locator("details:has(#ondertekening-2) table").inner_text()
    assert "Alblasserdam" in table and "25 november 2026" in table and "Dordrecht" in table
    assert "nog niet getekend" in table
    assert NAME in page.locator("#cv-toetreding ~ section").first.inner_text()
    page.close()


def test_search_finds_a_phrase_from_artikel_15(browser, folder):
    page = page_at(browser, folder / "index.html")
    page.fill("#cv-zoekterm-kop", PHRASE.lower())
    page.press("#cv-zoekterm-kop", "Enter")
    page.wait_for_selector("#cv-resultaten li")
    links = page.locator("#cv-resultaten li a")
    wheres = links.all_inner_texts()
    for region in ("Zuid-Holland Zuid", "Haaglanden"):  # 15.3 of both texts
        assert any(region in w and "artikel 15.3:" in w for w in wheres), wheres
    found = page.locator("#cv-resultaten li").filter(has_text="Zuid-Holland Zuid, artikel 15.3:")
    assert found.locator("mark").inner_text() == PHRASE  # the phrase is marked in the passage
    found.locator("a").click()
    page.wait_for_load_state()
    assert re.search(r"/convenant\.html#[\w.-]+$", page.url)
    assert page.locator(":target").inner_text().count("Multiproblematiek") == 1
    page.close()


def test_search_while_typing_and_nothing_found(browser, folder):
    page = page_at(browser, folder / "zoeken.html")
    page.fill("#cv-zoekterm", "persoonsgeg")  # the start of a word
    page.wait_for_selector("#cv-resultaten li")
    assert "persoonsgeg" in page.locator("#cv-zoekstatus").inner_text()
    page.fill("#cv-zoekterm", "zeppelinhaven")
    page.wait_for_function("document.getElementById('cv-zoekstatus').textContent"
                           ".includes('Niets gevonden')")
    assert page.locator("#cv-resultaten li").count() == 0
    page.close()


KINDS = ("index.html", "zoeken.html", "regio/zhz/index.html", "regio/zhz/convenant.html",
         "regio/zhz/renvooi/1..2.html", "vergelijking/index.html", "vergelijking/haaglanden-zhz.html")


@pytest.mark.parametrize("name", KINDS)
def test_axe_finds_nothing_serious(browser, folder, name):
    page = page_at(browser, folder / name)
    problems = axe_problems(page)
    page.close()
    assert not problems, problems


@pytest.mark.parametrize("name", KINDS)
def test_nothing_is_cut_off_at_390_px(browser, folder, name):
    page = page_at(browser, folder / name, width=390)
    widths = page.evaluate("[document.documentElement.scrollWidth, "
                           "document.documentElement.clientWidth]")
    page.close()
    assert widths[0] <= widths[1], widths


def test_keyboard_reaches_the_content_first(browser, folder):
    page = page_at(browser, folder / "regio" / "zhz" / "index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "cv-inhoud"
    page.close()


def test_printed_without_the_sites_navigation(browser, folder):
    page = page_at(browser, folder / "regio" / "zhz" / "index.html")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = false; })")
    page.emulate_media(media="print")
    assert not page.locator("header.cv-site").is_visible()
    assert page.locator("h1").is_visible()
    printed = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf())).pages)
    page.close()
    assert "Versies" in printed and "Ondertekening" in printed
    # every version's signatures, also those folded away on screen
    rep = load_project(REPO).parties["gorinchem"].representative("zhz")  # signed 1, not 2
    assert f"{rep.aanhef} {rep.naam}" in " ".join(printed.split())
    assert "Zoek in alle teksten" not in printed and "Naar de inhoud" not in printed
