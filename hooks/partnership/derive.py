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
from typing import NamedTuple, Sequence

from . import model as m
from .urls import FEEDS, feed_path, page_src

# Pages list these in the order model.py declares the choices, so none can be left out.
DOCUMENT_ORDER = typing.get_args(m.DocumentType)
SECTOR_ORDER = typing.get_args(m.Sector)


class Record(NamedTuple):
    """One time a commitment was met: its date as shown, what it was, and the page about it."""
    shown: str
    text: str
    kind: str  # a page kind, or "" for no page
    key: str


@dataclass(frozen=True)
class CommitmentHealth:
    """Facts about a commitment; macros.md says them (status, frequency and so on)."""
    last_met: dt.date | None
    last_met_shown: str | None
    due: dt.date | None
    overdue: bool
    records: tuple[Record, ...]  # newest first


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
    def measure_counts(pr: m.Priority) -> list[tuple[str, int]]:
        """How many of a priority's measures are at each status, in the order they are shown."""
        counts = Counter(ms.status for ms in pr.measures)
        return [(s, counts[s]) for s in ("green", "amber", "red", "not yet measured") if counts[s]]

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
        if not records:
            return CommitmentHealth(None, None, None, True, ())
        last = records[0][0]
        due = add_months(last, cm.every_months)
        return CommitmentHealth(last, records[0][1], due, due < self.today,
                                tuple(Record(*r[1:]) for r in records))

    @staticmethod
    def recommendations_done(rev: m.Review) -> int:
        return sum(1 for r in rev.recommendations if r.status == "done")

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


def overdue_commitments(site: m.Site, templates=None) -> list[str]:
    """Plain-English warnings for commitments that are overdue; they never stop a build.
    The status is worded by macros.md, as the accountability page words it."""
    d = Derived(site)
    found = []
    for cm in site.commitments.commitments:
        health = d.commitment_health(cm)
        if health.overdue:
            from .templating import folders, macros  # here: `check` loads Jinja only when it must warn

            words = macros(folders(templates))
            status = str(words.commitment_status(health))
            found.append(f"{cm.title}: {status[:1].lower() + status[1:]} (last met {words.last_met(health)}); "
                         f"see {page_src('accountability')}")
    return found


@dataclass(frozen=True)
class FeedSpec:
    key: str            # "news", "magazine" or "theme-<id>"
    title: str
    description: str
    items: tuple[m.NewsItem, ...]
    rss_path: str


def feed_words(site: m.Site, templates=None):
    """feeds.md for this site: what the feeds call themselves, and an item's figure."""
    from .templating import environment, folders  # here: `check` loads Jinja only when it must

    return environment(folders(templates)).get_template("feeds.md").make_module({"site": site})


def feed_specs(site: m.Site, templates=None) -> list[FeedSpec]:
    """Every RSS feed the site publishes, in the order they are offered to readers."""
    words = feed_words(site, templates)

    def spec(key: str, items, path: str, priority: m.Priority | None = None) -> FeedSpec:
        return FeedSpec(key, str(words.title(key, priority)).strip(), str(words.description(key, priority)).strip(),
                        tuple(items), path)

    specs = [spec("news", site.news, FEEDS["news"]),
             spec("magazine", (n for n in site.news if n.magazine), FEEDS["magazine"])]
    specs += [spec(f"theme-{pr.id}", (n for n in site.news if pr.id in n.themes), feed_path("theme", pr.id), pr)
              for pr in site.strategy.priorities]
    return specs
