"""Shared fixtures: real MkDocs builds of the example and of a second, made-up partnership."""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from lighthouse_run import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DATA = ROOT / "partnership_data"
OTHER_DATA = ROOT / "tests" / "fixtures" / "other"
SUBPATH_URL = "https://www.example.gov.uk/partnership/"
ROOT_URL = "https://partnership.example.org/"
# A fixed build date keeps results repeatable; the example's upcoming items are after it.
TODAY = "2026-11-23"


def require(path: Path, what: str) -> None:
    if not path.exists():
        pytest.fail(f"{what} is not installed ({path}); run `make test`, which installs it")


def block_other_websites(context) -> list[str]:
    """The addresses of every request a browser context makes to another website, a list that
    fills as it makes them. The browser refuses them all (see NOWHERE). blob: and data:
    addresses are made in the page itself."""
    elsewhere: list[str] = []

    def note(request):
        url = urlsplit(request.url)
        if not (url.hostname in ("127.0.0.1", "localhost") or url.scheme in ("blob", "data")):
            elsewhere.append(request.url)

    # Only listening: Playwright's routing, which could refuse them here, would also turn off
    # the browser's cache, so every page would load its stylesheets and scripts again.
    context.on("request", note)
    return elsewhere


# Every request goes to this proxy, where nothing answers, so it fails at once; Chromium never
# sends those to the computer itself (127.0.0.1, localhost) through a proxy, so they reach the
# test servers.
NOWHERE = "--proxy-server=http://127.0.0.1:9"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    require(Path(CHROMIUM), "Chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, NOWHERE])
        yield b
        b.close()


@contextlib.contextmanager
def environment(*restored: str, **values: str):
    """Set values in os.environ for a while; afterwards those and the names in restored are as before."""
    old = {k: os.environ.get(k) for k in (*restored, *values)}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(record.getMessage())


def mkdocs_build(out: Path, data: Path = EXAMPLE_DATA, site_url: str = SUBPATH_URL,
                 today: str = TODAY, templates: Path | None = None) -> Path:
    """Build with MkDocs itself, --strict, and fail on any warning."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        # The hook sets SOURCE_DATE_EPOCH (the sitemap's date) from the data when no caller
        # has: put it back, or the next build in this process would take it for the caller's.
        more = {"PARTNERSHIP_TEMPLATES": str(templates)} if templates else {}
        with environment("SOURCE_DATE_EPOCH", PARTNERSHIP_DATA=str(data), PARTNERSHIP_TODAY=today,
                         NO_MKDOCS_2_WARNING="1", **more):
            config = load_config(str(ROOT / "mkdocs.yml"), site_url=site_url, site_dir=str(out), strict=True)
            config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
            build(config)
    finally:
        logger.removeHandler(handler)
    assert handler.records == [], handler.records
    return out


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    # In a folder named as its sub-path, so that test_browser.py serves this same build.
    return mkdocs_build(tmp_path_factory.mktemp("example") / "partnership")


@pytest.fixture(scope="session")
def example_site_root_url(tmp_path_factory) -> Path:
    return mkdocs_build(tmp_path_factory.mktemp("example-root") / "site", site_url=ROOT_URL)


@pytest.fixture(scope="session")
def other_site(tmp_path_factory) -> Path:
    return mkdocs_build(tmp_path_factory.mktemp("other") / "site", data=OTHER_DATA)


# The longest tests, longest first. pytest-xdist hands tests out in order, so these start
# at once, one a worker, and the many short tests fill in around them; in collection order
# the last of them started near the end, and one worker ran on alone.
LONGEST_FIRST = [
    "test_residents.py::test_every_page_at_320px_passes_axe_reflows_with_text_spacing_and_has_big_enough_controls",
    "test_browser.py::test_axe_finds_no_wcag_22_aa_violation_on_any_page_at_1280px",
    "test_browser.py::test_lighthouse_scores_page_weight_and_requests",
    "test_typed_text.py::test_any_text_typed_in_any_text_field_reads_the_same_in_every_output",
    "test_preview.py::test_partial_preview_builds_show_the_same_as_full_builds",
    "test_browser.py::test_nu_html_checker_finds_no_error_on_any_page",
]


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    # sorted() is stable: every other test keeps its place, after these.
    items[:] = sorted(items, key=lambda item: rank.get(item.nodeid.split("/")[-1], len(rank)))
