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
