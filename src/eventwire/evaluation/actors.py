"""Actor resolution scored on short descriptions with their expected country and sector.

A case is `{"text": "an American destroyer", "context": "", "date": "", "country": "USA", "sector": "MIL"}`
(the shape of NGEC's actor tests). The text is analysed as a one-line report dated by `date` when it is a
date; the actor it names is the one whose mention holds the phrase's head word, else the first actor.
Country is compared where the case gives one (IGO cases expect "IGO"), sector where it gives one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pycountry

from eventwire.analysis.times import normalize
from eventwire.evaluation import read_jsonl
from eventwire.models import Actor, Article, Report

NO_VALUE = {"", None}


@dataclass
class ActorCase:
    text: str
    context: str = ""
    date: date | None = None
    country: str | None = None
    sector: str | None = None
    name: str = ""


@dataclass
class ActorScores:
    country_right: int = 0
    country_total: int = 0
    sector_right: int = 0
    sector_total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def country_accuracy(self) -> float:
        return self.country_right / self.country_total if self.country_total else 0.0

    @property
    def sector_accuracy(self) -> float:
        return self.sector_right / self.sector_total if self.sector_total else 0.0


def load_cases(path: Path) -> list[ActorCase]:
    cases = []
    for row in read_jsonl(path):
        cases.append(ActorCase(
            text=row["text"], context=row.get("context") or "", date=_parse_date(row.get("date")),
            country=None if row.get("country") in NO_VALUE else row["country"],
            sector=None if row.get("sector") in NO_VALUE else row["sector"], name=row.get("test", ""),
        ))
    return cases


def _parse_date(value: str | None) -> date | None:
    """An ISO or written date ('10 May 2015'); 'today' is the day the resolution runs."""
    if not value:
        return None
    if value.strip().lower() == "today":
        return date.today()
    timex = normalize(value, None)
    return timex.first if timex is not None and timex.first == timex.last else None


def main_actor(report: Report, text: str) -> Actor | None:
    """The actor the whole phrase names: a person first, else the mention ending last before an 'of'/','
    tail; a bare place names its country's people ('Mariupol' -> UKR civilians)."""
    people = [a for a in report.actors if a.kind == "person"]
    actor = people[0] if people else _head_mention_actor(report, text) or (report.actors[0] if report.actors else None)
    if actor is not None and (actor.country or not report.places):
        return actor
    place = report.places[0] if report.places else None
    country = _iso3(place.country) if place else None
    if country is None:
        return actor or Actor(id="unknown", name=text, kind="group", sector="UNK")
    if actor is not None:
        return actor.model_copy(update={"country": country})
    return Actor(id="place", name=place.name, kind="group", country=country, sector="CVL", code=f"{country}CVL")


def _iso3(iso2: str | None) -> str | None:
    if not iso2:
        return None
    country = pycountry.countries.get(alpha_2=iso2)
    return country.alpha_3 if country else ("XKX" if iso2 == "XK" else None)


def _head_mention_actor(report: Report, text: str) -> Actor | None:
    """The mention that starts before any 'of'/','/'in' tail and reaches furthest: the phrase's head."""
    cut = min((i for i in (text.find(" of "), text.find(","), text.find(" in ")) if i > 0), default=len(text))
    before = [m for m in report.mentions if m.start < cut]
    if not before:
        return None
    head = max(before, key=lambda m: (m.end, -m.start))
    return report.actor(head.actor)


def resolve(analyzer, cases: Iterable[ActorCase]) -> list[tuple[ActorCase, Actor | None]]:
    cases = list(cases)
    articles = [Article(id=f"case-{n}", text=case.text, published=case.date) for n, case in enumerate(cases)]
    out: list[tuple[ActorCase, Actor | None]] = []
    for case, (_, report) in zip(cases, analyzer.analyze_many(articles), strict=True):
        actor = main_actor(report, case.text) if isinstance(report, Report) else None
        if actor is None or (actor.country is None and actor.sector in {None, "UNK"}):
            country = analyzer.places.country_of(case.text.removeprefix("the "))  # 'Mariupol' typed as ORG
            if country:
                actor = Actor(id="place", name=case.text, kind="group", country=country, sector="CVL")
        if actor is not None and case.context:
            actor = _with_context(analyzer, actor, case.context)
        out.append((case, actor))
    return out


def _with_context(analyzer, actor: Actor, context: str) -> Actor:
    """A country given as context fills in an actor that has none."""
    if actor.country:
        return actor
    report = analyzer.analyze(Article(id="context", text=context))
    country = next((a.country for a in report.actors if a.country), None)
    return actor.model_copy(update={"country": country}) if country else actor


def expected_country(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    if actor.sector == "IGO" or (actor.code or "").startswith("IGO"):
        return actor.country or "IGO"
    return actor.country


def score(results: Iterable[tuple[ActorCase, Actor | None]]) -> ActorScores:
    scores = ActorScores()
    for case, actor in results:
        country = expected_country(actor)
        sector = actor.sector if actor else None
        if case.country:
            scores.country_total += 1
            scores.country_right += country == case.country
        if case.sector:
            scores.sector_total += 1
            scores.sector_right += sector == case.sector
        if (case.country and country != case.country) or (case.sector and sector != case.sector):
            got = f"{actor.name if actor else '-'} {country or '-'}/{sector or '-'}"
            scores.misses.append(f"{case.text!r}: want {case.country or '-'}/{case.sector or '-'}, got {got}")
    return scores


def format_scores(scores: ActorScores) -> str:
    return "\n".join([
        "| measure | right | cases | accuracy |",
        "| --- | --- | --- | --- |",
        f"| country | {scores.country_right} | {scores.country_total} | {scores.country_accuracy:.3f} |",
        f"| sector | {scores.sector_right} | {scores.sector_total} | {scores.sector_accuracy:.3f} |",
    ])
