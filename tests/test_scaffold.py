"""`python -m partnership new`: a valid draft in the right place, never a duplicate."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from conftest import EXAMPLE_DATA, TODAY, mkdocs_build
from partnership.model import PLACEHOLDERS

TITLE = "Caffi'r Parc & Gardd: spring update"
SLUG = "caffir-parc-gardd-spring-update"
KINDS = ["news", "event", "consultation", "document", "partner", "recommendation"]


def _new(data, kind, title=TITLE):
    return subprocess.run([sys.executable, "-m", "partnership", "new", kind, title, "--data", str(data),
                           "--today", TODAY], capture_output=True, text=True)


@pytest.fixture
def data(tmp_path):
    copy = tmp_path / "partnership_data"
    shutil.copytree(EXAMPLE_DATA, copy)
    # A council carrying the example on as a live site: no longer built as of its last day.
    settings = copy / "partnership.yml"
    settings.write_text(settings.read_text().replace("\nas_of: 2011-11-30\n", "\n"))
    return copy


@pytest.mark.parametrize("kind", KINDS)
def test_new_item_is_a_valid_draft_and_a_duplicate_is_refused(data, kind, tmp_path):
    run = _new(data, kind)
    assert run.returncode == 0, run.stderr
    path = re.search(r"(?:Started|end of) (\S+)", run.stdout).group(1)
    text = open(path).read()
    assert "draft: true" in text and "# yaml-language-server" in text
    if kind in ("news", "event"):
        assert path.endswith(f"{TODAY}-{SLUG}.yml")
    else:
        assert "Caffi'r Parc & Gardd" in text
    again = _new(data, kind)
    if kind == "recommendation":          # numbered, so the same text twice is allowed
        assert again.returncode == 0
    else:
        assert again.returncode == 1 and "already" in again.stderr and "Traceback" not in again.stderr


def test_an_unfinished_new_item_cannot_be_published(data):
    assert _new(data, "news").returncode == 0
    path = next((data / "news").glob(f"*-{SLUG}.yml"))
    path.write_text(path.read_text().replace("draft: true # Change to false", "draft: false # Change to false"))
    run = subprocess.run([sys.executable, "-m", "partnership", "check", "--data", str(data), "--today", TODAY],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "this still says 'Write the story here.'" in run.stderr, run.stderr


def test_all_new_items_published_build_without_a_warning(data, tmp_path):
    for kind in KINDS:
        assert _new(data, kind).returncode == 0
    for path in list(data.rglob("*.yml")):
        text = path.read_text()
        if "draft: true # Change to false" in text:
            # The editor fills in what `new` left to write, then publishes (unfinished items are refused).
            for placeholder in PLACEHOLDERS.values():
                text = text.replace(placeholder, "Filled in by the editor.")
            path.write_text(text.replace("draft: true # Change to false", "draft: false # Change to false"))
    site = mkdocs_build(tmp_path / "site", data=data)          # fails on any warning
    assert "spring update" in (site / "news" / f"{TODAY}-{SLUG}" / "index.html").read_text()
    assert (site / "events" / f"{TODAY}-{SLUG}" / "index.html").is_file()
    assert "spring update" in (site / "have-your-say" / "index.html").read_text()
    assert "spring update" in (site / "accountability" / "index.html").read_text()


def test_drafts_are_not_published(data, tmp_path):
    for kind in KINDS:
        assert _new(data, kind).returncode == 0
    site = mkdocs_build(tmp_path / "site", data=data)
    for path in site.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".ics"):
            assert "Gardd" not in path.read_text(), path


def test_new_refuses_when_the_data_already_has_a_mistake(data):
    (data / "glossary.yml").write_text("terms:\n  - term: X\n    defintion: y\n")
    run = _new(data, "partner")
    assert run.returncode == 1 and "Nothing was added" in run.stderr and "glossary.yml, line 3" in run.stderr
    assert "Gardd" not in (data / "partners.yml").read_text()
