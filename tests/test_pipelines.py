"""The CI files check every change, publish only the main branch, and rebuild nightly."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT

GITLAB = ROOT / ".gitlab-ci.yml"
GITHUB = ROOT / ".github" / "workflows" / "site.yml"
# Keys at the top of .gitlab-ci.yml that are settings, not jobs.
GITLAB_SETTINGS = {"default", "stages", "workflow", "variables", "include", "image", "cache"}


def _gitlab() -> dict:
    return yaml.safe_load(GITLAB.read_text(encoding="utf-8"))


def _jobs(config: dict) -> dict:
    return {name: job for name, job in config.items() if name not in GITLAB_SETTINGS}


def test_gitlab_jobs_have_a_known_stage_and_a_script():
    config = _gitlab()
    jobs = _jobs(config)
    assert {"check", "build", "pages", "council-server"} <= set(jobs)
    for name, job in jobs.items():
        assert job.get("stage") in config["stages"], name
        assert job.get("script") and all(isinstance(line, str) for line in job["script"]), name
        for need in job.get("needs", []):
            assert need in jobs, f"{name} needs {need}, which is not a job"


def test_gitlab_check_runs_on_every_change_and_reports_code_quality():
    check = _jobs(_gitlab())["check"]
    assert any("--format gitlab --output gl-code-quality-report.json" in line for line in check["script"])
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    # The report is wanted most when the check fails.
    assert check["artifacts"]["when"] == "always"
    assert all("CI_DEFAULT_BRANCH" not in str(rule) for rule in check.get("rules", []))


def test_gitlab_publishes_only_the_default_branch():
    jobs = _jobs(_gitlab())
    for name in ("build", "pages", "council-server"):
        rules = jobs[name]["rules"]
        assert rules and all("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" in rule["if"] for rule in rules), name
    assert jobs["pages"]["artifacts"]["paths"] == ["public/"]
    # The browser editor is published with the site.
    assert any("partnership editor-page --out site/admin" in line for line in jobs["build"]["script"])
    # Each publish starts from what the last one kept, not from nothing.
    assert [".cache/kept"] in [cache["paths"] for cache in jobs["build"]["cache"]]


def test_gitlab_copies_to_the_council_server_only_when_its_key_is_set():
    jobs = _jobs(_gitlab())
    assert "$DEPLOY_SSH_KEY" in jobs["council-server"]["rules"][0]["if"]
    assert "$DEPLOY_SSH_KEY == null" in jobs["pages"]["rules"][0]["if"]
    script = "\n".join(jobs["council-server"]["script"])
    assert "rsync" in script and "known_hosts" in script
    # The key comes from a CI variable, never from the repository.
    assert not list(ROOT.glob("**/id_rsa*")) and not list(ROOT.glob("**/id_ed25519*"))


def test_github_checks_every_change_and_rebuilds_nightly():
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"pull_request", "push", "schedule"} <= set(triggers)
    assert triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]  # every day
    steps = "\n".join(step.get("run", "") for step in workflow["jobs"]["check"]["steps"])
    assert "python -m partnership check --format github" in steps
    for name in ("build", "pages", "council-server"):
        assert "github.ref == 'refs/heads/main'" in workflow["jobs"][name]["if"], name
    build = "\n".join(step.get("run", "") for step in workflow["jobs"]["build"]["steps"])
    assert "partnership editor-page --out site/admin" in build
    uses = {step.get("uses", "").split("@")[0] for job in workflow["jobs"].values() for step in job["steps"]}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    # Each publish starts from what the last one kept, not from nothing.
    kept = [step for step in workflow["jobs"]["build"]["steps"] if step.get("uses", "").startswith("actions/cache@")]
    assert kept and kept[0]["with"]["path"] == ".cache/kept"


def test_github_workflow_passes_actionlint():
    # Not installed by requirements-dev.txt: the PyPI wrapper downloads the program from
    # GitHub while installing. Install actionlint (https://github.com/rhysd/actionlint) to run this.
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not installed")
    run = subprocess.run([actionlint, "-color=false", str(GITHUB)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
