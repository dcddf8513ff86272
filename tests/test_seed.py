"""Acceptance on the project's seed report (../shared/seed); skipped when ../shared is absent."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.evaluation.expected import check, event_matches, quote_matches
from eventwire.models import Report

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed"
pytestmark = pytest.mark.skipif(not (SEED / "expected.json").exists(), reason="../shared/seed is not available")


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads((SEED / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report() -> Report:
    """Through the real command, as a user runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "eventwire.cli", "analyze", str(SEED / "article.txt"), "--json"],
        capture_output=True, text=True, check=True,
    )
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    return Report.model_validate_json(lines[0])


def test_seed_actors_times_places(report: Report, expected: dict) -> None:
    failures = check(report, {k: expected[k] for k in ("actors", "times", "places")})
    assert failures == {"actors": [], "events": [], "quotes": [], "times": [], "places": []}


def test_seed_visit_and_meeting(report: Report, expected: dict) -> None:
    wanted = {e["id"]: e for e in expected["events"]}
    for event_id in ("visit", "meeting"):
        assert event_matches(report, wanted[event_id]), f"event {event_id!r} not found"


def test_seed_direct_quotes_have_their_speakers(report: Report, expected: dict) -> None:
    for want in expected["quotes"]:
        if want.get("type") == "direct":
            assert quote_matches(report, want), f"quote {want['contains']!r} not found with {want['speaker']}"


def test_seed_no_quote_attributed_to_a_pronoun(report: Report) -> None:
    for quote in report.quotes:
        speaker = report.actor(quote.speaker)
        assert speaker is None or speaker.name.lower() not in {"he", "she", "they"}


def test_seed_headline_and_captions_add_no_second_visit(report: Report) -> None:
    visits = [e for e in report.events if e.plover == "CONSULT" and e.plover_mode == "visit"]
    assert len(visits) == 1


def test_seed_ingested_twice_is_one_article_and_rutte_visit_is_listed(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'seed.db'}"
    command = [sys.executable, "-m", "eventwire.cli"]
    first = subprocess.run([*command, "ingest", str(SEED / "article.txt"), "--db", db], capture_output=True, text=True)
    second = subprocess.run([*command, "ingest", str(SEED / "article.txt"), "--db", db], capture_output=True, text=True)
    assert first.returncode == 0 and "new 1" in first.stderr
    assert second.returncode == 0 and "new 0" in second.stderr and "duplicate 1" in second.stderr
    listed = subprocess.run([*command, "events", "--db", db, "--actor", "Rutte", "--json"],
                            capture_output=True, text=True, check=True)
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    visits = [r for r in rows if r["plover"] == "CONSULT" and r["plover_mode"] == "visit"]
    assert len(visits) == 1
    assert visits[0]["place_name"] == "Kyiv" and visits[0]["date_value"] == "2024-10-03"
    assert len({r["article_id"] for r in rows}) == 1


def test_seed_every_expected_event(report: Report, expected: dict) -> None:
    """Issue 4's seed check: each expected event, the US aid with its approximate $8 billion, Ramstein future."""
    for want in expected["events"]:
        assert event_matches(report, want), f"event {want['id']!r} not found"
    flagged_ok = all(not (e.negated or e.hypothetical) or e.explanation for e in report.events)
    assert flagged_ok
