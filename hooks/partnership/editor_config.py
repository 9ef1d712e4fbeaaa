"""The browser editor's settings (Decap CMS's config.yml), made from the content model.

`python -m partnership editor-config` writes editor/config.yml: a form for every kind in
the registry (kinds.py), with each field's widget, whether it is required, its choices and
its help taken from the models (model.py). A test fails when the committed file is stale,
so a field added to a model appears in the form.

It works from the models' JSON Schemas, which already say which fields are required, the
choices of each Literal, patterns and descriptions, as the schemas/ files do.

Only `backend:` is kept from the existing file: it names the council's repository, which
IT sets once (README).
"""

from __future__ import annotations

import typing
from pathlib import Path

import yaml

from . import model as m
from .kinds import KINDS, Kind

CONFIG = Path("editor") / "config.yml"
DATA = "partnership_data"
DEFAULT_BACKEND = {
    # Replace with the council's repository; see "What IT sets up once" in the README.
    "name": "github",
    "repo": "your-council/partnership-site",
    "branch": "main",
}

# Text, LongText and Markdown are one type in the model, so the longer fields are named here.
LONG_TEXT = {"summary", "vision", "statutory_status", "purpose", "membership_note", "description",
             "text", "response", "note", "definition", "availability", "contact"}
# A UKDateTime's schema pattern: a date, or a date and a time.
DATE_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2})?)?$"
# What each field's list entries are called in the collapsed list, first found wins.
SUMMARY_FIELDS = ("title", "name", "term", "text", "id", "role")

HEADER = """\
# The browser editor's settings, made from the content model (hooks/partnership/model.py).
# Do not edit by hand, except backend: (which is kept): run `python -m partnership editor-config`.
"""


LABELS = {"url": "Web address", "alt": "Alt text", "id": "Id"}


def _refs(annotation) -> list[m.Ref]:
    """The Ref marks anywhere in a field's type: Optional[Annotated[Id, Ref("documents")]]."""
    found = [a for a in getattr(annotation, "__metadata__", ()) if isinstance(a, m.Ref)]
    for arg in typing.get_args(annotation):
        found += _refs(arg)
    return found


def _references() -> dict[tuple[str, str], tuple[m.Ref, bool]]:
    """(model, field) -> (its Ref, whether it holds a list of ids), for every model in use."""
    out: dict[tuple[str, str], tuple[m.Ref, bool]] = {}
    seen: set[type] = set()

    def visit(cls):
        if cls in seen:
            return
        seen.add(cls)
        for name, field in cls.model_fields.items():
            refs = _refs(field.annotation) + [a for a in field.metadata if isinstance(a, m.Ref)]
            if refs:
                many = typing.get_origin(field.annotation) is list
                out[(cls.__name__, name)] = (refs[0], many)
            for inner in _models(field.annotation):
                visit(inner)

    for kind in KINDS.values():
        visit(kind.model)
    return out


def _models(annotation) -> list[type]:
    if isinstance(annotation, type) and issubclass(annotation, m.Model):
        return [annotation]
    return [c for arg in typing.get_args(annotation) for c in _models(arg)]


def _relation(ref: m.Ref, many: bool) -> dict | None:
    """A choice from the ids kept in another file, shown by their names."""
    target = KINDS.get(ref.kind)
    if target is None or not target.file or not target.items:
        return None
    item = _models(target.model.model_fields[target.items].annotation)[0]
    shown = "title" if "title" in item.model_fields else "name"
    ids, names = f"{target.items}.*.id", f"{target.items}.*.{shown}"
    return {"widget": "relation", "collection": target.name, "file": target.name,
            "value_field": ids, "search_fields": [names, ids], "display_fields": [names],
            "multiple": many, "options_length": 500}


def _label(name: str) -> str:
    return LABELS.get(name) or name.replace("_", " ").capitalize().replace(" url", " web address")


class _Fields:
    def __init__(self, schema: dict):
        self.defs = schema.get("$defs", {})
        self.references = _references()
        # Decap refuses to save while any required field is empty, even inside an optional
        # group such as a news item's picture, which would make the picture compulsory. So
        # those fields are marked optional in the form, and editor/save-checks.js refuses a
        # save that fills in the group but leaves out one of them: [(path, label, names, labels)].
        self.together: list[tuple[list[str], str, list[str], list[str]]] = []

    def resolve(self, prop: dict) -> tuple[dict, str | None, bool]:
        """The schema behind a property, the name of its model if it has one, and whether null is allowed."""
        nullable = False
        if "anyOf" in prop:
            options = [p for p in prop["anyOf"] if p.get("type") != "null"]
            nullable = len(options) < len(prop["anyOf"])
            if len(options) == 1:
                merged = {k: v for k, v in prop.items() if k != "anyOf"}
                prop = {**options[0], **merged}
        name = None
        if "$ref" in prop:
            name = prop["$ref"].rsplit("/", 1)[1]
            prop = {**self.defs[name], **{k: v for k, v in prop.items() if k != "$ref"}}
        return prop, name, nullable

    def fields(self, schema: dict, model: str | None = None, path: list[str] | None = None) -> list[dict]:
        required = set(schema.get("required", []))
        out = []
        for name, prop in schema.get("properties", {}).items():
            if name == "slug":  # set from the file name by the loader, never written
                continue
            out.append(self.field(name, prop, name in required, model, path))
        return out

    def field(self, name: str, prop: dict, required: bool, model: str | None,
              path: list[str] | None = None) -> dict:
        prop, ref, _ = self.resolve(prop)
        field = {"label": _label(name), "name": name, "required": required}
        if prop.get("description"):
            field["hint"] = prop["description"]
        if path is not None and (ref or prop.get("type") == "object") and "anyOf" not in prop:
            # An object outside any list: its place in the file is known, so it can be checked.
            field.update({"widget": "object", "collapsed": False,
                          "fields": self.fields(prop, ref, path + [name] if required else None)})
            if not required:
                inner = [f for f in field["fields"] if f["required"]]
                if inner:
                    self.together.append((path + [name], field["label"], [f["name"] for f in inner],
                                          [f["label"].lower() for f in inner]))
                for f in inner:
                    f["required"] = False
                    f["hint"] = f.get("hint", "") + f" Needed whenever {field['label'].lower()} is filled in."
        elif (model, name) in self.references and _relation(*self.references[(model, name)]):
            field.update(_relation(*self.references[(model, name)]))
        else:
            field.update(self.widget(name, prop, ref, model))
        if "default" in prop and prop["default"] not in (None, [], {}) and not isinstance(prop["default"], dict):
            field["default"] = prop["default"]
        return field

    def widget(self, name: str, prop: dict, ref: str | None, model: str | None) -> dict:
        if model == "Image" and name == "file":
            return {"widget": "image", "choose_url": False}
        if "enum" in prop:
            return {"widget": "select", "options": list(prop["enum"])}
        if "anyOf" in prop:  # a PartialDate: a day, a month or a year, written as text
            pattern = next(p["pattern"] for p in prop["anyOf"] if "pattern" in p)
            return {"widget": "string",
                    "pattern": [pattern, "Write a date as 2011-06-16, a month as 2011-06, or a year as 2011"]}
        kind = prop.get("type")
        if kind == "boolean":
            return {"widget": "boolean"}
        if kind == "integer":
            out = {"widget": "number", "value_type": "int"}
            if "minimum" in prop:
                out["min"] = prop["minimum"]
            if "maximum" in prop:
                out["max"] = prop["maximum"]
            return out
        if kind == "array":
            item, item_ref, _ = self.resolve(prop.get("items", {}))
            out = {"widget": "list"}
            if item.get("type") == "object":
                sub = self.fields(item, item_ref)
                out["fields"] = sub
                names = [f["name"] for f in sub]
                shown = next((n for n in SUMMARY_FIELDS if n in names), None)
                if shown:
                    out["summary"] = "{{fields.%s}}" % shown
            else:
                sub = self.widget(name, item, item_ref, model)
                out["field"] = {"label": _label(name), "name": name, **sub}
            if prop.get("minItems"):
                out["min"] = prop["minItems"]
            return out
        if kind == "object" or ref:
            return {"widget": "object", "collapsed": False, "fields": self.fields(prop, ref)}
        if kind == "string" and prop.get("format") == "date":
            return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
                    "time_format": False, "picker_utc": True}
        if kind == "string" and prop.get("pattern") in (DATE_TIME_PATTERN, m.EVENT_START_PATTERN):
            # UK local time, as the model reads it; written as "2011-06-16 18:30".
            return {"widget": "datetime", "format": "YYYY-MM-DD HH:mm", "date_format": "YYYY-MM-DD",
                    "time_format": "HH:mm"}
        out = {"widget": "string"}
        if "Markdown" in prop.get("description", ""):
            out = {"widget": "markdown", "buttons": ["bold", "italic", "link", "heading-two",
                                                     "heading-three", "bulleted-list", "numbered-list"],
                   "editor_components": [], "modes": ["rich_text", "raw"]}
        elif name in LONG_TEXT:
            out = {"widget": "text"}
        if "pattern" in prop:
            out["pattern"] = [prop["pattern"], prop.get("description", "Check how this is written")]
        return out


def _collection(kind: Kind) -> dict:
    schema = kind.model.model_json_schema(mode="validation")
    helper = _Fields(schema)
    fields = helper.fields(schema, schema.get("title"), [])
    label = _label(kind.name)
    if kind.folder:
        date_field = "date" if "date" in schema["properties"] else "start"
        return {
            "name": kind.name, "label": label, "label_singular": kind.item.capitalize(),
            "folder": f"{DATA}/{kind.folder}", "create": True, "extension": "yml", "format": "yml",
            # The loader wants files named by date and a few words: 2011-06-16-partnership-conference.yml
            "slug": "{{fields.%s | date('YYYY-MM-DD')}}-{{slug}}" % date_field,
            "identifier_field": "title",
            "summary": "{{fields.%s | date('D MMMM YYYY')}}: {{title}}" % date_field,
            "sortable_fields": [date_field, "title"],
            "fields": fields,
        }
    return {
        "name": kind.name, "label": label,
        "files": [{"name": kind.name, "label": label, "file": f"{DATA}/{kind.file}",
                   "format": "yml", "fields": fields}],
    }


def editor_config(backend: dict | None = None) -> str:
    """The whole config.yml, keeping the given backend settings."""
    config = {
        "backend": backend or DEFAULT_BACKEND,
        # Only used when the editor runs on this computer (`make edit`): it then saves to the
        # files here through decap-server instead of signing in to GitHub or GitLab.
        "local_backend": {"url": "http://127.0.0.1:8081/api/v1"},
        "media_folder": f"{DATA}/images",
        # Pictures are named by file alone: the site finds them in the images folder.
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        # An optional field left empty is left out, rather than saved empty and refused by the check.
        "omit_empty_optional_fields": True,
        # The preview is the real site (`make edit`), not a copy inside the editor.
        "editor": {"preview": False},
        "collections": [_collection(kind) for kind in KINDS.values()],
    }
    return HEADER + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)


def current_backend(path: Path = CONFIG) -> dict | None:
    if not path.exists():
        return None
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("backend")


def write_editor_config(path: Path = CONFIG) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(editor_config(current_backend(path)), encoding="utf-8")
    return path


def required_together() -> dict[str, list[dict]]:
    """For editor/save-checks.js: each optional group's fields that are needed once it is filled in."""
    rules = {}
    for kind in KINDS.values():
        schema = kind.model.model_json_schema(mode="validation")
        helper = _Fields(schema)
        helper.fields(schema, schema.get("title"), [])
        if helper.together:
            rules[kind.name] = [{"path": path, "label": label, "required": names, "labels": labels}
                                for path, label, names, labels in helper.together]
    return rules
