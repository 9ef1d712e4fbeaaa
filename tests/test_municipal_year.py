"""A council's municipal year ("2010/11": May 2010 to May 2011) wherever a date may be partial
(issue 16, item 2): shown as typed and sorted by its start. An event known only by its
municipal year: tests/test_not_known.py."""

from __future__ import annotations

from test_measures import _strategy
from test_not_known import _build, _data, _text


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
