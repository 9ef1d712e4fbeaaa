"""The JSON Schemas editors' text editors use match the build's own checks."""

from __future__ import annotations

import datetime as dt
import json
import re

import jsonschema
import pytest
import yaml

from conftest import EXAMPLE_DATA, ROOT
from partnership.schemas import json_schemas, schema_name

SCHEMAS = ROOT / "schemas"
DATA_FILES = sorted(p.relative_to(EXAMPLE_DATA).as_posix() for p in EXAMPLE_DATA.rglob("*.yml"))


def test_committed_schemas_are_current():
    # Regenerate with: python -m partnership schemas
    fresh = json_schemas()
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(fresh)
    for name, text in fresh.items():
        assert (SCHEMAS / name).read_text() == text, name


def _as_editor_sees(value):
    # Text editors read YAML 1.2, where an unquoted date is text.
    if isinstance(value, dict):
        return {k: _as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_sees(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return str(value)
    return value


@pytest.mark.parametrize("rel", DATA_FILES)
def test_every_data_file_names_its_schema_and_passes_it(rel):
    text = (EXAMPLE_DATA / rel).read_text()
    first = text.splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{rel} does not start with its schema line"
    target = ((EXAMPLE_DATA / rel).parent / match.group(1)).resolve()
    assert target == (SCHEMAS / schema_name(rel)).resolve()
    schema = json.loads(target.read_text())
    jsonschema.validate(_as_editor_sees(yaml.safe_load(text)), schema)


def test_schema_underlines_a_misspelt_key():
    schema = json.loads((SCHEMAS / "news.schema.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "x", "date": "2011-06-16", "summary": "s", "body": "b", "magzine": True}, schema)
