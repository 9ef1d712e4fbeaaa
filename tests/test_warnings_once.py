"""The preview rebuilds on every save: its window repeats a warning only when the warnings change."""

from __future__ import annotations

import logging
import types

import pytest


@pytest.fixture
def hook():
    import partnership_site

    saved = partnership_site.state
    partnership_site.state = partnership_site.HookState(command="serve")
    yield partnership_site
    partnership_site.state = saved


def test_the_preview_repeats_warnings_only_when_they_change(hook, tmp_path, caplog):
    from partnership.outputs import Build

    config = types.SimpleNamespace(site_dir=str(tmp_path))
    said = []
    for warnings in (["overdue: a"], ["overdue: a"], ["overdue: a", "2102 is far"], ["overdue: a", "2102 is far"]):
        hook.state.build = Build(None, [], {}, warnings)
        caplog.clear()
        with caplog.at_level(logging.INFO):
            hook.on_post_build(config)
        said.append([r.getMessage().split("Warning: ", 1)[-1] for r in caplog.records if "Warning: " in r.getMessage()])
    assert said == [["overdue: a"], [], ["overdue: a", "2102 is far"], []]
