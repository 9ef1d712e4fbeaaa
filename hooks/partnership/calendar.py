"""Site -> iCalendar (.ics): all meetings and events, and one file per event.

UIDs come from the event's file name and the site's host, so they never change between
builds; DTSTAMP comes from the data, never the clock. Times are Europe/London with a
VTIMEZONE, which older Outlook versions need to show them at the right hour.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from icalendar import Calendar, Event as VEvent, vText

from . import model as m
from .derive import feed_words
from .urls import absolute, page_src, page_url

PRODID = "-//partnership site generator//EN"


def in_calendars(events) -> list[m.Event]:
    """Events a calendar can hold: one known only by its month or year has no day to put it on."""
    return [e for e in events if e.date_given is None]


def event_uid(e: m.Event, site_url: str) -> str:
    return f"{e.slug}@{urlsplit(site_url).hostname}"


def _calendar(site: m.Site, name: str) -> Calendar:
    name = " ".join(name.split())  # calendar names are one line; icalendar refuses line breaks there
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    cal.add("refresh-interval", dt.timedelta(hours=4), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vText("PT4H"))
    return cal


def _vevent(e: m.Event, site_url: str, bodies: dict[str, m.Body], words, today: dt.date) -> VEvent:
    ev = VEvent()
    ev.add("uid", event_uid(e, site_url))
    # DTSTAMP must not be the build time: the event's own last change, or its file date.
    ev.add("dtstamp", (e.updated or dt.datetime.fromisoformat(e.slug[:10]).replace(tzinfo=m.UK))
           .astimezone(dt.timezone.utc))
    if e.updated:
        ev.add("last-modified", e.updated.astimezone(dt.timezone.utc))
    if e.all_day:
        ev.add("dtstart", e.start.date())
        last = (e.end or e.start).date()
        ev.add("dtend", last + dt.timedelta(days=1))
    elif e.time_to_be_confirmed:
        # A day with no time: a DATE start and no end (RFC 5545 3.6.1), never a made-up hour.
        ev.add("dtstart", e.start.date())
    else:
        ev.add("dtstart", e.start)
        if e.end:  # with no end the calendar shows the start only; it never invents one
            ev.add("dtend", e.end)
    ev.add("summary", str(words.event_title(e)))
    if e.location:
        ev.add("location", e.location)
    url = absolute(site_url, page_url(page_src("event", e.slug)))
    # A day entry alone would look like an all-day event: say the time is not known yet.
    time_note = str(words.calendar_time_note(e, today)) if e.time_to_be_confirmed else ""
    ev.add("description", "\n\n".join(filter(None, [time_note, e.summary, url])))
    ev.add("url", url)
    ev.add("class", "PUBLIC")
    ev.add("status", "CANCELLED" if e.cancelled else "CONFIRMED")
    # A cancellation is a change subscribers must see, so it raises the sequence too.
    ev.add("sequence", e.revision + (1 if e.cancelled else 0))
    if e.organiser:
        ev.add("categories", [bodies[e.organiser].name])
    return ev


def render_calendars(site: m.Site, site_url: str, templates=None) -> tuple[bytes, dict[str, bytes]]:
    """The calendar of every event, and one calendar per event (by slug); their words
    come from feeds.md."""
    words = feed_words(site, templates)
    everything = _calendar(site, str(words.calendar_name()))
    singles = {}
    bodies = {b.id: b for b in site.structure.bodies}
    for e in in_calendars(site.events):
        event = _vevent(e, site_url, bodies, words, site.today)
        everything.add_component(event)
        single = _calendar(site, e.title)
        single.add_component(event)
        singles[e.slug] = single
    # Europe/London's clock changes, only for the years the events span (the default is
    # 1970 to 2038): files a third of the size, and no less correct.
    if singles:
        first = min(e.start for e in in_calendars(site.events)).date().replace(month=1, day=1)
        last = max(e.last_day for e in in_calendars(site.events)).replace(month=12, day=31)
        everything.add_missing_timezones(first_date=first - dt.timedelta(days=366),
                                         last_date=last + dt.timedelta(days=366))
    # Written once and copied into each event's file: writing it out is the slow part.
    zones = b"".join(zone.to_ical() for zone in everything.walk("VTIMEZONE"))
    return everything.to_ical(), {slug: _before_events(cal.to_ical(), zones) for slug, cal in singles.items()}


def _before_events(calendar: bytes, block: bytes) -> bytes:
    # Time zones go before the events that use them, as in the calendar of everything.
    head, start, rest = calendar.partition(b"BEGIN:VEVENT")
    return head + block + start + rest
