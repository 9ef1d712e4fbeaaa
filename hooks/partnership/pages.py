"""Site -> Markdown pages. Every string an editor wrote is escaped on its way in."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Callable, Iterable

from . import model as m
from .derive import WINDOW_MIN_ITEMS, Derived, feed_window
from .load import IMAGES
from .sharing import Sharing
from .text import BodyRenderer, attr, front_matter, md_text as t
from .urls import FEEDS, absolute, feed_path, link, page_src, page_url


@dataclass(frozen=True)
class Page:
    src: str
    markdown: str


def abbreviation_block(site: m.Site) -> str:
    """Glossary abbreviations in Markdown's abbr syntax, so every use gets its expansion."""
    return "".join(f"\n*[{term.term}]: {' '.join(term.expansion.split())}"
                   for term in site.glossary.terms if term.expansion and "]" not in term.term)


# slug -> (the item, its context, its page): see PageWriter.news_item.
_ITEM_PAGES: dict[str, tuple[m.NewsItem, str, "Page"]] = {}

LATEST = 20  # items with their summaries on the news and priority pages; the rest are a click away


def placeholders(site: m.Site) -> dict[str, str]:
    """Facts hand-written pages may use as [[name]], so they name no council themselves."""
    p, a = site.partnership, site.partnership.accessibility
    return {
        "partnership": t(p.name),
        "council": t(p.host_council.name),
        "contact_role": t(p.contact.role),
        "contact_email": f"[{t(p.contact.email)}](mailto:{p.contact.email})",
        "contact_phone": t(p.contact.phone or "the council's main number"),
        "accessibility_email": f"[{t(a.contact_email)}](mailto:{a.contact_email})",
        "reply_within_days": str(a.reply_within_days),
        "statement_prepared": ("on " if a.prepared.day else "in ") + a.prepared.display(),
        "statement_reviewed": ("on " if a.last_reviewed.day else "in ") + a.last_reviewed.display(),
    }


class PageWriter:
    def __init__(self, site: m.Site, derived: Derived, site_url: str, renderer: BodyRenderer):
        self.site = site
        self.d = derived
        self.site_url = site_url
        self.render = renderer
        self.share = Sharing(site, site_url, derived)
        self.abbreviations = abbreviation_block(site)

    # --- helpers ---------------------------------------------------------

    def page(self, src: str, title: str, body: list[str], description: str | None = None,
             hide_toc: bool = False,
             feed: tuple[str, str] | None = None, sharing: dict | None = None) -> Page:
        meta: dict = dict(sharing or {})
        if feed:
            meta["feed_title"], meta["feed_path"] = feed
        if description:
            # Material writes this into an attribute unescaped, so it is escaped here.
            meta["description"] = attr(description)
        if hide_toc:
            meta["hide"] = ["toc"]
        text = (front_matter(meta) if meta else "") + f"# {t(title)}\n\n"
        text += "\n\n".join(part for part in body if part) + "\n"
        if self.abbreviations:
            text += "\n" + self.abbreviations + "\n"
        return Page(src, text)

    def a(self, here: str, kind: str, key: str = "", text: str | None = None, anchor: str = "") -> str:
        target = page_src(kind, key)
        return f"[{t(text or key)}]({link(here, target, anchor)})"

    def html_block(self, html: str) -> str:
        # Already sanitised by BodyRenderer, which puts it in the page so Markdown leaves it alone.
        return self.render.html_block(html)

    def body_html(self, markdown: str, src: str) -> str:
        return self.render.page_block(markdown, absolute(self.site_url, page_url(src)))

    def doc_link(self, here: str, doc_id: str | None) -> str:
        if not doc_id:
            return ""
        doc = self.d.documents[doc_id]
        return self.a(here, "documents", text=doc.title, anchor=doc.id)

    def body_link(self, here: str, body_id: str | None) -> str:
        if not body_id:
            return ""
        return self.a(here, "body", body_id, self.d.bodies[body_id].name)

    # --- pages -----------------------------------------------------------

    def plan(self) -> list[tuple[str, Callable[[], Page]]]:
        """Every page's source path, in order, with what writes it: the paths are known
        before any page is written."""
        s = self.site
        fixed = [("home", self.home), ("about", self.about), ("structure", self.structure),
                 ("strategy", self.strategy), ("documents", self.documents), ("partners", self.partners),
                 ("news", self.news_index), ("events", self.events_index), ("have-your-say", self.have_your_say),
                 ("accountability", self.accountability), ("glossary", self.glossary),
                 ("subscribe", self.subscribe), ("magazine", self.magazine)]
        plan = [(page_src(kind), write) for kind, write in fixed]
        plan += [(page_src("body", b.id), partial(self.body, b)) for b in s.structure.bodies]
        plan += [(page_src("news-item", n.slug), partial(self.news_item, n)) for n in s.news]
        for gone in _ITEM_PAGES.keys() - {n.slug for n in s.news}:
            del _ITEM_PAGES[gone]
        plan += [(page_src("news-year", str(year)), partial(self.news_year, year, items))
                 for year, items in self.d.news_by_year]
        plan += [(page_src("theme", p.id), partial(self.theme, p)) for p in s.strategy.priorities]
        plan += [(page_src("event", e.slug), partial(self.event, e)) for e in s.events]
        return plan

    def home(self) -> Page:
        here = page_src("home")
        p = self.site.partnership
        parts = [t(p.summary), "## Our vision", "> " + t(p.vision)]

        parts.append("## Latest news")
        latest = self.site.news[:3]
        if latest:
            parts.append("\n".join(
                f"- {self.a(here, 'news-item', n.slug, n.title)}  \n"
                f"  {m.display_date(n.date)}: {t(n.summary)}" for n in latest))
        else:
            parts.append("There is no news yet.")
        parts.append(self.a(here, "news", text="All news"))

        parts.append("## Coming up")
        upcoming = self.d.upcoming_events[:3]
        if upcoming:
            parts.append("\n".join(
                f"- {self.a(here, 'event', e.slug, e.title)}  \n  {self.d.when(e)}, {t(e.location)}"
                for e in upcoming))
        else:
            parts.append("No meetings or events are planned at the moment.")
        parts.append(self.a(here, "events", text="All meetings and events"))

        parts.append("## Have your say")
        if self.d.open_consultations:
            parts.append("\n".join(
                f"- {self.a(here, 'have-your-say', text=c.title, anchor=c.id)}: "
                f"closes {m.display_date(c.closes)}" for c in self.d.open_consultations))
        else:
            parts.append("There are no open consultations at the moment. You can still contact "
                         "the partnership at any time.")
        parts.append(self.a(here, "have-your-say", text="How to have your say"))

        parts.append("## Our priorities")
        parts.append("\n".join(
            f"- {self.a(here, 'strategy', text=pr.title, anchor=pr.id)}: {t(self.d.progress(pr))}"
            for pr in self.site.strategy.priorities))

        parts.append("## Quick links")
        quick = [
            self.a(here, "about", text=f"About the {p.short_name}"),
            self.a(here, "what-is-an-lsp", text="What is a local strategic partnership?"),
            self.a(here, "structure", text="Who sits on what"),
            self.a(here, "documents", text="Terms of reference and documents"),
            self.a(here, "accountability", text="What was promised and what was done"),
            self.a(here, "subscribe", text="Get the news by feed"),
            f"[{t(p.host_council.name)}]({p.host_council.url})",
        ]
        if p.county_partnership:
            quick.append(f"[{t(p.county_partnership.name)}]({p.county_partnership.url})")
        parts.append("\n".join(f"- {q}" for q in quick))
        return self.page(here, p.name, parts, description=p.summary,
                         sharing=self.share.home(),
                         hide_toc=True)

    def about(self) -> Page:
        here = page_src("about")
        p = self.site.partnership
        parts = [t(p.summary)]
        facts = [f"- **What it is:** {t(p.kind)} for {t(p.area)}"]
        if p.chair:
            facts.append(f"- **Chair:** {t(p.chair)}")
        if p.established:
            facts.append(f"- **Set up:** {p.established.display()}")
        facts.append(f"- **Hosted by:** [{t(p.host_council.name)}]({p.host_council.url})")
        parts.append("\n".join(facts))
        parts += ["## Our vision", "> " + t(p.vision)]
        if p.statutory_status:
            parts += ["## Legal status", t(p.statutory_status)]
        parts.append("## How the partnership works")
        parts.append(
            f"The partnership is made up of several groups. See {self.a(here, 'structure', text='how the partnership is organised')}, "
            f"its {self.a(here, 'partners', text='partner organisations')} and "
            f"{self.a(here, 'strategy', text=self.site.strategy.title)}. "
            f"If you are new to partnerships, read {self.a(here, 'what-is-an-lsp', text='what a local strategic partnership is')}."
        )
        if p.county_partnership:
            parts += [
                "## The county partnership",
                f"The partnership works with [{t(p.county_partnership.name)}]({p.county_partnership.url}), "
                "which brings together the partnerships of the county.",
            ]
        parts += ["## Contact", self.contact_block()]
        return self.page(here, f"About the {p.short_name}", parts, description=p.summary)

    def contact_block(self) -> str:
        c = self.site.partnership.contact
        lines = [f"**{t(c.role)}**", f"Email: [{t(c.email)}](mailto:{c.email})"]
        if c.phone:
            lines.append(f"Telephone: {t(c.phone)}")
        if c.address:
            lines.append("Address: " + ", ".join(t(x) for x in c.address))
        return "  \n".join(lines)

    def structure(self) -> Page:
        here = page_src("structure")
        parts = [
            "The partnership is made up of the groups below. Each group reports to the one "
            "above it in this diagram. Select a group to see who sits on it and how often it meets.",
            "## Who reports to whom",
        ]

        def tree(parent: str | None, depth: int) -> list[str]:
            lines = []
            for b in self.d.children.get(parent, []):
                detail = b.type.capitalize()
                if b.meets:
                    detail += f", meets {t(b.meets[0].lower() + b.meets[1:])}"
                if b.ended and b.ended.latest < self.site.today:
                    detail += f", finished {b.ended.display()}"
                lines.append("    " * depth + f"- {self.a(here, 'body', b.id, b.name)} ({detail})")
                lines += tree(b.id, depth + 1)
            return lines

        parts.append('<div class="pship-tree" markdown="1">\n\n' + "\n".join(tree(None, 0)) + "\n\n</div>")
        return self.page(here, "How the partnership is organised", parts,
                         description="The groups that make up the partnership, who sits on them and who reports to whom.")

    def body(self, b: m.Body) -> Page:
        here = page_src("body", b.id)
        parts = [t(b.purpose)]
        facts = [f"- **Type of group:** {t(b.type.capitalize())}"]
        if b.chair:
            facts.append(f"- **Chair:** {t(b.chair)}")
        if b.meets:
            facts.append(f"- **Meets:** {t(b.meets)}")
        if b.reports_to:
            facts.append(f"- **Reports to:** {self.body_link(here, b.reports_to)}")
        if b.started:
            facts.append(f"- **Started:** {b.started.display()}")
        if b.ended:
            verb = "Finished" if b.ended.latest < self.site.today else "Due to finish"
            facts.append(f"- **{verb}:** {b.ended.display()}")
        if b.terms_of_reference:
            facts.append(f"- **Terms of reference:** {self.doc_link(here, b.terms_of_reference)}")
        parts.append("\n".join(facts))
        parts.append("## Members")
        if b.members:
            rows = []
            for mem in b.members:
                who = " – ".join(t(x) for x in (mem.name, mem.role) if x)
                org = ""
                if mem.partner:
                    org = self.a(here, "partners", text=self.d.partners[mem.partner].name, anchor=mem.partner)
                elif mem.organisation:
                    org = t(mem.organisation)
                rows.append(f"- {who}" + (f", {org}" if org else ""))
            parts.append("\n".join(rows))
        if b.membership_note:
            parts.append(t(b.membership_note))
        if not b.members and not b.membership_note:
            parts.append("The membership of this group has not been published yet.")
        below = self.d.children.get(b.id, [])
        if below:
            parts.append("## Groups that report to it")
            parts.append("\n".join(f"- {self.body_link(here, c.id)}" for c in below))
        meetings = [e for e in self.site.events if e.organiser == b.id]
        if meetings:
            parts.append("## Meetings")
            parts.append("\n".join(
                f"- {self.a(here, 'event', e.slug, e.title)}: {self.d.when(e)}" for e in meetings))
        return self.page(here, b.name, parts, description=b.purpose)

    def strategy(self) -> Page:
        here = page_src("strategy")
        s = self.site.strategy
        parts = [t(s.summary)]
        facts = [f"- **Period:** {t(s.period)}"]
        if s.adopted:
            facts.append(f"- **Adopted:** {s.adopted.display()}")
        parts.append("\n".join(facts))
        parts.append("## Read the strategy")
        if s.document:
            doc = self.d.documents[s.document]
            parts.append(self.document_entry(here, doc, heading=False))
        else:
            parts.append("The strategy document has not been published on this site yet. "
                         f"{self.a(here, 'have-your-say', text='Contact the partnership')} for a copy.")
        parts.append("## Our priorities")
        parts.append("Each measure shows its latest progress as red (off track), amber (at risk) "
                     "or green (on track).")
        for pr in s.priorities:
            parts.append(f"### {t(pr.title)} {{#{pr.id}}}")
            parts.append(t(pr.summary))
            if pr.lead:
                parts.append(f"Led by: {self.body_link(here, pr.lead)}")
            if pr.measures:
                rows = ["| Measure | Baseline | Target | Latest | Progress | Updated |",
                        "| --- | --- | --- | --- | --- | --- |"]
                for ms in pr.measures:
                    cells = [t(ms.name)] + [t(v) if v else "–" for v in (ms.baseline, ms.target, ms.latest)]
                    cells.append(f'<span class="pship-rag pship-rag--{ms.status.replace(" ", "-")}">'
                                 f"{ms.status.capitalize()}</span>")
                    cells.append(ms.updated.display() if ms.updated else "–")
                    rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
                parts.append("\n".join(rows))
            else:
                parts.append("No measures have been published for this priority yet.")
            news = self.d.news_by_theme.get(pr.id, [])
            if news:
                parts.append(self.a(here, "theme", pr.id, f"News about {pr.title}"))
        if s.earlier_versions:
            parts.append("## Earlier versions")
            rows = []
            for v in s.earlier_versions:
                title = f"[{t(v.title)}]({v.url})" if v.url else t(v.title)
                extra = ", ".join(t(x) for x in (v.format, v.size) if x)
                line = f"- {title} ({t(v.period)}{', ' + extra if extra else ''})"
                if v.note:
                    line += f": {t(v.note)}"
                rows.append(line)
            parts.append("\n".join(rows))
        return self.page(here, s.title, parts, description=s.summary)

    def document_entry(self, here: str, doc: m.Document, heading: bool = True) -> str:
        lines = []
        if heading:
            lines.append(f"### {t(doc.title)} {{#{doc.id}}}\n")
        facts = []
        if doc.date:
            facts.append(doc.date.display())
        facts.append(doc.type.capitalize())
        if doc.body:
            facts.append(self.body_link(here, doc.body))
        lines.append(" · ".join(facts))
        if doc.summary:
            lines.append("\n" + t(doc.summary))
        if doc.url:
            size = ", ".join(t(x) for x in (doc.format, doc.size) if x)
            label = f"Read {doc.title}" if not heading else "Read the document"
            lines.append(f"\n[{t(label)}]({doc.url})" + (f" ({size})" if size else ""))
        if doc.availability:
            lines.append("\n" + t(doc.availability))
        return "\n".join(lines)

    def documents(self) -> Page:
        here = page_src("documents")
        parts = ["Papers about how the partnership works and what it has done, newest first "
                 "within each kind. To ask for a document in another format, "
                 f"{self.a(here, 'have-your-say', text='contact the partnership', anchor='contact-us')}."]
        for kind, docs in self.d.documents_by_type:
            parts.append(f"## {t(self.d.plural(kind))}")
            parts += [self.document_entry(here, d) for d in docs]
        if not self.site.documents.documents:
            parts.append("No documents have been published yet.")
        return self.page(here, "Terms of reference and documents", parts,
                         description="The partnership's terms of reference, strategy, minutes, reports and other papers.")

    def partners(self) -> Page:
        here = page_src("partners")
        p = self.site.partnership
        parts = ["These organisations work together in the partnership. Each name links to the "
                 "organisation's own website."]
        for sector, partners in self.d.partners_by_sector:
            parts.append(f"## {t(sector.capitalize())} sector")
            for pt in partners:
                name = f"[{t(pt.name)}]({pt.website})" if pt.website else t(pt.name)
                lines = [f"### {t(pt.name)} {{#{pt.id}}}", ""]
                if pt.description:
                    lines.append(t(pt.description) + "\n")
                if pt.website:
                    lines.append(f"Website: {name}\n")
                seats = self.d.seats.get(pt.id, [])
                if seats:
                    lines.append("Sits on: " + ", ".join(self.body_link(here, b) for b in seats))
                parts.append("\n".join(lines))
        if p.county_partnership:
            parts += ["## The county partnership",
                      f"[{t(p.county_partnership.name)}]({p.county_partnership.url})"]
        return self.page(here, "Partner organisations", parts,
                         description="The organisations in the partnership, with links to their own websites.")

    def news_list(self, here: str, items: Iterable[m.NewsItem], level: int = 3) -> str:
        return "\n\n".join(
            f"{'#' * level} {self.a(here, 'news-item', n.slug, n.title)}\n\n"
            f"{m.display_date(n.date)}\n\n{t(n.summary)}" for n in items)

    def short_news_list(self, here: str, items: Iterable[m.NewsItem]) -> str:
        # One line an item, so long lists stay quick to read and to load. Written as HTML,
        # which Markdown passes through untouched: a few hundred items would otherwise be
        # most of the time a preview takes after a save.
        up = "../" * page_url(here).count("/")
        return self.html_block("<ul>\n" + "\n".join(
            f'<li>{m.display_date(n.date)}: <a href="{attr(up + page_url(page_src("news-item", n.slug)))}">'
            f'{attr(n.title)}</a></li>' for n in items) + "\n</ul>")

    def news_years(self, here: str) -> str:
        return "\n".join(f"- {self.a(here, 'news-year', str(year), str(year))} ({len(items)} "
                         f"item{'' if len(items) == 1 else 's'})" for year, items in self.d.news_by_year)

    def news_index(self) -> Page:
        here = page_src("news")
        parts = [f"News from the partnership and its partners, newest first. "
                 f"{self.a(here, 'subscribe', text='Get the news by feed')}."]
        themes = [pr for pr in self.site.strategy.priorities if self.d.news_by_theme.get(pr.id)]
        if themes:
            parts.append("News by priority: " + ", ".join(
                self.a(here, "theme", pr.id, pr.title) for pr in themes) + ".")
        parts.append("## Latest news")
        latest = self.site.news[:LATEST]
        parts.append(self.news_list(here, latest) if latest else "There is no news yet.")
        if latest:
            parts += ["## News by year", self.news_years(here)]
        return self.page(here, "News", parts, description="News from the partnership and its partners.")

    def news_year(self, year: int, items: list[m.NewsItem]) -> Page:
        here = page_src("news-year", str(year))
        parts = [f"News from {year}, newest first. {self.a(here, 'news', text='Latest news')}.",
                 self.short_news_list(here, items),
                 "## Other years", self.news_years(here)]
        return self.page(here, f"News from {year}", parts,
                         description=f"News from the partnership and its partners in {year}.")

    @cached_property
    def item_context(self) -> str:
        """Everything besides the item itself that an item's page shows."""
        s = self.site
        facts = repr((s.partnership, s.partners, s.strategy, s.glossary, self.site_url))
        return hashlib.blake2b(facts.encode(), digest_size=16).hexdigest()

    def news_item(self, n: m.NewsItem) -> Page:
        # The preview rebuilds on every save: an item whose file and context are unchanged
        # gets the page it had (the loader hands back the same object for an unchanged file).
        hit = _ITEM_PAGES.get(n.slug)
        if hit is not None and hit[0] is n and hit[1] == self.item_context:
            return hit[2]
        page = self._news_item(n)
        _ITEM_PAGES[n.slug] = (n, self.item_context, page)
        return page

    def _news_item(self, n: m.NewsItem) -> Page:
        here = page_src("news-item", n.slug)
        meta = [f"Published {m.display_date(n.date)}"]
        if n.updated and n.updated.date() > n.date.date():
            meta.append(f"Updated on {m.display_date(n.updated)}")
        by = n.author or (self.d.partners[n.partner].name if n.partner else None)
        if by:
            meta.append(f"By {t(by)}")
        parts = [f'<p class="pship-meta">{" · ".join(meta)}</p>', f"**{t(n.summary)}**"]
        if n.image:
            src = "../" * page_url(here).count("/") + f"{IMAGES}/{n.image.file}"
            parts.append(self.html_block(self.d.figure_html(n.image, src)))
        parts.append(self.body_html(n.body, here))
        if n.themes:
            parts.append("Priorities: " + ", ".join(
                self.a(here, "theme", th, self.d.priorities[th].title) for th in n.themes))
        parts.append(self.a(here, "news", text="All news"))
        return self.page(here, n.title, parts, description=n.summary, sharing=self.share.news_item(n))

    def theme(self, pr: m.Priority) -> Page:
        here = page_src("theme", pr.id)
        items = self.d.news_by_theme.get(pr.id, [])
        parts = [f"News about the priority {self.a(here, 'strategy', text=pr.title, anchor=pr.id)}, newest first.",
                 self.news_list(here, items[:LATEST], level=2) if items
                 else "There is no news about this priority yet."]
        if items[LATEST:]:
            parts += ["## Earlier news about this priority", self.short_news_list(here, items[LATEST:])]
        parts.append(f"Follow this priority's news in a feed reader: {self.feed_link(here, feed_path('theme', pr.id))}")
        page = self.page(here, f"News: {pr.title}", parts, description=pr.summary,
                         feed=(f"{self.site.partnership.name}: news about {pr.title}", feed_path("theme", pr.id)))
        return page

    def event_list(self, here: str, events: Iterable[m.Event]) -> str:
        lines = []
        for e in events:
            status = " (cancelled)" if e.cancelled else ""
            public = "open to the public" if e.open_to_public else "not open to the public"
            lines.append(f"- {self.a(here, 'event', e.slug, e.title)}{status}  \n"
                         f"  {self.d.when(e)}, {t(e.location)}, {public}")
        return "\n".join(lines)

    def events_index(self) -> Page:
        here = page_src("events")
        parts = ["Meetings of the partnership and events for residents. Meetings open to the "
                 "public say so; you are welcome to come."]
        parts.append("## Coming up")
        parts.append(self.event_list(here, self.d.upcoming_events) if self.d.upcoming_events
                     else "No meetings or events are planned at the moment.")
        parts.append(f"Put every meeting in your calendar: {self.feed_link(here, FEEDS['calendar'])}")
        parts.append("## Past meetings and events")
        parts.append(self.event_list(here, self.d.past_events) if self.d.past_events
                     else "There are no past meetings or events to show.")
        return self.page(here, "Meetings and events", parts,
                         description="Partnership meetings and public events, with their papers.")

    def event(self, e: m.Event) -> Page:
        here = page_src("event", e.slug)
        parts = []
        if e.cancelled:
            parts.append('!!! warning "Cancelled"\n    This meeting or event has been cancelled.')
        facts = [f"- **When:** {self.d.when(e)}", f"- **Where:** {t(e.location)}",
                 f"- **Open to the public:** {'yes' if e.open_to_public else 'no'}"]
        if e.organiser:
            facts.append(f"- **Held by:** {self.body_link(here, e.organiser)}")
        if e.booking_url:
            facts.append(f"- **Booking:** [Book a place]({e.booking_url})")
        parts.append("\n".join(facts))
        parts.append(t(e.summary))
        if e.body:
            parts.append(self.body_html(e.body, here))
        papers = [(label, self.doc_link(here, doc)) for label, doc in (("Agenda", e.agenda), ("Minutes", e.minutes)) if doc]
        if papers:
            parts.append("## Papers")
            parts.append("\n".join(f"- {label}: {lnk}" for label, lnk in papers))
        parts.append(f"[Add this to your calendar]({link(here, feed_path('event', e.slug))}) "
                     "(a calendar file for Outlook, Google Calendar or Apple Calendar)")
        parts.append(self.a(here, "events", text="All meetings and events"))
        return self.page(here, e.title, parts, description=e.summary,
                         sharing=self.share.event(e))

    def have_your_say(self) -> Page:
        here = page_src("have-your-say")
        p = self.site.partnership
        parts = ["The partnership wants to hear from residents, councillors and partners. You can "
                 "respond to a consultation, come to a public meeting, or contact us at any time."]
        parts.append("## Open consultations")
        if self.d.open_consultations:
            parts += [self.consultation(here, c) for c in self.d.open_consultations]
        else:
            parts.append("There are no open consultations at the moment.")
        if self.d.future_consultations:
            parts.append("## Coming soon")
            parts += [self.consultation(here, c) for c in self.d.future_consultations]
        parts.append("## Closed consultations")
        if self.d.closed_consultations:
            parts += [self.consultation(here, c) for c in self.d.closed_consultations]
        else:
            parts.append("There are no closed consultations to show.")
        parts.append("## Comment, challenge or share an idea {#comment}")
        c = p.contact
        if c.comment_url:
            parts.append(f"You can [comment on the partnership's work]({c.comment_url}) at any time. "
                         "Tell us what you think of a decision, question what was done, or suggest something new.")
        else:
            parts.append(f"You can comment on the partnership's work at any time by emailing "
                         f"[{t(c.email)}](mailto:{c.email}). Tell us what you think of a decision, "
                         "question what was done, or suggest something new.")
        parts.append(f"You can also come to a {self.a(here, 'events', text='public meeting')}, or ask "
                     f"your local councillor to raise it. See {self.a(here, 'accountability', text='what the partnership promised and what it did')}.")
        parts += ["## Contact us {#contact-us}", self.contact_block()]
        return self.page(here, "Have your say", parts,
                         description="Consultations, how to respond, and how to comment on or challenge the partnership's work.")

    def consultation(self, here: str, c: m.Consultation) -> str:
        lines = [f"### {t(c.title)} {{#{c.id}}}", "",
                 f"Open from {m.display_date(c.opens)} to {m.display_date(c.closes)}", "", t(c.summary)]
        today = self.site.today
        if c.opens <= today <= c.closes:
            lines += ["", "#### How to respond", "",
                      self.html_block(self.render.html(c.how_to_respond, absolute(self.site_url, page_url(here)), 3))]
            if c.contact:
                lines += ["", f"Questions: {t(c.contact)}"]
        if c.document:
            lines += ["", f"Consultation paper: {self.doc_link(here, c.document)}"]
        if c.closes < today:
            lines += ["", "#### Outcome", ""]
            lines.append(self.html_block(self.render.html(c.outcome, absolute(self.site_url, page_url(here)), 3))
                         if c.outcome else "The responses are being considered. The outcome will be published here.")
        return "\n".join(lines)

    def accountability(self) -> Page:
        here = page_src("accountability")
        parts = ["What the partnership has promised to do, and what it has done. This page is "
                 "updated whenever a commitment is met or a recommendation is acted on."]
        parts.append("## Standing commitments")
        if self.site.commitments.commitments:
            parts.append("Things the partnership has promised to do regularly, and when each was last done.")
            rows = ["| Commitment | How often | Last met | Status |", "| --- | --- | --- | --- |"]
            for cm in self.site.commitments.commitments:
                health = self.d.commitment_health(cm)
                rows.append(f"| [{t(cm.title)}](#{cm.id}) | {t(health.frequency)} | "
                            f"{t(health.last_met_text)} | {t(health.status)} |")
            parts.append("\n".join(rows))
            for cm in self.site.commitments.commitments:
                health = self.d.commitment_health(cm)
                lines = [f"### {t(cm.title)} {{#{cm.id}}}", "", t(cm.description), "",
                         f"**Status:** {t(health.status)}. Due {t(health.frequency)}; last met {t(health.last_met_text)}."]
                if cm.source:
                    lines += ["", f"Promised in: {self.doc_link(here, cm.source)}"]
                if health.records:
                    lines += ["", "Record:", ""]
                    for when, note, kind, key in health.records:
                        entry = self.a(here, kind, key, note) if kind else t(note)
                        lines.append(f"- {when}: {entry}")
                parts.append("\n".join(lines))
        else:
            parts.append("No standing commitments have been published.")
        parts.append("## Scrutiny recommendations")
        for rev in self.site.recommendations.reviews:
            counts = self.d.recommendation_counts(rev)
            lines = [f"### {t(rev.title)} {{#{rev.id}}}", "",
                     f"By {t(rev.by)}, {rev.date.display()}. {t(counts)}"]
            for label, doc in (("The report", rev.report), ("The latest monitoring report", rev.monitoring_report)):
                if doc:
                    lines += ["", f"{label}: {self.doc_link(here, doc)}"]
            lines += ["", "| No. | What was recommended | What was done | Status |",
                      "| --- | --- | --- | --- |"]
            for r in rev.recommendations:
                status = r.status.capitalize() + (f" ({r.updated.display()})" if r.updated else "")
                lines.append(f"| {r.number} | {t(r.text)} | {t(r.response) if r.response else 'No response yet'} | {t(status)} |")
            parts.append("\n".join(lines))
        if not self.site.recommendations.reviews:
            parts.append("No scrutiny recommendations have been published.")
        return self.page(here, "Accountability", parts,
                         description="The partnership's standing commitments and what was done about each scrutiny recommendation.")

    def glossary(self) -> Page:
        here = page_src("glossary")
        parts = ["Words and abbreviations used on this site, in plain English. Where one of these "
                 "abbreviations appears on the site, you can hover over it or focus it to see what it stands for."]
        letter = ""
        for term in sorted(self.site.glossary.terms, key=lambda x: x.term.lower()):
            if term.term[:1].upper() != letter:
                letter = term.term[:1].upper()
                parts.append(f"## {t(letter)}")
            anchor = self.d.term_anchor(term)
            heading = f"### {t(term.term)} {{#{anchor}}}"
            lines = [heading, ""]
            if term.expansion:
                lines.append(f"**{t(term.expansion)}**\n")
            lines.append(t(term.definition))
            parts.append("\n".join(lines))
        return self.page(here, "Glossary", parts, description="Plain-English meanings of the words and abbreviations used on this site.")

    def feed_link(self, here: str, path: str) -> str:
        """A link to a feed file: its full address as the text, so it can be copied."""
        return f"[{t(absolute(self.site_url, path))}]({link(here, path)})"

    def subscribe(self) -> Page:
        here = page_src("subscribe")
        p = self.site.partnership
        magazine = p.magazine.name if p.magazine else "print"
        parts = [
            "A feed lets you see new items from this site in a feed reader, an email service, a "
            "news app or your calendar, without visiting the site. Copy an address below into "
            "your reader or calendar. The addresses never change.",
            "## All news, for residents and partners",
            f"Every news item with its full text, newest first: {self.feed_link(here, FEEDS['news'])}",
            "Most feed readers use this one. If yours asks for another format, the same news is "
            f"available as Atom, {self.feed_link(here, FEEDS['atom'])}, and as JSON Feed, "
            f"{self.feed_link(here, FEEDS['json'])}.",
            f"## For the editors of {t(magazine)}",
            f"Only the items chosen for {t(magazine)}, with their full text, pictures, captions and "
            f"credits: {self.feed_link(here, FEEDS['magazine'])}",
            f"To see the chosen items as a printable list with word counts, use the "
            f"{self.a(here, 'magazine', text='list for editors')}.",
        ]
        themed = [pr for pr in self.site.strategy.priorities]
        if themed:
            parts.append("## News about one priority")
            parts.append("\n".join(f"- {t(pr.title)}: {self.feed_link(here, feed_path('theme', pr.id))}"
                                   for pr in themed))
        parts += [
            "## Meetings and events in your calendar",
            f"Subscribe to this address in Outlook, Google Calendar or Apple Calendar to see every "
            f"partnership meeting and public event, kept up to date: {self.feed_link(here, FEEDS['calendar'])}",
            f"Each {self.a(here, 'events', text='meeting or event page')} also has a link to add "
            "just that one to your calendar.",
            "## What is in the feeds",
            "Each news item has its title, date, a short summary, the full text, its picture with "
            "a description, caption and credit, and a link to its page on this site. News feeds "
            "hold every item from the last 12 months, and at least the latest 50. Times are UK time.",
        ]
        return self.page(here, "Subscribe to the news", parts,
                         description="News feed and calendar addresses for residents, partners and magazine editors.")

    def magazine(self) -> Page:
        here = page_src("magazine")
        p = self.site.partnership
        magazine = p.magazine.name if p.magazine else "print"
        items = feed_window([n for n in self.site.news if n.magazine], self.site.today)
        parts = [
            f"News items chosen for {t(magazine)}, newest first, with their length and picture "
            f"credits: those from the last year, and at least the latest {WINDOW_MIN_ITEMS}. The same "
            f"items, with full text, are in the {self.a(here, 'subscribe', text='feed for editors')}. "
            "Print this page, or choose a date to list only the items since then.",
            '<form class="pship-since" hidden>\n<label for="pship-since">Show items published on or after</label>\n'
            '<input type="date" id="pship-since" name="since">\n</form>',
        ]
        if items:
            rows = ["| Date | Item | Words | Picture credit |", "| --- | --- | --- | --- |"]
            for n in items:
                words = len(n.body.split()) + len(n.summary.split())
                credit = t(n.image.credit) if n.image and n.image.credit else ("no credit given" if n.image else "no picture")
                rows.append(f"| {n.date.date().isoformat()} | {self.a(here, 'news-item', n.slug, n.title)} | "
                            f"{words} | {credit} |")
            parts.append('<div class="pship-magazine" markdown="1">\n\n' + "\n".join(rows) + "\n\n</div>")
        else:
            parts.append(f"No items have been chosen for {t(magazine)} yet.")
        return self.page(here, f"News chosen for {magazine}", parts,
                         description=f"A printable list of the news items chosen for {magazine}.")
