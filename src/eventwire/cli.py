"""The `eventwire` command line."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from eventwire.errors import InputError
from eventwire.models import Article, Report
from eventwire.readers import read_inputs
from eventwire.runner import RunSummary, run

app = typer.Typer(help="News reports in, auditable event data out.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
console = Console()
errors = Console(stderr=True, soft_wrap=True)  # one line per message, so logs can be grepped

Paths = Annotated[list[str], typer.Argument(help="Files, directories or globs; '-' reads JSON Lines from stdin.")]
DbOption = Annotated[str | None, typer.Option("--db", help="Database URL or SQLite path (default: $EVENTWIRE_DB "
                                              "or ./eventwire.db).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output: one JSON object a line.")]
KnowledgeOption = Annotated[list[Path] | None, typer.Option(
    "--knowledge", help="Your own knowledge file (YAML, actors CSV or PETRARCH actor dictionary); repeatable.")]


def _use_knowledge(paths: list[Path] | None) -> None:
    """Extra knowledge files reach every analysis process through the environment."""
    if not paths:
        return
    from eventwire.knowledge import ENV_EXTRA, Knowledge

    for path in paths:
        if not path.exists():
            errors.print(f"[red]error:[/red] knowledge file {escape(str(path))} not found")
            raise typer.Exit(2)
    try:
        Knowledge.load(extra=paths)
    except ValueError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(2) from error
    current = [p for p in os.environ.get(ENV_EXTRA, "").split(os.pathsep) if p]
    os.environ[ENV_EXTRA] = os.pathsep.join([*current, *(str(p.resolve()) for p in paths)])


def _open_store(db: str | None):
    from eventwire.store import Store, StoreError, resolve_db_url

    try:
        return Store(resolve_db_url(db))
    except StoreError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(2) from error


def _report_error(error: InputError) -> None:
    errors.print(f"[red]skipped[/red] {escape(error.item)}: {escape(error.reason)}", highlight=False)


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=errors, transient=True,
                    disable=not errors.is_terminal)


def _print_summary(summary: RunSummary, seconds: float) -> None:
    rate = summary.read / seconds if seconds > 0 else 0.0
    errors.print(
        f"read {summary.read} · new {summary.new} · duplicate {summary.duplicate} · failed {summary.failed} · "
        f"events {summary.events} · quotes {summary.quotes} · {rate:.1f} articles/s",
        highlight=False,
    )


def _drive(paths: list[str], handle, *, is_known=lambda _id: False, workers: int = 1) -> RunSummary:
    import time

    started = time.perf_counter()
    with _progress() as progress:
        task = progress.add_task("analysing", total=None, rate="")

        def on_item(summary: RunSummary) -> None:
            elapsed = time.perf_counter() - started
            progress.update(task, completed=summary.read, rate=f"{summary.read / max(elapsed, 1e-9):.1f} art/s")

        try:
            summary = run(read_inputs(paths), handle, is_known=is_known, workers=workers, on_item=on_item,
                          on_error=_report_error)
        except KeyboardInterrupt:
            errors.print("[yellow]interrupted[/yellow]: everything reported as stored so far is committed")
            raise typer.Exit(130) from None
    _print_summary(summary, time.perf_counter() - started)
    return summary


@app.command()
def analyze(
    paths: Paths,
    json_output: JsonOption = False,
    explain: Annotated[bool, typer.Option("--explain", help="Show why each event was coded.")] = False,
    workers: Annotated[int, typer.Option(help="Analysis processes.")] = 1,
    knowledge: KnowledgeOption = None,
) -> None:
    """Analyse reports and print what was found (nothing is stored)."""
    _use_knowledge(knowledge)

    def handle(article: Article, report: Report) -> bool:
        if json_output:
            sys.stdout.write(report.model_dump_json() + "\n")
        else:
            from eventwire.render import print_report

            print_report(console, report, article.text, explain=explain)
        return True

    summary = _drive(paths, handle, workers=workers)
    raise typer.Exit(1 if summary.failed else 0)


@app.command()
def explain(paths: Paths) -> None:
    """Per event: the sentence with its trigger, the pattern, actor resolution and modality reasons."""
    analyze(paths, json_output=False, explain=True, workers=1)


@app.command()
def ingest(
    paths: Paths,
    db: DbOption = None,
    workers: Annotated[int, typer.Option(help="Analysis processes.")] = 1,
    knowledge: KnowledgeOption = None,
) -> None:
    """Analyse reports and store them; an article already stored is skipped."""
    _use_knowledge(knowledge)
    store = _open_store(db)
    summary = _drive(paths, store.ingest, is_known=store.has_article, workers=workers)
    raise typer.Exit(1 if summary.failed else 0)


EVENT_COLUMNS = ("date_value", "plover", "plover_mode", "cameo", "source_name", "target_name", "place_name",
                 "flags", "trigger_text", "article_id")


def _with_flags(row: dict) -> dict:
    flags = [name for name in ("negated", "future", "hypothetical", "historical", "requested") if row.get(name)]
    return {**row, "flags": ",".join(flags)}


def _emit(rows: list[dict], columns, title: str, json_output: bool) -> None:
    if json_output:
        for row in rows:
            sys.stdout.write(json.dumps(row, default=str) + "\n")
        return
    from eventwire.render import print_rows

    print_rows(console, rows, columns, title)


@app.command()
def events(
    db: DbOption = None,
    actor: Annotated[str | None, typer.Option(help="Source or target: name part or code prefix.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. CONSULT.")] = None,
    cameo: Annotated[str | None, typer.Option(help="CAMEO code prefix, e.g. 04.")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, typer.Option(help="YYYY[-MM[-DD]]")] = None,
    country: Annotated[str | None, typer.Option(help="ISO code of source, target or place.")] = None,
    place: Annotated[str | None, typer.Option(help="Place name part.")] = None,
    article: Annotated[str | None, typer.Option(help="Article id (prefix).")] = None,
    aid_kind: Annotated[str | None, typer.Option(help="military, economic or humanitarian.")] = None,
    factual: Annotated[bool, typer.Option(help="Only events reported as having happened (no negated, future, "
                                          "hypothetical, requested or historical flag).")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    json_output: JsonOption = False,
) -> None:
    """List stored events."""
    store = _open_store(db)
    try:
        rows = store.events(actor=actor, type=type, cameo=cameo, since=since, until=until, country=country,
                            place=place, article=article, aid_kind=aid_kind, factual=factual, limit=limit)
    except ValueError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(2) from error
    _emit([_with_flags(r) for r in rows], EVENT_COLUMNS, "Events", json_output)


@app.command()
def quotes(
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker name part.")] = None,
    article: Annotated[str | None, typer.Option(help="Article id (prefix).")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    json_output: JsonOption = False,
) -> None:
    """List stored quotations and who said them."""
    store = _open_store(db)
    rows = store.quotes(speaker=speaker, article=article, limit=limit)
    _emit(rows, ("speaker_name", "kind", "text", "cue_text", "article_id"), "Quotes", json_output)


@app.command()
def actors(
    db: DbOption = None,
    name: Annotated[str | None, typer.Option(help="Name part.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    json_output: JsonOption = False,
) -> None:
    """List actors across stored articles."""
    store = _open_store(db)
    rows = store.actors(name=name, limit=limit)
    _emit(rows, ("name", "kind", "code", "country", "sector", "articles", "mentions"), "Actors", json_output)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
    table: Annotated[str, typer.Option(help="events, quotes, actors or reports")] = "events",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")] = None,
    db: DbOption = None,
) -> None:
    """Export stored data for other tools."""
    from eventwire.export import export as export_rows

    if format not in {"jsonl", "csv"} or table not in {"events", "quotes", "actors", "reports"}:
        errors.print("[red]error:[/red] --format is jsonl or csv; --table is events, quotes, actors or reports")
        raise typer.Exit(2)
    if table == "reports" and format != "jsonl":
        errors.print("[red]error:[/red] reports can only be exported as jsonl")
        raise typer.Exit(2)
    store = _open_store(db)
    try:
        if output is None:
            count = export_rows(store, format, sys.stdout, table)
        else:  # write beside the target and rename, so a failed export leaves an existing file alone
            partial = output.with_name(output.name + ".part")
            try:
                with partial.open("w", encoding="utf-8", newline="") as handle:
                    count = export_rows(store, format, handle, table)
                partial.replace(output)
            finally:
                partial.unlink(missing_ok=True)
    except ValueError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(2) from error
    errors.print(f"exported {count} {table}")


@app.command()
def demo(db: DbOption = None) -> None:
    """Analyse the bundled sample reports into a SQLite file and show what was found."""
    sample = resources.files("eventwire") / "samples" / "sample.jsonl"
    store = _open_store(db or "eventwire-demo.db")
    _drive([str(sample)], store.ingest, is_known=store.has_article)
    from eventwire.render import print_rows

    rows = [_with_flags(r) for r in store.events()]
    print_rows(console, rows, EVENT_COLUMNS[:-1], "Events")
    print_rows(console, store.quotes(), ("speaker_name", "kind", "text"), "Quotes")
    print_rows(console, store.actors(limit=15), ("name", "kind", "code", "articles", "mentions"), "Top actors")
    console.print(f"stored in {store.engine.url}; try: eventwire events --db {store.engine.url.database} "
                  "--type CONSULT")


eval_app = typer.Typer(help="Score eventwire against gold data or expected facts.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("expected")
def eval_expected(
    article: Annotated[Path, typer.Argument(help="The report (text file, with its JSON sidecar if any).")],
    expected: Annotated[Path, typer.Argument(help="Expected facts (the shape of the seed's expected.json).")],
) -> None:
    """Check one report's analysis against a file of expected facts; list what is missing."""
    from eventwire.analysis.pipeline import Analyzer
    from eventwire.evaluation.expected import check, summary

    items = list(read_inputs([str(article)]))
    if len(items) != 1 or isinstance(items[0], InputError):
        errors.print(f"[red]error:[/red] cannot read {escape(str(article))}")
        raise typer.Exit(2)
    facts = json.loads(expected.read_text(encoding="utf-8"))
    report = Analyzer().analyze(items[0])
    for section, (found, total) in summary(report, facts).items():
        console.print(f"{section:>16}: {found}/{total}")
    for label, part in (("missing", facts), ("stretch missing", facts.get("stretch", {}))):
        for section, missing in check(report, part).items():
            if missing:
                console.print(f"{label} {section}: {escape(', '.join(missing))}")


SHARED_DATA = Path("../shared/data")


def _existing(path: Path, what: str) -> Path:
    if not path.exists():
        errors.print(f"[red]error:[/red] {what} not found at {escape(str(path))} (give --data)")
        raise typer.Exit(2)
    return path


@eval_app.command("quotes")
def eval_quotes(
    data: Annotated[Path, typer.Option(help="PolNeAR folder (with train/ and dev/).")] = SHARED_DATA / "quotes"
    / "polnear",
    split: Annotated[str, typer.Option(help="Split to score.")] = "dev",
) -> None:
    """Quotation extraction and attribution on PolNeAR: content match at 0.3/0.8, speaker, exact spans."""
    from eventwire.analysis.pipeline import Analyzer
    from eventwire.evaluation import polnear
    from eventwire.evaluation import quotes as quote_eval

    documents = polnear.load_split(_existing(data, "PolNeAR"), split)
    predicted = quote_eval.run(Analyzer(), documents)
    _print_scores(f"PolNeAR {split}: {len(documents)} documents",
                  quote_eval.format_scores(quote_eval.score(documents, predicted)))


@eval_app.command("actors")
def eval_actors(
    data: Annotated[Path, typer.Option(help="Actor cases (JSON Lines).")] = SHARED_DATA / "events"
    / "actor_cases.jsonl",
    misses: Annotated[bool, typer.Option("--misses", help="List the cases got wrong.")] = False,
) -> None:
    """Actor resolution on short descriptions: country and sector accuracy."""
    from eventwire.analysis.pipeline import Analyzer
    from eventwire.evaluation import actors as actor_eval

    cases = actor_eval.load_cases(_existing(data, "actor cases"))
    scores = actor_eval.score(actor_eval.resolve(Analyzer(), cases))
    _print_scores(f"actor cases: {len(cases)}", actor_eval.format_scores(scores), scores.misses if misses else [])


@eval_app.command("events")
def eval_events(
    data: Annotated[Path, typer.Option(help="PLOVER gold records (JSON Lines).")] = SHARED_DATA / "events"
    / "plover_gsr.jsonl",
) -> None:
    """Event coding on PLOVER gold sentences: type accuracy and macro-F1, mode accuracy, actor triples."""
    from eventwire.analysis.pipeline import Analyzer
    from eventwire.evaluation import events as event_eval

    gold = event_eval.load_gold(_existing(data, "PLOVER gold records"))
    reports = event_eval.run(Analyzer(), gold)
    _print_scores(f"PLOVER gold: {len(gold)} sentences", event_eval.format_scores(event_eval.score(gold, reports)))


@eval_app.command("time")
def eval_time(
    data: Annotated[list[Path] | None, typer.Option(help="TimeML gold as JSON Lines (doc_id, dct, text, timexes); "
                                                    "repeatable.")] = None,
    misses: Annotated[bool, typer.Option(help="Also list the expressions whose value differs.")] = False,
) -> None:
    """Time expressions: strict and relaxed span, value and type P/R/F1 (TempEval-3 definitions, character spans)."""
    from eventwire.analysis.pipeline import Analyzer
    from eventwire.evaluation import timex

    paths = data or sorted((SHARED_DATA / "time").glob("tbaq_*_timex.jsonl"))
    if not paths:
        _existing(SHARED_DATA / "time" / "tbaq_*_timex.jsonl", "TimeML gold")
    documents = timex.load_gold(_existing(path, "TimeML gold") for path in paths)
    scores = timex.score(documents, timex.predict(Analyzer(), documents))
    _print_scores(f"TimeML gold: {len(documents)} documents", timex.format_scores(scores),
                  scores.misses if misses else [])


@eval_app.command("geo")
def eval_geo(
    data: Annotated[Path, typer.Option(help="Gold toponyms as JSON Lines (doc_id, text, toponyms with lat/lon).")]
    = SHARED_DATA / "geo" / "gwn.jsonl",
    gold_spans: Annotated[bool, typer.Option(help="Resolve the gold toponym spans (else: end to end, as found).")]
    = True,
    overlap: Annotated[bool, typer.Option(help="Match a found place that overlaps a gold span, not only an exact "
                                          "one.")] = False,
) -> None:
    """Geoparsing: share within 161 km, mean and median error, AUC of log error, GeoNames id match, country."""
    from eventwire.analysis.pipeline import Analyzer
    from eventwire.evaluation import geo

    documents = geo.load_gold(_existing(data, "gold toponyms"))
    scores = geo.score(Analyzer(), documents, gold_spans=gold_spans, overlap=overlap)
    mode = "gold spans" if gold_spans else "end to end"
    _print_scores(f"Gold toponyms: {len(documents)} documents ({mode})", geo.format_scores(scores))


@eval_app.command("cameo")
def eval_cameo(
    data: Annotated[Path, typer.Argument(help="CAMEO-coded sentences in the PETRARCH validation-record XML format.")],
) -> None:
    """CAMEO coding: (root, source country, target country) P/R/F1 on PETRARCH-format coded sentences."""
    from eventwire.analysis.pipeline import Analyzer
    from eventwire.evaluation import cameo

    sentences = cameo.load_records(_existing(data, "CAMEO-coded sentences"))
    _print_scores(f"CAMEO-coded sentences: {len(sentences)}",
                  cameo.format_scores(cameo.score(sentences, cameo.run(Analyzer(), sentences))))


def _print_scores(heading: str, table: str, misses: Sequence[str] = ()) -> None:
    """An evaluation's heading, its score table (markdown, unwrapped) and, when asked, the cases it got wrong."""
    console.print(heading)
    console.print(escape(table), soft_wrap=True)
    for line in misses:
        console.print(escape(line), highlight=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the Report records."""
    sys.stdout.write(json.dumps(Report.model_json_schema(), indent=2) + "\n")




if __name__ == "__main__":
    app()
