"""The built site as a resident meets it: every page there, linked, and nothing broken."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import yaml

from conftest import EXAMPLE_DATA, ROOT, ROOT_URL, SUBPATH_URL, TODAY
from sitecheck import broken_links, pages, parse, reachable

EXPECTED_PAGES = [
    "/", "about/", "what-is-an-lsp/", "structure/", "strategy/", "documents/", "partners/",
    "news/", "events/", "have-your-say/", "accountability/", "glossary/", "accessibility/",
    "editors-guide/", "subscribe/", "privacy/",
]


def _rel(p: str) -> str:
    return "" if p == "/" else p


def test_every_listed_page_exists_and_is_reachable_from_home(example_site):
    found = reachable(example_site, SUBPATH_URL)
    for page in EXPECTED_PAGES:
        assert (example_site / _rel(page) / "index.html").is_file(), page
        assert ("/" if page == "/" else page) in found or page in found, f"{page} is not linked"


def test_every_body_news_item_and_event_has_a_reachable_page(example_site):
    found = reachable(example_site, SUBPATH_URL)
    structure = yaml.safe_load((EXAMPLE_DATA / "structure.yml").read_text())
    for body in structure["bodies"]:
        assert f"structure/{body['id']}/" in found
    for folder in ("news", "events"):
        for path in (EXAMPLE_DATA / folder).glob("*.yml"):
            item = yaml.safe_load(path.read_text())
            hidden = item.get("draft") or str(item.get("date", "")) > TODAY
            assert (f"{folder}/{path.stem}/" in found) != bool(hidden), path.name


@pytest.mark.parametrize("fixture,url", [("example_site", SUBPATH_URL), ("example_site_root_url", ROOT_URL)])
def test_no_broken_internal_links_or_fragments(fixture, url, request):
    site = request.getfixturevalue(fixture)
    assert len(pages(site)) > 40
    assert broken_links(site, url) == []


def test_search_finds_a_news_item_on_its_own_page_not_on_the_lists_of_titles(example_site):
    index = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {e["location"]: e["title"] for e in index["docs"] if "#" not in e["location"]}
    item = "news/2011-06-16-partnership-conference-launches-new-strategy/"
    assert item in titles
    lists = [loc for loc in titles if re.fullmatch(r"news/(\d{4}|themes/[^/]+)/", loc)]
    assert lists == [], "a year's or a priority's list of news is in the search index"
    assert (example_site / "news" / "2011" / "index.html").is_file()  # the lists are still there


def test_news_index_is_newest_first(example_site):
    html = (example_site / "news" / "index.html").read_text()
    dates = re.findall(r'href="(?:\./)?(\d{4}-\d{2}-\d{2})-[^"/]+/"', html)
    assert len(dates) >= 10
    assert dates == sorted(dates, reverse=True)


def test_nothing_is_loaded_from_another_website(example_site):
    for page in pages(example_site):
        for tag, link in parse(page).links:
            if tag in ("script", "img", "link") and link.startswith(("http:", "https:", "//")):
                # Only the site's own feed addresses may be absolute.
                assert link.startswith(SUBPATH_URL), f"{page}: {tag} {link}"
        text = page.read_text()
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_feeds_are_linked_from_every_page_head(example_site):
    from urllib.parse import urljoin
    from sitecheck import url_of
    for page in pages(example_site):
        base = url_of(example_site, page, SUBPATH_URL)
        head = page.read_text().split("</head>")[0]
        found = {urljoin(base, href) for href in re.findall(r'<link rel="alternate" type="[^"]+" title="[^"]*" href="([^"]+)"', head)}
        for name in ("news.xml", "magazine.xml", "news.atom", "news.json"):
            assert f"{SUBPATH_URL}feeds/{name}" in found, (page, name)


def test_glossary_terms_are_explained_where_they_appear(example_site, other_site):
    html = (example_site / "what-is-an-lsp" / "index.html").read_text()
    assert re.search(r'<abbr title="Local Strategic Partnership">LSP</abbr>', html)
    # in generated text and in a news body alike
    html = (other_site / "news" / "2026-07-01-fish-and-chips" / "index.html").read_text()
    assert '<abbr title="Community Partnership">CP</abbr> held an evening' in html


def test_branding_comes_from_the_data(example_site):
    data = yaml.safe_load((EXAMPLE_DATA / "partnership.yml").read_text())
    home = (example_site / "index.html").read_text()
    assert data["branding"]["primary_colour"] in home
    assert f'href="{data["host_council"]["url"]}"' in home
    assert f"<title>{data['name']}</title>" in home


def test_cli_builds_the_same_pages_without_mkdocs(tmp_path, example_site):
    out = tmp_path / "md"
    run = subprocess.run([sys.executable, "-m", "partnership", "build", "--out", str(out),
                          "--today", TODAY, "--data", str(EXAMPLE_DATA)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    made = {p.relative_to(out).as_posix() for p in out.rglob("*.md")}
    assert "index.md" in made and "news/index.md" in made
    for md in made:
        html_dir = md[:-len("index.md")] if md.endswith("index.md") else md[:-3] + "/"
        assert (example_site / html_dir / "index.html").is_file(), md


def test_mkdocs_build_strict_from_the_command_line_has_no_warnings(tmp_path):
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "s")],
                         capture_output=True, text=True, cwd=ROOT,
                         env={**__import__("os").environ, "PARTNERSHIP_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, run.stderr
    assert "WARNING" not in run.stderr
    assert (tmp_path / "s" / "index.html").is_file()


def test_two_builds_are_byte_identical(example_site, tmp_path):
    from conftest import mkdocs_build

    again = mkdocs_build(tmp_path / "again")
    first = {p.relative_to(example_site): p.read_bytes() for p in example_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_sitemap_is_dated_by_the_data_not_the_clock(example_site):
    newest = max(
        str(item.get("updated") or item.get("date") or item.get("start"))[:10]
        for folder in ("news", "events")
        for item in (yaml.safe_load(p.read_text()) for p in (EXAMPLE_DATA / folder).glob("*.yml"))
        if not item.get("draft") and str(item.get("date") or item.get("start"))[:10] <= TODAY
    )
    lastmods = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (example_site / "sitemap.xml").read_text()))
    assert lastmods == {newest}


def test_overdue_commitments_are_warned_about_and_shown_but_do_not_block(example_site):
    run = subprocess.run([sys.executable, "-m", "partnership", "check", "--today", TODAY],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0
    # The example is built as of 30 November 2011 (partnership.yml, as_of): the papers say no
    # We Are Redditch event was held in 2011, and that is the one overdue commitment then.
    assert "Warning: Yearly public event like We Are Redditch: overdue since 31 January 2011" in run.stderr
    assert "Annual meeting of the whole partnership: overdue" not in run.stderr
    page = (example_site / "accountability" / "index.html").read_text()
    assert set(re.findall(r"Overdue since ([^<.|]+)", page)) == {"31 January 2011"}


def test_a_council_copy_of_a_page_template_changes_the_published_page(tmp_path):
    from conftest import mkdocs_build

    ours = tmp_path / "partnership"
    ours.mkdir()
    core = (ROOT / "hooks" / "partnership" / "templates" / "have-your-say.md").read_text()
    old = "The partnership wants to hear from residents, councillors and partners."
    assert old in core
    (ours / "have-your-say.md").write_text(core.replace(old, "Tell the Redditch Partnership what you think."))
    site = mkdocs_build(tmp_path / "site", templates=ours)
    page = (site / "have-your-say" / "index.html").read_text()
    assert "Tell the Redditch Partnership what you think." in page and old not in page
    assert "Open consultations" in page  # the rest of the page is the core's
