"""A second partnership gets its own site from its own data, with nothing of the example."""

from __future__ import annotations

import feedparser

from conftest import ROOT, SUBPATH_URL
from sitecheck import broken_links

HOSTILE_TITLE = 'Fish & Chips <script>alert("x")</script> night at the park'


def test_no_trace_of_the_example_anywhere(other_site):
    for path in other_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ".svg", ".css", ".js"):
            assert "redditch" not in path.read_text(errors="replace").lower(), path


def test_nothing_about_the_example_lives_in_code_or_templates():
    for folder in ("hooks", "overrides", "docs"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".html", ".md", ".css", ".yml"):
                assert "redditch" not in path.read_text().lower(), path
    assert "redditch" not in (ROOT / "mkdocs.yml").read_text().lower()


def test_its_own_name_and_branding(other_site):
    home = (other_site / "index.html").read_text()
    assert "<title>Aberhafren Community Partnership</title>" in home
    assert "#5a2a82" in home
    assert 'href="https://www.glanrhyd.example.org/"' in home
    assert broken_links(other_site, SUBPATH_URL) == []


def test_title_with_ampersand_and_tags_is_escaped_everywhere(other_site):
    page = (other_site / "news" / "2026-07-01-fish-and-chips" / "index.html").read_text()
    assert "Fish &amp; Chips &lt;script&gt;" in page
    for path in other_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            text = path.read_text()
            assert "<script>alert(" not in text, path
            assert 'alert("body")' not in text, path
    feed = feedparser.parse((other_site / "feeds" / "news.xml").read_bytes())
    assert feed.entries[0].title == HOSTILE_TITLE
    assert "<script" not in feed.entries[0].content[0].value


def test_future_item_is_not_published(other_site):
    for path in other_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            assert "written in advance" not in path.read_text(), path
    assert not (other_site / "news" / "2030-01-01-future-item").exists()


def test_image_has_alt_caption_and_credit(other_site):
    page = (other_site / "news" / "2026-07-01-fish-and-chips" / "index.html").read_text()
    assert 'alt="Families on the grass at dusk"' in page
    assert "Photo: Glanrhyd Council" in page
    assert (other_site / "images" / "park.png").is_file()


def _everywhere(site) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text() for p in site.rglob("*")
            if p.is_file() and p.suffix in (".html", ".xml", ".json")}


def test_embargoed_item_appears_everywhere_once_its_date_comes(other_site, tmp_path):
    from conftest import OTHER_DATA, mkdocs_build
    later = mkdocs_build(tmp_path / "later", data=OTHER_DATA, today="2030-01-01")
    before, after = _everywhere(other_site), _everywhere(later)
    for name in ("index.html", "news/index.html", "feeds/news.xml", "feeds/magazine.xml",
                 "sitemap.xml", "search/search_index.json"):
        assert "2030-01-01-future-item" not in before[name] and "written in advance" not in before[name], name
        assert "2030-01-01-future-item" in after[name] or "written in advance" in after[name], name
    assert (later / "news" / "2030-01-01-future-item" / "index.html").is_file()


def test_accessibility_statement_takes_its_details_from_the_data(other_site):
    page = (other_site / "accessibility" / "index.html").read_text()
    assert 'href="mailto:access@glanrhyd.example.org"' in page
    assert "prepared on 1 March 2025. It was last reviewed in September 2026." in page
    assert "the web pages of Aberhafren Community Partnership, which Glanrhyd Council publishes" in page
    assert "[[" not in page


def test_alert_shows_on_every_page_while_current_and_nowhere_otherwise(tmp_path, other_site):
    import shutil
    from conftest import OTHER_DATA, mkdocs_build
    data = tmp_path / "d"
    shutil.copytree(OTHER_DATA, data)
    (data / "alerts.yml").write_text(
        "alerts:\n"
        "  - text: The board meeting has moved to 14 December & starts at 7pm\n"
        "    link: https://www.glanrhyd.example.org/board\n"
        "    starts: 2026-11-01\n"
        "    ends: 2026-12-14\n"
        "  - text: An old notice\n"
        "    ends: 2026-01-31\n")
    site = mkdocs_build(tmp_path / "site", data=data)
    pages = list(site.rglob("*.html"))
    for page in pages:
        html = page.read_text()
        assert "The board meeting has moved to 14 December &amp; starts at 7pm" in html, page
        assert "An old notice" not in html
    assert "md-banner" not in (other_site / "index.html").read_text()   # no notice, no banner
    later = mkdocs_build(tmp_path / "later", data=data, today="2026-12-15")
    assert "has moved" not in (later / "index.html").read_text()


def _head_meta(page: str) -> tuple[dict, list]:
    import json
    import re
    head = page.split("</head>")[0]
    tags = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter|article):[^"]+)" content="([^"]*)"', head))
    data = [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)]
    return tags, data


def test_news_page_carries_open_graph_twitter_card_and_news_article(other_site):
    import html as htmllib
    page = (other_site / "news" / "2026-07-01-fish-and-chips" / "index.html").read_text()
    tags, (data,) = _head_meta(page)
    url = f"{SUBPATH_URL}news/2026-07-01-fish-and-chips/"
    assert htmllib.unescape(tags["og:title"]) == HOSTILE_TITLE
    assert tags["og:url"] == url and tags["og:type"] == "article"
    assert tags["og:image"] == f"{SUBPATH_URL}images/park.png" == tags["twitter:image"]
    assert tags["og:image:alt"] == "Families on the grass at dusk"
    assert tags["twitter:card"] == "summary_large_image"
    assert data["@type"] == "NewsArticle" and data["headline"] == HOSTILE_TITLE
    assert data["datePublished"] == "2026-07-01T00:00:00+01:00"
    assert data["image"]["url"].startswith("https://") and data["publisher"]["name"] == "Aberhafren Community Partnership"
    assert "<script>alert" not in page


def test_event_page_carries_an_event_and_the_home_page_the_organisation(other_site):
    tags, (data,) = _head_meta((other_site / "events" / "2026-12-10-board-meeting" / "index.html").read_text())
    assert tags["og:title"] == "Partnership Board meeting" and tags["twitter:card"] == "summary"
    assert data["@type"] == "Event" and data["startDate"] == "2026-12-10T18:30:00+00:00"
    assert data["endDate"] == "2026-12-10T20:00:00+00:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["name"] == "Civic Centre, Aberhafren"
    tags, (org,) = _head_meta((other_site / "index.html").read_text())
    assert org["@type"] == "Organization" and org["logo"].startswith("https://")
    assert tags == {}
    tags, data = _head_meta((other_site / "glossary" / "index.html").read_text())
    assert tags == {} and data == []
