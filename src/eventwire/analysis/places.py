"""Toponyms: found by NER and the country lexicon, resolved offline against the GeoNames gazetteer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from eventwire.analysis.lexicon import COUNTRY, LexiconMatch
from eventwire.knowledge import Knowledge
from eventwire.knowledge.gazetteer import Gazetteer, GazetteerEntry, fold
from eventwire.models import Place

OWNER_MIN_POPULATION = 20_000  # a place that names who someone is ('Oxford University') is not a hamlet
PLACE_FORMS = {"name", "alias", "capital"}  # demonyms give countries, not places
FACILITY_WORDS = re.compile(
    r"\s+(?:international\s+)?(?:air\s*base|airbase|air\s+field|airfield|airport|military\s+base|naval\s+base|"
    r"base|barracks|port|harbou?r|station|square|palace|camp)$",
    re.I,
)


@dataclass
class PlaceResult:
    places: list[Place]
    token_place: dict[int, Place]


class PlaceExtractor:
    def __init__(self, knowledge: Knowledge, gazetteer: Gazetteer) -> None:
        self.knowledge = knowledge
        self.gazetteer = gazetteer
        self.iso3_to_iso2 = {c.iso3: c.iso2 for c in knowledge.countries.values()}
        self.iso2_to_iso3 = {c.iso2: c.iso3 for c in knowledge.countries.values()}
        self.country_of = lru_cache(maxsize=4096)(self._country_of)
        self.capital_words = {
            fold(capital): country.iso2 for country in knowledge.countries.values() for capital in country.capitals
        }
        self.country_words = {
            fold(word): country.iso3 for country in knowledge.countries.values()
            for word in (country.name, *country.aliases, *country.demonyms)
        }

    def _country_of(self, name: str) -> str | None:
        """ISO3 country of the most likely place with this name: a city ('Shanghai' -> CHN) or a first-level
        division ('Rakhine', 'Kano State' -> NGA)."""
        entry = self.gazetteer.best(name)
        if entry is not None and (entry.feature_class in {"A", "D"} or entry.population >= OWNER_MIN_POPULATION):
            return self.iso2_to_iso3.get(entry.country)
        iso2 = first_level_divisions().get(fold(DIVISION_WORDS.sub("", name)))
        return self.iso2_to_iso3.get(iso2) if iso2 else None

    def __call__(self, doc: Doc, matches: list[LexiconMatch], person_tokens: set[int]) -> PlaceResult:
        country_spans = {m.span.start: m for m in matches if m.kind == COUNTRY and m.form in PLACE_FORMS}
        spans = [m.span for m in country_spans.values()]
        spans += [
            ent for ent in doc.ents
            if ent.label_ in {"GPE", "LOC", "FAC"} and not any(i in person_tokens for i in range(ent.start, ent.end))
        ]
        context = {self.iso3_to_iso2.get(m.key) for m in matches if m.kind == COUNTRY} - {None}
        spans = filter_spans(spans)
        first = [self._resolve(span, country_spans.get(span.start), context) for span in spans]
        steering = divisions_of(e for e in first if e is not None) - context  # 'Parkland' near 'Miami': Florida's
        context |= steering
        places: list[Place] = []
        token_place: dict[int, Place] = {}
        for span, earlier in zip(spans, first, strict=True):
            match = country_spans.get(span.start)
            # only a name resolved without the lexicon can change with the divisions; others keep their first answer
            entry = self._resolve(span, match, context) if earlier is not None and steering and match is None \
                else earlier
            if entry is None:
                continue
            text_span = _without_article(span)
            place = Place(
                id=f"p{len(places) + 1}", start=text_span.start_char, end=text_span.end_char, text=text_span.text,
                name=entry.name, country=entry.country, admin1=entry.admin1, lat=entry.lat, lon=entry.lon,
                geonameid=entry.geonameid, feature_class=entry.feature_class,
            )
            places.append(place)
            for i in range(span.start, span.end):
                token_place[i] = place
        return PlaceResult(places, token_place)

    def resolve_name(self, name: str, context: set[str] = frozenset()) -> GazetteerEntry | None:
        """The gazetteer entry a toponym most likely names, given the ISO2 countries the report mentions: a country
        by any of its names or its demonym ('Russian' -> Russia), a continent likewise ('European' -> Europe), a
        facility by its locality ('Ramstein Air Base'), else the best place."""
        region = self.knowledge.regions.get(name) or self.knowledge.regions.get(_ARTICLE.sub("", name))
        if region is not None:  # 'European', 'the EU' -> Europe
            return self.gazetteer.best(region)
        iso3 = self.country_words.get(fold(_ARTICLE.sub("", name)))
        if iso3 is not None and self.iso3_to_iso2.get(iso3):
            division = next((e for e in self.gazetteer.candidates(name)
                             if e.feature_class == "D" and fold(e.name) == fold(name)), None)
            if division is not None and division.country == self.iso3_to_iso2[iso3]:
                return division  # 'England', 'Scotland': the country's part that bears the name
            return self.gazetteer.country(self.iso3_to_iso2[iso3])
        capital_of = self.capital_words.get(fold(name))
        if capital_of is not None:  # 'Washington', 'Moscow': the capital city, whatever else shares the name
            cities = [e for e in self.gazetteer.candidates(name) if e.country == capital_of and e.feature_class == "P"]
            if cities:
                return max(cities, key=lambda e: e.population)
        entry = self.gazetteer.best(name, context)
        if entry is None:
            stripped = FACILITY_WORDS.sub("", name)
            if stripped != name:
                entry = self.gazetteer.best(stripped, context)
        return entry

    def _resolve(self, span: Span, match: LexiconMatch | None, context: set[str]) -> GazetteerEntry | None:
        if match is not None:
            iso2 = self.iso3_to_iso2.get(match.key)
            if match.form == "capital":
                capital = self.gazetteer.best(span.text, {iso2} if iso2 else set())
                if capital is not None and capital.country == iso2:
                    return capital
            return self.gazetteer.country(iso2) if iso2 else None
        name = _without_article(span).text
        entry = self.gazetteer.best(name, context)
        if entry is None and span.label_ == "FAC":
            stripped = FACILITY_WORDS.sub("", name)
            if stripped != name:
                entry = self.gazetteer.best(stripped, context)
        return entry


_ARTICLE = re.compile(r"^the\s+", re.I)
DIVISION_WORDS = re.compile(r"\s+(?:state|province|region|governorate|oblast|county|district)$", re.I)


@lru_cache(maxsize=1)
def first_level_divisions() -> dict[str, str]:
    """Names of first-level divisions (ISO 3166-2, from pycountry) -> ISO2 country; ambiguous names left out."""
    owners: dict[str, set[str]] = {}
    for division in pycountry.subdivisions:
        if division.parent_code is None:
            owners.setdefault(fold(division.name), set()).add(division.country_code)
    return {name: next(iter(codes)) for name, codes in owners.items() if len(codes) == 1}


ANCHOR_POPULATION = 100_000  # a place this large (or a named division) is sure enough to steer the others


def divisions_of(entries) -> set[str]:
    """'US.FL'-style keys of the first-level divisions that named divisions and large places lie in, and their
    countries: 'Miami' makes the Parkland in Florida the likely one. Small places do not steer (they may be the
    ambiguous ones)."""
    keys: set[str] = set()
    for entry in entries:
        large = entry.feature_class == "D" or (getattr(entry, "population", 0) or 0) >= ANCHOR_POPULATION
        if entry.admin1 and entry.country and large:
            keys |= {entry.country, f"{entry.country}.{entry.admin1}"}
    return keys


def _without_article(span: Span) -> Span:
    if len(span) > 1 and span[0].lower_ == "the":
        return span[1:]
    return span
