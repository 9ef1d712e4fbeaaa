"""A council's municipal year ("2010/11": May 2010 to May 2011) wherever a date may be partial
(issue 16, item 2): shown as typed, sorted by its start, and left out of calendars with a word."""

from __future__ import annotations

from test_measures import _strategy
from test_not_known import _build, _data, _text


def test_event_in_a_municipal_year_is_shown_as_given_and_left_out_of_calendars(tmp_path):
    data = _data(tmp_path, {"events/2010-05-01-annual-meeting.yml":
                            "title: Annual meeting\nstart: 2010/11\nsummary: Held once that year.\n"})
    files, warnings = _build(data)
    page = _text(files["events/2010-05-01-annual-meeting.md"])
    assert "**When:** 2010/11" in page
    assert "the source gives only the municipal year, not the day" in page
    assert "feeds/events/2010-05-01-annual-meeting.ics" not in files
    assert "Annual meeting" not in _text(files["feeds/events.ics"])
    (warning,) = [w for w in warnings if "annual-meeting" in w]
    assert "the source gives only 2010/11" in warning and "What to do: write the day, like 2010-05-01" in warning


def test_a_partnership_set_up_in_a_municipal_year(tmp_path):
    data = _data(tmp_path, {}, {"partnership.yml": ("contact:\n", "established: 2010/11\ncontact:\n")})
    assert "**Set up:** 2010/11" in _text(_build(data)[0]["about/index.md"])


def test_readings_are_put_in_order_by_when_the_municipal_year_starts(tmp_path):
    page = _strategy(tmp_path, "        unit: people\n        readings:\n"
                               "          - {date: 2011, value: 30}\n"
                               "          - {date: 2010/11, value: 20}\n"
                               "          - {date: \"2010-03\", value: 10}\n")
    table = page[page.index("| When |"):]
    assert table.index("March 2010") < table.index("2010/11") < table.index("| 2011 |")
