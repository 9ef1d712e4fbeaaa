"""What social networks, messaging apps and search engines read from a page.

Open Graph and Twitter card values (the templates write them as escaped <meta> tags) and
schema.org JSON-LD. Everything comes from the data; pages with nothing to share get none.
"""

from __future__ import annotations

import json
from functools import cached_property

from . import model as m
from .derive import Derived
from .load import IMAGES
from .text import script_safe_json
from .urls import absolute, page_src, page_url


def json_ld(data: dict) -> str:
    """JSON for a <script> element: <, > and & escaped so no text can close the element."""
    return script_safe_json(_JSON.encode(data))


# json.dumps with these settings, without a new encoder for every page.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class Sharing:
    def __init__(self, site: m.Site, site_url: str, derived: Derived):
        self.site = site
        self.site_url = site_url
        self.d = derived

    def _url(self, src: str) -> str:
        return absolute(self.site_url, page_url(src))

    def organisation(self) -> dict:
        p = self.site.partnership
        org: dict = {"@type": "Organization", "name": p.name, "alternateName": p.short_name,
                     "url": self._url(page_src("home"))}
        if p.contact.email:
            org["email"] = p.contact.email
        if p.host_council.logo:
            org["logo"] = absolute(self.site_url, f"assets/branding/{p.host_council.logo.split('/')[-1]}")
        if p.contact.phone:
            org["telephone"] = p.contact.phone
        if p.contact.address:
            org["address"] = {"@type": "PostalAddress", "streetAddress": ", ".join(p.contact.address),
                              "addressCountry": "GB"}
        org["sponsor"] = {"@type": "GovernmentOrganization", "name": p.host_council.name, "url": p.host_council.url}
        return org

    @cached_property
    def _publisher(self) -> dict:
        """The same for every news item: worked out once (read, never changed)."""
        return {k: v for k, v in self.organisation().items() if k in ("@type", "name", "url", "logo")}

    def home(self) -> dict:
        return {"jsonld": json_ld({"@context": "https://schema.org", **self.organisation()})}

    def news_item(self, n: m.NewsItem) -> dict:
        url = self._url(page_src("news-item", n.slug))
        image = absolute(self.site_url, f"{IMAGES}/{n.image.file}") if n.image else None
        social = {"type": "article", "title": n.title, "description": n.summary, "url": url,
                  "image": image, "image_alt": n.image.alt if n.image else None,
                  "published": n.date.isoformat(), "modified": (n.updated or n.date).isoformat()}
        publisher = self._publisher
        if n.partner:
            author = {"@type": "Organization", "name": self.d.partners[n.partner].name}
        elif n.author:
            author = {"@type": "Person", "name": n.author}
        else:
            author = publisher
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": n.title,
                "description": n.summary, "url": url, "mainEntityOfPage": url, "inLanguage": "en-GB",
                "datePublished": n.date.isoformat(), "dateModified": (n.updated or n.date).isoformat(),
                "author": author, "publisher": publisher}
        if image:
            data["image"] = {"@type": "ImageObject", "url": image, "caption": n.image.caption or n.image.alt}
        if n.themes:
            data["about"] = [self.d.priorities[t].title for t in n.themes]
        return {"social": social, "jsonld": json_ld(data)}

    def event(self, e: m.Event) -> dict:
        url = self._url(page_src("event", e.slug))
        social = {"type": "website", "title": e.title, "description": e.summary, "url": url}
        start = (e.date_given.iso() if e.date_given else e.start.date().isoformat()
                 if e.all_day or e.time_to_be_confirmed else e.start.isoformat())
        data = {"@context": "https://schema.org", "@type": "Event", "name": e.title,
                "description": e.summary, "url": url, "startDate": start,
                "eventStatus": "https://schema.org/EventCancelled" if e.cancelled
                else "https://schema.org/EventScheduled",
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "organizer": {k: v for k, v in self.organisation().items() if k in ("@type", "name", "url")},
                "isAccessibleForFree": True, "inLanguage": "en-GB"}
        if e.location:
            data["location"] = {"@type": "Place", "name": e.location, "address": e.location}
        if e.end:
            data["endDate"] = e.end.date().isoformat() if e.all_day else e.end.isoformat()
        return {"social": social, "jsonld": json_ld(data)}
