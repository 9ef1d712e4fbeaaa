"""What the sources do not say is sayable, and never shown to a resident as a fact (issue 16, item 2)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from icalendar import Calendar

from conftest import OTHER_DATA
from partnership.build import build_site

TODAY = dt.date(2026, 11, 23)
URL = "https://www.example.gov.uk/partnership/"


def _data(tmp_path, files: dict[str, str], edit: dict[str, tuple[str, str]] | None = None):
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    for name, text in files.items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(text, encoding="utf-8")
    for name, (old, new) in (edit or {}).items():
        text = (data / name).read_text(encoding="utf-8")
        assert old in text
        (data / name).write_text(text.replace(old, new), encoding="utf-8")
    return data


def _build(data):
    result = build_site(data, URL, TODAY)
    return {f.path: f.content for f in result.files if f.content is not None}, result.warnings


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _page_with(tmp_path, name: str, text: str, page: str) -> str:
    """The page as built with one data file written in full."""
    return _text(_build(_data(tmp_path, {name: text}))[0][page])


EVENT = "events/2027-02-03-ward-walk.yml"


def test_event_with_no_venue_time_or_attendance_says_only_what_is_known(tmp_path):
    data = _data(tmp_path, {EVENT: "title: Ward walk\nstart: 2027-02-03\nsummary: A walk round the ward.\n"})
    files, warnings = _build(data)
    page = _text(files["events/2027-02-03-ward-walk.md"])
    assert "3 February 2027, time to be confirmed" in page
    assert "**Where:**" not in page
    assert "**Open to the public:** not stated" in page
    listing = _text(files["events/index.md"])
    line = listing[listing.index("Ward walk"):].splitlines()[1]
    assert line.strip() == "3 February 2027, time to be confirmed"  # no place, no "not open to the public"
    # The calendar gives the day, no made-up hour, no end and no place.
    cal = Calendar.from_ical(files["feeds/events/2027-02-03-ward-walk.ics"])
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == dt.date(2027, 2, 3)
    assert "DTEND" not in event and "DURATION" not in event and "LOCATION" not in event
    # Calendars show a day entry; its description says the time is still to come.
    assert str(event["description"]).startswith("The time is to be confirmed.\n\nA walk round the ward.")
    assert "time is to be confirmed" in _text(files["feeds/events.ics"]).replace("\r\n ", "")
    assert not warnings or all("ward-walk" not in w for w in warnings)


def test_calendar_never_invents_an_end(tmp_path):
    data = _data(tmp_path, {}, {"events/2026-12-10-board-meeting.yml": ('end: "2026-12-10 20:00"\n', "")})
    files, _ = _build(data)
    (event,) = Calendar.from_ical(files["feeds/events/2026-12-10-board-meeting.ics"]).walk("VEVENT")
    assert event.decoded("dtstart").hour == 18
    assert "DTEND" not in event and "DURATION" not in event
    assert "DTEND" not in _text(files["feeds/events.ics"])


def test_past_event_with_no_time_says_it_is_not_known(tmp_path):
    page = _page_with(tmp_path, "events/2026-03-04-old-meeting.yml",
                      "title: Old meeting\nstart: 2026-03-04\nsummary: Held in March.\n",
                      "events/2026-03-04-old-meeting.md")
    assert "4 March 2026, time not known" in page and "to be confirmed" not in page
    files, _ = _build(_data(tmp_path / "again", {"events/2026-03-04-old-meeting.yml":
                                                  "title: Old meeting\nstart: 2026-03-04\nsummary: Held in March.\n"}))
    (event,) = Calendar.from_ical(files["feeds/events/2026-03-04-old-meeting.ics"]).walk("VEVENT")
    assert str(event["description"]).startswith("The time is not known.")


@pytest.mark.parametrize("slug, start, shown, given", [
    ("2012-03-01-exhibition", '"2012-03"', "March 2012", "its month"),
    # A council's municipal year, May 2010 to May 2011, is shown as typed.
    ("2010-05-01-exhibition", "2010/11", "2010/11", "its municipal year"),
])
def test_event_known_by_its_month_is_shown_as_given_and_check_says_why_it_is_not_in_calendars(
        tmp_path, slug, start, shown, given):
    data = _data(tmp_path, {f"events/{slug}.yml":
                            f"title: Exhibition\nstart: {start}\nsummary: Held then.\nopen_to_public: true\n"})
    files, warnings = _build(data)
    page = _text(files[f"events/{slug}.md"])
    assert f"**When:** {shown}" in page
    assert f"only {given} is known, not the day" in page
    assert "1 March" not in page and "1 May" not in page and "Add this to your calendar" not in page
    assert f"feeds/events/{slug}.ics" not in files
    assert "Exhibition" not in _text(files["feeds/events.ics"])
    (warning,) = [w for w in warnings if "exhibition" in w]
    assert f"events/{slug}.yml, line " in warning and "start: with only" in warning
    assert f"with only {shown} given" in warning and "What to do: if a source gives the day, write the full date" in warning


def test_contact_with_no_email_shows_the_post_and_phone_only(tmp_path):
    data = _data(tmp_path, {}, {"partnership.yml": ("  email: partnership@glanrhyd.example.org\n", "")})
    files, _ = _build(data)
    page = _text(files["have-your-say/index.md"])
    assert "mailto:partnership@" not in page and "Email:" not in page
    assert "Telephone: 01234 567890" in page and "Civic Centre, Heol Fawr" in page
    assert "writing to the Partnership Officer" in page


def test_document_with_no_web_address_says_how_to_get_it(tmp_path):
    data = _data(tmp_path, {}, {"documents.yml": ("documents:\n", "documents:\n  - id: old-plan\n    title: Old plan\n"
                                                               "    type: strategy\n    date: 2009\n")})
    page = _text(_build(data)[0]["documents/index.md"])
    entry = page[page.index("### Old plan"):]
    assert "2009 · Strategy" in entry
    assert "This document is not online" in entry and "Read the document" not in entry


def test_recommendation_awaiting_its_response(tmp_path):
    page = _page_with(tmp_path, "recommendations.yml",
                      "reviews:\n  - id: r\n    title: Review of the board\n    by: Scrutiny\n"
                      "    date: \"2012-03\"\n    recommendations:\n      - number: 1\n"
                      "        text: Meet in public.\n", "accountability/index.md")
    assert "By Scrutiny, March 2012." in page
    assert "| 1 | Meet in public\\. | No response yet | <strong class=\"pship-tag pship-tag--none\">Awaiting response</strong> |" in page
    assert "Not started" not in page


def test_consultation_dates_known_only_as_a_month_and_a_year(tmp_path):
    page = _page_with(tmp_path, "consultations.yml",
                      "consultations:\n  - id: c\n    title: Your views\n    opens: \"2012-03\"\n"
                      "    closes: 2012\n    summary: What matters to you.\n"
                      "    how_to_respond: Write to us.\n", "have-your-say/index.md")
    assert "Open from March 2012, closing later in 2012" in page
    closed = page[page.index("## Closed consultations"):]
    assert "Your views" in closed


def test_news_dated_only_by_its_month_shows_the_month_and_check_says_what_feeds_do(tmp_path):
    data = _data(tmp_path, {"news/2012-03-01-spring-newsletter.yml":
                            'title: Spring newsletter\ndate: "2012-03"\nsummary: What is new.\nbody: The news.\n'})
    files, warnings = _build(data)
    page = _text(files["news/2012-03-01-spring-newsletter.md"])
    assert "Published March 2012" in page and "1 March" not in page
    (warning,) = [w for w in warnings if "spring-newsletter" in w]
    assert "date: with only March 2012 given, the feeds date this item 1 March 2012, as they need a day" in warning
    assert "What to do: if a source gives the day, write the full date" in warning
