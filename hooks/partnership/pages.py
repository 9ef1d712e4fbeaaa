"""Site -> Markdown pages, written by the templates in templates/ (or a council's own copies).

Every string an editor wrote is escaped on its way in: the templates escape by default."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Callable, Iterable

import pydantic
from jinja2 import pass_context
from markupsafe import Markup

from . import kinds, model as m
from .derive import WINDOW_MIN_ITEMS, Derived, feed_specs, feed_window, feed_words
from .outputs import Kept, Stored, code_version
from .pictures import Picture, shown
from .sharing import Sharing
from .templating import environment, folders, site_context
from .text import BodyRenderer, md_text as t
from .urls import FEEDS, absolute, feed_path, link, page_src, page_url


@dataclass(frozen=True)
class Page:
    src: str
    markdown: str


# Python-Markdown holds HTML it has set aside as "\x02wzxhzdk:12\x03" until the end, and its
# abbr extension marks terms in those too: a term that is a number, or one of those words,
# would break them and show the rest of the page's HTML as text.
_MARKER_TERM = re.compile(r"\d+|wzxhzdk|klzzwxh", re.I)


def abbreviation_block(site: m.Site) -> str:
    """Glossary abbreviations in Markdown's abbr syntax, so every use gets its expansion."""
    return "".join(f"\n*[{term.term}]: {' '.join(term.expansion.split())}"
                   for term in site.glossary.terms
                   if term.expansion and "]" not in term.term and not _MARKER_TERM.fullmatch(term.term))


# A page's source -> (what it was made from, the page): see PageWriter.kept.
_KEPT = Kept()

LATEST = 20  # items with their summaries on the news and priority pages; the rest are a click away


def placeholders(site: m.Site, templates=None) -> dict[str, str]:
    """Facts hand-written pages may use as [[name]]: the values placeholders.md sets."""
    module = environment(folders(templates)).get_template("placeholders.md").make_module({"site": site})
    return {name: str(value) for name, value in vars(module).items() if not name.startswith("_")}


class PageWriter:
    """Renders each page's template with the site's data and the helpers below."""

    def __init__(self, site: m.Site, derived: Derived, site_url: str, renderer: BodyRenderer,
                 templates: Path | str | Iterable[Path | str] | None = None,
                 pictures: dict[str, Picture] | None = None, stored: Stored | None = None):
        self.site = site
        self.stored = stored
        self._digests: dict[int, tuple[object, str]] = {}
        self.pictures = pictures or {}
        self.d = derived
        self.site_url = site_url
        self.render = renderer
        self.share = Sharing(site, site_url, derived)
        self.abbreviations = abbreviation_block(site)
        self.env = environment(folders(templates))
        self.templates = templates
        self.words = feed_words(site, templates)
        # What every template may use; `here` (the page's source path) is added per page.
        self.values = {
            "site": site, "d": derived, "today": site.today, "latest": LATEST,
            "window_min_items": WINDOW_MIN_ITEMS, "feeds": FEEDS, "feed_path": feed_path,
            "abbreviations": Markup(self.abbreviations.lstrip("\n")),
            "sharing": None, "feed": None,
            "link": self._link, "doc_link": self._doc_link, "body_link": self._body_link,
            "feed_link": self._feed_link, "relative": self._relative, "page_address": self._page_address,
            "body_html": self._body_html, "html_block": lambda html: Markup(self.html_block(html)),
            "figure": self._figure,
        }

    def write(self, template: str, here: str, **values) -> Page:
        return Page(here, self.env.get_template(template).render(self.values, here=here, **values))

    # --- helpers for the templates: Markdown and HTML they return is made safe here ----

    @pass_context
    def _link(self, ctx, kind: str, key: str = "", text: str | None = None, anchor: str = "") -> Markup:
        """A Markdown link from this page to a generated or hand-written page."""
        return Markup(f"[{t(str(text or key))}]({link(ctx['here'], page_src(kind, key), anchor)})")

    @pass_context
    def _doc_link(self, ctx, doc_id: str | None) -> Markup:
        if not doc_id:
            return Markup("")
        return self._link(ctx, "documents", text=self.d.documents[doc_id].title, anchor=doc_id)

    @pass_context
    def _body_link(self, ctx, body_id: str | None) -> Markup:
        if not body_id:
            return Markup("")
        return self._link(ctx, "body", body_id, self.d.bodies[body_id].name)

    @pass_context
    def _feed_link(self, ctx, path: str) -> Markup:
        """A link to a feed file: its full address as the text, so it can be copied."""
        return Markup(f"[{t(absolute(self.site_url, path))}]({link(ctx['here'], path)})")

    @pass_context
    def _relative(self, ctx, path: str) -> Markup:
        """A file's path from this page, for a Markdown link."""
        return Markup(link(ctx["here"], path))

    @pass_context
    def _page_address(self, ctx, kind: str, key: str = "") -> str:
        """A page's address from this page, for an HTML link (Markdown leaves HTML alone)."""
        return "../" * page_url(ctx["here"]).count("/") + page_url(page_src(kind, key))

    @pass_context
    def _body_html(self, ctx, markdown: str, heading_offset: int = 1) -> Markup:
        return Markup(self.body_html(markdown, ctx["here"], heading_offset))

    @pass_context
    def _figure(self, ctx, image: m.Image) -> Markup:
        up = "../" * page_url(ctx["here"]).count("/")
        pic = shown(self.pictures, self.site, image)
        original = up + pic.original if pic.is_copy else None
        return Markup(self.html_block(str(self.words.figure(image, up + pic.path, original, pic.original_size))))

    def html_block(self, html: str) -> str:
        # Already sanitised by BodyRenderer, which puts it in the page so Markdown leaves it alone.
        return self.render.html_block(html)

    def body_html(self, markdown: str, src: str, heading_offset: int = 1) -> str:
        return self.render.page_block(markdown, absolute(self.site_url, page_url(src)), heading_offset)

    # --- pages -----------------------------------------------------------

    def plan(self) -> list[tuple[str, Callable[[], Page]]]:
        """Every page's source path, in order, with what writes it: the paths are known
        before any page is written."""
        s = self.site
        fixed = ["home", "about", "structure", "strategy", "documents", "partners", "news", "events",
                 "have-your-say", "accountability", "glossary", "subscribe", "magazine"]
        plan = [(page_src(kind), partial(self.fixed, kind)) for kind in fixed]
        plan += [(page_src("body", b.id), partial(self.body, b)) for b in s.structure.bodies]
        plan += [(page_src("news-item", n.slug), partial(self.news_item, n)) for n in s.news]
        plan += [(page_src("news-year", str(year)), partial(self.news_year, year, items))
                 for year, items in self.d.news_by_year]
        plan += [(page_src("theme", p.id), partial(self.theme, p)) for p in s.strategy.themes()]
        plan += [(page_src("event", e.slug), partial(self.event, e)) for e in s.events]
        for kind in kinds.generic():
            items = list(s.items(kind.name))
            if kind.index:
                plan.append((kind.index, partial(self.kind_list, kind, items)))
            if kind.page:
                plan += [(page_src(kind.name, kinds.item_key(i)), partial(self.kind_item, kind, i)) for i in items]
        _KEPT.keep_only(src for src, _ in plan)
        return plan

    def kept(self, src: str, inputs: tuple, make: Callable[[], Page]) -> Page:
        """A page made from the very same inputs in an unchanged context is the page it was,
        so long news pages are not written again for every save of the preview."""
        return _KEPT.get(src, (self.item_context, *inputs), lambda: self._stored(src, inputs, make))

    def _stored(self, src: str, inputs: tuple, make: Callable[[], Page]) -> Page:
        """Or, in a new process, the page the last build wrote from the same inputs (with
        the same code), if it was kept on disk."""
        if self.stored is None:
            return make()
        key = repr((code_version(), self.item_context, src, [self._digest(i) for i in inputs]))
        digest = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
        return Page(src, self.stored.get(digest, lambda: make().markdown))

    def _digest(self, value: object) -> str:
        """What a page is made from, as text: an item's fields and what the loader set on it
        besides (a date given as a month), worked out once though several pages list it."""
        if not isinstance(value, pydantic.BaseModel):
            return repr(value)
        hit = self._digests.get(id(value))
        if hit is None or hit[0] is not value:
            text = repr((type(value).__name__, value.__dict__, value.__pydantic_private__))
            hit = self._digests[id(value)] = value, hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        return hit[1]

    def kind_list(self, kind: kinds.Kind, items: list) -> Page:
        path = feed_path("kind", kind.name)
        feed = (str(self.words.kind_title(kind)).strip(), path) if kind.feeds else None
        return self.write(kind.templates[0], kind.index, kind=kind, items=items, feed=feed)

    def kind_item(self, kind: kinds.Kind, item) -> Page:
        return self.write(kind.templates[-1], page_src(kind.name, kinds.item_key(item)), kind=kind, item=item)

    def fixed(self, kind: str) -> Page:
        """A page of which the site has one: its template is named after its kind."""
        values: dict = {}
        if kind == "home":
            values["sharing"] = self.share.home()
        elif kind == "magazine":
            values["magazine_items"] = feed_window([n for n in self.site.news if n.magazine], self.site.today)
        return self.write(f"{kind}.md", page_src(kind), **values)

    def body(self, b: m.Body) -> Page:
        return self.write("body.md", page_src("body", b.id), b=b)

    def news_year(self, year: int, items: list[m.NewsItem]) -> Page:
        src = page_src("news-year", str(year))
        # The page also lists every year with its count of items.
        years = tuple((y, len(these)) for y, these in self.d.news_by_year)
        return self.kept(src, (year, years, *items),
                         lambda: self.write("news-year.md", src, year=year, items=items))

    @cached_property
    def item_context(self) -> str:
        """Everything besides the item itself that an item's page shows."""
        return site_context(self.site, self.site_url, self.env, self.pictures)

    def news_item(self, n: m.NewsItem) -> Page:
        src = page_src("news-item", n.slug)
        # The page also names the event the item is about.
        event = self.d.events_by_slug.get(n.event) if n.event else None
        return self.kept(src, (n, event),
                         lambda: self.write("news-item.md", src, n=n, sharing=self.share.news_item(n)))

    @cached_property
    def feed_titles(self) -> dict[str, str]:
        return {spec.rss_path: spec.title for spec in feed_specs(self.site, self.templates)}

    def theme(self, pr: m.Priority) -> Page:
        path, src = feed_path("theme", pr.id), page_src("theme", pr.id)
        feed = (self.feed_titles[path], path)
        return self.kept(src, (pr, feed, *self.d.news_by_theme.get(pr.id, [])),
                         lambda: self.write("theme.md", src, pr=pr, feed=feed))

    def event(self, e: m.Event) -> Page:
        return self.write("event.md", page_src("event", e.slug), e=e, sharing=self.share.event(e))
