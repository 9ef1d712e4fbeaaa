"""The editor's guide explains every field an editor can write."""

from __future__ import annotations

from conftest import ROOT
from partnership import kinds, model as m


def fields_of(model: type, seen: set) -> set[tuple[str, str]]:
    """(model name, field) for a model and every model inside it."""
    if model in seen or model is m.PartialDate:  # a date is explained once, under Dates and times
        return set()
    seen.add(model)
    found = set()
    for name, info in model.model_fields.items():
        if info.exclude:
            continue
        found.add((model.__name__, name))
        for inner in _models_in(info.annotation):
            found |= fields_of(inner, seen)
    return found


def _models_in(tp) -> list[type]:
    import typing
    if isinstance(tp, type) and issubclass(tp, m.Model):
        return [tp]
    return [x for arg in typing.get_args(tp) for x in _models_in(arg)]


def test_every_field_is_in_the_editors_guide():
    guide = (ROOT / "docs" / "editors-guide.md").read_text()
    seen: set = set()
    fields = set().union(*(fields_of(k.model, seen) for k in kinds.KINDS.values()))
    # A file's single list (bodies:, partners: ...) is described in its section's opening.
    lists = {(k.model.__name__, k.items) for k in kinds.KINDS.values() if k.file and k.items}
    missing = sorted(f"{model}.{name}" for model, name in fields - lists if f"`{name}`" not in guide)
    assert missing == []
