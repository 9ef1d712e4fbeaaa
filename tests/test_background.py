"""Pages, feeds and calendars made in a second process: the same files, and failures reported."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading

import pytest

from conftest import EXAMPLE_DATA, OTHER_DATA, SUBPATH_URL
from partnership.background import Apart
from partnership.build import build_site
from partnership.load import load_site
from partnership.outputs import BuildApart, OutputFile, PendingFiles
from partnership.problems import DataError

TODAY = dt.date(2026, 11, 23)
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the second process is used on Linux only")


@pytest.fixture
def no_other_threads():
    """Forking is used only while this is the process's one thread: give threads left by
    earlier tests (a test web server's request threads) a moment to end."""
    import time

    for _ in range(100):
        if threading.active_count() == 1:
            return
        time.sleep(0.05)
    pytest.fail(f"threads still running: {threading.enumerate()}")


def _pids():
    yield os.getpid()
    yield os.getpid()


@linux_only
def test_work_runs_in_another_process_and_comes_back_item_by_item(no_other_threads):
    job = Apart(_pids)
    assert job.forked
    first, second = list(job)
    assert first == second != os.getpid()
    assert not job.forked  # the second process has ended and been waited for


def test_with_other_threads_running_the_work_stays_in_this_process():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        job = Apart(_pids)
        assert not job.forked
        assert list(job) == [os.getpid(), os.getpid()]
    finally:
        stop.set()
        other.join()


def _fails_after_one():
    yield 1
    raise ZeroDivisionError("the cause")


@linux_only
def test_a_failure_in_the_second_process_is_reported_with_its_cause(no_other_threads):
    job = Apart(_fails_after_one)
    assert job.forked
    assert next(job) == 1
    with pytest.raises(RuntimeError, match="ZeroDivisionError: the cause"):
        next(job)


def _slow():
    __import__("time").sleep(60)
    yield None


@linux_only
def test_an_abandoned_job_leaves_no_process_behind(no_other_threads):
    job = Apart(_slow)
    assert job.forked
    pid = job._pid
    job.abandon()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize("data", [EXAMPLE_DATA, OTHER_DATA], ids=["example", "other"])
def test_files_made_apart_are_the_very_same_files(data):
    together = build_site(data, SUBPATH_URL, TODAY)
    apart = BuildApart(data, SUBPATH_URL, TODAY).result()
    assert apart.site is None  # the data models stayed in the second process
    # Only copied files are ready at once; pages, feeds and calendars come as they are made.
    assert all(f.copy_from for f in apart.files)
    assert "index.md" in apart.pending.paths and "feeds/news.xml" in apart.pending.paths
    made = {f.path: f.content for f in together.all_files()}
    assert {f.path: f.content for f in apart.all_files()} == made
    assert any(p.endswith(".ics") for p in made) and "feeds/news.xml" in made
    # What MkDocs's process reads from the build besides the files.
    for name in ("theme", "warnings", "source_date", "placeholders", "abbreviations"):
        assert getattr(apart, name) == getattr(together, name), name


def test_a_mistake_found_in_the_second_process_comes_back_whole(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    path = data / "structure.yml"
    path.write_text(path.read_text().replace("type: board", "type: bored"))
    with pytest.raises(DataError) as here:
        load_site(data, TODAY)
    started = BuildApart(data, SUBPATH_URL, TODAY)
    with pytest.raises(DataError) as there:
        started.result()
    assert there.value.problems == here.value.problems
    assert "structure.yml, line 4" in there.value.report()


def test_files_come_in_any_order_asked_and_a_plan_that_disagrees_is_caught():
    build = BuildApart(EXAMPLE_DATA, SUBPATH_URL, TODAY).result()
    last, first = build.pending.paths[-1], build.pending.paths[0]
    assert last.startswith("feeds/") and first.endswith(".md")
    assert build.pending.content(last) and build.pending.content(first).startswith("---")
    build.all_files()
    assert not build.pending.job.forked  # every file taken: the second process has been let go
    wrong = PendingFiles(("a.md",), Apart(lambda: iter([OutputFile("b.md", "x")])))
    with pytest.raises(RuntimeError, match="expected a.md next, got b.md"):
        wrong.content("a.md")
    more = PendingFiles(("a.md",), Apart(lambda: iter([OutputFile("a.md", "x"), OutputFile("c.md", "y")])))
    with pytest.raises(RuntimeError, match="expected nothing more, got c.md"):
        more.content("a.md")


def test_a_published_build_loads_neither_the_data_models_nor_the_feed_libraries_itself():
    # What makes the second process worth having: MkDocs's process skips their import.
    heavy = ("pydantic", "yaml", "partnership.model", "partnership.pages", "feedgen", "icalendar", "lxml")
    code = ("import sys, datetime as dt; from pathlib import Path; from partnership.outputs import BuildApart; "
            f"b = BuildApart(Path({str(EXAMPLE_DATA)!r}), 'https://x.example/', dt.date(2026, 11, 23)).result(); "
            f"loaded = [m for m in {heavy!r} if m in sys.modules]; "
            "files = b.all_files(); print(loaded, len(files))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    loaded, count = run.stdout.rsplit(" ", 1)
    assert int(count) > 50
    if sys.platform == "linux":
        assert loaded == "[]", loaded
