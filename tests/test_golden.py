"""The second partnership's generated pages and feeds, byte for byte, against tests/golden/other/.

`python -m partnership build --data tests/fixtures/other --today 2026-11-23 --out DIR` is run
once and every file it writes is compared with the stored copy. A failure lists the files
that are missing, extra or different, with a unified diff of the first few.

When a change to the output is intended, regenerate the stored copy and review the diff
before committing:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import OTHER_DATA, ROOT, TODAY

GOLDEN = ROOT / "tests" / "golden" / "other"
SHOWN_FILES = 3       # diffs shown in full (clipped) on failure
SHOWN_LINES = 40      # lines of each diff
LONG_LINE = 200       # characters; longer lines are broken after commas, then clipped
UPDATE = "UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py"


def files_below(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_other(out: Path) -> None:
    env = dict(os.environ)
    env.pop("PARTNERSHIP_TODAY", None)
    env.pop("PARTNERSHIP_DATA", None)
    run = subprocess.run([sys.executable, "-m", "partnership", "build", "--data", str(OTHER_DATA),
                          "--today", TODAY, "--out", str(out)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]


def diff_lines(text: str) -> list[str]:
    """The text's lines, with long ones (front matter, JSON on one line) broken after each comma,
    so a diff points at the part that changed rather than at a whole line of 2,000 characters."""
    lines = []
    for line in text.splitlines():
        lines += re.split(r"(?<=,)", line) if len(line) > LONG_LINE else [line]
    return lines


def file_diff(name: str, stored: bytes, built: bytes) -> str:
    try:
        a, b = stored.decode("utf-8"), built.decode("utf-8")
    except UnicodeDecodeError:
        return f"{name}: the bytes differ ({len(stored)} stored, {len(built)} built)"
    lines = list(difflib.unified_diff(diff_lines(a), diff_lines(b), f"stored/{name}", f"built/{name}",
                                      lineterm="", n=2))
    if not lines:  # only the line endings or the final newline differ
        return f"{name}: only the line endings differ"
    if len(lines) > SHOWN_LINES:
        lines = lines[:SHOWN_LINES] + [f"... ({len(lines) - SHOWN_LINES} more lines of diff)"]
    return "\n".join(ln if len(ln) <= LONG_LINE else ln[:LONG_LINE] + " ..." for ln in lines)


def compare(stored: dict[str, bytes], built: dict[str, bytes]) -> str:
    """A readable report of what differs, or '' when the two sets of files are the same."""
    missing = sorted(stored.keys() - built.keys())
    extra = sorted(built.keys() - stored.keys())
    changed = sorted(k for k in stored.keys() & built.keys() if stored[k] != built[k])
    if not (missing or extra or changed):
        return ""
    report = [f"The generated files differ from tests/golden/other/ ({len(changed)} changed, "
              f"{len(missing)} no longer written, {len(extra)} new)."]
    if missing:
        report.append("No longer written: " + ", ".join(missing))
    if extra:
        report.append("New: " + ", ".join(extra))
    if changed:
        report.append("Changed: " + ", ".join(changed))
        report += [file_diff(name, stored[name], built[name]) for name in changed[:SHOWN_FILES]]
        if len(changed) > SHOWN_FILES:
            report.append(f"... and {len(changed) - SHOWN_FILES} more changed files not shown.")
    report.append(f"If the change is intended, run `{UPDATE}` and review the diff before committing.")
    return "\n\n".join(report)


def test_second_partnership_output_matches_the_stored_copy(tmp_path):
    out = tmp_path / "out"
    build_other(out)
    built = files_below(out)
    assert len(built) > 20, sorted(built)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN)
    report = compare(files_below(GOLDEN) if GOLDEN.is_dir() else {}, built)
    if report:
        pytest.fail(report, pytrace=False)


def test_the_report_names_files_and_shows_a_clipped_diff():
    stored = {"a.md": b"one\ntwo\nthree\n", "gone.md": b"x\n", "p.png": b"\x89PNG\xff"}
    built = {"a.md": b"one\nTWO\nthree\n", "new.md": b"y\n", "p.png": b"\x89PNG\xfe"}
    report = compare(stored, built)
    assert "No longer written: gone.md" in report and "New: new.md" in report
    assert "-two\n+TWO" in report and "--- stored/a.md" in report
    assert "p.png: the bytes differ" in report
    long = {"b.md": "".join(f"{i}\n" for i in range(200)).encode()}
    assert "more lines of diff" in compare(long, {"b.md": b""})
    assert compare(stored, dict(stored)) == ""
    wide = ",".join(f"field{i}: {i}" for i in range(60))
    report = compare({"c.md": wide.encode()}, {"c.md": wide.replace("field42: 42", "field42: 43").encode()})
    assert "-field42: 42," in report and "+field42: 43," in report and "field7:" not in report
