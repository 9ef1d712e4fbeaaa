"""The example site in a real browser: accessibility, valid HTML, keyboard use, page weight, privacy.

Uses Debian's Chromium through Playwright (never `playwright install`), axe-core, the Nu
HTML checker and Lighthouse from qa/ (installed by `make test`). The site is served on
loopback under its sub-path, gzipped, as a council's web server would serve it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, block_other_websites, require
from lighthouse_run import CLI, PAGES, STEADY_AUDITS, STEADY_CATEGORIES, lighthouse_pages
from serve import serve
from sitecheck import pages


QA = ROOT / "qa" / "node_modules"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE = QA / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
# Budgets that hold however busy the machine is. (Lighthouse's performance score is worked out
# from timings, so it is measured by `bench/benchmark.py --parts lighthouse`, not gated here.)
HOME_PAGE_BYTES = 200 * 1024
REQUESTS_PER_PAGE = 20


@pytest.fixture(scope="session")
def served(example_site):
    """(base URL of the site, the built folder)."""
    with serve(example_site.parent) as base:
        yield f"{base}/partnership/", example_site


def _page_urls(base: str, site: Path) -> list[str]:
    urls = []
    for page in pages(site):
        rel = page.relative_to(site).as_posix()
        urls.append(base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return urls


def _open(browser, viewport: dict, axe: bool = False):
    """A page that refuses and records every request to another website; with axe, axe-core
    is added to every page it opens (once a context: cheaper than adding it on each page)."""
    context = browser.new_context(viewport=viewport)
    elsewhere = block_other_websites(context)
    if axe:
        require(AXE, "axe-core")
        context.add_init_script(path=str(AXE))
    return context, context.new_page(), elsewhere


def test_a_request_to_another_website_is_refused_and_noted(browser):
    # What every browser test here relies on to show that the site asks nothing of other websites.
    from playwright.sync_api import Error

    context = browser.new_context()
    elsewhere = block_other_websites(context)
    page = context.new_page()
    page.set_content('<img src="https://www.example.com/logo.png">')
    page.wait_for_load_state("load")
    assert page.evaluate("document.images[0].naturalWidth") == 0
    with pytest.raises(Error, match="ERR_PROXY_CONNECTION_FAILED"):
        page.goto("http://93.184.216.34/")
    context.close()
    assert elsewhere == ["https://www.example.com/logo.png", "http://93.184.216.34/"]


def axe_violations(page, url: str, width: int) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page shown, each naming the page and the width.
    axe must be in the page already: _open(..., axe=True) adds it to every page opened."""
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                           "resultTypes: ['violations']})", WCAG)
    return [f"{url} at {width}px: {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


def test_axe_finds_no_wcag_22_aa_violation_on_any_page_at_1280px(served, browser):
    # At phone width axe runs in test_residents.py, in the same visit as the reflow checks.
    base, site = served
    context, page, elsewhere = _open(browser, DESKTOP, axe=True)
    found, checked = [], 0
    for url in _page_urls(base, site):
        page.goto(url, wait_until="load")
        found += axe_violations(page, url, DESKTOP["width"])
        checked += 1
    context.close()
    print(f"axe: {checked} pages at {DESKTOP['width']}px, {len(found)} violations")
    assert checked > 40
    assert found == []
    assert elsewhere == [], "requests to other websites"


def test_keyboard_skip_link_visible_focus_menu_and_search(served, browser):
    base, _ = served
    context, page, _ = _open(browser, {"width": 375, "height": 812})
    page.goto(base)
    page.keyboard.press("Tab")
    first = page.evaluate("() => [document.activeElement.className, document.activeElement.textContent.trim()]")
    assert "md-skip" in first[0] and first[1] == "Skip to content"

    # Focus is visible on every element a keyboard reaches.
    page.goto(base + "about/")
    for _ in range(25):
        page.keyboard.press("Tab")
        style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth, s.boxShadow] }""")
        if style[0] == "BODY":
            break
        assert style[1] != "none" and style[2] != "0px" or style[3] != "none", style

    # The menu opens from the keyboard, and a link in it can be followed.
    page.goto(base)
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == "Open the menu":
            break
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    target = None
    for _ in range(15):
        page.keyboard.press("Tab")
        target = page.evaluate("() => { const e = document.activeElement; "
                               "return e.tagName === 'A' && e.closest('.md-nav--primary') ? e.href : null }")
        if target and target.rstrip("/") != base.rstrip("/"):
            break
    assert target, "no menu link reached by Tab"
    page.keyboard.press("Enter")
    page.wait_for_url(target)

    # Search works from the keyboard: open it, type, arrow to a result, follow it.
    page.goto(base)
    page.locator('button.pship-header-button_search').focus()
    page.keyboard.press("Enter")
    assert "md-search__input" in page.evaluate("document.activeElement.className")
    page.keyboard.type("conference")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    href = page.evaluate("document.activeElement.href")
    assert href and href.startswith(base)
    page.keyboard.press("Enter")
    page.wait_for_url(href.split("#")[0] + "**")
    context.close()


def nu_checker_verdict(run: subprocess.CompletedProcess, files: list[Path]) -> list[str]:
    """Every problem with one run of the Nu checker: its errors, or why its answer cannot be trusted.

    With --verbose the checker names each file it checked on stdout; with --format json it
    writes {"messages": [...]} to stderr. An exit status other than 0, output that is empty
    or not that JSON, or a file it did not name all count as problems, so a checker that
    crashed or checked nothing can never pass."""
    try:
        messages = json.loads(run.stderr)["messages"]
        assert isinstance(messages, list)
    except (ValueError, KeyError, TypeError, AssertionError):
        return [f"the checker's output is not its JSON report (exit status {run.returncode}): "
                f"stderr {run.stderr[-1500:]!r}, stdout {run.stdout[-500:]!r}"]
    found = [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m.get('type')}: {m.get('message')}"
             for m in messages if m.get("type") != "info"]
    if run.returncode != 0:
        found.append(f"the checker exited with status {run.returncode}")
    checked = set(run.stdout.splitlines())
    found += [f"{f}: not checked" for f in files if str(f) not in checked]
    return found


def test_nu_html_checker_finds_no_error_on_any_page(served):
    jar = QA / "vnu-jar" / "build" / "dist" / "vnu.jar"
    require(jar, "The Nu HTML checker")
    _, site = served
    files = pages(site)
    run = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--verbose", "--format", "json",
                          *map(str, files)], capture_output=True, text=True, timeout=600)
    found = nu_checker_verdict(run, files)
    print(f"vnu: {len(files)} pages, {len(found)} problems")
    assert len(files) > 40
    assert found == []


def test_nu_checker_verdict_refuses_a_crash_an_empty_answer_and_unchecked_files(tmp_path):
    page = tmp_path / "index.html"
    report = '{"version": "1", "messages": []}'

    def verdict(code, stdout, stderr):
        return nu_checker_verdict(subprocess.CompletedProcess([], code, stdout, stderr), [page])

    assert verdict(0, f"{page}\n", report) == []
    assert verdict(1, f"{page}\n", report) == ["the checker exited with status 1"]
    assert "not its JSON report" in verdict(0, f"{page}\n", "")[0]
    assert "not its JSON report" in verdict(1, "", "Error: Unable to access jarfile")[0]
    assert verdict(0, "", report) == [f"{page}: not checked"]
    error = '{"messages": [{"type": "error", "url": "file:x.html", "lastLine": 3, "message": "Stray end tag"}]}'
    assert verdict(1, f"{page}\n", error) == ["file:x.html:3: error: Stray end tag",
                                              "the checker exited with status 1"]


def test_lighthouse_scores_page_weight_and_requests(served):
    # The three pages from one Lighthouse process and one Chromium: each page is still loaded
    # cold in a tab of its own (see lighthouse_pages.mjs).
    require(CLI, "Lighthouse")
    base, _ = served
    origin = base.split("/partnership/")[0]
    reports = lighthouse_pages([base + path for path in PAGES.values()], STEADY_CATEGORIES, STEADY_AUDITS)
    problems = []
    for name, path in PAGES.items():
        data = reports[base + path]
        scores = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
        weight = data["audits"]["total-byte-weight"]["numericValue"]
        requests = [r["url"] for r in data["audits"]["network-requests"]["details"]["items"]
                    if r["url"].startswith("http")]
        print(f"lighthouse {name}: {scores}, {weight / 1024:.0f} KB, {len(requests)} requests")
        if scores != {"accessibility": 100, "best-practices": 100, "seo": 100}:
            problems.append(f"{name}: scores {scores}")
        if name == "home" and weight > HOME_PAGE_BYTES:
            problems.append(f"{name}: {weight:.0f} bytes, more than {HOME_PAGE_BYTES}")
        if not 0 < len(requests) <= REQUESTS_PER_PAGE:
            problems.append(f"{name}: {len(requests)} requests: {requests}")
        problems += [f"{name}: a request to another website: {url}" for url in requests
                     if not url.startswith(origin + "/")]
    assert problems == []
