"""Check a Report against an expected-facts file (the shape of the seed's expected.json).

Rules: events match by PLOVER type plus their actor, place and date constraints (any code in `cameo_any`);
names compare case-insensitively and an actor may be given by name or code; places compare by distance;
a quote's `contains` is a substring of the quote span.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

from eventwire.models import Actor, Event, Quote, Report

Check = Callable[[Report, dict[str, Any]], bool]


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.casefold() == b.casefold()


def _is(actor: Actor | None, name_or_code: str) -> bool:
    return actor is not None and (_same(actor.name, name_or_code) or _same(actor.code, name_or_code)
                                  or (actor.kind == "country" and _same(actor.country, name_or_code)))


def _country(actor: Actor | None) -> str | None:
    return actor.country if actor else None


def actor_matches(report: Report, want: dict[str, Any]) -> bool:
    return any(_actor_ok(report, actor, want) for actor in report.actors if _same(actor.name, want["name"]))


def _actor_ok(report: Report, actor: Actor, want: dict[str, Any]) -> bool:
    if "kind" in want and actor.kind != want["kind"].replace("organisation", "organization"):
        return False
    for key in ("code", "country", "sector"):
        if key not in want:
            continue
        if not (_same(getattr(actor, key), want[key]) or (key == "code" and _same(actor.name, want[key]))):
            return False
    if "affiliation" in want and not _same(actor.affiliation, want["affiliation"]):
        return False
    current = [r.title for r in actor.roles if not r.former]
    former = [r.title for r in actor.roles if r.former]
    if "roles_any" in want and not any(_same(t, w) for t in current for w in want["roles_any"]):
        return False
    if "former_roles_any" in want and not any(_same(t, w) for t in former for w in want["former_roles_any"]):
        return False
    texts = [m.text.casefold() for m in report.mentions if m.actor == actor.id]
    return all(any(w.casefold() in t for t in texts) for w in want.get("mentions_include", []))


def event_matches(report: Report, want: dict[str, Any]) -> list[Event]:
    return [e for e in report.events if _event_ok(report, e, want)]


def _event_ok(report: Report, event: Event, want: dict[str, Any]) -> bool:
    source, target = report.actor(event.source), report.actor(event.target)
    checks = [
        event.plover == want["plover"],
        "plover_mode" not in want or event.plover_mode == want["plover_mode"],
        "cameo_any" not in want or event.cameo in want["cameo_any"],
        "source_any" not in want or any(_is(source, s) for s in want["source_any"]),
        "source_country" not in want or _country(source) == want["source_country"],
        "target_country" not in want or _country(target) == want["target_country"],
        "actors_include" not in want or all(_is(source, a) or _is(target, a) for a in want["actors_include"]),
        "future" not in want or event.future == want["future"],
        "historical" not in want or event.historical == want["historical"],
        "place" not in want or _place_ok(report, event, want["place"]),
        "date" not in want or (event.date is not None and event.date.value == want["date"]),
        "date_range" not in want or _in_range(event, want["date_range"]),
        "amount" not in want or _amount_ok(report, event, want["amount"]),
    ]
    return all(checks)


def _place_ok(report: Report, event: Event, want: dict[str, Any]) -> bool:
    place = report.place(event.place)
    if place is None or (want.get("country") and place.country != want["country"]):
        return False
    if "lat" in want:
        return place.lat is not None and km_between(place.lat, place.lon, want["lat"], want["lon"]) <= want.get(
            "tolerance_km", 161)
    return True


def _in_range(event: Event, bounds: list[str]) -> bool:
    if event.date is None or event.date.start is None or event.date.end is None:
        return False
    low, high = date.fromisoformat(bounds[0]), date.fromisoformat(bounds[1])
    return low <= event.date.start and event.date.end <= high


def _amount_ok(report: Report, event: Event, want: dict[str, Any]) -> bool:
    amounts = [a for a in report.amounts if a.id in event.amounts]
    return any(
        math.isclose(a.value, want["value"], rel_tol=1e-6)
        and ("currency" not in want or a.currency == want["currency"])
        and ("approximate" not in want or a.approximate == want["approximate"])
        for a in amounts
    )


def quote_matches(report: Report, want: dict[str, Any]) -> list[Quote]:
    found = []
    for quote in report.quotes:
        if want["contains"] not in quote.text:
            continue
        kind_ok = quote.kind == want.get("type") or (want.get("type") == "indirect" and quote.kind == "mixed")
        if "type" in want and not kind_ok:
            continue
        if "speaker" in want and not _is(report.actor(quote.speaker), want["speaker"]):
            continue
        found.append(quote)
    return found


def time_matches(report: Report, want: dict[str, Any]) -> bool:
    return any(want["text"].casefold() in t.text.casefold() and t.value == want["value"] for t in report.times)


def place_matches(report: Report, want: dict[str, Any]) -> bool:
    for place in report.places:
        if not _same(place.text, want["text"]) or (want.get("country") and place.country != want["country"]):
            continue
        if "lat" in want and (place.lat is None or km_between(place.lat, place.lon, want["lat"], want["lon"])
                              > want.get("tolerance_km", 161)):
            continue
        return True
    return False


def summary(report: Report, expected: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """(found, expected) per section, the stretch items counted apart."""
    out: dict[str, tuple[int, int]] = {}
    for label, facts in (("", expected), ("stretch ", expected.get("stretch", {}))):
        failures = check(report, facts)
        for section, missing in failures.items():
            total = len(facts.get(section, []))
            if total:
                out[f"{label}{section}"] = (total - len(missing), total)
    return out


def check(report: Report, expected: dict[str, Any]) -> dict[str, list[str]]:
    """Failures per section: each a short description of an expected fact not found."""
    failures: dict[str, list[str]] = {"actors": [], "events": [], "quotes": [], "times": [], "places": []}
    for want in expected.get("actors", []):
        if not actor_matches(report, want):
            failures["actors"].append(want["name"])
    for want in expected.get("events", []):
        if not event_matches(report, want):
            failures["events"].append(want["id"])
    for want in expected.get("quotes", []):
        if not quote_matches(report, want):
            failures["quotes"].append(want["contains"])
    for want in expected.get("times", []):
        if not time_matches(report, want):
            failures["times"].append(want["text"])
    for want in expected.get("places", []):
        if not place_matches(report, want):
            failures["places"].append(want["text"])
    return failures
