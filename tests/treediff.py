"""Two sets of files compared, with a readable report: which differ, and a clipped diff of the first few."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

SHOWN_FILES = 3       # diffs shown in full (clipped) on failure
SHOWN_LINES = 40      # lines of each diff
LONG_LINE = 200       # characters; longer lines are broken after commas, then clipped


def files_below(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def diff_lines(text: str) -> list[str]:
    """The text's lines, with long ones (front matter, JSON on one line) broken after each comma,
    so a diff points at the part that changed rather than at a whole line of 2,000 characters."""
    lines = []
    for line in text.splitlines():
        lines += re.split(r"(?<=,)", line) if len(line) > LONG_LINE else [line]
    return lines


def file_diff(name: str, stored: bytes, built: bytes, labels: tuple[str, str] = ("stored", "built")) -> str:
    try:
        a, b = stored.decode("utf-8"), built.decode("utf-8")
    except UnicodeDecodeError:
        return f"{name}: the bytes differ ({len(stored)} {labels[0]}, {len(built)} {labels[1]})"
    lines = list(difflib.unified_diff(diff_lines(a), diff_lines(b), f"{labels[0]}/{name}", f"{labels[1]}/{name}",
                                      lineterm="", n=2))
    if not lines:  # only the line endings or the final newline differ
        return f"{name}: only the line endings differ"
    if len(lines) > SHOWN_LINES:
        lines = lines[:SHOWN_LINES] + [f"... ({len(lines) - SHOWN_LINES} more lines of diff)"]
    return "\n".join(ln if len(ln) <= LONG_LINE else ln[:LONG_LINE] + " ..." for ln in lines)


def compare(stored: dict[str, bytes], built: dict[str, bytes], against: str = "tests/golden/other/",
            labels: tuple[str, str] = ("stored", "built")) -> str:
    """A readable report of how built differs from stored (named `against`), or '' when they are the same."""
    missing = sorted(stored.keys() - built.keys())
    extra = sorted(built.keys() - stored.keys())
    changed = sorted(k for k in stored.keys() & built.keys() if stored[k] != built[k])
    if not (missing or extra or changed):
        return ""
    report = [f"The generated files differ from {against} ({len(changed)} changed, "
              f"{len(missing)} no longer written, {len(extra)} new)."]
    if missing:
        report.append("No longer written: " + ", ".join(missing))
    if extra:
        report.append("New: " + ", ".join(extra))
    if changed:
        report.append("Changed: " + ", ".join(changed))
        report += [file_diff(name, stored[name], built[name], labels) for name in changed[:SHOWN_FILES]]
        if len(changed) > SHOWN_FILES:
            report.append(f"... and {len(changed) - SHOWN_FILES} more changed files not shown.")
    return "\n\n".join(report)
