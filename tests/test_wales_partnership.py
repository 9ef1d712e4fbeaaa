"""A third partnership, shaped like a Welsh public services board: two host councils,
statutory members and invited participants, a well-being plan with well-being objectives,
an earlier plan, a former body, a dissolved, a merging and a proposed group. Its site uses
its own words and shows its structure as it is now."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest

from conftest import ROOT, SUBPATH_URL, mkdocs_build
from sitecheck import broken_links

WALES_DATA = ROOT / "tests" / "fixtures" / "wales"
# Pages written by hand for every site (general background and the editor's guide), not
# from this partnership's data.
HAND_WRITTEN = ("what-is-an-lsp/", "editors-guide/")


@pytest.fixture(scope="module")
def wales_site(tmp_path_factory) -> Path:
    # mkdocs_build builds in strict mode and fails on any warning.
    return mkdocs_build(tmp_path_factory.mktemp("wales") / "site", data=WALES_DATA)


def text(site: Path, page: str) -> str:
    """What a resident reads on a page: its main content as plain text."""
    html = (site / page / "index.html").read_text()
    main = html.split('<article', 1)[1].split("</article>", 1)[0]
    words = " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).replace("¶", " ").split())
    return re.sub(r" ([),.:])", r"\1", words)  # a link's end tag is not a space before punctuation


def section(page_text: str, heading: str, next_heading: str | None = None) -> str:
    after = page_text.split(heading, 1)[1]
    return after.split(next_heading, 1)[0] if next_heading else after


def test_builds_with_no_warning_no_broken_link_and_no_trace_of_the_example(wales_site):
    assert broken_links(wales_site, SUBPATH_URL) == []
    for path in wales_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".ics"):
            assert "redditch" not in path.read_text(errors="replace").lower(), path


def test_the_plan_is_called_what_the_partnership_calls_it(wales_site):
    strategy = text(wales_site, "strategy")
    assert "Read the well-being plan" in strategy
    assert "Our well-being objectives" in strategy
    # A report card is introduced in the plan's words too (the check below covers it).
    assert "This well-being objective's measures are an Outcome Based Accountability report card" in strategy
    assert "Is anyone better off?" in strategy
    assert "Our well-being objectives" in text(wales_site, "")  # the home page
    menu = (wales_site / "index.html").read_text()
    assert re.search(r'href="strategy/"[^>]*>\s*(<[^>]+>\s*)*Well-being plan\s*<', menu)
    assert not re.search(r">\s*Strategy\s*<", menu)
    assert "Well-being objectives: Healthy lives for everyone" in text(wales_site, "news/2026-03-01-smoking-falls")
    for path in wales_site.rglob("*.html"):
        page = path.relative_to(wales_site).as_posix()
        if page.startswith(HAND_WRITTEN):
            continue
        html = path.read_text()
        assert "Sustainable Community Strategy" not in html, page
        assert not re.search(r"\bpriorit", html, re.I), page


def test_an_earlier_plan_keeps_its_own_outcomes_and_news_can_point_to_them(wales_site):
    strategy = text(wales_site, "strategy")
    earlier = section(strategy, "Outcomes of Deg Single Integrated Plan 2013 to 2017", "Other topics")
    assert "People in Deg are healthier" in earlier
    theme = text(wales_site, "news/themes/deg-healthier")
    assert "one of the outcomes of Deg Single Integrated Plan 2013 to 2017, newest first" in theme
    assert "well-being objective" not in theme
    assert "Heart health in Deg improves" in theme
    item = text(wales_site, "news/2016-05-01-heart-health")
    # An earlier plan's outcome is named as that plan's, not as one of today's objectives.
    assert "Outcomes of Deg Single Integrated Plan 2013 to 2017: People in Deg are healthier" in item
    assert "Well-being objectives" not in item


def test_news_and_events_can_be_tagged_with_a_topic_or_an_objective(wales_site):
    topic = text(wales_site, "news/themes/the-board")
    assert "News about The board itself" in topic and "Fewer people smoke in Afon" in topic
    assert "no news about this topic" not in topic
    # Tagged with an objective and a topic, each is called what it is.
    for page in ("events/2026-12-08-board-meeting", "news/2026-03-01-smoking-falls"):
        tagged = text(wales_site, page)
        assert "Well-being objectives: Healthy lives for everyone Topics: The board itself" in tagged, page
    objective = text(wales_site, "news/themes/healthy-lives")
    assert "Meetings and events about this well-being objective" in objective
    assert "Public Services Board meeting" in objective


def test_the_structure_is_as_it_is_now_with_proposed_and_former_groups_apart(wales_site):
    page = text(wales_site, "structure")
    now = section(page, "Who reports to whom", "Proposed groups")
    proposed = section(page, "Proposed groups", "Former groups")
    former = section(page, "Former groups")
    assert "Healthy Lives Partnership" in now
    assert "Older People's Group (Theme group, merging into Healthy Lives Partnership in April 2027)" in now
    assert "Climate Ready Group (Theme group, to start in 2027, to report to Afon and Deg Public Services Board)" in proposed
    assert "Climate Ready Group" not in now
    proposed_page = text(wales_site, "structure/climate-group")
    assert "Status: Proposed, to start in 2027" in proposed_page
    assert "Will report to: Afon and Deg Public Services Board" in proposed_page
    assert "Deg Local Service Board (Board, dissolved in March 2016, replaced by Afon and Deg Public Services Board)" in former
    assert "Well-being Assessment Group (Task and finish group, dissolved in May 2022)" in former
    for gone in ("Deg Local Service Board", "Well-being Assessment Group"):
        assert gone not in now and gone not in proposed


def test_a_former_body_says_what_replaced_it_and_its_successor_what_it_took_over(wales_site):
    gone = text(wales_site, "structure/deg-lsb")
    assert "Status: Dissolved in March 2016" in gone
    assert "Replaced by: Afon and Deg Public Services Board" in gone
    board = text(wales_site, "structure/psb")
    assert "Took over from: Deg Local Service Board" in board
    assert "Formerly: Afon Local Service Board (until March 2016)" in board
    assert "Former groups that reported to it Well-being Assessment Group (dissolved in May 2022)" in board


def test_a_reporting_line_changes_with_the_date(wales_site, tmp_path):
    from partnership.build import build_site

    group = text(wales_site, "structure/healthy-lives")
    assert "Reports to: Afon and Deg Public Services Board" in group
    assert "Deg Local Service Board, from 2014, until March 2016" in group
    assert "Afon and Deg Public Services Board, from April 2016" in group
    earlier = build_site(WALES_DATA, SUBPATH_URL, dt.date(2015, 6, 1))
    page = next(f.content for f in earlier.files if f.path == "structure/healthy-lives.md")
    assert "**Reports to:** [Deg Local Service Board](deg-lsb.md)" in page


def test_who_sits_where(wales_site):
    board = text(wales_site, "structure/psb")
    assert "Vice-chair: Chief Executive of Hywel Valley University Health Board" in board
    statutory = section(board, "Statutory members", "Invited participants")
    invited = section(board, "Invited participants", "Groups that report to it")
    assert "Leader, Deg County Borough Council" in statutory and "Chief Fire Officer" in statutory
    assert "MPs (2)" in invited and "Chief Constable, Afon and Deg Police" in invited
    assert "Chief Constable" not in statutory
    group = text(wales_site, "structure/healthy-lives")
    assert "Objectives Fewer people smoke in both counties More children walk or cycle to school" in group


def test_the_partnership_with_two_host_councils_a_former_name_and_officers(wales_site):
    about = text(wales_site, "about")
    assert "Hosted by: Afon County Council and Deg County Borough Council" in about
    assert "Formerly: Afon Local Service Board (until March 2016)" in about
    assert "Took over from: Deg Local Service Board" in about
    assert "Vice-chair: Chief Executive of Hywel Valley University Health Board" in about
    assert "Lead officer: Head of Policy, Afon County Council" in about
    assert "Scrutinised by: Afon and Deg Joint Scrutiny Committee" in about
    assert 'href="https://www.afon.example.org/scrutiny/"' in (wales_site / "about" / "index.html").read_text()


def test_a_board_that_is_no_local_strategic_partnership_is_not_sent_to_read_about_one(wales_site):
    for page in ("about", ""):
        assert "local strategic partnership" not in text(wales_site, page).lower(), page
        assert "what-is-an-lsp" not in (wales_site / page / "index.html").read_text().split("<article", 1)[1], page


def test_partners_are_grouped_by_the_sectors_of_uk_public_life(wales_site):
    page = text(wales_site, "partners")
    headings = re.findall(r"<h2[^>]*>(.*?)<", (wales_site / "partners" / "index.html").read_text())
    assert [unescape(h) for h in headings] == [
        "Public sector", "Voluntary sector", "Parish and town councils", "Health services",
        "Police", "Fire and rescue services", "Business"]
    assert "One Voice Afon (town and community councils)" in page


def test_a_partnership_that_was_replaced_says_so(tmp_path):
    import shutil

    from partnership.build import build_site

    data = tmp_path / "data"
    shutil.copytree(WALES_DATA, data)
    about = data / "partnership.yml"
    about.write_text(about.read_text() + "status: dissolved\nended: 2024-03\n"
                     "replaced_by:\n  name: Afon Regional Partnership Board\n"
                     "  url: https://www.afon-region.example.org/\n")
    pages = {f.path: f.content for f in build_site(data, SUBPATH_URL, dt.date(2026, 11, 23)).files}
    page = pages["about/index.md"]
    assert "**Status:** Dissolved in March 2024" in page
    assert "**Replaced by:** [Afon Regional Partnership Board](https://www.afon-region.example.org/)" in page
    # The home page says so first, so nobody takes it for a body still at work.
    home = pages["index.md"]
    assert home.index('!!! note "This partnership has ended"') < home.index("Next public meeting")
    assert "was dissolved in March 2024. Its work passed to " \
           "[Afon Regional Partnership Board](https://www.afon-region.example.org/)." in home


def test_accessibility_statement_with_no_email_gives_the_postal_address(wales_site):
    # The sources give the board no shared email, so none is invented: the statement gives
    # the way they do give to ask for another format.
    statement = text(wales_site, "accessibility")
    assert ("email" not in section(statement, "If you need information on this website in a different format",
                                   "Tell us"))
    assert ("write to the Public Services Board support team, County Hall, Stryd y Castell, Afon, AF1 1AA"
            in statement)



def test_a_glossary_with_no_terms_says_so_instead_of_introducing_none(wales_site):
    glossary = text(wales_site, "glossary")
    assert "There are no words or abbreviations to explain yet." in glossary
    assert "hover over it" not in glossary
