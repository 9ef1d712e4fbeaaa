"""Offline checks that reproduce the W3C Feed Validation Service messages that matter here.

The validator itself is not installable from a package registry, so these rules restate
its messages (see the project's feeds reference, section 4.1). Each returns the
validator's own wording, so a failure reads like the validator would.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")
SCHEMAS = Path(__file__).parent / "schemas"


def _full_url(value: str) -> bool:
    parts = urlsplit(value or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class _HtmlScan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.relative, self.script, self.bad_amp = [], False, False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "embed", "object"):
            self.script = True
        for key, value in attrs:
            if key.startswith("on"):
                self.script = True
            if key in ("href", "src") and value and not value.startswith(("mailto:", "tel:", "#")) \
                    and not _full_url(value):
                self.relative.append(value)


def _html_problems(field: str, text: str) -> list[str]:
    scan = _HtmlScan()
    scan.feed(text or "")
    found = []
    if scan.relative:
        found.append(f"{field} should not contain relative URL references")
    if scan.script:
        found.append(f"{field} should not contain script tag")
    # A bare "&" that starts no entity is the validator's "Invalid HTML".
    if re.search(r"&(?!(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);)", text or ""):
        found.append("Invalid HTML")
    return found


def lint_rss(raw: bytes, now: dt.datetime) -> list[str]:
    try:
        root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return [f"XML parsing error: {exc}"]
    found: list[str] = []
    guids: list[str] = []
    for item in root.iter("item"):
        guid = item.find("guid")
        if guid is None:
            found.append("item should contain a guid element")
        else:
            permalink = guid.get("isPermaLink", "true") == "true"
            if permalink and not _full_url(guid.text):
                found.append("guid must be a full URL, unless isPermaLink attribute is false")
            elif not permalink and len(guid.text or "") < 8:
                found.append("The specified guid is not sufficiently unique")
            guids.append(guid.text)
        link = item.findtext("link")
        if link is not None and not _full_url(link):
            found.append("link must be a full and valid URL")
        date = item.findtext("pubDate")
        if date is not None:
            if not RFC822.match(date):
                found.append("pubDate must be an RFC-822 date-time")
            elif email.utils.parsedate_to_datetime(date) > now:
                found.append("Implausible date")
        author = item.findtext("author")
        if author is not None and not re.search(r"\(.+\)", author):
            found.append("Email address is missing real name")
        enclosures = item.findall("enclosure")
        if len(enclosures) > 1:
            found.append("item contains more than one enclosure")
        for enc in enclosures:
            if not (enc.get("length") or "").isdigit():
                found.append("length attribute of enclosure must be a positive integer")
        found += _html_problems("description", item.findtext("description"))
        found += _html_problems("content:encoded", item.findtext(CONTENT))
    if len(guids) != len(set(guids)):
        found.append("guid values must not be duplicated within a feed")
    return found


def atom_schema() -> etree.RelaxNG:
    # RFC 4287 appendix B, converted once from atom.rnc (see tests/schemas/README.md).
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))


def lint_atom(raw: bytes, schema: etree.RelaxNG) -> list[str]:
    doc = etree.fromstring(raw)
    found = [f"RELAX NG: {e.message} (line {e.line})" for e in schema.error_log] \
        if not schema.validate(doc) else []
    ns = {"a": "http://www.w3.org/2005/Atom"}
    # The validator compares the entries' atom:updated values as written (DuplicateUpdated),
    # warning once for each entry that repeats an earlier one.
    stamps = [entry.findtext("a:updated", namespaces=ns) for entry in doc.findall("a:entry", ns)]
    repeated = len(stamps) - len(set(stamps))
    if repeated:
        found.append(f"Two entries with the same value for atom:updated ({repeated} occurrences)")
    for entry in doc.findall("a:entry", ns):
        alternates = [l for l in entry.findall("a:link", ns) if l.get("rel", "alternate") == "alternate"]
        if len(alternates) > 1:
            found.append("Duplicate alternate links with the same type and hreflang")
        for content in entry.findall("a:content", ns):
            if content.get("type") not in (None, "text", "html", "xhtml"):
                found.append("Not a valid MIME type")
        for stamp in entry.findall("a:updated", ns) + entry.findall("a:published", ns):
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", stamp.text or ""):
                found.append("updated must be an RFC 3339 date-time")
    return found
