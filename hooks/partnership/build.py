"""The whole build as one pure function: data folder in, list of output files out.

Nothing is written here. The command line and the MkDocs hook both call build_site(), and
write only once the data has passed its checks, so a data error never leaves a half-built
site behind.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import model as m
from .derive import Derived, feed_specs, overdue_commitments
from .feeds import FeedWriter
from .load import IMAGES, load_site
from .outputs import Build, OutputFile, Stored, footer_links
from .pages import PageWriter, abbreviation_block, placeholders
from .pictures import Picture, pictures, size_warnings
from .text import BodyRenderer
from .urls import FEEDS, feed_path

FEED_SITEMAP = "feeds/sitemap.xml"
EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'


def build_site(data_dir: Path | str, site_url: str, today: dt.date, templates=None,
               kept: Path | None = None) -> Build:
    """Every output file: pages, feeds, calendars and copied pictures (DataError if the data
    fails its checks). `templates`: a council's folder (or list of folders) of page
    templates, searched before the core's. `kept`: a folder where a build keeps what it
    found in each data file and the pages that grow with the items, so the next build
    checks and writes again only what changed."""
    data_dir = Path(data_dir)
    site = load_site(data_dir, today, kept / "checked.pickle" if kept else None)
    site_url = site_url.rstrip("/") + "/"
    renderer = BodyRenderer((t.term, t.expansion) for t in site.glossary.terms if t.expansion)
    derived = Derived(site)
    sized = pictures(site, data_dir)
    stored = Stored(kept / "pages.json" if kept else None)
    files = [OutputFile(src, write().markdown)
             for src, write in PageWriter(site, derived, site_url, renderer, templates, sized, stored).plan()]
    stored.save()
    files += feed_files(site, site_url, renderer, derived, templates, sized)
    for name, picture in sorted(sized.items()):  # one file, however many items use it
        files.append(OutputFile(picture.original, copy_from=data_dir / IMAGES / name))
        if picture.is_copy:
            files.append(OutputFile(picture.path, picture.content))
    logo = site.partnership.host_council.logo
    if logo:
        files.append(OutputFile(f"assets/branding/{Path(logo).name}", copy_from=data_dir / logo))
    warnings = [*site.warnings, *overdue_commitments(site, templates),
                *size_warnings(site, data_dir, sized)]
    return Build(site, files, theme_settings(site, site_url, templates), warnings,
                 source_date=source_date(site), placeholders=placeholders(site, templates),
                 abbreviations=abbreviation_block(site))


def source_date(site: m.Site) -> dt.datetime:
    """The newest date in the published data: a build date that only the data can move."""
    moments = [n.updated or n.date for n in site.news]
    moments += [e.start for e in site.events if e.start.date() <= site.today]
    return max(moments, default=dt.datetime(2000, 1, 1, tzinfo=m.UK))


def feed_files(site: m.Site, site_url: str, renderer: BodyRenderer, derived: Derived,
               templates=None, sized: dict[str, Picture] | None = None) -> list[OutputFile]:
    """The news feeds, the calendars and the feeds' sitemap."""
    writer = FeedWriter(site, site_url, renderer, derived, templates, sized)
    files = [OutputFile(path, text) for path, text in writer.all_files()]
    calendar, per_event = writer.calendars()
    files.append(OutputFile(FEEDS["calendar"], calendar))
    # Material's script fetches "sitemap.xml" beside every <link rel="alternate"> it finds
    # (for language versions); an empty one beside the feeds answers it in a few bytes.
    files.append(OutputFile(FEED_SITEMAP, EMPTY_SITEMAP))
    files += [OutputFile(feed_path("event", slug), text) for slug, text in per_event.items()]
    return files


def theme_settings(site: m.Site, site_url: str, templates=None) -> dict:
    """Plain values for the templates in overrides/ (config.extra.partnership)."""
    p = site.partnership
    # Offered in every page's head, most useful first; theme feeds only on their own pages.
    # Paths are relative to the site root: the templates turn them into links.
    specs = {spec.key: spec for spec in feed_specs(site, templates)}
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
        "as_of": m.display_date(p.as_of) if p.as_of else None,
        # Notices current on the build's date; the templates show them at the top of every page.
        "alerts": [{"text": a.text, "url": a.link, "link_text": a.link_text or "Find out more"}
                   for a in site.alerts.alerts if a.current(site.today)],
        "links": footer_links(),
    }

