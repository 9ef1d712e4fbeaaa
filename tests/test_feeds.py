"""The feeds as a magazine editor's reader sees them."""

from __future__ import annotations

import email.utils
from pathlib import Path

import feedparser
import pytest
import yaml
from lxml import etree

from conftest import EXAMPLE_DATA, SUBPATH_URL, TODAY, mkdocs_build


def _feed(site: Path, name: str):
    raw = (site / "feeds" / name).read_bytes()
    etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))  # well-formed
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    return parsed


def _published_items(magazine_only: bool = False) -> set[str]:
    found = set()
    for path in (EXAMPLE_DATA / "news").glob("*.yml"):
        item = yaml.safe_load(path.read_text())
        if item.get("draft") or str(item["date"]) > TODAY:
            continue
        if magazine_only and not item.get("magazine"):
            continue
        found.add(f"{SUBPATH_URL}news/{path.stem}/")
    return found


@pytest.mark.parametrize("name", ["news.xml", "magazine.xml"])
def test_feed_parses_newest_first_with_absolute_links(example_site, name):
    feed = _feed(example_site, name)
    assert feed.feed.link == f"{SUBPATH_URL}news/"
    assert feed.feed.language == "en-GB"
    dates = [email.utils.parsedate_to_datetime(e.published) for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    for entry in feed.entries:
        assert entry.link.startswith(SUBPATH_URL)
        assert entry.id == entry.link
        assert (example_site / entry.link[len(SUBPATH_URL):] / "index.html").is_file()
        assert entry.content[0].value.strip()           # full text
        assert 'src="/' not in entry.content[0].value and 'href="/' not in entry.content[0].value
    ids = [e.id for e in feed.entries]
    assert len(ids) == len(set(ids))


def test_main_feed_has_every_published_item(example_site):
    feed = _feed(example_site, "news.xml")
    assert {e.link for e in feed.entries} == _published_items()
    assert len(feed.entries) >= 10


def test_magazine_feed_holds_exactly_the_marked_items(example_site):
    feed = _feed(example_site, "magazine.xml")
    marked = _published_items(magazine_only=True)
    assert marked and {e.link for e in feed.entries} == marked


def test_guids_and_bytes_are_stable_across_builds(example_site, tmp_path):
    again = mkdocs_build(tmp_path / "again")
    for name in ("news.xml", "magazine.xml"):
        assert (again / "feeds" / name).read_bytes() == (example_site / "feeds" / name).read_bytes()


def test_uk_time_offsets(other_site):
    raw = (other_site / "feeds" / "news.xml").read_text()
    assert "Wed, 01 Jul 2026 00:00:00 +0100" in raw      # summer: BST
    assert "Thu, 15 Jan 2026 00:00:00 +0000" in raw      # winter: GMT
