"""Feeds and calendars written in a second process: the same files, and failures reported."""

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

TODAY = dt.date(2026, 11, 23)
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the second process is used on Linux only")


@linux_only
def test_work_runs_in_another_process_and_comes_back():
    job = Apart(os.getpid)
    assert job.forked
    assert job.result() != os.getpid()
    assert job.result() == job.result()  # asked twice, handed over once


def test_with_other_threads_running_the_work_stays_in_this_process():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        job = Apart(os.getpid)
        assert not job.forked
        assert job.result() == os.getpid()
    finally:
        stop.set()
        other.join()


@linux_only
def test_a_failure_in_the_second_process_is_reported_with_its_cause():
    job = Apart(lambda: 1 / 0)
    assert job.forked
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        job.result()


@linux_only
def test_an_abandoned_job_leaves_no_process_behind():
    job = Apart(lambda: __import__("time").sleep(60))
    pid = job._pid
    job.abandon()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize("data", [EXAMPLE_DATA, OTHER_DATA], ids=["example", "other"])
def test_feeds_written_apart_are_the_very_same_files(data):
    together = build_site(data, SUBPATH_URL, TODAY)
    apart = build_site(data, SUBPATH_URL, TODAY, feeds_apart=True)
    assert apart.pending is not None and apart.pending.job.forked == (sys.platform == "linux")
    # Pages are ready at once; the feeds and calendars come afterwards.
    assert not any(f.path.startswith("feeds/") for f in apart.files)
    made = {f.path: f.content for f in together.all_files()}
    assert {f.path: f.content for f in apart.all_files()} == made
    assert any(p.endswith(".ics") for p in made) and "feeds/news.xml" in made


def test_a_published_build_does_not_load_the_feed_libraries_itself():
    # What makes the second process worth having: MkDocs's process skips their import.
    code = ("import sys, datetime as dt; from partnership.build import build_site; "
            f"b = build_site({str(EXAMPLE_DATA)!r}, 'https://x.example/', dt.date(2026, 11, 23), feeds_apart=True); "
            "loaded = [m for m in ('feedgen', 'icalendar', 'lxml') if m in sys.modules]; "
            "files = b.all_files(); print(loaded, len(files))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    loaded, count = run.stdout.rsplit(" ", 1)
    assert int(count) > 50
    if sys.platform == "linux":
        assert loaded == "[]", loaded
