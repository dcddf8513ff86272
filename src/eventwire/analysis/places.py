"""Toponyms: found by NER and the country lexicon, resolved offline against the GeoNames gazetteer."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path
from urllib.parse import urlparse

import numpy
import pycountry
import yaml
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from eventwire.analysis.lexicon import COUNTRY, LexiconMatch
from eventwire.knowledge import Knowledge
from eventwire.knowledge.gazetteer import (
    COMPASS,
    EARTH_RADIUS_KM,
    Gazetteer,
    GazetteerEntry,
    division_key,
    fold,
    haversine_km,
    near_key,
    spelled_out,
    unit_vectors,
)
from eventwire.models import Place, PlaceBasis

OWNER_MIN_POPULATION = 20_000  # a place that names who someone is ('Oxford University') is not a hamlet
STRAY_TOWN_MAX_POPULATION = 200_000  # a town abroad smaller than this is not taken when its country goes unnamed
SMALL_TOWN_POPULATION = 10_000  # a town this small far from a report's other places is likely a street's namesake
NAMESAKE_MIN_POPULATION = 5000  # a capital's namesake the report may name bare: a town, not a hamlet
PLACE_FORMS = {"name", "alias", "capital"}  # demonyms give countries, not places
FACILITY_WORDS = re.compile(
    r"\s+(?:international\s+)?(?:air\s*base|airbase|air\s+field|airfield|airport|military\s+base|naval\s+base|"
    r"base|barracks|port|harbou?r|station|camp)$",
    re.I,
)


ABBREVIATIONS = Path(__file__).parent.parent / "knowledge" / "data" / "division_abbreviations.tsv"
TOPONYM_WORDS = Path(__file__).parent.parent / "knowledge" / "data" / "toponym_words.yaml"
SEATS = Path(__file__).parent.parent / "knowledge" / "data" / "seats.yaml"
LOCAL_UNIT = re.compile(r"\s(?:township|borough|parish)$", re.I)  # named after anything, anywhere
ADMIN_HEADS = re.compile(
    r"^(?P<stem>.+?)\s+(?:county|parish|state|province|region|district|city|town|township|borough|municipality|"
    r"governorate|oblast|prefecture|department|metropolitan area|metro area|peninsula|city council|council)$",
    re.I,
)
POSSESSIVE = re.compile(r"['’]s?$")
COMPASS_WORD = re.compile(r"(?:north|south)?(?:east|west)?(?:ern)?|(?:north|south)(?:ern)?", re.I)
# a feature of a town, not a town
LOCAL_HEADS = {"square", "street", "avenue", "road", "lane", "boulevard", "plaza", "park", "fields", "gardens",
               "estate", "bridge", "market", "mall", "tower", "drive", "way", "st.", "ave.", "rd."}
NEAR_KM = 50  # a candidate this close to a candidate of another name in the report is favoured
NEAR_CANDIDATES = 25  # the most populous candidates of a name compared
STREET_SUFFIXES = {"north", "south", "east", "west"}  # 'Eglinton Avenue West'
RECONSIDER_ROUNDS = 2
PART_MIN_POPULATION = 20_000  # a place named inside a longer name ('Delhi High Court') is a known one


@dataclass
class _Evidence:
    """What a report's first reading of its toponyms says about each of them."""
    context: set[str]  # ISO2 countries named, the outlet's, near keys
    named_by: dict[str, set[str]]  # ISO2 -> the words that name it in the report
    publisher: str | None
    home: str | None  # the outlet's country, known or guessed (`written_in`)
    steered_by: dict[str, set[str]]  # 'US.FL' -> names of the places that put it in the context
    placed: list[tuple[str, GazetteerEntry]]  # (folded name, first reading) of the located toponyms


COUNTY_NAME = re.compile(r"^(?P<stem>.+?)\s+(?:county|parish|co\.)$", re.I)


def _counties_by_short_name(resolved: list[tuple[Span, GazetteerEntry | None, PlaceBasis]],
                            free: set[int]) -> list[tuple[Span, GazetteerEntry | None, PlaceBasis]]:
    """'Navarro' in a report that names 'Navarro County' is that county, unless it reads as a town of some size in
    the county's state ('Lincoln' beside Nebraska's 'Lincoln County' may be Nebraska's capital; 'Suffolk' beside
    'Suffolk County', New York, is not Suffolk, Virginia)."""
    counties: dict[str, GazetteerEntry] = {}
    for span, entry, basis in resolved:
        stem = _stem(COUNTY_NAME, span.text)
        if stem is not None and entry is not None and entry.feature_class == "S" and basis == "name":
            counties.setdefault(fold(stem), entry)
    if not counties:
        return resolved
    out = []
    for span, entry, basis in resolved:
        county = counties.get(fold(span.text))
        if county is not None and span.start in free and entry != county and not (
                entry is not None and (entry.country, entry.admin1) == (county.country, county.admin1)
                and entry.feature_class == "P" and entry.population >= NAMESAKE_MIN_POPULATION):
            entry, basis = county, "name"
        out.append((span, entry, basis))
    return out


def _outermost(matches) -> list[LexiconMatch]:
    """The matches not inside a longer one ('Panama' inside 'Panama City')."""
    out: list[LexiconMatch] = []
    reach = -1
    for m in sorted(matches, key=lambda m: (m.span.start, -m.span.end)):
        if m.span.end > reach or (out and (out[-1].span.start, out[-1].span.end) == (m.span.start, m.span.end)):
            out.append(m)
            reach = max(reach, m.span.end)
    return out


def _evidence(names: list[str], readings: list[tuple[GazetteerEntry | None, PlaceBasis]], home: dict[str, str],
              context: set[str], named_by: dict[str, set[str]], publisher: str | None,
              home_country: str | None) -> _Evidence:
    """What one reading of the report's toponyms says about each; `home` the divisions the outlet's town steers to,
    with the town's name (it does not steer a toponym of its own name: 'oxfordpress.com' says nothing of which
    Oxford)."""
    evidence = _Evidence(context, named_by, publisher, home_country, steered_by={},
                         placed=[(name, e) for name, (e, _) in zip(names, readings, strict=True)
                                 if e is not None and e.lat is not None])
    for name, (entry, _) in zip(names, readings, strict=True):
        for key in divisions_of([entry] if entry is not None else []):  # 'Parkland' near 'Miami'
            evidence.steered_by.setdefault(key, set()).add(name)
    for key, town in home.items():  # the outlet's town steers like a name in the report
        evidence.steered_by.setdefault(key, set()).add(town)
    return evidence


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
        self.demonym_words = {fold(w) for country in knowledge.countries.values() for w in country.demonyms}
        self.country_words = {
            fold(word): country.iso3 for country in knowledge.countries.values()
            for word in (country.name, *country.aliases, *country.demonyms)
        }

    def _country_of(self, name: str) -> str | None:
        """ISO3 country of the most likely place with this name: a city ('Shanghai' -> CHN) or a first-level
        division ('Rakhine', 'Kano State' -> NGA)."""
        entry = self.gazetteer.best(name)
        if entry is not None and (entry.feature_class in {"A", "D"}
                                  or (entry.feature_class == "P" and entry.population >= OWNER_MIN_POPULATION)):
            return self.iso2_to_iso3.get(entry.country)  # not a county's: their names recur across countries
        iso2 = first_level_divisions().get(division_key(name))
        return self.iso2_to_iso3.get(iso2) if iso2 else None

    def __call__(self, doc: Doc, matches: list[LexiconMatch], person_tokens: set[int],
                 given: list[Span] | None = None, publisher: str | None = None,
                 home_town: str | None = None, written: str | None = None) -> PlaceResult:
        """The report's places: its toponyms (or the `given` spans, e.g. gold ones in an evaluation) resolved;
        `publisher` is the ISO2 country of the outlet (`publisher_country`), a context country like a mention;
        `home_town` the town its address names (`outlet_town`), which steers like a large place the report
        names; `written` the country its text says it was written in (`written_in`), a context country when the
        outlet's is unknown."""
        country_spans = {m.span.start: m for m in matches if m.kind == COUNTRY and m.form in PLACE_FORMS}

        def lexicon_match(span: Span) -> LexiconMatch | None:  # 'Washington' is a capital, 'Washington Square' not
            match = country_spans.get(span.start)
            return match if match is not None and match.span.end == span.end else None

        spans = filter_spans(given) if given is not None \
            else self._toponym_spans(doc, [m.span for m in country_spans.values()], person_tokens)
        context = {self.iso3_to_iso2.get(m.key) for m in matches if m.kind == COUNTRY} - {None}
        if publisher or written:
            context.add(publisher or written)
        named_by: dict[str, set[str]] = {}  # ISO2 -> the words that name it in the report
        for m in _outermost(m for m in matches if m.kind == COUNTRY):  # 'Panama City' does not name Panama
            if self.iso3_to_iso2.get(m.key):
                named_by.setdefault(self.iso3_to_iso2[m.key], set()).add(fold(m.span.text))
        context |= self._neighbours(spans)
        first = [self._resolve(span, lexicon_match(span), context) for span in spans]
        names = [fold(span.text) for span in spans]
        home = dict.fromkeys(self._home_steering(home_town, context), home_town or "")
        readings = first
        for _ in range(RECONSIDER_ROUNDS):  # a second round reads each name by the others' second readings:
            # 'Georgia' becomes the state, then 'Athens' the Athens there
            evidence = _evidence(names, readings, home, context, named_by, publisher, publisher or written)
            again = [self._reconsider(span, name, lexicon_match(span), entry, basis, evidence)
                     for span, name, (entry, basis) in zip(spans, names, first, strict=True)]
            if again == readings:
                break
            readings = again
        resolved = [(span, entry, basis) for span, (entry, basis) in zip(spans, readings, strict=True)]
        free = {s.start for s in spans if lexicon_match(s) is None or _is_capital(lexicon_match(s))}
        resolved = self._contained(resolved, free)
        resolved = _counties_by_short_name(resolved, free)
        demonyms = {i for m in matches if m.kind == COUNTRY and m.form == "demonym"
                    for i in range(m.span.start, m.span.end)}
        return self._records(resolved, demonyms, publisher or written)

    def _reconsider(self, span: Span, name: str, match: LexiconMatch | None, entry: GazetteerEntry | None,
                    basis: PlaceBasis, evidence: _Evidence) -> tuple[GazetteerEntry | None, PlaceBasis]:
        """A toponym's reading given where the report's other names put it: a capital or a name resolved
        without the lexicon can change with the divisions they steer to; countries cannot, except into a
        state or town of that name. A name does not steer itself ('Savannah' read as Ghana's region must not
        keep it there, 'Mansfield' read as the English town must not keep Mansfield, Ohio out)."""
        context = evidence.context
        by_others = {key for key, names in evidence.steered_by.items() if names - {name}}
        capital_only = self._named_by_capital_only(match, evidence.named_by, evidence.publisher)
        if by_others - context and (match is None or _is_capital(match)):
            entry, basis = self._resolve(span, match, (context - capital_only) | by_others)
        if entry is not None and (entry.country in capital_only or (basis == "name" and entry.feature_class == "A")):
            others = [e for other, e in evidence.placed if other != name]
            if entry.country in capital_only:  # 'Paris' by 'Bourbon County'
                home = evidence.home if evidence.placed and evidence.placed[0][0] == name else None  # its lead place
                entry = self._town_of_that_name(name, others, capital=True) or self._home_namesake(name, others, home) \
                    or entry
            else:
                entry = self._state_of_that_name(span, entry, context | by_others,
                                                 evidence.named_by.get(entry.country, set()), others)
        stray = _stray_town(entry, evidence.publisher, context | by_others) or self._stray_at_home(
            entry, name, evidence, context | by_others)
        if basis in {"name", "part"} and match is None and stray:
            return None, "focus"
        return entry, basis

    def _stray_at_home(self, entry: GazetteerEntry | None, name: str, evidence: _Evidence, context: set[str]) -> bool:
        """A small town in a division the report never names and far from its other places, in a report whose
        sure places (two or more, and two in three of them) lie in one other division of the town's country
        ('Hubbard', Ohio, in a Chicago report naming Hubbard Street)."""
        if entry is None or entry.feature_class != "P" or entry.population >= SMALL_TOWN_POPULATION \
                or f"{entry.country}.{entry.admin1}" in context or near_key(entry) in context:
            return False
        anchors = [(e.country, e.admin1) for other, e in evidence.placed if other != name and _sure(e)
                   and e.feature_class != "A"]
        home = max(set(anchors), key=anchors.count, default=None)
        return (anchors.count(home) >= max(2, 2 * len(anchors) / 3) and home is not None
                and home[0] == entry.country and home[1] != entry.admin1)  # abroad is `_stray_town`'s

    def _home_steering(self, home_town: str | None, context: set[str]) -> set[str]:
        """The country and division of the large town an outlet's address names ('columbuslocalnews.com':
        Columbus, Ohio, so the report's 'Dublin' is Ohio's)."""
        if not home_town or home_town in self.capital_words:
            return set()  # 'theparisnews.com' is in Paris, Texas: a capital's name says nothing of where
        entry = self.gazetteer.best(home_town, context)
        if entry is None or entry.feature_class != "P" or fold(entry.name) != home_town:
            return set()
        return divisions_of([entry])

    def _named_by_capital_only(self, match: LexiconMatch | None, named_by: dict[str, set[str]],
                               publisher: str | None) -> set[str]:
        """The country of a capital the report names by nothing else: 'Paris' alone does not put France in the
        context that decides between Paris and the Paris in the Texas the report is about."""
        iso2 = self.iso3_to_iso2.get(match.key) if _is_capital(match) else None
        if iso2 is None or iso2 == publisher or named_by.get(iso2, set()) - set(self.capital_words):
            return set()
        return {iso2}

    def _neighbours(self, spans: list[Span]) -> set[str]:
        """Keys (`near_key`) of the candidate places (towns, counties) that lie within NEAR_KM of a candidate of
        another name in the report: 'Springfield' beside 'Sangamon County' is the Illinois pair."""
        entries, owners = [], []
        for owner, name in enumerate(sorted({fold(_toponym_name(s)) for s in spans})):
            options = [e for e in self.gazetteer.candidates(name) if e.lat is not None and e.feature_class in "PS"]
            for entry in sorted(options, key=lambda e: -e.population)[:NEAR_CANDIDATES]:
                entries.append(entry)
                owners.append(owner)
        if len(set(owners)) < 2:
            return set()
        points = unit_vectors(numpy.array([e.lat for e in entries]), numpy.array([e.lon for e in entries]))
        close = points @ points.T >= math.cos(NEAR_KM / EARTH_RADIUS_KM)
        owner_of = numpy.array(owners)
        close &= owner_of[:, None] != owner_of[None, :]
        return {near_key(entries[i]) for i in numpy.flatnonzero(close.any(axis=1))}

    def _contained(self, resolved: list[tuple[Span, GazetteerEntry | None, PlaceBasis]],
                   free: set[int]) -> list[tuple[Span, GazetteerEntry | None, PlaceBasis]]:
        """'Paris, Texas', 'Snetterton, Norfolk', 'Bakhmut in Donetsk': a toponym followed by the place it lies in
        is the same-named place there, and so are the report's other mentions of that name; one the gazetteer
        lacks is put in that place (`basis = "within"`). Country names are left as they are."""
        out = list(resolved)
        settled: dict[str, tuple[GazetteerEntry, PlaceBasis]] = {}  # names placed by the division written with them
        text = out[0][0].doc.text if out else ""  # Doc.text joins every token: once, not per pair
        for i in range(len(out) - 1):
            (span, entry, basis), (outer_span, outer, outer_basis) = out[i], out[i + 1]
            if outer is None or span.start not in free or not CONTAINED_GAP.fullmatch(
                    text[span.end_char:outer_span.start_char]):
                continue
            if outer.feature_class not in {"A", "D", "S"} or (outer_basis != "name" and not _abbreviation(
                    outer_span.text)):
                continue  # 'Paris, Texas', 'Paris, Tenn.', but not 'Kyiv, Moscow' nor '..., California State
                # University': only a country or division named as such contains
            if entry is not None and _inside_of(entry, outer):
                settled[fold(span.text)] = (entry, basis)
                continue
            inside = [e for e in self.gazetteer.candidates(_without_article(span).text) if _inside_of(e, outer)]
            if inside:
                out[i] = (span, max(inside, key=lambda e: e.population), "name")
                settled[fold(span.text)] = (out[i][1], "name")
            elif entry is None or basis in {"part", "focus"} or (outer.feature_class == "D"
                                                                 and entry.feature_class == "P"):
                out[i] = (span, outer, "within")  # 'Belgrade, Minn.': a Belgrade the gazetteer lacks, in Minnesota
                settled.setdefault(fold(span.text), (outer, "within"))  # and its other mentions
        for i, (span, entry, basis) in enumerate(out):  # one place per name in a report: 'Paris, Tenn.' ... 'Paris'
            same = settled.get(fold(span.text))
            if same is not None and span.start in free and entry != same[0] and basis != "within":
                out[i] = (span, *same)
        return out

    def _toponym_spans(self, doc: Doc, lexicon_spans: list[Span], person_tokens: set[int]) -> list[Span]:
        """Country lexicon matches, NER's GPE/LOC/FAC entities, 'the town of X' names and organisations NER
        mislabels that are exactly a well-known place ('Gloucester' tagged ORG after 'in'); people's names left
        out."""
        entities = [
            ent for ent in doc.ents
            if (ent.label_ in {"GPE", "LOC", "FAC"} or _named_as_settlement(ent) or self._mislabelled_place(ent))
            and not any(i in person_tokens for i in range(ent.start, ent.end))
        ]
        return filter_spans([*lexicon_spans, *entities])

    def _mislabelled_place(self, ent: Span) -> bool:
        """An ORG entity after a locative preposition ('in', 'near', 'outside') that is exactly the name of a
        division or a town of 100,000 people."""
        if ent.label_ != "ORG" or ent.start == 0 or doc_word(ent, -1) not in LOCATIVE_PREPOSITIONS:
            return False
        return any(fold(e.name) == fold(ent.text)
                   and (e.feature_class in {"A", "D"} or (e.feature_class == "P" and e.population >= 100_000))
                   for e in self.gazetteer.candidates(ent.text))

    def _records(self, resolved: list[tuple[Span, GazetteerEntry | None, PlaceBasis]],
                 demonyms: set[int], publisher: str | None) -> PlaceResult:
        """Place records; a toponym the gazetteer lacks is put at the report's focus (not a demonym NER tagged)."""
        focus = self.focus((e for _, e, b in resolved if e is not None and b == "name"), publisher) \
            or self.focus((e for _, e, b in resolved if e is not None and b == "part"), publisher)
        places: list[Place] = []
        token_place: dict[int, Place] = {}
        for span, entry, basis in resolved:
            if entry is None:
                if focus is None or span.root.pos_ == "ADJ" or all(i in demonyms for i in range(span.start, span.end)):
                    continue  # 'Ukrainian' tagged as a place is a demonym, not a place the gazetteer lacks
                entry, basis = replace(focus, geonameid=None), "focus"
            elif basis == "within":
                entry = replace(entry, geonameid=None)  # in that place, not that place
            text_span = _without_article(span)
            place = Place(
                id=f"p{len(places) + 1}", start=text_span.start_char, end=text_span.end_char, text=text_span.text,
                name=entry.name, country=entry.country, admin1=entry.admin1, lat=entry.lat, lon=entry.lon,
                geonameid=entry.geonameid, feature_class=entry.feature_class, basis=basis,
            )
            places.append(place)
            for i in range(span.start, span.end):
                token_place[i] = place
        return PlaceResult(places, token_place)

    def focus(self, entries, publisher: str | None = None) -> GazetteerEntry | None:
        """The report's focus, where toponyms the gazetteer lacks (streets, venues, neighbourhoods) are put: the
        country most of its places are in (the outlet's, `publisher`, on a tie), the division most of those are
        in, and there the town its mentions weigh most on (mentions x log population); else that division, else
        that country."""
        entries = [e for e in entries if e.lat is not None and e.country]
        if not entries:
            return None
        country = _most_common((e.country for e in entries), publisher)
        inside = [e for e in entries if e.country == country]
        division = _most_common(e.admin1 for e in inside if e.admin1)
        towns = [e for e in inside if e.feature_class == "P" and (division is None or e.admin1 == division)] \
            or [e for e in inside if e.feature_class == "P"]
        if towns:
            weights: dict[int, float] = {}
            for town in towns:
                weights[town.geonameid] = weights.get(town.geonameid, 0.0) + math.log10(town.population + 10)
            best = max(weights, key=weights.__getitem__)  # dicts keep order: ties go to the first named
            return next(t for t in towns if t.geonameid == best)
        if division is not None and (named := self.gazetteer.division(country, division)) is not None:
            return named
        return self.gazetteer.country(country)

    def resolve_name(self, name: str, context: set[str] = frozenset()) -> GazetteerEntry | None:
        """The gazetteer entry a toponym most likely names (see `resolve`), without how it was found."""
        found = self.resolve(name, context)
        return found[0] if found is not None else None

    def resolve(self, name: str, context: set[str] = frozenset()) -> tuple[GazetteerEntry, PlaceBasis] | None:
        """The gazetteer entry a toponym most likely names, given the ISO2 countries (and 'US.FL' divisions) the
        report mentions, and how: the seat of the body it names ('seat': 'the Kremlin' -> Moscow), by its name
        ('name'), or by a place it contains ('part': 'Orange County' -> Orange, 'Delhi High Court' -> Delhi, 'Md.'
        -> Maryland)."""
        seat = self.seats.get(fold(_ARTICLE.sub("", name)))
        if seat is not None:  # 'the Kremlin', 'the White House', 'the European Commission'
            entry = self._capital(seat[0], seat[1], context)
            if entry is not None:
                return entry, "seat"
        if _abbreviation(name):  # 'WA', 'Calif.': an abbreviation before a same-letter town
            country = self._initials_of_context_country(name, context)
            if country is not None:  # 'SA' in a report about South Africa
                return country, "name"
            division = self._abbreviated(name, context)
            if division is not None:
                return division, "part"
        entry = self._by_name(name, context)
        if entry is not None and not _local_feature(name, entry, context):
            return entry, "name"
        entry = self._by_part(name, context)
        return (entry, "part") if entry is not None else None

    def _by_name(self, name: str, context: set[str]) -> GazetteerEntry | None:
        """A country by any of its names or its demonym ('Russian' -> Russia), a continent likewise ('European' ->
        Europe), a capital, a division the report is in ('Washington' among Seattle and Spokane), else the best
        place."""
        region = self.knowledge.regions.get(name) or self.knowledge.regions.get(_ARTICLE.sub("", name))
        if region is not None:  # 'European', 'the EU' -> Europe; but 'Lombard' among Illinois towns is Lombard
            town = self._town_in_context_division(name, context) if fold(region) != fold(name) else None
            return town or self._region(region)
        iso3 = self.country_words.get(fold(_ARTICLE.sub("", name)))
        if iso3 is not None and self.iso3_to_iso2.get(iso3):
            return self._country_or_part(name, self.iso3_to_iso2[iso3])
        capital_of = self.capital_words.get(fold(name))
        if capital_of is not None:
            capital = self._capital(name, capital_of, context)
            if capital is not None:
                return capital
        entry = self.gazetteer.best(name, context)
        named_division = entry is not None and entry.feature_class == "D" and entry.country in context \
            and spelled_out(entry.name) == spelled_out(name)
        if entry is not None and _generic(name) and f"{entry.country}.{entry.admin1}" not in context \
                and not named_division:
            return None  # 'Centre', 'West', 'Valley': a common word, unless a place of a division the report is in
            # or a division of that name in a country it names (South Africa's 'North West')
        return entry

    def _region(self, name: str) -> GazetteerEntry | None:
        """A region of `regions.yaml`: the countryless GeoNames region of its name ('Kurdistan', not Iran's
        Kurdistan Province), else the best entry of that name ('England', 'Sicily')."""
        regions = [e for e in self.gazetteer.candidates(name) if not e.country and fold(e.name) == fold(name)]
        return regions[0] if regions else self.gazetteer.best(name)

    def _towns_named(self, name: str, min_population: int = 0) -> list[GazetteerEntry]:
        """The towns whose own name is exactly this one, of at least `min_population` people."""
        return [e for e in self.gazetteer.candidates(name) if e.feature_class == "P" and fold(e.name) == fold(name)
                and e.population >= min_population]

    def _town_in_context_division(self, name: str, context: set[str],
                                  min_population: int = 0) -> GazetteerEntry | None:
        """The largest town of exactly this name in a first-level division the report is in."""
        towns = [e for e in self._towns_named(name, min_population) if f"{e.country}.{e.admin1}" in context]
        return max(towns, key=lambda e: e.population) if towns else None

    def _capital(self, name: str, iso2: str, context: set[str]) -> GazetteerEntry | None:
        """'Washington', 'Moscow': the capital city, whatever else shares the name, unless the report is in a
        division of that name ('Washington' among Seattle and Spokane), or names the capital's country by nothing
        but the capital and names a division where a town of that name lies ('Paris' with 'Texas')."""
        options = self.gazetteer.candidates(name)
        division = next((e for e in options if e.feature_class == "D" and f"{e.country}.{e.admin1}" in context
                         and fold(e.name) == fold(name)), None)
        if division is not None:
            return division
        if iso2 not in context:
            local = self._town_in_context_division(name, context, NAMESAKE_MIN_POPULATION)
            if local is not None:
                return local
        cities = [e for e in options if e.country == iso2 and e.feature_class == "P"]
        return max(cities, key=lambda e: e.population) if cities else None

    def _country_or_part(self, name: str, iso2: str) -> GazetteerEntry | None:
        """A country's name, or its part that bears the name ('England', 'Wales', 'Northern Ireland'); 'Mexico' is
        the country, not its state of México."""
        country = self.gazetteer.country(iso2)
        if country is not None and fold(country.name) == fold(_ARTICLE.sub("", name)):
            return country
        division = next((e for e in self.gazetteer.candidates(name)
                         if e.feature_class == "D" and fold(e.name) == fold(name)), None)
        if division is not None and division.country == iso2:
            return division
        return country

    def _by_part(self, name: str, context: set[str]) -> GazetteerEntry | None:
        """A toponym the gazetteer lacks, through a place it names: an abbreviated division ('Md.', 'B.C.'), a
        facility's locality ('Ramstein Air Base'), the stem of a division or city name ('Orange County'), the
        area a compass word narrows ('Eastern Ghouta', 'South Florida'), or a known place inside the name of a
        venue or body ('Delhi High Court', 'University of Alberta')."""
        division = self._abbreviated(name, context)
        if division is not None:
            return division
        for pattern in (FACILITY_WORDS, ADMIN_HEADS, COMPASS):
            stem = _stem(pattern, name)
            if stem is not None:
                entry = self._by_name(stem, context)
                if entry is not None and LOCAL_UNIT.search(name) and f"{entry.country}.{entry.admin1}" not in context:
                    return None  # 'Washington Township' is not in Washington, D.C.: a local unit the gazetteer lacks
                if entry is not None:
                    return entry
        return self._inside(name, context)

    def _initials_of_context_country(self, name: str, context: set[str]) -> GazetteerEntry | None:
        """The country the report mentions whose name's initials the capitals spell ('SA', 'DRC')."""
        if not (name.isalpha() and name.isupper() and 2 <= len(name) <= 4):
            return None
        for iso2 in sorted(c for c in context if len(c) == 2):
            country = self.gazetteer.country(iso2)
            if country is not None and _initials(country.name) == name:
                return country
        return None

    def _abbreviated(self, name: str, context: set[str]) -> GazetteerEntry | None:
        options = self.abbreviations.get(name.strip())
        if not options:
            return None
        iso2, code = next((o for o in options if o[0] in context), options[0])
        return self.gazetteer.division(iso2, code)

    @cached_property
    def seats(self) -> dict[str, tuple[str, str]]:
        """Folded names of governments' and institutions' seats -> (seat town, its ISO2): `seats.yaml`."""
        table: dict[str, tuple[str, str]] = {}
        for entry in yaml.safe_load(SEATS.read_text(encoding="utf-8")):
            for name in entry["names"]:
                table[fold(str(name))] = (entry["seat"], entry["country"])
        return table

    @cached_property
    def abbreviations(self) -> dict[str, list[tuple[str, str]]]:
        """'Md.' -> [('US', 'MD')], 'WA' -> [('US', 'WA'), ('AU', '08')]: exact case, as news writes them."""
        table: dict[str, list[tuple[str, str]]] = {}
        for line in ABBREVIATIONS.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith(("#", "iso2\t")):
                continue
            iso2, code, written = line.split("\t")
            for abbreviation in written.split("|"):
                table.setdefault(abbreviation, []).append((iso2, code))
        return table

    def _inside(self, name: str, context: set[str]) -> GazetteerEntry | None:
        """The longest run of capitalised words inside a longer name that is exactly the name of a country, a
        division or a town of some size (or one in a country the report mentions), set off by words that name
        kinds of places or bodies ('Delhi High Court', 'University of Alberta'); runs of such words ('University',
        'South') are not taken, nor demonyms ('Russian Embassy' is not in Russia)."""
        words = name.split()
        head = words[-2] if len(words) > 2 and words[-1].lower() in STREET_SUFFIXES else words[-1] if words else ""
        if head.lower() in LOCAL_HEADS:
            return None  # 'Washington Square', 'Royal Street', 'Eglinton Avenue West' are named after places and
            # people, not in them
        for size in range(len(words) - 1, 0, -1):
            found = []
            for start in range(len(words) - size + 1):
                run = words[start:start + size]
                if not all(w[:1].isupper() for w in run) or all(w.lower() in toponym_kinds() for w in run):
                    continue
                neighbours = words[max(start - 1, 0):start] + words[start + size:start + size + 1]
                beside_names = any(w.lower() not in toponym_kinds() for w in neighbours)
                if beside_names and not (start == 0 and _leads_a_body(words, size)):
                    continue  # 'John Murray Show': a run beside other names is part of a person's or a title's
                entry = self._exactly(" ".join(run), context)
                if entry is not None and (not beside_names or _well_known(entry)):
                    found.append(entry)  # 'London Guildhall School', 'Manitoba Chambers of Commerce'
            if found:  # 'Robinson College Cambridge': the larger place, not the founder's namesake hamlet
                return max(found, key=lambda e: (e.feature_class in {"A", "D"}, e.population))
        return None

    def _exactly(self, run: str, context: set[str]) -> GazetteerEntry | None:
        seat = self.seats.get(fold(run))
        if seat is not None:  # 'Heathrow Animal Reception Center'
            return self._capital(seat[0], seat[1], context)
        iso3 = self.country_words.get(fold(run))
        if iso3 is not None:
            country = self.knowledge.countries[iso3]
            if fold(run) in {fold(n) for n in (country.name, *country.aliases)}:
                return self._country_or_part(run, country.iso2)  # 'East of England': England, not the UK
        options = [e for e in self.gazetteer.candidates(run) if fold(e.name) == fold(run) and (
            e.feature_class in {"A", "L"} or e.population >= ANCHOR_POPULATION
            or (e.population >= PART_MIN_POPULATION and e.country in context)
            or f"{e.country}.{e.admin1}" in context)]
        if not options:
            return None
        best = self.gazetteer.best(run, context)
        return best if best in options else max(options, key=lambda e: e.population)

    def _state_of_that_name(self, span: Span, country: GazetteerEntry, context: set[str],
                            naming: set[str], placed: list[GazetteerEntry]) -> GazetteerEntry:
        """'Georgia' in a report about the United States that names the country Georgia by nothing else (no
        'Tbilisi', no 'Georgian'): the state; 'Palestine' beside 'Anderson County' in a report whose other places
        are all in the United States: the town by the county (`placed`: the report's other places)."""
        name = fold(_without_article(span).text)
        if naming - {name}:
            return country
        division = next((e for e in self.gazetteer.candidates(name) if e.feature_class == "D"
                         and e.country != country.country and fold(e.name) == name
                         and (e.country in context or any(_inside_of(other, e) for other in placed))), None)
        if division is not None or country.country in {e.country for e in placed}:
            return division or country
        return self._town_of_that_name(name, placed, context) or country

    def _home_namesake(self, name: str, placed: list[GazetteerEntry], home: str | None) -> GazetteerEntry | None:
        """The largest town of 5,000 or more of this name in the outlet's country, when all the report's other
        places lie there too ('Athens City Council', the first place of a report in dollars: not Greece's)."""
        if home is None or any(other.country != home for other in placed):
            return None
        towns = [e for e in self._towns_named(name, NAMESAKE_MIN_POPULATION) if e.country == home]
        return max(towns, key=lambda e: e.population) if towns else None

    def _town_of_that_name(self, name: str, placed: list[GazetteerEntry],
                           context: set[str] = frozenset(), capital: bool = False) -> GazetteerEntry | None:
        """The largest town of 5,000 or more of this name within 50 km of one of the report's other places or in a
        first-level division the report is in ('Palestine' in a report naming Texas), when all those places lie
        in the town's country; for a capital's name, all those sure enough to steer (countries, divisions, large
        towns: a misread small town abroad does not keep London, Ontario, from 'London')."""
        towns = [e for e in self._towns_named(name, NAMESAKE_MIN_POPULATION)
                 if (_near_any(e, placed) or f"{e.country}.{e.admin1}" in context)
                 and all(other.country == e.country for other in placed  # a report about one country
                         if not capital or _anchor(other))]  # ('London' by St. Thomas, Ontario, and 'Middlesex')
        return max(towns, key=lambda e: e.population) if towns else None

    def _resolve(self, span: Span, match: LexiconMatch | None,
                 context: set[str]) -> tuple[GazetteerEntry | None, PlaceBasis]:
        if match is not None:
            iso2 = self.iso3_to_iso2.get(match.key)
            if match.form == "capital" and iso2:
                capital = self._capital(_without_article(span).text, iso2, context)
                if capital is not None:
                    return capital, "name"
            return (self._country_or_part(_without_article(span).text, iso2) if iso2 else None), "name"
        name = _toponym_name(span)
        if fold(name) in self.demonym_words:
            return None, "focus"  # demonyms give countries, not places (the actors take them)
        region = self.knowledge.regions.get(f"the {name}") if span.start and doc_word(span, -1) == "the" else None
        if region is not None:  # 'the West' (the span 'West'), not the Texas town of West
            entry = self._region(region)
            if entry is not None:
                return entry, "name"
        found = self.resolve(name, context)
        return found if found is not None else (None, "focus")


_ARTICLE = re.compile(r"^the\s+", re.I)
# country-code domains sold as generic names ('.tv', '.io'): they say nothing of where an outlet is
VANITY_DOMAINS = {"ai", "cc", "co", "fm", "io", "me", "tv", "ws", "la", "to", "ly", "gg", "am", "eu"}


GENERIC_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "news"}


def outlet_town(url: str | None) -> str | None:
    """The town an outlet's address names, its words for news stripped ('www.columbuslocalnews.com' ->
    'columbus', 'chicagotribune.com' -> 'chicago'); None when nothing of four letters is left."""
    host = urlparse(url).hostname if url else None
    labels = [label for label in (host or "").lower().split(".") if label != "www"][:-1]
    while labels and labels[-1] in GENERIC_SECOND_LEVEL:
        labels.pop()
    if not labels:
        return None
    name, words = labels[-1].replace("-", ""), outlet_words()
    stripped = True
    while stripped:
        stripped = False
        for word in words:
            if name.startswith(word) and len(name) > len(word):
                name, stripped = name[len(word):], True
            elif name.endswith(word) and len(name) > len(word):
                name, stripped = name[:-len(word)], True
    return name if len(name) >= 4 else None


@lru_cache(maxsize=1)
def outlet_words() -> tuple[str, ...]:
    """Words outlets add to their town's name (knowledge/data/toponym_words.yaml), longest first."""
    words = yaml.safe_load(TOPONYM_WORDS.read_text(encoding="utf-8"))["outlet_words"]
    return tuple(sorted({w.replace("-", "") for w in words}, key=len, reverse=True))


def publisher_country(url: str | None) -> str | None:
    """ISO2 country of an outlet from its address's country-code domain ('www.dw.de' -> DE, '.co.uk' -> GB);
    None for generic domains (.com, .org) and ones used as words ('.tv')."""
    host = urlparse(url).hostname if url else None
    suffix = host.rsplit(".", 1)[-1].lower() if host and "." in host else ""
    if len(suffix) != 2 or suffix in VANITY_DOMAINS:
        return None
    iso2 = "GB" if suffix == "uk" else suffix.upper()
    return iso2 if pycountry.countries.get(alpha_2=iso2) is not None else None




MARKED_DOLLAR = re.compile(r"\b(?:US|U\.S\.|C|CA|CAN|A|AU|AUD|NZ|HK|S|SG|NT|Z)\$")


def currency_country(text: str) -> str | None:
    """The country of the one currency sign a report writes unmarked ('$12 million' and no 'US$', 'C$' or other
    sign: the United States), a hint of where it was written."""
    if MARKED_DOLLAR.search(text):
        return None
    signs = {match.group(1) for match in _amounts().finditer(text)}
    return unmarked_currency()[signs.pop()] if len(signs) == 1 else None


@lru_cache(maxsize=1)
def _amounts() -> re.Pattern:
    """An amount written with one of the `unmarked_currency` signs ('$765,000', '£ 20')."""
    return re.compile("(" + "|".join(map(re.escape, unmarked_currency())) + r")\s?\d")


def written_in(text: str) -> str | None:
    """Where a report was likely written, from its text alone: the country of its one unmarked currency sign
    (`currency_country`), else the United States if it spells the American way and never the Commonwealth way."""
    country = currency_country(text)
    if country is not None:
        return country
    american, commonwealth = _spellings()
    return "US" if american.search(text) and not commonwealth.search(text) else None


@lru_cache(maxsize=1)
def _spellings() -> tuple[re.Pattern, re.Pattern]:
    words = yaml.safe_load(TOPONYM_WORDS.read_text(encoding="utf-8"))
    return tuple(re.compile(r"\b(?:" + "|".join(map(re.escape, words[key])) + r")\b", re.I)
                 for key in ("american_spellings", "commonwealth_spellings"))  # type: ignore[return-value]


@lru_cache(maxsize=1)
def unmarked_currency() -> dict[str, str]:
    """Currency sign -> ISO2 of the country whose outlets write it unmarked (knowledge/data/toponym_words.yaml)."""
    return dict(yaml.safe_load(TOPONYM_WORDS.read_text(encoding="utf-8"))["unmarked_currency"])


@lru_cache(maxsize=1)
def first_level_divisions() -> dict[str, str]:
    """Names of first-level divisions (ISO 3166-2, from pycountry) -> ISO2 country; ambiguous names left out."""
    owners: dict[str, set[str]] = {}
    for division in pycountry.subdivisions:
        if division.parent_code is None:
            owners.setdefault(division_key(division.name), set()).add(division.country_code)
    return {name: next(iter(codes)) for name, codes in owners.items() if len(codes) == 1}


ANCHOR_POPULATION = 100_000  # a place this large (or a named division) is sure enough to steer the others


def _sure(entry: GazetteerEntry) -> bool:
    """A place of a report that shows where the report is (a division, a town of 20,000), though too small to
    steer others' readings as an `_anchor` does."""
    return entry.feature_class == "D" or entry.population >= PART_MIN_POPULATION


def _anchor(entry: GazetteerEntry) -> bool:
    """A place sure enough to steer others: a country, a division, a large town."""
    return entry.feature_class in {"A", "D"} or entry.population >= ANCHOR_POPULATION


def divisions_of(entries) -> set[str]:
    """'US.FL'-style keys of the first-level divisions that named divisions and large places lie in, and their
    countries: 'Miami' makes the Parkland in Florida the likely one. Small places do not steer (they may be the
    ambiguous ones)."""
    keys: set[str] = set()
    for entry in entries:
        if entry.feature_class == "S":  # a county's name is often shared across states ('Montgomery County'):
            keys.add(entry.country)  # it steers to its country, not its state
            continue
        large = entry.feature_class == "D" or (getattr(entry, "population", 0) or 0) >= ANCHOR_POPULATION
        if entry.admin1 and entry.country and large:
            keys |= {entry.country, f"{entry.country}.{entry.admin1}"}
    return keys


@lru_cache(maxsize=1)
def toponym_kinds() -> frozenset[str]:
    """Words that name a kind of place, building or body (knowledge/data/toponym_words.yaml)."""
    return frozenset(w.lower() for w in yaml.safe_load(TOPONYM_WORDS.read_text(encoding="utf-8"))["kinds"])


def _most_common(values, preferred: str | None = None) -> str | None:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    if preferred in counts and counts[preferred] == max(counts.values()):
        return preferred
    return max(counts, key=counts.__getitem__) if counts else None  # ties: the first seen


SETTLEMENT_WORDS = {"town", "city", "village", "province", "district", "region", "state", "capital", "port",
                    "county", "suburb", "neighbourhood", "neighborhood", "area", "island", "municipality"}


CONTAINED_GAP = re.compile(r"\s*,\s*|\s+in\s+")


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w and w.lower() not in {"of", "the", "and"}).upper()


def _is_capital(match: LexiconMatch | None) -> bool:
    return match is not None and match.form == "capital"


def _abbreviation(name: str) -> bool:
    return name.isupper() or name.endswith(".")


def _leads_a_body(words: list[str], size: int) -> bool:
    """The first `size` words lead the name of a body or building ('London Guildhall School', 'Walker County
    Sheriff's Office'), not a compass word ('Northwestern Memorial Hospital') nor a name without a kind word
    ('Tennessee Colony', 'Niger Delta')."""
    lead = words[:size]
    return (not COMPASS_WORD.fullmatch(" ".join(lead))
            and any(POSSESSIVE.sub("", w.lower()) in toponym_kinds() for w in words[size:]))


def _stray_town(entry: GazetteerEntry | None, publisher: str | None, context: set[str]) -> bool:
    """A town (up to a mid-sized city) or a first-level division abroad, in a country the report never names, in a
    report from an outlet of another country ('Glenrock', Wyoming, in an Australian paper; 'Virginia' in an Irish
    one): more likely a local place the gazetteer lacks."""
    return (entry is not None and publisher is not None and entry.feature_class in {"P", "D"}
            and (entry.feature_class == "D" or entry.population < STRAY_TOWN_MAX_POPULATION)
            and entry.country != publisher
            and entry.country not in context)


def _near_any(entry: GazetteerEntry, others: list[GazetteerEntry]) -> bool:
    return any(haversine_km(entry.lat, entry.lon, o.lat, o.lon) <= NEAR_KM for o in others if o.feature_class in "PS")


def _well_known(entry: GazetteerEntry) -> bool:
    """A country, a first-level division or a city large enough to lead a body's name as its place."""
    return entry.feature_class in {"A", "D"} or entry.population >= ANCHOR_POPULATION


def _inside_of(entry: GazetteerEntry, outer: GazetteerEntry) -> bool:
    """The entry lies in the country or first-level division; in a lower subdivision when within 60 km of it."""
    if entry.country != outer.country or entry is outer or entry.feature_class == outer.feature_class:
        return False
    if outer.feature_class == "A":
        return True
    if outer.feature_class == "D":
        return entry.admin1 == outer.admin1 and entry.feature_class != "A"
    return entry.feature_class == "P" and haversine_km(entry.lat, entry.lon, outer.lat, outer.lon) <= 60


LOCATIVE_PREPOSITIONS = {"in", "near", "outside", "from", "to", "at"}


def doc_word(span: Span, offset: int) -> str:
    """The lower-cased word `offset` tokens before (negative) the span's start."""
    return span.doc[span.start + offset].lower_


def _named_as_settlement(ent: Span) -> bool:
    """'the town of Samarra', 'the northern city of Kirkuk': a place, whatever label NER gave it."""
    head = ent.root.head
    return ent.root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in SETTLEMENT_WORDS \
        and ent[0].is_title


def _local_feature(name: str, entry: GazetteerEntry, context: set[str]) -> bool:
    """'Franklin Square', 'Royal Street' in a report about New Orleans: a square or street there, not the town of
    that name in another state (a name ending in a kind of place, matched to a town outside the report's
    divisions)."""
    words = name.split()
    return len(words) > 1 and words[-1].lower() in LOCAL_HEADS and entry.feature_class == "P" \
        and f"{entry.country}.{entry.admin1}" not in context


def _generic(name: str) -> bool:
    """Words of a kind of place ('West', 'Valley'), or a name that is mostly a common word ('August' is more often
    a month or a restaurant than August, California): `toponym_words.yaml`."""
    return name.lower() in common_names() or all(word.lower() in toponym_kinds() for word in name.split())


@lru_cache(maxsize=1)
def common_names() -> frozenset[str]:
    return frozenset(w.lower() for w in yaml.safe_load(TOPONYM_WORDS.read_text(encoding="utf-8"))["common_names"])


def _stem(pattern: re.Pattern, name: str) -> str | None:
    if pattern is FACILITY_WORDS:
        stripped = FACILITY_WORDS.sub("", name)
        return stripped if stripped != name else None
    m = pattern.match(name)
    return m["stem"] if m else None


def _toponym_name(span: Span) -> str:
    """The name a toponym span writes: without 'the', a possessive ("Kenya's") or dashes a token kept ('Calif.--')."""
    return re.sub(r"(?:'s|'|’s|’|-+)$", "", _without_article(span).text)


def _without_article(span: Span) -> Span:
    if len(span) > 1 and span[0].lower_ == "the":
        return span[1:]
    return span
