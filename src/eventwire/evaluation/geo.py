"""Toponym resolution scored against gold JSON Lines (GeoWebNews as written by `geo_to_jsonl.py`).

Gold. JSON Lines, one document a line: `{doc_id, text, toponyms: [{start, end, lat, lon, geonameid, type,
nonLocational, span_ok, ...}]}` (the layout of `../shared/data/geo/gwn.jsonl`); offsets index `text`. A gold
toponym is *scored* when its lat/lon are set, `span_ok` is not false and `nonLocational` is not "Yes" (the last
test is dropped with `all_types=True`).

Prediction. Each document text is analysed as `Article(id=doc_id, text=text)`; the predicted places are
`report.places`. A document the analyzer fails on counts as a report without places.

- end to end: a scored gold toponym is *matched* by the predicted place with exactly its span (`overlap=True`:
  else the first place, in report order, whose span overlaps it); otherwise it is *missing*.
- gold spans: the pipeline's resolver is given the scored gold spans (widened to whole tokens) instead of NER's
  (`Analyzer.places_at`): context countries, the report's focus and 'X, Y' containment come from those spans, a
  span the gazetteer lacks goes to the focus; each gold toponym is matched by the place whose span overlaps it. A
  gold toponym left without a place (a demonym, a span overlapping a longer gold one) is resolved by
  `analyzer.places.resolve_name(text[start:end], context)`, `context` being the set of ISO2 countries (and
  divisions) of the places found; when that returns None it is placed at the focus, without a GeoNames id; a
  document without places leaves it missing.

A matched prediction without coordinates (country entries have none) is counted in `no_coordinates` and takes
the maximum error, 20039 km (half the Earth's circumference), in every distance figure.

Metrics (the definitions of `../shared/data/tools/score_geocoding.py`, after Gritta et al.):

- error: haversine distance in km between the gold and the predicted point (Earth radius 6371.0088 km);
- acc@161km: share of errors < 161 km; mean and median error in km;
- AUC: the sorted values log(1 + error) integrated by the trapezoid rule over equally spaced points, divided by
  (n - 1) * ln(20039); 0 is perfect, 1 the worst; undefined for fewer than two errors;
- these over the matched toponyms (row "matched") and over all scored ones with a missing toponym at 20039 km
  (row "penalised"); row "with coordinates" keeps only the matched predictions that have coordinates;
- GeoNames id match: among matched toponyms where the gold and the prediction both have a GeoNames id, the share
  whose ids are equal as strings;
- country accuracy: a matched prediction is in the right country when its error is < 161 km, or its GeoNames id
  equals the gold one, or its ISO2 `country` equals the *gold country*: the country of the gazetteer's populated
  place (feature class P) nearest the gold point (the gold data has no country field). Over matched toponyms in
  row "matched", over those with coordinates in row "with coordinates", over all scored toponyms (missing ones
  wrong) in row "penalised". The nearest place is exact (largest dot product of unit vectors, one vectorised
  pass over the gazetteer's ~170,000 places); near a border it can lie across it, so the figure is approximate
  there. The geonameid and country tests make a country prediction without coordinates count as right.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from eventwire.analysis.places import divisions_of, publisher_country, written_in
from eventwire.evaluation import analyze_all, log, read_jsonl
from eventwire.knowledge.gazetteer import EARTH_RADIUS_KM as EARTH_RADIUS_KM  # the scorer's radius, re-exported
from eventwire.knowledge.gazetteer import haversine_km, unit_vectors
from eventwire.models import Article, Place

if TYPE_CHECKING:
    from eventwire.analysis.pipeline import Analyzer
    from eventwire.knowledge.gazetteer import Gazetteer, GazetteerEntry

    Resolved = Place | GazetteerEntry  # a report's place, or the gazetteer's answer in gold-spans mode


MAX_ERROR_KM = 20039.0  # about half the Earth's circumference: the error of a missing or unplaced toponym
ACCURACY_KM = 161.0  # 100 miles


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    geonameid: str | None
    type: str
    non_locational: bool
    span_ok: bool

    def scored(self, all_types: bool) -> bool:
        return self.lat is not None and self.lon is not None and self.span_ok and (all_types or not self.non_locational)


@dataclass(frozen=True)
class GeoDocument:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    url: str | None = None


@dataclass
class GeoScores:
    scored: int = 0
    missing: int = 0
    no_coordinates: int = 0  # matched, but the prediction has no point (counted at MAX_ERROR_KM)
    by_name: int = 0  # gold-spans mode: matched through resolve_name rather than a reported place
    failed_documents: int = 0
    located_errors: list[float] = field(default_factory=list)  # km, matched predictions that have a point
    geonameid_hits: int = 0
    geonameid_pairs: int = 0
    country_hits: int = 0
    located_country_hits: int = 0
    misses: list[str] = field(default_factory=list)  # matched toponyms >= 161 km off and missing ones, for reading

    @property
    def matched(self) -> int:
        return len(self.located_errors) + self.no_coordinates

    @property
    def errors(self) -> list[float]:
        """Errors of the matched toponyms, those without coordinates at MAX_ERROR_KM."""
        return self.located_errors + [MAX_ERROR_KM] * self.no_coordinates

    @property
    def penalised_errors(self) -> list[float]:
        return self.errors + [MAX_ERROR_KM] * self.missing


# -- gold ---------------------------------------------------------------------------------------------------------


def load_gold(path: Path) -> list[GeoDocument]:
    documents = []
    for row in read_jsonl(path):
        toponyms = tuple(_toponym(t, row["text"]) for t in row.get("toponyms", []))
        documents.append(GeoDocument(str(row["doc_id"]), row["text"], toponyms, row.get("url")))
    return documents


def _toponym(t: dict, text: str) -> GoldToponym:
    gid = t.get("geonameid")
    return GoldToponym(
        start=t["start"], end=t["end"], text=text[t["start"]:t["end"]],
        lat=_float(t.get("lat")), lon=_float(t.get("lon")),
        geonameid=str(gid) if gid not in (None, "") else None, type=t.get("type") or "",
        non_locational=t.get("nonLocational") == "Yes", span_ok=t.get("span_ok", True) is not False,
    )


def _float(value: object) -> float | None:
    return float(value) if value is not None else None  # type: ignore[arg-type]


# -- geometry -----------------------------------------------------------------------------------------------------


class CountryLocator:
    """The ISO2 country of the gazetteer's populated place nearest a point.

    Places are kept as unit vectors; the nearest by great-circle distance is the one with the largest dot product
    with the query's vector (chord length is monotonic in arc length), found in one vectorised pass.
    """

    def __init__(self, lat: np.ndarray, lon: np.ndarray, countries: np.ndarray) -> None:
        self._points = unit_vectors(lat, lon)
        self._countries = countries

    @classmethod
    def from_gazetteer(cls, gazetteer: Gazetteer) -> CountryLocator:
        # rows: (geonameid, name, lat, lon, country, admin1, population, feature_class); see knowledge/gazetteer.py
        rows = [r for r in gazetteer._rows if r[7] == "P" and r[2] is not None and r[3] is not None]
        return cls(np.array([r[2] for r in rows], dtype=float), np.array([r[3] for r in rows], dtype=float),
                   np.array([r[4] for r in rows], dtype=object))

    def country(self, lat: float, lon: float) -> str | None:
        if not len(self._countries):
            return None
        query = unit_vectors(np.array(lat, dtype=float), np.array(lon, dtype=float))
        return self._countries[int(np.argmax(self._points @ query))]


@lru_cache(maxsize=2)
def _locator(gazetteer: Gazetteer) -> CountryLocator:
    return CountryLocator.from_gazetteer(gazetteer)


# -- scoring ------------------------------------------------------------------------------------------------------


def predict(analyzer: Analyzer, documents: list[GeoDocument]) -> dict[str, list[Place] | None]:
    """Places reported for each document; None for a document the analyzer failed on."""
    reports = analyze_all(analyzer, (Article(id=d.id, text=d.text, url=d.url) for d in documents))
    return {d.id: list(reports[d.id].places) if d.id in reports else None for d in documents}


def predict_at_gold(analyzer: Analyzer, documents: list[GeoDocument], all_types: bool) -> dict[str, list[Place]]:
    """Places the pipeline's resolver gives the scored gold toponym spans of each document (context, focus and
    'X, Y' containment computed over those spans, as over NER's in a report)."""
    out: dict[str, list[Place]] = {}
    texts = ((d.text, d) for d in documents)
    for doc, document in analyzer.nlp.pipe(texts, as_tuples=True, batch_size=16):
        offsets = [(t.start, t.end) for t in document.toponyms if t.scored(all_types)]
        try:
            out[document.id] = analyzer.places_at(doc, offsets, document.url)
        except Exception as error:  # noqa: BLE001 - one bad document must not stop the evaluation
            log.warning("gold-span places failed for %s: %r", document.id, error)
    return out


def _focus(analyzer: Analyzer, places: list[Place], publisher: str | None = None) -> GazetteerEntry | None:
    """The report's focus (as the pipeline places toponyms the gazetteer lacks), without a GeoNames id."""
    def entries(basis: str) -> list[GazetteerEntry]:
        return [e for p in places if p.basis == basis
                for e in analyzer.places.gazetteer.candidates(p.name)
                if (e.geonameid, e.lat, e.lon) == (p.geonameid, p.lat, p.lon)]

    focus = analyzer.places.focus(entries("name"), publisher) or analyzer.places.focus(entries("part"), publisher)
    return replace(focus, geonameid=None) if focus is not None else None


def _reported(gold: GoldToponym, places: list[Place], overlap: bool) -> Place | None:
    exact = next((p for p in places if (p.start, p.end) == (gold.start, gold.end)), None)
    if exact is not None or not overlap:
        return exact
    return next((p for p in places if p.start < gold.end and gold.start < p.end), None)


def _error_km(gold: GoldToponym, predicted: Resolved) -> float:
    if predicted.lat is None or predicted.lon is None:
        return MAX_ERROR_KM
    return haversine_km(gold.lat, gold.lon, predicted.lat, predicted.lon)  # type: ignore[arg-type]


def _same_id(gold: GoldToponym, predicted: Resolved) -> bool | None:
    if not gold.geonameid or predicted.geonameid in (None, ""):
        return None
    return gold.geonameid == str(predicted.geonameid)


def _right_country(gold: GoldToponym, predicted: Resolved, error: float, locator: CountryLocator) -> bool:
    if error < ACCURACY_KM or _same_id(gold, predicted):
        return True
    return predicted.country is not None and predicted.country == locator.country(gold.lat, gold.lon)  # type: ignore[arg-type]


def _tally(scores: GeoScores, doc_id: str, gold: GoldToponym, predicted: Resolved | None,
           locator: CountryLocator) -> None:
    scores.scored += 1
    if predicted is None:
        scores.missing += 1
        scores.misses.append(f"{doc_id}\t{gold.text!r}\tmissing")
        return
    error = _error_km(gold, predicted)
    located = predicted.lat is not None and predicted.lon is not None
    if located:
        scores.located_errors.append(error)
    else:
        scores.no_coordinates += 1
    same = _same_id(gold, predicted)
    if same is not None:
        scores.geonameid_pairs += 1
        scores.geonameid_hits += same
    right = _right_country(gold, predicted, error, locator)
    scores.country_hits += right
    scores.located_country_hits += right and located
    if error >= ACCURACY_KM:
        scores.misses.append(f"{doc_id}\t{gold.text!r}\tfound {predicted.name} ({predicted.country})\t{error:.0f} km")


def score(analyzer: Analyzer, documents: Iterable[GeoDocument], *, gold_spans: bool, overlap: bool = False,
          all_types: bool = False) -> GeoScores:
    documents = list(documents)
    if gold_spans:
        at_gold = predict_at_gold(analyzer, documents, all_types)
        predictions = {d.id: at_gold.get(d.id) for d in documents}
        overlap = True  # a gold span is widened to whole tokens
    else:
        predictions = predict(analyzer, documents)
    locator = _locator(analyzer.places.gazetteer)
    scores = GeoScores()
    for document in documents:
        places = predictions.get(document.id)
        if places is None:
            scores.failed_documents += 1
            places = []
        context = {p.country for p in places if p.country} | divisions_of(places)
        home = publisher_country(document.url) or written_in(document.text)
        focus = _focus(analyzer, places, home) if gold_spans else None
        for gold in document.toponyms:
            if not gold.scored(all_types):
                continue
            predicted: Resolved | None = _reported(gold, places, overlap)
            if predicted is None and gold_spans:
                predicted = analyzer.places.resolve_name(gold.text, context) or focus
                scores.by_name += predicted is not None
            _tally(scores, document.id, gold, predicted, locator)
    return scores


# -- report -------------------------------------------------------------------------------------------------------


def auc(errors: list[float]) -> float:
    logs = sorted(math.log1p(e) for e in errors)
    if len(logs) < 2:
        return math.nan
    area = sum((a + b) / 2 for a, b in zip(logs, logs[1:], strict=False))
    return area / (math.log(MAX_ERROR_KM) * (len(logs) - 1))


def _distance_cells(errors: list[float]) -> list[str]:
    if not errors:
        return ["–"] * 4
    area = auc(errors)
    return [
        f"{100 * sum(e < ACCURACY_KM for e in errors) / len(errors):.1f}",
        f"{statistics.mean(errors):.0f}",
        f"{statistics.median(errors):.0f}",
        "–" if math.isnan(area) else f"{area:.3f}",
    ]


def _percent(part: int, total: int) -> str:
    return f"{100 * part / total:.1f} ({part}/{total})" if total else "–"


def format_scores(scores: GeoScores) -> str:
    counts = [str(scores.scored), str(scores.matched), str(scores.missing), str(scores.no_coordinates)]
    geonameid = _percent(scores.geonameid_hits, scores.geonameid_pairs)
    located = scores.matched - scores.no_coordinates
    rows = [
        ("matched", scores.errors, _percent(scores.country_hits, scores.matched)),
        ("with coordinates", scores.located_errors, _percent(scores.located_country_hits, located)),
        ("penalised", scores.penalised_errors, _percent(scores.country_hits, scores.scored)),
    ]
    lines = [
        f"scored gold toponyms: {scores.scored}, matched: {scores.matched} ({scores.by_name} by name), "
        f"with coordinates: {located}, failed documents: {scores.failed_documents}",
        "",
        "| errors over | scored | matched | missing | no_coordinates | acc@161km | mean km | median km | AUC "
        "| geonameid match | country accuracy |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, errors, country in rows:
        lines.append("| " + " | ".join([name, *counts, *_distance_cells(errors), geonameid, country]) + " |")
    return "\n".join(lines)
