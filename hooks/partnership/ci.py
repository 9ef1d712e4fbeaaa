"""`check` output that CI services show on the changed file and line.

    github: one workflow command per problem, `::error file=...,line=...,col=...::message`,
            which GitHub Actions shows on the pull request's "Files changed" tab.
    gitlab: a Code Quality report (JSON), which GitLab shows on the merge request.

Paths are given relative to the folder the command runs in (the repository in CI), since
that is what both services match against the changed files.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .problems import Problem

FORMATS = ("text", "github", "gitlab")


def repo_path(problem_file: str, data: Path) -> str:
    """A Problem names its file from the data folder's own name ("partnership_data/news/x.yml");
    CI needs it from the repository, wherever the data folder is."""
    absolute = data.resolve().parent / problem_file
    return Path(os.path.relpath(absolute, Path.cwd())).as_posix()


def _escape_data(text: str) -> str:
    # GitHub's rules for a workflow command's message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _message(problem: Problem) -> str:
    text = f"{problem.field}: {problem.message}" if problem.field else problem.message
    if problem.hint:
        text += f"\nWhat to do: {problem.hint}"
    return text


def github_lines(problems: list[Problem], warnings: list[str], data: Path) -> list[str]:
    lines = []
    for p in problems:
        where = f"file={_escape_property(repo_path(p.file, data))}"
        if p.line:
            where += f",line={p.line}"
            if p.column:
                where += f",col={p.column}"
        lines.append(f"::error {where}::{_escape_data(_message(p))}")
    # Overdue commitments and likely mistakes do not stop the site being built: warnings, not errors.
    lines += [f"::warning::{_escape_data(w)}" for w in warnings]
    return lines


def gitlab_report(problems: list[Problem], warnings: list[str], data: Path) -> str:
    """GitLab's Code Quality format: a list of issues, each with a stable fingerprint."""
    issues = []
    seen: set[str] = set()
    for p in problems:
        path = repo_path(p.file, data)
        # Without the line, so moving a problem down a file is not reported as a new one.
        key = hashlib.sha256("\0".join((path, p.field, p.message)).encode()).hexdigest()
        while key in seen:
            key = hashlib.sha256(key.encode()).hexdigest()
        seen.add(key)
        issues.append({
            "description": _message(p),
            "check_name": "partnership-data",
            "fingerprint": key,
            "severity": "blocker",  # the site is not built until it is fixed
            "location": {"path": path, "lines": {"begin": p.line or 1}},
        })
    for w in warnings:
        issues.append({
            "description": w,
            "check_name": "partnership-overdue-commitment",
            "fingerprint": hashlib.sha256(w.encode()).hexdigest(),
            "severity": "minor",
            "location": {"path": repo_path(f"{data.resolve().name}/commitments.yml", data),
                         "lines": {"begin": 1}},
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def check_for_ci(data: Path, today, fmt: str, output: Path | None) -> int:
    """Run the same check as `check`, printing or writing its findings for a CI service."""
    from .derive import overdue_commitments
    from .load import load_site
    from .problems import DataError

    try:
        site = load_site(data, today)
        problems: list[Problem] = []
        warnings = [*site.warnings, *(str(w) for w in overdue_commitments(site))]
    except DataError as exc:
        problems, warnings = exc.problems, []
    if fmt == "github":
        text = "".join(line + "\n" for line in github_lines(problems, warnings, data))
    else:
        text = gitlab_report(problems, warnings, data)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 1 if problems else 0
