"""The site builds unchanged with ProperDocs, the maintained continuation of MkDocs 1.x.

ProperDocs (PyPI `properdocs`, in requirements-dev.txt) installs as the module `properdocs`
beside `mkdocs` in the same environment. It reads mkdocs.yml when given it with -f, runs
the same hooks, and finds Material through the `mkdocs.themes` entry point that Material
already registers; when it starts, it redirects every `import mkdocs...` to itself, so it
runs in a process of its own. Having it installed changes nothing in a MkDocs build.

Every file of its build of the example is compared, byte for byte, with the MkDocs build.
The one difference allowed is the generator tag in each page's head, which names the
engine: MkDocs 1.6.1 hands Material `mkdocs_version` "1.6.1", ProperDocs hands it
"ProperDocs 1.6.7", so Material writes `mkdocs-1.6.1, ...` or `mkdocs-ProperDocs 1.6.7, ...`.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from importlib.metadata import version

import pytest
import yaml

from conftest import EXAMPLE_DATA, ROOT, SUBPATH_URL, TODAY
from treediff import compare, files_below


def generator_tag(engine_version: str) -> bytes:
    return f'<meta name="generator" content="mkdocs-{engine_version}, mkdocs-material-'.encode()


def properdocs_build(out) -> subprocess.CompletedProcess:
    env = dict(os.environ, PARTNERSHIP_DATA=str(EXAMPLE_DATA), PARTNERSHIP_TODAY=TODAY, NO_MKDOCS_2_WARNING="1",
               DISABLE_MKDOCS_2_WARNING="true")
    env.pop("SOURCE_DATE_EPOCH", None)  # as for the MkDocs build: the sitemap is dated from the data
    return subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "--config-file",
                           str(ROOT / "mkdocs.yml"), "--site-dir", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_properdocs_builds_the_same_site_as_mkdocs(example_site, tmp_path):
    if importlib.util.find_spec("properdocs") is None:
        pytest.fail("ProperDocs is not installed; run `make test`, which installs requirements-dev.txt")
    # The MkDocs build (conftest) is given SUBPATH_URL; ProperDocs reads it from mkdocs.yml.
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["site_url"] == SUBPATH_URL

    run = properdocs_build(tmp_path / "site")
    assert run.returncode == 0, f"ProperDocs could not build the site:\n{run.stderr[-4000:]}"
    assert "WARNING" not in run.stderr, run.stderr[-4000:]

    mkdocs_tag, properdocs_tag = generator_tag(version("mkdocs")), generator_tag(f"ProperDocs {version('properdocs')}")
    by_mkdocs = files_below(example_site)
    by_properdocs = files_below(tmp_path / "site")
    pages = [name for name, text in by_properdocs.items() if name.endswith(".html")]
    assert len(pages) > 40
    for name in pages:
        text = by_properdocs[name]
        # Exactly one generator tag, naming ProperDocs, in every page (404.html too).
        assert text.count(properdocs_tag) == 1, f"{name}: no ProperDocs generator tag"
        by_properdocs[name] = text.replace(properdocs_tag, mkdocs_tag)
    report = compare(by_mkdocs, by_properdocs, "the MkDocs build", ("mkdocs", "properdocs"))
    if report:
        pytest.fail(f"ProperDocs's build differs from MkDocs's beyond the generator tag.\n{report}", pytrace=False)
