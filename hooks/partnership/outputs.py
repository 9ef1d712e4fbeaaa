"""What a build hands over: its files and the settings the templates read."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable
from zoneinfo import ZoneInfo

from .problems import Problem
from .urls import page_src, page_url

if TYPE_CHECKING:
    from . import model as m

TODAY_VARIABLE = "PARTNERSHIP_TODAY"
_PLACEHOLDER = re.compile(r"\[\[([a-z_]+)\]\]")
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)


class Kept:
    """The preview rebuilds on every save: an output made from the very same inputs (the
    loader hands back the same object for an unchanged file) is the output it was."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[tuple, object]] = {}

    def get(self, key: str, inputs: tuple, make: Callable[[], object]):
        hit = self._kept.get(key)
        if hit is not None and len(hit[0]) == len(inputs) and all(
                a is b or a == b for a, b in zip(hit[0], inputs)):
            return hit[1]
        value = make()
        self._kept[key] = (inputs, value)
        return value

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget outputs that are no longer made, so the memo never outgrows one site."""
        for gone in self._kept.keys() - set(keys):
            del self._kept[gone]


@functools.cache
def code_version() -> str:
    """The core's own code and the versions of the libraries that read and write text: what a
    build keeps on disk was made by code that may since have changed."""
    from importlib.metadata import version  # here: `check` and the command-line build never ask

    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    for name in ("pyyaml", "pydantic", "jinja2", "markupsafe", "cmarkgfm", "nh3"):
        digest.update(f"{name} {version(name)}".encode())
    digest.update(sys.version.encode())  # the standard library escapes and formats too
    return digest.hexdigest()


class Stored:
    """Outputs kept on disk between builds, each under a digest of everything it was made
    from (the code too), so a build renders again only what changed since the last one.
    The file holds what the last build used, so it never outgrows one site; a file that
    cannot be read or written only means rendering everything, as without it."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._old: dict[str, str] = {}
        self._used: dict[str, str] = {}
        if path is not None:
            try:
                self._old = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass

    def get(self, digest: str, make: Callable[[], str]) -> str:
        text = self._used.get(digest) or self._old.get(digest)
        if text is None:
            text = make()
        self._used[digest] = text
        return text

    def save(self) -> None:
        if self.path is None or self._used.keys() == self._old.keys():
            return
        write_whole(self.path, json.dumps(self._used, ensure_ascii=False, separators=(",", ":")).encode())


def write_whole(path: Path, content: bytes) -> None:
    """Write a file the next build may read: beside it, then moved into place, so a build
    stopped half-way, or two at once, never leave half a file. One that cannot be written
    is left as it was: it only saves time."""
    part = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, suffix=".part", delete=False) as f:
            part = f.name
            f.write(content)
        os.replace(part, path)
    except OSError:
        if part:
            Path(part).unlink(missing_ok=True)


@dataclass(frozen=True)
class OutputFile:
    path: str                      # relative to the site root (pages: their .md source path)
    content: str | bytes | None = None
    copy_from: Path | None = None  # a file copied as it is (pictures, the logo)


@dataclass(frozen=True)
class Build:
    site: m.Site | None            # None for the stand-in pages
    files: list[OutputFile]
    theme: dict                    # what the templates read, through config.extra
    warnings: list[str] = field(default_factory=list)
    # The newest date in the published data: a build date that only the data can move.
    source_date: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    placeholders: dict[str, str] = field(default_factory=dict)  # [[name]] in hand-written pages
    abbreviations: str = ""        # the glossary's abbreviations, as Markdown
    stand_in: bool = False         # the data cannot be built: pages that say so instead


def build_today(value: str | None = None) -> dt.date:
    """The build's date: given, or from PARTNERSHIP_TODAY, or the calendar."""
    value = value or os.environ.get(TODAY_VARIABLE)
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise SystemExit(f"{TODAY_VARIABLE} must be a date such as 2011-06-16, not {value!r}")
    return dt.datetime.now(ZoneInfo("Europe/London")).date()


def fill_placeholders(markdown: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """Hand-written Markdown with [[name]] filled in, and the names that are not known."""
    # Code is shown as written, so a page can explain the placeholders themselves.
    parts = _CODE.split(markdown)
    prose = parts[::2]
    unknown = sorted({name for part in prose for name in _PLACEHOLDER.findall(part) if name not in values})
    parts[::2] = [_PLACEHOLDER.sub(lambda mt: values.get(mt.group(1), mt.group(0)), part) for part in prose]
    return "".join(parts), unknown


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
        "contact_email": "", "alerts": [], "as_of": None,
        "links": footer_links(),
    }
    files = [OutputFile(path, text) for path in sorted(set(pages) | {page_src("home")})]
    return Build(None, files, theme, stand_in=True)
