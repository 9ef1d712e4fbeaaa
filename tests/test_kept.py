"""What a build keeps on disk for the next (.cache/kept/: what was found in each data file,
and the pages that grow with the items): a build that finds it must write exactly what a
build without it writes, and follow every edit since."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from conftest import OTHER_DATA
from partnership import load, outputs, pages, templating
from partnership.build import build_site
from partnership.outputs import Kept
from partnership.problems import DataError

URL = "https://www.example.org/partnership/"
TODAY = dt.date(2026, 11, 23)
ITEM = "news/2026-01-15-winter-update.md"


@pytest.fixture
def data(tmp_path):
    shutil.copytree(OTHER_DATA, tmp_path / "data")
    return tmp_path / "data"


def _outputs(data, kept=None, templates=None, monkeypatch=None) -> dict[str, str]:
    # As a new process would: nothing remembered in memory from an earlier build.
    monkeypatch.setattr(pages, "_KEPT", Kept())
    for memo in (load._PARSED, load._FOUND, load._SIGNED):
        memo.clear()
    return {f.path: f.content for f in build_site(data, URL, TODAY, templates, kept).files
            if isinstance(f.content, str)}


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_what_is_kept_gives_what_a_fresh_build_writes_after_every_kind_of_edit(data, tmp_path, monkeypatch):
    kept = tmp_path / "kept"
    first = _outputs(data, kept, monkeypatch=monkeypatch)
    assert (kept / "pages.json").is_file() and (kept / "checked.pickle").is_file()
    assert first == _outputs(data, monkeypatch=monkeypatch)
    assert _outputs(data, kept, monkeypatch=monkeypatch) == first

    # The item itself, a fact every page shows, and a glossary term that pages mark up.
    _edit(data / "news" / "2026-01-15-winter-update.yml", "title: Winter update", "title: Winter news")
    _edit(data / "partnership.yml", "name:", "name: New")
    _edit(data / "glossary.yml", "expansion: Community Partnership", "expansion: Community Panel")
    again = _outputs(data, kept, monkeypatch=monkeypatch)
    assert again == _outputs(data, monkeypatch=monkeypatch)
    assert "# Winter news" in again[ITEM] and "Community Panel" in again[ITEM]
    assert "Winter news" in again["feeds/news.xml"]

    # A council's own copy of the item's template.
    ours = tmp_path / "ours"
    ours.mkdir()
    core = (templating.CORE_TEMPLATES / "news-item.md").read_text(encoding="utf-8")
    (ours / "news-item.md").write_text(core.replace("All news", "Every story"), encoding="utf-8")
    mine = _outputs(data, kept, ours, monkeypatch=monkeypatch)
    assert "Every story" in mine[ITEM] and "All news" not in mine[ITEM]


def test_a_mistake_made_since_is_found_though_the_file_was_kept_when_it_was_right(data, tmp_path, monkeypatch):
    kept = tmp_path / "kept"
    _outputs(data, kept, monkeypatch=monkeypatch)
    _edit(data / "news" / "2026-01-15-winter-update.yml", "date: 2026-01-15", "date: 2026-02-30")
    with pytest.raises(DataError) as caught:
        _outputs(data, kept, monkeypatch=monkeypatch)
    assert "2026-01-15-winter-update.yml, line 2" in caught.value.report()

    # A file kept unchanged, made wrong by an edit elsewhere: its message still names the line.
    _edit(data / "news" / "2026-01-15-winter-update.yml", "date: 2026-02-30", "date: 2026-01-15")
    _outputs(data, kept, monkeypatch=monkeypatch)
    _edit(data / "strategy.yml", "id: green-spaces", "id: parks")
    with pytest.raises(DataError) as caught:
        _outputs(data, kept, monkeypatch=monkeypatch)
    assert "2026-07-01-fish-and-chips.yml, line 8" in caught.value.report()
    assert "no priority with the id 'green-spaces'" in caught.value.report()


def test_what_is_kept_is_used_only_with_the_code_that_kept_it(data, tmp_path, monkeypatch):
    kept = tmp_path / "kept"
    right = _outputs(data, kept, monkeypatch=monkeypatch)
    stale = {key: "a page from older code" for key in json.loads((kept / "pages.json").read_text(encoding="utf-8"))}
    (kept / "pages.json").write_text(json.dumps(stale), encoding="utf-8")
    # With the same code the kept text is used as it is (so this test can see the store)...
    assert _outputs(data, kept, monkeypatch=monkeypatch)[ITEM] == "a page from older code"
    # ... and once the code has changed, never.
    for module in (outputs, pages, load):
        monkeypatch.setattr(module, "code_version", lambda: "other code")
    assert _outputs(data, kept, monkeypatch=monkeypatch) == right


def test_kept_files_that_cannot_be_read_only_make_a_slower_build(data, tmp_path, monkeypatch):
    right = _outputs(data, monkeypatch=monkeypatch)
    broken = tmp_path / "kept"
    broken.mkdir()
    (broken / "pages.json").write_text('{"half a fi', encoding="utf-8")
    (broken / "checked.pickle").write_bytes(b"\x80\x05half a file")
    assert _outputs(data, broken, monkeypatch=monkeypatch) == right
    assert json.loads((broken / "pages.json").read_text(encoding="utf-8"))  # written afresh
    assert _outputs(data, broken, monkeypatch=monkeypatch) == right
    a_file = tmp_path / "a-file"
    a_file.write_text("", encoding="utf-8")
    assert _outputs(data, a_file, monkeypatch=monkeypatch) == right  # neither read nor written
