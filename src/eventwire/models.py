"""The records that flow through eventwire: `Article` in, `Report` out.

Every extracted item carries `start`/`end`: Python string indices into `Article.text`, so
`article.text[item.start:item.end] == item.text`. Records refer to each other by their
report-local ids ("a1", "e3", ...). The JSON shape of `Report` is the public schema
(docs/report-schema.md); bump `REPORT_SCHEMA_VERSION` on any incompatible change.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

REPORT_SCHEMA_VERSION = "1.0"

ActorKind = Literal["person", "organization", "country", "group"]
QuoteKind = Literal["direct", "indirect", "mixed"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
AidKind = Literal["military", "economic", "humanitarian"]
DateBasis = Literal["clause", "sentence", "context", "publication"]
LineKind = Literal["headline", "body", "caption", "credit"]
PlaceBasis = Literal["name", "part", "seat", "within", "focus"]  # see Place.basis


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArticleMeta(Record):
    id: str
    title: str | None = None
    url: str | None = None
    published: datetime | date | None = None
    outlet: str | None = None
    byline: str | None = None
    agencies: list[str] = Field(default_factory=list)  # credited agencies: "(dpa, AP)" -> ["dpa", "AP"]
    language: str = "en"
    source: str | None = None  # where it was read from (path, path:line, path#entry, path@offset)


class Article(ArticleMeta):
    """One news report as read from any source."""

    text: str

    @property
    def published_date(self) -> date | None:
        if isinstance(self.published, datetime):
            return self.published.date()
        return self.published


def article_id(text: str, url: str | None = None) -> str:
    """Stable id from the content (and url when given): the same report read twice is one article."""
    normalised = " ".join(text.split())
    digest = hashlib.sha256(f"{url or ''}\n{normalised}".encode()).hexdigest()
    return digest[:24]


class Spanned(Record):
    start: int
    end: int
    text: str


class Sentence(Spanned):
    kind: LineKind = "body"


class Mention(Spanned):
    id: str
    actor: str  # Actor.id
    form: Literal["name", "alias", "description", "pronoun", "demonym", "capital", "metonym"]


class Role(Record):
    title: str
    organization: str | None = None  # org or country the role belongs to (name or code)
    former: bool = False
    start: int | None = None
    end: int | None = None


class Actor(Record):
    id: str
    name: str
    kind: ActorKind
    code: str | None = None  # CAMEO-style: ISO3 + sector ("UKRGOV") or IGO form ("IGOWSTNAT")
    country: str | None = None  # ISO 3166-1 alpha-3
    sector: str | None = None  # GOV, MIL, REB, OPP, COP, JUD, BUS, MED, CVL, IGO, ...
    affiliation: str | None = None  # organisation name for people whose current role is in an org
    roles: list[Role] = Field(default_factory=list)
    mentions: list[str] = Field(default_factory=list)  # Mention ids
    resolution: str | None = None  # how the code was decided, for audits


class TimeExpression(Spanned):
    id: str
    type: TimexType
    value: str  # TIMEX3 value: 2024-10-03, 2024-W41, P2D, PAST_REF, ...
    rule: str | None = None


class Place(Spanned):
    id: str
    name: str
    country: str | None = None  # ISO 3166-1 alpha-2 (GeoNames convention)
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature_class: str | None = None  # GeoNames: A (country, region), P (populated place), S (spot) ...
    basis: PlaceBasis = "name"  # how it was placed: by its name, by a place it names, at the seat of the body it
    # names ('the Kremlin' -> Moscow), in the place named with it ('Snetterton, Norfolk'), or at the report's focus


class Amount(Spanned):
    id: str
    value: float
    currency: str | None = None  # ISO 4217
    unit: str | None = None  # for quantities that are not money
    qualifier: Literal["approximate", "at_least", "at_most", "exact"] = "exact"

    @property
    def approximate(self) -> bool:
        return self.qualifier != "exact"


class Trigger(Spanned):
    sentence: int  # index into Report.sentences


class EventDate(Record):
    value: str  # TIMEX3 value
    start: date | None = None  # first day covered
    end: date | None = None  # last day covered
    basis: DateBasis
    time: str | None = None  # TimeExpression.id it came from


class Event(Record):
    id: str
    plover: str  # PLOVER event type (CONSULT, AID, ...)
    plover_mode: str | None = None
    cameo: str  # CAMEO code, e.g. "042"
    cameo_label: str | None = None
    cameo_root: str | None = None  # "04"
    quad_class: int | None = None  # 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
    goldstein: float | None = None  # Goldstein scale, -10 (most conflictual) to +10
    plover_context: str | None = None  # PLOVER context the code implies (e.g. "military"), where one does
    contexts: list[str] = Field(default_factory=list)  # PLOVER contexts: the code's and those its clause makes clear
    aid_kind: AidKind | None = None  # what an aid event (or a pledge, request or refusal of aid) gives
    source: str | None = None  # Actor.id
    target: str | None = None  # Actor.id
    trigger: Trigger
    mentions: list[Trigger] = Field(default_factory=list)  # further reports of the same event
    date: EventDate | None = None
    place: str | None = None  # Place.id
    amounts: list[str] = Field(default_factory=list)  # Amount ids
    quote: str | None = None  # Quote.id when reported inside a quotation
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    historical: bool = False
    requested: bool = False  # asked for by someone ('urged partners to shoot down missiles'), not done
    pattern: str  # the lexicon entry / rule that produced it
    explanation: list[str] = Field(default_factory=list)


class Quote(Spanned):
    id: str
    kind: QuoteKind
    speaker: str | None = None  # Actor.id
    speaker_name: str | None = None  # the speaker actor's name ("Mark Rutte" when the text says "he")
    speaker_mention: Spanned | None = None
    pieces: list[Spanned] = Field(default_factory=list)  # quoted pieces when the cue interrupts the quotation
    cue: Spanned | None = None
    rule: str | None = None


class ArticleInfo(ArticleMeta):
    """Article metadata carried in a report (the text is not repeated)."""

    length: int = 0


class Report(Record):
    schema_version: str = REPORT_SCHEMA_VERSION
    article: ArticleInfo
    sentences: list[Sentence] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    amounts: list[Amount] = Field(default_factory=list)

    def actor(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def place(self, place_id: str | None) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)


def article_info(article: Article) -> ArticleInfo:
    data = article.model_dump(exclude={"text"})
    return ArticleInfo(**data, length=len(article.text))
