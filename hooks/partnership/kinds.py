"""Every kind of content, declared once: where it is kept, its model, its pages and feeds.

The loader, the JSON Schemas and `python -m partnership new` read this registry, so a kind
added here (with its model) is read, checked and given a schema without touching them.
References between files are declared on the model's fields (model.Ref), not here.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import model as m


@dataclass(frozen=True)
class Kind:
    name: str                       # how code and messages name it: "documents"
    model: type[m.Model]            # the model of one file (for a folder: of one item's file)
    file: str | None = None         # its single file in the data folder: "documents.yml"
    folder: str | None = None       # or its folder, one file per item: "news"
    required: bool = False          # the site cannot be built without it
    items: str | None = None        # the file's list of items: "documents"
    item: str = ""                  # one item, as messages say it: "document"
    templates: tuple[str, ...] = ()  # page templates that show it (a new kind: its list page's, then one item's)
    index: str | None = None        # a new kind's list page: "annual-reports/index.md"
    page: str | None = None         # where one item's page goes, for urls.py: "news/{key}.md"
    title: str = ""                 # a new kind's name in its feed's title: "Annual reports"
    feeds: bool = False             # has feeds (a new kind: one RSS feed, feeds/<name>.xml)
    calendar: bool = False          # has iCalendar files
    new: str | None = None          # the word `python -m partnership new` takes for it
    ids: str | None = None          # when others may point to more than its list: a method of the file's
                                    # model giving each such item with where it is, "themes_at"

    @property
    def source(self) -> str:
        """The file or folder as the data folder names it."""
        return self.file or f"{self.folder}/"

    @property
    def ids_where(self) -> str:
        """Where an editor finds this kind's ids, for "use an id that exists in ..." hints."""
        if self.folder:
            return f"the {self.folder} folder (a file's name, without .yml)"
        # A file that is nothing but its list needs no more than its name.
        if set(self.model.model_fields) == {self.items}:
            return self.source
        return f"{self.source} ({self.items})"

    @property
    def schema(self) -> str:
        """The JSON Schema file editors' text editors check this kind's files against."""
        stem = self.folder or (self.file or "").rsplit(".", 1)[0]
        return f"{stem}.schema.json"


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind of content; a kind of the same name is replaced."""
    if bool(kind.file) == bool(kind.folder):
        raise ValueError(f"{kind.name}: give a file or a folder, not both or neither")
    if kind.name in ("images", "today", "extra", "items"):
        raise ValueError(f"{kind.name}: the Site already uses this name for something else")
    KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    KINDS.pop(name, None)


for _kind in (
    Kind("partnership", m.Partnership, file="partnership.yml", required=True,
         templates=("home.md", "about.md")),
    Kind("structure", m.Structure, file="structure.yml", required=True, items="bodies", item="body",
         templates=("structure.md", "body.md"), page="structure/{key}.md"),
    Kind("strategy", m.Strategy, file="strategy.yml", required=True, items="priorities",
         item="priority", templates=("strategy.md",), ids="themes_at"),
    Kind("news", m.NewsItem, folder="news", item="news item",
         templates=("news.md", "news-item.md", "news-year.md", "theme.md", "magazine.md"),
         page="news/{key}.md", feeds=True, new="news"),
    Kind("events", m.Event, folder="events", item="event", templates=("events.md", "event.md"),
         page="events/{key}.md", calendar=True, new="event"),
    Kind("consultations", m.Consultations, file="consultations.yml", items="consultations",
         item="consultation", templates=("have-your-say.md",), new="consultation"),
    Kind("documents", m.Documents, file="documents.yml", items="documents", item="document",
         templates=("documents.md",), new="document"),
    Kind("partners", m.Partners, file="partners.yml", items="partners", item="partner",
         templates=("partners.md",), new="partner"),
    Kind("recommendations", m.Recommendations, file="recommendations.yml", items="reviews",
         item="review", templates=("accountability.md",), new="recommendation"),
    Kind("commitments", m.Commitments, file="commitments.yml", items="commitments",
         item="commitment", templates=("accountability.md",)),
    Kind("glossary", m.Glossary, file="glossary.yml", items="terms", item="term",
         templates=("glossary.md",)),
    # Shown at the top of every page, so no page of its own.
    Kind("alerts", m.Alerts, file="alerts.yml", items="alerts", item="alert"),
):
    register(_kind)


# These have pages, feeds and calendars of their own, made in pages.py, feeds.py and
# calendar.py; a kind registered later gets its list page, item pages and feed from its
# templates and this entry alone (generic()).
BUILT_IN = frozenset(KINDS)


def generic() -> list[Kind]:
    return [k for k in KINDS.values() if k.name not in BUILT_IN]


def item_key(item: object) -> str:
    """What names one item in its page's address: its id, or for a kind kept one file per item, its file name."""
    return getattr(item, "id", None) or getattr(item, "slug")


def single_files() -> dict[str, Kind]:
    return {k.file: k for k in KINDS.values() if k.file}


def folders() -> dict[str, Kind]:
    return {k.folder: k for k in KINDS.values() if k.folder}


def by_new(word: str) -> Kind | None:
    return next((k for k in KINDS.values() if k.new == word), None)
