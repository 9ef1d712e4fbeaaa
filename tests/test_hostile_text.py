"""Whatever an editor pastes into a text field, the build neither crashes nor lets markup through."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

import json

from icalendar import Calendar

from conftest import OTHER_DATA, mkdocs_build
from feedlint import atom_schema, lint_atom, lint_rss
from partnership.build import build_site

ATOM = atom_schema()
NOW = dt.datetime(2026, 11, 24, tzinfo=dt.timezone.utc)
# A tag that must never reach any output as markup, whatever surrounds it.
MARK = '<b data-x="pwned">'
NASTY = ["<script>alert(1)</script>", "\"'><img src=x onerror=alert(1)>", "&nbsp;&amp;&",
         "\u202eright-to-left\u202c", "\x0b\x0c\x00control", "]]>", "*[x]: y", "{#id}",
         "javascript:alert(1)", "🎉 emoji 👩🏽‍💻", "| a | b |", "\\", "`code`", "# heading", "\n\n- list",
         # A body's headings become Markdown headings in the page: what is in them must stay text.
         f"\n\n## {MARK} *a* `heading` [with](https://www.example.org/) {{#id}} #\n\n"]

FIELDS = {
    "partnership.yml": [("name",), ("short_name",), ("summary",), ("vision",), ("contact", "role")],
    "structure.yml": [("bodies", 0, "name"), ("bodies", 0, "purpose"), ("bodies", 0, "members", 1, "name")],
    "strategy.yml": [("title",), ("priorities", 0, "title"), ("priorities", 0, "measures", 0, "name")],
    "documents.yml": [("documents", 0, "title")],
    "glossary.yml": [("terms", 0, "definition"), ("terms", 0, "expansion")],
    "news/2026-07-01-fish-and-chips.yml": [("title",), ("summary",), ("body",), ("image", "alt"),
                                           ("image", "caption")],
    "events/2026-12-10-board-meeting.yml": [("title",), ("location",), ("summary",)],
}
MD = markdown.Markdown(extensions=["abbr", "admonition", "attr_list", "md_in_html", "tables", "sane_lists", "toc"])


def _with_text(data: Path, text: str) -> None:
    for rel, paths in FIELDS.items():
        path = data / rel
        doc = yaml.safe_load(path.read_text())
        for keys in paths:
            node = doc
            for key in keys[:-1]:
                node = node[key]
            node[keys[-1]] = text
        path.write_text(yaml.safe_dump(doc, allow_unicode=False), encoding="utf-8")


def _assert_no_markup_leaks(build) -> None:
    for out in build.files:
        if out.path.endswith(".md"):
            MD.reset()
            # MkDocs reads the front matter as data (the templates escape it); render the rest.
            body = out.content.split("\n---\n", 1)[1] if out.content.startswith("---\n") else out.content
            html = MD.convert(body)
            assert MARK not in html, out.path
            assert "<script" not in html, out.path
        elif out.path.endswith(".atom"):
            assert lint_atom(out.content.encode(), ATOM) == [], out.path
        elif out.path.endswith(".json"):
            json.loads(out.content)
            assert "<" not in out.content, out.path
        elif out.path.endswith(".ics"):
            for ev in Calendar.from_ical(out.content).walk("VEVENT"):
                assert ev.errors == []
        elif out.path.endswith(".xml"):
            assert lint_rss(out.content.encode(), NOW) == [], out.path
            root = etree.fromstring(out.content.encode(), etree.XMLParser(resolve_entities=False))
            for el in root.iter():
                # Elements that hold HTML must carry the mark escaped; plain-text ones hold it as text.
                plain = el.tag.endswith(("title", "category", "creator", "credit", "name")) or \
                    el.get("type") in ("plain", "text")
                assert plain or MARK not in (el.text or ""), (out.path, el.tag)
                for value in el.attrib.values():
                    assert MARK not in value


texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=texts, after=texts, nasty=st.sampled_from(NASTY))
def test_any_text_in_any_field_builds_and_stays_text(tmp_path_factory, before, after, nasty):
    data = tmp_path_factory.mktemp("data") / "d"
    shutil.copytree(OTHER_DATA, data)
    text = f"{before}{MARK}{nasty}{after}x"
    _with_text(data, text)
    build = build_site(data, "https://www.example.gov.uk/partnership/", dt.date(2026, 11, 23))
    _assert_no_markup_leaks(build)


def _live_attributes(html: str) -> list[str]:
    """Event-handler attributes that a browser would run."""
    from html.parser import HTMLParser

    found = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(f"{tag} {k}" for k, _ in attrs if k.startswith("on"))

    Finder().feed(html)
    return found


def test_hostile_text_through_mkdocs_and_material_templates(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    _with_text(data, MARK + "".join(NASTY))
    site = mkdocs_build(tmp_path / "site", data=data)
    checked = 0
    for path in site.rglob("*"):
        if path.suffix in (".html", ".xml", ".json"):
            text = path.read_text()
            assert MARK not in text, path
            assert "<script>alert" not in text, path
            if path.suffix == ".html":
                assert _live_attributes(text) == [], path
            checked += 1
    assert checked > 20
