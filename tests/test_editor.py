"""The browser editor as a comms officer uses it, on this computer (`make edit`).

Runs the editor's local mode, the editor page and the preview on 127.0.0.1 against a copy
of the small example, drives Debian's Chromium through the form, and reads the files the
form saved. Any request to another website is refused and reported. Every wait is bounded,
and everything started here is stopped at the end.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import shutil
import threading
import time
import typing
from pathlib import Path

import pytest
import yaml

from conftest import OTHER_DATA, TODAY, block_other_websites
from partnership import model as m
from partnership.edit import BUNDLE, SERVER, free_port, running, write_editor_page
from partnership.load import load_site
from serve import get_text

WAIT_MS = 20_000


def _wait_for(page, check, what: str, seconds: float = 30):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        # Not time.sleep: Playwright hands over the page's events (the requests that
        # block_other_websites notes among them) only while it has control.
        page.wait_for_timeout(200)
    raise AssertionError(f"timed out waiting for {what}")


def _require_editor() -> None:
    # `make test` does not install the editor yet; `make edit` does.
    for path in (SERVER, BUNDLE / "decap-cms.js"):
        if not path.is_file():
            pytest.fail(f"The editor is not installed ({path}); run `npm ci --prefix editor` or `make edit`")


@pytest.fixture(scope="module")
def local_mode(tmp_path_factory):
    _require_editor()
    content = tmp_path_factory.mktemp("repository")
    shutil.copytree(OTHER_DATA, content / "partnership_data")
    with running(free_port(), free_port(), free_port(), content=content,
                 log=content.parent / "edit.log", today=TODAY) as where:
        yield content, where


def _new_news_item(page, where, title: str, when: str, summary: str) -> None:
    """Open the form for a new news item and fill in its title, date and summary."""
    page.goto(where.editor + "#/collections/news/new")
    page.get_by_label(_name("Title")).fill(title)
    page.locator("input[id^=date-field-]").fill(when)
    page.get_by_label(_name("Summary")).fill(summary)


def _upload_picture(page, name: str) -> None:
    """A new picture, uploaded through the form's picture library (which then has it selected)."""
    page.get_by_role("button", name="Choose an image").click()
    page.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "image/png", "buffer": (OTHER_DATA / "images" / "park.png").read_bytes()})
    page.get_by_role("button", name="Choose selected").click()


# What the editor asks before leaving a form with unsaved changes: yes, as an officer moving on.
# Any other question is answered no, as Playwright does by default.
LEAVE = "Are you sure you want to leave this page?"


@pytest.fixture(scope="module")
def signed_in(browser, local_mode):
    """One signed-in editor page for the tests of this file: the editor (5 MB of script, sent
    uncached) loads and signs in once, not once a test."""
    content, where = local_mode
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London",
                                  viewport={"width": 1280, "height": 1600})
    elsewhere = block_other_websites(context)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept() if dialog.message == LEAVE else dialog.dismiss())
    page.set_default_timeout(WAIT_MS)
    page.goto(where.editor)
    page.get_by_role("button", name="Login").click()
    page.get_by_role("link", name="News").first.wait_for()
    yield page, elsewhere
    context.close()


@pytest.fixture()
def officer(signed_in, local_mode):
    """The signed-in editor page, on the list of news (so a form left by an earlier test is
    closed, with its local copy deleted); fails the test if anything was asked of another website."""
    page, elsewhere = signed_in
    content, where = local_mode
    asked = len(elsewhere)
    page.goto(where.editor + "#/collections/news")
    page.locator('a[href="#/collections/news/new"]').wait_for()
    yield page, content, where
    assert not elsewhere[asked:], f"the editor asked other websites for: {elsewhere[asked:]}"


def _name(label: str) -> re.Pattern:
    """A field's label as the form shows it, which adds "(optional)" to fields that may be left out."""
    return re.compile(rf"^{re.escape(label)}( \(optional\))?$", re.IGNORECASE)


def _publish(page):
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()



def _news(content: Path) -> dict[str, dict]:
    """The news files as they are now; one the editor is still writing reads as empty."""
    found = {}
    for p in (content / "partnership_data" / "news").glob("*.yml"):
        try:
            found[p.name] = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError:
            found[p.name] = {}
    return found


def test_a_news_item_made_in_the_form_is_saved_checked_and_previewed(officer):
    page, content, where = officer
    before = set(_news(content))
    _new_news_item(page, where, "Park cafe reopens", "2026-11-20T10:30",
                   "The cafe in the park is open again after its repairs.")
    # The body in Markdown, as the hint describes it.
    page.locator("[role=switch]:not([id])").first.click()  # the body's "Rich Text / Markdown" switch
    page.locator("[data-slate-editor]").first.click()
    page.keyboard.type("Read more on [the council's parks page](https://www.example.gov.uk/parks).")
    _upload_picture(page, "cafe.png")
    page.get_by_label(_name("Alt text")).fill("The cafe's new front, with tables outside")
    _publish(page)
    added = _wait_for(page, lambda: {k for k, item in _news(content).items() if item.get("title")} - before,
                      "the new file")
    assert added == {"2026-11-20-park-cafe-reopens.yml"}
    saved = _news(content)["2026-11-20-park-cafe-reopens.yml"]
    assert saved["title"] == "Park cafe reopens"
    assert str(saved["date"]) == "2026-11-20 10:30"
    assert "[the council's parks page](https://www.example.gov.uk/parks)" in saved["body"]
    assert saved["image"] == {"file": "cafe.png", "alt": "The cafe's new front, with tables outside"}
    assert (content / "partnership_data" / "images" / "cafe.png").is_file()
    # Measured here: under a second. Ten allows for a slow CI machine.
    page_url = where.preview + "news/2026-11-20-park-cafe-reopens/"
    _wait_for(page, lambda: "Park cafe reopens" in get_text(page_url), "the item's page in the preview", 10)
    site = load_site(content / "partnership_data", dt.date.fromisoformat(TODAY))  # raises if check fails
    assert any(item.title == "Park cafe reopens" for item in site.news)


def test_changing_a_title_changes_only_the_title(officer):
    page, content, where = officer
    name = "2026-01-15-winter-update.yml"
    before = _news(content)[name]
    page.goto(where.editor + "#/collections/news/entries/2026-01-15-winter-update")
    title = page.get_by_label(_name("Title"))
    assert title.input_value() == "Winter update"
    title.fill("Winter update from the board")
    _publish(page)
    after = _wait_for(page, lambda: (n := _news(content)[name]).get("title") not in (None, "Winter update") and n, "the saved title")
    assert after == {**before, "title": "Winter update from the board"}


def test_a_required_field_left_empty_is_refused(officer):
    page, content, where = officer
    before = _news(content)
    page.goto(where.editor + "#/collections/news/new")
    page.get_by_label(_name("Title")).fill("No summary yet")
    page.locator("input[id^=date-field-]").fill("2026-11-21T09:00")
    _publish(page)
    page.get_by_text("is required", exact=False).first.wait_for()
    page.wait_for_timeout(1000)  # long enough for a save, had one been sent
    assert _news(content) == before


def test_a_choice_offers_exactly_the_models_choices(officer):
    page, content, where = officer
    page.goto(where.editor + "#/collections/events/new")
    page.get_by_label(_name("Kind")).click()
    options = page.get_by_role("option").all_inner_texts()
    assert options == list(typing.get_args(m.EventKind))


def test_a_picture_without_alt_text_is_refused(officer):
    page, content, where = officer
    before = _news(content)
    _new_news_item(page, where, "Picture with no description", "2026-11-22T09:00", "A summary.")
    page.locator("[data-slate-editor]").first.click()
    page.keyboard.type("A body.")
    _upload_picture(page, "bench.png")
    _publish(page)
    page.get_by_text("Image needs its alt text as well").wait_for()
    page.wait_for_timeout(1000)  # long enough for a save, had one been sent
    assert _news(content) == before
    assert not (content / "partnership_data" / "images" / "bench.png").exists()


def test_the_published_editor_page_loads_only_its_own_files(browser, tmp_path):
    # As on the live site at /admin/: no local mode there, so it asks the officer to sign in.
    _require_editor()
    out = tmp_path / "admin"
    write_editor_page(out)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    elsewhere = block_other_websites(context)
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        page.get_by_role("button", name="Login with GitHub").wait_for(timeout=WAIT_MS)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert not elsewhere, f"the editor asked other websites for: {elsewhere}"


def test_a_reference_is_chosen_from_the_other_files_items_by_name(officer):
    page, content, where = officer
    partners = yaml.safe_load((content / "partnership_data" / "partners.yml").read_text(encoding="utf-8"))
    page.goto(where.editor + "#/collections/news/new")
    page.get_by_label(_name("Partner")).click()
    page.get_by_role("option").first.wait_for()  # read from partners.yml after the click
    options = page.get_by_role("option").all_inner_texts()
    assert sorted(options) == sorted(p["name"] for p in partners["partners"])
