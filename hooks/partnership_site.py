"""MkDocs adapter: hands the core's output files to MkDocs.

The core package (hooks/partnership) never imports MkDocs; `python -m partnership build`
writes the same pages without it.

Under `mkdocs serve --dirty` (the preview) a save re-renders only the pages whose Markdown
changed since the last render, plus any page whose own file changed; a change to the
settings, the glossary or anything else every page shows re-renders everything. Search
entries are kept per page and replaced as pages are re-rendered. Published builds are
never dirty: `python -m partnership publish` and `mkdocs build` render every page.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import markupsafe
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

# Imported at the top: MkDocs puts hooks/ on sys.path only while this module loads.
from partnership import kinds
from partnership.build import build_site
from partnership.outputs import Build, build_today, fill_placeholders, stand_in_build
from partnership.problems import DataError
from partnership.text import tidy_page_html
from partnership.urls import page_src

log = get_plugin_logger("partnership")
DATA_VARIABLE = "PARTNERSHIP_DATA"
TEMPLATES_VARIABLE = "PARTNERSHIP_TEMPLATES"
# MkDocs dates the sitemap from SOURCE_DATE_EPOCH; unless the caller set one, the data does.
_CALLER_EPOCH = os.environ.get("SOURCE_DATE_EPOCH")
PROBLEMS_FILE = "preview-problems.json"  # read by the preview's script in overrides/main.html


@dataclass
class HookState:
    """What the hook keeps between MkDocs's events, and between builds under `mkdocs serve`."""

    command: str = "build"
    dirty: bool = False                  # a preview that re-renders only what changed
    data_dir: Path = Path("partnership_data")
    build: Build | None = None           # the build in use
    good: Build | None = None            # the last build whose data passed its checks (preview)
    problems: list[str] = field(default_factory=list)  # shown on every preview page until fixed
    warned: list[str] = field(default_factory=list)    # the warnings last printed
    # Preview only: what every page shows, whether this build renders everything, the
    # Markdown last rendered for each generated page, and the search entries,
    # page addresses and output files of the pages of the last build.
    everywhere: str = ""
    full: bool = True
    rendered: dict[str, str] = field(default_factory=dict)
    rendered_now: set[str] = field(default_factory=set)
    search: dict[str, list] = field(default_factory=dict)
    page_urls: list[str] = field(default_factory=list)
    page_files: set[str] = field(default_factory=set)
    left_out: dict[str, File] = field(default_factory=dict)  # unchanged pages in no menu, by path


# The module outlives each rebuild under `mkdocs serve`.
state = HookState()


def _digest(*parts: object) -> str:
    text = json.dumps(parts, default=str, sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _not_about_partial_builds(record: logging.LogRecord) -> bool:
    # MkDocs warns that a dirty build may leave stale navigation and links, and notes each
    # link to a page left out of the build; this hook re-renders every page whose content
    # changed, and the pages left out are unchanged, so both would only alarm.
    message = record.getMessage()
    return "'dirty' build" not in message and "which is excluded from the built site" not in message


def on_startup(*, command: str, dirty: bool) -> None:
    state.command = command
    state.dirty = command == "serve" and dirty
    if state.dirty:
        for name in ("mkdocs.commands.build", "mkdocs.structure.pages"):
            logging.getLogger(name).addFilter(_not_about_partial_builds)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Runs before MkDocs empties the site folder: a mistake in the data stops the build
    # while the published site is still as it was.
    if not config.site_url:
        raise PluginError("Set site_url in mkdocs.yml to the address the site is published at: "
                          "the feeds need full addresses.")
    root = Path(config.config_file_path).parent
    data_dir = Path(os.environ.get(DATA_VARIABLE) or config.extra.get("partnership_data", "partnership_data"))
    state.data_dir = data_dir if data_dir.is_absolute() else root / data_dir
    # A council's own copies of page templates, searched before the core's.
    templates = root / (os.environ.get(TEMPLATES_VARIABLE)
                        or config.extra.get("partnership_templates", "overrides/partnership"))
    log.info(f"Reading {state.data_dir.name}/")
    state.problems = []
    try:
        # What the last build kept on disk (a preview keeps it in memory after its first build).
        kept = root / ".cache" / "kept" if state.command != "serve" or state.good is None else None
        result = build_site(state.data_dir, config.site_url, build_today(),
                            templates if templates.is_dir() else None, kept)
        state.good = result
    except DataError as exc:
        if state.command != "serve":
            raise PluginError(exc.report()) from None
        state.problems = [p.format() for p in exc.problems]
        log.info(exc.report())
        # Keep serving the last good pages, with the problems on every page; started on
        # data that cannot be built, every page says what is wrong instead.
        result = state.good or stand_in_build(exc.problems, _nav_paths(config.nav))
    state.build = result
    if _CALLER_EPOCH is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(int(result.source_date.timestamp()))
    # Material writes site_name into the page unescaped; Markup keeps "&" and "<" as text.
    config.site_name = markupsafe.escape(result.theme["name"])
    config.extra["partnership"] = {**result.theme, "preview": state.command == "serve"}
    if config.nav:  # a kind added to the registry gets its list page at the end of the menu
        named = _nav_paths(config.nav)
        config.nav += [k.index for k in kinds.generic() if k.index and k.index not in named]
    if config.nav and result.site is not None:  # the plan's menu entry in the partnership's own word
        plan = result.site.strategy.words.plan
        _rename_in_nav(config.nav, page_src("strategy"), plan[:1].upper() + plan[1:])
    if result.theme["logo"]:
        config.theme["logo"] = result.theme["logo"]
        config.theme["favicon"] = result.theme["logo"]
    if state.dirty:
        _prepare_partial(config, result)
    return config


def _prepare_partial(config: MkDocsConfig, result: Build) -> None:
    """Decide whether this preview build may re-render only the pages that changed."""
    # Material's search keeps an index only for the one page it assumes changed; this hook
    # keeps every page's entries itself (on_post_build), so Material starts afresh each time.
    for name, plugin in config.plugins.items():
        if name in ("search", "material/search"):
            plugin.is_dirty = False
    if result.stand_in:  # whatever comes next is rendered in full
        state.full, state.everywhere = True, ""
        return
    themes = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    templates = sorted((str(p), p.stat().st_mtime_ns) for p in themes.rglob("*") if p.is_file()) if themes else []
    # What every page shows besides its own Markdown: settings, branding, navigation,
    # templates, and the facts and glossary terms filled into the hand-written pages.
    everywhere = _digest(config.extra, str(config.site_name), config.theme.get("logo"),
                         Path(config.config_file_path).read_bytes().decode("utf-8", "replace"),
                         templates, result.placeholders, result.abbreviations)
    state.full = everywhere != state.everywhere or not state.rendered
    state.everywhere = everywhere


def _page_cache(config: MkDocsConfig) -> Path:
    """Where the preview keeps each generated page's Markdown, one folder per data folder."""
    key = hashlib.blake2b(str(state.data_dir).encode(), digest_size=8).hexdigest()
    return Path(config.config_file_path).parent / ".cache" / "pages" / key


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = state.build
    named = _nav_paths(config.nav)
    if state.dirty and state.full:
        state.rendered = {}
        # Hand-written pages show the facts and the navigation too: re-render them all.
        for f in files.documentation_pages():
            f.content_string = f.content_string
    if build.stand_in:
        # The stand-in pages replace every page, hand-written ones too (they need the facts).
        for f in list(files.documentation_pages()):
            files.remove(f)
    cache = _page_cache(config) if state.dirty else None
    taken = set(files.src_uris)
    left_out = {} if state.full else state.left_out  # the Files of the last build, to reuse
    state.left_out = {}
    for out in build.files:
        if out.path in taken:
            raise PluginError(f"docs/{out.path} is made from the data; delete or rename the hand-written file.")
        if out.copy_from is not None:
            files.append(File.generated(config, out.path, abs_src_path=str(out.copy_from)))
            continue
        page = out.path.endswith(".md")
        in_nav = page and (out.path in named if named else out.path.endswith("index.md"))
        inclusion = InclusionLevel.UNDEFINED if in_nav or not page else InclusionLevel.NOT_IN_NAV
        if page and cache is not None:
            # The core hands back the very same text for a page it did not render again.
            last = state.rendered.get(out.path)
            unchanged = not state.full and (last is out.content or last == out.content)
            state.rendered[out.path] = out.content
            if unchanged and not in_nav:
                # Unchanged since its page was last written, and in no menu: left out of the
                # build, so MkDocs makes no page object for it (the cost that grows with the
                # number of items), yet links to it still resolve. The same File as last time,
                # with the addresses it has already worked out.
                file = left_out.get(out.path) or File.generated(
                    config, out.path, content=out.content, inclusion=InclusionLevel.EXCLUDED)
                state.left_out[out.path] = file
                files.append(file)
                continue
            if in_nav:
                # A menu page needs its page object: when unchanged, backed by a file older than
                # the page it was last written to, so MkDocs's own --dirty check leaves it be.
                saved = cache / out.path
                if unchanged and saved.is_file():
                    files.append(File.generated(config, out.path, abs_src_path=str(saved), inclusion=inclusion))
                    continue
                saved.parent.mkdir(parents=True, exist_ok=True)
                saved.write_text(out.content, encoding="utf-8")
        files.append(File.generated(config, out.path, content=out.content, inclusion=inclusion))
    return files


def _rename_in_nav(nav: list, path: str, label: str) -> None:
    """Give the menu entry for a page the label from the data, wherever mkdocs.yml puts it."""
    for entry in nav:
        if isinstance(entry, dict):
            for key, value in list(entry.items()):
                if value == path:
                    entry.clear()
                    entry[label] = path
                elif isinstance(value, list):
                    _rename_in_nav(value, path, label)


def _nav_paths(nav: object) -> set[str]:
    """The pages mkdocs.yml's nav names (its entries are names, dicts and lists)."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        nav = list(nav.values())
    return set().union(*map(_nav_paths, nav)) if isinstance(nav, list) else set()


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    # MkDocs compiles the theme's templates afresh for every build (and, under `serve`, for
    # every save). Jinja can keep them compiled, as Python keeps __pycache__: each one is
    # checked against its source, and the versions that compile them are part of the name.
    folder = Path(config.config_file_path).parent / ".cache" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return env  # a read-only checkout: compile as usual
    salt = _digest(jinja2.__version__, _versions(), repr(env.autoescape), sorted(env.extensions))[:16]
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder), f"{salt}-%s.cache")
    return env


@functools.cache
def _versions() -> tuple[str, ...]:
    from importlib.metadata import version

    return version("mkdocs"), version("mkdocs-material")


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Generated pages carry their own glossary terms; hand-written ones get them here.
    if page.file.generated_by is None:
        build = state.build
        markdown, unknown = fill_placeholders(markdown, build.placeholders)
        for name in unknown:
            log.warning(f"docs/{page.file.src_uri}: [[{name}]] is not a fact this site knows; "
                        f"use one of: {', '.join('[[' + k + ']]' for k in build.placeholders)}")
        return markdown + "\n" + build.abbreviations + "\n"
    return markdown


@functools.cache
def _saves_only() -> type:
    """An observer class with the system's change notices, but only for files written,
    made, moved or deleted: MkDocs treats every notice as a save, and merely reading a file
    sends one too. Made on first use: only the preview needs watchdog."""
    import watchdog.events
    import watchdog.observers

    changes = [watchdog.events.FileCreatedEvent, watchdog.events.FileModifiedEvent,
               watchdog.events.FileClosedEvent, watchdog.events.FileMovedEvent,
               watchdog.events.FileDeletedEvent, watchdog.events.FileAttribEvent]

    class SavesOnly(watchdog.observers.Observer):
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
            return super().schedule(event_handler, path, recursive=recursive, follow_symlink=follow_symlink,
                                    event_filter=event_filter or changes)

    return SavesOnly


def _native_observer(paths: list[str]):
    """A change-notice observer, if this system can watch these folders (limits on the
    number of watches, network drives ...); None means keep MkDocs's polling."""
    import watchdog.events

    probe = _saves_only()()
    try:
        for path in paths:
            probe.schedule(watchdog.events.FileSystemEventHandler(), path, recursive=True)
        probe.start()
    except OSError:
        return None
    finally:
        if probe.is_alive():
            probe.stop()
            probe.join()
    return _saves_only()()


def on_serve(server, config: MkDocsConfig, builder):
    # MkDocs looks for saved files by re-reading every watched folder twice a second; with
    # thousands of items that costs up to half a second before a rebuild even starts, and
    # competes with it. The system's own change notices (inotify, FSEvents, ...) are instant.
    earlier = [p for p in (config.docs_dir, config.config_file_path) if p]  # watched before this hook runs
    data_dir = str(state.data_dir)
    native = None if server.observer.is_alive() else _native_observer(earlier + [data_dir])
    if native is not None:
        for path in earlier:
            server.unwatch(path)
        server.observer = native
        for path in earlier:
            server.watch(path)
    # Watch the data folder actually in use (PARTNERSHIP_DATA may point elsewhere).
    server.watch(data_dir)
    return server


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if state.dirty:
        state.rendered_now.add(page.url)  # for _merge_search_index
    return tidy_page_html(output)


def on_post_build(config: MkDocsConfig) -> None:
    # 404.html comes from a theme template, not a page, so on_post_page never sees it.
    missing = Path(config.site_dir) / "404.html"
    if missing.exists():
        missing.write_text(tidy_page_html(missing.read_text(encoding="utf-8")), encoding="utf-8")
    # The preview rebuilds on every save: a warning is repeated only when the list changes.
    if state.build.warnings != state.warned:
        for warning in state.build.warnings:
            log.info(f"Warning: {warning}")
    state.warned = state.build.warnings
    if state.command == "serve":
        # The stand-in pages already say what is wrong: no box on top of them.
        shown = [] if state.build.stand_in else state.problems
        (Path(config.site_dir) / PROBLEMS_FILE).write_text(json.dumps(shown), encoding="utf-8")
    rendered_now, state.rendered_now = state.rendered_now, set()
    if state.dirty:
        _merge_search_index(config, rendered_now)


def _merge_search_index(config: MkDocsConfig, rendered_now: set[str]) -> None:
    """Keep one set of search entries per page across preview builds."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    fresh = json.loads(path.read_text(encoding="utf-8"))
    by_page: dict[str, list] = {} if state.full else state.search
    for url in rendered_now:
        by_page[url] = []
    for entry in fresh["docs"]:
        by_page.setdefault(entry["location"].split("#")[0], []).append(entry)
    # Pages that no longer exist (an item deleted or made a draft) leave the index.
    current = state.page_urls
    by_page = {url: by_page[url] for url in current if url in by_page}
    state.search = by_page
    fresh["docs"] = [entry for entries in by_page.values() for entry in entries]
    path.write_text(json.dumps(fresh, separators=(",", ":"), default=str), encoding="utf-8")


def on_nav(nav, config: MkDocsConfig, files: Files):
    if state.dirty:
        pages = [f for f in files if f.is_documentation_page()]
        # In the order MkDocs renders them, which is the order the search index lists them.
        state.page_urls = ["" if f.url in (".", "./") else f.url for f in pages]  # as page.url has them
        _remove_stale_pages(pages)
    return nav


def _remove_stale_pages(pages: list[File]) -> None:
    """A page whose item was deleted or made a draft must not stay viewable in the preview."""
    now = {f.abs_dest_path for f in pages}
    for gone in state.page_files - now:
        try:
            os.remove(gone)
        except OSError:
            pass
    state.page_files = now


def on_build_error(error: Exception) -> None:
    # The next preview build starts from scratch rather than trust a half-finished one.
    state.rendered = {}
