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
from partnership.build import OutputFile, PendingFiles, build_site

TODAY = dt.date(2026, 11, 23)
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the second process is used on Linux only")


def _pids():
    yield os.getpid()
    yield os.getpid()


@linux_only
def test_work_runs_in_another_process_and_comes_back_item_by_item():
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
def test_a_failure_in_the_second_process_is_reported_with_its_cause():
    job = Apart(_fails_after_one)
    assert job.forked
    assert next(job) == 1
    with pytest.raises(RuntimeError, match="ZeroDivisionError: the cause"):
        next(job)


def _slow():
    __import__("time").sleep(60)
    yield None


@linux_only
def test_an_abandoned_job_leaves_no_process_behind():
    job = Apart(_slow)
    pid = job._pid
    job.abandon()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize("data", [EXAMPLE_DATA, OTHER_DATA], ids=["example", "other"])
def test_files_made_apart_are_the_very_same_files(data):
    together = build_site(data, SUBPATH_URL, TODAY)
    apart = build_site(data, SUBPATH_URL, TODAY, apart=True)
    assert apart.pending is not None and apart.pending.job.forked == (sys.platform == "linux")
    # Only copied files are ready at once; pages, feeds and calendars come as they are made.
    assert all(f.copy_from for f in apart.files)
    assert "index.md" in apart.pending.paths and "feeds/news.xml" in apart.pending.paths
    made = {f.path: f.content for f in together.all_files()}
    assert {f.path: f.content for f in apart.all_files()} == made
    assert any(p.endswith(".ics") for p in made) and "feeds/news.xml" in made


def test_files_come_in_any_order_asked_and_a_plan_that_disagrees_is_caught():
    build = build_site(EXAMPLE_DATA, SUBPATH_URL, TODAY, apart=True)
    last, first = build.pending.paths[-1], build.pending.paths[0]
    assert last.startswith("feeds/") and first.endswith(".md")
    assert build.pending.content(last) and build.pending.content(first).startswith("---")
    wrong = PendingFiles(("a.md",), Apart(lambda: iter([OutputFile("b.md", "x")])))
    with pytest.raises(RuntimeError, match="expected a.md next, got b.md"):
        wrong.content("a.md")


def test_a_published_build_does_not_load_the_feed_libraries_itself():
    # What makes the second process worth having: MkDocs's process skips their import.
    code = ("import sys, datetime as dt; from partnership.build import build_site; "
            f"b = build_site({str(EXAMPLE_DATA)!r}, 'https://x.example/', dt.date(2026, 11, 23), apart=True); "
            "loaded = [m for m in ('feedgen', 'icalendar', 'lxml') if m in sys.modules]; "
            "files = b.all_files(); print(loaded, len(files))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    loaded, count = run.stdout.rsplit(" ", 1)
    assert int(count) > 50
    if sys.platform == "linux":
        assert loaded == "[]", loaded
