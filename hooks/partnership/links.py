"""Check the links that leave the site (partners' websites, documents on other sites).

Other websites change without warning, so this is a report for editors to run before
publishing, not a gate: a broken outside link never stops the build.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from . import kinds, model as m
from .text import BodyRenderer, links_in_html
USER_AGENT = "partnership-site link check (run by the site's editors)"


@dataclass(frozen=True)
class LinkResult:
    url: str
    where: str
    problem: str | None  # None when the link works


def outside_links(site: m.Site) -> dict[str, str]:
    """Every outside address in the data, with where it is written (the first place)."""
    found: dict[str, str] = {}

    def add(url: str | None, where: str) -> None:
        if url and url not in found:
            found[url] = where

    def add_body(body: str | None, where: str) -> None:
        for url in links_in_html(render.html(body)) if body else []:
            if url.startswith(("https://", "http://")):
                add(url, where)

    p = site.partnership
    add(p.host_council.url, "partnership.yml › host_council")
    if p.county_partnership:
        add(p.county_partnership.url, "partnership.yml › county_partnership")
    add(p.contact.comment_url, "partnership.yml › contact")
    for partner in site.partners.partners:
        add(partner.website, f"partners.yml › {partner.id}")
    for doc in site.documents.documents:
        add(doc.url, f"documents.yml › {doc.id}")
    for version in site.strategy.earlier_versions:
        add(version.url, f"strategy.yml › earlier_versions › {version.title}")
    # Bodies are read as the site shows them, so every way of writing a link is found.
    render = BodyRenderer(())
    for n in site.news:
        add_body(n.body, f"news/{n.slug}.yml › body")
    for e in site.events:
        add(e.booking_url, f"events/{e.slug}.yml › booking_url")
        add_body(e.body, f"events/{e.slug}.yml › body")
    for c in site.consultations.consultations:
        add_body(c.how_to_respond, f"consultations.yml › {c.id}")
        add_body(c.outcome, f"consultations.yml › {c.id}")
    # A kind added to the registry: every field that is a web address, and its body.
    for kind in kinds.generic():
        for item in site.items(kind.name):
            where = f"{kind.source}{item.slug}.yml" if kind.folder else f"{kind.source} › {kinds.item_key(item)}"
            for name, value in item:
                if name == "body":
                    add_body(value, f"{where} › body")
                elif isinstance(value, str) and value.startswith(("https://", "http://")):
                    add(value, f"{where} › {name}")
    return found


def check_link(url: str, timeout: float = 15) -> str | None:
    for method in ("HEAD", "GET"):  # some servers refuse HEAD; ask again properly before blaming the link
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue
            return f"the server answered {exc.code} {exc.reason}"
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return f"could not reach it ({reason})"
    return None


def check_links(site: m.Site, workers: int = 8) -> list[LinkResult]:
    links = outside_links(site)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        problems = list(pool.map(check_link, links))
    return [LinkResult(url, where, problem) for (url, where), problem in zip(links.items(), problems)]
