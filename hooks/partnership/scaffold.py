"""`python -m partnership new KIND "Title"`: start a new item without copying by hand.

News items and events get a file of their own; consultations, documents, partners and
recommendations are added to the end of their list file. Every field is written out with
a comment saying what it is for, and the item is marked draft, so nothing appears on the
site until the editor changes `draft: true` to `draft: false`. The result is checked with
the same loader as the build before anything is kept.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from . import kinds
from .load import load_site
from .problems import DataError


class ScaffoldError(Exception):
    pass


def slugify(title: str, limit: int = 60) -> str:
    """Lowercase ASCII words joined by hyphens: "Caffi'r Parc & Gardd" -> "caffir-parc-gardd"."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower().replace("'", "")).split()
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    if not slug:
        raise ScaffoldError("the title needs at least one letter or digit")
    return slug


def _q(text: str) -> str:
    """A YAML double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def words() -> list[str]:
    """What `new` can start, as it is typed: news, event, consultation and so on."""
    return [k.new for k in kinds.KINDS.values() if k.new]


def new_item(kind: str, title: str, data: Path, today: dt.date, review: str | None = None) -> Path:
    entry = kinds.by_new(kind)
    if entry is None:
        raise ScaffoldError(f"'{kind}' is not something this command can start; use one of: {', '.join(words())}")
    slug = slugify(title)
    if entry.folder:
        folder = data / entry.folder
        clash = sorted(folder.glob(f"*-{slug}.yml")) if folder.is_dir() else []
        clash = [p for p in clash if p.stem[11:] == slug]
        if clash:
            raise ScaffoldError(f"{clash[0].relative_to(data.parent)} already uses the words '{slug}'; "
                                "choose a different title")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{today.isoformat()}-{slug}.yml"
        text = _STARTS[kind](title, today, folder.name)
        path.write_text(text, encoding="utf-8")
        _verify(data, today, path, [])
        return path
    return _append(kind, title, slug, data, today, review)


def _verify(data: Path, today: dt.date, path: Path, restore: list[tuple[Path, str | None]]) -> None:
    """The new item must pass every check the build makes; otherwise undo and say why."""
    try:
        load_site(data, today)
    except DataError as exc:
        for file, old in restore or [(path, None)]:
            if old is None:
                file.unlink(missing_ok=True)
            else:
                file.write_text(old, encoding="utf-8")
        raise ScaffoldError("the data already has problems, so nothing was added. Fix these first "
                            "(make check lists them):\n" + exc.report()) from None


def _schema_line(kind: str, depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{kinds.KINDS[kind].schema}\n"


def _news(title: str, today: dt.date, folder: str) -> str:
    return (
        _schema_line("news", 2)
        + f"# A news item, started on {today.isoformat()}. It stays off the site until draft is false.\n"
        + f"title: {_q(title)} # The headline: short and plain.\n"
        + f"date: {today.isoformat()} # The day it is published; a later date keeps it hidden until then.\n"
        + "summary: Write one or two sentences saying what happened. # Shown in lists, feeds and shares.\n"
        + "# body: the whole story, in Markdown: blank lines between paragraphs, **bold**, [link text](https://...).\n"
        + "body: |\n  Write the story here.\n"
        + "themes: [] # Ids of strategy priorities it is about, from strategy.yml, e.g. [raising-educational-standards].\n"
        + "magazine: false # true to send it to the magazine's feed.\n"
        + "# author: Partnership Manager   # Who wrote it (a role is fine). Or partner: an id from partners.yml.\n"
        + "# image:                        # A picture: put the file in partnership_data/images/.\n"
        + "#   file: picture.jpg\n#   alt: What the picture shows, for people who cannot see it.\n"
        + "#   caption: A caption.\n#   credit: Who took it.\n"
        + "# updated: \"2011-06-20 10:00\"  # When you changed it after publishing.\n"
        + "draft: true # Change to false when it is ready to publish.\n"
    )


def _event(title: str, today: dt.date, folder: str) -> str:
    return (
        _schema_line("events", 2)
        + f"# A meeting or event, started on {today.isoformat()}. It stays off the site until draft is false.\n"
        + f"title: {_q(title)} # The event's name.\n"
        + "kind: meeting # One of: annual meeting, board meeting, consultation event, conference, scrutiny meeting, council meeting, training, meeting, other.\n"
        + f'start: "{today.isoformat()} 18:00" # When it starts: date and time in quotes. Change this.\n'
        + f'end: "{today.isoformat()} 19:30" # When it ends, written the same way.\n'
        + "location: Write the place here # Where it is held.\n"
        + "summary: Write one or two sentences about the event. # Shown in lists and on its page.\n"
        + "open_to_public: false # true if anyone can come.\n"
        + "# body: |                       # More detail, in Markdown.\n#   ...\n"
        + "# organiser: an id from structure.yml   # The group holding it.\n"
        + "# booking_url: https://...      # Where to book a place.\n"
        + "# agenda: an id from documents.yml\n# minutes: an id from documents.yml\n"
        + "cancelled: false # true if it is called off (keep the file).\n"
        + "revision: 0 # Add 1 whenever the date, time or place changes, so calendars update.\n"
        + "draft: true # Change to false when it is ready to publish.\n"
    )


def _append(kind: str, title: str, slug: str, data: Path, today: dt.date, review: str | None) -> Path:
    site = _current(data, today)
    if kind == "recommendation":
        return _append_recommendation(title, data, today, site, review)
    entry = kinds.by_new(kind)
    name, key = entry.file, entry.items
    path = data / name
    ids = {item.id for item in site.items(entry.name)} | _draft_ids(path)
    if slug in ids:
        raise ScaffoldError(f"{name} already has an item with the id '{slug}'; choose a different title")
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if old is None:
        start = _schema_line(entry.name, 1) + f"{key}:\n"
    else:
        if not re.search(rf"^{key}:\s*(#.*)?$", old, re.M) or _last_top_level_key(old) != key:
            raise ScaffoldError(f"{name} is laid out differently from usual, so the new item was not added; "
                                "copy an existing item by hand")
        start = old if old.endswith("\n") else old + "\n"
        start = re.sub(rf"^{key}:\s*\[\]\s*$", f"{key}:", start, flags=re.M)
    block = _STARTS[kind](title, slug, today, site)
    path.write_text(start + block, encoding="utf-8")
    _verify(data, today, path, [(path, old)])
    return path


def _current(data: Path, today: dt.date):
    try:
        return load_site(data, today)
    except DataError as exc:
        raise ScaffoldError("the data already has problems, so nothing was added. Fix these first "
                            "(make check lists them):\n" + exc.report()) from None


def _draft_ids(path: Path) -> set[str]:
    # Drafts are not in the loaded site, but their ids are taken all the same.
    if not path.exists():
        return set()
    return set(re.findall(r"^\s*- id:\s*([a-z0-9-]+)", path.read_text(encoding="utf-8"), re.M))


def _last_top_level_key(text: str) -> str | None:
    keys = re.findall(r"^([A-Za-z_]+):", text, re.M)
    return keys[-1] if keys else None


def _consultation_block(title: str, slug: str, today: dt.date, site) -> str:
    closes = today + dt.timedelta(weeks=12)
    email = site.partnership.contact.email
    return (
        f"\n  # Started on {today.isoformat()}. It stays off the site until draft is false.\n"
        f"  - id: {slug} # A short, unique label.\n"
        f"    title: {_q(title)} # The consultation's name.\n"
        f"    opens: {today.isoformat()} # The first day people can respond.\n"
        f"    closes: {closes.isoformat()} # The last day (12 weeks is usual). Change if needed.\n"
        "    summary: Write one or two sentences about what you are asking. # Shown in lists.\n"
        "    # how_to_respond: how to take part, in Markdown.\n"
        "    how_to_respond: |\n"
        f"      Email your views to [{email}](mailto:{email}).\n"
        "    # contact: Who to ask about it.\n"
        "    # document: an id from documents.yml of the consultation paper.\n"
        "    # outcome: what happened as a result; fill this in once it has closed.\n"
        "    draft: true # Change to false when it is ready to publish.\n"
    )


def _document_block(title: str, slug: str, today: dt.date, site) -> str:
    return (
        f"\n  # Started on {today.isoformat()}. It stays off the site until draft is false.\n"
        f"  - id: {slug} # A short, unique label other files use to point to it.\n"
        f"    title: {_q(title)} # The document's title.\n"
        "    type: other # One of: terms of reference, strategy, minutes, agenda, annual report, scrutiny report, consultation paper, consultation response, report, newsletter, other.\n"
        f"    date: {today.isoformat()} # Its date: a day, a month (2011-06) or a year.\n"
        "    # url: https://...  # Where to read it. Or leave it out and say below how to get a copy.\n"
        "    availability: Ask the partnership for a copy. # How to get it if there is no url.\n"
        "    # format: PDF      # The file type, if there is a url.\n"
        "    # size: 250 KB     # The file size, so people on slow connections know.\n"
        "    # body: an id from structure.yml of the group it belongs to.\n"
        "    # summary: One or two sentences about it.\n"
        "    draft: true # Change to false when it is ready to publish.\n"
    )


def _partner_block(title: str, slug: str, today: dt.date, site) -> str:
    return (
        f"\n  # Started on {today.isoformat()}. It stays off the site until draft is false.\n"
        f"  - id: {slug} # A short, unique label other files use to point to it.\n"
        f"    name: {_q(title)} # The organisation's name.\n"
        "    sector: public # One of: public, private, voluntary, community, voluntary and community.\n"
        "    # website: https://...  # Its own website.\n"
        "    # description: One or two sentences about what it does.\n"
        "    draft: true # Change to false when it is ready to publish.\n"
    )


# What `new` writes for each word it takes (see kinds.py): a whole file, or a list entry.
_STARTS = {"news": _news, "event": _event, "consultation": _consultation_block,
           "document": _document_block, "partner": _partner_block}


def _append_recommendation(text: str, data: Path, today: dt.date, site, review: str | None) -> Path:
    path = data / "recommendations.yml"
    reviews = site.recommendations.reviews
    if not reviews:
        raise ScaffoldError("recommendations.yml has no review yet; add the review by hand first "
                            "(the editor's guide shows how)")
    target = next((r for r in reviews if r.id == review), None) if review else reviews[-1]
    if target is None:
        raise ScaffoldError(f"there is no review with the id '{review}'; use one of: "
                            + ", ".join(r.id for r in reviews))
    if target is not reviews[-1]:
        raise ScaffoldError("new recommendations can only be added to the last review automatically; "
                            "add this one by hand")
    old = path.read_text(encoding="utf-8")
    indent = re.findall(r"^(\s*)- number:", old, re.M)
    if not indent or _last_top_level_key(old) != "reviews":
        raise ScaffoldError("recommendations.yml is laid out differently from usual; add the "
                            "recommendation by hand")
    pad = indent[-1]
    number = max((r.number for r in target.recommendations), default=0) + 1
    block = (
        f"\n{pad}# Started on {today.isoformat()}. It stays off the site until draft is false.\n"
        f"{pad}- number: {number} # Its number in the report.\n"
        f"{pad}  text: {_q(text)} # What was recommended.\n"
        f"{pad}  # response: What was done about it.\n"
        f"{pad}  status: not started # One of: done, in progress, not started, not accepted, superseded.\n"
        f"{pad}  updated: {today.isoformat()} # When this was last brought up to date.\n"
        f"{pad}  draft: true # Change to false when it is ready to publish.\n"
    )
    path.write_text((old if old.endswith("\n") else old + "\n") + block, encoding="utf-8")
    _verify(data, today, path, [(path, old)])
    return path
