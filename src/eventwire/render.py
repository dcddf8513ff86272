"""Human-readable output: report summaries, explanations and query tables (Rich)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from eventwire.models import Event, Place, Report

FLAG_NAMES = ("negated", "future", "hypothetical", "historical", "requested")


def place_label(place: Place) -> str:
    """'Kyiv, UA'; a toponym the gazetteer lacks says where it was put and why: 'Royal Street (at New Orleans, US:
    the report's focus)', 'Delhi High Court (by Delhi, IN)', 'Snetterton (in Norfolk, GB)'."""
    if place.basis == "focus":
        return f"{place.text} (at {place.name}, {place.country}: the report's focus)"
    if place.basis == "part":
        return f"{place.text} (by {place.name}, {place.country})"
    if place.basis == "within":
        return f"{place.text} (in {place.name}, {place.country})"
    return f"{place.name}, {place.country}"


def event_line(report: Report, event: Event) -> str:
    source = report.actor(event.source)
    target = report.actor(event.target)
    place = report.place(event.place)
    parts = [
        f"{event.plover}{'/' + event.plover_mode if event.plover_mode else ''} [{event.cameo}]",
        f"{source.name if source else '?'} -> {target.name if target else '?'}",
    ]
    if event.date:
        parts.append(f"on {event.date.value} ({event.date.basis})")
    if place:
        parts.append(f"in {place_label(place)}")
    if event.aid_kind:
        parts.append(f"{event.aid_kind} aid")
    flags = [name for name in FLAG_NAMES if getattr(event, name)]
    if flags:
        parts.append("[" + ", ".join(flags) + "]")
    return "  ".join(parts)


def print_report(console: Console, report: Report, text: str | None = None, explain: bool = False) -> None:
    info = report.article
    console.rule(f"[bold]{escape(info.title or info.id)}[/bold]")
    meta = [info.outlet, str(info.published) if info.published else None, info.byline,
            ", ".join(info.agencies) if info.agencies else None]
    console.print(escape(" · ".join(m for m in meta if m)) + f"  [dim]id {escape(info.id)}[/dim]")

    actors = Table("actor", "kind", "code", "roles", "mentions", title="Actors", title_justify="left")
    for actor in report.actors:
        roles = "; ".join(("former " if r.former else "") + r.title + (f" ({r.organization})" if r.organization else "")
                          for r in actor.roles)
        actors.add_row(escape(actor.name), actor.kind, actor.code or "", escape(roles), str(len(actor.mentions)))
    console.print(actors)

    console.print("[bold]Events[/bold]")
    for event in report.events:
        console.print(f"  {event.id}  {escape(event_line(report, event))}  "
                      f"[dim]«{escape(event.trigger.text)}» {escape(event.pattern)}[/dim]")
        if explain:
            print_explanation(console, report, event, text)
    console.print("[bold]Quotes[/bold]")
    for quote in report.quotes:
        speaker = report.actor(quote.speaker)
        who = speaker.name if speaker else (quote.speaker_mention.text if quote.speaker_mention else "?")
        snippet = quote.text if len(quote.text) < 110 else quote.text[:107] + "..."
        console.print(f"  {quote.id}  [cyan]{escape(who)}[/cyan] ({quote.kind}): {escape(snippet)}")
    times = ", ".join(f"{t.text!r}={t.value}" for t in report.times)
    places = ", ".join(sorted({place_label(p) for p in report.places}))
    amounts = ", ".join(f"{a.text!r}={a.value:g} {a.currency or a.unit or ''}".strip() for a in report.amounts)
    console.print(f"[bold]Times[/bold]  {escape(times or '-')}")
    console.print(f"[bold]Places[/bold] {escape(places or '-')}")
    console.print(f"[bold]Amounts[/bold] {escape(amounts or '-')}")


def print_explanation(console: Console, report: Report, event: Event, text: str | None) -> None:
    """The sentence with the trigger marked, the pattern, how actors were resolved, why flags are set."""
    sentence = report.sentences[event.trigger.sentence] if event.trigger.sentence < len(report.sentences) else None
    if sentence is not None:
        marked = Text(sentence.text)
        offset = event.trigger.start - sentence.start
        if 0 <= offset < len(sentence.text):
            marked.stylize("bold reverse", offset, offset + len(event.trigger.text))
        console.print(Text("      ") + marked)
    for line in event.explanation:
        console.print(f"      - {escape(line)}")
    if event.contexts:
        contexts = escape(", ".join(event.contexts))
        console.print(f"      - PLOVER contexts: {contexts} (the code's, then cues in the clause)")
    for role, actor_id in (("source", event.source), ("target", event.target)):
        actor = report.actor(actor_id)
        if actor is not None:
            console.print(f"      - {role} {actor.id} {escape(actor.name)}: {escape(actor.resolution or 'as named')}")


def print_rows(console: Console, rows: Sequence[dict[str, Any]], columns: Iterable[str], title: str) -> None:
    columns = list(columns)
    table = Table(*columns, title=f"{title} ({len(rows)})", title_justify="left")
    for row in rows:
        table.add_row(*(_cell(row.get(column)) for column in columns))
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    text = str(value)
    return escape(text if len(text) <= 80 else text[:77] + "...")
