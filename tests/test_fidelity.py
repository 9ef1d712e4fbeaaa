"""What an editor types is what residents read: nothing typed is lost, changed or read as
something else on the way to the page and the feeds."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from conftest import OTHER_DATA
from partnership.build import build_site
from partnership.load import load_site

TODAY = dt.date(2026, 11, 23)
SITE = "https://www.example.gov.uk/partnership/"


def _data(tmp_path: Path, replace: dict[str, tuple[str, str]]) -> Path:
    """A copy of the valid fixture with text replaced in some files: {file: (old, new)}."""
    data = tmp_path / "partnership_data"
    shutil.copytree(OTHER_DATA, data)
    for rel, (old, new) in replace.items():
        path = data / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return data


def test_text_fields_keep_what_was_typed(tmp_path):
    data = _data(tmp_path, {
        "structure.yml": ("      - name: Siân Ellis-Öztürk", "      - name: Null"),
        "partnership.yml": ("short_name: Community Partnership\n", "short_name: 1.10\n"),
    })
    contact = data / "partnership.yml"
    text = contact.read_text(encoding="utf-8")
    text = text.replace("phone: 01234 567890", "phone: 01622602000")
    text = text.replace("[Civic Centre, Heol Fawr,", "[Civic Centre, No, On, 2011-06-16, yes,")
    contact.write_text(text, encoding="utf-8")
    site = load_site(data, TODAY)
    assert site.structure.bodies[0].members[1].name == "Null"
    assert site.partnership.contact.phone == "01622602000"
    assert site.partnership.short_name == "1.10"
    assert site.partnership.contact.address[:5] == ["Civic Centre", "No", "On", "2011-06-16", "yes"]
    # Fields holding dates keep them as dates.
    assert (site.partnership.accessibility.prepared.year, site.partnership.accessibility.prepared.day) == (2025, 1)
    pages = {f.path: f.content for f in build_site(data, SITE, TODAY).files if isinstance(f.content, str)}
    structure = next(text for path, text in pages.items() if "Chief Executive" in text)
    assert "Null" in structure
    assert "01622602000" in pages["about/index.md"]


def _strong_texts(page_html: str) -> list[str]:
    import html
    import re

    return [html.unescape(re.sub(r"<[^>]*>", "", inner))
            for inner in re.findall(r"<strong>(.*?)</strong>", page_html, re.S)]


def test_bodies_keep_their_words(tmp_path):
    import html
    import re

    from lxml import etree

    data = _data(tmp_path, {"news/2026-07-01-fish-and-chips.yml": (
        '<script>alert("body")</script>',
        "**Fish & Chips <Friday>**\n\n  Tell us about allergies <before> you order; 3 < 4, `a <b> c`.")})
    files = {f.path: f.content for f in build_site(data, SITE, TODAY).files if isinstance(f.content, str)}
    page = next(text for path, text in files.items() if path.startswith("news/") and "allergies" in text)
    assert "Fish & Chips <Friday>" in _strong_texts(page)
    words = html.unescape(re.sub(r"<[^>]*>", "", page))
    assert "allergies <before> you order; 3 < 4" in words
    assert "<code>a &lt;b&gt; c</code>" in page
    rss = etree.fromstring(files["feeds/news.xml"].encode())
    descriptions = [el.text or "" for el in rss.iter("{http://purl.org/rss/1.0/modules/content/}encoded")]
    item = next(d for d in descriptions if "allergies" in d)
    assert "Fish & Chips <Friday>" in _strong_texts(item)
    assert "allergies <before> you order" in html.unescape(re.sub(r"<[^>]*>", "", item))
    for path, text in files.items():
        if path.startswith("feeds/") and "allergies" in text:
            assert "before" in text and "Friday" in text, path


def _visible_text(page: str) -> str:
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(page)
    for hidden in tree.xpath("//script|//style|//code|//pre"):
        hidden.drop_tree()
    parts = list(tree.itertext())
    parts += [value for el in tree.iter() if isinstance(el.tag, str)
              for name, value in el.attrib.items() if name in ("alt", "title", "aria-label", "content")]
    return "\n".join(parts)


def test_no_page_of_the_example_shows_a_backslash_before_punctuation(example_site):
    import re

    shown = []
    for page in sorted(example_site.rglob("*.html")):
        for found in re.finditer(r".{0,40}\\[!-/:-@\[-`{-~].{0,20}", _visible_text(page.read_text(encoding="utf-8"))):
            shown.append(f"{page.relative_to(example_site)}: {found.group()}")
    assert not shown, "\n".join(shown)


def test_a_measure_with_a_pipe_stays_in_its_cell(tmp_path):
    data = _data(tmp_path, {})
    strategy = (data / "strategy.yml").read_text(encoding="utf-8")
    assert "measures:" in strategy
    doc = __import__("yaml").safe_load(strategy)
    doc["priorities"][0]["measures"][0]["name"] = "Parks | play areas (checked)"
    (data / "strategy.yml").write_text(__import__("yaml").safe_dump(doc, allow_unicode=True), encoding="utf-8")
    import markdown

    files = {f.path: f.content for f in build_site(data, SITE, TODAY).files if isinstance(f.content, str)}
    page = markdown.markdown(files["strategy/index.md"].split("\n---\n", 1)[-1], extensions=["tables", "attr_list"])
    assert "<td>Parks | play areas (checked)</td>" in page


def test_a_time_with_an_offset_is_shown_in_uk_time(tmp_path):
    data = _data(tmp_path, {"events/2026-12-10-board-meeting.yml": (
        'end: "2026-12-10 20:00"', "end: 2026-12-10T21:30:00+01:00")})
    site = load_site(data, TODAY)
    end = site.events[0].end
    assert (end.hour, end.minute, str(end.tzinfo)) == (20, 30, "Europe/London")
    files = {f.path: f.content for f in build_site(data, SITE, TODAY).files if isinstance(f.content, str)}
    page = next(text for path, text in files.items() if path.startswith("events/2026-12-10"))
    assert "8:30pm" in page and "9:30pm" not in page
    for path, text in files.items():
        if path.endswith(".ics"):
            assert "UTC+01:00" not in text and "TZID=Europe/London" in text, path


def test_a_time_that_happened_twice_means_the_first(tmp_path):
    data = _data(tmp_path, {"events/2026-12-10-board-meeting.yml": (
        'start: "2026-12-10 18:30"\nend: "2026-12-10 20:00"', 'start: "2026-10-25 01:30"\nend: "2026-10-25 03:00"')})
    start = load_site(data, TODAY).events[0].start
    assert start.utcoffset() == dt.timedelta(hours=1)


def test_an_allowed_tag_over_two_lines_stays_a_tag():
    from partnership.text import keep_angle_brackets, unsafe_links

    body = '<a\nhref="javascript:alert(1)">x</a> and <b\nclass="x">bold</b> <Friday>'
    assert keep_angle_brackets(body) == body.replace("<Friday>", "&lt;Friday>")
    assert unsafe_links(body) == ["javascript:alert(1)"]  # still found, so still refused
