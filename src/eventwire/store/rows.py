"""Turn an `Article` and its `Report` into table rows (plain dicts, one list per table)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from eventwire.models import (
    Actor,
    Amount,
    Article,
    Event,
    Mention,
    Place,
    Quote,
    Report,
    Sentence,
    Spanned,
    TimeExpression,
)

Row = dict[str, Any]


@dataclass(frozen=True)
class _Lookup:
    """Report records by local id, for denormalising references."""

    actors: dict[str, Actor]
    places: dict[str, Place]
    amounts: dict[str, Amount]
    sentences: list[Sentence]

    @classmethod
    def of(cls, report: Report) -> _Lookup:
        return cls(
            actors={a.id: a for a in report.actors},
            places={p.id: p for p in report.places},
            amounts={a.id: a for a in report.amounts},
            sentences=report.sentences,
        )


def article_row(article: Article, report: Report, ingested_at: str) -> Row:
    """The `articles` row, with the whole report as JSON."""
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "text": article.text,
        "published": article.published.isoformat() if article.published else None,
        "published_date": article.published_date,
        "outlet": article.outlet,
        "byline": article.byline,
        "agencies": list(article.agencies),
        "language": article.language,
        "source": article.source,
        "ingested_at": ingested_at,
        "schema_version": report.schema_version,
        "report": report.model_dump_json(),
    }


def child_rows(report: Report, article_id: str, published: date | None) -> dict[str, list[Row]]:
    """Rows for every normalised table, keyed by table name."""
    look = _Lookup.of(report)
    mention_ids = _mention_ids(report)
    return {
        "actors": [_actor_row(article_id, i, a, mention_ids[a.id]) for i, a in enumerate(report.actors)],
        "mentions": [_mention_row(article_id, i, m) for i, m in enumerate(report.mentions)],
        "events": [_event_row(article_id, i, e, look, published) for i, e in enumerate(report.events)],
        "quotes": [_quote_row(article_id, i, q, look, published) for i, q in enumerate(report.quotes)],
        "times": [_time_row(article_id, i, t) for i, t in enumerate(report.times)],
        "places": [_place_row(article_id, i, p) for i, p in enumerate(report.places)],
        "amounts": [_amount_row(article_id, i, a) for i, a in enumerate(report.amounts)],
    }


def _mention_ids(report: Report) -> dict[str, set[str]]:
    """Mention ids per actor, from both `Actor.mentions` and `Mention.actor`."""
    found: dict[str, set[str]] = {a.id: set(a.mentions) for a in report.actors}
    for m in report.mentions:
        found.setdefault(m.actor, set()).add(m.id)
    return found


def _span(item: Spanned | None, prefix: str = "") -> Row:
    return {
        f"{prefix}start": item.start if item else None,
        f"{prefix}end": item.end if item else None,
        f"{prefix}text": item.text if item else None,
    }


def _actor_ref(prefix: str, actor_id: str | None, actor: Actor | None) -> Row:
    return {
        f"{prefix}_id": actor_id,
        f"{prefix}_name": actor.name if actor else None,
        f"{prefix}_code": actor.code if actor else None,
        f"{prefix}_country": actor.country if actor else None,
    }


def _actor_row(article_id: str, seq: int, actor: Actor, mention_ids: set[str]) -> Row:
    return {
        "article_id": article_id,
        "actor_id": actor.id,
        "seq": seq,
        "name": actor.name,
        "kind": actor.kind,
        "code": actor.code,
        "country": actor.country,
        "sector": actor.sector,
        "affiliation": actor.affiliation,
        "roles": [r.model_dump(mode="json") for r in actor.roles],
        "resolution": actor.resolution,
        "mention_count": len(mention_ids),
    }


def _mention_row(article_id: str, seq: int, mention: Mention) -> Row:
    return {
        "article_id": article_id,
        "mention_id": mention.id,
        "seq": seq,
        "actor_id": mention.actor,
        **_span(mention),
        "form": mention.form,
    }


def _event_dates(event: Event, published: date | None) -> Row:
    d = event.date
    start, end = (d.start, d.end) if d else (None, None)
    return {
        "date_value": d.value if d else None,
        "date_start": start,
        "date_end": end,
        "date_basis": d.basis if d else None,
        "span_start": start or end or published,
        "span_end": end or start or published,
    }


def _event_place(place_id: str | None, place: Place | None) -> Row:
    return {
        "place_id": place_id,
        "place_name": place.name if place else None,
        "place_country": place.country if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
    }


def _event_row(article_id: str, seq: int, event: Event, look: _Lookup, published: date | None) -> Row:
    index = event.trigger.sentence
    sentence = look.sentences[index].text if 0 <= index < len(look.sentences) else None
    amounts = [
        look.amounts[a].model_dump(mode="json") if a in look.amounts else {"id": a} for a in event.amounts
    ]
    return {
        "article_id": article_id,
        "event_id": event.id,
        "seq": seq,
        "plover": event.plover,
        "plover_mode": event.plover_mode,
        "cameo": event.cameo,
        "cameo_label": event.cameo_label,
        **_actor_ref("source", event.source, look.actors.get(event.source or "")),
        **_actor_ref("target", event.target, look.actors.get(event.target or "")),
        **_span(event.trigger, "trigger_"),
        "sentence_index": index,
        "sentence": sentence,
        **_event_dates(event, published),
        **_event_place(event.place, look.places.get(event.place or "")),
        "negated": event.negated,
        "future": event.future,
        "hypothetical": event.hypothetical,
        "historical": event.historical,
        "requested": event.requested,
        "cameo_root": event.cameo_root,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "contexts": list(event.contexts),
        "aid_kind": event.aid_kind,
        "pattern": event.pattern,
        "amounts": amounts,
        "quote_id": event.quote,
        "explanation": list(event.explanation),
    }


def _quote_row(article_id: str, seq: int, quote: Quote, look: _Lookup, published: date | None) -> Row:
    return {
        "article_id": article_id,
        "quote_id": quote.id,
        "seq": seq,
        **_span(quote),
        "kind": quote.kind,
        **_actor_ref("speaker", quote.speaker, look.actors.get(quote.speaker or "")),
        **_span(quote.speaker_mention, "speaker_mention_"),
        **_span(quote.cue, "cue_"),
        "rule": quote.rule,
        "published_date": published,
    }


def _time_row(article_id: str, seq: int, time: TimeExpression) -> Row:
    return {
        "article_id": article_id,
        "time_id": time.id,
        "seq": seq,
        **_span(time),
        "type": time.type,
        "value": time.value,
        "rule": time.rule,
    }


def _place_row(article_id: str, seq: int, place: Place) -> Row:
    return {
        "article_id": article_id,
        "place_id": place.id,
        "seq": seq,
        **_span(place),
        "name": place.name,
        "country": place.country,
        "admin1": place.admin1,
        "lat": place.lat,
        "lon": place.lon,
        "geonameid": place.geonameid,
        "feature_class": place.feature_class,
        "basis": place.basis,
    }


def _amount_row(article_id: str, seq: int, amount: Amount) -> Row:
    return {
        "article_id": article_id,
        "amount_id": amount.id,
        "seq": seq,
        **_span(amount),
        "value": amount.value,
        "currency": amount.currency,
        "unit": amount.unit,
        "qualifier": amount.qualifier,
    }
