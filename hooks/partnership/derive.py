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
OBA_ORDER = typing.get_args(m.ObaQuestion)


class Record(NamedTuple):
    """One thing linked to a commitment that shows it was met: its date as shown, what it
    was, and the page about it."""
    shown: str
    text: str
    kind: str  # a page kind, or "" for no page
    key: str
    anchor: str = ""


@dataclass(frozen=True)
class CommitmentHealth:
    """Facts about a commitment, from what is linked to it only; macros.md says them."""
    kind: str                 # recurring, one-off or ongoing
    last_met: dt.date | None
    last_met_shown: str | None
    due: dt.date | None       # recurring: next due; one-off: due by
    due_shown: str | None
    overdue: bool
    records: tuple[Record, ...]  # newest first


class TrendPoint(NamedTuple):
    x: float
    y: float
    shown: str  # the date as given
    value: str  # the figure as written, with its unit


@dataclass(frozen=True)
class Trend:
    """Where a measure's readings sit on a small chart; trend.md draws it and its table."""
    width: int
    height: int
    points: tuple[TrendPoint, ...]  # oldest first
    low: str
    high: str
    low_y: float
    high_y: float

    @property
    def line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def figure(value: float) -> str:
    """12.0 as 12, 12.5 as 12.5: a reading as an editor would write it."""
    return f"{value:,.10g}"


def trend(ms: m.Measure, width: int = 320, height: int = 120) -> Trend | None:
    """A chart of two or more readings: x by date, y by value, drawn at build time."""
    readings = sorted(ms.readings, key=lambda r: (r.date.earliest, r.date.latest))
    if len(readings) < 2:
        return None
    left, right, top, bottom = 48, 12, 12, 24
    first, last = readings[0].date.earliest.toordinal(), readings[-1].date.earliest.toordinal()
    lo, hi = min(r.value for r in readings), max(r.value for r in readings)
    if lo == hi:
        lo, hi = lo - 1, hi + 1

    def x(r: m.Reading) -> float:
        return left + (width - left - right) * (r.date.earliest.toordinal() - first) / ((last - first) or 1)

    def y(v: float) -> float:
        return top + (height - top - bottom) * (hi - v) / (hi - lo)

    def amount(v: float) -> str:  # with its unit: 45%, 120 people
        unit = ms.unit or ""
        return figure(v) + ("" if not unit or unit.startswith("%") else " ") + unit

    points = tuple(TrendPoint(x(r), y(r.value), r.date.display(), amount(r.value)) for r in readings)
    return Trend(width, height, points, amount(lo), amount(hi), y(lo), y(hi))


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
        # Everything news and events may be tagged with, by id: priorities of every plan, and topics.
        self.priorities = {p.id: p for p in site.strategy.themes()}
        self.topics = {t.id for t in site.strategy.topics}
        # The earlier plan a priority belongs to; a current priority or a topic has none.
        self.theme_plan = {p.id: v for v in site.strategy.earlier_versions for p in v.priorities}

    def theme_groups(self, themes: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
        """What an item is tagged with, each in the order given: priorities of the current
        plan, priorities of earlier plans, and topics (in Python: every news page asks)."""
        return ([th for th in themes if th not in self.topics and th not in self.theme_plan],
                [th for th in themes if th in self.theme_plan],
                [th for th in themes if th in self.topics])

    # --- the life of a body -------------------------------------------------

    def life(self, b: m.Body | m.Partnership) -> str:
        """"proposed", "current" or "former": where a body is in its life as of today."""
        if b.status == "proposed":
            return "proposed"
        if b.status in ("merged", "dissolved") or (
                b.status is None and b.ended is not None and b.ended.latest < self.today):
            return "former"
        return "current"

    def reports_to(self, b: m.Body) -> str | None:
        """The group a body reports to today (for a former body: the last one it reported to)."""
        if not b.reporting:
            return b.reports_to
        for line in b.reporting:
            if ((line.since is None or line.since.earliest <= self.today)
                    and (line.until is None or line.until.latest >= self.today)):
                return line.reports_to
        started = [line for line in b.reporting if line.since is None or line.since.earliest <= self.today]
        return started[-1].reports_to if started and self.life(b) == "former" else None

    @cached_property
    def children(self) -> dict[str | None, list[m.Body]]:
        """Today's structure: each current group under the current group it reports to, or at the top."""
        current = {b.id for b in self.site.structure.bodies if self.life(b) == "current"}
        tree: dict[str | None, list[m.Body]] = defaultdict(list)
        for b in self.site.structure.bodies:
            if b.id in current:
                above = self.reports_to(b)
                tree[above if above in current else None].append(b)
        return dict(tree)

    @cached_property
    def former_children(self) -> dict[str, list[m.Body]]:
        """Former groups under the group they last reported to."""
        found: dict[str, list[m.Body]] = defaultdict(list)
        for b in self.bodies_in("former"):
            if self.reports_to(b):
                found[self.reports_to(b)].append(b)
        return dict(found)

    def bodies_in(self, life: str) -> list[m.Body]:
        return [b for b in self.site.structure.bodies if self.life(b) == life]

    @cached_property
    def took_over_from(self) -> dict[str, list[m.Body]]:
        """For each group, the groups whose work it took over (their replaced_by names it)."""
        found: dict[str, list[m.Body]] = defaultdict(list)
        for b in self.site.structure.bodies:
            if b.replaced_by:
                found[b.replaced_by].append(b)
        return dict(found)

    @staticmethod
    def members_by_type(b: m.Body) -> list[tuple[str | None, list[m.Member]]]:
        """Members grouped by how they sit, in the order model.py declares the kinds; those
        with no kind given come first."""
        order = (None, *typing.get_args(m.MemberType))
        groups: dict[str | None, list[m.Member]] = defaultdict(list)
        for mem in b.members:
            groups[mem.membership].append(mem)
        return [(kind, groups[kind]) for kind in order if kind in groups]

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
        return [e for e in self.site.events if e.last_day >= self.today]

    @cached_property
    def past_events(self) -> list[m.Event]:
        return [e for e in reversed(self.site.events) if e.last_day < self.today]

    @cached_property
    def open_consultations(self) -> list[m.Consultation]:
        return sorted((c for c in self.site.consultations.consultations
                       if c.opens.earliest <= self.today <= c.closes.latest),
                      key=lambda c: (c.closes.latest, c.id))

    @cached_property
    def future_consultations(self) -> list[m.Consultation]:
        return sorted((c for c in self.site.consultations.consultations if c.opens.earliest > self.today),
                      key=lambda c: (c.opens.earliest, c.id))

    @cached_property
    def closed_consultations(self) -> list[m.Consultation]:
        return sorted((c for c in self.site.consultations.consultations if c.closes.latest < self.today),
                      key=lambda c: (c.closes.latest, c.id), reverse=True)

    @staticmethod
    def by_theme(items) -> dict[str, list]:
        """Items under each priority or topic they are tagged with, in their own order."""
        found: dict[str, list] = defaultdict(list)
        for item in items:
            for th in item.themes:
                found[th].append(item)
        return dict(found)

    @cached_property
    def news_by_theme(self) -> dict[str, list[m.NewsItem]]:
        return self.by_theme(self.site.news)

    @cached_property
    def events_by_theme(self) -> dict[str, list[m.Event]]:
        return self.by_theme(self.site.events)

    @cached_property
    def news_by_event(self) -> dict[str, list[m.NewsItem]]:
        """Published news about each event (a news item's `event`), newest first."""
        found: dict[str, list[m.NewsItem]] = defaultdict(list)
        for n in self.site.news:
            if n.event:
                found[n.event].append(n)
        return dict(found)

    @cached_property
    def events_by_slug(self) -> dict[str, m.Event]:
        return {e.slug: e for e in self.site.events}

    @cached_property
    def events_by_document(self) -> dict[str, list[m.Event]]:
        """The meetings each document belongs to, as their agenda or minutes."""
        found: dict[str, list[m.Event]] = defaultdict(list)
        for e in self.site.events:
            for doc in (e.agenda, e.minutes):
                if doc and e not in found[doc]:
                    found[doc].append(e)
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
    def trend(ms: m.Measure) -> Trend | None:
        return trend(ms)

    @staticmethod
    def report_card(measures: Sequence[m.Measure]) -> list[tuple[str, list[m.Measure]]]:
        """Measures under Outcome Based Accountability's three questions, in their order; none
        when no measure names a question. Measures with no question come last, under ""."""
        if not any(ms.question for ms in measures):
            return []
        groups = [(q, [ms for ms in measures if ms.question == q]) for q in OBA_ORDER]
        groups.append(("", [ms for ms in measures if not ms.question]))
        return [(q, found) for q, found in groups if found]

    @staticmethod
    def measure_counts(pr: m.Priority) -> list[tuple[str, int]]:
        """How many of a priority's measures are at each status, in the order they are shown."""
        counts = Counter(ms.status for ms in pr.measures)
        return [(s, counts[s]) for s in ("green", "amber", "red", "not yet measured") if counts[s]]

    def commitment_health(self, cm: m.Commitment) -> CommitmentHealth:
        """Only what the commitment links to counts, and only once it has happened."""
        found: list[tuple[dt.date, str, Record]] = []
        events = {e.slug: e for e in self.site.events}
        for slug in cm.events:
            e = events.get(slug)
            if e and not e.cancelled and e.last_day <= self.today:
                shown = e.date_given.display() if e.date_given else m.display_date(e.start)
                found.append((e.last_day, shown, Record(shown, e.title, "event", e.slug)))
        news = {n.slug: n for n in self.site.news}  # only what is published by today
        for slug in cm.news:
            if slug in news:
                n = news[slug]
                found.append((n.date.date(), m.display_date(n.date), Record(m.display_date(n.date), n.title,
                                                                           "news-item", n.slug)))
        for doc_id in cm.documents:
            doc = self.documents.get(doc_id)
            if doc and (doc.date is None or doc.date.earliest <= self.today):
                shown = doc.date.display() if doc.date else ""
                found.append((doc.date.latest if doc.date else dt.date.min, shown,
                              Record(shown, doc.title, "documents", "", doc.id)))
        for rec in cm.met:
            if rec.date.earliest <= self.today:
                found.append((rec.date.latest, rec.date.display(), Record(rec.date.display(), rec.note, "", "")))
        found.sort(key=lambda r: r[0], reverse=True)
        records = tuple(r[2] for r in found)
        dated = [r for r in found if r[0] != dt.date.min]
        last, last_shown = (dated[0][0], dated[0][1]) if dated else (None, None)
        due = None
        if cm.kind == "recurring" and last and cm.every_months:
            due = add_months(last, cm.every_months)
            due_shown = m.display_date(due)
        elif cm.kind == "one-off" and cm.due:
            due, due_shown = cm.due.latest, cm.due.display()
        else:
            due_shown = None
        # Overdue only when something was due and nothing linked met it in time.
        overdue = bool(due and due < self.today and (cm.kind == "recurring" or not records))
        return CommitmentHealth(cm.kind, last, last_shown, due, due_shown, overdue, records)

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
            last = f" (last met {words.last_met(health)})" if health.last_met else ""
            found.append(f"{cm.title}: {status[:1].lower() + status[1:]}{last}; see {page_src('accountability')}"
                         f"\n    What to do: {words.overdue_hint()}")
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
              for pr in site.strategy.themes()]
    return specs
