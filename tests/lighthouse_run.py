"""Lighthouse from qa/ on one address, with Debian's Chromium: used by the tests and the benchmark.

The tests ask only for what does not depend on how busy the machine is (accessibility, best
practices and SEO, page weight, the requests made); the performance score, which Lighthouse
works out from timings, is measured by `bench/benchmark.py --parts lighthouse`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "qa" / "node_modules" / "lighthouse" / "cli" / "index.js"
# Debian's Chromium, driven by Playwright and Lighthouse (never `playwright install`, which downloads one).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Scores that come from the page itself, not from timings.
STEADY_CATEGORIES = ["accessibility", "best-practices", "seo"]
# Audits outside those categories that the tests read.
STEADY_AUDITS = ["total-byte-weight", "network-requests"]
# The pages measured, below the site's address.
PAGES = {"home": "", "news-item": "news/2011-06-16-partnership-conference-launches-new-strategy/",
         "strategy": "strategy/"}


def _chrome_flags(profile: str) -> list[str]:
    return ["--headless", *CHROMIUM_FLAGS, f"--user-data-dir={profile}"]


def lighthouse(url: str, categories: list[str], audits: list[str] = ()) -> dict:
    """Lighthouse's JSON report on url (mobile, its default), limited to these categories and audits."""
    only = [f"--only-categories={','.join(categories)}"]
    if audits:
        only.append(f"--only-audits={','.join(audits)}")
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as out:
        report = Path(out) / "report.json"
        run = subprocess.run(
            # No full-page screenshot: it only illustrates the HTML report, which nothing here reads.
            ["node", str(CLI), url, "--quiet", "--output=json", f"--output-path={report}", *only,
             "--disable-full-page-screenshot", f"--chrome-flags={' '.join(_chrome_flags(profile))}"],
            capture_output=True, text=True, env=dict(os.environ, CHROME_PATH=CHROMIUM), timeout=300)
        if run.returncode != 0:
            raise RuntimeError(f"Lighthouse failed on {url} (exit status {run.returncode}): {run.stderr[-2000:]}")
        return json.loads(report.read_text())


def lighthouse_pages(urls: list[str], categories: list[str], audits: list[str] = ()) -> dict[str, dict]:
    """lighthouse() on each of urls, {url: report}, from one Node process and one Chromium
    (see lighthouse_pages.mjs): the same reports, without starting them again for each."""
    with tempfile.TemporaryDirectory() as profile:
        settings = {"modules": str(CLI.parents[2]), "chromeFlags": _chrome_flags(profile),
                    "flags": {"output": "json", "logLevel": "error", "disableFullPageScreenshot": True,
                              "onlyCategories": categories, **({"onlyAudits": list(audits)} if audits else {})}}
        run = subprocess.run(["node", str(Path(__file__).with_name("lighthouse_pages.mjs")), json.dumps(settings),
                              *urls], capture_output=True, text=True, env=dict(os.environ, CHROME_PATH=CHROMIUM),
                             timeout=300 * len(urls))
    if run.returncode != 0:
        raise RuntimeError(f"Lighthouse failed on {urls} (exit status {run.returncode}): {run.stderr[-2000:]}")
    return json.loads(run.stdout)
