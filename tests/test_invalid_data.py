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
    warns: true                  # optional: a likely mistake that is warned about, not refused

Both `check` and `build` must refuse the data (exit code 1, no traceback), name the file
and line, say everything in `expect`, and a failed build must leave the previous site alone.
A case that `warns` is accepted by both (exit code 0), and each warning names file and line.

Every case runs both commands in this process (the command line's own `main`, which calls
the core's loader and builder), so a case costs milliseconds rather than two Python start-ups.
A few representative cases (CLI_CASES) also go through the real command line, for the exit
status and the absence of a traceback as an editor sees them.
"""

from __future__ import annotations

import base64
import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import OTHER_DATA, ROOT, TODAY

CASES_DIR = Path(__file__).resolve().parent / "invalid"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "case.yml").is_file()) if CASES_DIR.is_dir() else []
CASE_KEYS = {"why", "files", "delete", "expect", "not_expect", "whole_file", "warns"}
# The copy is called what a real data folder is called, so messages read as they would for real.
DATA_NAME = "partnership_data"
PREVIOUS = "previous site"
# Also run through the real command line: a mistake in the YAML's layout, a value the model
# refuses, bytes that are not UTF-8, and a whole file missing.
CLI_CASES = ["bad-indentation", "impossible-date", "not-utf8", "structure-file-missing"]


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


@dataclass
class Run:
    """What one command did: as subprocess.CompletedProcess, whether it ran in-process or not."""
    returncode: int | str | None
    stdout: str
    stderr: str


def run_partnership(*args: str, cwd: Path) -> Run:
    """The real command line, in a new Python process."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("PARTNERSHIP_TODAY", None)
    env.pop("PARTNERSHIP_DATA", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "hooks"), env.get("PYTHONPATH")]))
    run = subprocess.run([sys.executable, "-m", "partnership", *args], cwd=cwd, env=env,
                         capture_output=True, text=True, encoding="utf-8", errors="replace",
                         timeout=120)
    return Run(run.returncode, run.stdout, run.stderr)


def run_in_process(*args: str) -> Run:
    """The command line's `main` called here, with what Python would print for a crash or an exit."""
    from partnership.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # as the interpreter reports sys.exit(...)
            code = exc.code if isinstance(exc.code, int) or exc.code is None else 1
            if exc.code is not None and not isinstance(exc.code, int):
                print(exc.code, file=sys.stderr)
        except Exception:  # as the interpreter reports an uncaught exception
            traceback.print_exc()
            code = 1
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture(autouse=True)
def _no_build_settings_from_outside(monkeypatch):
    # As in the subprocess: the case's own --data and --today decide, nothing in the environment.
    monkeypatch.delenv("PARTNERSHIP_TODAY", raising=False)
    monkeypatch.delenv("PARTNERSHIP_DATA", raising=False)


def assert_refused(run: Run, case: dict, command: str) -> None:
    shown = f"\n--- {command}: exit code {run.returncode}, stderr ---\n{run.stderr}\n--- stdout ---\n{run.stdout}"
    assert "Traceback" not in run.stderr, "the tool crashed instead of explaining" + shown
    assert run.returncode == 1, "the mistake was not refused with exit code 1" + shown
    missing = [part for part in case["expect"] if part not in run.stderr]
    assert not missing, f"not said: {missing}" + shown
    wrong = [part for part in case.get("not_expect", []) if part in run.stderr]
    assert not wrong, f"said, but it is not a mistake of its own: {wrong}" + shown
    # Every problem starts at the left margin; its "What to do" line is indented beneath it.
    lines = run.stderr.splitlines()
    # `check` builds nothing, so it does not speak of a site not being built.
    heading = "The check found " if command == "check" else "The site was not built: "
    assert lines and lines[0].startswith(heading), f"the report does not start with {heading!r}" + shown
    problems = [ln for ln in lines[1:] if ln.strip() and not ln[0].isspace()]
    assert problems, "no problem was listed" + shown
    # Every problem says what to do about it, on the line beneath.
    told = [ln for ln, after in zip(lines[1:], lines[2:] + [""]) if ln in problems
            and not after.startswith("    What to do: ")]
    assert not told, f"no 'What to do' for {told}" + shown
    for problem in problems:
        assert problem.startswith(f"{DATA_NAME}/"), f"this problem does not name a file: {problem!r}" + shown
        if not case.get("whole_file"):
            assert re.search(r"^\S+, line \d+", problem), \
                f"this problem does not name a line: {problem!r}" + shown


def test_there_are_enough_cases():
    assert len(CASES) >= 40, CASES


def assert_previous_site_kept(out: Path, parent: Path) -> None:
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["keep.txt"]
    assert (out / "keep.txt").read_text(encoding="utf-8") == PREVIOUS
    # No half-written staging folder left beside it either.
    assert sorted(p.name for p in parent.iterdir()) == sorted([DATA_NAME, "out"])


def previous_site(parent: Path) -> Path:
    out = parent / "out"
    out.mkdir()
    (out / "keep.txt").write_text(PREVIOUS, encoding="utf-8")
    return out


def assert_warned(run: Run, case: dict, command: str) -> None:
    shown = f"\n--- {command}: exit code {run.returncode}, stderr ---\n{run.stderr}\n--- stdout ---\n{run.stdout}"
    assert "Traceback" not in run.stderr and run.returncode == 0, "a warning stopped the command" + shown
    missing = [part for part in case["expect"] if part not in run.stderr]
    assert not missing, f"not said: {missing}" + shown
    wrong = [part for part in case.get("not_expect", []) if part in run.stderr]
    assert not wrong, f"said, but it is not a mistake of its own: {wrong}" + shown
    warnings = [ln for ln in run.stderr.splitlines() if ln.startswith("Warning: ")]
    assert warnings, "no warning was given" + shown
    for warning in warnings:
        assert re.search(rf"^Warning: {DATA_NAME}/\S+, line \d+", warning), \
            f"this warning does not name a file and line: {warning!r}" + shown


WARNING_CASES = [name for name in CASES if load_case(name).get("warns")]


@pytest.mark.parametrize("name", WARNING_CASES)
def test_check_and_build_warn_and_go_ahead(name, tmp_path):
    case = load_case(name)
    data = make_data(case, tmp_path)
    assert_warned(run_in_process("check", "--data", str(data), "--today", TODAY), case, "check")
    out = tmp_path / "out"
    assert_warned(run_in_process("build", "--data", str(data), "--today", TODAY, "--out", str(out)), case, "build")
    assert (out / "index.md").is_file(), "the site was not written"


@pytest.mark.parametrize("name", [name for name in CASES if name not in WARNING_CASES])
def test_check_and_build_refuse_and_keep_the_previous_site(name, tmp_path):
    case = load_case(name)
    data = make_data(case, tmp_path)
    assert_refused(run_in_process("check", "--data", str(data), "--today", TODAY), case, "check")
    out = previous_site(tmp_path)
    run = run_in_process("build", "--data", str(data), "--today", TODAY, "--out", str(out))
    assert_refused(run, case, "build")
    assert_previous_site_kept(out, tmp_path)


def test_the_command_line_cases_exist():
    assert set(CLI_CASES) <= set(CASES)


@pytest.mark.parametrize("name", CLI_CASES)
def test_the_command_line_refuses_with_exit_code_1_and_no_traceback(name, tmp_path):
    case = load_case(name)
    data = make_data(case, tmp_path)
    run = run_partnership("check", "--data", str(data), "--today", TODAY, cwd=tmp_path)
    assert_refused(run, case, "check")
    out = previous_site(tmp_path)
    run = run_partnership("build", "--data", str(data), "--today", TODAY, "--out", str(out), cwd=tmp_path)
    assert_refused(run, case, "build")
    assert_previous_site_kept(out, tmp_path)


def test_a_crash_in_process_is_caught_as_a_traceback(monkeypatch):
    """The in-process runner reports a crash as the real command line would, so it cannot pass."""
    import partnership.__main__ as cli

    def crash(*_):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "check", crash)
    run = run_in_process("check", "--data", "nowhere", "--today", TODAY)
    assert run.returncode == 1 and "Traceback" in run.stderr and "boom" in run.stderr
