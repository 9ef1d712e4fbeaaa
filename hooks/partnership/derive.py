"""Views of the Site that several outputs share: lookups, groupings and what is current.

Everything that depends on "today" is worked out here from site.today, never the clock.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

from . import model as m
from .text import attr
from .urls import FEEDS, feed_path, page_src

# Pages list these in the order model.py declares the choices, so none can be left out.
DOCUMENT_ORDER = typing.get_args(m.DocumentType)
_PLURALS = {
    "terms of reference": "Terms of reference", "strategy": "Strategies",
    "annual report": "Annual reports", "minutes": "Minutes", "agenda": "Agendas",
    "scrutiny report": "Scrutiny reports", "consultation paper": "Consultation papers",
    "consultation response": "Consultation responses", "report": "Reports",
    "newsletter": "Newsletters", "other": "Other documents",
}
SECTOR_ORDER = typing.get_args(m.Sector)
_FREQUENCY = {1: "every month", 3: "every three months", 4: "every four months",
              6: "every six months", 12: "every year", 24: "every two years"}


@dataclass(frozen=True)
class CommitmentHealth:
    frequency: str
    last_met: dt.date | None
    last_met_text: str
    overdue: bool
    status: str
    # (display date, text, page kind or "", page key) newest first
    records: tuple[tuple[str, str, str, str], ...]


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    last = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28,
            31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return dt.date(year, month, min(day.day, last))


class Derived:
    def __init__(self, site: m.Site):
        self.site = site
        self.today = site.today
        self.bodies = {b.id: b for b in site.structure.bodies}
        self.partners = {p.id: p for p in site.partners.partners}
        self.documents = {d.id: d for d in site.documents.documents}
        self.priorities = {p.id: p for p in site.strategy.priorities}

    @cached_property
    def children(self) -> dict[str | None, list[m.Body]]:
        tree: dict[str | None, list[m.Body]] = defaultdict(list)
        for b in self.site.structure.bodies:
            tree[b.reports_to].append(b)
        return dict(tree)

    @cached_property
    def seats(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for b in self.site.structure.bodies:
            for mem in b.members:
                if mem.partner and b.id not in found[mem.partner]:
                    found[mem.partner].append(b.id)
        return dict(found)

    @cached_property
    def upcoming_events(self) -> list[m.Event]:
        return [e for e in self.site.events if (e.end or e.start).date() >= self.today]

    @cached_property
    def past_events(self) -> list[m.Event]:
        return [e for e in reversed(self.site.events) if (e.end or e.start).date() < self.today]

    @cached_property
    def open_consultations(self) -> list[m.Consultation]:
        return sorted((c for c in self.site.consultations.consultations
                       if c.opens <= self.today <= c.closes), key=lambda c: (c.closes, c.id))

    @cached_property
    def future_consultations(self) -> list[m.Consultation]:
        return sorted((c for c in self.site.consultations.consultations if c.opens > self.today),
                      key=lambda c: (c.opens, c.id))

    @cached_property
    def closed_consultations(self) -> list[m.Consultation]:
        return sorted((c for c in self.site.consultations.consultations if c.closes < self.today),
                      key=lambda c: (c.closes, c.id), reverse=True)

    @cached_property
    def news_by_theme(self) -> dict[str, list[m.NewsItem]]:
        found: dict[str, list[m.NewsItem]] = defaultdict(list)
        for n in self.site.news:
            for th in n.themes:
                found[th].append(n)
        return dict(found)

    @cached_property
    def news_by_year(self) -> list[tuple[int, list[m.NewsItem]]]:
        """Years with news, newest first, each with its items newest first."""
        found: dict[int, list[m.NewsItem]] = defaultdict(list)
        for n in self.site.news:
            found[n.date.year].append(n)
        return sorted(found.items(), reverse=True)

    @cached_property
    def documents_by_type(self) -> list[tuple[str, list[m.Document]]]:
        groups: dict[str, list[m.Document]] = defaultdict(list)
        for d in self.site.documents.documents:
            groups[d.type].append(d)
        return [(kind, sorted(groups[kind], key=lambda d: (d.date.earliest if d.date else dt.date.min, d.id),
                              reverse=True))
                for kind in DOCUMENT_ORDER if kind in groups]

    @cached_property
    def partners_by_sector(self) -> list[tuple[str, list[m.Partner]]]:
        groups: dict[str, list[m.Partner]] = defaultdict(list)
        for p in self.site.partners.partners:
            groups[p.sector].append(p)
        return [(s, sorted(groups[s], key=lambda p: p.name.lower())) for s in SECTOR_ORDER if s in groups]

    @staticmethod
    def plural(kind: str) -> str:
        return _PLURALS.get(kind, kind.capitalize())

    @staticmethod
    def when(e: m.Event) -> str:
        day = m.display_date(e.start)
        if e.all_day:
            if e.end and e.end.date() != e.start.date():
                return f"{day} to {m.display_date(e.end)}"
            return day
        text = f"{day}, {m.display_time(e.start)}"
        if e.end:
            if e.end.date() == e.start.date():
                text += f" to {m.display_time(e.end)}"
            else:
                text += f" to {m.display_date(e.end)}, {m.display_time(e.end)}"
        return text

    @staticmethod
    def progress(pr: m.Priority) -> str:
        if not pr.measures:
            return "no measures published yet"
        counts = Counter(ms.status for ms in pr.measures)
        parts = [f"{counts[s]} {s}" for s in ("green", "amber", "red", "not yet measured") if counts[s]]
        noun = "measure" if len(pr.measures) == 1 else "measures"
        return f"{len(pr.measures)} {noun}: " + ", ".join(parts)

    @staticmethod
    def figure_html(image: m.Image, src: str) -> str:
        caption = []
        if image.caption:
            caption.append(attr(image.caption))
        if image.credit:
            caption.append(f"Photo: {attr(image.credit)}")
        fig = f'<figure><img src="{attr(src)}" alt="{attr(image.alt)}">'
        if caption:
            fig += f"<figcaption>{'. '.join(caption)}</figcaption>"
        return fig + "</figure>"

    def commitment_health(self, cm: m.Commitment) -> CommitmentHealth:
        records: list[tuple[dt.date, str, str, str, str]] = []
        ev = cm.evidence
        if ev.event_kind:
            for e in self.site.events:
                if e.kind == ev.event_kind and not e.cancelled and e.start.date() <= self.today:
                    records.append((e.start.date(), m.display_date(e.start), e.title, "event", e.slug))
        if ev.document_type:
            for d in self.site.documents.documents:
                if d.type == ev.document_type and d.date and d.date.latest <= self.today:
                    records.append((d.date.latest, d.date.display(), d.title, "documents", ""))
        for rec in cm.met:
            if rec.date.earliest <= self.today:
                records.append((rec.date.latest, rec.date.display(), rec.note, "", ""))
        records.sort(key=lambda r: r[0], reverse=True)
        frequency = _FREQUENCY.get(cm.every_months, f"every {cm.every_months} months")
        if not records:
            return CommitmentHealth(frequency, None, "never recorded", True,
                                    "Not yet met", ())
        last = records[0][0]
        due = add_months(last, cm.every_months)
        overdue = due < self.today
        status = f"Overdue since {m.display_date(due)}" if overdue else f"On track: next due by {m.display_date(due)}"
        return CommitmentHealth(frequency, last, records[0][1], overdue, status,
                                tuple((r[1], r[2], r[3], r[4]) for r in records))

    @staticmethod
    def recommendation_counts(rev: m.Review) -> str:
        done = sum(1 for r in rev.recommendations if r.status == "done")
        return f"{done} of {len(rev.recommendations)} recommendations done."

    @staticmethod
    def term_anchor(term: m.Term) -> str:
        return "term-" + (re.sub(r"[^a-z0-9]+", "-", term.term.lower()).strip("-") or "x")


# A quarterly magazine must never miss an item: keep a year, and at least 50 items.
WINDOW_DAYS = 366
WINDOW_MIN_ITEMS = 50


def feed_window(items: Sequence[m.NewsItem], today: dt.date) -> list[m.NewsItem]:
    """Items newest first: everything from the last year, topped up to 50 items."""
    cutoff = today - dt.timedelta(days=WINDOW_DAYS)
    recent = [n for n in items if n.date.date() >= cutoff]
    return recent if len(recent) >= WINDOW_MIN_ITEMS else list(items[:WINDOW_MIN_ITEMS])


def overdue_commitments(site: m.Site) -> list[str]:
    """Plain-English warnings for commitments that are overdue; they never stop a build."""
    d = Derived(site)
    found = []
    for cm in site.commitments.commitments:
        health = d.commitment_health(cm)
        if health.overdue:
            found.append(f"{cm.title}: {health.status[0].lower() + health.status[1:]} (last met {health.last_met_text}); "
                         f"see {page_src('accountability')}")
    return found


@dataclass(frozen=True)
class FeedSpec:
    key: str            # "news", "magazine" or "theme-<id>"
    title: str
    description: str
    items: tuple[m.NewsItem, ...]
    rss_path: str


def feed_specs(site: m.Site) -> list[FeedSpec]:
    """Every RSS feed the site publishes, in the order they are offered to readers."""
    p = site.partnership
    magazine = p.magazine.name if p.magazine else "print"
    specs = [
        FeedSpec("news", f"{p.name}: news", f"News from {p.name} and its partners.",
                 tuple(site.news), FEEDS["news"]),
        FeedSpec("magazine", f"{p.name}: news for {magazine}",
                 f"News items from {p.name} chosen for {magazine}, with their full text.",
                 tuple(n for n in site.news if n.magazine), FEEDS["magazine"]),
    ]
    for pr in site.strategy.priorities:
        specs.append(FeedSpec(f"theme-{pr.id}", f"{p.name}: news about {pr.title}",
                              f"News from {p.name} about its priority: {pr.title}.",
                              tuple(n for n in site.news if pr.id in n.themes), feed_path("theme", pr.id)))
    return specs
