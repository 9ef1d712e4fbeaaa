"""The preview server as an editor uses it: save, look, make a mistake, see it, fix it.

Runs `mkdocs serve` on 127.0.0.1 only; every wait is bounded and the server is stopped
at the end whatever happens.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import OTHER_DATA, ROOT, TODAY
from serve import get_text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(check, what: str, seconds: float = 40) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@contextlib.contextmanager
def _preview_server(data: Path, ready: str):
    port = _free_port()
    env = dict(os.environ, PARTNERSHIP_DATA=str(data), PARTNERSHIP_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")
    # The command `make serve` runs; its log goes to a file, so a full pipe can never stall it.
    log = (data.parent / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload",
                               "-a", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/partnership/"
    try:
        _wait_for(lambda: ready in get_text(base), "the first build", 90)
        yield base, server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


@pytest.fixture
def preview(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    with _preview_server(data, "Aberhafren") as (base, server):
        yield base, data, server


def test_saved_edit_shows_everywhere_and_a_mistake_shows_in_the_browser(preview, browser):
    base, data, server = preview
    item = data / "news" / "2026-01-15-winter-update.yml"
    original = item.read_text()
    item.write_text(original.replace("title: Winter update", "title: Winter update from the preview"))

    _wait_for(lambda: "Winter update from the preview" in get_text(base + "news/2026-01-15-winter-update/"),
              "the edited item page")
    assert "Winter update from the preview" in get_text(base + "news/")
    assert "Winter update from the preview" in get_text(base)
    assert "Winter update from the preview" in get_text(base + "feeds/news.xml")
    index = json.loads(get_text(base + "search/search_index.json"))
    titles = [doc["title"] for doc in index["docs"] if doc["location"] == "news/2026-01-15-winter-update/"]
    assert titles == ["Winter update from the preview"]

    # An officer has the news page open in the browser and saves a mistake: the page
    # reloads by itself and shows the problem, over the last good version.
    page = browser.new_page()
    try:
        page.goto(base + "news/")
        item.write_text(original.replace("date: 2026-01-15", "date: 2026-01-45"))
        banner = page.get_by_role("alert").filter(has_text="2026-01-45 is not a real date")
        banner.wait_for(timeout=40_000)
        text = banner.inner_text()
        assert "news/2026-01-15-winter-update.yml, line" in text and "What to do:" in text
        assert "The preview is showing the last good version" in text
        assert page.get_by_role("link", name="Winter update from the preview").first.is_visible()
        assert server.poll() is None

        item.write_text(original)
        page.get_by_role("link", name="Winter update", exact=True).first.wait_for(timeout=40_000)
        assert page.locator(".pship-problems").count() == 0
    finally:
        page.close()
    assert json.loads(get_text(base + "preview-problems.json")) == []
    assert server.poll() is None


def test_a_preview_started_on_broken_data_says_what_is_wrong_until_it_is_fixed(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    item = data / "news" / "2026-01-15-winter-update.yml"
    original = item.read_text()
    item.write_text(original.replace("date: 2026-01-15", "date: 2026-01-45"))
    with _preview_server(data, "The preview cannot show the site yet") as (base, server):
        for page in ("", "news/", "editors-guide/"):  # every page, hand-written ones too
            text = get_text(base + page)
            assert "2026-01-45 is not a real date" in text and "What to do:" in text, page
            assert "news/2026-01-15-winter-update.yml, line 2" in text, page
        item.write_text(original)
        stand_in = "pship-problem-list"
        _wait_for(lambda: "Aberhafren" in get_text(base) and stand_in not in get_text(base), "the real site")
        assert "Winter update" in get_text(base + "news/")
        guide = get_text(base + "editors-guide/")
        assert "YAML in five minutes" in guide and stand_in not in guide
        assert json.loads(get_text(base + "preview-problems.json")) == []
        assert server.poll() is None


def _differences(full: Path, partial: Path) -> list[str]:
    """What a visitor to the preview would see differently from a full build of the same data."""
    found = []
    for f in sorted(p for p in full.rglob("*") if p.is_file()):
        rel = f.relative_to(full).as_posix()
        other = partial / rel
        if rel.startswith("sitemap.xml"):
            continue  # the preview's sitemap lists only the pages built that time; nobody reads it
        if not other.exists():
            found.append(f"missing: {rel}")
        elif rel == "search/search_index.json":
            if json.loads(f.read_text()) != json.loads(other.read_text()):
                found.append(f"different: {rel}")
        elif f.read_bytes() != other.read_bytes():
            found.append(f"different: {rel}")
    for f in partial.rglob("*.html"):
        if not (full / f.relative_to(partial)).exists():
            found.append(f"left behind: {f.relative_to(partial).as_posix()}")
    return found


def test_partial_preview_builds_show_the_same_as_full_builds(tmp_path):
    """The preview re-renders only what changed; after every kind of edit it must match a full build."""
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    env = dict(os.environ, PARTNERSHIP_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")
    helper = [sys.executable, str(ROOT / "tests" / "preview_build.py"), str(data)]
    partial = tmp_path / "partial"
    proc = subprocess.Popen(helper + [str(partial), "--dirty"], cwd=ROOT, env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    news, winter = data / "news", data / "news" / "2026-01-15-winter-update.yml"

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))

    edits = [
        ("an item's title", lambda: edit(winter, "title: Winter update", "title: Winter update, revised")),
        ("an item's body only", lambda: edit(winter, "agreed its plan", "agreed its plan & budget")),
        ("a new item", lambda: (news / "2026-02-01-spring-fair.yml").write_text(
            "title: Spring fair\ndate: 2026-02-01\nsummary: A fair in the park.\nbody: Come along.\n"
            "partner: coleg-aberhafren\n")),
        ("a partner renamed", lambda: edit(data / "partners.yml", "name: Coleg Aberhafren", "name: Coleg Newydd")),
        ("a meeting moved", lambda: edit(data / "events" / "2026-12-10-board-meeting.yml",
                                         'start: "2026-12-10 18:30"', 'start: "2026-12-10 19:00"')),
        ("the same title again, in capitals", lambda: edit(winter, "Winter update, revised", "WINTER update, revised")),
        ("an item deleted", lambda: (news / "2026-07-01-fish-and-chips.yml").unlink()),
        ("a glossary term", lambda: edit(data / "glossary.yml", "expansion: Community Partnership",
                                         "expansion: Our Community Partnership")),
    ]
    try:
        assert proc.stdout.readline() == "built\n"
        for number, (what, change) in enumerate(edits):
            change()
            proc.stdin.write("build\n")
            proc.stdin.flush()
            assert proc.stdout.readline() == "built\n", what
            full = tmp_path / f"full-{number}"
            subprocess.run(helper + [str(full)], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
            assert _differences(full, partial) == [], f"after {what}"
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
