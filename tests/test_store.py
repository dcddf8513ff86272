"""Store and export: schema migrations, ingest (atomic, idempotent, kill-safe), queries, exports."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from eventwire.export import export
from eventwire.models import (
    Actor,
    Amount,
    Article,
    Event,
    EventDate,
    Mention,
    Place,
    Quote,
    Report,
    Sentence,
    Spanned,
    TimeExpression,
    Trigger,
    article_id,
    article_info,
)
from eventwire.store import Store, StoreError, migrate, resolve_db_url
from eventwire.store.schema import TABLES, metadata

TEXT = (
    "Ukraine's President Volodymyr Zelensky met NATO Secretary General Mark Rutte in Brussels on Thursday. "
    '"We need more air defence," Zelensky said. '
    "Germany pledged $500 million in military aid to Ukraine. "
    "Russian forces shelled Kharkiv last week."
)


def span(phrase: str, nth: int = 0, text: str = TEXT) -> dict[str, object]:
    """start/end/text of the nth occurrence of phrase in text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return {"start": start, "end": start + len(phrase), "text": phrase}


def sentences(text: str) -> list[Sentence]:
    return [Sentence(start=m.start(), end=m.end(), text=m.group()) for m in re.finditer(r"\S[^.]*\.?", text)]


def make_article(text: str = TEXT, url: str = "https://example.org/a") -> Article:
    return Article(
        id=article_id(text, url),
        text=text,
        title="Zelensky meets Rutte",
        url=url,
        published=datetime(2024, 10, 4, 9, 30, tzinfo=UTC),
        outlet="Example News",
        byline="A. Writer",
        agencies=["AFP"],
        source="test.jsonl#1",
    )


def make_report(article: Article) -> Report:
    sents = sentences(article.text)
    return Report(
        article=article_info(article),
        sentences=sents,
        actors=[
            Actor(id="a1", name="Volodymyr Zelensky", kind="person", code="UKRGOV", country="UKR",
                  sector="GOV", roles=[{"title": "President", "organization": "UKR"}], mentions=["m1", "m2"]),
            Actor(id="a2", name="Mark Rutte", kind="person", code="IGOWSTNAT", sector="IGO",
                  affiliation="NATO", mentions=["m3"]),
            Actor(id="a3", name="Germany", kind="country", code="DEU", country="DEU", mentions=["m4"]),
            Actor(id="a4", name="Ukraine", kind="country", code="UKR", country="UKR", mentions=["m5"]),
            Actor(id="a5", name="Russian forces", kind="group", code="RUSMIL", country="RUS", sector="MIL",
                  mentions=["m6"]),
        ],
        mentions=[
            Mention(id="m1", actor="a1", form="name", **span("Volodymyr Zelensky")),
            Mention(id="m2", actor="a1", form="name", **span("Zelensky", 1)),
            Mention(id="m3", actor="a2", form="name", **span("Mark Rutte")),
            Mention(id="m4", actor="a3", form="name", **span("Germany")),
            Mention(id="m5", actor="a4", form="name", **span("Ukraine", 1)),
            Mention(id="m6", actor="a5", form="description", **span("Russian forces")),
        ],
        events=[
            Event(id="e1", plover="CONSULT", cameo="040", cameo_label="Consult", source="a1", target="a2",
                  trigger=Trigger(sentence=0, **span("met")), place="p1", pattern="meet",
                  date=EventDate(value="2024-10-03", start=date(2024, 10, 3), end=date(2024, 10, 3),
                                 basis="clause", time="t1")),
            Event(id="e2", plover="AID", plover_mode="military", cameo="072", source="a3", target="a4",
                  trigger=Trigger(sentence=2, **span("pledged")), amounts=["am1"], future=True,
                  pattern="pledge aid", explanation=["verb 'pledged' + 'aid'"], aid_kind="military",
                  contexts=["military"]),
            Event(id="e3", plover="ASSAULT", cameo="194", source="a5", place="p2", pattern="shell",
                  trigger=Trigger(sentence=3, **span("shelled")),
                  date=EventDate(value="2024-W39", start=date(2024, 9, 23), end=date(2024, 9, 29),
                                 basis="clause", time="t2")),
            Event(id="e4", plover="DEMAND", cameo="10", source="a1", quote="q1", pattern="need",
                  trigger=Trigger(sentence=1, **span("need"))),
        ],
        quotes=[
            Quote(id="q1", kind="direct", speaker="a1", **span('"We need more air defence,"'),
                  speaker_mention=Spanned(**span("Zelensky", 1)), cue=Spanned(**span("said")), rule="q-said"),
        ],
        times=[
            TimeExpression(id="t1", type="DATE", value="2024-10-03", **span("on Thursday")),
            TimeExpression(id="t2", type="DATE", value="2024-W39", **span("last week")),
        ],
        places=[
            Place(id="p1", name="Brussels", country="BE", lat=50.85, lon=4.35, geonameid=2800866,
                  feature_class="P", **span("Brussels")),
            Place(id="p2", name="Kharkiv", country="UA", lat=49.98, lon=36.25, feature_class="P",
                  **span("Kharkiv")),
        ],
        amounts=[Amount(id="am1", value=500_000_000, currency="USD", **span("$500 million"))],
    )  # fmt: skip


OTHER_TEXT = "President Zelensky visited Berlin."


def make_other() -> tuple[Article, Report]:
    """A second, undated article mentioning the same actor."""
    article = Article(id=article_id(OTHER_TEXT), text=OTHER_TEXT)
    report = Report(
        article=article_info(article),
        sentences=sentences(OTHER_TEXT),
        actors=[
            Actor(
                id="a1",
                name="Volodymyr Zelensky",
                kind="person",
                code="UKRGOV",
                country="UKR",
                sector="GOV",
                mentions=["m1"],
            )
        ],
        mentions=[Mention(id="m1", actor="a1", form="name", **span("Zelensky", text=OTHER_TEXT))],
        events=[
            Event(
                id="e1",
                plover="CONSULT",
                cameo="042",
                source="a1",
                pattern="visit",
                trigger=Trigger(sentence=0, **span("visited", text=OTHER_TEXT)),
            )
        ],
    )
    return article, report


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def store(db_url: str) -> Store:
    with Store(db_url) as s:
        yield s


@pytest.fixture
def filled(store: Store) -> Store:
    article = make_article()
    assert store.ingest(article, make_report(article))
    assert store.ingest(*make_other())
    return store


def ids(rows: list[dict]) -> list[str]:
    return [r["event_id"] for r in rows]


# configuration and schema


def test_resolve_db_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("EVENTWIRE_DB", raising=False)
    assert resolve_db_url(None) == "sqlite:///./eventwire.db"
    monkeypatch.setenv("EVENTWIRE_DB", "postgresql://u@h/db")
    assert resolve_db_url(None) == "postgresql://u@h/db"
    assert resolve_db_url("sqlite:///x.db") == "sqlite:///x.db"
    assert resolve_db_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"
    assert resolve_db_url("data/a.db") == "sqlite:///data/a.db"


def test_missing_postgres_driver_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name.startswith("psycopg") else real(name, *a)
    )
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StoreError, match="postgres"):
        Store("postgresql://user@localhost/eventwire")


def test_unsupported_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="unsupported"):
        Store("nosuchdb://x/y")


def test_new_database_has_schema_and_revision(store: Store) -> None:
    assert store.schema_revision() == migrate.head_revision()
    assert store.counts() == dict.fromkeys(TABLES, 0)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_migrations_match_schema_module(store: Store) -> None:
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_old_empty_database_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")
    with Store(str(path)) as s:
        assert s.schema_revision() == migrate.head_revision()
        article = make_article()
        assert s.ingest(article, make_report(article))
    with Store(str(path)) as s:  # opening again is fine and keeps the data
        assert s.schema_revision() == migrate.head_revision()
        assert s.counts()["events"] == 4
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(migrate.head_revision(),)]
        assert conn.execute("SELECT count(*) FROM notes").fetchone() == (0,)


def test_downgraded_database_is_upgraded_on_open(db_url: str) -> None:
    with Store(db_url) as s, s.engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "base")
    with Store(db_url) as s:
        assert s.schema_revision() == migrate.head_revision()
        assert set(sa.inspect(s.engine).get_table_names()) >= set(TABLES)


# ingest


def test_ingest_stores_all_rows(filled: Store) -> None:
    assert filled.counts() == {
        "articles": 2, "actors": 6, "mentions": 7, "events": 5,
        "quotes": 1, "times": 2, "places": 2, "amounts": 1,
    }  # fmt: skip
    assert filled.has_article(make_article().id)
    assert not filled.has_article("nope")


def test_ingest_is_idempotent(store: Store) -> None:
    article = make_article()
    report = make_report(article)
    assert store.ingest(article, report) is True
    before, rows_before = store.counts(), store.articles()
    assert store.ingest(article, report) is False
    assert store.ingest(article, report.model_copy(update={"events": []})) is False
    assert store.counts() == before
    assert store.articles() == rows_before  # same ingested_at: nothing was rewritten


def test_ingest_rejects_mismatched_report(store: Store) -> None:
    article = make_article()
    _, other_report = make_other()
    with pytest.raises(ValueError, match="not"):
        store.ingest(article, other_report)
    assert store.counts()["articles"] == 0


def test_failed_ingest_leaves_no_partial_article(store: Store) -> None:
    article = make_article()
    report = make_report(article)
    broken = report.model_copy(update={"events": report.events + [report.events[0]]})  # duplicate event id
    with pytest.raises(sa.exc.IntegrityError):
        store.ingest(article, broken)
    assert store.counts() == dict.fromkeys(TABLES, 0)
    assert store.ingest(article, report)


def test_reports_round_trip(filled: Store) -> None:
    article = make_article()
    reports = list(filled.iter_reports())
    assert reports[0] == make_report(article)
    assert reports[1] == make_other()[1]


# queries


def test_event_rows_are_denormalised(filled: Store) -> None:
    e1, e2 = filled.events(article=make_article().id, limit=4)[1:3]
    assert e1["event_id"] == "e1"
    source = (e1["source_name"], e1["source_code"], e1["source_country"])
    assert source == ("Volodymyr Zelensky", "UKRGOV", "UKR")
    assert (e1["target_name"], e1["target_code"], e1["target_country"]) == ("Mark Rutte", "IGOWSTNAT", None)
    assert (e1["place_name"], e1["place_country"], e1["lat"], e1["lon"]) == ("Brussels", "BE", 50.85, 4.35)
    assert (e1["date_value"], e1["date_start"], e1["date_end"], e1["date_basis"]) == (
        "2024-10-03",
        "2024-10-03",
        "2024-10-03",
        "clause",
    )
    assert e1["trigger_text"] == TEXT[e1["trigger_start"] : e1["trigger_end"]] == "met"
    assert e1["sentence"].startswith("Ukraine's President") and e1["sentence"].endswith("Thursday.")
    assert e1["negated"] is False and e1["future"] is False
    assert e2["event_id"] == "e2" and e2["future"] is True and e2["date_start"] is None
    assert e2["span_start"] == e2["span_end"] == "2024-10-04"  # publication date
    assert e2["amounts"][0]["value"] == 500_000_000 and e2["amounts"][0]["currency"] == "USD"
    assert e2["explanation"] == ["verb 'pledged' + 'aid'"]
    json.dumps(filled.events())  # JSON-friendly


def test_event_order_is_chronological_undated_last(filled: Store) -> None:
    assert ids(filled.events()) == ["e3", "e1", "e2", "e4", "e1"]
    assert filled.events()[-1]["article_id"] == make_other()[0].id
    assert len(filled.events(limit=2)) == 2


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"actor": "zelensky"}, ["e1", "e4", "e1"]),
        ({"actor": "RUTTE"}, ["e1"]),
        ({"actor": "UKR"}, ["e1", "e2", "e4", "e1"]),
        ({"actor": "igo"}, ["e1"]),
        ({"actor": "DEU"}, ["e2"]),
        ({"type": "consult"}, ["e1", "e1"]),
        ({"type": "AID"}, ["e2"]),
        ({"cameo": "04"}, ["e1", "e1"]),
        ({"cameo": "042"}, ["e1"]),
        ({"cameo": "19"}, ["e3"]),
        ({"since": "2024-10-01"}, ["e1", "e2", "e4"]),
        ({"since": date(2024, 10, 4)}, ["e2", "e4"]),
        ({"since": "2024-10"}, ["e1", "e2", "e4"]),
        ({"until": "2024-09-30"}, ["e3"]),
        ({"until": "2024-09"}, ["e3"]),
        ({"since": "2024-09-25", "until": "2024-09-26"}, ["e3"]),
        ({"since": "2024", "until": "2024"}, ["e3", "e1", "e2", "e4"]),
        ({"country": "BEL"}, ["e1"]),
        ({"country": "be"}, ["e1"]),
        ({"country": "UKR"}, ["e3", "e1", "e2", "e4", "e1"]),
        ({"country": "RUS"}, ["e3"]),
        ({"place": "bruss"}, ["e1"]),
        ({"place": "KHARKIV"}, ["e3"]),
        ({"actor": "zelensky", "type": "demand"}, ["e4"]),
        ({"aid_kind": "military"}, ["e2"]),
        ({"aid_kind": "economic"}, []),
        ({"factual": True}, ["e3", "e1", "e4", "e1"]),  # the future pledge left out
        ({"actor": "%"}, []),
        ({"actor": "nobody"}, []),
    ],
)
def test_event_filters(filled: Store, filters: dict, expected: list[str]) -> None:
    assert ids(filled.events(**filters)) == expected


def test_event_filter_by_article(filled: Store) -> None:
    other = make_other()[0].id
    assert [(r["article_id"], r["event_id"]) for r in filled.events(article=other)] == [(other, "e1")]
    assert len(filled.events(article=make_article().id)) == 4
    assert filled.events(article=make_article().id[:8]) == filled.events(article=make_article().id)


def test_bad_date_filter(filled: Store) -> None:
    with pytest.raises(ValueError, match="not a date"):
        filled.events(since="last tuesday")


def test_quotes(filled: Store) -> None:
    [q] = filled.quotes(speaker="zel")
    assert q["quote_id"] == "q1" and q["kind"] == "direct"
    assert q["text"] == '"We need more air defence,"'
    assert (q["speaker_id"], q["speaker_name"], q["speaker_code"]) == ("a1", "Volodymyr Zelensky", "UKRGOV")
    assert (q["speaker_mention_text"], q["cue_text"]) == ("Zelensky", "said")
    assert TEXT[q["cue_start"] : q["cue_end"]] == "said"
    assert filled.quotes(speaker="rutte") == []
    assert filled.quotes(article=make_other()[0].id) == []
    assert len(filled.quotes()) == 1


def test_actors_are_aggregated(filled: Store) -> None:
    rows = filled.actors()
    assert rows[0] == {
        "name": "Volodymyr Zelensky", "kind": "person", "code": "UKRGOV", "country": "UKR",
        "sector": "GOV", "articles": 2, "mentions": 3,
    }  # fmt: skip
    assert len(rows) == 5
    assert [r["name"] for r in filled.actors(name="GERM")] == ["Germany"]
    assert len(filled.actors(limit=2)) == 2


def test_articles_listing(filled: Store) -> None:
    rows = filled.articles()
    assert [r["id"] for r in rows] == [make_article().id, make_other()[0].id]
    first = rows[0]
    assert "text" not in first and "report" not in first
    assert (first["events"], first["quotes"], first["actors"]) == (4, 1, 5)
    assert first["published"] == "2024-10-04T09:30:00+00:00" and first["published_date"] == "2024-10-04"
    assert first["agencies"] == ["AFP"]
    assert len(filled.articles(limit=1)) == 1


# export


def test_export_events_jsonl(filled: Store) -> None:
    out = io.StringIO()
    assert export(filled, "jsonl", out) == 5
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rows == filled.events()


def test_export_events_csv_with_filters(filled: Store) -> None:
    out = io.StringIO()
    assert export(filled, "csv", out, "events", filters={"type": "aid"}) == 1
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(row) == filled.columns("events")
    assert row["event_id"] == "e2" and row["source_name"] == "Germany" and row["quote_id"] == ""
    assert json.loads(row["amounts"])[0]["currency"] == "USD"


def test_export_empty_csv_has_header(store: Store) -> None:
    out = io.StringIO()
    assert export(store, "csv", out, "quotes") == 0
    assert out.getvalue().strip().split(",") == store.columns("quotes")


def test_export_quotes_and_actors(filled: Store) -> None:
    out = io.StringIO()
    assert export(filled, "jsonl", out, "quotes") == 1
    assert json.loads(out.getvalue())["speaker_name"] == "Volodymyr Zelensky"
    out = io.StringIO()
    assert export(filled, "csv", out, "actors") == 5
    assert next(csv.DictReader(io.StringIO(out.getvalue())))["articles"] == "2"


def test_export_reports(filled: Store) -> None:
    out = io.StringIO()
    assert export(filled, "jsonl", out, "reports") == 2
    first = Report.model_validate_json(out.getvalue().splitlines()[0])
    assert first == make_report(make_article())
    with pytest.raises(ValueError, match="jsonl"):
        export(filled, "csv", io.StringIO(), "reports")
    with pytest.raises(ValueError, match="format"):
        export(filled, "xml", io.StringIO())  # type: ignore[arg-type]


# interruption safety

CHILD = textwrap.dedent(
    """
    import sys
    from eventwire.models import Actor, Article, Event, Mention, Quote, Report, Trigger, article_info
    from eventwire.store import Store

    def make(i):
        words = " ".join(f"w{i}x{j}" for j in range(40))
        article = Article(id=f"art{i:05d}", text=words)
        n = 5 + i % 17
        actors = [Actor(id=f"a{k}", name=f"Actor {k}", kind="person", code="USAGOV") for k in range(n)]
        mentions = [
            Mention(id=f"m{k}", actor=f"a{k}", form="name", start=0, end=2, text="w0") for k in range(n)
        ]
        events = [
            Event(id=f"e{k}", plover="CONSULT", cameo="040", source=f"a{k}", target=f"a{(k + 1) % n}",
                  trigger=Trigger(sentence=0, start=0, end=2, text="w0"), pattern="p")
            for k in range(n * 3)
        ]
        quotes = [
            Quote(id=f"q{k}", kind="direct", speaker=f"a{k}", start=0, end=2, text="w0") for k in range(n)
        ]
        return article, Report(article=article_info(article), actors=actors, mentions=mentions,
                               events=events, quotes=quotes)

    store = Store(sys.argv[1])
    for i in range(int(sys.argv[2])):
        new = store.ingest(*make(i))
        print(i, int(new), flush=True)
    print("done", flush=True)
    """
)


def run_child(db: str, n: int, kill_after: int | None = None) -> list[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, db, str(n)], stdout=subprocess.PIPE, text=True, env=dict(os.environ)
    )
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line.strip())
        if kill_after is not None and len(lines) >= kill_after:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    proc.stdout.close()
    if kill_after is None:
        assert proc.returncode == 0
    return lines


def assert_complete(store: Store) -> None:
    """Every stored article has exactly the rows its report JSON describes."""
    names = ("events", "actors", "mentions", "quotes")
    with store.engine.connect() as conn:
        stored = {
            name: dict(
                conn.execute(sa.select(t.c.article_id, sa.func.count()).group_by(t.c.article_id)).all()
            )
            for name, t in TABLES.items()
            if name in names
        }
    for report in store.iter_reports():
        aid = report.article.id
        for name in stored:
            assert stored[name].get(aid, 0) == len(getattr(report, name)), (aid, name)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_during_ingest_loses_nothing_and_resumes(tmp_path: Path) -> None:
    db, n = str(tmp_path / "kill.db"), 400
    run_child(db, n, kill_after=25)
    with Store(db) as s:
        stored = s.counts()["articles"]
        assert 25 <= stored < n
        assert_complete(s)
    lines = run_child(db, n)
    assert lines[-1] == "done"
    assert sum(line.endswith(" 1") for line in lines[:-1]) == n - stored
    with Store(db) as s:
        assert s.counts()["articles"] == n
        assert_complete(s)


# PostgreSQL (only with EVENTWIRE_TEST_PG=postgresql://... and a driver installed)


def test_postgresql_round_trip() -> None:
    url = os.environ.get("EVENTWIRE_TEST_PG")
    if not url:
        pytest.skip("set EVENTWIRE_TEST_PG to a PostgreSQL URL to run")
    if not any(_importable(m) for m in ("psycopg", "psycopg2")):
        pytest.skip("no PostgreSQL driver installed")
    try:
        store = Store(url)
    except sa.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    with store:
        text = f"{TEXT} ({uuid.uuid4()})"
        article = make_article(text)
        report = make_report(article)
        assert store.ingest(article, report) and not store.ingest(article, report)
        assert ids(store.events(article=article.id)) == ["e3", "e1", "e2", "e4"]
        assert ids(store.events(article=article.id, actor="zelensky", since="2024-10")) == ["e1", "e4"]
        assert store.quotes(article=article.id, speaker="ZEL")[0]["cue_text"] == "said"
        assert any(r.article.id == article.id for r in store.iter_reports())


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def test_a_database_at_the_first_revision_is_migrated_keeping_its_rows(db_url: str) -> None:
    with Store(db_url) as s:
        article = make_article()
        assert s.ingest(article, make_report(article))
        with s.engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0001")
    with Store(db_url) as s:
        assert s.schema_revision() == migrate.head_revision()
        events = s.events(article=article.id)
        assert len(events) == 4 and all(row["requested"] is False for row in events)
