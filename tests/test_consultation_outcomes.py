"""Consultations with an ending (issue 16, item 6): who runs it, what happens next, the outcome."""

from __future__ import annotations

from test_not_known import _build, _data, _text


def _page(tmp_path, extra: str, opens: str = "2026-01-05", closes: str = "2026-02-27") -> str:
    data = _data(tmp_path, {"consultations.yml":
                            f"consultations:\n  - id: parks\n    title: Parks survey\n    opens: {opens}\n"
                            f"    closes: {closes}\n    summary: Tell us about the parks.\n"
                            "    how_to_respond: Fill in the form.\n    run_by: Glanrhyd Council\n" + extra})
    page = _text(_build(data)[0]["have-your-say/index.md"])
    return page[page.index("### Parks survey"):].split("\n## ")[0]


def test_open_consultation_says_who_runs_it_and_what_happens_next(tmp_path):
    entry = _page(tmp_path, "    next_steps: The board decides in March.\n", closes="2027-02-27")
    assert "Open from 5 January 2026 to 27 February 2027. Run by Glanrhyd Council.\n" in entry
    assert "#### What happens next" in entry and "The board decides in March" in entry


def test_closed_with_no_outcome_after_the_promised_date_says_so(tmp_path):
    entry = _page(tmp_path, "    outcome_due: \"2026-05\"\n")
    assert "No outcome has been published yet. It was promised by May 2026." in entry
    assert "being considered" not in entry


def test_closed_with_the_outcome_still_to_come_says_when(tmp_path):
    entry = _page(tmp_path, "    outcome_due: 2027-01-31\n")
    assert "The outcome is due by 31 January 2027" in entry


def test_closed_with_no_promised_date_never_says_being_considered_for_ever(tmp_path):
    entry = _page(tmp_path, "")
    assert "No outcome has been published yet." in entry and "being considered" not in entry


def test_outcome_is_you_said_we_did_and_replaces_what_happens_next(tmp_path):
    entry = _page(tmp_path, "    next_steps: The board decides in March.\n"
                            "    outcome: You asked for more benches; ten were put in.\n")
    assert "#### You said, we did" in entry and "ten were put in" in entry
    assert "What happens next" not in entry and "No outcome" not in entry
