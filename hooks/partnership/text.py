"""Turning editors' text into safe Markdown and HTML.

Plain text fields are escaped wherever they land. Body fields are Markdown; they are
rendered here, once, and the HTML is cleaned by nh3 (an allow-list sanitiser), so the
same safe HTML goes into the page and into the feeds.
"""

from __future__ import annotations

import functools
import html
import json
import re
from html.parser import HTMLParser
from typing import Iterable
from urllib.parse import urljoin, urlsplit

# The characters Python-Markdown lets a backslash escape (with the tables extension's "|").
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


# Letters of the scripts written right to left: Hebrew, Arabic (and Urdu, Persian),
# Syriac, Thaana, N'Ko and their presentation forms, and the historic ones beyond.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")
# Blocks of a body that hold text: each takes its direction from its own first letter.
_TEXT_BLOCK = re.compile(r"<(p|li|td|th|blockquote|figcaption|h[2-6])(?=[\s>])")


def right_to_left(value: str) -> bool:
    return bool(_RTL.search(value))


def md_text(value: str) -> str:
    """Plain text made safe to drop into Markdown: no markup, no raw HTML. Text with a
    right-to-left letter is isolated in <bdi>, so it reads in its own direction and the
    English around it keeps its order."""
    escaped = html.escape(value, quote=False)
    escaped = " ".join(_MD_SPECIAL.sub(r"\\\1", escaped).split())
    return f"<bdi>{escaped}</bdi>" if right_to_left(value) else escaped


def attr(value: str) -> str:
    """Text for an HTML attribute value."""
    return html.escape(" ".join(value.split()), quote=True)


def script_safe_json(text: str) -> str:
    """JSON with <, > and & as \\u escapes: the same values, but no markup if it lands in HTML."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


# What json.dumps(value, ensure_ascii=False) makes, without a new encoder for every value.
_JSON = json.JSONEncoder(ensure_ascii=False)


def front_matter(fields: dict) -> str:
    # JSON is valid YAML and escapes everything that could break the block.
    lines = [f"{key}: {_JSON.encode(value)}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


ALLOWED_TAGS = {
    "p", "br", "a", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
    "abbr", "figure", "figcaption", "img", "sup", "sub", "del", "ins",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "scope"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


_TAG_NAMES = "|".join(sorted(ALLOWED_TAGS, key=len, reverse=True))
# What a "<" may start and still be markup: an allowed tag (opening or closing, perhaps
# going on to the next line), an autolink (<https://...>, <name@example.org>) or a
# comment. Any other "<" is text.
_MARKUP = re.compile(
    rf"""<(?:/?(?:{_TAG_NAMES})(?=[\s/>]|$)(?:[^<>"']|"[^"]*"|'[^']*')*(?:>|$)"""
    r"|[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>"
    r"|[^\s@<>]+@[^\s@<>]+>"
    r"|!--)",
    re.I,
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")


def keep_angle_brackets(body: str) -> str:
    """A body with every "<" that does not start markup written as &lt;, so that
    "Fish & Chips <Friday>" shows as typed instead of losing "<Friday>" as an unknown tag.

    Code spans and code blocks are left alone: a "<" in them is shown as typed already.
    """
    if "<" not in body:
        return body
    out, fence, blank_before = [], "", True
    for line in body.split("\n"):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            out.append(line)
        elif opening:
            fence = opening.group(1)
            out.append(line)
        elif "<" not in line or (blank_before and line.startswith(("    ", "\t"))):
            out.append(line)  # nothing to do, or an indented code block
        else:
            pieces, start = [], 0
            for span in _CODE_SPAN.finditer(line):
                pieces += [_escape_lt(line[start:span.start()]), span.group()]
                start = span.end()
            out.append("".join(pieces) + _escape_lt(line[start:]))
        blank_before = not line.strip() or (blank_before and line.startswith(("    ", "\t")))
    return "\n".join(out)


def _escape_lt(text: str) -> str:
    found, last = [], 0
    for i, char in enumerate(text):
        if char != "<":
            continue
        backslashes = len(text[:i]) - len(text[:i].rstrip("\\"))
        if backslashes % 2 or text[:i].endswith(("](", "]: ")) or _MARKUP.match(text, i):
            continue
        found.append(text[last:i] + "&lt;")
        last = i + 1
    return "".join(found) + text[last:]


@functools.lru_cache(maxsize=100_000)
def _markdown_html(body: str) -> str:
    """A body as HTML, not yet cleaned. Remembered, as both the loader's check and the
    renderer need it, and cmarkgfm keeps some memory from every call until the process ends."""
    import cmarkgfm  # here, not at the top: nothing is imported for data without bodies
    from cmarkgfm.cmark import Options

    # Raw HTML is passed on to nh3, which keeps the safe part (<b>, <em> ...) and drops the rest.
    options = Options.CMARK_OPT_SMART | Options.CMARK_OPT_UNSAFE
    return cmarkgfm.github_flavored_markdown_to_html(keep_angle_brackets(body), options=options)


_LINK_TAGS = re.compile(r"""<(?:a|img)\s(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I)


class _LinkFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        wanted = {"a": "href", "img": "src"}.get(tag)
        self.found += [value for name, value in attrs if name == wanted and value]


def links_in_html(page: str) -> list[str]:
    """Every link and picture address in HTML, in order.

    Read from HTML rather than Markdown, so every way of writing a link counts: inline,
    reference-style, <https://...>, a bare address (linked by cmark-gfm) or typed as HTML.
    """
    # Only the <a> and <img> tags are parsed: the whole page would take many times longer.
    tags = _LINK_TAGS.findall(page)
    if not tags:
        return []
    finder = _LinkFinder()
    finder.feed("".join(tags))
    finder.close()
    return finder.found


def unsafe_links(body: str) -> list[str]:
    """Link targets in body Markdown that would run code or hide content if clicked.

    Read from the HTML before cleaning: cleaning would silently drop them, and the
    editor needs to know.
    """
    found = []
    for target in links_in_html(_markdown_html(body)):
        scheme = urlsplit(target.strip()).scheme.lower()
        if scheme and scheme not in URL_SCHEMES:
            found.append(target)
    return found


def links_without_scheme(body: str) -> list[str]:
    """Link targets in body Markdown written as www.example.org, with no https:// in front:
    a browser reads them as a page of this site, so the link is broken."""
    return [target for target in links_in_html(_markdown_html(body))
            if target.strip().lower().startswith("www.")]


_CLEANING = dict(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                 link_rel="noopener", strip_comments=True)


@functools.cache
def _cleaner():
    import nh3  # here, not at the top: `check` never renders and starts faster without it

    # Built once: setting up the allow-lists costs more than cleaning a typical body.
    return nh3.Cleaner(**_CLEANING)


_MEMO: dict[str, object] = {}
_MEMO_LIMIT = 100_000


class BodyRenderer:
    """Renders body Markdown to clean HTML, with glossary terms marked as abbreviations.

    Bodies are GitHub-flavoured Markdown rendered by cmark-gfm (C, about 25 times faster
    than Python-Markdown here), then cleaned by nh3's allow-list; glossary terms are
    marked afterwards in the text between tags.
    """

    def __init__(self, abbreviations: Iterable[tuple[str, str]]):
        terms = {html.escape(term, quote=False): attr(expansion) for term, expansion in abbreviations if term}
        # Shared by every renderer with the same glossary, so the preview renders only the
        # bodies that changed since the last save; started afresh when the glossary changes.
        glossary = repr(sorted(terms.items()))
        if _MEMO.get("glossary") != glossary:
            _MEMO.clear()
            _MEMO["glossary"] = glossary
        self._cache: dict = _MEMO.setdefault("bodies", {})
        if len(self._cache) > _MEMO_LIMIT:
            self._cache.clear()
        self._titles = terms
        choices = "(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")(?![\w])"
        self._terms = re.compile(r"(?<![\w&])" + choices) if terms else None
        # The same without the look-behind, which stops the regex engine skipping ahead to
        # a term's first letter: about ten times faster to say that a body has no term.
        self._any_term = re.compile(choices) if terms else None

    def html(self, body: str, base_url: str | None = None, heading_offset: int = 1) -> str:
        # The page and every feed that carries an item ask for the same HTML: render it once.
        key = (body, base_url, heading_offset)
        if key not in self._cache:
            self._cache[key] = self._render(body, base_url, heading_offset)
        return self._cache[key]

    def _render(self, body: str, base_url: str | None, heading_offset: int) -> str:
        rendered = _shift_headings(_markdown_html(body), heading_offset)
        if base_url is None or ("href=" not in rendered and "src=" not in rendered):
            # No address to make absolute (most bodies): the one cleaner built for all.
            cleaned = _cleaner().clean(rendered).strip()
        else:
            import nh3

            def absolute_links(tag: str, name: str, value: str) -> str | None:
                if name in ("href", "src"):
                    return urljoin(base_url, value)
                return value

            cleaned = nh3.clean(rendered, attribute_filter=absolute_links, **_CLEANING).strip()
        if right_to_left(cleaned):
            cleaned = _TEXT_BLOCK.sub(r'<\1 dir="auto"', cleaned)
        return self._mark_terms(cleaned) if self._terms else cleaned

    def page_block(self, body: str, base_url: str | None = None, heading_offset: int = 1) -> str:
        """A body as a block of a page's Markdown, with its headings in the table of contents."""
        return self.html_block(self.html(body, base_url, heading_offset))

    def html_block(self, page: str) -> str:
        """Clean HTML as a block of a page's Markdown.

        Python-Markdown leaves raw HTML alone, so it would never give the headings in it
        an id or a table-of-contents entry. Each top-level heading is written as a Markdown
        heading instead (the toc extension gives it an id from its text, unique on the
        page); the HTML between headings stays raw, so nothing in it is read as Markdown.
        """
        if not _HEADING_TAG.search(page):  # no heading (most bodies): one raw block
            return _raw_block(page)
        blocks, raw = [], []
        for piece in _top_level(page):
            heading = _HEADING.fullmatch(piece.strip())
            if heading and _TAGS.sub("", heading.group(2)).strip():
                blocks += [_raw_block("".join(raw)), self._heading(int(heading.group(1)), heading.group(2))]
                raw = []
            else:
                raw.append(piece)
        blocks.append(_raw_block("".join(raw)))
        return "\n\n".join(block for block in blocks if block)

    def _heading(self, level: int, inner: str) -> str:
        # The page's abbreviation list marks glossary terms in every heading, so the marks
        # made here are taken off again rather than doubled.
        inner = _GLOSSARY_MARK.sub(
            lambda mt: mt.group(2) if self._titles.get(mt.group(2)) == mt.group(1) else mt.group(), inner)
        parts = []
        for part in _TAGS.split(inner.replace("\n", " ")):
            if part.startswith("<"):
                # Character references mean the same in an attribute and nothing to Markdown.
                parts.append(_QUOTED.sub(lambda q: _MD_IN_ATTRIBUTE.sub(_char_ref, q.group()), part))
            else:
                parts.append(_MD_SPECIAL.sub(r"\\\1", part))
        text = "".join(parts)
        return "#" * level + " " + (f"<bdi>{text}</bdi>" if right_to_left(inner) else text)

    def _mark_terms(self, page: str) -> str:
        """Wrap glossary terms in <abbr>, but never inside a link, code or an existing <abbr>."""
        if not self._any_term.search(page):  # no term anywhere, so none between the tags either
            return page
        out, inside = [], 0
        for part in _TAGS.split(page):
            if part.startswith("<"):
                name = _TAG_NAME.match(part)
                if name and name.group(2) in ("a", "abbr", "code", "pre"):
                    inside += -1 if name.group(1) else 1
                out.append(part)
            elif inside or not part:
                out.append(part)
            else:
                out.append(self._terms.sub(
                    lambda mt: f'<abbr title="{self._titles[mt.group(1)]}">{mt.group(1)}</abbr>', part))
        return "".join(out)


_TAGS = re.compile(r"(<[^>]*>)")  # nh3 escapes "<" and ">" in attribute values
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z0-9]+)")
_VOID = {"br", "hr", "img"}
_HEADING = re.compile(r"<h([2-6])(?: dir=\"auto\")?>(.*)</h\1>", re.S)
_HEADING_TAG = re.compile(r"<h[2-6][\s>]")
_GLOSSARY_MARK = re.compile(r'<abbr title="([^"]*)">([^<]*)</abbr>')
_QUOTED = re.compile(r'"[^"]*"')
_MD_IN_ATTRIBUTE = re.compile(r"&#?\w+;|[\\`*_{}\[\]()#!|]")


def _char_ref(match: re.Match) -> str:
    found = match.group()
    return found if len(found) > 1 else f"&#{ord(found)};"  # a reference already is left alone


def _top_level(page: str) -> list[str]:
    """Clean HTML cut into its top-level elements, each with the white space before it."""
    pieces, start, depth = [], 0, 0
    for tag in _TAGS.finditer(page):
        name = _TAG_NAME.match(tag.group())
        if not name or name.group(2).lower() in _VOID:
            continue
        depth += -1 if name.group(1) else 1
        if depth == 0:
            pieces.append(page[start:tag.end()])
            start = tag.end()
    return pieces + [page[start:]]


def _raw_block(page: str) -> str:
    # Inside a block-level tag, Python-Markdown passes the HTML through untouched.
    return f'<div class="pship-body">\n{page.strip()}\n</div>' if page.strip() else ""


def _shift_headings(rendered: str, offset: int) -> str:
    # A body's "# Heading" sits under the page's own H1, so it becomes an H2.
    if offset <= 0:
        return rendered

    def bump(match: re.Match) -> str:
        level = min(int(match.group(2)) + offset, 6)
        return f"<{match.group(1)}h{level}"

    return re.sub(r"<(/?)h([1-6])", bump, rendered)


# Material writes these two hidden checkboxes with autocomplete="off", which HTML allows on
# text inputs only. Replaced as written: if the theme changes them, the Nu checker test says so.
_CHECKBOXES = [(f'type="checkbox" id="{name}" autocomplete="off">', f'type="checkbox" id="{name}">')
               for name in ("__drawer", "__search")]
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def tidy_page_html(page: str) -> str:
    """Small repairs to the theme's HTML so every page is valid (the Nu HTML checker).
    Each is found with str.find, which stops where it finds (the checkboxes open the body):
    every page passes through here, and reading each one whole several times showed in the
    build's time."""
    for written, valid in _CHECKBOXES:
        at = page.find(written)
        if at >= 0:
            page = page[:at] + valid + page[at + len(written):]
    # Pages outside the navigation get a table-of-contents label for a checkbox that is not
    # there; where the checkbox is, it comes first, in the menu.
    label = page.find(_TOC_LABEL)
    end = page.find("</label>", label) if label >= 0 else -1
    if end >= 0 and page.find('id="__toc"', 0, label) < 0:
        page = f'{page[:label]}<div class="md-nav__title">{page[label + len(_TOC_LABEL):end]}</div>{page[end + 8:]}'
    return page
