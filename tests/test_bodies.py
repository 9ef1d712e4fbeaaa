"""Bodies (news and event bodies, consultations' how_to_respond and outcome) as visitors see them."""

from __future__ import annotations

import datetime as dt
import shutil
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings, strategies as st

from conftest import OTHER_DATA, mkdocs_build
from partnership.links import outside_links
from partnership.load import load_site
from partnership.problems import DataError
from partnership.text import BodyRenderer

NEWS = "news/2026-08-01-summer-plans.yml"
BASE = "https://www.example.gov.uk/partnership/news/2026-08-01-summer-plans/"


def _with_news(tmp_path, body: str):
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    indented = "".join(f"  {line}\n" for line in body.splitlines())
    (data / NEWS).write_text("title: Summer plans\ndate: 2026-08-01\nsummary: What is planned.\n"
                             f"body: |\n{indented}", encoding="utf-8")
    return data


def test_body_headings_get_ids_and_table_of_contents_entries(tmp_path):
    data = _with_news(tmp_path, "The CP met.\n\n# Where to go\n\nBy bus.\n\n## Getting there by CP bus\n\n"
                                "More.\n\n# Summer plans\n\n# Names \\*stay\\* [as\\](typed) {#typed}\n")
    site = mkdocs_build(tmp_path / "site", data=data)
    page = (site / "news" / "2026-08-01-summer-plans" / "index.html").read_text()
    assert '<h2 id="where-to-go">Where to go' in page
    assert '<h3 id="getting-there-by-cp-bus">Getting there by <abbr title="Community Partnership">CP</abbr> bus' in page
    # The same words as the page title: a heading id of its own, not the title's.
    assert '<h2 id="summer-plans_1">Summer plans' in page
    # Markdown the editor typed in a heading is shown as typed, not followed.
    assert '<h2 id="names-stay-astyped-typed">Names *stay* [as](typed) {#typed}<' in page
    toc = page.split('data-md-component="toc"', 1)[1]
    for anchor in ("where-to-go", "getting-there-by-cp-bus", "summer-plans_1", "names-stay-astyped-typed"):
        assert f'href="#{anchor}"' in toc, anchor
    assert "<abbr title=\"Community Partnership\"><abbr" not in page


class _Tokens(HTMLParser):
    """HTML as a list of tags and text, so two ways of writing the same HTML compare equal."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("<", tag, sorted((k, v) for k, v in attrs if k != "id")))

    def handle_endtag(self, tag):
        self.tokens.append((">", tag))

    def handle_data(self, data):
        if self.tokens and self.tokens[-1][0] == "text":
            self.tokens[-1] = ("text", self.tokens[-1][1] + data)
        else:
            self.tokens.append(("text", data))


def _tokens(html: str) -> list:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return [tok if tok[0] != "text" else ("text", " ".join(tok[1].split()))
            for tok in parser.tokens if tok[0] != "text" or tok[1].strip()]


def _as_page(block: str) -> str:
    md = markdown.Markdown(extensions=["abbr", "admonition", "attr_list", "md_in_html", "tables",
                                       "sane_lists", "toc"])
    page = md.convert(block)
    return page.replace('<div class="pship-body">', "").replace("</div>", "")


# Pieces of a line an editor might type: Markdown and HTML that must stay as cmark-gfm and nh3 made them.
_STARTS = st.sampled_from(["# ", "## ", "### ", "> # ", "- ", "", "    ", "#", "\\#", "***", "Setext\n==="])
_PIECES = st.sampled_from(list("ab #*_`[]()!{}|<>&\\:.-+=\"'") + [
    "{#id}", "[x](y)", "https://e.org/a_(b)", "<em>", "</em>", "&amp;", "&#35;", "</a>", "</h2>",
    '<a href="https://e.org/*x*" title="[y](z)">', '<h2 id="x">', '<div markdown="1">'])
lines = st.lists(st.builds(lambda start, rest: start + "".join(rest), _STARTS, st.lists(_PIECES, max_size=12)),
                 max_size=10)


@settings(max_examples=300, deadline=None)
@given(lines=lines)
def test_the_page_shows_exactly_the_clean_html_with_ids_added(lines):
    body = "\n".join(lines)
    render = BodyRenderer(())
    assert _tokens(_as_page(render.page_block(body, BASE))) == _tokens(render.html(body, BASE))


@pytest.mark.parametrize("body", [
    "# A heading\n\nText with *stars* and [a link](https://e.org/).",
    "Before.\n\n## Heading with `code *x*` and [a link](https://e.org/a_(b) \"[t](javascript:x)\")\n\nAfter.",
    "# C#\n\n# {#contact-us}\n\n#\n\n> # Quoted\n\n\\# not a heading *really*",
])
def test_examples_show_exactly_the_clean_html(body):
    render = BodyRenderer(())
    assert _tokens(_as_page(render.page_block(body, BASE))) == _tokens(render.html(body, BASE))


def test_glossary_terms_in_a_heading_are_marked_once():
    render = BodyRenderer([("CP", "Community Partnership")])
    page = _as_page(render.page_block("# The CP plan\n\nThe CP met.", BASE) + "\n\n*[CP]: Community Partnership\n")
    assert page.count('<abbr title="Community Partnership">CP</abbr>') == 2
    assert "<abbr title=\"Community Partnership\"><abbr" not in page


def test_links_in_a_body_are_listed_whatever_way_they_are_written(tmp_path):
    data = _with_news(tmp_path, "A bare https://bare.example.org/page address.\n\n"
                                "An [inline](https://inline.example.org/) link and an "
                                "<https://auto.example.org/> autolink.\n\n"
                                "A [reference-style][ref] link.\n\n"
                                "[ref]: https://reference.example.org/plan.pdf\n")
    found = outside_links(load_site(data, dt.date(2026, 11, 23)))
    for url in ("https://bare.example.org/page", "https://inline.example.org/", "https://auto.example.org/",
                "https://reference.example.org/plan.pdf"):
        assert found.get(url) == f"{NEWS} › body", url


@pytest.mark.parametrize("body, line", [
    ("Read [the plan](javascript:alert(1)).", 5),
    ("Read [the plan][plan].\n\n[plan]: javascript:alert(1)", 7),
    ("Read the plan.\n\n<a href=\"JavaScript:alert(1)\">the plan</a>", 7),
    ("Read [the plan](&#106;avascript&#58;alert(1)).", 5),
])
def test_an_unsafe_link_stops_the_build_whatever_way_it_is_written(tmp_path, body, line):
    data = _with_news(tmp_path, body)
    with pytest.raises(DataError) as refused:
        load_site(data, dt.date(2026, 11, 23))
    said = str(refused.value)
    assert f"{NEWS}, line {line}" in said, said
    assert "starts with 'javascript:'" in said, said
