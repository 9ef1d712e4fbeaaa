"""Feeds that a magazine editor and a calendar can rely on: validity, stability, calendars."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from icalendar import Calendar
from lxml import etree

from conftest import SUBPATH_URL, TODAY
from feedlint import atom_schema, lint_atom, lint_rss

NOW = dt.datetime.fromisoformat(TODAY + "T23:59:59+00:00")
GOLDEN = Path(__file__).parent / "golden" / "ids.txt"

# Each known-bad snippet and the validator message it must produce (feeds reference, 4.1).
ITEM = ("<item><title>t</title><link>https://x.example/a/</link><description>d</description>"
        "<guid>https://x.example/a/</guid><pubDate>Mon, 01 Jul 2024 09:00:00 +0100</pubDate>{extra}</item>")
BAD = [
    (ITEM.replace("<guid>https://x.example/a/</guid>", ""), "item should contain a guid element"),
    (ITEM + ITEM, "guid values must not be duplicated within a feed"),
    (ITEM.replace("<guid>https://x.example/a/</guid>", "<guid>item-42</guid>"),
     "guid must be a full URL, unless isPermaLink attribute is false"),
    (ITEM.replace("<guid>https://x.example/a/</guid>", '<guid isPermaLink="false">42</guid>'),
     "The specified guid is not sufficiently unique"),
    (ITEM.replace("Mon, 01 Jul 2024 09:00:00 +0100", "2024-07-01T09:00:00+01:00"), "pubDate must be an RFC-822 date-time"),
    (ITEM.replace("Mon, 01 Jul 2024", "Mon, 01 Jul 2035"), "Implausible date"),
    (ITEM.replace("<link>https://x.example/a/</link>", "<link>/news/a/</link>"), "link must be a full and valid URL"),
    (ITEM.format(extra='<content:encoded>&lt;img src="/img/1.jpg" alt="x"&gt;</content:encoded>'),
     "content:encoded should not contain relative URL references"),
    (ITEM.replace("<description>d</description>", "<description>&lt;script&gt;x&lt;/script&gt;</description>"),
     "description should not contain script tag"),
    (ITEM.replace("<description>d</description>", "<description>A&amp;E</description>"), "Invalid HTML"),
    (ITEM.format(extra="<author>comms@x.example</author>"), "Email address is missing real name"),
    (ITEM.format(extra='<enclosure url="https://x.example/a.jpg" length="None" type="image/jpeg"/>'),
     "length attribute of enclosure must be a positive integer"),
    (ITEM.format(extra='<enclosure url="https://x.example/a.jpg" length="1" type="image/jpeg"/>' * 2),
     "item contains more than one enclosure"),
    (ITEM.replace("<description>d</description>", "<description>a&nbsp;b</description>"), "XML parsing error"),
]


def _rss(items: str) -> bytes:
    return ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>t</title><link>https://x.example/</link><description>d</description>{items}"
            "</channel></rss>").format(extra="").encode()


@pytest.mark.parametrize("snippet,message", BAD, ids=[m for _, m in BAD])
def test_each_validator_message_fires_on_its_bad_feed(snippet, message):
    assert any(message in found for found in lint_rss(_rss(snippet), NOW))


def _feeds(site: Path, suffix: str) -> list[Path]:
    return sorted((site / "feeds").rglob(f"*{suffix}"))


def test_no_validator_message_fires_on_the_built_rss_feeds(example_site, other_site):
    feeds = _feeds(example_site, ".xml") + _feeds(other_site, ".xml")
    assert len(feeds) >= 8
    for path in feeds:
        assert lint_rss(path.read_bytes(), NOW) == [], path


def test_atom_is_valid_against_rfc_4287(example_site, other_site):
    schema = atom_schema()
    for site in (example_site, other_site):
        assert lint_atom((site / "feeds" / "news.atom").read_bytes(), schema) == []
    # and the schema check is real: feedgen's CDATA content type is caught
    bad = (other_site / "feeds" / "news.atom").read_text().replace('type="html"', 'type="CDATA"', 1)
    assert "Not a valid MIME type" in lint_atom(bad.encode(), schema)


def test_json_feed_has_every_required_member(example_site):
    feed = json.loads((example_site / "feeds" / "news.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["home_page_url"].startswith(SUBPATH_URL)
    assert feed["feed_url"] == f"{SUBPATH_URL}feeds/news.json"
    assert feed["items"]
    rss_ids = re.findall(r"<guid[^>]*>([^<]+)</guid>", (example_site / "feeds" / "news.xml").read_text())
    assert [i["id"] for i in feed["items"]] == rss_ids
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["url"] and item["content_html"]
        dt.datetime.fromisoformat(item["date_published"])


def test_lead_picture_travels_as_media_rss_with_alt_caption_credit_and_size(other_site):
    root = etree.parse(str(other_site / "feeds" / "magazine.xml"))
    ns = {"media": "http://search.yahoo.com/mrss/"}
    content = root.find(".//item/media:content", ns)
    assert content is not None and content.get("medium") == "image"
    assert int(content.get("fileSize")) == (other_site / "images" / "park.png").stat().st_size
    assert (content.get("width"), content.get("height")) == ("40", "30")
    assert content.findtext("media:title", namespaces=ns) == "Families on the grass at dusk"
    assert content.findtext("media:description", namespaces=ns) == "The evening in the park"
    assert content.findtext("media:credit", namespaces=ns) == "Glanrhyd Council"
    assert root.find(".//item/enclosure") is None


def test_theme_feeds_hold_only_their_theme(other_site):
    raw = (other_site / "feeds" / "themes" / "green-spaces.xml").read_text()
    assert "2026-07-01-fish-and-chips" in raw and "winter-update" not in raw
    page = (other_site / "news" / "themes" / "green-spaces" / "index.html").read_text()
    assert 'href="../../../feeds/themes/green-spaces.xml"' in page.split("</head>")[0]


def test_calendar_round_trips_with_crlf_short_lines_and_timezones(example_site, other_site):
    for site in (example_site, other_site):
        for path in [site / "feeds" / "events.ics"] + sorted((site / "feeds" / "events").glob("*.ics")):
            raw = path.read_bytes()
            assert b"\n" not in raw.replace(b"\r\n", b""), path
            assert max(len(line) for line in raw.split(b"\r\n")) <= 75, path
            cal = Calendar.from_ical(raw)
            tzids = set(re.findall(rb"TZID=([^:;]+)", raw))
            zones = {tz["TZID"].encode() for tz in cal.walk("VTIMEZONE")}
            assert tzids <= zones, path
            for ev in cal.walk("VEVENT"):
                assert ev["UID"] and ev["DTSTAMP"] and ev["DTSTART"]
                assert ev.errors == []
    cal = Calendar.from_ical((other_site / "feeds" / "events.ics").read_bytes())
    (event,) = cal.walk("VEVENT")
    assert event["DTSTART"].dt.isoformat() == "2026-12-10T18:30:00+00:00"


def _before_and_after(tmp_path, file: str, addition: str):
    """Builds of the second fixture before and after adding lines to one of its files."""
    import shutil
    from conftest import OTHER_DATA
    from partnership.build import build_site

    data = tmp_path / "d"
    shutil.copytree(OTHER_DATA, data)
    first = build_site(data, SUBPATH_URL, dt.date(2026, 11, 23))
    path = data / file
    path.write_text(path.read_text() + addition)
    return first, build_site(data, SUBPATH_URL, dt.date(2026, 11, 23))


def test_cancelled_event_is_kept_with_a_higher_sequence(tmp_path):
    first, second = _before_and_after(tmp_path, "events/2026-12-10-board-meeting.yml", "cancelled: true\n")

    def event(build):
        raw = next(f.content for f in build.files if f.path == "feeds/events.ics")
        (ev,) = Calendar.from_ical(raw).walk("VEVENT")
        return ev

    before, after = event(first), event(second)
    assert before["UID"] == after["UID"]
    assert str(after["STATUS"]) == "CANCELLED" and int(after["SEQUENCE"]) > int(before["SEQUENCE"])


def test_updated_item_keeps_its_guid_and_says_updated_on(tmp_path):
    first, second = _before_and_after(tmp_path, "news/2026-01-15-winter-update.yml",
                                      'updated: "2026-02-03 10:00"\n')
    feed = lambda build: next(f.content for f in build.files if f.path == "feeds/news.xml")  # noqa: E731
    guid = re.compile(r"<guid[^>]*>([^<]*winter-update[^<]*)</guid>")
    assert guid.findall(feed(first)) == guid.findall(feed(second))
    assert "Updated on 3 February 2026" in feed(second)
    page = next(f.content for f in second.files if f.path == "news/2026-01-15-winter-update.md")
    assert "Updated on 3 February 2026" in page


def test_guids_and_uids_match_the_committed_list(example_site):
    """Published ids must never change. UPDATE_GOLDEN=1 rewrites the list: review the diff."""
    ids = sorted(set(re.findall(r"<guid[^>]*>([^<]+)</guid>", (example_site / "feeds" / "news.xml").read_text())))
    cal = Calendar.from_ical((example_site / "feeds" / "events.ics").read_bytes())
    ids += sorted(str(ev["UID"]) for ev in cal.walk("VEVENT"))
    text = "\n".join(ids) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text)
    assert GOLDEN.read_text() == text


def test_window_keeps_a_year_or_fifty_items_whichever_is_more():
    from partnership.derive import feed_window
    from partnership.model import NewsItem

    def items(days_apart: int, count: int):
        start = dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)
        return [NewsItem(title=f"t{i}", date=start - dt.timedelta(days=i * days_apart), summary="s", body="b",
                         slug=f"s{i}") for i in range(count)]

    sparse = items(30, 200)       # one a month: 50 items reach back four years
    assert len(feed_window(sparse, dt.date(2026, 11, 23))) == 50
    busy = items(1, 200)          # one a day: a year is more than 50
    kept = feed_window(busy, dt.date(2026, 11, 23))
    assert len(kept) == 200 - sum(1 for n in busy if n.date.date() < dt.date(2025, 11, 22))
    assert len(kept) > 50


def test_editors_list_shows_marked_items_with_word_counts_and_credits(other_site):
    page = (other_site / "news" / "for-editors" / "index.html").read_text()
    assert "Fish &amp; Chips" in page and "Winter update" not in page
    assert "Glanrhyd Council" in page              # the picture credit
    assert re.search(r"<td>\d+</td>", page)         # a word count
    assert 'id="pship-since"' in page and "partnership.js" in page
