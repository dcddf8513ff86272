"""The actor-case harness: loading, main actor of a phrase, scoring."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from eventwire.analysis.pipeline import Analyzer
from eventwire.evaluation import actors


def test_cases_are_scored_on_the_fields_they_give(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(
        '{"text": "Angela Merkel", "date": "2017-04-01", "country": "DEU", "sector": "GOV"}\n'
        '{"text": "Angela Merkel", "date": "10 January 2022", "country": "DEU", "sector": "ELI"}\n'
        '{"text": "Chile\'s Ministry of Mines", "date": "", "country": "CHL", "sector": "GOV"}\n'
        '{"text": "World Bank", "date": "", "country": "IGO"}\n'
        '{"text": "a group of Syrian refugees", "date": "", "country": "SYR", "sector": ""}\n',
        encoding="utf-8",
    )
    cases = actors.load_cases(path)
    assert cases[1].date == date(2022, 1, 10) and cases[3].sector is None
    scores = actors.score(actors.resolve(Analyzer(), cases))
    assert (scores.country_right, scores.country_total) == (5, 5)
    assert (scores.sector_right, scores.sector_total) == (3, 3)
    assert "| country | 5 | 5 | 1.000 |" in actors.format_scores(scores)
