"""The whole build as one pure function: data folder in, list of output files out.

Nothing is written here. The MkDocs hook and the command line both call build_site()
and only then write, so a data error never leaves a half-built site behind.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import model as m
from .background import Apart
from .derive import Derived, feed_specs, overdue_commitments
from .load import IMAGES, build_today, load_site  # noqa: F401 (build_today is re-exported)
from .pages import PageWriter
from .problems import Problem
from .text import BodyRenderer
from .urls import FEEDS, feed_path, page_src, page_url



FEED_SITEMAP = "feeds/sitemap.xml"
EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'


@dataclass(frozen=True)
class OutputFile:
    path: str                      # relative to the site root (pages: their .md source path)
    content: str | bytes | None = None
    copy_from: Path | None = None  # a file copied as it is (pictures, the logo)


@dataclass(frozen=True)
class Build:
    site: m.Site | None            # None only for stand_in_build()
    files: list[OutputFile]
    theme: dict                    # what the templates read, through config.extra
    warnings: list[str] = field(default_factory=list)
    # With apart: generated pages, feeds and calendars, still being made in a second process.
    pending: PendingFiles | None = None

    def all_files(self) -> list[OutputFile]:
        return self.files + (self.pending.files() if self.pending else [])

    @property
    def source_date(self) -> dt.datetime:
        """The newest date in the published data: a build date that only the data can move."""
        if self.site is None:
            return dt.datetime(2000, 1, 1, tzinfo=m.UK)
        moments = [n.updated or n.date for n in self.site.news]
        moments += [e.start for e in self.site.events if e.start.date() <= self.site.today]
        return max(moments, default=dt.datetime(2000, 1, 1, tzinfo=m.UK))


class PendingFiles:
    """Files whose paths are known now and whose content is still being made."""

    def __init__(self, paths: tuple[str, ...], job: Apart[OutputFile]):
        self.paths = paths
        self.job = job
        self._made: dict[str, str | bytes] = {}

    def content(self, path: str) -> str | bytes:
        """The file's content, waiting for it if need be."""
        while path not in self._made:
            expected = self.paths[len(self._made)] if len(self._made) < len(self.paths) else None
            out = next(self.job, None)
            if out is None or out.path != expected:  # the plan and the work must agree
                raise RuntimeError(f"expected {expected} next, got {out and out.path}")
            self._made[out.path] = out.content
        return self._made[path]

    def files(self) -> list[OutputFile]:
        return [OutputFile(path, self.content(path)) for path in self.paths]

    def abandon(self) -> None:
        self.job.abandon()


def build_site(data_dir: Path | str, site_url: str, today: dt.date, *, apart: bool = False) -> Build:
    """Every output file. With apart, the pages' Markdown, the feeds and the calendars are
    made in a second process once the data has passed its checks, and handed over as they
    are made (see background.py): Build.pending has their paths at once."""
    data_dir = Path(data_dir)
    site = load_site(data_dir, today)
    site_url = site_url.rstrip("/") + "/"
    renderer = BodyRenderer((t.term, t.expansion) for t in site.glossary.terms if t.expansion)
    derived = Derived(site)
    plan = PageWriter(site, derived, site_url, renderer).plan()

    def made():
        for src, write in plan:
            yield OutputFile(src, write().markdown)
        yield from feed_files(site, site_url, renderer, derived)

    files: list[OutputFile] = []
    pending = None
    if apart:
        pending = PendingFiles(tuple(src for src, _ in plan) + tuple(feed_file_paths(site)), Apart(made))
    else:
        files += made()
    for picture in sorted({n.image.file for n in site.news if n.image}):  # one copy, however many items use it
        files.append(OutputFile(f"{IMAGES}/{picture}", copy_from=data_dir / IMAGES / picture))
    logo = site.partnership.host_council.logo
    if logo:
        files.append(OutputFile(f"assets/branding/{Path(logo).name}", copy_from=data_dir / logo))
    return Build(site, files, theme_settings(site, site_url), overdue_commitments(site), pending)


def feed_file_paths(site: m.Site) -> list[str]:
    """What feed_files() writes, in its order, known without writing anything."""
    paths = [spec.rss_path for spec in feed_specs(site)] + [FEEDS["atom"], FEEDS["json"]]
    paths += [FEEDS["calendar"], FEED_SITEMAP]
    return paths + [feed_path("event", e.slug) for e in site.events]


def feed_files(site: m.Site, site_url: str, renderer: BodyRenderer, derived: Derived) -> list[OutputFile]:
    """The news feeds, the calendars and the feeds' sitemap."""
    # Imported here: when these files are written in a second process, the first one
    # never loads the feed and calendar libraries at all.
    from .calendar import render_calendars
    from .feeds import FeedWriter

    files = [OutputFile(path, text) for path, text in FeedWriter(site, site_url, renderer, derived).all_files()]
    calendar, per_event = render_calendars(site, site_url)
    files.append(OutputFile(FEEDS["calendar"], calendar))
    # Material's script fetches "sitemap.xml" beside every <link rel="alternate"> it finds
    # (for language versions); an empty one beside the feeds answers it in a few bytes.
    files.append(OutputFile(FEED_SITEMAP, EMPTY_SITEMAP))
    files += [OutputFile(feed_path("event", slug), text) for slug, text in per_event.items()]
    return files


def footer_links() -> dict[str, str]:
    """The pages every footer links to, relative to the site root."""
    return {
        "accessibility": page_url(page_src("accessibility")),
        "privacy": page_url(page_src("privacy")),
        "contact": page_url(page_src("have-your-say")) + "#contact-us",
        "subscribe": page_url(page_src("subscribe")),
        "editors_guide": page_url(page_src("editors-guide")),
    }


def stand_in_build(problems: list[Problem], pages: Iterable[str]) -> Build:
    """For a preview started on data that cannot be built: each of these pages says what
    is wrong, until the data is fixed and the real site takes their place."""
    one = len(problems) == 1
    listed = html.escape("\n".join(p.format() for p in problems))
    text = ("# The preview cannot show the site yet\n\n"
            f"The data has {len(problems)} problem{'' if one else 's'}, so there is no version of the site "
            f"to show. Fix {'it' if one else 'them'} and save: this page will update by itself.\n\n"
            f'<pre class="pship-problem-list">{listed}</pre>\n')
    home = page_url(page_src("home"))
    theme = {
        "name": "Site preview", "short_name": "Preview", "council": {"name": "Site preview", "url": home or "./"},
        "logo": None, "logo_alt": "", "colours": {"primary": "#1d70b8", "accent": "#1d70b8"}, "feeds": [],
        "contact_email": "", "alerts": [],
        "links": footer_links(),
    }
    return Build(None, [OutputFile(path, text) for path in sorted(set(pages) | {page_src("home")})], theme)


def theme_settings(site: m.Site, site_url: str) -> dict:
    """Plain values for the templates in overrides/ (config.extra.partnership)."""
    p = site.partnership
    # Offered in every page's head, most useful first; theme feeds only on their own pages.
    # Paths are relative to the site root: the templates turn them into links.
    specs = {spec.key: spec for spec in feed_specs(site)}
    feeds = [
        {"title": specs["news"].title, "path": FEEDS["news"], "type": "application/rss+xml"},
        {"title": specs["news"].title + " (Atom)", "path": FEEDS["atom"], "type": "application/atom+xml"},
        {"title": specs["news"].title + " (JSON Feed)", "path": FEEDS["json"], "type": "application/feed+json"},
        {"title": specs["magazine"].title, "path": FEEDS["magazine"], "type": "application/rss+xml"},
    ]
    return {
        "name": p.name,
        "short_name": p.short_name,
        "council": {"name": p.host_council.name, "url": p.host_council.url},
        "logo": f"assets/branding/{Path(p.host_council.logo).name}" if p.host_council.logo else None,
        "logo_alt": p.host_council.logo_alt or p.host_council.name,
        "colours": {"primary": p.branding.primary_colour, "accent": p.branding.accent_colour},
        "feeds": feeds,
        "contact_email": p.contact.email,
        # Notices current on the build's date; the templates show them at the top of every page.
        "alerts": [{"text": a.text, "url": a.link, "link_text": a.link_text or "Find out more"}
                   for a in site.alerts.alerts if a.current(site.today)],
        "links": footer_links(),
    }

