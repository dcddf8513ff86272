"""Toponym resolution scoring on a tiny invented gold file, with the real analyzer (spaCy model and gazetteer)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from eventwire.evaluation import geo

NAIROBI = "Protesters gathered in Nairobi on Monday. Officials in Kenya said the talks would resume."
FERRY = "Traders said the ferry from mombasa was late again, and prices in Blorptown rose."


def toponym(text: str, piece: str, lat: float | None, lon: float | None, geonameid: str | None = None,
            non_locational: bool = False, span_ok: bool = True) -> dict:
    assert text.count(piece) == 1, piece
    start = text.index(piece)
    return {"start": start, "end": start + len(piece), "name": piece, "lat": lat, "lon": lon,
            "geonameid": geonameid, "type": "Literal", "nonLocational": "Yes" if non_locational else "No",
            "span_ok": span_ok}


GOLD = [
    {"doc_id": "nairobi", "text": NAIROBI, "toponyms": [
        toponym(NAIROBI, "Nairobi", -1.28333, 36.81667, "184745"),
        toponym(NAIROBI, "Kenya", 1.0, 38.0),  # a country: its GeoNames reference point
        toponym(NAIROBI, "Monday", None, None),  # no point: never scored
    ]},
    {"doc_id": "ferry", "text": FERRY, "toponyms": [
        toponym(FERRY, "mombasa", -4.05466, 39.66359, "186301"),  # lower case: NER misses it, the gazetteer has it
        toponym(FERRY, "Blorptown", 0.5, 0.5),  # in no gazetteer
        toponym(FERRY, "Traders", 10.0, 10.0, non_locational=True),  # scored only with all_types
        toponym(FERRY, "ferry", 10.0, 10.0, span_ok=False),  # never scored
    ]},
]


@pytest.fixture(scope="module")
def analyzer():
    from eventwire.analysis.pipeline import Analyzer

    return Analyzer()


@pytest.fixture()
def documents(tmp_path: Path) -> list[geo.GeoDocument]:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in GOLD), encoding="utf-8")
    return geo.load_gold(path)


def test_load_gold_keeps_flags(documents):
    assert [d.id for d in documents] == ["nairobi", "ferry"]
    ferry = documents[1]
    assert [t.text for t in ferry.toponyms] == ["mombasa", "Blorptown", "Traders", "ferry"]
    assert [t.scored(False) for t in ferry.toponyms] == [True, True, False, False]
    assert [t.scored(True) for t in ferry.toponyms] == [True, True, True, False]
    assert documents[0].toponyms[0].geonameid == "184745" and documents[0].toponyms[1].geonameid is None


def test_haversine_and_auc():
    assert geo.haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.195, abs=0.01)
    assert geo.haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(math.pi * geo.EARTH_RADIUS_KM)
    assert geo.auc([0.0, 0.0]) == 0.0
    assert geo.auc([geo.MAX_ERROR_KM - 1, geo.MAX_ERROR_KM - 1]) == pytest.approx(1.0)
    assert math.isnan(geo.auc([5.0]))


def test_end_to_end(analyzer, documents):
    scores = geo.score(analyzer, documents, gold_spans=False)
    assert (scores.scored, scores.matched, scores.missing, scores.no_coordinates) == (4, 2, 2, 0)
    assert scores.by_name == 0
    assert len(scores.located_errors) == 2 and all(e < geo.ACCURACY_KM for e in scores.located_errors)
    assert (scores.geonameid_hits, scores.geonameid_pairs) == (1, 1)
    assert scores.country_hits == 2  # Kenya by the country of the town nearest its gold point
    assert len(scores.penalised_errors) == 4
    assert any("'Blorptown'\tmissing" in m for m in scores.misses)


def test_gold_spans_resolves_what_end_to_end_missed(analyzer, documents):
    scores = geo.score(analyzer, documents, gold_spans=True)
    # the resolver gets the gold spans: 'mombasa' is found, 'Blorptown' is put at the report's focus (Mombasa)
    assert (scores.scored, scores.matched, scores.missing, scores.no_coordinates) == (4, 4, 0, 0)
    assert scores.by_name == 0
    assert sum(e < geo.ACCURACY_KM for e in scores.located_errors) == 3  # Nairobi, Kenya and Mombasa
    assert (scores.geonameid_hits, scores.geonameid_pairs) == (2, 2)
    assert any("'Blorptown'\tfound Mombasa (KE)" in m for m in scores.misses)


def test_all_types_and_overlap(analyzer, documents):
    assert geo.score(analyzer, documents, gold_spans=False, all_types=True).scored == 5
    shifted = geo.GeoDocument("shifted", NAIROBI, (geo.GoldToponym(
        start=NAIROBI.index("in Nairobi"), end=NAIROBI.index("in Nairobi") + len("in Nairobi"), text="in Nairobi",
        lat=-1.28333, lon=36.81667, geonameid=None, type="Literal", non_locational=False, span_ok=True),))
    assert geo.score(analyzer, [shifted], gold_spans=False).missing == 1
    assert geo.score(analyzer, [shifted], gold_spans=False, overlap=True).matched == 1


def test_format_scores(analyzer, documents):
    table = geo.format_scores(geo.score(analyzer, documents, gold_spans=False))
    lines = table.splitlines()
    assert "| acc@161km |" in lines[2] and "country accuracy" in lines[2]
    rows = {line.split(" | ")[0].lstrip("| "): line for line in lines[4:]}
    assert set(rows) == {"matched", "with coordinates", "penalised"}
    assert rows["penalised"].startswith("| penalised | 4 | 2 | 2 | 0 | 50.0 |")
    assert "100.0 (1/1)" in rows["matched"]


def test_gold_texts_may_hold_unicode_line_separators(tmp_path: Path):
    text = "Floods hit Nairobi\u2028on Monday\x85 and Mombasa."
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"doc_id": "sep", "text": text, "toponyms": [
        toponym(text, "Nairobi", -1.28333, 36.81667)]}) + "\n", encoding="utf-8")
    [document] = geo.load_gold(path)  # JSON Lines end at newlines only
    assert document.text == text and document.toponyms[0].text == "Nairobi"
