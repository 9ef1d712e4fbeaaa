"""Read partnership_data/ into a checked Site. The only module that touches the files.

Every problem in every file is collected before anything is reported, so an editor
sees the whole list at once, each with its file, line, field and what to write.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import re
import types
import typing
from pathlib import Path
from typing import Any, Callable, Iterable

import pydantic
import yaml

from . import kinds
from . import model as m
from .problems import DataError, Problem
from .text import links_without_scheme, unsafe_links

# libyaml's parser is about 15 times faster than the pure-Python one (see the benchmark).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()

_STR, _NULL, _BOOL, _INT = (f"tag:yaml.org,2002:{k}" for k in ("str", "null", "bool", "int"))
NEWS_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(-[a-z0-9]+)*$")

IMAGES = "images"


Positions = dict[tuple, tuple[int, int]]


class _Reader:
    """Turns one YAML file into plain Python, remembering where every value came from."""

    def __init__(self, path: Path, shown: str, text_at: Callable[[tuple], bool] | None = None):
        self.path = path
        self.shown = shown
        # Whether the field at a path holds text: there a plain value is kept as typed.
        self.text_at = text_at or (lambda path: False)
        self.positions: Positions = {}
        self.values: dict[tuple, tuple[int, str]] = {}  # path -> (line of the value, its style)
        self.lines: list[str] = []
        self.problems: list[Problem] = []

    def problem(self, mark: Any, field: str, message: str, hint: str = "") -> None:
        line = mark.line + 1 if mark is not None else 0
        column = mark.column + 1 if mark is not None else 0
        self.problems.append(Problem(self.shown, line, column, field, message, hint))

    def read(self, raw: bytes | None = None) -> Any:
        raw = self.path.read_bytes() if raw is None else raw
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.problems.append(Problem(
                self.shown, line, 0, "",
                "the file is not saved as UTF-8 text",
                "save it again as 'UTF-8' (in Notepad: File, Save as, Encoding: UTF-8)",
            ))
            return None
        self.lines = text.splitlines()
        if not text.strip() or all(
            not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
        ):
            self.problems.append(Problem(
                self.shown, 1, 0, "", "the file is empty",
                "fill it in (see the editor's guide) or delete it",
            ))
            return None
        for number, ln in enumerate(self.lines if "\t" in text else [], 1):
            indent = ln[: len(ln) - len(ln.lstrip())]
            if "\t" in indent:
                self.problems.append(Problem(
                    self.shown, number, indent.index("\t") + 1, "",
                    "a tab is used to indent this line",
                    "indent with spaces only (two spaces for each level)",
                ))
                return None
        try:
            node = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            detail = (exc.problem or "").strip()
            if "quoted scalar" in (exc.context or "") and exc.context_mark is not None:
                self.problem(exc.context_mark, "", "a quote mark opened here is never closed",
                             "add the closing quote mark at the end of the text")
                return None
            mark = exc.problem_mark or exc.context_mark
            self.problem(
                mark, "", f"the file's layout cannot be read ({detail})",
                "check this line and the one above it: indentation must line up, a value "
                "containing ': ' or starting with a symbol must be in quotes",
            )
            return None
        except yaml.YAMLError as exc:  # reader errors: unprintable characters
            self.problems.append(Problem(
                self.shown, 0, 0, "", f"the file cannot be read: {exc}",
                "retype the line instead of pasting it",
            ))
            return None
        return self._convert(node, ())

    def _cut_at_hash(self, node: yaml.ScalarNode, path: tuple) -> None:
        end = node.end_mark
        line = self.lines[end.line] if end.line < len(self.lines) else ""
        cut = _CUT_TEXT.match(line, end.column)
        if not cut:
            return
        whole = node.value + line[end.column:].rstrip()
        key = path[-1] if path and isinstance(path[-1], str) else ""
        self.problem(
            node.start_mark, _field(path),
            f"the text after ' #' is read as a note and left out, so this would publish as "
            f"'{node.value}'",
            f"put the whole {key or 'line'} in quotes: {_typed_again(key, whole)}",
        )

    def _convert(self, node: yaml.Node, path: tuple) -> Any:
        mark = node.start_mark
        self.positions.setdefault(path, (mark.line + 1, mark.column + 1))
        style = node.style if isinstance(node, yaml.ScalarNode) else None
        self.values[path] = (mark.line + 1, style or "")
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                # A plain word (nearly every key) needs none of the checks a value gets.
                key = key_node.value if key_node.tag == _STR else self._convert(key_node, path + ("<key>",))
                if key == "<<":
                    self.problem(key_node.start_mark, _field(path), "'<<' (merging) is not supported",
                                 "write the fields out in full")
                    continue
                if not isinstance(key, str):
                    self.problem(key_node.start_mark, _field(path), f"{key!r} cannot be a field name",
                                 "field names are words such as title or date")
                    continue
                if key in result:
                    first = self.positions.get(path + (key,), (0, 0))[0]
                    self.problem(
                        key_node.start_mark, _field(path + (key,)),
                        f"'{key}' is written twice here (first on line {first})",
                        "keep one of them and delete the other",
                    )
                    continue
                self.positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self._convert(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self._convert(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.ScalarNode, path: tuple) -> Any:
        tag, value = node.tag, node.value
        if not node.style and value:
            self._cut_at_hash(node, path)
        if tag == _STR:  # most values: skip every check below
            return value
        plain = not node.style  # libyaml says '' for unquoted values, PyYAML None
        if plain and value and tag.startswith("tag:yaml.org,2002:") and self.text_at(path):
            # A text field takes the characters as typed: No, Null, 1.10, 01622602000 and
            # 2011-06-16 stay text there, whatever YAML 1.1 would have made of them.
            return value
        where = _field(path)
        if plain and tag.endswith(":bool") and value.lower() not in ("true", "false"):
            self.problem(
                node.start_mark, where,
                f"'{value}' is read as {'true' if value.lower() in ('yes', 'on', 'y') else 'false'}, "
                "not as the word",
                f"write true or false for a yes/no field, or \"{value}\" in quotes for text",
            )
            return None
        if plain and (tag.endswith(":int") or tag.endswith(":float")) and ":" in value:
            self.problem(
                node.start_mark, where,
                f"'{value}' is read as a number (base 60), not a time",
                "put the date and time in quotes, like \"2011-06-16 18:30\"",
            )
            return None
        if tag.endswith(":timestamp"):
            try:
                return _constructor.construct_object(node)
            except ValueError:
                self.problem(node.start_mark, where, f"{value} is not a real date",
                             "check the day and month (for example, February has 28 or 29 days)")
                return None
        # The common kinds directly: PyYAML's constructor costs a third of the load time.
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() in ("true", "yes", "on", "y")
        if tag == _INT and value.isdigit():
            return int(value)
        if not tag.startswith("tag:yaml.org,2002:"):
            self.problem(node.start_mark, where, f"the tag {tag} is not allowed",
                         "remove the word starting with '!'")
            return None
        return _constructor.construct_object(node)


@functools.cache
def _holds_text(model_cls: type, path: tuple) -> bool:
    """Whether the field at `path` in a file read as `model_cls` holds text (a str)."""
    current: Any = model_cls
    for part in path:
        current = _unwrap(current)
        if part == "<key>":
            return False
        if isinstance(part, int):
            if typing.get_origin(current) not in (list, tuple):
                return False
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, pydantic.BaseModel):
            info = current.model_fields.get(part)
            if info is None:
                return False
            current = info.annotation
        else:
            return False
    return _unwrap(current) is str


# After a plain value, " #" starts a note that YAML leaves out. A note written as "# ..."
# (a space after the #) is meant as one; "#1" or "#hashtag" is text the editor meant to keep.
_CUT_TEXT = re.compile(r"\s+#(\S.*)$")


def _typed_again(key: str, text: str) -> str:
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{key}: {quoted}" if key else f"- {quoted}"


def _field(path: Iterable) -> str:
    parts = []
    for part in path:
        if part == "<key>":
            continue
        parts.append(f"item {part + 1}" if isinstance(part, int) else str(part))
    return " › ".join(parts)


# --- pydantic errors -> problems ------------------------------------------------


def _allowed_fields(model_cls: type, loc: tuple) -> list[str]:
    """The field names allowed where `loc` points, for "did you mean" suggestions."""
    current: Any = model_cls
    for part in loc[:-1]:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, pydantic.BaseModel):
            info = current.model_fields.get(part)
            current = info.annotation if info else None
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, pydantic.BaseModel):
        return [name for name, f in current.model_fields.items() if not f.exclude]
    return []


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        else:
            return tp


_HINTS: dict[str, str] = {
    "missing": "add this field (see the editor's guide for an example)",
    "bool_type": "write true or false",
    "bool_parsing": "write true or false",
    "string_type": "write text here (put it in quotes if it looks like a number or date)",
    "date_type": "write a date as 2011-06-16",
    "date_parsing": "write a date as 2011-06-16",
    "date_from_datetime_parsing": "write a date as 2011-06-16",
    "int_parsing": "write a whole number, such as 12",
    "int_type": "write a whole number, such as 12",
    "list_type": "write a list: each item on its own line starting with '- '",
    "model_type": "this should be a group of fields, each on its own indented line",
    "dict_type": "this should be a group of fields, each on its own indented line",
    "too_short": "add at least one item",
}


def _message(err: dict, model_cls: type, reader: _Reader, line: int) -> tuple[str, str]:
    kind = err["type"]
    loc = err["loc"]
    given = err.get("input")
    source = reader.lines[line - 1] if 0 < line <= len(reader.lines) else ""
    if given is None and kind in ("string_type", "model_type", "dict_type", "list_type"):
        if "#" in source.split(":", 1)[-1]:
            return ("this is empty, because everything after # is read as a comment",
                    'put the value in quotes, like "#1d4f91"')
        return "this is empty", "write a value after the colon, or delete the line if the field is optional"
    if kind in ("too_short", "string_too_short") and isinstance(given, str):
        return "this is empty", "write some text, or delete the line if the field is optional"
    if kind == "too_short":
        return "this list is empty", "add at least one item, each on its own line starting with '- '"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        options = _allowed_fields(model_cls, loc)
        close = difflib.get_close_matches(key, options, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else (
            "the fields allowed here are: " + ", ".join(options) if options else "delete it")
        return f"'{key}' is not a field here", hint
    if kind == "missing":
        return f"'{loc[-1]}' is missing", _HINTS["missing"]
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"'{given}' is not one of the choices", f"write one of: {expected}"
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if "@" in pattern:
            return "this is not an email address", "write it like partnership@example.gov.uk"
        if pattern.startswith("^#"):
            return "this is not a colour code", "write # and six letters or digits, like #1d4f91"
        return ("this is not a valid id",
                "use lowercase letters, digits and hyphens only, like management-board")
    if kind == "string_too_short":
        return "this is empty", "write some text, or delete the field if it is optional"
    if kind in ("value_error", "assertion_error"):
        text = str(err.get("ctx", {}).get("error", err["msg"]))
        message, _, hint = text.partition("\nWhat to do: ")
        return message, hint
    if kind == "datetime_from_date_parsing" or kind.startswith("datetime"):
        return "this is not a date and time", "write it in quotes, like \"2011-06-16 18:30\""
    return err["msg"][0].lower() + err["msg"][1:], _HINTS.get(kind, "")


def _problems_from(exc: pydantic.ValidationError, model_cls: type, reader: _Reader) -> list[Problem]:
    found = []
    errors = [dict(e, loc=tuple(p for p in e["loc"] if not (isinstance(p, str) and "[" in p)))
              for e in exc.errors(include_url=False)]
    # A misspelt key shows up twice, as unknown and as missing: report it once, as the misspelling.
    misspelt = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(err["loc"][-1]), _allowed_fields(model_cls, err["loc"]), n=1, cutoff=0.6)
            if close:
                misspelt.add(err["loc"][:-1] + (close[0],))
    for err in errors:
        loc = err["loc"]
        if err["type"] == "missing" and loc in misspelt:
            continue
        line, col = 0, 0
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in reader.positions:
                line, col = reader.positions[loc[:cut]]
                break
        message, hint = _message(err, model_cls, reader, line)
        found.append(Problem(reader.shown, line, col, _field(loc), message, hint))
    return found


# --- the whole folder -----------------------------------------------------------


# (file as shown, model, extra, digest of its bytes) -> (model or None, reader, problems)
_PARSED: dict[tuple, tuple[Any, "_Reader", list[Problem]]] = {}


class _Collected:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.problems: list[Problem] = []
        self.where: dict[tuple, tuple[str, int]] = {}  # (kind, id) -> (file, line)
        self.used: set[tuple] = set()

    def forget_unused(self) -> None:
        """Keep only what this reading of the folder used, so the memo never outgrows one site."""
        for key in _PARSED.keys() - self.used:
            del _PARSED[key]

    def shown(self, path: Path) -> str:
        return f"{self.data_dir.name}/{path.relative_to(self.data_dir).as_posix()}"

    def parse(self, path: Path, model_cls: type[m.Model], extra: Callable[[dict], dict] | None = None):
        # The preview reloads the folder on every save: a file whose bytes have not changed
        # gives the same result, so it is looked up instead of parsed again.
        raw, shown = path.read_bytes(), self.shown(path)
        key = (shown, model_cls, extra is not None, hashlib.blake2b(raw, digest_size=16).digest())
        if key in _PARSED:
            result, reader, problems = _PARSED[key]
        else:
            before = len(self.problems)
            result, reader = self._parse(path, shown, raw, model_cls, extra)
            problems = self.problems[before:]
            del self.problems[before:]
            _PARSED[key] = result, reader, problems
        self.used.add(key)
        self.problems += problems
        return result, reader

    def _parse(self, path: Path, shown: str, raw: bytes, model_cls: type[m.Model],
               extra: Callable[[dict], dict] | None):
        reader = _Reader(path, shown, lambda at: _holds_text(
            model_cls, tuple(0 if isinstance(part, int) else part for part in at)))
        data = reader.read(raw)
        self.problems += reader.problems
        if reader.problems:
            return None, reader
        if not isinstance(data, dict):
            kind = "a list" if isinstance(data, list) else "a single value"
            self.problems.append(Problem(
                reader.shown, 1, 1, "",
                f"the file holds {kind}, but it should be a set of fields such as 'title: ...'",
                "start each field at the left margin as 'name: value' (see the editor's guide)",
            ))
            return None, reader
        if extra:
            data = extra(data)
        try:
            return model_cls.model_validate(data), reader
        except pydantic.ValidationError as exc:
            self.problems += _problems_from(exc, model_cls, reader)
            return None, reader


def load_site(data_dir: Path | str, today: dt.date) -> m.Site:
    """Read and check every file; raise DataError listing every problem found."""
    data_dir = Path(data_dir)
    col = _Collected(data_dir)
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), message="the data folder does not exist",
                                 hint="check the path, or create the folder")])
    parsed: dict[str, Any] = {}  # kind name -> its file's model, or None if the file failed
    readers: dict[str, _Reader] = {}
    lists: dict[str, list] = {}  # folder kind name -> [(item, reader)]
    for kind in kinds.KINDS.values():
        if kind.folder:
            lists[kind.name] = _read_folder(col, kind)
            continue
        name = kind.file
        path = data_dir / name
        if not path.exists():
            alt = data_dir / (name[:-4] + ".yaml")
            if alt.exists():
                col.problems.append(Problem(col.shown(alt), message="the file name ends in .yaml",
                                            hint=f"rename it to {name}"))
            elif kind.required:
                col.problems.append(Problem(f"{data_dir.name}/{name}", message="this file is missing",
                                            hint="create it (the editor's guide shows what goes in it)"))
            else:
                parsed[kind.name] = kind.model()
            continue
        parsed[kind.name], readers[kind.name] = col.parse(path, kind.model)

    col.forget_unused()
    images: dict[str, m.ImageFile] = {}
    _check_references(col, parsed, readers, lists, data_dir, images)
    if not col.problems:
        parsed = _without_drafts(parsed)
    if col.problems:
        raise DataError(col.problems)

    found: dict[str, Any] = dict(parsed)
    for name, items in lists.items():
        found[name] = tuple(item for item, _ in items if not getattr(item, "draft", False))
    found["news"] = tuple(sorted((n for n in found["news"] if n.date.date() <= today),
                                 key=lambda n: (n.date, n.slug), reverse=True))
    found["events"] = tuple(sorted(found["events"], key=lambda e: (e.start, e.slug)))
    # Kinds the Site has no field for (added through the registry) are kept by name.
    own = {name: value for name, value in found.items() if name in m.Site.model_fields}
    extra = {name: value for name, value in found.items() if name not in own}
    return m.Site(**own, extra=extra, images=images, today=today)


def _read_folder(col: _Collected, kind: kinds.Kind) -> list:
    """Every item file in a folder kind's folder, each checked against its model."""
    folder = col.data_dir / kind.folder
    items = []
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".yml":
            col.problems.append(Problem(col.shown(path), message="only .yml files belong in this folder",
                                        hint="rename it to end in .yml, or move it out"))
            continue
        if not NEWS_NAME.match(path.stem):
            col.problems.append(Problem(
                col.shown(path), message="the file name must be the date and a few words",
                hint="name it like 2011-06-16-partnership-conference.yml (lowercase, hyphens)",
            ))
            continue
        # The file name is the item's slug, for models that keep one.
        slug = (lambda d, s=path.stem: {**d, "slug": s} if "slug" not in d else d) \
            if "slug" in kind.model.model_fields else None
        item, reader = col.parse(path, kind.model, slug)
        if item is not None:
            items.append((item, reader))
    return items


_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


def _image_facts(path: Path) -> m.ImageFile | None:
    from PIL import Image, UnidentifiedImageError  # only when an item has a picture

    try:
        with Image.open(path) as img:
            if img.format not in _MIME:
                return None
            return m.ImageFile(width=img.width, height=img.height, size=path.stat().st_size,
                               mime=_MIME[img.format])
    except (UnidentifiedImageError, OSError):
        return None


def _without_drafts(parsed: dict) -> dict:
    """Drafts are checked like everything else, then left out of every output."""
    out = dict(parsed)
    for kind in kinds.KINDS.values():
        if kind.file and kind.items and "draft" in _item_model(kind).model_fields:
            obj = parsed[kind.name]
            kept = [x for x in getattr(obj, kind.items) if not x.draft]
            out[kind.name] = obj.model_copy(update={kind.items: kept})
    # A review's recommendations are drafted one by one; a review left with none is not shown.
    reviews = [r.model_copy(update={"recommendations": [x for x in r.recommendations if not x.draft]})
               for r in parsed["recommendations"].reviews]
    out["recommendations"] = parsed["recommendations"].model_copy(
        update={"reviews": [r for r in reviews if r.recommendations]})
    return out


def _item_model(kind: kinds.Kind) -> type[m.Model]:
    """The model of one of a kind's items: a folder's file, or an entry in a file's list."""
    if kind.folder:
        return kind.model
    return typing.get_args(kind.model.model_fields[kind.items].annotation)[0]


def _check_references(col: _Collected, parsed: dict, readers: dict, lists: dict, data_dir: Path,
                      images: dict) -> None:
    def at(reader: _Reader, path: tuple) -> tuple[int, int]:
        for cut in range(len(path), -1, -1):
            if path[:cut] in reader.positions:
                return reader.positions[path[:cut]]
        return (0, 0)

    # Each kind's ids (None when its file failed, so its ids are unknown), and its drafts' ids.
    ids: dict[str, set[str] | None] = {}
    drafts: dict[str, set[str]] = {}
    for kind in kinds.KINDS.values():
        if kind.file and kind.items and "id" in _item_model(kind).model_fields:
            obj = parsed.get(kind.name)
            items = None if obj is None else getattr(obj, kind.items)
            ids[kind.name] = _unique(col, readers.get(kind.name), kind.items, items, at)
            drafts[kind.name] = {x.id for x in items or [] if getattr(x, "draft", False)}

    # A folder's items are named by their file names (news and events: their slugs).
    for name, pairs in lists.items():
        ids[name] = {kinds.item_key(x) for x, _ in pairs}
        drafts[name] = {kinds.item_key(x) for x, _ in pairs if getattr(x, "draft", False)}

    # Every field marked with model.Ref, in every file, in one pass.
    files = [(parsed[k.name], readers.get(k.name)) for k in kinds.KINDS.values()
             if k.file and parsed.get(k.name) is not None]
    files += [pair for items in lists.values() for pair in items]
    for obj, reader in files:
        if reader is None:
            continue
        for path, ref, value, owner in _references(obj, ()):
            known = ids[ref.kind]
            if ref.itself and value == getattr(owner, "id", None):
                line, c = at(reader, path)
                col.problems.append(Problem(reader.shown, line, c, _field(path), *ref.itself))
            if known is None:
                continue
            target = kinds.KINDS[ref.kind]
            if value in drafts[ref.kind]:
                line, c = at(reader, path)
                col.problems.append(Problem(
                    reader.shown, line, c, _field(path),
                    f"the {target.item} '{value}' is still marked draft, so it is not published",
                    "set draft: false in its entry, or remove this reference"))
                continue
            if value in known:
                continue
            close = difflib.get_close_matches(value, sorted(known), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use an id that exists in {target.ids_where}"
            line, c = at(reader, path)
            col.problems.append(Problem(reader.shown, line, c, _field(path),
                                        f"there is no {target.item} with the id '{value}'", hint))

    _reporting_loops(col, parsed.get("structure"), readers.get("structure"), at)

    for obj, reader in files:
        for path, placeholder in _unfinished(obj, ()) if reader else []:
            line, c = at(reader, path)
            col.problems.append(Problem(
                reader.shown, line, c, _field(path),
                f"this still says '{placeholder}', the words `new` put there to be replaced, "
                "and the item is marked ready to publish (draft: false)",
                "write the real text in their place, or set draft: true until it is finished"))

    def line_of(reader: _Reader, path: tuple, markdown: str | None, target: str, scheme: str) -> int:
        line, c = at(reader, path)
        start, style = reader.values.get(path, (line, ""))
        # The target is read from the HTML, where it may be written differently (escaped,
        # or reference-style): its line is the first one with it, or else with its scheme.
        lines = (markdown or "").splitlines()
        offset = next((i for i, text in enumerate(lines) if target in text), None)
        if offset is None:
            offset = next((i for i, text in enumerate(lines) if scheme in text.lower()), 0)
        return start + offset + (1 if style in ("|", ">") else 0)

    def safe_links(reader: _Reader | None, path: tuple, markdown: str | None) -> None:
        for target in links_without_scheme(markdown or "") if reader else []:
            line = line_of(reader, path, markdown, target, "www.")
            col.problems.append(Problem(
                reader.shown, line, 0, _field(path),
                f"the link to '{target}' has no https:// in front, so it would lead to a missing "
                "page of this site",
                f"write https://{target.strip()}"))
        for target in unsafe_links(markdown or "") if reader else []:
            scheme = target.split(":", 1)[0].strip().lower()
            line = line_of(reader, path, markdown, target, f"{scheme}:")
            col.problems.append(Problem(reader.shown, line, 0, _field(path),
                                        f"a link here starts with '{scheme}:', which is not allowed "
                                        "because it could run code in a visitor's browser",
                                        "link to a web address starting with https:// (or mailto: for email)"))

    r = readers.get("consultations")
    for i, c_ in (enumerate(parsed["consultations"].consultations) if parsed.get("consultations") else []):
        safe_links(r, ("consultations", i, "how_to_respond"), c_.how_to_respond)
        safe_links(r, ("consultations", i, "outcome"), c_.outcome)
    for item, reader in lists["news"]:
        safe_links(reader, ("body",), item.body)
        if item.image is not None:
            image = data_dir / IMAGES / item.image.file
            line, c = at(reader, ("image", "file"))
            if not image.is_file():
                col.problems.append(Problem(reader.shown, line, c, "image › file",
                                            f"there is no picture called {item.image.file} in "
                                            f"{data_dir.name}/{IMAGES}/",
                                            "copy the picture into that folder, or correct the name"))
            elif item.image.file not in images:
                info = _image_facts(image)
                if info is None:
                    col.problems.append(Problem(reader.shown, line, c, "image › file",
                                                f"{item.image.file} is not a picture this site can show",
                                                "save it as a JPEG, PNG, GIF or WebP file"))
                else:
                    images[item.image.file] = info
    for item, reader in lists["events"]:
        safe_links(reader, ("body",), item.body)
    logo = parsed["partnership"].host_council.logo if parsed.get("partnership") else None
    if logo and not (data_dir / logo).is_file():
        r = readers["partnership"]
        line, c = at(r, ("host_council", "logo"))
        col.problems.append(Problem(r.shown, line, c, "host_council › logo",
                                    f"there is no file called {logo} in {data_dir.name}/",
                                    "copy the logo into the data folder, or correct the name"))


def _reporting_loops(col: _Collected, structure: Any, reader: _Reader | None, at: Callable) -> None:
    """Groups that report to each other, round in a loop, have no place in the structure."""
    if structure is None or reader is None:
        return
    index = {b.id: i for i, b in enumerate(structure.bodies)}
    done: set[str] = set()
    for body in structure.bodies:
        chain: list[str] = []
        current: str | None = body.id
        while current in index and current not in done and current not in chain:
            chain.append(current)
            current = structure.bodies[index[current]].reports_to
        done.update(chain)
        if current not in chain or current == structure.bodies[index[current]].reports_to:
            continue  # no loop, or a body reporting to itself (refused where it is marked)
        loop = chain[chain.index(current):]
        named = [f"'{structure.bodies[index[b]].name}' (line "
                 f"{at(reader, ('bodies', index[b], 'reports_to'))[0]})" for b in loop]
        who = " and ".join(named) if len(named) == 2 else ", ".join(named[:-1]) + " and " + named[-1]
        first = index[loop[0]]
        line, c = at(reader, ("bodies", first, "reports_to"))
        col.problems.append(Problem(
            reader.shown, line, c, _field(("bodies", first, "reports_to")),
            f"{who} report to each other{' in a loop' if len(loop) > 2 else ''}, "
            "so none of them has a place in the structure",
            "change reports_to in one of them to the group it really reports to, "
            "or delete that line if it reports to no group here"))


def _unfinished(obj: Any, path: tuple) -> Iterable[tuple[tuple, str]]:
    """(where, the placeholder) for each text field of a published item that still holds
    words `new` wrote for the editor to replace."""
    if isinstance(obj, (list, tuple)):
        for i, one in enumerate(obj):
            yield from _unfinished(one, path + (i,))
        return
    if not isinstance(obj, pydantic.BaseModel) or getattr(obj, "draft", False):
        return
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, str):
            found = next((p for p in m.PLACEHOLDERS.values() if p in value), None)
            if found and "draft" in type(obj).model_fields:
                yield path + (name,), found
        elif isinstance(value, (list, tuple, pydantic.BaseModel)):
            yield from _unfinished(value, path + (name,))


def _unique(col: _Collected, reader: _Reader | None, listname: str, items: list | None,
            at: Callable) -> set[str] | None:
    """The ids in a list, each said to be a mistake after its first use."""
    if items is None:
        return None
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in seen and reader:
            line, c = at(reader, (listname, i, "id"))
            col.problems.append(Problem(reader.shown, line, c, _field((listname, i, "id")),
                                        f"the id '{item.id}' is already used by item {seen[item.id] + 1}",
                                        "give each one its own id"))
        seen.setdefault(item.id, i)
    return set(seen)


def _references(obj: m.Model, path: tuple) -> Iterable[tuple[tuple, m.Ref, str, m.Model]]:
    """(where, mark, id, the model holding it) for every field in obj marked with model.Ref."""
    for name, ref, many, inner in _ref_fields(type(obj)):
        value = getattr(obj, name)
        if value is None:
            continue
        for i, one in enumerate(value) if many else [(None, value)]:
            where = path + (name,) + (() if i is None else (i,))
            if ref is not None:
                yield where, ref, one, obj
            else:
                yield from _references(one, where)


@functools.cache
def _ref_fields(cls: type) -> tuple:
    """(field, its Ref or None, whether it is a list, the model inside) for each field of cls
    that is or may contain a reference; worked out once per model, as it never changes."""
    found = []
    for name, info in cls.model_fields.items():
        ref, tp = _ref_in(info.annotation, info.metadata)
        many = typing.get_origin(tp) in (list, tuple)
        if many:
            inner_ref, tp = _ref_in(typing.get_args(tp)[0], ())
            ref = ref or inner_ref
        is_model = isinstance(tp, type) and issubclass(tp, pydantic.BaseModel)
        inner = tp if is_model and _ref_fields(tp) else None
        if ref or inner:
            found.append((name, ref, many, inner))
    return tuple(found)


def _ref_in(tp: Any, metadata: Iterable) -> tuple[m.Ref | None, Any]:
    """The Ref marking a type, if any, and the type without Optional and Annotated."""
    ref = next((x for x in metadata if isinstance(x, m.Ref)), None)
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            args = typing.get_args(tp)
            ref = ref or next((x for x in args[1:] if isinstance(x, m.Ref)), None)
            tp = args[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return ref, tp
            tp = args[0]
        else:
            return ref, tp
