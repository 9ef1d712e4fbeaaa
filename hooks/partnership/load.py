"""Read partnership_data/ into a checked Site. The only module that touches the files.

Every problem in every file is collected before anything is reported, so an editor
sees the whole list at once, each with its file, line, field and what to write.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import difflib
import functools
import hashlib
import marshal
import os
import pickle
import re
import time
import types
import typing
from pathlib import Path
from typing import Any, Callable, Iterable

import pydantic
import yaml

from . import kinds
from . import model as m
from .outputs import code_version, write_whole
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

    # Kept on disk once read (load_site's `kept`), where a build needs where each value was
    # only for a message: packed into one string of bytes, which is read back many times
    # faster than thousands of small tuples, and unpacked when first asked for.
    # What is text was needed only to read.
    _PACKED = ("path", "positions", "values", "lines")

    def __getstate__(self) -> dict:
        state = {k: v for k, v in self.__dict__.items() if k not in self._PACKED}
        state["text_at"] = None
        if "packed" not in state:  # one restored and never asked is written as it was read
            state["packed"] = marshal.dumps((str(self.path), self.positions, self.values, self.lines))
        return state

    def __getattr__(self, name: str) -> Any:  # only for names not set: those still packed
        if name not in self._PACKED or "packed" not in self.__dict__:
            raise AttributeError(name)
        path, self.positions, self.values, self.lines = marshal.loads(self.__dict__.pop("packed"))
        self.path = Path(path)
        return getattr(self, name)

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
        if "\ufeff" in text:  # left behind where two pieces of text were pasted together
            number = next(i for i, ln in enumerate(self.lines) if "\ufeff" in ln)
            column = self.lines[number].index("\ufeff")
            after = self.lines[number][column + 1:].split(":")[0].strip()
            self.problems.append(Problem(
                self.shown, number + 1, column + 1, "",
                f"an invisible character (byte-order mark) at line {number + 1}, column {column + 1}",
                "delete it: it cannot be seen, so retype the start of the line"
                + (f" up to '{after}'" if after else ""),
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
            if mark is not None and self._layout_by_cause(mark, detail):
                return None
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

    def _layout_by_cause(self, mark: Any, detail: str) -> bool:
        """Name the real cause of a layout error the parser words in its own terms, when it
        is one of the usual ones; False when it is not."""
        if detail == "but found another document":
            self.problem(mark, "", "a line of three dashes starts a second document",
                         "remove it (a file holds one item, without lines of dashes)")
            return True
        if self._item_out_of_line(mark.line):
            return True
        # The line the parser stopped on, or the one above it, holds a field with the cause.
        for number in (mark.line, mark.line - 1):
            field = _FIELD_LINE.match(self.lines[number]) if 0 <= number < len(self.lines) else None
            if not field:
                continue
            key, value = field.group("key"), field.group("value").rstrip()
            at = types.SimpleNamespace(line=number, column=field.start("value"))
            if value.startswith("'") and _QUOTE_INSIDE.match(value):
                inner = value[1:-1] if value.endswith("'") and len(value) > 1 else value[1:]
                self.problem(at, key, "the ' in the middle of this text ends the quotes around it",
                             "a ' inside '...' is written twice, or use double quotes: "
                             + _typed_again(key, inner))
                return True
            if value[:1] not in "'\"[{" and ": " in value and "mapping values" in detail:
                self.problem(at, key, f"put the {key} in quotes: it contains ': '",
                             f"write it as {_typed_again(key, value)}")
                return True
        return False

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
            if node.end_mark.line > node.start_mark.line and path and isinstance(path[-1], int):
                self._item_indented_too_far(node, path)
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
                message, hint = f"{value} is not a real date", \
                    "check the day and month (for example, February has 28 or 29 days)"
                with contextlib.suppress(ValueError):
                    dt.date.fromisoformat(value[:10])
                    try:  # a real day, so the time is what is wrong: the model says how
                        m._uk_datetime(value)
                    except ValueError as exc:
                        message, _, hint = str(exc).partition(m._HINT)
                self.problem(node.start_mark, where, message, hint)
                return None
        # The common kinds directly: PyYAML's constructor costs a third of the load time.
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() in ("true", "yes", "on", "y")
        if tag == _INT and value.isdigit():
            return int(value)
        if not tag.startswith("tag:yaml.org,2002:"):
            key = path[-1] if path and isinstance(path[-1], str) else ""
            line = self.lines[node.start_mark.line] if node.start_mark.line < len(self.lines) else ""
            typed = line[node.start_mark.column:].rstrip() if node.end_mark.line == node.start_mark.line \
                else f"{tag} {value}"
            self.problem(node.start_mark, where,
                         "a value starting with '!' is read as a special YAML tag, not as text",
                         f"put the {key or 'text'} in quotes: {_typed_again(key, typed)}")
            return None
        return _constructor.construct_object(node)

    def _item_out_of_line(self, number: int) -> bool:
        """A list item ("- ") one or two spaces further in than the item above it."""
        line = self.lines[number] if 0 <= number < len(self.lines) else ""
        indent = len(line) - len(line.lstrip())
        if not line.lstrip().startswith("- "):
            return False
        for above in reversed(self.lines[:number]):
            other = len(above) - len(above.lstrip())
            if above.lstrip().startswith("- ") and other < indent:
                if indent - other > 2:
                    return False
                key = next((ln.strip()[:-1] for ln in reversed(self.lines[:number])
                            if ln.rstrip().endswith(":") and len(ln) - len(ln.lstrip()) < other), "")
                self.problem(types.SimpleNamespace(line=number, column=indent), key,
                             f"this list item is indented {_spaces(indent - other)} further than the "
                             "one above, so the file's layout cannot be read",
                             "indent it like the item above")
                return True
        return False

    def _item_indented_too_far(self, node: yaml.ScalarNode, path: tuple) -> None:
        # A "- " one space further in than the item above continues that item's text, so two
        # items become one and the mistake would show as a wrong value on the line above.
        before = self.lines[node.start_mark.line][:node.start_mark.column].rstrip()
        if not before.endswith("-"):
            return
        dash = len(before) - 1
        for number in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(self.lines))):
            line = self.lines[number]
            indent = len(line) - len(line.lstrip())
            if line.lstrip().startswith("- ") and indent > dash:
                extra = indent - dash
                self.problem(types.SimpleNamespace(line=number, column=indent), _field(path),
                             f"this list item is indented {_spaces(extra)} further than the one above, "
                             "so it is read as part of that item",
                             "indent it like the item above")
                return


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
    current = _unwrap(current)
    # A field of set words (status: green) takes them as typed too, so `Off` is told the
    # choices rather than read as false.
    return current is str or (typing.get_origin(current) is typing.Literal
                              and all(isinstance(a, str) for a in typing.get_args(current)))


# A line holding one field: its key and what follows it (a list item's "- " allowed).
_FIELD_LINE = re.compile(r"^\s*(?:- +)?(?P<key>[A-Za-z_][\w-]*):\s+(?P<value>\S.*)$")
# '...' with a single ' inside it, which ends the quotes early ('' is a ' written twice).
_QUOTE_INSIDE = re.compile(r"^'(?:[^']|'')*'(?!')\s*[^\s#]")

# After a plain value, " #" starts a note that YAML leaves out. A note written as "# ..."
# (a space after the #) is meant as one; "#1" or "#hashtag" is text the editor meant to keep.
_CUT_TEXT = re.compile(r"\s+#(\S.*)$")


def _typed_again(key: str, text: str) -> str:
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{key}: {quoted}" if key else f"- {quoted}"


def _spaces(count: int) -> str:
    return "one space" if count == 1 else f"{count} spaces"


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
    slashes = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", given.strip()) if isinstance(given, str) else None
    if slashes and (kind.startswith("date") or kind == "value_error"):
        day, month, year = slashes.groups()
        return (f"'{given}' is not written the way this site reads dates",
                f"write it year first: {loc[-1]}: {year}-{int(month):02d}-{int(day):02d}")
    timed = isinstance(given, (str, dt.datetime)) and re.match(r"\d{4}-\d{2}-\d{2}[ T]\d", str(given).strip())
    date_only = kind == "value_error" and str(err.get("ctx", {}).get("error", "")).startswith(m.DATE_ONLY)
    if kind == "date_from_datetime_inexact" or ((kind.startswith("date_") or date_only) and timed):
        day = given.date().isoformat() if isinstance(given, dt.datetime) else str(given).strip()[:10]
        return m.DATE_ONLY, f"write just the date: {loc[-1]}: {day}"
    if kind in ("value_error", "assertion_error"):
        text = str(err.get("ctx", {}).get("error", err["msg"]))
        message, _, hint = text.partition("\nWhat to do: ")
        return message, hint
    if kind == "datetime_from_date_parsing" or kind.startswith("datetime"):
        return "this is not a date and time", "write it in quotes, like \"2011-06-16 18:30\""
    return err["msg"][0].lower() + err["msg"][1:], _HINTS.get(kind, "see the editor's guide for what this field holds")


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
# path -> ((time, size, inode), digest of its bytes) at an earlier reading
_SIGNED: dict[str, tuple[tuple[int, int, int], bytes]] = {}
# A file changed this close to the moment it is read may change again within the same tick
# of the file system's clock, keeping its time: read it again next time.
_SETTLED_NS = 2_000_000_000


def _bytes_and_digest(path: str) -> tuple[bytes | None, bytes]:
    """A file's bytes and their digest; the bytes are None when the file's time, size and
    inode are those of an earlier reading, which saves the preview reading every file on
    every save. (Only the digest decides what is parsed again.)"""
    stat = os.stat(path)
    signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    known = _SIGNED.get(path)
    if known is not None and known[0] == signature:
        return None, known[1]
    with open(path, "rb") as f:
        raw = f.read()
    digest = hashlib.blake2b(raw, digest_size=16).digest()
    if time.time_ns() - stat.st_mtime_ns > _SETTLED_NS:
        _SIGNED[path] = signature, digest
    return raw, digest


class _Collected:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.problems: list[Problem] = []
        self.where: dict[tuple, tuple[str, int]] = {}  # (kind, id) -> (file, line)
        self.used: set[tuple] = set()
        self.read: set[str] = set()  # the paths of the files this reading read

    def forget_unused(self) -> None:
        """Keep only what this reading of the folder used, so the memo never outgrows one site."""
        for key in _PARSED.keys() - self.used:
            del _PARSED[key]
        for gone in _SIGNED.keys() - self.read:
            del _SIGNED[gone]

    def shown(self, path: Path) -> str:
        # Paths here are always inside the data folder: cut its name off the front (the
        # preview asks this for every file on every save).
        return f"{self.data_dir.name}/{str(path)[len(str(self.data_dir)) + 1:].replace(os.sep, '/')}"

    def parse(self, path: Path, model_cls: type[m.Model], extra: Callable[[dict], dict] | None = None):
        # The preview reloads the folder on every save: a file whose bytes have not changed
        # gives the same result, so it is looked up instead of parsed again.
        self.read.add(str(path))
        raw, digest = _bytes_and_digest(str(path))
        shown = self.shown(path)
        key = (shown, model_cls, extra is not None, digest)
        if key in _PARSED:
            result, reader, problems = _PARSED[key]
        else:
            raw = path.read_bytes() if raw is None else raw
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


def _restore(kept: Path) -> set:
    """In a new process, what the last build found in each file, from `kept`: a file whose
    name, model and bytes are those of a kept one is not parsed and checked again. Read with
    pickle, as Python reads its own __pycache__: the file is as trusted as the code."""
    if _PARSED:  # this process has read the folder before: its memo is newer
        return set()
    try:
        with open(kept, "rb") as f:
            version, parsed, found = pickle.load(f)
    except Exception:  # none, half a file or another version of Python: read as without it
        return set()
    if version != code_version():
        return set()
    _PARSED.update(parsed)
    _FOUND.update({(what, id(obj)): (obj, value) for what, obj, value in found})
    return set(parsed)


def _keep(kept: Path, used: set) -> None:
    objects = {id(_PARSED[key][0]) for key in used}
    found = [(what, obj, value) for (what, ident), (obj, value) in _FOUND.items() if ident in objects]
    try:
        content = pickle.dumps((code_version(), {key: _PARSED[key] for key in used}, found),
                               protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):  # a model made where pickle cannot find it
        return
    write_whole(kept, content)


def load_site(data_dir: Path | str, today: dt.date, kept: Path | None = None) -> m.Site:
    """Read and check every file; raise DataError listing every problem found. `kept`: a
    file where what was found in each data file is kept for the next build."""
    data_dir = Path(data_dir)
    col = _Collected(data_dir)
    restored = _restore(kept) if kept else set()
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
    # A site kept as a record of the past is built as of the day it describes, never the clock's.
    if getattr(parsed.get("partnership"), "as_of", None):
        today = parsed["partnership"].as_of
    images: dict[str, m.ImageFile] = {}
    _check_references(col, parsed, readers, lists, data_dir, images)
    _forget_all_but([*parsed.values(), *(item for items in lists.values() for item, _ in items)])
    for kind in kinds.KINDS.values():
        if kind.name in readers and parsed.get(kind.name) is None and kind.name in _referred_to():
            _others_unchecked(col, readers[kind.name].shown)
    if not col.problems:
        parsed = _without_drafts(parsed)
    if col.problems:
        raise DataError(col.problems)
    files = [(parsed[k.name], readers[k.name]) for k in kinds.KINDS.values() if k.name in readers]
    files += [pair for items in lists.values() for pair in items]
    warnings = [w.format() for w in sorted(_warnings(files, today))]
    if kept and col.used != restored:
        _keep(kept, col.used)

    found: dict[str, Any] = dict(parsed)
    for name, items in lists.items():
        found[name] = tuple(item for item, _ in items if not getattr(item, "draft", False))
    found["news"] = tuple(sorted((n for n in found["news"] if n.date.date() <= today),
                                 key=lambda n: (n.date, n.slug), reverse=True))
    found["events"] = tuple(sorted(found["events"], key=lambda e: (e.start, e.slug)))
    # Kinds the Site has no field for (added through the registry) are kept by name.
    own = {name: value for name, value in found.items() if name in m.Site.model_fields}
    extra = {name: value for name, value in found.items() if name not in own}
    # Every part was checked through its own model above: constructed, not checked again,
    # which would first build a validator for the whole site.
    return m.Site.model_construct(**own, extra=extra, images=images, today=today, warnings=tuple(warnings))


# --- warnings: likely mistakes that do not stop the site being built -------------------

FAR_YEARS = 20  # a date further ahead than this, or before 1900, is most likely mistyped
_OFFSET_TYPED = re.compile(r"\d:\d{2}(:\d{2})?\s*(Z|[+-]\d)")


def _warnings(files: list[tuple[Any, _Reader]], today: dt.date) -> Iterable[Problem]:
    """Times that happen twice, dates far from today, names given twice, and events no
    calendar can hold."""
    for obj, reader in files:
        yield from _found(("warnings", today), obj, lambda: _file_warnings(obj, reader, today))


def _file_warnings(obj: Any, reader: _Reader, today: dt.date) -> Iterable[Problem]:
    if isinstance(obj, m.NewsItem) and obj.date_given:
        line, column = _at(reader, ("date",))
        yield Problem(reader.shown, line, column, "date",
                      f"with only {obj.date_given.display()} given, the feeds date this item "
                      f"{m.display_date(obj.date)}, as they need a day",
                      "if a source gives the day, write the full date, year-month-day; "
                      "otherwise leave it as it is")
    if isinstance(obj, m.Event) and obj.date_given:
        line, column = _at(reader, ("start",))
        yield Problem(reader.shown, line, column, "start",
                      f"with only {obj.date_given.display()} given, this event is kept out of the "
                      "calendars, which need a day",
                      "if a source gives the day, write the full date, year-month-day; "
                      "otherwise leave it as it is")
    for path, value in _dates(obj, ()):
        line, column = _at(reader, path)
        if isinstance(value, dt.datetime) and value.replace(fold=0).utcoffset() != \
                value.replace(fold=1).utcoffset() and line and \
                not _OFFSET_TYPED.search(reader.lines[line - 1]):
            when = f"{value:%H:%M} on {m.display_date(value)}"
            yield Problem(reader.shown, line, column, _field(path),
                          f"{when} happens twice in the UK, as the clocks go back an hour that night: "
                          "this means the first, in British Summer Time",
                          f"to mean the second, an hour later by the clock, type the offset: "
                          f"\"{value:%Y-%m-%d %H:%M}+00:00\"")
        day = value.earliest if isinstance(value, m.PartialDate) else value
        if isinstance(day, dt.date) and (day.year < 1900 or day.year > today.year + FAR_YEARS):
            yield Problem(reader.shown, line, column, _field(path),
                          f"the year {day.year} is a long way from today ({today.year})",
                          "check the year for a typing mistake (such as 2102 for 2012); "
                          "if it is right, leave it")
    yield from _similar_names(obj, reader)


def _similar_names(obj: Any, reader: _Reader) -> Iterable[Problem]:
    """Entries of one list whose names differ only in &/and, capitals, punctuation or spacing."""
    for listname in type(obj).model_fields if isinstance(obj, pydantic.BaseModel) else []:
        items = getattr(obj, listname)
        if not isinstance(items, tuple | list):
            continue
        seen: dict[str, tuple[int, Any]] = {}
        for i, item in enumerate(items):
            name = getattr(item, "name", None)
            if not isinstance(name, str) or not hasattr(item, "id"):
                continue
            key = " ".join(re.sub(r"[\W_]+", " ", name.casefold().replace("&", " and ")).split())
            if key not in seen:
                seen[key] = (i, item)
                continue
            first, other = seen[key]
            how = "the same name as" if name == other.name else "nearly the same name as"
            line, column = _at(reader, (listname, i, "name"))
            yield Problem(reader.shown, line, column, _field((listname, i, "name")),
                          f"'{name}' (id '{item.id}') has {how} '{other.name}' (id '{other.id}', "
                          f"line {_at(reader, (listname, first, 'name'))[0]})",
                          "if they are the same, keep one entry and use its id everywhere; "
                          "if not, make the names tell them apart")


def _dates(obj: Any, path: tuple) -> Iterable[tuple[tuple, Any]]:
    """(where, value) for every date in a file's model; a partial date counts as one value.
    Fields that can only hold text, numbers or yes/no are not looked in: most of them."""
    if isinstance(obj, (list, tuple)):
        for i, one in enumerate(obj):
            yield from _dates(one, path + (i,))
    elif isinstance(obj, (dt.date, m.PartialDate)):
        yield path, obj
    elif isinstance(obj, pydantic.BaseModel):
        for name in _may_hold_dates(type(obj)):
            yield from _dates(getattr(obj, name), path + (name,))


@functools.cache
def _may_hold_dates(cls: type) -> tuple[str, ...]:
    return tuple(name for name, info in cls.model_fields.items() if not _dateless(info.annotation))


def _dateless(tp: Any) -> bool:
    """Whether a value of this type can never be or hold a date."""
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return True
    if origin in (typing.Annotated, typing.Union, types.UnionType, list, tuple):
        args = typing.get_args(tp)[:1] if origin is typing.Annotated else typing.get_args(tp)
        return all(arg is Ellipsis or _dateless(arg) for arg in args)
    return tp in (str, int, float, bool, type(None))


@functools.cache
def _referred_to() -> frozenset[str]:
    """The kinds whose ids other entries refer to (through fields marked with model.Ref)."""
    found: set[str] = set()

    def visit(cls: type) -> None:
        for _, ref, _, inner in _ref_fields(cls):
            if ref is not None:
                found.add(ref.kind)
            if inner is not None:
                visit(inner)

    for kind in kinds.KINDS.values():
        visit(kind.model)
    return frozenset(found)


def _others_unchecked(col: _Collected, shown: str) -> None:
    """Say, on the first problem in a file that failed, that the references to its ids wait for it."""
    first = min((p for p in col.problems if p.file == shown), default=None)
    if first is not None:
        col.problems[col.problems.index(first)] = dataclasses.replace(first, hint=(
            f"{first.hint} (any problems in files that refer to this one will show once it is fixed)").lstrip())


def _read_folder(col: _Collected, kind: kinds.Kind) -> list:
    """Every item file in a folder kind's folder, each checked against its model."""
    folder = col.data_dir / kind.folder
    items = []
    with os.scandir(folder) if folder.is_dir() else contextlib.nullcontext([]) as entries:
        files = sorted(e.name for e in entries if not e.name.startswith(".") and not e.is_dir())
    for name in files:
        path = folder / name
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
    at = _at

    # Each kind's ids (None when its file failed, so its ids are unknown), and its drafts' ids.
    ids: dict[str, set[str] | None] = {}
    drafts: dict[str, set[str]] = {}
    for kind in kinds.KINDS.values():
        if kind.file and kind.items and "id" in _item_model(kind).model_fields:
            obj = parsed.get(kind.name)
            places = None if obj is None else getattr(obj, kind.ids)() if kind.ids else [
                ((kind.items, i), x) for i, x in enumerate(getattr(obj, kind.items))]
            ids[kind.name] = _unique(col, readers.get(kind.name), places, at)
            drafts[kind.name] = {x.id for _, x in places or [] if getattr(x, "draft", False)}
        elif kind.folder:
            # An item kept as a file is pointed at by its file name; a file that failed its own
            # checks still has a name, so pointing at it is not a second mistake.
            folder = data_dir / kind.folder
            ids[kind.name] = {p.stem for p in folder.glob("*.yml")} if folder.is_dir() else set()
            drafts[kind.name] = {getattr(x, "slug", "") for x, _ in lists.get(kind.name, [])
                                 if getattr(x, "draft", False)}

    # A folder's items are named by their file names (news and events: their slugs), as
    # well as by the names of its files that failed (above).
    for name, pairs in lists.items():
        ids[name] = (ids.get(name) or set()) | {kinds.item_key(x) for x, _ in pairs}
        drafts[name] = {kinds.item_key(x) for x, _ in pairs if getattr(x, "draft", False)}

    # Every field marked with model.Ref, in every file, in one pass.
    files = [(parsed[k.name], readers.get(k.name)) for k in kinds.KINDS.values()
             if k.file and parsed.get(k.name) is not None]
    files += [pair for items in lists.values() for pair in items]
    for obj, reader in files:
        if reader is None:
            continue
        for path, ref, value, owner in _found("references", obj, lambda: _references(obj, ())):
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
        for path, placeholder in _found("placeholders", obj, lambda: _unfinished(obj, ())) if reader else []:
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

    def safe_links(reader: _Reader | None, path: tuple, owner: Any, markdown: str | None) -> None:
        if reader is None:
            return
        # Found from the body's HTML, which a build kept from the last one need not make again.
        bare, unsafe = _found(("links", path), owner, lambda: (
            links_without_scheme(markdown or ""), unsafe_links(markdown or "")))
        for target in bare:
            line = line_of(reader, path, markdown, target, "www.")
            col.problems.append(Problem(
                reader.shown, line, 0, _field(path),
                f"the link to '{target}' has no https:// in front, so it would lead to a missing "
                "page of this site",
                f"write https://{target.strip()}"))
        for target in unsafe:
            scheme = target.split(":", 1)[0].strip().lower()
            line = line_of(reader, path, markdown, target, f"{scheme}:")
            col.problems.append(Problem(reader.shown, line, 0, _field(path),
                                        f"a link here starts with '{scheme}:', which is not allowed "
                                        "because it could run code in a visitor's browser",
                                        "link to a web address starting with https:// (or mailto: for email)"))

    r = readers.get("consultations")
    for i, c_ in (enumerate(parsed["consultations"].consultations) if parsed.get("consultations") else []):
        safe_links(r, ("consultations", i, "how_to_respond"), c_, c_.how_to_respond)
        safe_links(r, ("consultations", i, "outcome"), c_, c_.outcome)
    for item, reader in lists["news"]:
        safe_links(reader, ("body",), item, item.body)
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
        safe_links(reader, ("body",), item, item.body)
    logo = parsed["partnership"].host_council.logo if parsed.get("partnership") else None
    if logo and not (data_dir / logo).is_file():
        r = readers["partnership"]
        line, c = at(r, ("host_council", "logo"))
        col.problems.append(Problem(r.shown, line, c, "host_council › logo",
                                    f"there is no file called {logo} in {data_dir.name}/",
                                    "copy the logo into the data folder, or correct the name"))


def _at(reader: _Reader, path: tuple) -> tuple[int, int]:
    """(line, column) of a value, or of the nearest thing around it that has a place."""
    for cut in range(len(path), -1, -1):
        if path[:cut] in reader.positions:
            return reader.positions[path[:cut]]
    return (0, 0)


def _reporting_loops(col: _Collected, structure: Any, reader: _Reader | None, at: Callable) -> None:
    """Groups that report to each other, round in a loop, have no place in the structure."""
    if structure is None or reader is None:
        return
    index = {b.id: i for i, b in enumerate(structure.bodies)}

    def line(i: int) -> tuple:
        """Where body i names the group above it: reports_to, or its latest reporting line."""
        b = structure.bodies[i]
        if b.reporting:
            return ("bodies", i, "reporting", len(b.reporting) - 1, "reports_to")
        return ("bodies", i, "reports_to")

    def above(body_id: str) -> str | None:
        b = structure.bodies[index[body_id]]
        return b.reporting[-1].reports_to if b.reporting else b.reports_to

    done: set[str] = set()
    for body in structure.bodies:
        chain: list[str] = []
        current: str | None = body.id
        while current in index and current not in done and current not in chain:
            chain.append(current)
            current = above(current)
        done.update(chain)
        if current not in chain or current == above(current):
            continue  # no loop, or a body reporting to itself (refused where it is marked)
        loop = chain[chain.index(current):]
        named = [f"'{structure.bodies[index[b]].name}' (line {at(reader, line(index[b]))[0]})" for b in loop]
        who = " and ".join(named) if len(named) == 2 else ", ".join(named[:-1]) + " and " + named[-1]
        first = line(index[loop[0]])
        line_no, c = at(reader, first)
        col.problems.append(Problem(
            reader.shown, line_no, c, _field(first),
            f"{who} report to each other{' in a loop' if len(loop) > 2 else ''}, "
            "so none of them has a place in the structure",
            "change reports_to in one of them to the group it really reports to, "
            "or delete that line if it reports to no group here"))


# The preview checks the whole folder again on every save: what was found in an object the
# loader handed back unchanged (the same object) is looked up, not found again.
# (what, id of the object) -> (the object, what was found).
_FOUND: dict[tuple[Any, int], tuple[Any, list]] = {}


def _found(what: Any, obj: Any, find: Callable[[], Iterable]) -> list:
    hit = _FOUND.get((what, id(obj)))
    if hit is None or hit[0] is not obj:  # the object is kept, so its id is not reused
        hit = _FOUND[(what, id(obj))] = (obj, list(find()))
    return hit[1]


def _forget_all_but(objects: Iterable[Any]) -> None:
    """Keep what was found only for the objects of this reading of the folder."""
    live = {id(obj) for obj in objects}
    for key in [key for key in _FOUND if key[1] not in live]:
        del _FOUND[key]


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


def _unique(col: _Collected, reader: _Reader | None, places: list | None, at: Callable) -> set[str] | None:
    """The ids of (where, item) pairs, each said to be a mistake after its first use."""
    if places is None:
        return None
    seen: dict[str, tuple] = {}
    for where, item in places:
        first = seen.setdefault(item.id, where)
        if first != where and reader:
            line, c = at(reader, where + ("id",))
            # In the same list, "item 1" is clear; elsewhere in the file, its line is.
            used = (f"item {first[-1] + 1}" if first[:-1] == where[:-1]
                    else f"line {at(reader, first + ('id',))[0]}")
            col.problems.append(Problem(reader.shown, line, c, _field(where + ("id",)),
                                        f"the id '{item.id}' is already used by {used}",
                                        "give each one its own id"))
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
