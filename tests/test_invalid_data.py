"""Mistakes a council comms officer could make in the data, each refused with a usable message.

Every folder in tests/invalid/ holds one case.yml describing one mistake, applied on top of
a copy of tests/fixtures/other (a small, valid data folder):

    why: one line saying what mistake this is
    files:                       # whole files to write, relative to the data folder
      news/2026-01-15-winter-update.yml: |
        title: ...
      news/latin-1.yml:          # bytes that are not UTF-8
        raw_base64: Y2Fm6Q==
    delete: [glossary.yml]       # optional: files to remove
    expect:                      # substrings that must all appear in what is printed
      - "news/2026-01-15-winter-update.yml, line 2"
      - "is not a real date"
    whole_file: true             # optional: the problem is about the file itself (its name,
                                 # or that it is missing), so no line number is expected

Both `check` and `build` must refuse the data (exit code 1, no traceback), name the file
and line, say everything in `expect`, and a failed build must leave the previous site alone.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import OTHER_DATA, ROOT, TODAY

CASES_DIR = Path(__file__).resolve().parent / "invalid"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "case.yml").is_file()) if CASES_DIR.is_dir() else []
CASE_KEYS = {"why", "files", "delete", "expect", "whole_file"}
# The copy is called what a real data folder is called, so messages read as they would for real.
DATA_NAME = "partnership_data"
PREVIOUS = "previous site"


def load_case(name: str) -> dict:
    case = yaml.safe_load((CASES_DIR / name / "case.yml").read_text(encoding="utf-8"))
    assert isinstance(case, dict), f"{name}/case.yml should be a set of fields"
    assert set(case) <= CASE_KEYS, f"{name}/case.yml: unknown keys {set(case) - CASE_KEYS}"
    assert isinstance(case.get("why"), str) and case["why"].strip(), f"{name}/case.yml needs a why"
    assert case.get("files") or case.get("delete"), f"{name}/case.yml changes nothing"
    expect = case.get("expect")
    assert isinstance(expect, list) and expect and all(isinstance(e, str) and e for e in expect), \
        f"{name}/case.yml needs a list of expected substrings"
    overlap = set(case.get("files") or {}) & set(case.get("delete") or [])
    assert not overlap, f"{name}/case.yml both writes and deletes {overlap}"
    return case


def make_data(case: dict, parent: Path) -> Path:
    """A copy of the valid fixture with the case's mistake applied."""
    data = parent / DATA_NAME
    shutil.copytree(OTHER_DATA, data)
    for rel in case.get("delete") or []:
        target = data / rel
        assert target.is_file(), f"delete: {rel} is not in the fixture"
        target.unlink()
    for rel, content in (case.get("files") or {}).items():
        target = data / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict):
            assert set(content) == {"raw_base64"}, f"files: {rel}: write text, or raw_base64: ..."
            target.write_bytes(base64.b64decode(content["raw_base64"]))
        else:
            assert isinstance(content, str), f"files: {rel}: the content should be text"
            target.write_bytes(content.encode("utf-8"))
    return data


def run_partnership(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("PARTNERSHIP_TODAY", None)
    env.pop("PARTNERSHIP_DATA", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "hooks"), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "partnership", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=120)


def assert_refused(run: subprocess.CompletedProcess, case: dict, command: str) -> None:
    shown = f"\n--- {command}: exit code {run.returncode}, stderr ---\n{run.stderr}\n--- stdout ---\n{run.stdout}"
    assert "Traceback" not in run.stderr, "the tool crashed instead of explaining" + shown
    assert run.returncode == 1, "the mistake was not refused with exit code 1" + shown
    missing = [part for part in case["expect"] if part not in run.stderr]
    assert not missing, f"not said: {missing}" + shown
    # Every problem starts at the left margin; its "What to do" line is indented beneath it.
    problems = [ln for ln in run.stderr.splitlines()[1:] if ln.strip() and not ln[0].isspace()]
    assert problems, "no problem was listed" + shown
    for problem in problems:
        assert problem.startswith(f"{DATA_NAME}/"), f"this problem does not name a file: {problem!r}" + shown
        if not case.get("whole_file"):
            assert re.search(r"^\S+, line \d+", problem), \
                f"this problem does not name a line: {problem!r}" + shown


def test_there_are_enough_cases():
    assert len(CASES) >= 40, CASES


@pytest.mark.parametrize("name", CASES)
def test_check_refuses(name, tmp_path):
    case = load_case(name)
    data = make_data(case, tmp_path)
    run = run_partnership("check", "--data", str(data), "--today", TODAY, cwd=tmp_path)
    assert_refused(run, case, "check")


@pytest.mark.parametrize("name", CASES)
def test_build_refuses_and_keeps_the_previous_site(name, tmp_path):
    case = load_case(name)
    data = make_data(case, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text(PREVIOUS, encoding="utf-8")
    run = run_partnership("build", "--data", str(data), "--today", TODAY, "--out", str(out), cwd=tmp_path)
    assert_refused(run, case, "build")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["keep.txt"]
    assert (out / "keep.txt").read_text(encoding="utf-8") == PREVIOUS
    # No half-written staging folder left beside it either.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([DATA_NAME, "out"])
