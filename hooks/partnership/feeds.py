"""Site -> RSS 2.0 feeds (feedgen). Dates come from the data, never the clock."""

from __future__ import annotations

import datetime as dt
import html
from typing import Sequence

from feedgen.feed import FeedGenerator

from . import model as m
from .derive import Derived
from .load import IMAGES
from .text import BodyRenderer
from .urls import FEEDS, absolute, page_src, page_url

# A quarterly magazine must never miss an item: keep a year, and at least 50 items.
WINDOW_DAYS = 366
WINDOW_MIN_ITEMS = 50
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def feed_window(items: Sequence[m.NewsItem], today: dt.date) -> list[m.NewsItem]:
    """Items newest first: everything from the last year, topped up to 50 items."""
    cutoff = today - dt.timedelta(days=WINDOW_DAYS)
    recent = [n for n in items if n.date.date() >= cutoff]
    return recent if len(recent) >= WINDOW_MIN_ITEMS else list(items[:WINDOW_MIN_ITEMS])


def render_rss(site: m.Site, site_url: str, renderer: BodyRenderer, which: str) -> str:
    p = site.partnership
    d = Derived(site)
    items = [n for n in site.news if which == "news" or n.magazine]
    items = feed_window(items, site.today)
    self_url = absolute(site_url, FEEDS[which])
    news_url = absolute(site_url, page_url(page_src("news")))

    fg = FeedGenerator()
    fg.load_extension("dc")
    if which == "magazine":
        magazine = p.magazine.name if p.magazine else "print"
        fg.title(f"{p.name}: news for {magazine}")
        fg.description(html.escape(f"News items from {p.name} chosen for {magazine}, with their full text."))
    else:
        fg.title(f"{p.name}: news")
        # Readers treat the channel description as HTML, so the name is escaped.
        fg.description(html.escape(f"News from {p.name} and its partners."))
    fg.language("en-GB")
    fg.link(href=self_url, rel="self", type="application/rss+xml")
    # feedgen makes the channel <link> from the last link added: it must be the news page.
    fg.link(href=news_url, rel="alternate")
    newest = max((n.updated or n.date for n in items), default=_EPOCH)
    fg.lastBuildDate(newest)
    fg.updated(newest)
    fg.generator("partnership site generator", uri=None)

    for n in items:
        url = absolute(site_url, page_url(page_src("news-item", n.slug)))
        fe = fg.add_entry(order="append")
        fe.title(n.title)
        fe.link(href=url)
        fe.guid(url, permalink=True)
        fe.published(n.date)
        fe.updated(n.updated or n.date)
        # description is HTML: plain text must be escaped or "A&E" makes it invalid.
        fe.description(html.escape(n.summary))
        body = renderer.html(n.body, url)
        if n.updated and n.updated.date() > n.date.date():
            body = f"<p><em>Updated on {m.display_date(n.updated)}</em></p>\n" + body
        if n.image:
            image_url = absolute(site_url, f"{IMAGES}/{n.image.file}")
            body = Derived.figure_html(n.image, image_url) + "\n" + body
        fe.content(body, type="html")
        for theme in n.themes:
            fe.category(term=d.priorities[theme].title,
                        scheme=absolute(site_url, page_url(page_src("theme", theme))))
        by = n.author or (d.partners[n.partner].name if n.partner else None)
        if by:
            fe.dc.dc_creator(by)
    return fg.rss_str(pretty=True).decode("utf-8")
