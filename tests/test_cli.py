"""End-to-end tests of the `eventwire` command line: each test runs the real command in a subprocess.

Every fixture is written into a temporary directory by the tests themselves (short invented wire reports).
A subprocess that analyses text loads spaCy (a few seconds), so runs are shared through module-scoped
fixtures where several tests look at the same result.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from eventwire.models import Report

CLI = [sys.executable, "-m", "eventwire.cli"]
TIMEOUT = 180

# Invented wire reports: a named person with a title, a country, a place, a weekday and a quote each.
RUTO = (
    "NAIROBI (Example Wire) - Kenyan President William Ruto met Tanzanian President Samia Suluhu Hassan "
    "in Nairobi on Tuesday to discuss a new trade agreement. The two leaders signed a deal to build a "
    'railway between the two countries. "This is a historic day for East Africa," Ruto told reporters. '
    "Hassan thanked Kenya for its hospitality.\n"
)
MODI = (
    "NEW DELHI (Example Wire) - Indian Prime Minister Narendra Modi visited Tokyo on Thursday and met "
    "Japanese Prime Minister Shigeru Ishiba. Japan pledged $5 billion in investment for Indian railways. "
    '"India and Japan are natural partners," Modi said after the meeting. Ishiba welcomed the Indian '
    "delegation at his office.\n"
)
LULA = (
    "BRASILIA (Example Wire) - Brazilian President Luiz Inacio Lula da Silva hosted Argentine President "
    "Javier Milei in Brasilia on Wednesday. Lula urged his guest to lower tariffs on Brazilian goods. "
    '"Our peoples need trade, not walls," Lula said at a joint news conference. Milei promised to review '
    "the measures.\n"
)
STARMER = (
    "LONDON (Example Wire) - British Prime Minister Keir Starmer criticised Russia on Friday over a missile "
    'strike on the Ukrainian city of Odesa. "This attack on civilians is a war crime," Starmer told '
    "parliament in London. Foreign Secretary David Lammy summoned the Russian ambassador.\n"
)
GERMAN = (
    "BERLIN (Beispiel-Agentur) - Bundeskanzler Olaf Scholz hat am Dienstag in Berlin den französischen "
    "Präsidenten Emmanuel Macron empfangen. Die beiden Politiker sprachen über die Lage in der Ukraine "
    'und über neue Hilfen für das Land. "Wir stehen zusammen", sagte Scholz nach dem Treffen im '
    "Kanzleramt. Macron lobte die deutsche Regierung für ihre Unterstützung.\n"
)
# A negated event and an editorial insertion in a quote: both are shown in square brackets by the
# human summary.
BRACKETS = (
    "DODOMA (Example Wire) - Tanzanian President Samia Suluhu Hassan did not meet Kenyan President "
    'William Ruto in Dodoma on Monday. "We will not allow [the rebels] to win," Hassan told reporters.\n'
)

CORPUS = {"ruto": RUTO, "modi": MODI, "lula": LULA, "starmer": STARMER}
# (full name of a person actor, surname the quote's speaker is named by) per corpus file
PEOPLE = {
    "ruto": ("William Ruto", "Ruto"),
    "modi": ("Narendra Modi", "Modi"),
    "lula": ("Javier Milei", "Lula"),
    "starmer": ("Keir Starmer", "Starmer"),
}
QUOTES = {
    "ruto": "This is a historic day for East Africa",
    "modi": "India and Japan are natural partners",
    "lula": "Our peoples need trade, not walls",
    "starmer": "This attack on civilians is a war crime",
}
RUTO_PUBLISHED = date(2025, 3, 6)  # a Thursday, given in the JSON sidecar ruto.json


def last_weekday(on_or_before: date, weekday: int) -> date:
    return on_or_before - timedelta(days=(on_or_before.weekday() - weekday) % 7)


# "on Tuesday": the Tuesday on or before the publication date, 2025-03-04
RUTO_MEETING = last_weekday(RUTO_PUBLISHED, 1)


# helpers


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("COLUMNS", "LINES", "EVENTWIRE_DB", "FORCE_COLOR"):
        env.pop(name, None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def eventwire(*args: str | Path, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *map(str, args)],
        cwd=cwd,
        env=cli_env(),
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
    )


def squash(text: str) -> str:
    """The text without any whitespace, for checks that should not depend on spacing."""
    return "".join(text.split())


def words(text: str) -> str:
    return " ".join(text.split())


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def write_corpus(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in CORPUS.items():
        (directory / f"{name}.txt").write_text(text, encoding="utf-8")
    (directory / "ruto.json").write_text(json.dumps({"published": RUTO_PUBLISHED.isoformat()}), encoding="utf-8")
    return directory


def query(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def assert_offsets(report: Report, text: str) -> None:
    """Every span in the report indexes the input text."""
    assert report.article.length == len(text)
    spans = [*report.sentences, *report.mentions, *report.quotes, *report.times, *report.places,
             *report.amounts]
    spans += [e.trigger for e in report.events] + [m for e in report.events for m in e.mentions]
    spans += [s for q in report.quotes for s in (q.speaker_mention, q.cue) if s is not None]
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text), span
        assert text[span.start:span.end] == span.text, span


# 1. analyze


def test_analyze_json_prints_valid_reports_with_offsets_into_the_text(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    result = eventwire("analyze", corpus, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr

    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == len(CORPUS)  # the sidecar ruto.json is metadata, not an input
    reports = {Path(r.article.source).stem: r for r in map(Report.model_validate_json, lines)}
    assert sorted(reports) == sorted(CORPUS)
    assert reports["ruto"].article.published == RUTO_PUBLISHED
    assert reports["ruto"].article.agencies == ["Example Wire"]

    for name, report in reports.items():
        text = CORPUS[name]
        assert_offsets(report, text)
        assert report.mentions and report.events and report.quotes and report.places
        full_name, surname = PEOPLE[name]
        assert full_name in {a.name for a in report.actors if a.kind == "person"}, name
        quote = next(q for q in report.quotes if QUOTES[name] in q.text)
        speaker = report.actor(quote.speaker)
        assert speaker is not None and surname in speaker.name, (name, quote)
        assert speaker.kind == "person"
    assert "read 4 · new 4" in words(result.stderr)


@pytest.fixture(scope="module")
def human_run(tmp_path_factory):
    """One run of `eventwire analyze` without --json over two files."""
    root = tmp_path_factory.mktemp("human")
    (root / "ruto.txt").write_text(RUTO, encoding="utf-8")
    (root / "brackets.txt").write_text(BRACKETS, encoding="utf-8")
    return eventwire("analyze", root / "ruto.txt", root / "brackets.txt", cwd=root)


def test_analyze_human_summary_names_the_people(human_run):
    assert human_run.returncode == 0, human_run.stderr
    out = words(human_run.stdout)
    for name in ("William Ruto", "Samia Suluhu Hassan", "Actors", "Events", "Quotes", "Example Wire"):
        assert name in out
    assert QUOTES["ruto"] in out
    assert "read 2 · new 2" in words(human_run.stderr)


def test_analyze_human_summary_keeps_square_brackets(human_run):
    assert human_run.returncode == 0, human_run.stderr
    out = words(human_run.stdout)
    assert "We will not allow [the rebels] to win" in out
    assert "[negated]" in out


# 2. JSON Lines on stdin


def test_analyze_reads_json_lines_from_stdin(tmp_path):
    records = [
        {"id": "wire-0001", "text": MODI, "published": "2025-03-07"},
        {"id": "wire-0002", "text": STARMER, "published": "2025-03-07", "title": "Starmer condemns strike"},
    ]
    stdin = "".join(json.dumps(r) + "\n" for r in records)
    result = eventwire("analyze", "-", "--json", cwd=tmp_path, stdin=stdin)
    assert result.returncode == 0, result.stderr
    reports = [Report.model_validate_json(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r.article.id for r in reports] == ["wire-0001", "wire-0002"]
    assert [r.article.source for r in reports] == ["<stdin>:1", "<stdin>:2"]
    assert all(r.article.published == date(2025, 3, 7) for r in reports)
    assert reports[1].article.title == "Starmer condemns strike"
    for record, report in zip(records, reports, strict=True):
        assert_offsets(report, record["text"])
    # "on Thursday" in a report published on Friday 2025-03-07 is the day before
    assert "2025-03-06" in {t.value for t in reports[0].times if t.text == "Thursday"}


# 3. ingest and the query commands over one populated database


@pytest.fixture(scope="module")
def populated(tmp_path_factory):
    """The corpus ingested twice into one SQLite file (the second run must find only duplicates)."""
    root = tmp_path_factory.mktemp("populated")
    corpus = write_corpus(root / "corpus")
    db = root / "store" / "events.db"
    url = f"sqlite:///{db}"
    first = eventwire("ingest", corpus, "--db", url, cwd=root)
    second = eventwire("ingest", corpus, "--db", url, cwd=root)
    return SimpleNamespace(root=root, corpus=corpus, db=db, url=url, first=first, second=second)


def test_ingest_twice_stores_each_article_once(populated):
    first, second = populated.first, populated.second
    assert first.returncode == 0, first.stderr
    assert "read 4 · new 4 · duplicate 0 · failed 0" in words(first.stderr)
    assert second.returncode == 0, second.stderr
    assert "read 4 · new 0 · duplicate 4 · failed 0 · events 0" in words(second.stderr)

    rows = query(populated.db, "select id, source, published, report from articles")
    assert len(rows) == len(CORPUS)
    assert sorted(Path(source).stem for _, source, _, _ in rows) == sorted(CORPUS)
    for article_id, source, published, report_json in rows:
        report = Report.model_validate_json(report_json)
        assert report.article.id == article_id
        assert_offsets(report, CORPUS[Path(source).stem])
        (events,) = query(populated.db, "select count(*) from events where article_id = ?", article_id)[0]
        assert events == len(report.events)
        if Path(source).stem == "ruto":
            assert published.startswith(RUTO_PUBLISHED.isoformat())


def test_events_query_filters_by_actor_and_dates_the_meeting(populated):
    result = eventwire("events", "--db", populated.url, "--actor", "Ruto", "--json", cwd=populated.root)
    assert result.returncode == 0, result.stderr
    rows = json_lines(result.stdout)
    assert rows
    assert all("Ruto" in f"{r['source_name']} {r['target_name']}" for r in rows)
    meeting = next(r for r in rows if r["trigger_text"] == "met")
    assert meeting["plover"] == "CONSULT"
    assert meeting["source_name"] == "William Ruto"
    assert meeting["target_name"] == "Samia Suluhu Hassan"
    assert meeting["date_value"] == RUTO_MEETING.isoformat()
    assert meeting["date_start"] == meeting["date_end"] == RUTO_MEETING.isoformat()
    assert meeting["place_name"] == "Nairobi"
    assert meeting["source_code"] == "KENGOV"


def test_quotes_query_filters_by_speaker(populated):
    result = eventwire("quotes", "--db", populated.db, "--speaker", "ruto", "--json", cwd=populated.root)
    assert result.returncode == 0, result.stderr
    rows = json_lines(result.stdout)
    assert [r["speaker_name"] for r in rows] == ["William Ruto"]
    assert QUOTES["ruto"] in rows[0]["text"]
    assert rows[0]["published_date"] == RUTO_PUBLISHED.isoformat()
    assert RUTO[rows[0]["start"]:rows[0]["end"]] == rows[0]["text"]


def test_actors_query_lists_people_across_articles(populated):
    result = eventwire("actors", "--db", populated.url, "--json", cwd=populated.root)
    assert result.returncode == 0, result.stderr
    rows = {r["name"]: r for r in json_lines(result.stdout)}
    for full_name, _ in PEOPLE.values():
        assert rows[full_name]["kind"] == "person"
        assert rows[full_name]["articles"] == 1
        assert rows[full_name]["mentions"] >= 1
    assert rows["William Ruto"]["code"] == "KENGOV"


def test_export_events_as_csv_and_jsonl(populated):
    (events,) = query(populated.db, "select count(*) from events")[0]
    assert events > 0
    csv_path = populated.root / "out" / "events.csv"
    csv_path.parent.mkdir(exist_ok=True)
    result = eventwire("export", "--db", populated.url, "--format", "csv", "--table", "events", "-o", csv_path,
                       cwd=populated.root)
    assert result.returncode == 0, result.stderr
    assert f"exported {events} events" in words(result.stderr)
    with csv_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames
        rows = list(reader)
    assert header is not None and {"article_id", "event_id", "plover", "cameo", "source_name"} <= set(header)
    assert len(rows) == events
    assert any(r["trigger_text"] == "met" and r["date_value"] == RUTO_MEETING.isoformat() for r in rows)

    result = eventwire("export", "--db", populated.url, "--format", "jsonl", "--table", "events",
                       cwd=populated.root)
    assert result.returncode == 0, result.stderr
    records = json_lines(result.stdout)
    assert len(records) == events
    assert list(records[0]) == header
    assert sorted((r["article_id"], r["event_id"]) for r in records) == sorted(
        (r["article_id"], r["event_id"]) for r in rows
    )


def test_export_reports_as_csv_is_refused(populated):
    out = populated.root / "out" / "reports.csv"
    out.parent.mkdir(exist_ok=True)
    result = eventwire("export", "--db", populated.url, "--table", "reports", "--format", "csv", "-o", out,
                       cwd=populated.root)
    assert result.returncode == 2
    assert "reports can only be exported as jsonl" in words(result.stderr)
    assert "Traceback" not in result.stderr


def test_refused_export_leaves_an_existing_output_file_alone(populated):
    out = populated.root / "out" / "keep.csv"
    out.parent.mkdir(exist_ok=True)
    out.write_text("precious,data\n1,2\n", encoding="utf-8")
    result = eventwire("export", "--db", populated.url, "--table", "reports", "--format", "csv", "-o", out,
                       cwd=populated.root)
    assert result.returncode == 2
    assert out.read_text(encoding="utf-8") == "precious,data\n1,2\n"


# 4. bad inputs


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    """One `ingest` over good files, bad files and a missing path."""
    root = tmp_path_factory.mktemp("bad")
    # a long directory name: messages naming these files are longer than 80 columns
    inputs = root / "inputs_with_a_long_directory_name_so_that_each_message_is_longer_than_a_terminal"
    inputs.mkdir()
    (inputs / "good.txt").write_text(MODI, encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(256)) * 8)
    sentence = b"The minister said the talks in Geneva would resume on Monday after a short break. "
    oversized = (sentence * (5_000_001 // len(sentence) + 1))[:5_000_001]
    (inputs / "oversized.txt").write_bytes(oversized)
    (inputs / "german.txt").write_text(GERMAN, encoding="utf-8")
    (inputs / "[draft] empty.txt").write_bytes(b"   \n")
    lines = [
        json.dumps({"id": "feed-good", "text": LULA}),
        '{"id": "feed-broken", "text": "unterminated',
    ]
    (inputs / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    missing = root / "no-such-report.txt"
    db = root / "bad.db"
    started = time.perf_counter()
    result = eventwire("ingest", inputs, missing, "--db", db, cwd=root)
    seconds = time.perf_counter() - started
    expected = {
        inputs / "empty.txt": "empty text",
        inputs / "binary.txt": "binary content, not text",
        inputs / "oversized.txt": "too large: 5000001 bytes (limit 5000000)",
        inputs / "german.txt": "not English",
        Path(f"{inputs / 'feed.jsonl'}:2"): "invalid JSON",
        missing: "no such file or directory",
    }
    return SimpleNamespace(root=root, inputs=inputs, db=db, result=result, seconds=seconds, expected=expected)


def test_ingest_reports_bad_inputs_and_stores_the_good_ones(bad_run):
    result = bad_run.result
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    stderr = squash(result.stderr)
    for item, reason in bad_run.expected.items():
        assert squash(f"skipped {item}: {reason}") in stderr, (item, reason)
    assert "read 9 · new 2 · duplicate 0 · failed 7" in words(result.stderr)
    stored = query(bad_run.db, "select source from articles")
    assert sorted(Path(source).name for (source,) in stored) == ["feed.jsonl:1", "good.txt"]
    # the oversized file is refused by its size, not read and analysed
    assert bad_run.seconds < 60


def test_each_skipped_item_is_one_line(bad_run):
    lines = bad_run.result.stderr.splitlines()
    for item, reason in bad_run.expected.items():
        assert any(line.startswith(f"skipped {item}: {reason}") for line in lines), (item, reason)


def test_skipped_item_names_are_printed_verbatim(bad_run):
    item = bad_run.inputs / "[draft] empty.txt"
    assert squash(f"skipped {item}: empty text") in squash(bad_run.result.stderr)


# 5. workers


def test_ingest_with_two_workers_stores_the_same_events(populated):
    assert populated.first.returncode == 0, populated.first.stderr
    db = populated.root / "workers2.db"
    result = eventwire("ingest", populated.corpus, "--db", db, "--workers", "2", cwd=populated.root)
    assert result.returncode == 0, result.stderr
    assert "read 4 · new 4 · duplicate 0 · failed 0" in words(result.stderr)

    def exported(url: str | Path) -> list[str]:
        out = eventwire("export", "--db", url, "--format", "jsonl", "--table", "events", cwd=populated.root)
        assert out.returncode == 0, out.stderr
        return sorted(json.dumps(row, sort_keys=True) for row in json_lines(out.stdout))

    with_one, with_two = exported(populated.url), exported(db)
    assert with_one and with_one == with_two
    assert sorted(query(db, "select id, report from articles")) == sorted(
        query(populated.db, "select id, report from articles")
    )


# 6. interruption


def stored_articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created or migrated yet, or busy
        return 0


def test_interrupted_ingest_keeps_whole_articles_and_resumes(tmp_path):
    texts = list(CORPUS.values())
    total = 60
    source = tmp_path / "wire.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for n in range(total):
            text = f"Update {n + 1}. " + texts[n % len(texts)] + "\n" + texts[(n + 1) % len(texts)]
            handle.write(json.dumps({"id": f"wire-{n:03d}", "text": text, "published": "2025-03-07"}) + "\n")
    db = tmp_path / "interrupted.db"

    proc = subprocess.Popen(
        [*CLI, "ingest", str(source), "--db", str(db)], cwd=tmp_path, env=cli_env(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # a shell that starts jobs in the background leaves SIGINT ignored, and children inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while stored_articles(db) < 1 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, f"finished before it could be interrupted: {proc.returncode}"
        assert stored_articles(db) >= 1, "no article stored in time"
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr
    assert "Traceback" not in stderr

    assert query(db, "pragma integrity_check") == [("ok",)]
    stored = query(db, "select id, report from articles")
    assert 1 <= len(stored) < total
    tables = ("actors", "mentions", "events", "quotes", "times", "places", "amounts")
    for article_id, report_json in stored:
        report = Report.model_validate_json(report_json)
        for table in tables:
            (count,) = query(db, f"select count(*) from {table} where article_id = ?", article_id)[0]
            assert count == len(getattr(report, table)), (article_id, table)
    ids = {article_id for article_id, _ in stored}
    for table in tables:  # no rows of an article that was not stored
        orphans = {a for (a,) in query(db, f"select distinct article_id from {table}")} - ids
        assert not orphans, table

    rerun = eventwire("ingest", source, "--db", db, cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert f"read {total} · new {total - len(stored)} · duplicate {len(stored)} · failed 0" in words(rerun.stderr)
    assert query(db, "select count(*) from articles") == [(total,)]
    (events,) = query(db, "select count(*) from events")[0]
    assert events == sum(len(Report.model_validate_json(r).events) for (r,) in query(db, "select report from articles"))


# 7. schema


def test_schema_prints_the_report_json_schema(tmp_path):
    result = eventwire("schema", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["title"] == "Report"
    assert {"article", "events", "quotes", "actors"} <= set(schema["properties"])
    assert "Event" in schema["$defs"]
    assert schema == Report.model_json_schema()


# 8. demo


def test_demo_ingests_the_samples_and_prints_tables(tmp_path):
    db = tmp_path / "tmp" / "demo.db"
    result = eventwire("demo", "--db", db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = words(result.stdout)
    for title in ("Events", "Quotes", "Top actors"):
        assert title in out
    assert "stored in" in out
    assert "read 8 · new 8 · duplicate 0 · failed 0" in words(result.stderr)
    assert query(db, "select count(*) from articles") == [(8,)]
    (events,) = query(db, "select count(*) from events")[0]
    (quotes,) = query(db, "select count(*) from quotes")[0]
    assert events > 0 and quotes > 0
    assert not (tmp_path / "eventwire-demo.db").exists()
