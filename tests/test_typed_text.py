"""What an editor types in a text field is what a resident reads, in every place it lands:
the page, the RSS, Atom and JSON feeds, the calendar and the search index."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import types
import typing
import unicodedata
from functools import cache
from pathlib import Path

import feedparser
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from icalendar import Calendar
from lxml import etree

from conftest import OTHER_DATA, ROOT, SUBPATH_URL, mkdocs_build

TODAY = dt.date(2026, 11, 23)


# --- what a resident reads in each output, as plain text ----------------------------

_BLOCKS = ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th",
           "blockquote", "pre", "figure", "figcaption", "br", "hr", "dl", "dt", "dd", "details", "summary")


def _text_of_html(fragment: str) -> str:
    from lxml import html as lxml_html

    if not fragment.strip():
        return ""
    tree = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for hidden in tree.xpath("//script|//style"):
        hidden.drop_tree()
    # Blocks are apart, as on the screen; inline marks (<abbr>, <strong>, <bdi>) join their words.
    for block in tree.iter(*_BLOCKS):
        block.text = "\n" + (block.text or "")
        block.tail = "\n" + (block.tail or "")
    parts = ["".join(tree.itertext())]
    parts += [value for el in tree.iter() if isinstance(el.tag, str)
              for name, value in el.attrib.items() if name in ("alt", "title")]
    return "\n".join(parts)


_FRONT_MATTER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _markdown_settings() -> tuple[list, dict]:
    """The Markdown extensions mkdocs.yml gives Python-Markdown, so a page's Markdown from
    build_site reads as MkDocs would show it."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    names, settings = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        settings[name] = options
    return names, settings


@cache
def _markdown():
    """One converter for every page, reset before each as Python-Markdown asks: making a new
    one a page loaded every extension again."""
    import markdown

    names, settings = _markdown_settings()
    return markdown.Markdown(extensions=names, extension_configs=settings)


def page_text(markdown_page: str) -> str:
    body = markdown_page.split("\n---\n", 1)[-1] if markdown_page.startswith("---\n") else markdown_page
    # Front matter read with the loader MkDocs reads it with (libyaml's, when installed).
    meta = yaml.load(markdown_page.split("\n---\n", 1)[0][4:], _FRONT_MATTER) \
        if markdown_page.startswith("---\n") else {}
    shown = _text_of_html(_markdown().reset().convert(body))
    # Front matter the theme shows: the description and what is shared, read as the page's head.
    extra = [str(meta.get("description", ""))] if meta else []
    return shown + "\n" + html.unescape("\n".join(extra))


# Feed elements that hold addresses, dates and settings rather than words.
_NOT_READ = {"link", "id", "guid", "updated", "published", "pubDate", "lastBuildDate", "generator", "docs",
             "language", "icon", "logo"}


def feed_texts(files: dict[str, str]) -> dict[str, str]:
    """Every feed and calendar as the text its readers show: titles, summaries, content,
    authors, categories, picture text; calendars' summaries, places and descriptions."""
    found = {}
    for path, raw in files.items():
        if path.endswith((".xml", ".atom")) and not path.endswith("sitemap.xml"):
            # Read with lxml, not feedparser: feedparser "repairs" Atom text that looks like
            # UTF-8 read as Latin-1, so a title typed as "Ç¾" would come back as "Ǿ".
            parts = []
            for el in etree.fromstring(raw.encode()).iter("*"):
                name = etree.QName(el).localname
                if name in _NOT_READ:
                    continue
                as_html = name in ("description", "encoded") or el.get("type") == "html"
                parts += [_text_of_html(el.text or "") if as_html else (el.text or ""), el.get("term", "")]
            found[path] = "\n".join(parts)
        elif path.endswith(".json") and path.startswith("feeds/"):
            feed = json.loads(raw)
            parts = [feed["title"], feed.get("description", "")] + [a["name"] for a in feed.get("authors", [])]
            for item in feed["items"]:
                parts += [item["title"], item.get("summary", ""), _text_of_html(item["content_html"]), *item["tags"]]
                parts += [a["name"] for a in item.get("authors", [])]
            found[path] = "\n".join(parts)
        elif path.endswith(".ics"):
            cal = Calendar.from_ical(raw)
            parts = [str(cal.get("X-WR-CALNAME", ""))]
            for ev in cal.walk("VEVENT"):
                parts += [str(ev.get(k, "")) for k in ("SUMMARY", "LOCATION", "DESCRIPTION")]
                parts += [str(c) for cats in ([ev["CATEGORIES"]] if "CATEGORIES" in ev else [])
                          for c in cats.cats]
            found[path] = "\n".join(parts)
    return found


def built_texts(data: Path) -> dict[str, str]:
    from partnership.build import build_site

    files = {f.path: f.content if isinstance(f.content, str) else f.content.decode()
             for f in build_site(data, SUBPATH_URL, TODAY).files if f.content is not None}
    texts = feed_texts(files)
    texts.update({path: page_text(md) for path, md in files.items() if path.endswith(".md")})
    return texts


def search_text(site: Path) -> str:
    index = json.loads((site / "search" / "search_index.json").read_text())
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", d["title"] + "\n" + d["text"])) for d in index["docs"])


def reads(text: str) -> str:
    """Text as a reader takes it in: one space between words, composed characters."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    return data


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- 2. a character reference typed in plain text ----------------------------------

def test_an_entity_typed_in_a_title_shows_as_its_character_everywhere(tmp_path):
    data = _copy(tmp_path)
    _replace(data / "news" / "2026-07-01-fish-and-chips.yml", 'title: Fish & Chips <script>alert("x")</script> night',
             "title: Fish &amp; Chips &#8211; Friday night")
    _replace(data / "events" / "2026-12-10-board-meeting.yml", "title: Partnership Board meeting",
             "title: Board &amp; friends")
    _replace(data / "news" / "2026-01-15-winter-update.yml", "body: The board met",
             "body: Tea &amp; cake. The board met")
    texts = {path: reads(text) for path, text in built_texts(data).items()}
    for path in ("news/2026-07-01-fish-and-chips.md", "news/index.md", "feeds/news.xml", "feeds/news.atom",
                 "feeds/news.json", "feeds/magazine.xml"):
        assert "Fish & Chips – Friday night" in texts[path], path
        assert "&amp;" not in texts[path] and "&#8211;" not in texts[path], path
    for path in ("events/2026-12-10-board-meeting.md", "feeds/events.ics", "feeds/events/2026-12-10-board-meeting.ics"):
        assert "Board & friends" in texts[path] and "&amp;" not in texts[path], path
    # The same typing in a body reads the same way.
    assert "Tea & cake. The board met" in texts["news/2026-01-15-winter-update.md"]
    # A name that is no character reference is left as typed.
    _replace(data / "events" / "2026-12-10-board-meeting.yml", "title: Board &amp; friends", "title: R&D; AT&T &copy")
    assert "R&D; AT&T &copy" in reads(built_texts(data)["feeds/events.ics"])
    search = reads(search_text(mkdocs_build(tmp_path / "site", data=data)))
    assert "Fish & Chips – Friday night" in search and "R&D; AT&T &copy" in search


def test_a_glossary_term_that_is_a_number_leaves_the_page_whole(tmp_path):
    # Found by the property test below: Python-Markdown's abbr extension marked the term "2"
    # inside its own placeholder for set-aside HTML, and the heading showed "wzxhzdk".
    data = _copy(tmp_path)
    _replace(data / "glossary.yml", "term: CP", 'term: "2"')
    _replace(data / "partnership.yml", "name: Aberhafren Community Partnership", "name: Đ <b>bold</b> & co")
    texts = built_texts(data)
    assert "Đ <b>bold</b> & co" in reads(texts["index.md"]) and "wzxhzdk" not in texts["index.md"]
    assert "Community Partnership" in texts["glossary/index.md"]  # the term is still explained


# --- 3. any language, any direction ------------------------------------------------

ARABIC_TITLE = "تحديث الشتاء!"
HEBREW_SUMMARY = "מה הוחלט. What the board agreed in January."


def test_right_to_left_text_is_marked_with_its_direction_in_pages_and_feeds(tmp_path):
    from partnership.build import build_site

    data = _copy(tmp_path)
    item = data / "news" / "2026-01-15-winter-update.yml"
    _replace(item, "title: Winter update", f"title: {ARABIC_TITLE}")
    _replace(item, "summary: What the board agreed in January.", f"summary: {HEBREW_SUMMARY}")
    _replace(item, "body: The board met", "body: |\n  اجتمع المجلس اليوم.\n\n  ## عنوان فرعي\n\n  The board met")
    site = mkdocs_build(tmp_path / "site", data=data)
    page = (site / "news" / "2026-01-15-winter-update" / "index.html").read_text()
    assert re.search(rf"<h1[^>]*><bdi>{ARABIC_TITLE}</bdi>", page)
    assert f"<bdi>{HEBREW_SUMMARY}</bdi>" in page
    assert '<p dir="auto">اجتمع المجلس اليوم.</p>' in page
    assert re.search(r"<h3 [^>]*><bdi>عنوان فرعي</bdi>", page)  # a heading in the body, still in the contents
    assert f'<a href="2026-01-15-winter-update/"><bdi>{ARABIC_TITLE}</bdi></a>' in \
        (site / "news" / "index.html").read_text()
    # English text is left as it was.
    assert "<bdi>" not in (site / "about" / "index.html").read_text()
    files = {f.path: f.content for f in build_site(data, SUBPATH_URL, TODAY).files if isinstance(f.content, str)}
    for path in ("feeds/news.xml", "feeds/news.atom"):
        entry = next(e for e in feedparser.parse(files[path]).entries if "winter" in e.link)
        assert '<p dir="auto">اجتمع المجلس اليوم.</p>' in entry.content[0].value
        assert f'<span dir="auto">{HEBREW_SUMMARY}</span>' == entry.summary
        assert entry.title == ARABIC_TITLE  # a title is text, which readers set in its own direction
    json_item = next(i for i in json.loads(files["feeds/news.json"])["items"] if "winter" in i["url"])
    assert '<p dir="auto">' in json_item["content_html"]


def test_new_makes_a_file_name_from_any_title(tmp_path):
    import subprocess
    import sys

    from partnership.scaffold import slugify

    assert slugify("Caffi'r Parc & Gardd") == "caffir-parc-gardd"
    assert slugify("Café Zoë") == "cafe-zoe"
    # No Latin letter: a short code from the title, the same every time, different for another title.
    assert re.fullmatch(r"item-[0-9a-f]{8}", slugify(ARABIC_TITLE))
    assert slugify(ARABIC_TITLE) == slugify(ARABIC_TITLE) != slugify("اجتماع المجلس")
    assert slugify("اجتماع 2027") == "2027"
    data = _copy(tmp_path)
    run = subprocess.run([sys.executable, "-m", "partnership", "new", "news", "اجتماع المجلس", "--data", str(data),
                          "--today", "2026-11-23"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    (made,) = [p for p in (data / "news").glob("2026-11-23-*.yml")]
    assert re.fullmatch(r"2026-11-23-item-[0-9a-f]{8}\.yml", made.name)
    assert "اجتماع المجلس" in made.read_text(encoding="utf-8")


# --- 5. any text, typed into every text field, read back everywhere ------------------

def _is_text(annotation, metadata=()) -> bool:
    """A field that holds plain text (model.Text): its validators include plain_text."""
    from partnership import model as m

    if any(getattr(v, "func", None) is m.plain_text for v in metadata):
        return True
    if typing.get_origin(annotation) is typing.Annotated:
        return _is_text(*typing.get_args(annotation)[:1], typing.get_args(annotation)[1:])
    return False


# Text fields that name a file in the data folder rather than say something to residents.
FILE_NAMES = {("Image", "file"), ("HostCouncil", "logo")}


def _text_scalars(node, annotation, flow=False):
    """Every scalar of a YAML node tree that its model reads as plain text, and whether it
    is in a [list, like this] (where a plain value cannot hold , [ ] { })."""
    from pydantic import BaseModel

    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if _is_text(annotation):
        if isinstance(node, yaml.ScalarNode):
            yield node, flow
    elif origin in (typing.Union, types.UnionType):
        for arg in args:
            if arg is not type(None):
                yield from _text_scalars(node, arg, flow)
    elif origin is list and isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _text_scalars(item, args[0], flow or bool(node.flow_style))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            field = annotation.model_fields.get(key.value)
            if field is None or (annotation.__name__, key.value) in FILE_NAMES:
                continue
            if _is_text(field.annotation, field.metadata):
                yield from _text_scalars(value, typing.Annotated[str, *field.metadata], flow)
            else:
                yield from _text_scalars(value, field.annotation, flow)


def text_fields(data: Path) -> list[tuple[Path, int, int, bool]]:
    """(file, start, end) of every text field's value in the data's files, found by walking
    each file's model (kinds.py), so a field added to a model is covered without listing it."""
    from partnership import kinds

    found = []
    for kind in kinds.KINDS.values():
        paths = [data / kind.file] if kind.file else sorted((data / kind.folder).glob("*.yml"))
        for path in paths:
            if path.is_file():
                node = yaml.compose(path.read_text(encoding="utf-8"))
                found += [(path, s.start_mark.index, s.end_mark.index, flow)
                          for s, flow in _text_scalars(node, kind.model)]
    return found


def typed(text: str, flow: bool = False) -> str:
    """A value as an editor would type it: as it is where YAML allows, else in double quotes."""
    plain = (text == text.strip() and all(c.isprintable() for c in text) and ": " not in text
             and " #" not in text and not text.endswith(":") and not re.match(r"[-?:,\[\]{}#&*!|>'\"%@`]", text)
             and not (flow and re.search(r"[,\[\]{}]", text)))
    if plain:
        return text
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif c.isprintable():
            out.append(c)
        else:  # invisible characters as escapes, so YAML reads them (and never a line break)
            out.append(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}")
    return '"' + "".join(out) + '"'


def fill(data: Path, fields: list[tuple[Path, int, int, bool]], values: list[str]) -> None:
    by_file: dict[Path, list] = {}
    for (path, start, end, flow), value in zip(fields, values):
        by_file.setdefault(path, []).append((start, end, typed(value, flow)))
    for path, spans in by_file.items():
        text = path.read_text(encoding="utf-8")
        for start, end, value in sorted(spans, reverse=True):
            old = text[start:end]  # a block (| or >) ends after its line breaks: keep them
            text = text[:start] + value + old[len(old.rstrip()):] + text[end:]
        path.write_text(text, encoding="utf-8")


# A character reference shows as its character (see the test above); the rest as typed.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def expected(text: str) -> str:
    return reads(_REFERENCE.sub(lambda mt: html.unescape(mt.group()), text))


SPECIAL = ["No", "Null", "null", "~", "yes", "Off", "1.10", "0162", "01622602000", "2011-06-16", "1e3", "0x1F",
           "#1", "Priority #1 is housing", "Fish & Chips", "&amp;", "&copy", "<Friday>", "<b>bold</b>",
           "a <script>x</script>", "\\(PtP\\)", "C:\\new", "*not bold*", "[link](https://x.example/)", "| a |",
           "<!-- note -->", "1. first", "- item", "> quote", "`code`", "# heading", "_x_", "{#id}", "[[partnership]]",
           "تحديث الشتاء", "שלום עולם", "اردو میں خبر", "\u200fمرحبا!", "Siân Llŷr", "Ελληνικά", "中文", "e\u0301",
           "'quoted'", '"quoted"', "a: b", "key:value", "50%", "@home", "!Important", "%TAG", "100 < 200 & 3 > 2"]
# Any character a keyboard or a paste can give, but not control characters (removed, as
# they break feeds) nor lone surrogates (not text); a word starting with a combining mark
# would join the letter before it on the page, so none is made to.
CHARACTERS = st.characters(blacklist_categories=("Cc", "Cs"))
TEXT = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(CHARACTERS, min_size=1, max_size=30),
    st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(CHARACTERS, min_size=1, max_size=8)), min_size=2, max_size=4)
    .map(" ".join),
).filter(lambda s: expected(s) != "" and not unicodedata.combining(expected(s)[0]))


def _marked(base: Path) -> list[str]:
    """A copy of the second fixture in base/data with a distinct word in every text field."""
    shutil.copytree(TYPED_DATA, base / "data")
    fields = text_fields(base / "data")
    words = [f"Zq{i}qZ" for i in range(len(fields))]
    fill(base / "data", fields, words)
    return words


@pytest.fixture(scope="module")
def where_fields_show(tmp_path_factory) -> dict[int, list[str]]:
    """For each text field of the second fixture, the outputs in which residents read it."""
    base = tmp_path_factory.mktemp("marked")
    words = _marked(base)
    texts = built_texts(base / "data")
    return {i: sorted(path for path, text in texts.items() if word in text) for i, word in enumerate(words)}


EXAMPLES = int(os.environ.get("TYPED_TEXT_EXAMPLES", "100"))  # more for a longer hunt
# The second fixture: small, so many examples run in a minute. TYPED_TEXT_DATA=partnership_data
# hunts through the example's data instead (slower: more files, more pages).
TYPED_DATA = Path(os.environ.get("TYPED_TEXT_DATA", OTHER_DATA)).resolve()
# A MkDocs build each: the search index is made by MkDocs's own plugin.
SEARCH_EXAMPLES = int(os.environ.get("TYPED_TEXT_SEARCH_EXAMPLES", "8"))


def profile(examples: int):
    """The same examples on every run; no shrinking, as a failure already names the file,
    the text typed and the output that lost it."""
    return settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


@cache
def typed_fields() -> list[tuple[Path, int, int, bool]]:
    """The second fixture's text fields, found once: every copy of it has them at the same places."""
    return text_fields(TYPED_DATA)


def typed_copy(tmp_path_factory, given_data) -> tuple[list[str], Path]:
    """A copy of the second fixture (base/data) with text drawn for every text field."""
    fields = typed_fields()
    values = given_data.draw(st.lists(TEXT, min_size=len(fields), max_size=len(fields)))
    base = tmp_path_factory.mktemp("typed")
    shutil.copytree(TYPED_DATA, base / "data")
    fill(base / "data", [(base / "data" / path.relative_to(TYPED_DATA), *span) for path, *span in fields], values)
    return values, base


@profile(EXAMPLES)
@given(st.data())
def test_any_text_typed_in_any_text_field_reads_the_same_in_every_output(where_fields_show, tmp_path_factory,
                                                                          given_data):
    shows = where_fields_show
    assert sum(map(bool, shows.values())) >= 50 and sum(map(len, shows.values())) >= 150
    values, base = typed_copy(tmp_path_factory, given_data)
    texts = {path: reads(text) for path, text in built_texts(base / "data").items()}
    files = [path.relative_to(TYPED_DATA).as_posix() for path, *_ in typed_fields()]
    lost = [(files[i], values[i], path) for i, paths in shows.items() for path in paths
            if expected(values[i]) not in texts[path]]
    assert lost == []


@pytest.fixture(scope="module")
def where_fields_are_searched(tmp_path_factory) -> dict[int, bool]:
    base = tmp_path_factory.mktemp("marked-search")
    words = _marked(base)
    search = search_text(mkdocs_build(base / "site", data=base / "data"))
    return {i: word in search for i, word in enumerate(words)}


@profile(SEARCH_EXAMPLES)
@given(st.data())
def test_any_text_typed_in_any_text_field_is_found_by_search_as_typed(where_fields_are_searched, tmp_path_factory,
                                                                       given_data):
    searched = where_fields_are_searched
    assert sum(searched.values()) >= 30
    values, base = typed_copy(tmp_path_factory, given_data)
    search = reads(search_text(mkdocs_build(base / "site", data=base / "data")))
    assert [values[i] for i, found in searched.items() if found and expected(values[i]) not in search] == []
