"""The content model: what each file in partnership_data/ may say.

Models are frozen and refuse unknown keys, so a misspelt field is an error rather
than something silently ignored. This module knows nothing about YAML or MkDocs.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Optional
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

UK = ZoneInfo("Europe/London")

# Characters that XML 1.0 forbids; pasted from Word or PDF they would break the feeds.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Normalise text and drop invisible control characters nobody can see to fix."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", value)).strip()


def _coerce_text(value: object) -> object:
    # YAML reads `2011` or `3.5` as numbers; in a text field the editor meant the text.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_coerce_text), AfterValidator(clean_text), Field(min_length=1)]
LongText = Text
Markdown = Text
Id = Annotated[
    str,
    Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=1, max_length=80),
]


@dataclass(frozen=True)
class Ref:
    """Marks a field holding the id of an item kept elsewhere: Annotated[Id, Ref("documents")].

    `kind` is the registry's name for where the ids live (kinds.py). The loader checks every
    marked field in one pass, so a new reference needs only this mark.
    """

    kind: str
    # (message, what to do) when an item names its own id, for fields where that makes no sense
    itself: tuple[str, str] | None = None


BodyId = Annotated[Id, Ref("structure")]
PartnerId = Annotated[Id, Ref("partners")]
DocumentId = Annotated[Id, Ref("documents")]
PriorityId = Annotated[Id, Ref("strategy")]


def _web_address(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValueError("write a full web address starting with https://")
    return value


Url = Annotated[str, AfterValidator(_web_address)]
Email = Annotated[str, Field(pattern=r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")]


class Model(BaseModel):
    # defer_build: a model's validator is made when first used, and the parts of a file's
    # model are checked through it, so most never need one of their own.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


# --- dates ---------------------------------------------------------------------

_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]


class PartialDate(Model):
    """A date that may lack its day or month, as council papers often do ("September 2008")."""

    model_config = ConfigDict(json_schema_extra=lambda schema, cls: (schema.clear(), schema.update({
        "description": "A date (2011-06-16), a month (2011-06) or a year (2011)",
        "anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}, {"type": "integer"}],
    })))

    year: int = Field(ge=1900, le=2200)
    month: Optional[int] = Field(default=None, ge=1, le=12)
    day: Optional[int] = Field(default=None, ge=1, le=31)

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value: object) -> object:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return {"year": value.year, "month": value.month, "day": value.day}
        if isinstance(value, int) and not isinstance(value, bool):
            return {"year": value}
        if isinstance(value, str):
            m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
            if not m:
                raise ValueError(
                    "write a date as 2011-06-16, a month as 2011-06, or a year as 2011"
                )
            y, mo, d = (int(g) if g else None for g in m.groups())
            return {"year": y, "month": mo, "day": d}
        return value

    @model_validator(mode="after")
    def _real(self) -> "PartialDate":
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            dt.date(self.year, self.month, self.day)  # raises for 30 February
        return self

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            nxt = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.year, self.month, self.day)

    def display(self) -> str:
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{_MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {_MONTHS[self.month - 1]} {self.year}"

    def iso(self) -> str:
        return "-".join(
            [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p is not None]
        )


def _uk_datetime(value: object) -> object:
    """Read a date or date-time as UK local time; a bare date means the start of that day."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=UK)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=UK)
    if isinstance(value, str):
        text = value.strip()
        m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?", text)
        if not m:
            raise ValueError("write a date as 2011-06-16, or a date and time as \"2011-06-16 18:30\"")
        day = dt.date.fromisoformat(m.group(1))
        hour, minute, second = (int(g) if g else 0 for g in m.groups()[1:])
        return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UK)
    return value


def _date_time_schema(schema: dict) -> None:
    # Editors write "2011-06-16 18:30", not ISO 8601 with a zone: describe what they write.
    schema.clear()
    schema.update({
        "type": "string",
        "pattern": r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2})?)?$",
        "description": "A date, 2011-06-16, or a date and UK time in quotes, \"2011-06-16 18:30\"",
    })


UKDateTime = Annotated[dt.datetime, BeforeValidator(_uk_datetime), Field(json_schema_extra=_date_time_schema)]


def display_date(moment: dt.datetime | dt.date) -> str:
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def display_time(moment: dt.datetime) -> str:
    """12-hour clock as GOV.UK writes it: 10am, 6:30pm, midday."""
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


# --- partnership.yml ----------------------------------------------------------


class Link(Model):
    name: Text
    url: Url


class HostCouncil(Model):
    name: Text
    url: Url
    logo: Optional[Text] = None
    logo_alt: Optional[Text] = None


class Contact(Model):
    role: Text
    email: Email
    phone: Optional[Text] = None
    address: list[Text] = Field(default_factory=list)
    comment_url: Optional[Url] = None


class Magazine(Model):
    name: Text
    url: Optional[Url] = None
    description: Optional[Text] = None


_HEX = r"^#[0-9a-fA-F]{6}$"


class Branding(Model):
    primary_colour: Annotated[str, Field(pattern=_HEX)] = "#1d4f91"
    accent_colour: Annotated[str, Field(pattern=_HEX)] = "#1d4f91"

    @field_validator("primary_colour", "accent_colour")
    @classmethod
    def _readable(cls, colour: str) -> str:
        # White text sits on the primary colour in the header; WCAG AA asks 4.5:1.
        ratio = contrast_ratio(colour, "#ffffff")
        if ratio < 4.5:
            raise ValueError(
                f"white text on {colour} has a contrast of {ratio:.2f}:1, below the 4.5:1 "
                "that accessibility law asks for; choose a darker colour"
            )
        return colour


def contrast_ratio(a: str, b: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


class Accessibility(Model):
    """Facts the accessibility statement needs; the statement itself is in docs/."""

    prepared: PartialDate
    last_reviewed: PartialDate
    contact_email: Email
    reply_within_days: int = Field(default=5, ge=1, le=60)


class Partnership(Model):
    name: Text
    short_name: Text
    kind: Text = "Local Strategic Partnership"
    area: Text
    summary: LongText
    vision: LongText
    chair: Optional[Text] = None
    statutory_status: Optional[LongText] = None
    established: Optional[PartialDate] = None
    host_council: HostCouncil
    county_partnership: Optional[Link] = None
    contact: Contact
    magazine: Optional[Magazine] = None
    branding: Branding = Branding()
    accessibility: Accessibility


# --- structure.yml -----------------------------------------------------------

BodyType = Literal[
    "board", "leadership forum", "theme group", "task and finish group",
    "area partnership", "reference group", "forum", "partnership", "committee",
]


class Member(Model):
    name: Optional[Text] = None
    role: Optional[Text] = None
    partner: Optional[PartnerId] = None
    organisation: Optional[Text] = None

    @model_validator(mode="after")
    def _something(self) -> "Member":
        if not (self.name or self.role):
            raise ValueError("give the member a name, a role, or both")
        return self


class Body(Model):
    id: Id
    name: Text
    type: BodyType
    purpose: LongText
    chair: Optional[Text] = None
    members: list[Member] = Field(default_factory=list)
    membership_note: Optional[LongText] = None
    meets: Optional[Text] = None
    reports_to: Optional[Annotated[Id, Ref("structure", itself=(
        "a body cannot report to itself", "name the body above it"))]] = None
    terms_of_reference: Optional[DocumentId] = None
    started: Optional[PartialDate] = None
    ended: Optional[PartialDate] = None


class Structure(Model):
    bodies: list[Body] = Field(min_length=1)


# --- partners.yml ------------------------------------------------------------

# In the order the partners page lists them.
Sector = Literal["public", "private", "voluntary and community", "voluntary", "community"]


class Partner(Model):
    id: Id
    name: Text
    sector: Sector
    website: Optional[Url] = None
    description: Optional[LongText] = None
    draft: bool = False


class Partners(Model):
    partners: list[Partner] = Field(default_factory=list)


# --- documents.yml -----------------------------------------------------------

# In the order the documents page lists them.
DocumentType = Literal[
    "terms of reference", "strategy", "annual report", "minutes", "agenda",
    "scrutiny report", "consultation paper", "consultation response", "report",
    "newsletter", "other",
]


class Document(Model):
    id: Id
    title: Text
    type: DocumentType
    date: Optional[PartialDate] = None
    body: Optional[BodyId] = None
    url: Optional[Url] = None
    format: Optional[Text] = None
    size: Optional[Text] = None
    summary: Optional[LongText] = None
    availability: Optional[LongText] = None
    draft: bool = False

    @model_validator(mode="after")
    def _reachable(self) -> "Document":
        if not self.url and not self.availability:
            raise ValueError(
                "give the document a url, or say under availability how a resident can get a copy"
            )
        return self


class Documents(Model):
    documents: list[Document] = Field(default_factory=list)


# --- strategy.yml ------------------------------------------------------------

RagStatus = Literal["red", "amber", "green", "not yet measured"]


class Measure(Model):
    name: Text
    baseline: Optional[Text] = None
    target: Optional[Text] = None
    latest: Optional[Text] = None
    status: RagStatus = "not yet measured"
    updated: Optional[PartialDate] = None


class Priority(Model):
    id: Id
    title: Text
    summary: LongText
    lead: Optional[BodyId] = None
    measures: list[Measure] = Field(default_factory=list)


class StrategyVersion(Model):
    title: Text
    period: Text
    url: Optional[Url] = None
    format: Optional[Text] = None
    size: Optional[Text] = None
    note: Optional[LongText] = None


class Strategy(Model):
    title: Text
    period: Text
    adopted: Optional[PartialDate] = None
    summary: LongText
    document: Optional[DocumentId] = None
    priorities: list[Priority] = Field(min_length=1)
    earlier_versions: list[StrategyVersion] = Field(default_factory=list)


# --- news/*.yml --------------------------------------------------------------


class Image(Model):
    file: Text
    alt: Text
    caption: Optional[Text] = None
    credit: Optional[Text] = None


class NewsItem(Model):
    title: Text
    date: UKDateTime
    summary: LongText
    body: Markdown
    themes: list[PriorityId] = Field(default_factory=list)
    image: Optional[Image] = None
    author: Optional[Text] = None
    partner: Optional[PartnerId] = None
    magazine: bool = False
    updated: Optional[UKDateTime] = None
    draft: bool = False
    # Set by the loader from the file name; never written in the file.
    slug: str = Field(default="", exclude=True)


# --- events/*.yml ------------------------------------------------------------

EventKind = Literal[
    "annual meeting", "board meeting", "consultation event", "conference",
    "scrutiny meeting", "council meeting", "training", "meeting", "other",
]


class Event(Model):
    title: Text
    kind: EventKind = "meeting"
    start: UKDateTime
    end: Optional[UKDateTime] = None
    all_day: bool = False
    location: Text
    summary: LongText
    body: Optional[Markdown] = None
    open_to_public: bool = False
    organiser: Optional[BodyId] = None
    booking_url: Optional[Url] = None
    agenda: Optional[DocumentId] = None
    minutes: Optional[DocumentId] = None
    cancelled: bool = False
    # When the details last changed, and how many times the date, time or place changed:
    # calendars use these to update the copy in a subscriber's diary.
    updated: Optional[UKDateTime] = None
    revision: int = Field(default=0, ge=0)
    draft: bool = False
    slug: str = Field(default="", exclude=True)

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: Optional[dt.datetime], info: ValidationInfo) -> Optional[dt.datetime]:
        start = info.data.get("start")
        if end is not None and start is not None and end <= start:
            raise ValueError("the event ends before it starts: check start and end")
        return end


# --- consultations.yml -------------------------------------------------------


class Consultation(Model):
    id: Id
    title: Text
    opens: dt.date
    closes: dt.date
    summary: LongText
    how_to_respond: Markdown
    contact: Optional[LongText] = None
    document: Optional[DocumentId] = None
    outcome: Optional[Markdown] = None
    draft: bool = False

    @field_validator("closes")
    @classmethod
    def _after_opening(cls, closes: dt.date, info: ValidationInfo) -> dt.date:
        opens = info.data.get("opens")
        if opens is not None and closes < opens:
            raise ValueError("the consultation closes before it opens: check opens and closes")
        return closes


class Consultations(Model):
    consultations: list[Consultation] = Field(default_factory=list)


# --- recommendations.yml -----------------------------------------------------

RecommendationStatus = Literal["done", "in progress", "not started", "not accepted", "superseded"]


class Recommendation(Model):
    number: int = Field(ge=1)
    text: LongText
    response: Optional[LongText] = None
    status: RecommendationStatus
    updated: Optional[PartialDate] = None
    draft: bool = False


class Review(Model):
    id: Id
    title: Text
    by: Text
    date: PartialDate
    report: Optional[DocumentId] = None
    monitoring_report: Optional[DocumentId] = None
    recommendations: list[Recommendation] = Field(min_length=1)


class Recommendations(Model):
    reviews: list[Review] = Field(default_factory=list)


# --- commitments.yml ---------------------------------------------------------


class Evidence(Model):
    """What shows a commitment was met: events of a kind or documents of a type."""

    event_kind: Optional[EventKind] = None
    document_type: Optional[DocumentType] = None


class MetRecord(Model):
    date: PartialDate
    note: LongText


class Commitment(Model):
    id: Id
    title: Text
    description: LongText
    every_months: int = Field(ge=1, le=120)
    source: Optional[DocumentId] = None
    evidence: Evidence = Evidence()
    met: list[MetRecord] = Field(default_factory=list)


class Commitments(Model):
    commitments: list[Commitment] = Field(default_factory=list)


# --- glossary.yml ------------------------------------------------------------


class Term(Model):
    term: Text
    expansion: Optional[Text] = None
    definition: LongText


class Glossary(Model):
    terms: list[Term] = Field(default_factory=list)


# --- alerts.yml --------------------------------------------------------------


class Alert(Model):
    """A notice shown at the top of every page while it is current."""

    text: Text
    link: Optional[Url] = None
    link_text: Optional[Text] = None
    starts: Optional[dt.date] = None
    ends: Optional[dt.date] = None

    @field_validator("ends")
    @classmethod
    def _after_start(cls, ends: Optional[dt.date], info: ValidationInfo) -> Optional[dt.date]:
        starts = info.data.get("starts")
        if ends is not None and starts is not None and ends < starts:
            raise ValueError("the notice ends before it starts: check starts and ends")
        return ends

    def current(self, today: dt.date) -> bool:
        return (self.starts is None or self.starts <= today) and (self.ends is None or today <= self.ends)


class Alerts(Model):
    alerts: list[Alert] = Field(default_factory=list)


# --- the whole site ----------------------------------------------------------


class ImageFile(Model):
    """Facts about a picture file, read by the loader (feeds need its size)."""

    width: int
    height: int
    size: int
    mime: str


class Site(Model):
    """Everything the pages and feeds are made from, already checked and sorted."""

    partnership: Partnership
    structure: Structure
    partners: Partners
    documents: Documents
    strategy: Strategy
    news: tuple[NewsItem, ...]
    events: tuple[Event, ...]
    consultations: Consultations
    recommendations: Recommendations
    commitments: Commitments
    glossary: Glossary
    alerts: Alerts = Alerts()
    images: dict[str, ImageFile] = Field(default_factory=dict)
    today: dt.date
    # Kinds added through the registry (kinds.py) that have no field above, by name.
    extra: dict[str, Any] = Field(default_factory=dict)

    def items(self, name: str) -> tuple | list:
        """A kind's published items, by its name in the registry: site.items("documents")."""
        from .kinds import KINDS  # kinds.py reads this module, so not at the top

        kind = KINDS[name]
        found = getattr(self, name) if name in type(self).model_fields else self.extra[name]
        return found if kind.folder else getattr(found, kind.items)
