"""`python -m partnership new KIND "Title"`: start a new item without copying by hand.

News items and events get a file of their own; consultations, documents, partners and
recommendations are added to the end of their list file. Every field is written out with
a comment saying what it is for, and the item is marked draft, so nothing appears on the
site until the editor changes `draft: true` to `draft: false`. The result is checked with
the same loader as the build before anything is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import typing
import unicodedata
from pathlib import Path

from . import kinds
from . import model as m
from .load import load_site
from .problems import DataError


class ScaffoldError(Exception):
    pass


def slugify(title: str, limit: int = 60) -> str:
    """Lowercase ASCII words joined by hyphens: "Caffi'r Parc & Gardd" -> "caffir-parc-gardd".
    A title with no Latin letter or digit (Arabic, Chinese, Greek ...) gets a short code
    made from the title instead: the same title always gives the same one. No
    transliteration library is installed, and a wrong guess at one is worse than a code."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower().replace("'", "")).split()
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    if not slug:
        if not title.strip():
            raise ScaffoldError("the title is empty; write the title in quotes after the kind")
        slug = "item-" + hashlib.blake2b(unicodedata.normalize("NFC", title.strip()).encode(),
                                         digest_size=4).hexdigest()
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
        raise ScaffoldError(f"'{kind}' is not something this command can start; "
                            f"use one of: {', '.join(words())}")
    if kind not in _STARTS and kind != "recommendation":
        raise ScaffoldError(f"this command cannot start {entry.item} entries yet; add one by hand")
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


def help_for(model: type, field: str) -> str:
    """A field's help, from its description in model.py, with its choices if it has a fixed list."""
    info = model.model_fields[field]
    text = info.description or ""
    choices = choices_of(info.annotation)
    return f"{text} One of: {', '.join(choices)}." if choices else text


def choices_of(tp: object) -> tuple[str, ...]:
    """The allowed values of a Literal type, also inside Optional or Annotated; else nothing."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Literal:
            return typing.get_args(tp)
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if origin is None or not args:
            return ()
        tp = args[0]


def _field(model: type, name: str, value: str, pad: str = "") -> str:
    """A field written out, with its help as a comment."""
    return f"{pad}{name}: {value} # {help_for(model, name)}\n"


def _optional(model: type, name: str, example: str, pad: str = "") -> str:
    """A field left as a comment for the editor to fill in or ignore."""
    return f"{pad}# {name}: {example}  # {help_for(model, name)}\n"


def _news(title: str, today: dt.date, folder: str) -> str:
    n = m.NewsItem
    return (
        _schema_line("news", 2)
        + f"# A news item, started on {today.isoformat()}. It stays off the site until draft is false.\n"
        + _field(n, "title", _q(title))
        + _field(n, "date", today.isoformat())
        + _field(n, "summary", m.PLACEHOLDERS["news_summary"])
        + f"# body: {help_for(n, 'body')}\n"
        + f"body: |\n  {m.PLACEHOLDERS['news_body']}\n"
        + _field(n, "themes", "[]")
        + _field(n, "magazine", "false")
        + _optional(n, "author", "Partnership Manager")
        + _optional(n, "partner", "...")
        + _optional(n, "image", "")
        + "#   file: picture.jpg\n#   alt: What the picture shows, for people who cannot see it.\n"
        + "#   caption: A caption.\n#   credit: Who took it.\n"
        + _optional(n, "updated", '"2011-06-20 10:00"')
        + _field(n, "draft", "true")
    )


def _event(title: str, today: dt.date, folder: str) -> str:
    e = m.Event
    return (
        _schema_line("events", 2)
        + f"# A meeting or event, started on {today.isoformat()}. It stays off the site until draft is false.\n"
        + _field(e, "title", _q(title))
        + _field(e, "kind", "meeting")
        + f'start: "{today.isoformat()} 18:00" # {help_for(e, "start")} Change this.\n'
        + _field(e, "end", f'"{today.isoformat()} 19:30"')
        + _field(e, "location", m.PLACEHOLDERS["event_location"])
        + _field(e, "summary", m.PLACEHOLDERS["event_summary"])
        + _optional(e, "open_to_public", "true")
        + _optional(e, "body", "|") + "#   ...\n"
        + _optional(e, "organiser", "...")
        + _optional(e, "booking_url", "https://...")
        + _optional(e, "agenda", "...")
        + _optional(e, "minutes", "...")
        + _optional(e, "themes", "[]")
        + _field(e, "cancelled", "false")
        + _field(e, "revision", "0")
        + _field(e, "draft", "true")
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
    c, pad = m.Consultation, "    "
    closes = today + dt.timedelta(weeks=12)
    contact = site.partnership.contact
    respond = (f"Email your views to [{contact.email}](mailto:{contact.email})." if contact.email
               else f"Send your views to the {contact.role}.")
    return (
        f"\n  # Started on {today.isoformat()}. It stays off the site until draft is false.\n"
        + _field(c, "id", slug, "  - ")
        + _field(c, "title", _q(title), pad)
        + _field(c, "opens", today.isoformat(), pad)
        + _field(c, "closes", closes.isoformat(), pad)
        + _field(c, "summary", m.PLACEHOLDERS["consultation_summary"], pad)
        + f"{pad}# how_to_respond: {help_for(c, 'how_to_respond')}\n"
        + f"{pad}how_to_respond: |\n"
        + f"{pad}  {respond}\n"
        + _optional(c, "contact", "Partnership Manager", pad)
        + _optional(c, "run_by", "Partnership Board", pad)
        + _optional(c, "document", "...", pad)
        + _optional(c, "next_steps", "|", pad)
        + _optional(c, "outcome_due", (closes + dt.timedelta(weeks=12)).strftime("%Y-%m"), pad)
        + _optional(c, "outcome", "|", pad)
        + _field(c, "draft", "true", pad)
    )


def _document_block(title: str, slug: str, today: dt.date, site) -> str:
    d, pad = m.Document, "    "
    return (
        f"\n  # Started on {today.isoformat()}. It stays off the site until draft is false.\n"
        + _field(d, "id", slug, "  - ")
        + _field(d, "title", _q(title), pad)
        + _field(d, "type", "other", pad)
        + _field(d, "date", today.isoformat(), pad)
        + _optional(d, "url", "https://...", pad)
        + _field(d, "availability", "Ask the partnership for a copy.", pad)
        + _optional(d, "format", "PDF", pad)
        + _optional(d, "size", "250 KB", pad)
        + _optional(d, "body", "...", pad)
        + _optional(d, "summary", "...", pad)
        + _field(d, "draft", "true", pad)
    )


def _partner_block(title: str, slug: str, today: dt.date, site) -> str:
    p, pad = m.Partner, "    "
    return (
        f"\n  # Started on {today.isoformat()}. It stays off the site until draft is false.\n"
        + _field(p, "id", slug, "  - ")
        + _field(p, "name", _q(title), pad)
        + _field(p, "sector", "public", pad)
        + _optional(p, "website", "https://...", pad)
        + _optional(p, "description", "...", pad)
        + _field(p, "draft", "true", pad)
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
    indent = re.findall(r"^([ \t]*)- number:", old, re.M)  # not \s: it would take blank lines too
    if not indent or _last_top_level_key(old) != "reviews":
        raise ScaffoldError("recommendations.yml is laid out differently from usual; add the "
                            "recommendation by hand")
    pad = indent[-1]
    number = max((r.number for r in target.recommendations), default=0) + 1
    r = m.Recommendation
    block = (
        f"\n{pad}# Started on {today.isoformat()}. It stays off the site until draft is false.\n"
        + _field(r, "number", str(number), f"{pad}- ")
        + _field(r, "text", _q(text), f"{pad}  ")
        + _optional(r, "response", "...", f"{pad}  ")
        + _field(r, "status", "not started", f"{pad}  ")
        + _field(r, "updated", today.isoformat(), f"{pad}  ")
        + _field(r, "draft", "true", f"{pad}  ")
    )
    path.write_text((old if old.endswith("\n") else old + "\n") + block, encoding="utf-8")
    _verify(data, today, path, [(path, old)])
    return path
