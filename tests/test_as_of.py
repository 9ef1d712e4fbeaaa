"""The example reads as a real site when built today (issue 16, item 8)."""

from __future__ import annotations

import datetime as dt

from conftest import EXAMPLE_DATA, mkdocs_build
from partnership.build import build_site
from test_not_known import _build, _data, _text


def test_a_site_built_as_of_its_day_says_so_and_shows_that_day(tmp_path):
    data = _data(tmp_path, {}, {"partnership.yml": ("contact:\n", "as_of: 2026-06-30\ncontact:\n")})
    files, _ = _build(data)  # built on 23 November 2026
    home = _text(files["index.md"])
    # The board meeting of 10 December 2026 is after the day the site describes, so coming up;
    # the news item of 1 July 2026 is after it, so not yet published.
    assert "Partnership Board meeting" in home[home.index("## Next public meeting"):home.index("## Latest news")]
    assert "fish-and-chips" not in home and "news/2026-07-01-fish-and-chips.md" not in files
    site = mkdocs_build(tmp_path / "site", data=data)
    for page in ("index.html", "strategy/index.html", "accessibility/index.html"):
        assert "This site describes the Aberhafren Community Partnership as it was on 30 June 2026." \
            in (site / page).read_text()


def test_the_example_built_today_does_not_mislead(tmp_path):
    build = build_site(EXAMPLE_DATA, "https://www.example.gov.uk/partnership/", dt.date.today())
    pages = {f.path: _text(f.content) for f in build.files if f.path.endswith(".md")}
    home = pages["index.md"]
    # No placeholder titles, no quotation the sources do not give, nothing invented coming up.
    assert "to be added" not in home and "title to be" not in home.lower()
    assert "Our vision" not in home
    assert "No public meetings are planned at the moment." in home
    assert "2027" not in "".join(pages.values())
    # One commitment overdue as of 30 November 2011, not a wall of them.
    overdue = [row for row in pages["accountability/index.md"].splitlines()
               if row.startswith("| [") and "Overdue since" in row]
    assert len(overdue) == 1 and "We Are Redditch" in overdue[0]
    # What the sources do not settle is said on the strategy page, not in a title.
    strategy = pages["strategy/index.md"]
    assert "### The economy of Redditch" in strategy
    assert "The 2011 wording may have been different" in strategy
