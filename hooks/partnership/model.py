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
    PrivateAttr,
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
EventId = Annotated[Id, Ref("events")]  # an event's file name without .yml


def _web_address(value: str) -> str:
    parts = urlsplit(value)
    if " " in value:
        raise ValueError("a web address cannot contain a space" + _HINT
                         + "check for a space typed by mistake; if the address really has one, write %20 in its place")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("this is not a full web address" + _HINT
                         + "write a full web address starting with https://")
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


DATE_ONLY = "this field holds a date only, without a time"
MUNICIPAL_START = 5  # a council's municipal year starts at its annual meeting in May


class PartialDate(Model):
    """A date that may lack its day or month, as council papers often do ("September 2008")."""

    model_config = ConfigDict(json_schema_extra=lambda schema, cls: (schema.clear(), schema.update({
        "description": "A date (2011-06-16), a month (2011-06), a year (2011) or a council's "
                       "municipal year (2010/11)",
        "anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?|/\d{2})?$"}, {"type": "integer"}],
    })))

    year: int = Field(ge=1900, le=2200)
    month: Optional[int] = Field(default=None, ge=1, le=12)
    day: Optional[int] = Field(default=None, ge=1, le=31)
    # "2010/11": a council's year from its annual meeting in May 2010 to the next, in May 2011.
    municipal: bool = False

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value: object) -> object:
        if isinstance(value, dt.datetime) or isinstance(value, str) and re.match(r"\s*\d{4}-\d{2}-\d{2}[ T]\d", value):
            # A time would be lost without a word: the field holds a date only.
            raise ValueError(DATE_ONLY + _HINT + "write just the date, like 2011-06-16")
        if isinstance(value, dt.date):
            return {"year": value.year, "month": value.month, "day": value.day}
        if isinstance(value, int) and not isinstance(value, bool):
            return {"year": value}
        if isinstance(value, str):
            municipal = re.fullmatch(r"(\d{4})/(\d{2})", value.strip())
            if municipal:
                first, second = municipal.groups()
                if int(second) != (int(first) + 1) % 100:
                    raise ValueError(f"{value.strip()} is not a municipal year: its second year must be the "
                                     f"one after the first" + _HINT + "write it like 2010/11, for May 2010 "
                                     "to May 2011")
                return {"year": int(first), "municipal": True}
            m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
            if not m:
                raise ValueError(
                    "this is not a date" + _HINT + "write a date as 2011-06-16, a month as 2011-06, a year as "
                    "2011, or a council's municipal year as 2010/11"
                )
            y, mo, d = (int(g) if g else None for g in m.groups())
            return {"year": y, "month": mo, "day": d}
        return value

    @model_validator(mode="after")
    def _real(self) -> "PartialDate":
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month" + _HINT + "write the month too, like 2011-06-16")
            dt.date(self.year, self.month, self.day)  # raises for 30 February
        return self

    @property
    def earliest(self) -> dt.date:
        if self.municipal:
            return dt.date(self.year, MUNICIPAL_START, 1)
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        if self.municipal:
            return dt.date(self.year + 1, MUNICIPAL_START, 1) - dt.timedelta(days=1)
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            nxt = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.year, self.month, self.day)

    def display(self) -> str:
        if self.municipal:
            return f"{self.year}/{(self.year + 1) % 100:02d}"
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{_MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {_MONTHS[self.month - 1]} {self.year}"

    def iso(self) -> str:
        if self.municipal:  # ISO 8601 has no municipal year: the month it starts in
            return f"{self.year:04d}-{MUNICIPAL_START:02d}"
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
            raise ValueError("this is not a date" + _HINT
                             + "write a date as 2011-06-16, or a date and time as \"2011-06-16 18:30\"")
        day = dt.date.fromisoformat(m.group(1))
        hour, minute, second = (int(g) if g else 0 for g in m.groups()[1:4])
        if hour > 23 or minute > 59 or second > 59:
            typed = f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if m.group(4) else "")
            hint = "write a time from 00:00 to 23:59, like \"2011-06-16 18:30\""
            if (hour, minute, second) == (24, 0, 0):
                hint = (f"for midnight at the end of the day write 23:59, or 00:00 on the next day: "
                        f"\"{(day + dt.timedelta(days=1)).isoformat()} 00:00\"")
            raise ValueError(f"{typed} is not a time of day: a day's times run from 00:00 to 23:59"
                             + _HINT + hint)
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

# An event's start may also be a month or a year, when that is all the sources give.
EVENT_START_PATTERN = r"^\d{4}(-\d{2}(-\d{2}([ T]\d{1,2}:\d{2}(:\d{2})?)?)?|/\d{2})?$"


def _event_start_schema(schema: dict) -> None:
    _date_time_schema(schema)
    schema["pattern"] = EVENT_START_PATTERN


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
    email: Optional[Email] = Field(
        None, description="The shared email address residents should write to. Leave it out if the "
        "sources give none; a postal address or a phone number is enough.")
    phone: Optional[Text] = Field(None, description="A phone number.")
    address: list[Text] = Field(default_factory=list, description="The postal address, one line per item.")
    comment_url: Optional[Url] = Field(None, description="A web page where residents can send comments.")

    @model_validator(mode="after")
    def _reachable(self) -> "Contact":
        if not (self.email or self.phone or self.address):
            raise ValueError("give at least one way to reach the contact: an email, a phone number or "
                             "a postal address" + _HINT + "add the one the sources give, like "
                             "phone: 01234 567890 or address: [Civic Centre, High Street, AB1 2CD]; the "
                             "contact page and the accessibility statement use it")
        return self


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
                "that accessibility law asks for" + _HINT + "choose a darker colour"
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
    contact_email: Optional[Email] = Field(
        None, description="Where to report a problem with the site's accessibility. Leave it out if "
        "the sources give none: the statement then gives the partnership's contact.")
    reply_within_days: int = Field(
        default=5, ge=1, le=60, description="How many working days a reply takes at most.")


# --- the life of a body, and who holds its offices (partnership.yml and structure.yml) ---

BodyStatus = Literal["proposed", "active", "merging", "merged", "dissolved"]


class FormerName(Model):
    name: Text = Field(description="A name it was known by before, like Borough Local Strategic Partnership.")
    until: Optional[PartialDate] = Field(
        None, description="When it stopped using that name: a date, a month (2011-06) or a year (2011).")


class OutsideBody(Model):
    """A body kept on no page of this site, such as the partnership's predecessor."""

    name: Text = Field(description="The body's name.")
    url: Optional[Url] = Field(None, description="Its website, if it has one.")


class Officer(Model):
    role: Text = Field(description="The office, like Vice-chair, Secretary or Lead officer.")
    name: Optional[Text] = Field(None, description="Who holds it, by name or by their post.")


_STATUS_HELP = ("Where it is in its life: proposed, active, merging (into the group under replaced_by), "
                "merged (into that group) or dissolved. Leave it out for an active one.")


class Partnership(Model):
    name: Text = Field(description="The partnership's full name.")
    short_name: Text = Field(description="The short name used in headings and the browser tab.")
    kind: Text = Field("Local Strategic Partnership", description="What sort of partnership it is.")
    area: Text = Field(description="The place it covers.")
    summary: LongText = Field(
        description="One or two sentences about the partnership, shown on the home page.")
    vision: Optional[LongText] = Field(
        None, description="The partnership's vision, in its own words. Leave it out if the sources do not "
        "give its wording: a summary would be shown as its own words.")
    chair: Optional[Text] = Field(None, description="Who chairs the partnership.")
    vice_chair: Optional[Text] = Field(None, description="Who is its vice-chair, if it has one.")
    officers: list[Officer] = Field(
        default_factory=list, description="Other offices and who holds them, one entry each.")
    statutory_status: Optional[LongText] = Field(
        None, description="What the law asks of the partnership, if anything.")
    established: Optional[PartialDate] = Field(None, description="When it was set up.")
    host_council: HostCouncil = Field(description="The council that hosts it.")
    county_partnership: Optional[Link] = Field(
        None, description="The county-wide partnership it works with, if any.")
    contact: Contact = Field(description="How residents get in touch.")
    magazine: Optional[Magazine] = Field(None, description="The magazine that carries its news, if any.")
    email_alerts: Optional[Url] = Field(
        None, description="The council's email alert service, where residents sign up to get "
        "news by email, if it has one; the Subscribe page links to it.")
    branding: Branding = Field(Branding(), description="The site's colours.")
    accessibility: Accessibility = Field(description="Facts for the accessibility statement.")
    joint_host_council: Optional[HostCouncil] = Field(
        None, description="A second council that hosts it jointly, if two councils share it.")
    status: Optional[BodyStatus] = Field(None, description=_STATUS_HELP)
    ended: Optional[PartialDate] = Field(None, description="When it stopped, if it has.")
    former_names: list[FormerName] = Field(
        default_factory=list, description="Names it had before, oldest first.")
    replaces: list[OutsideBody] = Field(
        default_factory=list, description="The bodies it took over from, if any.")
    replaced_by: Optional[OutsideBody] = Field(
        None, description="The body that took over its work, if it has ended or is merging.")
    as_of: Optional[dt.date] = Field(
        None, description="For a site that is a record of the past: the day it describes. It is built as "
        "of that day (what is coming up, open or overdue), and every page says so. Leave it out for a "
        "live site.")
    scrutinised_by: Optional[OutsideBody] = Field(
        None, description="The council committee that scrutinises its work, if one does, like "
        "Afon County Council's Joint Scrutiny Committee.")

    @property
    def is_lsp(self) -> bool:
        """Whether the general page on what a local strategic partnership is fits it."""
        return self.kind.strip().lower() == "local strategic partnership"


# --- structure.yml -----------------------------------------------------------

BodyType = Literal[
    "board", "leadership forum", "theme group", "task and finish group",
    "area partnership", "reference group", "forum", "partnership", "committee",
]


MemberType = Literal["statutory member", "invited participant", "other partner", "observer", "adviser"]


class Member(Model):
    name: Optional[Text] = Field(None, description="The person's name.")
    role: Optional[Text] = Field(None, description="Their role, like Chair.")
    partner: Optional[PartnerId] = Field(
        None, description="The partner they represent: an id from partners.yml.")
    organisation: Optional[Text] = Field(
        None, description="The organisation they represent, if it is not a partner.")
    seats: Optional[int] = Field(
        None, ge=1, le=500, description="How many seats of this kind there are, like 2 for role: MPs.")
    membership: Optional[MemberType] = Field(
        None, description="How they sit on it: statutory member, invited participant, other partner, "
        "observer or adviser. The page lists each kind under its own heading.")

    @model_validator(mode="after")
    def _something(self) -> "Member":
        if not (self.name or self.role):
            raise ValueError("this member has neither a name nor a role" + _HINT
                             + "give the member a name, a role, or both")
        return self


class ReportingLine(Model):
    reports_to: Annotated[Id, Ref("structure", itself=(
        "a body cannot report to itself", "name the body above it"))] = Field(
        description="The group it reported to then: an id from structure.yml.")
    since: Optional[PartialDate] = Field(None, description="When it began to report there.")
    until: Optional[PartialDate] = Field(None, description="When it stopped; leave it out if it still does.")


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
    vice_chair: Optional[Text] = Field(None, description="Who is its vice-chair, if it has one.")
    objectives: list[Text] = Field(
        default_factory=list, description="The group's own objectives, one line each.")
    status: Optional[BodyStatus] = Field(None, description=_STATUS_HELP)
    replaced_by: Optional[Annotated[Id, Ref("structure", itself=(
        "a body cannot replace itself", "name the group that took over its work"))]] = Field(
        None, description="The group that took over its work, or that it merges into: an id from structure.yml.")
    former_names: list[FormerName] = Field(
        default_factory=list, description="Names it had before, oldest first.")
    reporting: list[ReportingLine] = Field(
        default_factory=list, description="Instead of reports_to, when the group it reports to has "
        "changed: each group it reported to, with since and until.")

    @model_validator(mode="after")
    def _one_reporting_line(self) -> "Body":
        if self.reports_to and self.reporting:
            raise ValueError("give reports_to or reporting, not both"
                             + _HINT + "move reports_to into reporting, with the date it began (since)")
        if self.status in ("merging", "merged") and not self.replaced_by:
            raise ValueError(f"a group that is {self.status} needs the group it merges into"
                             + _HINT + "add replaced_by: with the id of that group from structure.yml")
        return self


class Structure(Model):
    bodies: list[Body] = Field(
        min_length=1, description="The partnership's board, groups and forums, one entry each.")


# --- partners.yml ------------------------------------------------------------

# In the order the partners page lists them.
Sector = Literal[
    "public", "private", "voluntary and community", "voluntary", "community",
    "parish and town councils", "health", "police", "fire and rescue", "housing", "education",
    "business", "faith", "other",
]


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
        None, description="Where to read it. Leave it out if it is not online; say under availability "
        "how to get a copy if you know.")
    format: Optional[Text] = Field(None, description="The file type, like PDF, if there is a url.")
    size: Optional[Text] = Field(
        None, description="The file size, like 250 KB, so people on slow connections know.")
    summary: Optional[LongText] = Field(None, description="One or two sentences about it.")
    availability: Optional[LongText] = Field(
        None, description="How a resident can get a copy if there is no url.")
    draft: bool = Field(False, description=DRAFT_HELP)


class Documents(Model):
    documents: list[Document] = Field(
        default_factory=list, description="The partnership's papers, one entry each.")


# --- strategy.yml ------------------------------------------------------------

RagStatus = Literal["red", "amber", "green", "not yet measured"]
# Outcome Based Accountability's three questions, in the order a report card asks them.
ObaQuestion = Literal["how much did we do", "how well did we do it", "is anyone better off"]


class Reading(Model):
    date: PartialDate = Field(description="When the figure is for: a day, a month or a year.")
    value: float = Field(description="The figure, as a number without its unit, like 45 or 12.5.")


class Measure(Model):
    name: Text = Field(description="What is measured.")
    question: Optional[ObaQuestion] = Field(
        None, description="For an Outcome Based Accountability report card: which question the measure "
        "answers. A priority whose measures have questions is shown as a report card.")
    unit: Optional[Text] = Field(None, description="What the readings count, like % or people.")
    readings: list[Reading] = Field(
        default_factory=list, description="The figures over time, one entry each; two or more are "
        "drawn as a small chart with the same figures in a table.")
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


class PlanWords(Model):
    """What the partnership calls its plan and the plan's parts; the pages use these words."""

    plan: Text = Field("strategy", description="What the plan is called in a sentence, in lower case "
                       "unless it is a name: strategy, well-being plan, Local Outcomes Improvement Plan.")
    priority: Text = Field("priority", description="One of its parts: priority, well-being objective, outcome.")
    priorities: Text = Field("priorities", description="More than one: priorities, well-being objectives, outcomes.")


class Topic(Model):
    id: Id = Field(description=ID_HELP)
    title: Text = Field(description="The topic's name, like The partnership itself.")
    summary: Optional[LongText] = Field(None, description="What news about it covers, in a sentence.")


class StrategyVersion(Model):
    title: Text = Field(description="The earlier strategy's title.")
    period: Text = Field(description="The years it covered, like 2008 to 2011.")
    url: Optional[Url] = Field(None, description="Where to read it.")
    format: Optional[Text] = Field(None, description="The file type, like PDF.")
    size: Optional[Text] = Field(None, description="The file size, like 250 KB.")
    note: Optional[LongText] = Field(None, description="Anything to add about it.")
    priorities: list[Priority] = Field(
        default_factory=list, description="Its own priorities or objectives, if news or events point to them.")
    priorities_called: Optional[Text] = Field(
        None, description="What this plan called them, if not the same as now, like outcomes.")


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
    words: PlanWords = Field(PlanWords(), description="What the partnership calls its plan and its parts.")
    topics: list[Topic] = Field(
        default_factory=list, description="Subjects news and events may be tagged with that are not "
        "part of a plan, like the partnership itself.")

    def themes(self) -> list:
        """Everything news and events may be tagged with: current and earlier priorities, and topics."""
        return [item for _, item in self.themes_at()]

    def themes_at(self) -> list[tuple[tuple, Any]]:
        """The same, each with where it is in the file, for the loader's messages."""
        return [*((("priorities", i), p) for i, p in enumerate(self.priorities)),
                *((("earlier_versions", v, "priorities", i), p)
                  for v, version in enumerate(self.earlier_versions) for i, p in enumerate(version.priorities)),
                *((("topics", i), t) for i, t in enumerate(self.topics))]


# --- news/*.yml --------------------------------------------------------------


class Image(Model):
    file: Text = Field(description="The picture's file name in the images folder, like picture.jpg.")
    alt: Text = Field(description="What the picture shows, for people who cannot see it.")
    caption: Optional[Text] = Field(None, description="A caption shown beneath it.")
    credit: Optional[Text] = Field(None, description="Who took it or owns it.")


def _partial_date(data: dict, field: str) -> tuple[dict, Optional[PartialDate]]:
    """A month, a year or a municipal year typed where a date goes: the field becomes its
    first day (for sorting), and the PartialDate says what the source gave."""
    raw = data.get(field)
    raw = raw.strip() if isinstance(raw, str) else raw
    if isinstance(raw, int) and not isinstance(raw, bool) or \
            isinstance(raw, str) and re.fullmatch(r"\d{4}(-\d{2}|/\d{2})?", raw):
        try:
            given = PartialDate.model_validate(raw)
            return {**data, field: given.earliest}, given
        except ValueError:  # like "2010-13": the field's own check names it and the fix
            pass
    return data, None


class NewsItem(Model):
    title: Text = Field(description="The headline: short and plain.")
    date: UKDateTime = Field(
        description="The day it is published; a later date keeps it off the site until then. "
        'When a source gives only the month or the year, write just that in quotes ("2010-01", or '
        '"2010"): the site shows it as given.', json_schema_extra=_event_start_schema)
    summary: LongText = Field(
        description="One or two sentences saying what happened, shown in lists, feeds and shares.")
    body: Markdown = Field(
        description="The whole story, in Markdown: blank lines between paragraphs, **bold**, "
        "[link text](https://...).")
    themes: list[PriorityId] = Field(
        default_factory=list, description="The priorities (of any plan, current or earlier) or topics "
        "it is about: ids from strategy.yml, like [raising-educational-standards].")
    image: Optional[Image] = Field(
        None, description="A picture to go with it; put the file in the images folder.")
    author: Optional[Text] = Field(None, description="Who wrote it; a role is fine.")
    partner: Optional[PartnerId] = Field(
        None, description="The partner it comes from: an id from partners.yml.")
    magazine: bool = Field(False, description="true to send it to the magazine's feed as well.")
    event: Optional[EventId] = Field(
        None, description="The meeting or event it is about: the event's file name without .yml, "
        "like 2011-06-16-partnership-conference. The two pages then link to each other.")
    updated: Optional[UKDateTime] = Field(
        None, description="When it was changed after publishing: a date and time in quotes.")
    draft: bool = Field(False, description=DRAFT_HELP)
    # Set by the loader from the file name; never written in the file.
    slug: str = Field(default="", exclude=True)
    # Set when date gives a month or a year only: shown as given, sorted by its first day.
    _date_given: Optional[PartialDate] = PrivateAttr(None)

    @model_validator(mode="wrap")
    @classmethod
    def _precision(cls, data: Any, handler: Any) -> "NewsItem":
        if not isinstance(data, dict):  # an item already made keeps what it knows
            return handler(data)
        data, given = _partial_date(data, "date")
        item = handler(data)
        item._date_given = given
        return item

    @property
    def date_given(self) -> Optional[PartialDate]:
        """The month or year when the source gives no day; feeds need a day, so the check says so."""
        # Read from pydantic's own store: self._date_given takes a slow way round (through
        # BaseModel.__getattr__ and an exception), and every page and feed asks.
        return self.__pydantic_private__["_date_given"]

    @property
    def published(self) -> "dt.datetime | PartialDate":
        """The date to show: as the source gives it."""
        return self.date_given or self.date


# --- events/*.yml ------------------------------------------------------------

EventKind = Literal[
    "annual meeting", "board meeting", "consultation event", "conference",
    "scrutiny meeting", "council meeting", "training", "meeting", "other",
]


class Event(Model):
    title: Text = Field(description="The event's name.")
    kind: EventKind = Field("meeting", description="What sort of event it is.")
    start: UKDateTime = Field(
        description='When it starts: the date and time in quotes, like "2011-06-16 18:00". The date '
        'alone, 2011-06-16, means the time is to be confirmed (unless all_day is true); a month, '
        '"2011-06", a year, "2011", or a municipal year, 2010/11, in quotes, when the source gives no more.',
        json_schema_extra=_event_start_schema)
    end: Optional[UKDateTime] = Field(None, description="When it ends, written the same way.")
    all_day: bool = Field(False, description="true if it lasts all day and has no times.")
    location: Optional[Text] = Field(
        None, description="Where it is held. Leave it out if the source does not say.")
    summary: LongText = Field(description="One or two sentences about it, shown in lists and on its page.")
    body: Optional[Markdown] = Field(None, description="More detail, in Markdown.")
    open_to_public: Optional[bool] = Field(
        None, description="true if anyone can come, false if not; leave it out if the source does not say.")
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
    themes: list[PriorityId] = Field(
        default_factory=list, description="The priorities (of any plan, current or earlier) or topics "
        "it is about: ids from strategy.yml.")
    draft: bool = Field(False, description=DRAFT_HELP)
    slug: str = Field(default="", exclude=True)
    # Set from how start was written: a month or year only, or a day with no time.
    _date_given: Optional[PartialDate] = PrivateAttr(None)
    _time_to_be_confirmed: bool = PrivateAttr(False)

    @model_validator(mode="wrap")
    @classmethod
    def _precision(cls, data: Any, handler: Any) -> "Event":
        if not isinstance(data, dict):  # an Event already made keeps what it knows
            return handler(data)
        raw = data.get("start")
        raw = raw.strip() if isinstance(raw, str) else raw
        data, given = _partial_date(data, "start")
        tbc = given is None and data.get("all_day") is not True and (
            type(raw) is dt.date or isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) is not None)
        event = handler(data)
        event._date_given, event._time_to_be_confirmed = given, tbc
        return event

    @property
    def date_given(self) -> Optional[PartialDate]:
        """The month or year when the source gives no day; calendars need a day, so skip it."""
        return self.__pydantic_private__["_date_given"]  # as NewsItem.date_given

    @property
    def time_to_be_confirmed(self) -> bool:
        return self.__pydantic_private__["_time_to_be_confirmed"]

    @property
    def last_day(self) -> dt.date:
        """The last day it may take place on, for what is coming up and what is past."""
        if self.date_given:
            return self.date_given.latest
        return (self.end or self.start).date()

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: Optional[dt.datetime], info: ValidationInfo) -> Optional[dt.datetime]:
        start = info.data.get("start")
        if end is not None and start is not None and end <= start:
            raise ValueError("the event ends before it starts" + _HINT + "check start and end")
        return end


# --- consultations.yml -------------------------------------------------------


class Consultation(Model):
    id: Id = Field(description=ID_HELP)
    title: Text = Field(description="The consultation's name.")
    opens: PartialDate = Field(
        description="The first day people can respond: a day, 2011-06-16, or a month, 2011-06, or a year, "
        "2011, if the source gives no more.")
    closes: PartialDate = Field(
        description="The last day people can respond, written the same way; 12 weeks after opening is usual.")
    summary: LongText = Field(description="One or two sentences about what you are asking, shown in lists.")
    how_to_respond: Markdown = Field(description="How to take part, in Markdown.")
    contact: Optional[LongText] = Field(None, description="Who to ask about it.")
    run_by: Optional[Text] = Field(
        None, description="Who runs it, like the partnership's board or the council.")
    document: Optional[DocumentId] = Field(
        None, description="The consultation paper: an id from documents.yml.")
    next_steps: Optional[Markdown] = Field(
        None, description="What happens next: what will be done with the responses, and when, in Markdown.")
    outcome_due: Optional[PartialDate] = Field(
        None, description="When the outcome is promised: a day, a month or a year. After it, with no "
        "outcome, the page says no outcome has been published yet.")
    outcome: Optional[Markdown] = Field(
        None, description="What happened as a result (\"You said, we did\"); fill this in once it has closed.")
    draft: bool = Field(False, description=DRAFT_HELP)

    @field_validator("closes")
    @classmethod
    def _after_opening(cls, closes: PartialDate, info: ValidationInfo) -> PartialDate:
        opens = info.data.get("opens")
        if opens is not None and closes.latest < opens.earliest:
            raise ValueError("the consultation closes before it opens" + _HINT + "check opens and closes")
        return closes


class Consultations(Model):
    consultations: list[Consultation] = Field(
        default_factory=list, description="The partnership's consultations, one entry each.")


# --- recommendations.yml -----------------------------------------------------

RecommendationStatus = Literal[
    "done", "in progress", "not started", "not accepted", "superseded", "awaiting response"]


class Recommendation(Model):
    number: int = Field(ge=1, description="Its number in the report.")
    text: LongText = Field(description="What was recommended.")
    response: Optional[LongText] = Field(None, description="What was done about it.")
    status: RecommendationStatus = Field(
        "awaiting response", description="How far it has got; leave it out while no response is published.")
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


class MetRecord(Model):
    """A time the sources say it was met, when nothing on the site shows it (no event, news or paper)."""

    date: PartialDate = Field(description="When it was met.")
    note: LongText = Field(description="What happened, and where the sources say so.")


CommitmentKind = Literal["recurring", "one-off", "ongoing"]


class Commitment(Model):
    id: Id = Field(description=ID_HELP)
    title: Text = Field(description="What the partnership promised, in a few words.")
    description: LongText = Field(description="The promise in full.")
    kind: CommitmentKind = Field(
        "recurring", description="recurring (due again every so many months), one-off (done once, by "
        "a date) or ongoing (a standing rule, with no date to meet).")
    every_months: Optional[int] = Field(
        None, ge=1, le=120, description="For a recurring commitment: how often it is due, in months.")
    due: Optional[PartialDate] = Field(
        None, description="For a one-off commitment: the date it is due by (a day, a month or a year).")
    source: Optional[DocumentId] = Field(
        None, description="Where the promise was made: an id from documents.yml.")
    events: list[Annotated[Id, Ref("events")]] = Field(
        default_factory=list, description="Meetings or events that met it: their file names in events/, "
        "without .yml.")
    news: list[Annotated[Id, Ref("news")]] = Field(
        default_factory=list, description="News items that show it was met: their file names in news/, "
        "without .yml.")
    documents: list[DocumentId] = Field(
        default_factory=list, description="Papers that show it was met, such as minutes: ids from documents.yml.")
    met: list[MetRecord] = Field(
        default_factory=list, description="Times the sources say it was met that nothing on the site "
        "shows, each with a date and a note.")

    @model_validator(mode="after")
    def _how_often(self) -> "Commitment":
        if self.kind == "recurring" and self.every_months is None:
            raise ValueError("a recurring commitment needs every_months" + _HINT
                             + "say how often it is due, like every_months: 12, or write kind: ongoing "
                             "if the sources give no frequency")
        if self.kind != "recurring" and self.every_months is not None:
            raise ValueError(f"every_months is only for a recurring commitment, and this one is {self.kind}"
                             + _HINT + "remove every_months, or write kind: recurring")
        if self.kind != "one-off" and self.due is not None:
            raise ValueError(f"due is only for a one-off commitment, and this one is {self.kind}"
                             + _HINT + "remove due, or write kind: one-off")
        return self


class Commitments(Model):
    commitments: list[Commitment] = Field(
        default_factory=list,
        description="What the partnership has promised to do, one entry each.")


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
            raise ValueError("the notice ends before it starts" + _HINT + "check starts and ends")
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
    # Likely mistakes that do not stop the build (a time that happens twice, a far date), worded.
    warnings: tuple[str, ...] = ()

    def items(self, name: str) -> tuple | list:
        """A kind's published items, by its name in the registry: site.items("documents")."""
        from .kinds import KINDS  # kinds.py reads this module, so not at the top

        kind = KINDS[name]
        found = getattr(self, name) if name in type(self).model_fields else self.extra[name]
        return found if kind.folder else getattr(found, kind.items)
