"""JSON Schemas for the data files, made from the same models the build checks with.

Editors whose text editor understands YAML (for example VS Code with the YAML extension)
get suggestions and underlined mistakes as they type. Regenerate with
`python -m partnership schemas` after changing model.py; a test checks they are current.
"""

from __future__ import annotations

import json

from .kinds import KINDS


def schema_name(data_file: str) -> str:
    """news/2011-06-16-x.yml -> news.schema.json; partnership.yml -> partnership.schema.json"""
    top = data_file.split("/")[0]
    kind = next((k for k in KINDS.values() if top in (k.file, k.folder)), None)
    return kind.schema if kind else top.rsplit(".", 1)[0] + ".schema.json"


def json_schemas() -> dict[str, str]:
    models = {kind.schema: kind.model for kind in KINDS.values()}
    out = {}
    for name, cls in sorted(models.items()):
        schema = cls.model_json_schema(mode="validation")
        # The loader sets slug from the file name; it is never written in a file.
        schema.get("properties", {}).pop("slug", None)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out
