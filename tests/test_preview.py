"""The preview server as an editor uses it: save, look, make a mistake, see it, fix it.

Runs `mkdocs serve` on 127.0.0.1 only; every wait is bounded and the server is stopped
at the end whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import OTHER_DATA, ROOT, TODAY


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode()
    except OSError:
        return ""


def _wait_for(check, what: str, seconds: float = 40) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def preview(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    port = _free_port()
    env = dict(os.environ, PARTNERSHIP_DATA=str(data), PARTNERSHIP_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}/partnership/"
    try:
        _wait_for(lambda: "Aberhafren" in _get(base), "the first build", 90)
        yield base, data, server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def test_saved_edit_shows_everywhere_and_a_mistake_shows_in_the_browser(preview):
    base, data, server = preview
    item = data / "news" / "2026-01-15-winter-update.yml"
    original = item.read_text()
    item.write_text(original.replace("title: Winter update", "title: Winter update from the preview"))

    _wait_for(lambda: "Winter update from the preview" in _get(base + "news/2026-01-15-winter-update/"),
              "the edited item page")
    assert "Winter update from the preview" in _get(base + "news/")
    assert "Winter update from the preview" in _get(base + "feeds/news.xml")
    index = json.loads(_get(base + "search/search_index.json"))
    titles = [doc["title"] for doc in index["docs"] if doc["location"] == "news/2026-01-15-winter-update/"]
    assert titles == ["Winter update from the preview"]

    item.write_text(original.replace("date: 2026-01-15", "date: 2026-01-45"))
    _wait_for(lambda: "2026-01-45 is not a real date" in _get(base + "news/"), "the problem in the browser")
    page = _get(base + "news/")
    assert "news/2026-01-15-winter-update.yml, line" in page and "What to do:" in page
    assert "Winter update from the preview" in page          # the last good pages stay viewable
    assert server.poll() is None

    item.write_text(original)
    _wait_for(lambda: "pship-problems" not in _get(base + "news/") and "Winter update<" in _get(base + "news/"),
              "the fixed page")
    assert server.poll() is None
