"""The Jinja environment that turns data into page Markdown.

Every sentence a resident reads on a generated page is in templates/ (or in a council's
copy of one, found first). Python hands the templates data and a few helpers; the
templates say things.

Escaping is on by default: every {{ value }} is escaped for Markdown and HTML as
text.md_text does, unless it is already markupsafe.Markup (links and cleaned HTML made
by the core, or the output of another template).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from pathlib import Path
from typing import Iterable

import jinja2
from markupsafe import Markup

from . import model as m
from .text import attr, front_matter, md_text

CORE_TEMPLATES = Path(__file__).parent / "templates"


def _finalize(value: object) -> object:
    if value is None:  # an optional field left out shows nothing
        return Markup("")
    if hasattr(value, "__html__"):
        return value
    return Markup(md_text(str(value)))


def _date(value: dt.date | dt.datetime | m.PartialDate) -> str:
    return value.display() if isinstance(value, m.PartialDate) else m.display_date(value)


def _in_html(value: object) -> Markup:
    """For an HTML attribute or element written by a template."""
    return Markup(attr(str(value)))


def _anchor(key: str) -> Markup:
    """A heading's id in attribute-list syntax, {#key}, which a template cannot write
    itself: "{#" starts a Jinja comment."""
    return Markup(f"{{#{key}}}")


def _cell(value: object) -> Markup:
    """A table cell: md_text already escapes "|" once, which is all a cell needs (escaping it
    again wrote a backslash into the cell and cut it in two at the "|")."""
    return Markup(md_text(str(value)))


def _front_matter(sharing: dict | None, feed: tuple[str, str] | None, description: str | None,
                  hide_toc: bool, calendar: tuple[str, str] | None = None, searched: bool = True) -> Markup:
    meta: dict = dict(sharing or {})
    if not searched:  # a list of other pages: search finds those pages themselves
        meta["search"] = {"exclude": True}
    if feed:
        meta["feed_title"], meta["feed_path"] = feed
    if calendar:  # the theme declares it in the page's head, for calendar apps and feed finders
        meta["calendar_title"], meta["calendar_path"] = calendar
    if description:
        # Material writes this into an attribute unescaped, so it is escaped here.
        meta["description"] = attr(str(description))
    if hide_toc:
        meta["hide"] = ["toc"]
    return Markup(front_matter(meta) if meta else "")


def _compiled(settings: str) -> jinja2.BytecodeCache | None:
    """Templates kept compiled between runs, beside the package's own __pycache__: compiling
    them costs a command-line build more than rendering every page. Each one is checked
    against its source; the Jinja version and the settings are part of the name."""
    folder = Path(__file__).parent / "__pycache__" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only installation: compile as usual
    salt = hashlib.blake2b(f"{jinja2.__version__} {settings}".encode(), digest_size=8).hexdigest()
    return jinja2.FileSystemBytecodeCache(str(folder), f"{salt}-%s.cache")


def folders(templates: Path | str | Iterable[Path | str] | None) -> tuple[str, ...]:
    """A council's template folders, searched in this order before the core's."""
    if templates is None:
        return ()
    if isinstance(templates, (str, Path)):
        templates = [templates]
    return tuple(str(Path(t)) for t in templates)


@functools.cache
def _environment(search: tuple[str, ...]) -> jinja2.Environment:
    """One environment for each list of folders: the preview renders on every save, and
    Jinja keeps each template compiled."""
    settings = dict(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    # Jinja's own check for a changed file costs a look-up every time a page asks for a
    # template; environment() looks at the folders once a build instead.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([*search, str(CORE_TEMPLATES)]),
                             auto_reload=False, finalize=_finalize, undefined=jinja2.StrictUndefined,
                             bytecode_cache=_compiled(repr(sorted(settings.items()))), **settings)
    env.filters.update(date=_date, time=m.display_time, in_html=_in_html, cell=_cell, anchor=_anchor,
                       iso=lambda moment: Markup(moment.date().isoformat()),
                       # "well-being objectives" -> "Well-being objectives"; |capitalize would lower a name
                       sentence=lambda text: text[:1].upper() + text[1:])
    env.globals.update(front_matter=_front_matter)
    return env


_SEEN: dict[tuple[str, ...], list] = {}


def environment(search: tuple[str, ...] = ()) -> jinja2.Environment:
    """The environment for these folders, with their templates as they are on disk now."""
    env = _environment(search)
    files = template_files(env)
    if _SEEN.get(search) != files:
        env.cache.clear()
        _SEEN[search] = files
    return env


def site_context(site: m.Site, site_url: str, env: jinja2.Environment, pictures: dict) -> str:
    """A digest of what a page or feed kept by the preview's memo shows besides its own
    items: the facts every page shows, the address, the templates and the pictures."""
    facts = (site.partnership, site.partners, site.strategy, site.glossary, site.today, site_url,
             template_files(env), pictures, site.images)
    return hashlib.blake2b(repr(facts).encode(), digest_size=16).hexdigest()


def template_files(env: jinja2.Environment) -> list[tuple[str, int, int]]:
    """Every template file the environment may use, with its time and size: a page kept
    from an earlier build (the preview's memo) is stale once any of them changes."""
    found = []
    for folder in env.loader.searchpath:
        if os.path.isdir(folder):
            with os.scandir(folder) as entries:
                found += sorted((e.path, e.stat().st_mtime_ns, e.stat().st_size) for e in entries if e.is_file())
    return found


def macros(search: tuple[str, ...] = ()):
    """The shared macros, for Python that needs a template's wording (terminal warnings)."""
    return environment(search).get_template("macros.md").module
