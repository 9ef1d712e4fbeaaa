"""Commitments tied to their evidence (issue 16, item 3): only what is linked counts."""

from __future__ import annotations

import re

from test_not_known import _build, _data, _text

# A scrutiny meeting of the same kind as the board meeting a commitment asks for: it must
# not count, because nothing links it.
UNRELATED = ("events/2026-09-01-scrutiny.yml",
             "title: Scrutiny committee\nkind: board meeting\nstart: \"2026-09-01 18:00\"\n"
             "summary: An unrelated meeting.\n")


def _commitments(tmp_path, text: str, files: dict | None = None) -> str:
    data = _data(tmp_path, {"commitments.yml": "commitments:\n" + text, UNRELATED[0]: UNRELATED[1],
                            **(files or {})})
    return _text(_build(data)[0]["accountability/index.md"])


def _row(page: str, title: str) -> str:
    """The commitment's row in the table, its status tag read as its words."""
    line = next(line for line in page.splitlines() if line.startswith(f"| [{title}]"))
    return re.sub(r'<strong class="pship-tag [^"]*">(.*?)</strong>', r"\1", line)


def test_nothing_linked_says_no_record_yet_even_when_a_similar_event_happened(tmp_path):
    page = _commitments(tmp_path, "  - id: quarterly\n    title: Board meets quarterly\n"
                                  "    description: The board meets every three months.\n    every_months: 3\n")
    assert _row(page, "Board meets quarterly") == \
        "| [Board meets quarterly](#quarterly) | Every three months | no record yet | No record yet |"
    assert "On track" not in page and "Scrutiny committee" not in page


def test_a_linked_event_is_the_record_and_sets_the_status(tmp_path):
    page = _commitments(tmp_path, "  - id: quarterly\n    title: Board meets quarterly\n"
                                  "    description: The board meets every three months.\n    every_months: 3\n"
                                  "    events: [2026-09-01-scrutiny]\n")
    assert _row(page, "Board meets quarterly").endswith("| 1 September 2026 | On track: next due by 1 December 2026 |")
    assert "- 1 September 2026: [Scrutiny committee](../events/2026-09-01-scrutiny.md)" in page
    assert '<strong class="pship-tag pship-tag--good">On track: next due by 1 December 2026</strong>' in page


def test_one_off_commitment_due_by_a_month(tmp_path):
    text = ("  - id: review\n    title: Review the membership\n    description: Once.\n"
            "    kind: one-off\n    due: \"2026-03\"\n")
    page = _commitments(tmp_path, text)
    assert _row(page, "Review the membership") == \
        "| [Review the membership](#review) | Once, by March 2026 | no record yet | No record yet: was due by March 2026 |"
    done = _commitments(tmp_path / "b", text + "    documents: [constitution]\n")
    assert _row(done, "Review the membership").endswith("| April 2019 | Done |")
    assert "[Partnership constitution](../documents/index.md#constitution)" in done


def test_ongoing_rule_with_a_news_item(tmp_path):
    page = _commitments(tmp_path, "  - id: minutes\n    title: Minutes to councillors\n"
                                  "    description: After every meeting.\n    kind: ongoing\n"
                                  "    news: [2026-07-01-fish-and-chips]\n")
    assert _row(page, "Minutes to councillors").endswith("| Ongoing | 1 July 2026 | Last record: 1 July 2026 |")


def test_overdue_is_warned_with_its_linked_record(tmp_path):
    data = _data(tmp_path, {"commitments.yml": "commitments:\n  - id: a\n    title: Yearly meeting\n"
                            "    description: Once a year.\n    every_months: 12\n"
                            "    met:\n      - date: 2020\n        note: The 2020 meeting.\n"})
    _, warnings = _build(data)
    assert any(w.startswith("Yearly meeting: overdue since 31 December 2021 (last met 2020)") for w in warnings)
