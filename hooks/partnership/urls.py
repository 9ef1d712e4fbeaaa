"""Where every generated page and feed lives. Decided here, once."""

from __future__ import annotations

import posixpath

_PAGES = {
    "home": "index.md",
    "about": "about/index.md",
    "structure": "structure/index.md",
    "body": "structure/{key}.md",
    "strategy": "strategy/index.md",
    "documents": "documents/index.md",
    "partners": "partners/index.md",
    "news": "news/index.md",
    "news-item": "news/{key}.md",     # slugs start with a full date, so never clash with a year
    "news-year": "news/{key}.md",
    "theme": "news/themes/{key}.md",
    "events": "events/index.md",
    "event": "events/{key}.md",
    "have-your-say": "have-your-say/index.md",
    "accountability": "accountability/index.md",
    "glossary": "glossary/index.md",
    "subscribe": "subscribe/index.md",
    "magazine": "news/for-editors.md",
    # hand-written pages in docs/ that generated pages link to
    "what-is-an-lsp": "what-is-an-lsp.md",
    "accessibility": "accessibility.md",
    "privacy": "privacy.md",
    "editors-guide": "editors-guide.md",
}

FEEDS = {
    "news": "feeds/news.xml",
    "magazine": "feeds/magazine.xml",
    "atom": "feeds/news.atom",
    "json": "feeds/news.json",
    "calendar": "feeds/events.ics",
}
_FEED_PATHS = {
    "kind": "feeds/{key}.xml",        # a kind added to the registry, by its name
    "theme": "feeds/themes/{key}.xml",
    "event": "feeds/events/{key}.ics",
}


def feed_path(kind: str, key: str) -> str:
    """The path of a per-theme news feed or a single event's calendar file."""
    return _FEED_PATHS[kind].format(key=key)


def page_src(kind: str, key: str = "") -> str:
    """The Markdown source path of a page, relative to the docs folder."""
    if kind in _PAGES:
        return _PAGES[kind].format(key=key)
    from .kinds import KINDS  # a kind added to the registry says where its pages go

    found = KINDS[kind]
    return found.page.format(key=key) if key else found.index


def page_url(src: str) -> str:
    """The URL path of a page relative to the site root, as MkDocs writes it."""
    if src == "index.md":
        return ""
    if src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[: -len(".md")] + "/"


def link(from_src: str, to_src: str, anchor: str = "") -> str:
    """A relative Markdown link from one page to another, which MkDocs checks and rewrites."""
    # Plain string work: posixpath.relpath asks the file system for the current folder.
    here = [p for p in posixpath.dirname(from_src).split("/") if p]
    there = to_src.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:])
    return rel + (f"#{anchor}" if anchor else "")


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")
