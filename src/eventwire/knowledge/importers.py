"""Actors from other formats, turned into knowledge sections (`people`, `organizations`).

- CSV with a header: `name, aliases, kind, code, country, sector, title, organization, start, end`
  (aliases separated by `|`; one row per role, rows with the same name are one person; `kind` is person,
  organization or group).
- PETRARCH/Phoenix actor dictionaries (text): a primary line `ANGELA_MERKEL_` (words joined by `_`), synonym
  lines starting with `+`, and codes in brackets on the primary line or on their own lines, optionally with
  dates as yymmdd: `[DEUGOV 051122-211208]`, `[DEUELI >211209]`, `[USAELI <090120]`. An entry with dated
  codes is a person (one role per code); an entry with undated codes is an organisation.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

Sections = dict[str, list[dict[str, Any]]]

CODE = re.compile(r"\[\s*([A-Z]{3,})\s*([<>]?\s*\d{6})?\s*(?:-\s*(\d{6}))?\s*\]")
COUNTRY_CODE = re.compile(r"^[A-Z]{3}$")


def read_actor_csv(path: Path) -> Sections:
    people: dict[str, dict[str, Any]] = {}
    organizations: list[dict[str, Any]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            name = (row.get("name") or "").strip()
            if not name:
                raise ValueError(f"{path}:{line}: missing name")
            aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
            kind = (row.get("kind") or "person").strip().lower()
            if kind == "person":
                person = people.setdefault(name, {"name": name, "aliases": [], "roles": []})
                person["aliases"] += [a for a in aliases if a not in person["aliases"]]
                role = _csv_role(row)
                if role:
                    person["roles"].append(role)
            else:
                organizations.append(_clean({
                    "name": name, "aliases": aliases, "kind": kind, "code": _value(row, "code"),
                    "country": _value(row, "country"), "sector": _value(row, "sector"),
                }))
    return {"people": list(people.values()), "organizations": organizations}


def _csv_role(row: dict[str, str]) -> dict[str, Any] | None:
    code = _value(row, "code")
    country = _value(row, "country") or (code[:3] if code and COUNTRY_CODE.match(code[:3]) else None)
    organization = _value(row, "organization")
    if not (country or organization):
        return None
    return _clean({
        "title": _value(row, "title") or code or "Official",
        "country": None if organization else country,
        "organization": organization,
        "sector": _value(row, "sector") or (code[3:6] if code and len(code) >= 6 else None),
        "start": _value(row, "start"),
        "end": _value(row, "end"),
    })


def read_petrarch_actors(path: Path) -> Sections:
    people: list[dict[str, Any]] = []
    organizations: list[dict[str, Any]] = []
    for name, synonyms, codes in _petrarch_entries(path):
        dated = [c for c in codes if c[1] or c[2]]
        if dated or any(_is_country_sector(c[0]) and c[0][3:] in {"GOV", "ELI", "MIL"} for c in codes):
            people.append({"name": name, "aliases": synonyms, "roles": [_petrarch_role(*c) for c in codes]})
        elif codes:
            code = codes[0][0]
            organizations.append(_clean({
                "name": name, "aliases": synonyms, "code": code, "kind": "organization",
                "country": code[:3] if _is_country_sector(code) else None,
                "sector": code[3:6] if _is_country_sector(code) else code[:3],
            }))
    return {"people": people, "organizations": organizations}


def _petrarch_entries(path: Path) -> Iterator[tuple[str, list[str], list[tuple[str, date | None, date | None]]]]:
    name: str | None = None
    synonyms: list[str] = []
    codes: list[tuple[str, date | None, date | None]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("!"):
            continue
        if line.startswith("+"):
            synonyms.append(_words(line[1:].split("[")[0]))
        elif line.startswith("["):
            codes += _codes(line)
        else:
            if name is not None:
                yield name, synonyms, codes
            name, synonyms, codes = _words(line.split("[")[0]), [], _codes(line)
    if name is not None:
        yield name, synonyms, codes


def _codes(line: str) -> list[tuple[str, date | None, date | None]]:
    out = []
    for match in CODE.finditer(line):
        code, first, second = match.groups()
        start = end = None
        if first and first.startswith("<"):
            end = _yymmdd(first[1:])
        elif first and first.startswith(">"):
            start = _yymmdd(first[1:])
        elif first:
            start = _yymmdd(first)
        if second:
            end = _yymmdd(second)
        out.append((code, start, end))
    return out


def _petrarch_role(code: str, start: date | None, end: date | None) -> dict[str, Any]:
    role: dict[str, Any] = {"title": code, "start": start, "end": end}
    if _is_country_sector(code):
        role.update(country=code[:3], sector=code[3:6])
    else:
        role["organization"] = code
    return _clean(role)


def _is_country_sector(code: str) -> bool:
    return len(code) >= 6 and not code.startswith(("IGO", "NGO", "MNC"))


def _yymmdd(text: str) -> date:
    text = text.strip()
    year = int(text[:2])
    return date(1900 + year if year >= 30 else 2000 + year, int(text[2:4]), int(text[4:6]))


def _words(raw: str) -> str:
    words = [w for w in raw.strip().strip("_").split("_") if w]
    return " ".join(w if len(w) <= 3 and w.isupper() and not w.isalpha() else w.capitalize() for w in words)


def _value(row: dict[str, str], key: str) -> str | None:
    value = (row.get(key) or "").strip()
    return value or None


def _clean(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if v not in (None, [], "")}
