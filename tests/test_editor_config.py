"""The browser editor's forms are made from the content model, and the committed copy is current."""

from __future__ import annotations

import typing

import yaml

from conftest import ROOT
from partnership import kinds
from partnership import model as m
from partnership.editor_config import current_backend, editor_config, required_together, write_editor_config

COMMITTED = ROOT / "editor" / "config.yml"


def _config(text: str | None = None) -> dict:
    return yaml.safe_load(text if text is not None else editor_config())


def _collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def _fields(collection: dict) -> dict:
    fields = collection["fields"] if "fields" in collection else collection["files"][0]["fields"]
    return {f["name"]: f for f in fields}


def test_committed_editor_config_is_current():
    # Regenerate with: python -m partnership editor-config
    assert COMMITTED.read_text(encoding="utf-8") == editor_config(current_backend(COMMITTED))


def test_every_kind_has_a_form_with_every_field_of_its_model():
    config = _config()
    assert [c["name"] for c in config["collections"]] == list(kinds.KINDS)
    for kind in kinds.KINDS.values():
        fields = _fields(_collection(config, kind.name))
        assert set(fields) == set(kind.model.model_fields) - {"slug"}, kind.name


def test_news_and_events_are_one_file_each_named_by_date():
    config = _config()
    for name, date_field in (("news", "date"), ("events", "start")):
        collection = _collection(config, name)
        assert collection["folder"] == f"partnership_data/{name}" and collection["create"]
        assert collection["extension"] == "yml"
        assert collection["slug"].startswith("{{fields.%s | date('YYYY-MM-DD')}}-" % date_field)
    assert _collection(config, "glossary")["files"][0]["file"] == "partnership_data/glossary.yml"


def test_required_fields_follow_the_model():
    news = _fields(_collection(_config(), "news"))
    for name, field in m.NewsItem.model_fields.items():
        if name != "slug":
            assert news[name]["required"] is field.is_required(), name
    assert news["title"]["required"] and not news["author"]["required"]
    # A picture cannot be saved without its alt text. The picture itself is optional, so
    # editor/save-checks.js asks for it (the form would otherwise insist on a picture).
    picture = {f["name"]: f for f in news["image"]["fields"]}
    assert picture["file"]["widget"] == "image"
    assert {"path": ["image"], "label": "Image", "required": ["file", "alt"],
            "labels": ["file", "alt text"]} in required_together()["news"]
    assert "Needed whenever image is filled in" in picture["alt"]["hint"]


def test_choices_are_exactly_the_models_choices():
    config = _config()
    events = _fields(_collection(config, "events"))
    assert events["kind"]["widget"] == "select"
    assert events["kind"]["options"] == list(typing.get_args(m.EventKind))
    assert events["kind"]["default"] == "meeting"
    documents = _fields(_collection(config, "documents"))["documents"]["fields"]
    doc_type = next(f for f in documents if f["name"] == "type")
    assert doc_type["options"] == list(typing.get_args(m.DocumentType))


def test_widgets_suit_each_field():
    config = _config()
    news = _fields(_collection(config, "news"))
    assert news["body"]["widget"] == "markdown"
    assert news["summary"]["widget"] == "text"
    assert news["title"]["widget"] == "string"
    assert news["magazine"]["widget"] == "boolean"
    # A date and UK time, written as the model reads it.
    assert news["date"]["widget"] == "datetime" and news["date"]["format"] == "YYYY-MM-DD HH:mm"
    consultation = {f["name"]: f for f in _fields(_collection(config, "consultations"))["consultations"]["fields"]}
    # A day, a month or a year, as the sources give it.
    assert consultation["closes"]["widget"] == "string" and consultation["closes"]["pattern"]
    # Help comes from the model's descriptions.
    assert consultation["closes"]["hint"] == m.Consultation.model_fields["closes"].description
    strategy = _fields(_collection(config, "strategy"))
    assert strategy["priorities"]["widget"] == "list" and strategy["priorities"]["min"] == 1
    assert strategy["adopted"]["widget"] == "string" and strategy["adopted"]["pattern"]


def test_a_field_added_to_a_model_appears_in_the_form():
    class Notice(m.Model):
        text: m.Text = m.Field(description="The notice.")
        colour: typing.Literal["amber", "red"] = m.Field(description="How urgent it is.")

    class Notices(m.Model):
        notices: list[Notice] = m.Field(default_factory=list, description="Notices.")

    kinds.register(kinds.Kind("notices", Notices, file="notices.yml", items="notices", item="notice"))
    try:
        text = editor_config(current_backend(COMMITTED))
    finally:
        kinds.unregister("notices")
    fields = _fields(_collection(_config(text), "notices"))["notices"]["fields"]
    assert [(f["name"], f.get("options")) for f in fields] == [("text", None), ("colour", ["amber", "red"])]
    # ...and the committed copy is then stale, which the first test above reports.
    assert text != COMMITTED.read_text(encoding="utf-8")


def test_regenerating_keeps_the_councils_own_backend(tmp_path):
    path = tmp_path / "config.yml"
    path.write_text("backend:\n  name: gitlab\n  repo: redditch/partnership\n", encoding="utf-8")
    write_editor_config(path)
    assert _config(path.read_text(encoding="utf-8"))["backend"] == {"name": "gitlab", "repo": "redditch/partnership"}


def test_ids_of_other_items_are_chosen_not_typed():
    news = _fields(_collection(_config(), "news"))
    assert news["partner"]["widget"] == "relation" and news["partner"]["value_field"] == "partners.*.id"
    assert news["partner"]["multiple"] is False
    # A list of ids is one choice of several.
    assert news["themes"]["widget"] == "relation" and news["themes"]["multiple"] is True
    assert news["themes"]["value_field"] == "priorities.*.id"
