"""The content model: what each file in partnership_data/ may say.

Models are frozen and refuse unknown keys, so a misspelt field is an error rather
than something silently ignored. This module knows nothing about YAML or MkDocs.
"""

from __future__ import annotations

import datetime as dt
import html
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


# A character reference typed in plain text, like &amp; copied from a web page's source.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def plain_text(value: str) -> str:
    """Text as the reader sees it: &amp; and other references show as their character, in
    the page, the feeds, the calendar and search alike, as they already do in a body
    (Markdown reads them so). A name that is no reference, like &Co;, stays as typed."""
    return clean_text(_ENTITY.sub(lambda match: html.unescape(match.group()), value))


Text = Annotated[str, BeforeValidator(_coerce_text), AfterValidator(plain_text), Field(min_length=1)]
LongText = Text
# Markdown reads references itself, and must not see &lt; turned into "<" before it does.
Markdown = Annotated[str, BeforeValidator(_coerce_text), AfterValidator(clean_text), Field(min_length=1)]
Id = Annotated[
    str,
    Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=1, max_length=80),
]


# The words `new` writes for the editor to replace (scaffold.py): an item still holding one
# is not finished, and is refused once it is marked ready to publish.
PLACEHOLDERS = {
    "news_summary": "Write one or two sentences saying what happened.",
    "news_body": "Write the story here.",
    "event_location": "Write the place here",
    "event_summary": "Write one or two sentences about the event.",
    "consultation_summary": "Write one or two sentences about what you are asking.",
}

# Help shared by many fields: shown in editors' text editors (schemas/) and by `new`.
ID_HELP = ("A short, unique label in lowercase letters, digits and hyphens, like parks-survey; "
           "other files use it to point here.")
DRAFT_HELP = "Change to false when it is ready to publish; while it is true, this stays off the site."


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
    """Read a date or date-time as UK local time; a bare date means the start of that day.

    A time typed with an offset (+01:00, Z) is turned into the UK's time at that moment. A
    time that never happened in the UK (in the hour the clocks go forward) is refused; one
    that happened twice (in the hour the clocks go back) means the first, still in summer time.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(UK)
        return _uk_wall_time(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=UK)
    if isinstance(value, str):
        text = value.strip()
        m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?"
                         r"\s*(Z|[+-]\d{2}:?\d{2})?)?", text)
        if not m:
            raise ValueError("write a date as 2011-06-16, or a date and time as \"2011-06-16 18:30\"")
        day = dt.date.fromisoformat(m.group(1))
        hour, minute, second = (int(g) if g else 0 for g in m.groups()[1:4])
        if hour > 23 or minute > 59 or second > 59:
            raise ValueError(f"{text} is not a real time of day"
                             + _HINT + "write a time from 00:00 to 23:59, like \"2011-06-16 18:30\"")
        moment = dt.datetime(day.year, day.month, day.day, hour, minute, second)
        if m.group(5):
            offset = m.group(5).replace(":", "")
            zone = dt.timezone.utc if offset == "Z" else dt.timezone(
                (-1 if offset[0] == "-" else 1) * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
            return moment.replace(tzinfo=zone).astimezone(UK)
        return _uk_wall_time(moment)
    return value


# Between a problem found by a model and what to do about it, for the loader to split.
_HINT = "\nWhat to do: "


def _uk_wall_time(moment: dt.datetime) -> dt.datetime:
    """A time as read on a UK clock, refused if the clocks skipped it."""
    local = moment.replace(tzinfo=UK)
    if local.astimezone(dt.timezone.utc).astimezone(UK).replace(tzinfo=None) != moment:
        when = f"{moment.hour:02d}:{moment.minute:02d} on {moment.day} {_MONTHS[moment.month - 1]} {moment.year}"
        raise ValueError(f"{when} did not happen in the UK: the clocks went forward an hour that night"
                         + _HINT + "check the time; from 1am the clocks read 2am (British Summer Time)")
    return local


def _date_time_schema(schema: dict) -> None:
    # Editors write "2011-06-16 18:30", not ISO 8601 with a zone: describe what they write.
    # A field's own description, when it has one, says more than the general one.
    description = schema.get(
        "description", "A date, 2011-06-16, or a date and UK time in quotes, \"2011-06-16 18:30\"")
    schema.clear()
    schema.update({
        "type": "string",
        "pattern": r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2})?)?$",
        "description": description,
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
    name: Text = Field(description="The name to show for the link.")
    url: Url = Field(description="The web address, starting with https://.")


class HostCouncil(Model):
    name: Text = Field(description="The council that hosts the partnership.")
    url: Url = Field(description="The council's website.")
    logo: Optional[Text] = Field(
        None, description="The council's logo: a file in the data folder, like logo.svg.")
    logo_alt: Optional[Text] = Field(None, description="What the logo says, for people who cannot see it.")


class Contact(Model):
    role: Text = Field(description="Who to contact, by role, like Partnership Manager.")
    email: Email = Field(description="The email address residents should write to.")
    phone: Optional[Text] = Field(None, description="A phone number.")
    address: list[Text] = Field(default_factory=list, description="The postal address, one line per item.")
    comment_url: Optional[Url] = Field(None, description="A web page where residents can send comments.")


class Magazine(Model):
    name: Text = Field(description="The magazine's name.")
    url: Optional[Url] = Field(None, description="The magazine's website.")
    description: Optional[Text] = Field(None, description="One or two sentences about the magazine.")


_HEX = r"^#[0-9a-fA-F]{6}$"


class Branding(Model):
    primary_colour: Annotated[str, Field(pattern=_HEX)] = Field(
        "#1d4f91", description='The header colour, as # and six letters or digits, in quotes, '
        'like "#1d4f91". White text must be readable on it.')
    accent_colour: Annotated[str, Field(pattern=_HEX)] = Field(
        "#1d4f91", description="The colour of links and buttons, written the same way.")

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

    prepared: PartialDate = Field(description="When the accessibility statement was first written.")
    last_reviewed: PartialDate = Field(description="When it was last checked.")
    contact_email: Email = Field(description="Where to report a problem with the site's accessibility.")
    reply_within_days: int = Field(
        default=5, ge=1, le=60, description="How many working days a reply takes at most.")


class Partnership(Model):
    name: Text = Field(description="The partnership's full name.")
    short_name: Text = Field(description="The short name used in headings and the browser tab.")
    kind: Text = Field("Local Strategic Partnership", description="What sort of partnership it is.")
    area: Text = Field(description="The place it covers.")
    summary: LongText = Field(
        description="One or two sentences about the partnership, shown on the home page.")
    vision: LongText = Field(description="The partnership's vision, in its own words.")
    chair: Optional[Text] = Field(None, description="Who chairs the partnership.")
    statutory_status: Optional[LongText] = Field(
        None, description="What the law asks of the partnership, if anything.")
    established: Optional[PartialDate] = Field(None, description="When it was set up.")
    host_council: HostCouncil = Field(description="The council that hosts it.")
    county_partnership: Optional[Link] = Field(
        None, description="The county-wide partnership it works with, if any.")
    contact: Contact = Field(description="How residents get in touch.")
    magazine: Optional[Magazine] = Field(None, description="The magazine that carries its news, if any.")
    branding: Branding = Field(Branding(), description="The site's colours.")
    accessibility: Accessibility = Field(description="Facts for the accessibility statement.")


# --- structure.yml -----------------------------------------------------------

BodyType = Literal[
    "board", "leadership forum", "theme group", "task and finish group",
    "area partnership", "reference group", "forum", "partnership", "committee",
]


class Member(Model):
    name: Optional[Text] = Field(None, description="The person's name.")
    role: Optional[Text] = Field(None, description="Their role, like Chair.")
    partner: Optional[PartnerId] = Field(
        None, description="The partner they represent: an id from partners.yml.")
    organisation: Optional[Text] = Field(
        None, description="The organisation they represent, if it is not a partner.")

    @model_validator(mode="after")
    def _something(self) -> "Member":
        if not (self.name or self.role):
            raise ValueError("give the member a name, a role, or both")
        return self


class Body(Model):
    id: Id = Field(description=ID_HELP)
    name: Text = Field(description="The group's name.")
    type: BodyType = Field(description="What sort of group it is.")
    purpose: LongText = Field(description="What it is for, in a sentence or two.")
    chair: Optional[Text] = Field(None, description="Who chairs it.")
    members: list[Member] = Field(default_factory=list, description="Who sits on it.")
    membership_note: Optional[LongText] = Field(None, description="Anything to add about its membership.")
    meets: Optional[Text] = Field(None, description="How often it meets, like every three months.")
    reports_to: Optional[Annotated[Id, Ref("structure", itself=(
        "a body cannot report to itself", "name the body above it"))]] = Field(
        None, description="The group it reports to: an id from structure.yml.")
    terms_of_reference: Optional[DocumentId] = Field(
        None, description="Its terms of reference: an id from documents.yml.")
    started: Optional[PartialDate] = Field(None, description="When it was set up.")
    ended: Optional[PartialDate] = Field(None, description="When it stopped meeting, if it has.")


class Structure(Model):
    bodies: list[Body] = Field(
        min_length=1, description="The partnership's board, groups and forums, one entry each.")


# --- partners.yml ------------------------------------------------------------

# In the order the partners page lists them.
Sector = Literal["public", "private", "voluntary and community", "voluntary", "community"]


class Partner(Model):
    id: Id = Field(description=ID_HELP)
    name: Text = Field(description="The organisation's name.")
    sector: Sector = Field(description="Which sector it belongs to.")
    website: Optional[Url] = Field(None, description="Its own website.")
    description: Optional[LongText] = Field(None, description="One or two sentences about what it does.")
    draft: bool = Field(False, description=DRAFT_HELP)


class Partners(Model):
    partners: list[Partner] = Field(
        default_factory=list, description="The organisations in the partnership, one entry each.")


# --- documents.yml -----------------------------------------------------------

# In the order the documents page lists them.
DocumentType = Literal[
    "terms of reference", "strategy", "annual report", "minutes", "agenda",
    "scrutiny report", "consultation paper", "consultation response", "report",
    "newsletter", "other",
]


class Document(Model):
    id: Id = Field(description=ID_HELP)
    title: Text = Field(description="The document's title.")
    type: DocumentType = Field(description="What sort of document it is.")
    date: Optional[PartialDate] = Field(
        None, description="Its date: a day (2011-06-16), a month (2011-06) or a year (2011).")
    body: Optional[BodyId] = Field(None, description="The group it belongs to: an id from structure.yml.")
    url: Optional[Url] = Field(
        None, description="Where to read it. Or leave it out and say under availability how to get a copy.")
    format: Optional[Text] = Field(None, description="The file type, like PDF, if there is a url.")
    size: Optional[Text] = Field(
        None, description="The file size, like 250 KB, so people on slow connections know.")
    summary: Optional[LongText] = Field(None, description="One or two sentences about it.")
    availability: Optional[LongText] = Field(
        None, description="How a resident can get a copy if there is no url.")
    draft: bool = Field(False, description=DRAFT_HELP)

    @model_validator(mode="after")
    def _reachable(self) -> "Document":
        if not self.url and not self.availability:
            raise ValueError(
                "give the document a url, or say under availability how a resident can get a copy"
            )
        return self


class Documents(Model):
    documents: list[Document] = Field(
        default_factory=list, description="The partnership's papers, one entry each.")


# --- strategy.yml ------------------------------------------------------------

RagStatus = Literal["red", "amber", "green", "not yet measured"]


class Measure(Model):
    name: Text = Field(description="What is measured.")
    baseline: Optional[Text] = Field(None, description="Where it started.")
    target: Optional[Text] = Field(None, description="What the partnership aims for.")
    latest: Optional[Text] = Field(None, description="The latest figure.")
    status: RagStatus = Field("not yet measured", description="How it is going.")
    updated: Optional[PartialDate] = Field(None, description="When the latest figure was added.")


class Priority(Model):
    id: Id = Field(description=ID_HELP)
    title: Text = Field(description="The priority's name.")
    summary: LongText = Field(description="What it means, in a sentence or two.")
    lead: Optional[BodyId] = Field(
        None, description="The group that leads on it: an id from structure.yml.")
    measures: list[Measure] = Field(default_factory=list, description="How progress is measured.")


class StrategyVersion(Model):
    title: Text = Field(description="The earlier strategy's title.")
    period: Text = Field(description="The years it covered, like 2008 to 2011.")
    url: Optional[Url] = Field(None, description="Where to read it.")
    format: Optional[Text] = Field(None, description="The file type, like PDF.")
    size: Optional[Text] = Field(None, description="The file size, like 250 KB.")
    note: Optional[LongText] = Field(None, description="Anything to add about it.")


class Strategy(Model):
    title: Text = Field(description="The strategy's title.")
    period: Text = Field(description="The years it covers, like 2011 to 2014.")
    adopted: Optional[PartialDate] = Field(None, description="When the partnership agreed it.")
    summary: LongText = Field(description="One or two sentences about the strategy.")
    document: Optional[DocumentId] = Field(
        None, description="The strategy itself: an id from documents.yml.")
    priorities: list[Priority] = Field(
        min_length=1, description="What the partnership will focus on, one entry each.")
    earlier_versions: list[StrategyVersion] = Field(
        default_factory=list, description="Strategies it replaced, newest first.")


# --- news/*.yml --------------------------------------------------------------


class Image(Model):
    file: Text = Field(description="The picture's file name in the images folder, like picture.jpg.")
    alt: Text = Field(description="What the picture shows, for people who cannot see it.")
    caption: Optional[Text] = Field(None, description="A caption shown beneath it.")
    credit: Optional[Text] = Field(None, description="Who took it or owns it.")


class NewsItem(Model):
    title: Text = Field(description="The headline: short and plain.")
    date: UKDateTime = Field(
        description="The day it is published; a later date keeps it off the site until then.")
    summary: LongText = Field(
        description="One or two sentences saying what happened, shown in lists, feeds and shares.")
    body: Markdown = Field(
        description="The whole story, in Markdown: blank lines between paragraphs, **bold**, "
        "[link text](https://...).")
    themes: list[PriorityId] = Field(
        default_factory=list, description="The strategy priorities it is about: ids from strategy.yml, "
        "like [raising-educational-standards].")
    image: Optional[Image] = Field(
        None, description="A picture to go with it; put the file in the images folder.")
    author: Optional[Text] = Field(None, description="Who wrote it; a role is fine.")
    partner: Optional[PartnerId] = Field(
        None, description="The partner it comes from: an id from partners.yml.")
    magazine: bool = Field(False, description="true to send it to the magazine's feed as well.")
    updated: Optional[UKDateTime] = Field(
        None, description="When it was changed after publishing: a date and time in quotes.")
    draft: bool = Field(False, description=DRAFT_HELP)
    # Set by the loader from the file name; never written in the file.
    slug: str = Field(default="", exclude=True)


# --- events/*.yml ------------------------------------------------------------

EventKind = Literal[
    "annual meeting", "board meeting", "consultation event", "conference",
    "scrutiny meeting", "council meeting", "training", "meeting", "other",
]


class Event(Model):
    title: Text = Field(description="The event's name.")
    kind: EventKind = Field("meeting", description="What sort of event it is.")
    start: UKDateTime = Field(
        description='When it starts: the date and time in quotes, like "2011-06-16 18:00".')
    end: Optional[UKDateTime] = Field(None, description="When it ends, written the same way.")
    all_day: bool = Field(False, description="true if it lasts all day and has no times.")
    location: Text = Field(description="Where it is held.")
    summary: LongText = Field(description="One or two sentences about it, shown in lists and on its page.")
    body: Optional[Markdown] = Field(None, description="More detail, in Markdown.")
    open_to_public: bool = Field(False, description="true if anyone can come.")
    organiser: Optional[BodyId] = Field(None, description="The group holding it: an id from structure.yml.")
    booking_url: Optional[Url] = Field(None, description="Where to book a place.")
    agenda: Optional[DocumentId] = Field(None, description="Its agenda: an id from documents.yml.")
    minutes: Optional[DocumentId] = Field(None, description="Its minutes: an id from documents.yml.")
    cancelled: bool = Field(
        False, description="true if it is called off; keep the file so people can see that.")
    # When the details last changed, and how many times the date, time or place changed:
    # calendars use these to update the copy in a subscriber's diary.
    updated: Optional[UKDateTime] = Field(
        None, description="When the details last changed: a date and time in quotes.")
    revision: int = Field(
        default=0, ge=0, description="Add 1 whenever the date, time or place changes, so calendars update.")
    draft: bool = Field(False, description=DRAFT_HELP)
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
    id: Id = Field(description=ID_HELP)
    title: Text = Field(description="The consultation's name.")
    opens: dt.date = Field(description="The first day people can respond.")
    closes: dt.date = Field(description="The last day people can respond; 12 weeks after opening is usual.")
    summary: LongText = Field(description="One or two sentences about what you are asking, shown in lists.")
    how_to_respond: Markdown = Field(description="How to take part, in Markdown.")
    contact: Optional[LongText] = Field(None, description="Who to ask about it.")
    document: Optional[DocumentId] = Field(
        None, description="The consultation paper: an id from documents.yml.")
    outcome: Optional[Markdown] = Field(
        None, description="What happened as a result; fill this in once it has closed.")
    draft: bool = Field(False, description=DRAFT_HELP)

    @field_validator("closes")
    @classmethod
    def _after_opening(cls, closes: dt.date, info: ValidationInfo) -> dt.date:
        opens = info.data.get("opens")
        if opens is not None and closes < opens:
            raise ValueError("the consultation closes before it opens: check opens and closes")
        return closes


class Consultations(Model):
    consultations: list[Consultation] = Field(
        default_factory=list, description="The partnership's consultations, one entry each.")


# --- recommendations.yml -----------------------------------------------------

RecommendationStatus = Literal["done", "in progress", "not started", "not accepted", "superseded"]


class Recommendation(Model):
    number: int = Field(ge=1, description="Its number in the report.")
    text: LongText = Field(description="What was recommended.")
    response: Optional[LongText] = Field(None, description="What was done about it.")
    status: RecommendationStatus = Field(description="How far it has got.")
    updated: Optional[PartialDate] = Field(None, description="When this was last brought up to date.")
    draft: bool = Field(False, description=DRAFT_HELP)


class Review(Model):
    id: Id = Field(description=ID_HELP)
    title: Text = Field(description="The review's name.")
    by: Text = Field(description="Who carried it out, such as a scrutiny committee.")
    date: PartialDate = Field(description="When it reported.")
    report: Optional[DocumentId] = Field(None, description="The review's report: an id from documents.yml.")
    monitoring_report: Optional[DocumentId] = Field(
        None, description="The latest report on progress: an id from documents.yml.")
    recommendations: list[Recommendation] = Field(
        min_length=1, description="What it recommended, one entry each.")


class Recommendations(Model):
    reviews: list[Review] = Field(
        default_factory=list, description="Reviews of the partnership's work, one entry each.")


# --- commitments.yml ---------------------------------------------------------


class Evidence(Model):
    """What shows a commitment was met: events of a kind or documents of a type."""

    event_kind: Optional[EventKind] = Field(None, description="Events of this kind show it was met.")
    document_type: Optional[DocumentType] = Field(
        None, description="Documents of this type show it was met.")


class MetRecord(Model):
    date: PartialDate = Field(description="When it was met.")
    note: LongText = Field(description="What happened.")


class Commitment(Model):
    id: Id = Field(description=ID_HELP)
    title: Text = Field(description="What the partnership promised, in a few words.")
    description: LongText = Field(description="The promise in full.")
    every_months: int = Field(ge=1, le=120, description="How often it should happen, in months.")
    source: Optional[DocumentId] = Field(
        None, description="Where the promise was made: an id from documents.yml.")
    evidence: Evidence = Field(Evidence(), description="What shows it was met.")
    met: list[MetRecord] = Field(
        default_factory=list, description="Each time it was met, with the date and a note.")


class Commitments(Model):
    commitments: list[Commitment] = Field(
        default_factory=list,
        description="What the partnership has promised to do regularly, one entry each.")


# --- glossary.yml ------------------------------------------------------------


class Term(Model):
    term: Text = Field(description="The word or abbreviation.")
    expansion: Optional[Text] = Field(None, description="What the abbreviation stands for.")
    definition: LongText = Field(description="What it means, in plain words.")


class Glossary(Model):
    terms: list[Term] = Field(
        default_factory=list,
        description="Words and abbreviations explained on the glossary page, one entry each.")


# --- alerts.yml --------------------------------------------------------------


class Alert(Model):
    """A notice shown at the top of every page while it is current."""

    text: Text = Field(description="The notice.")
    link: Optional[Url] = Field(None, description="A page with more detail.")
    link_text: Optional[Text] = Field(None, description="The words of that link.")
    starts: Optional[dt.date] = Field(None, description="The first day to show it.")
    ends: Optional[dt.date] = Field(None, description="The last day to show it.")

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
    alerts: list[Alert] = Field(
        default_factory=list, description="Notices shown at the top of every page, one entry each.")


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
