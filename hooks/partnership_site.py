"""MkDocs adapter: hands the core's output files to MkDocs. No logic worth testing lives here.

The core package (hooks/partnership) never imports MkDocs; `python -m partnership build`
writes the same pages without it.
"""

from __future__ import annotations

import os
from pathlib import Path

import markupsafe
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

# Imported at the top: MkDocs puts hooks/ on sys.path only while this module loads.
from partnership.build import build_site, build_today
from partnership.pages import abbreviation_block, fill_placeholders, placeholders
from partnership.problems import DataError
from partnership.text import tidy_page_html

log = get_plugin_logger("partnership")
DATA_VARIABLE = "PARTNERSHIP_DATA"
# MkDocs dates the sitemap from SOURCE_DATE_EPOCH; unless the caller set one, the data does.
_CALLER_EPOCH = os.environ.get("SOURCE_DATE_EPOCH")
# The build in use, the last good build (kept for the preview), the command and the data folder.
_state: dict[str, object] = {}


def on_startup(*, command: str, dirty: bool) -> None:
    _state["command"] = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # The module outlives each rebuild under `mkdocs serve`: keep only the last good build.
    _state.pop("build", None)
    if not config.site_url:
        raise PluginError("Set site_url in mkdocs.yml to the address the site is published at: "
                          "the feeds need full addresses.")
    root = Path(config.config_file_path).parent
    data_dir = Path(os.environ.get(DATA_VARIABLE) or config.extra.get("partnership_data", "partnership_data"))
    if not data_dir.is_absolute():
        data_dir = root / data_dir
    _state["data_dir"] = data_dir
    log.info(f"Reading {data_dir.name}/")
    problems: list[str] = []
    try:
        result = build_site(data_dir, config.site_url, build_today())
        _state["good"] = result
    except DataError as exc:
        if _state.get("command") != "serve" or "good" not in _state:
            raise PluginError(exc.report()) from None
        # Previewing: keep serving the last good pages, with the problems on every page.
        result = _state["good"]
        problems = [p.format() for p in exc.problems]
        log.info(exc.report())
    _state["build"] = result
    if _CALLER_EPOCH is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(int(result.source_date.timestamp()))
    # Material writes site_name into the page unescaped; Markup keeps "&" and "<" as text.
    config.site_name = markupsafe.escape(result.theme["name"])
    config.extra["partnership"] = {**result.theme, "problems": problems}
    if result.theme["logo"]:
        config.theme["logo"] = result.theme["logo"]
        config.theme["favicon"] = result.theme["logo"]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = _state["build"]
    for out in build.files:
        existing = files.get_file_from_path(out.path)
        if existing is not None:
            raise PluginError(f"docs/{out.path} is made from the data; delete or rename the hand-written file.")
        if out.copy_from is not None:
            f = File.generated(config, out.path, abs_src_path=str(out.copy_from))
        else:
            f = File.generated(config, out.path, content=out.content)
        if out.path.endswith(".md") and out.path.count("/") >= 1 and not out.path.endswith("index.md"):
            f.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(f)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Generated pages carry their own glossary terms; hand-written ones get them here.
    if page.file.generated_by is None:
        site = _state["build"].site
        markdown, unknown = fill_placeholders(markdown, site)
        for name in unknown:
            log.warning(f"docs/{page.file.src_uri}: [[{name}]] is not a fact this site knows; "
                        f"use one of: {', '.join('[[' + k + ']]' for k in placeholders(site))}")
        return markdown + "\n" + abbreviation_block(site) + "\n"
    return markdown


def on_serve(server, config: MkDocsConfig, builder):
    # Watch the data folder actually in use (PARTNERSHIP_DATA may point elsewhere).
    server.watch(str(_state["data_dir"]))
    return server


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return tidy_page_html(output)


def on_post_build(config: MkDocsConfig) -> None:
    # 404.html comes from a theme template, not a page, so on_post_page never sees it.
    missing = Path(config.site_dir) / "404.html"
    if missing.exists():
        missing.write_text(tidy_page_html(missing.read_text(encoding="utf-8")), encoding="utf-8")
    for warning in _state["build"].warnings:
        log.info(f"Overdue: {warning}")
