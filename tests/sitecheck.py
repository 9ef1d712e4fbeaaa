"""Reading a built site the way a browser would: pages, their links and their anchors."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key) is not None and not (tag == "link" and a.get("rel") in ("preconnect", "dns-prefetch")):
                self.links.append((tag, a[key]))


@lru_cache(maxsize=None)
def parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html"))


def url_of(site: Path, page: Path, site_url: str) -> str:
    rel = page.relative_to(site).as_posix()
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    return urljoin(site_url, rel)


def target_file(site: Path, site_url: str, url: str) -> Path | None:
    """The file in the built site that an absolute URL on the site points at, or None."""
    if not url.startswith(site_url):
        return None
    rel = unquote(urlsplit(url).path[len(urlsplit(site_url).path):])
    candidate = site / rel
    if rel == "" or rel.endswith("/"):
        candidate = candidate / "index.html"
    return candidate


def broken_links(site: Path, site_url: str) -> list[str]:
    """Every internal link or fragment in every page that does not resolve."""
    problems = []
    for page in pages(site):
        base = url_of(site, page, site_url)
        for tag, link in parse(page).links:
            if link.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            absolute = urljoin(base, link)
            target = target_file(site, site_url, absolute)
            if target is None:
                host = urlsplit(absolute).netloc
                if host == urlsplit(site_url).netloc:
                    problems.append(f"{page.relative_to(site)}: {link} leaves the site's folder")
                continue
            if not target.exists():
                problems.append(f"{page.relative_to(site)}: {link} -> missing {target.relative_to(site)}")
                continue
            fragment = urlsplit(absolute).fragment
            if fragment and target.suffix == ".html" and unquote(fragment) not in parse(target).ids:
                problems.append(f"{page.relative_to(site)}: {link} -> no #{fragment}")
    return problems


def reachable(site: Path, site_url: str) -> set[str]:
    """Site-relative paths of every page a visitor can reach from the home page."""
    seen: set[str] = set()
    todo = [site / "index.html"]
    while todo:
        page = todo.pop()
        rel = page.relative_to(site).as_posix()
        if rel in seen or not page.exists():
            continue
        seen.add(rel)
        base = url_of(site, page, site_url)
        for tag, link in parse(page).links:
            if tag != "a":
                continue
            target = target_file(site, site_url, urljoin(base, link).split("#")[0])
            if target is not None and target.suffix == ".html":
                todo.append(target)
    return {posixpath.dirname(p) + "/" if p.endswith("index.html") else p for p in seen}
