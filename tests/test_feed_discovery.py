"""What feed readers and calendar apps find: distinct entry times, authors, calendars
declared in each page's head, and feed wording a council can change in a template."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import feedparser
from icalendar import Calendar

from conftest import EXAMPLE_DATA, OTHER_DATA, SUBPATH_URL
from feedlint import atom_schema, lint_atom
from partnership.load import load_site

TODAY = dt.date(2026, 11, 23)


def test_the_duplicate_updated_rule_fires_and_no_built_atom_feed_breaks_it(example_site, other_site):
    schema = atom_schema()
    raw = (example_site / "feeds" / "news.atom").read_text()
    stamps = re.findall(r"(?<=<updated>)[^<]+", raw)
    same = re.sub(r"(?<=<updated>)[^<]+", stamps[1], raw)
    assert "Two entries with the same value for atom:updated" in " ".join(lint_atom(same.encode(), schema))
    for site in (example_site, other_site):
        assert lint_atom((site / "feeds" / "news.atom").read_bytes(), schema) == []
    # A reader that sorts by the entry's time keeps the news page's order, and every entry
    # is still on the day the item is dated.
    entries = feedparser.parse(raw).entries
    assert [e.updated_parsed for e in entries] == sorted((e.updated_parsed for e in entries), reverse=True)
    dated = {n.slug: n.date.date().isoformat() for n in load_site(EXAMPLE_DATA, TODAY).news}
    for entry in entries:
        assert entry.updated[:10] == dated[entry.link.rstrip("/").rsplit("/", 1)[1]]


def test_atom_entries_name_their_author_as_the_rss_does(other_site):
    atom = feedparser.parse((other_site / "feeds" / "news.atom").read_bytes())
    rss = feedparser.parse((other_site / "feeds" / "news.xml").read_bytes())
    by_link = {e.link: e.get("author") for e in rss.entries}
    assert any(by_link.values())
    for entry in atom.entries:
        assert entry.get("author") == by_link[entry.link]


def test_every_page_that_links_a_calendar_declares_it_in_its_head(example_site):
    pages = 0
    for page in example_site.rglob("*.html"):
        head, _, body = page.read_text().partition("</head>")
        linked = set(re.findall(r'<a [^>]*href="([^"]+\.ics)"', body))
        declared = set(re.findall(r'<link rel="alternate" type="text/calendar" title="[^"]+" href="([^"]+)"', head))
        assert linked <= declared, page
        pages += bool(linked)
    assert pages >= 3  # the events page, the subscribe page and each event's page


def test_feed_and_calendar_wording_comes_from_a_template_a_council_can_copy(tmp_path):
    from partnership.build import build_site

    core = (Path(__file__).parent.parent / "hooks" / "partnership" / "templates" / "feeds.md").read_text()
    ours = tmp_path / "templates"
    ours.mkdir()
    (ours / "feeds.md").write_text(core.replace("Photo: ", "Llun: ").replace("%}news{%", "%}newyddion{%", 1)
                                   .replace("meetings and events", "cyfarfodydd"))
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    files = {f.path: f.content for f in build_site(data, SUBPATH_URL, TODAY, templates=ours).files}
    assert feedparser.parse(files["feeds/news.xml"]).feed.title == "Aberhafren Community Partnership: newyddion"
    assert "Llun: Glanrhyd Council" in files["feeds/magazine.xml"]
    assert "Llun: Glanrhyd Council" in files["news/2026-07-01-fish-and-chips.md"]
    assert str(Calendar.from_ical(files["feeds/events.ics"])["X-WR-CALNAME"]) == \
        "Aberhafren Community Partnership: cyfarfodydd"
