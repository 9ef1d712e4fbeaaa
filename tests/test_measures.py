"""Progress people can see (issue 16, item 7): readings over time as a chart and a table that
agree, next to the RAG status; Outcome Based Accountability report cards."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from conftest import mkdocs_build
from test_not_known import _build, _data, _text

READINGS = """        unit: "%"
        readings:
          - {date: "2024", value: 40}
          - {date: "2025-03", value: 47.5}
          - {date: 2026-09-30, value: 52}
"""
SVG = "{http://www.w3.org/2000/svg}"


def _strategy(tmp_path, add: str) -> str:
    data = _data(tmp_path, {}, {"strategy.yml": ("        updated: 2026-09\n", "        updated: 2026-09\n" + add)})
    return _text(_build(data)[0]["strategy/index.md"])


def _svg(page: str) -> ET.Element:
    return ET.fromstring(re.search(r'<figure class="pship-trend">\s*(<svg.*?</svg>)', page, re.S).group(1))


def test_chart_and_its_table_show_the_same_readings(tmp_path):
    page = _strategy(tmp_path, READINGS)
    svg = _svg(page)
    # Accessible: a role, a title and a description naming the first and last readings.
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Residents visiting a park each month: readings over time"
    assert svg.find(f"{SVG}desc").text.startswith("3 readings, from 40% in 2024 to 52% in 30 September 2026")
    points = [(c.find(f"{SVG}title").text, float(c.get("cy"))) for c in svg.iter(f"{SVG}circle")]
    rows = re.findall(r"^\| (.+?) \| (\d[^|]*%) \|$", page, re.M)
    assert [title for title, _ in points] == [f"{when}: {value}" for when, value in
                                              [(w.replace("\\", ""), v.replace("\\", "")) for w, v in rows]]
    assert [t for t, _ in points] == ["2024: 40%", "March 2025: 47.5%", "30 September 2026: 52%"]
    # Higher figures are drawn higher (smaller y), so the line rises as the figures do.
    heights = [cy for _, cy in points]
    assert heights == sorted(heights, reverse=True)
    # Beside the status the resident already sees.
    assert "**Trend: Residents visiting a park each month** <strong class=\"pship-tag pship-tag--warn\">At risk</strong>" in page
    assert "<script" not in page


def test_one_reading_is_a_table_row_only(tmp_path):
    page = _strategy(tmp_path, "        readings:\n          - {date: 2025, value: 3}\n")
    assert "<svg" not in page and "Trend:" not in page


def test_report_card_asks_the_three_questions_each_with_its_measures(tmp_path):
    page = _strategy(tmp_path, "        question: is anyone better off\n"
                               "      - name: Park events held\n        question: how much did we do\n"
                               "        latest: \"12\"\n        status: green\n"
                               "      - name: Events rated good\n        question: how well did we do it\n"
                               "        status: not yet measured\n")
    card = page[page.index("#### How much did we do?"):]
    assert card.index("Park events held") < card.index("#### How well did we do it?") \
        < card.index("Events rated good") < card.index("#### Is anyone better off?") \
        < card.index("Residents visiting a park each month")
    assert "Other measures" not in page


def test_chart_is_valid_in_the_built_page(tmp_path):
    data = _data(tmp_path, {}, {"strategy.yml": ("        updated: 2026-09\n", "        updated: 2026-09\n" + READINGS)})
    html = (mkdocs_build(tmp_path / "site", data=data) / "strategy" / "index.html").read_text()
    svg = _svg(html)
    assert len(list(svg.iter(f"{SVG}circle"))) == 3
    assert "<td>March 2025</td>" in html and "<td>47.5%</td>" in html
