"""The second partnership's generated pages and feeds, byte for byte, against tests/golden/other/.

`python -m partnership build --data tests/fixtures/other --today 2026-11-23 --out DIR` is run
once and every file it writes is compared with the stored copy. A failure lists the files
that are missing, extra or different, with a unified diff of the first few.

When a change to the output is intended, regenerate the stored copy and review the diff
before committing:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import OTHER_DATA, ROOT, TODAY
from treediff import compare, files_below

GOLDEN = ROOT / "tests" / "golden" / "other"
UPDATE = "UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py"


def build_other(out: Path) -> None:
    env = dict(os.environ)
    env.pop("PARTNERSHIP_TODAY", None)
    env.pop("PARTNERSHIP_DATA", None)
    run = subprocess.run([sys.executable, "-m", "partnership", "build", "--data", str(OTHER_DATA),
                          "--today", TODAY, "--out", str(out)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]


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
        pytest.fail(f"{report}\n\nIf the change is intended, run `{UPDATE}` and review the diff before committing.",
                    pytrace=False)


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
