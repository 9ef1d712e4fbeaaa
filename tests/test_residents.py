"""The example site as residents use it, in a real browser: axe finds nothing on a phone,
nothing scrolls sideways, text spacing hides nothing, every control is big enough and does
something, the home page shows what residents come for without scrolling, and the tasks they
come for take two clicks.

Uses Debian's Chromium through Playwright, like test_browser.py, and the same served site.
"""

from __future__ import annotations

import re

import pytest

from conftest import EXAMPLE_DATA, mkdocs_build
from serve import serve
from test_browser import _open, _page_urls, axe_violations, served  # noqa: F401 (served is a fixture)

NARROW = {"width": 320, "height": 640}
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}

# WCAG 1.4.12: content must survive this spacing set by the reader.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""

# Wider than the screen, outside any labelled scroll region that a keyboard can reach.
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return [...document.querySelectorAll("body *")].filter(e => {
    const r = e.getBoundingClientRect();
    if (r.right <= width + 1 || r.width === 0) return false;
    const region = e.closest('[tabindex="0"][aria-label], [tabindex="0"][aria-labelledby]');
    return !region && !e.closest(".md-sidebar, .md-search");
  }).slice(0, 5).map(e => `${e.tagName}.${e.className} ends at ${Math.round(e.getBoundingClientRect().right)}px`);
}"""

# Elements on screen that cut their own text short (overflow hidden or clip).
CLIPPED = """() => {
  const out = [];
  for (const e of document.querySelectorAll("body *")) {
    const s = getComputedStyle(e);
    const x = ["hidden", "clip"].includes(s.overflowX), y = ["hidden", "clip"].includes(s.overflowY);
    if (!(x || y) || s.visibility === "hidden" || !e.textContent.trim()) continue;
    const r = e.getBoundingClientRect();
    // Off-canvas panels and visually hidden text (1 px boxes) are not shown to anyone.
    if (r.width <= 1 || r.height <= 1 || r.right <= 0 || r.left >= innerWidth) continue;
    if ((x && e.scrollWidth > e.clientWidth + 1) || (y && e.scrollHeight > e.clientHeight + 1))
      out.push(`${e.tagName}.${e.className} "${e.textContent.trim().slice(0, 30)}"`);
  }
  return out;
}"""

# Controls on screen smaller than 24 x 24 px. Links in running text are exempt (WCAG 2.5.8).
SMALL = """() => {
  const out = [];
  for (const e of document.querySelectorAll(
      "button, input:not([type=hidden]), select, textarea, summary, [role=button], a[href]")) {
    const s = getComputedStyle(e);
    if (s.visibility === "hidden" || !e.getClientRects().length) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= 0 || r.left >= innerWidth) continue;
    if (e.tagName === "A" && s.display === "inline") continue;
    if (e.closest(".md-sidebar") && !document.getElementById("__drawer").checked) continue;
    if (r.width < 24 || r.height < 24)
      out.push(`${e.tagName}.${e.className} "${e.textContent.trim().slice(0, 20)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return out;
}"""


def test_every_page_at_320px_passes_axe_reflows_with_text_spacing_and_has_big_enough_controls(served, browser):  # noqa: F811
    # One visit a page does axe's WCAG 2.2 AA checks at phone width (1280 px: test_browser.py)
    # and the reflow checks. 320 px and a 375 px phone get the same layout: every width at
    # which Material's CSS and JavaScript (min-width 30em, 45em, 60em, 76.25em; max-width
    # 29.98em and up) and docs/assets/partnership.css (44.94em and up) change it is above 375 px.
    base, site = served
    context, page, elsewhere = _open(browser, NARROW, axe=True)
    sideways, clipped, small, violations, checked = [], [], [], [], 0
    for url in _page_urls(base, site):
        page.goto(url, wait_until="load")
        sideways += [f"{url}: {e}" for e in page.evaluate(SIDEWAYS)]
        small += [f"{url}: {e}" for e in page.evaluate(SMALL)]
        violations += axe_violations(page, url, NARROW["width"])  # on the page as its author styled it
        page.add_style_tag(content=TEXT_SPACING)
        clipped += [f"{url}: {e}" for e in page.evaluate(CLIPPED)]
        sideways += [f"{url} with text spacing: {e}" for e in page.evaluate(SIDEWAYS)]
        checked += 1
    context.close()
    print(f"axe and reflow: {checked} pages at 320px; {len(violations)} axe violations, {len(sideways)} "
          f"sideways, {len(clipped)} clipped, {len(small)} small controls")
    assert checked > 40
    assert violations == []
    assert sideways == []
    assert clipped == []
    assert small == []
    assert elsewhere == []


def test_stacked_table_rows_keep_their_column_headings_at_320px(served, browser):  # noqa: F811
    base, _ = served
    context, page, _ = _open(browser, NARROW)
    page.goto(base + "strategy/")
    cell = page.locator("table tbody td").first
    assert cell.get_attribute("data-label") == "Measure"
    label = page.evaluate("getComputedStyle(document.querySelector('table tbody td'), '::before').content")
    assert label == '"Measure"'
    context.close()


HEADER_BUTTONS = "header button, header label.md-header__button, header [role=button]"
# Shown and pressable: it has a size, is not transparent, and nothing covers its middle.
SHOWN = """e => {
  const r = e.getBoundingClientRect();
  if (!r.width || !r.height || getComputedStyle(e).visibility === "hidden") return false;
  for (let n = e; n; n = n.parentElement) if (getComputedStyle(n).opacity === "0") return false;
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return !!top && (e === top || e.contains(top));
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_every_visible_header_button_does_something(served, browser, viewport):  # noqa: F811
    """Pressing it changes what is on the screen (the button itself masked) or the address."""
    base, _ = served
    context, page, _ = _open(browser, viewport)
    page.goto(base + "about/")
    count = page.locator(HEADER_BUTTONS).count()
    pressed = []
    for i in range(count):
        page.goto(base + "about/")
        button = page.locator(HEADER_BUTTONS).nth(i)
        if not button.evaluate(SHOWN):
            continue
        name = button.get_attribute("aria-label") or button.inner_text()
        page.mouse.move(viewport["width"] - 1, viewport["height"] - 1)
        page.wait_for_timeout(300)
        before = page.screenshot(mask=[button])
        button.click()
        page.mouse.move(viewport["width"] - 1, viewport["height"] - 1)
        page.wait_for_timeout(500)
        changed = page.url != base + "about/" or page.screenshot(mask=[button]) != before
        pressed.append((name, changed))
    context.close()
    print(f"header buttons at {viewport['width']}px: {pressed}")
    assert [name for name, changed in pressed if not changed] == []
    if viewport is PHONE:
        assert {name for name, _ in pressed} >= {"Open the menu", "Open search"}


# The example describes the partnership as it was in November 2011, with nothing coming up.
# A resident's tasks are tried on it as a live site would be: built today, with a public
# meeting and a consultation of the kind the partnership holds (test data, not the example's).
MEETING = """title: Redditch Partnership annual public meeting
kind: annual meeting
start: "2026-12-10 18:30"
end: "2026-12-10 20:30"
location: Town Hall, Walter Stranz Square, Redditch, B98 8AH
summary: The yearly meeting of the whole Redditch Partnership.
open_to_public: true
organiser: redditch-partnership
"""
CONSULTATION = """
  - id: web-pages-feedback
    title: Tell us what you think of these web pages
    opens: 2026-11-01
    closes: 2027-06-30
    summary: Are these pages easy to use?
    how_to_respond: Email the Redditch Partnership Manager at partnership@example.gov.uk.
    contact: Redditch Partnership Manager
"""


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """(base URL, built folder) of the example as a live site with something coming up."""
    import shutil

    root = tmp_path_factory.mktemp("live")
    data = root / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    facts = data / "partnership.yml"
    facts.write_text(re.sub(r"(?m)^as_of:.*$", "", facts.read_text(encoding="utf-8")), encoding="utf-8")
    (data / "events" / "2026-12-10-annual-public-meeting.yml").write_text(MEETING, encoding="utf-8")
    with (data / "consultations.yml").open("a", encoding="utf-8") as f:
        f.write(CONSULTATION)
    site = mkdocs_build(root / "www" / "partnership", data=data)
    with serve(root / "www") as base:
        yield f"{base}/partnership/", site


def test_home_page_shows_what_residents_come_for_without_scrolling_on_a_phone(live, browser):  # noqa: F811
    """At 375 x 812: the next public meeting (date, place, who can come), the open
    consultation with its closing date and how to respond, the latest news headline and
    every priority's status, each wholly on the first screen."""
    base, _ = live
    context, page, elsewhere = _open(browser, PHONE)
    page.goto(base)
    assert page.evaluate("scrollY") == 0

    def card(heading: str):
        return page.locator(".pship-home > ul > li").filter(has=page.get_by_role("heading", name=heading))

    def on_first_screen(locator) -> None:
        assert locator.count() > 0, locator
        for i in range(locator.count()):
            box = locator.nth(i).bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (locator, box)

    meeting = card("Next public meeting")
    on_first_screen(meeting.get_by_role("link", name="Redditch Partnership annual public meeting"))
    on_first_screen(meeting.get_by_text("10 December 2026, 6:30pm to 8:30pm"))
    on_first_screen(meeting.get_by_text("Town Hall, Walter Stranz Square"))
    on_first_screen(meeting.get_by_text("Open to the public: anyone can come."))

    consultation = card("Have your say")
    on_first_screen(consultation.get_by_text("Tell us what you think of these web pages"))
    on_first_screen(consultation.get_by_text("closes 30 June 2027"))
    on_first_screen(consultation.get_by_role("link", name="How to respond"))

    news = card("Latest news")
    on_first_screen(news.get_by_role("link", name="First six-monthly review of the partnership by scrutiny councillors"))

    priorities = card("Our priorities")
    on_first_screen(priorities.get_by_role("link"))
    tags = priorities.locator(".pship-tag")
    assert tags.count() == 4
    on_first_screen(tags)
    assert tags.all_inner_texts() == ["1 off track", "1 off track", "No measures published yet",
                                      "No measures published yet"]
    context.close()
    assert elsewhere == []


def test_home_page_shows_the_lead_picture_and_subscribe_links_the_email_alerts(tmp_path, browser):
    """The second partnership's latest news item has a picture: the home page shows it, from
    this site. Its data names an email alert service, which the Subscribe page links to."""
    from conftest import OTHER_DATA, mkdocs_build
    from serve import serve

    mkdocs_build(tmp_path / "partnership", data=OTHER_DATA)
    with serve(tmp_path) as base:
        context, page, elsewhere = _open(browser, PHONE)
        page.goto(f"{base}/partnership/")
        picture = page.locator(".pship-home img.pship-card-picture")
        assert picture.count() == 1
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
        assert picture.get_attribute("alt")
        # Its data names an email alert service: the Subscribe page links to it.
        page.goto(f"{base}/partnership/subscribe/")
        assert page.get_by_role("link", name="Sign up for email alerts").get_attribute("href") == \
            "https://www.example.org/email-alerts"
        context.close()
    assert elsewhere == []


# The seven tasks residents came to the site for, tried on a phone. Each is a route from the
# home page: the visible text of each link followed (none for an answer on the home page
# itself), then text the page reached must show.
TASKS = {
    "the next public meeting": (["Redditch Partnership annual public meeting"],
                                ["10 December 2026, 6:30pm to 8:30pm", "Town Hall, Walter Stranz Square",
                                 "Open to the public: yes, anyone can come"]),
    "who chairs the board": (["Who sits on what", "Redditch Partnership Management Board"],
                             ["Chair", "Leader of Redditch Borough Council"]),
    "how to answer the consultation": (["How to respond"],
                                       ["Tell us what you think of these web pages", "How to respond",
                                        "Email the Redditch Partnership Manager", "30 June 2027"]),
    "what was promised and what was done": (["What was promised and what was done"],
                                            ["Standing commitments", "Scrutiny recommendations", "Done"]),
    "getting the news": (["Get the news"], ["By email", "With a feed", "feeds/news.xml"]),
    "the priorities and how each is doing": ([], ["Our priorities", "Raising educational standards",
                                                  "1 off track", "No measures published yet"]),
    "a 2011 news story": (["All news", "Partnership Conference launches the new Sustainable Community Strategy"],
                          ["16 June 2011", "Redditch Partnership Conference 2011"]),
}


@pytest.mark.parametrize("task", TASKS)
def test_a_resident_on_a_phone_finds_each_answer_within_two_clicks(live, browser, task):
    base, _ = live
    route, answers = TASKS[task]
    assert len(route) <= 2
    context, page, elsewhere = _open(browser, PHONE)
    page.goto(base)
    for text in route:
        # The link as a resident sees it: in the page's content, by its visible words.
        link = page.locator("article").get_by_role("link", name=text, exact=True).first
        assert link.is_visible(), f"{task}: no link '{text}' on {page.url}"
        link.click()
        page.wait_for_load_state("load")
    shown = re.sub(r"\s+", " ", page.locator("article").inner_text())
    missing = [a for a in answers if a not in shown]
    print(f"{task}: {len(route)} click(s), at {page.url[len(base) - 1:]}")
    context.close()
    assert missing == [], f"{task}: {page.url} does not show {missing}"
    assert elsewhere == []


def test_news_and_its_event_and_a_document_and_its_meeting_link_each_other(tmp_path):
    """A news item's `event` links both ways; an event's agenda names the meeting on the
    Documents page; a reference to an event that does not exist is a mistake in the data."""
    import datetime as dt
    import shutil

    from conftest import OTHER_DATA, SUBPATH_URL
    from partnership.build import build_site
    from partnership.load import DataError, load_site

    data = tmp_path / "d"
    shutil.copytree(OTHER_DATA, data)
    news = data / "news" / "2026-01-15-winter-update.yml"
    news.write_text(news.read_text() + "event: 2026-12-10-board-meeting\n")
    event = data / "events" / "2026-12-10-board-meeting.yml"
    event.write_text(event.read_text() + "agenda: constitution\n")
    built = {f.path: f.content for f in build_site(data, SUBPATH_URL, dt.date(2026, 11, 23)).files}
    assert "This is about the event [Partnership Board meeting](../events/2026-12-10-board-meeting.md)" \
        in built["news/2026-01-15-winter-update.md"]
    page = built["events/2026-12-10-board-meeting.md"]
    assert "## News about this event" in page and "(../news/2026-01-15-winter-update.md)" in page
    assert "For the meeting: [Partnership Board meeting](../events/2026-12-10-board-meeting.md)" \
        in built["documents/index.md"]

    news.write_text(news.read_text().replace("event: 2026-12-10-board-meeting", "event: 2026-12-10-board-meting"))
    with pytest.raises(DataError) as raised:
        load_site(data, dt.date(2026, 11, 23))
    assert "there is no event with the id '2026-12-10-board-meting'" in str(raised.value.problems)
    assert "did you mean '2026-12-10-board-meeting'?" in str(raised.value.problems)
