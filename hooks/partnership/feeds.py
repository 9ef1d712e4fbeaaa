"""Site -> news feeds: RSS 2.0 (feedgen), Atom 1.0 (feedgen) and JSON Feed 1.1.

Every date comes from the data, never the clock, so two builds give the same bytes.
Known feedgen 1.0.0 traps handled here: the RSS channel link is the last link added,
entries are prepended unless order="append", and Atom entry links lose their rel, so
each Atom entry gets exactly one link and pictures travel as Media RSS instead.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import Counter
from functools import cached_property, partial
from typing import Callable

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from . import kinds, model as m
from .calendar import render_calendars
from .derive import Derived, FeedSpec, feed_specs, feed_window, feed_words
from .outputs import Kept
from .pictures import Picture, shown
from .templating import environment, folders, site_context
from .text import BodyRenderer, right_to_left, script_safe_json
from .urls import FEEDS, absolute, feed_path, page_src, page_url

_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
MEDIA_NS = "http://search.yahoo.com/mrss/"
# A feed's path -> (what it was made from, its text): see FeedWriter._kept.
_KEPT = Kept()
_CALENDARS = Kept()


class _Media(BaseExtension):
    def extend_ns(self):
        return {"media": MEDIA_NS}


class _MediaEntry(BaseEntryExtension):
    """One lead picture per item, with alt text, caption and credit (Media RSS)."""

    def __init__(self):
        self.picture: dict | None = None

    def extend_rss(self, entry):
        return self._add(entry)

    def extend_atom(self, entry):
        return self._add(entry)

    def _add(self, entry):
        if not self.picture:
            return entry
        pic = self.picture
        el = etree.SubElement(entry, f"{{{MEDIA_NS}}}content", url=pic["url"], type=pic["mime"],
                              medium="image", width=str(pic["width"]), height=str(pic["height"]),
                              fileSize=str(pic["size"]))
        etree.SubElement(el, f"{{{MEDIA_NS}}}title", type="plain").text = pic["alt"]
        if pic.get("caption"):
            etree.SubElement(el, f"{{{MEDIA_NS}}}description", type="plain").text = pic["caption"]
        if pic.get("credit"):
            etree.SubElement(el, f"{{{MEDIA_NS}}}credit", role="photographer", scheme="urn:ebu").text = pic["credit"]
        return entry


class FeedWriter:
    """Renders each item's HTML once and shares it between every feed and format."""

    def __init__(self, site: m.Site, site_url: str, renderer: BodyRenderer, derived: Derived | None = None,
                 templates=None, pictures: dict[str, Picture] | None = None):
        self.site = site
        self.pictures = pictures or {}
        self.templates = templates
        self.words = feed_words(site, templates)
        self.site_url = site_url
        self.renderer = renderer
        self.d = derived or Derived(site)
        self._html: dict[str, str] = {}

    def item_url(self, n: m.NewsItem) -> str:
        return absolute(self.site_url, page_url(page_src("news-item", n.slug)))

    def item_html(self, n: m.NewsItem) -> str:
        if n.slug not in self._html:
            body = self.renderer.html(n.body, self.item_url(n))
            if n.updated and n.updated.date() > n.date.date():
                body = str(self.words.updated(n.updated)) + "\n" + body
            if n.image:
                pic = self.picture(n.image)
                original = absolute(self.site_url, pic.original) if pic.is_copy else None
                figure = self.words.figure(n.image, self.image_url(n.image), original, pic.original_size)
                body = str(figure) + "\n" + body
            self._html[n.slug] = body
        return self._html[n.slug]

    @staticmethod
    def summary_html(n: m.NewsItem) -> str:
        # Readers treat it as HTML: escaped, and given its own direction if it has right-to-left
        # letters (a span's dir, which feed readers' cleaners keep; many drop <bdi>).
        summary = html.escape(n.summary)
        return f'<span dir="auto">{summary}</span>' if right_to_left(n.summary) else summary

    def picture(self, image: m.Image) -> Picture:
        return shown(self.pictures, self.site, image)

    def image_url(self, image: m.Image) -> str:
        """The picture readers are given: a right-sized copy if the original is large."""
        return absolute(self.site_url, self.picture(image).path)

    @cached_property
    def moments(self) -> dict[str, dt.datetime]:
        """When each item came out, as the feeds say it. Items are dated to the day, so the
        items of one day would all say midnight, and readers that sort or recognise entries
        by that moment (the Atom validator warns on it) would shuffle them. Each later item
        of a day comes out a second after the one before it, in the order the site lists
        them: still the right day, the same order as the news page, and an item keeps its
        moment until another item is dated to the same day ahead of it. A time typed in
        the data is used as it is."""
        seen: Counter = Counter()
        found = {}
        for n in sorted(self.site.news, key=lambda n: (n.date, n.slug)):
            found[n.slug] = n.date + dt.timedelta(seconds=seen[n.date])
            seen[n.date] += 1
        return found

    def updated(self, n: m.NewsItem) -> dt.datetime:
        return n.updated or self.moments[n.slug]

    def author(self, n: m.NewsItem) -> str | None:
        return n.author or (self.d.partners[n.partner].name if n.partner else None)

    def _generator(self, spec: FeedSpec, self_url: str, self_type: str) -> tuple[FeedGenerator, list[m.NewsItem]]:
        items = feed_window(spec.items, self.site.today)
        news_url = absolute(self.site_url, page_url(page_src("news")))
        fg = FeedGenerator()
        fg.load_extension("dc")
        fg.register_extension("media", _Media, _MediaEntry)
        fg.id(absolute(self.site_url, spec.rss_path))
        fg.title(spec.title)
        # Readers treat the description as HTML, so text from the data is escaped.
        fg.description(html.escape(spec.description))
        fg.author(name=self.site.partnership.name)
        fg.language("en-GB")
        fg.link(href=self_url, rel="self", type=self_type)
        fg.link(href=news_url, rel="alternate")  # last: feedgen makes it the RSS channel <link>
        newest = max((self.updated(n) for n in items), default=_EPOCH)
        fg.lastBuildDate(newest)
        fg.updated(newest)
        fg.generator("partnership site generator", uri=None)
        for n in items:
            url = self.item_url(n)
            fe = fg.add_entry(order="append")
            fe.id(url)
            fe.guid(url, permalink=True)
            fe.title(n.title)
            fe.link(href=url)
            fe.published(self.moments[n.slug])
            fe.updated(self.updated(n))
            fe.summary(self.summary_html(n), type="html")  # RSS description and Atom summary
            fe.content(self.item_html(n), type="html")
            for theme in n.themes:
                fe.category(term=self.d.priorities[theme].title,
                            scheme=absolute(self.site_url, page_url(page_src("theme", theme))))
            by = self.author(n)
            if by:
                fe.dc.dc_creator(by)
                fe.author(name=by)  # Atom's <author><name>; RSS's <author> needs an email, so RSS has dc:creator
            if n.image:
                info = self.picture(n.image)
                fe.media.picture = {"url": self.image_url(n.image), "mime": info.mime, "width": info.width,
                                    "height": info.height, "size": info.size, "alt": n.image.alt,
                                    "caption": n.image.caption, "credit": n.image.credit}
        return fg, items

    def rss(self, spec: FeedSpec) -> str:
        fg, _ = self._generator(spec, absolute(self.site_url, spec.rss_path), "application/rss+xml")
        return fg.rss_str(pretty=True).decode("utf-8")

    def atom(self, spec: FeedSpec) -> str:
        fg, _ = self._generator(spec, absolute(self.site_url, FEEDS["atom"]), "application/atom+xml")
        return fg.atom_str(pretty=True).decode("utf-8")

    def json_feed(self, spec: FeedSpec) -> str:
        items = feed_window(spec.items, self.site.today)
        feed: dict = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": spec.title,
            "home_page_url": absolute(self.site_url, page_url(page_src("news"))),
            "feed_url": absolute(self.site_url, FEEDS["json"]),
            "description": spec.description,
            "language": "en-GB",
            "authors": [{"name": self.site.partnership.name}],
            "items": [],
        }
        for n in items:
            item = {
                "id": self.item_url(n),
                "url": self.item_url(n),
                "title": n.title,
                "summary": n.summary,
                "content_html": self.item_html(n),
                "date_published": self.moments[n.slug].isoformat(),
                "date_modified": self.updated(n).isoformat(),
                "tags": [self.d.priorities[t].title for t in n.themes],
            }
            by = self.author(n)
            if by:
                item["authors"] = [{"name": by}]
            if n.image:
                item["image"] = self.image_url(n.image)
            feed["items"].append(item)
        return script_safe_json(json.dumps(feed, ensure_ascii=False, indent=2)) + "\n"

    @cached_property
    def context(self) -> str:
        """Everything besides its items that a feed shows."""
        return site_context(self.site, self.site_url, environment(folders(self.templates)), self.pictures)

    def _kept(self, path: str, inputs: tuple, make: Callable[[], str]) -> tuple[str, str]:
        # The preview rebuilds on every save, and most saves change no feed.
        return path, _KEPT.get(path, (self.context, *inputs), make)

    def _news_inputs(self, spec: FeedSpec) -> tuple:
        items = feed_window(spec.items, self.site.today)
        return (spec.title, spec.description, *items, *(self.moments[n.slug] for n in items))

    def calendars(self) -> tuple[bytes, dict[str, bytes]]:
        """The calendar of every event and one per event (see calendar.py)."""
        s = self.site
        return _CALENDARS.get("all", (self.context, s.structure, *s.events),
                              lambda: render_calendars(s, self.site_url, self.templates))

    def all_files(self) -> list[tuple[str, str]]:
        specs = feed_specs(self.site, self.templates)
        files = [self._kept(spec.rss_path, self._news_inputs(spec), partial(self.rss, spec)) for spec in specs]
        news = self._news_inputs(specs[0])  # the same items in the other two formats
        files.append(self._kept(FEEDS["atom"], news, partial(self.atom, specs[0])))
        files.append(self._kept(FEEDS["json"], news, partial(self.json_feed, specs[0])))
        files += [self._kept(feed_path("kind", k.name), tuple(self.site.items(k.name)), partial(self.kind_rss, k))
                  for k in kinds.generic() if k.feeds]
        _KEPT.keep_only(path for path, _ in files)
        return files

    def kind_rss(self, kind: kinds.Kind) -> str:
        """One RSS feed for a kind added to the registry: each item's title, date, summary,
        body and page, from the fields of those names its model has."""
        path = feed_path("kind", kind.name)
        fg = FeedGenerator()
        fg.id(absolute(self.site_url, path))
        fg.title(str(self.words.kind_title(kind)).strip())
        fg.description(html.escape(kind.title))
        fg.language("en-GB")
        fg.link(href=absolute(self.site_url, path), rel="self", type="application/rss+xml")
        fg.link(href=absolute(self.site_url, page_url(kind.index)) if kind.index else self.site_url, rel="alternate")
        fg.generator("partnership site generator", uri=None)
        items = list(self.site.items(kind.name))
        moments = [_moment(getattr(i, "date", None)) for i in items]
        fg.lastBuildDate(max((t for t in moments if t), default=_EPOCH))
        for item, moment in zip(items, moments):
            key = kinds.item_key(item)
            url = absolute(self.site_url, page_url(page_src(kind.name, key)) if kind.page
                           else page_url(kind.index) + f"#{key}")
            fe = fg.add_entry(order="append")
            fe.id(url)
            fe.guid(url, permalink=True)
            fe.title(item.title)
            fe.link(href=url)
            if moment:
                fe.published(moment)
            if getattr(item, "summary", None):
                fe.summary(html.escape(item.summary), type="html")
            if getattr(item, "body", None):
                fe.content(self.renderer.html(item.body, url), type="html")
        return fg.rss_str(pretty=True).decode("utf-8")


def _moment(value) -> dt.datetime | None:
    """A date in the data as a moment for a feed: days start at midnight, UK time."""
    if isinstance(value, dt.datetime):
        return value
    day = getattr(value, "earliest", value)  # a date known only to the month or year: its first day
    if isinstance(day, dt.date):
        return dt.datetime.combine(day, dt.time(), tzinfo=m.UK)
    return None
