"""Pages kept on disk between builds (.cache/kept-pages.json): a build that finds them must
write exactly what a build without them writes, and follow every edit since."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from conftest import OTHER_DATA
from partnership import pages, templating
from partnership.build import build_site
from partnership.outputs import Kept

URL = "https://www.example.org/partnership/"
TODAY = dt.date(2026, 11, 23)
ITEM = "news/2026-01-15-winter-update.md"


@pytest.fixture
def data(tmp_path):
    shutil.copytree(OTHER_DATA, tmp_path / "data")
    return tmp_path / "data"


def _pages(data, kept=None, templates=None, monkeypatch=None) -> dict[str, str]:
    # As a new process would: nothing remembered in memory from an earlier build.
    monkeypatch.setattr(pages, "_KEPT", Kept())
    return {f.path: f.content for f in build_site(data, URL, TODAY, templates, kept).files
            if f.path.endswith(".md")}


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_kept_pages_are_what_a_fresh_build_writes_after_every_kind_of_edit(data, tmp_path, monkeypatch):
    kept = tmp_path / "kept.json"
    first = _pages(data, kept, monkeypatch=monkeypatch)
    assert kept.is_file() and first == _pages(data, monkeypatch=monkeypatch)

    # The item itself, a fact every page shows, and a glossary term that pages mark up.
    _edit(data / "news" / "2026-01-15-winter-update.yml", "title: Winter update", "title: Winter news")
    _edit(data / "partnership.yml", "name:", "name: New")
    _edit(data / "glossary.yml", "expansion: Community Partnership", "expansion: Community Panel")
    again = _pages(data, kept, monkeypatch=monkeypatch)
    assert again == _pages(data, monkeypatch=monkeypatch)
    assert "# Winter news" in again[ITEM] and "Community Panel" in again[ITEM]

    # A council's own copy of the item's template.
    ours = tmp_path / "ours"
    ours.mkdir()
    core = (templating.CORE_TEMPLATES / "news-item.md").read_text(encoding="utf-8")
    (ours / "news-item.md").write_text(core.replace("All news", "Every story"), encoding="utf-8")
    mine = _pages(data, kept, ours, monkeypatch=monkeypatch)
    assert "Every story" in mine[ITEM] and "All news" not in mine[ITEM]


def test_kept_pages_are_used_only_with_the_code_that_wrote_them(data, tmp_path, monkeypatch):
    kept = tmp_path / "kept.json"
    right = _pages(data, kept, monkeypatch=monkeypatch)
    stale = {key: "a page from older code" for key in json.loads(kept.read_text(encoding="utf-8"))}
    kept.write_text(json.dumps(stale), encoding="utf-8")
    # With the same code the kept text is used as it is (so this test can see the store)...
    assert _pages(data, kept, monkeypatch=monkeypatch)[ITEM] == "a page from older code"
    # ... and once the code has changed, never.
    templating.code_version.cache_clear()
    monkeypatch.setattr(templating, "code_version", lambda: "other code")
    monkeypatch.setattr(pages, "code_version", lambda: "other code")
    assert _pages(data, kept, monkeypatch=monkeypatch) == right


def test_a_kept_pages_file_that_cannot_be_read_is_only_a_slower_build(data, tmp_path, monkeypatch):
    right = _pages(data, monkeypatch=monkeypatch)
    broken = tmp_path / "kept.json"
    broken.write_text('{"half a fi', encoding="utf-8")
    assert _pages(data, broken, monkeypatch=monkeypatch) == right
    assert json.loads(broken.read_text(encoding="utf-8"))  # written afresh
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert _pages(data, folder, monkeypatch=monkeypatch) == right  # neither read nor written
