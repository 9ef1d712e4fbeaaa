"""`check --format github|gitlab`: every problem lands on its file and line in the pull or merge request."""

from __future__ import annotations

import json
import re

import pytest

from conftest import TODAY
from partnership.__main__ import main
from partnership.load import load_site
from partnership.model import dt
from partnership.problems import DataError
from test_invalid_data import CASES, load_case, make_data

# A layout mistake, a wrong email address and a badly named file: three files, three kinds of problem.
MISTAKES = ["bad-indentation", "bad-email-address", "news-file-name-without-date"]
GITHUB_ERROR = re.compile(r"::error file=(?P<file>[^,:]+)(,line=(?P<line>\d+)(,col=\d+)?)?::(?P<message>.+)")


def _problems(data):
    with pytest.raises(DataError) as caught:
        load_site(data, dt.date.fromisoformat(TODAY))
    return caught.value.problems


def _data_with(names, tmp_path):
    """The valid fixture with several cases' mistakes applied at once, as a careless save might."""
    data = make_data({"files": {}}, tmp_path)
    for name in names:
        case = load_case(name)
        for rel in case.get("delete") or []:
            (data / rel).unlink()
        for rel, content in (case.get("files") or {}).items():
            (data / rel).parent.mkdir(parents=True, exist_ok=True)
            (data / rel).write_text(content, encoding="utf-8")
    return data


def test_cases_used_here_exist():
    assert set(MISTAKES) <= set(CASES)


def test_github_prints_nothing_for_clean_data(tmp_path, monkeypatch, capsys):
    data = make_data({"files": {}}, tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "github", "--data", str(data), "--today", TODAY]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == ""


def test_github_prints_one_error_line_per_problem_on_its_file(tmp_path, monkeypatch, capsys):
    data = _data_with(MISTAKES, tmp_path)
    problems = _problems(data)
    monkeypatch.chdir(tmp_path)  # as in CI: run from the repository, which holds partnership_data/
    assert main(["check", "--format", "github", "--data", "partnership_data", "--today", TODAY]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == len(problems) >= 3 and err == ""
    for line, problem in zip(lines, problems):
        match = GITHUB_ERROR.fullmatch(line)
        assert match, line
        # The path GitHub matches against the pull request's files.
        assert match["file"] == problem.file and match["file"].startswith("partnership_data/")
        assert (tmp_path / match["file"]).exists() or problem.message == "this file is missing"
        assert int(match["line"] or 0) == problem.line
        assert problem.message in match["message"]
        if problem.hint:
            # A message is one line: GitHub's own code for a new line comes before the hint.
            assert f"%0AWhat to do: {problem.hint}" in match["message"]
    assert any(m["line"] for m in map(GITHUB_ERROR.fullmatch, lines))


def test_github_paths_are_from_the_repository_whatever_the_data_folder_is_called(tmp_path, monkeypatch, capsys):
    data = _data_with(["blank-title"], tmp_path / "site-repo" / "content")
    monkeypatch.chdir(tmp_path / "site-repo")
    assert main(["check", "--format", "github", "--data", str(data), "--today", TODAY]) == 1
    files = {GITHUB_ERROR.fullmatch(line)["file"] for line in capsys.readouterr().out.splitlines()}
    assert files and all(f.startswith("content/partnership_data/news/") for f in files), files


def test_gitlab_writes_a_code_quality_report(tmp_path, monkeypatch):
    data = _data_with(MISTAKES, tmp_path)
    problems = _problems(data)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "gitlab", "--data", "partnership_data", "--today", TODAY,
                 "--output", "gl-code-quality-report.json"]) == 1
    report = json.loads((tmp_path / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert len(report) == len(problems)
    assert len({issue["fingerprint"] for issue in report}) == len(report)
    for issue, problem in zip(report, problems):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] == "blocker"
        assert issue["location"]["path"] == problem.file
        assert issue["location"]["lines"]["begin"] == max(problem.line, 1)
        assert problem.message in issue["description"]


def test_gitlab_report_is_empty_for_clean_data(tmp_path, monkeypatch, capsys):
    make_data({"files": {}}, tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "gitlab", "--data", "partnership_data", "--today", TODAY]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_text_stays_the_default(tmp_path, monkeypatch, capsys):
    data = _data_with(["blank-title"], tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--data", str(data), "--today", TODAY]) == 1
    err = capsys.readouterr().err
    assert err.startswith("The check found 1 problem in the data.") and "::error" not in err
