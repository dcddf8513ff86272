"""Export stored data as JSON Lines or CSV, streaming row by row."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal, TextIO

from eventwire.store import Store

Format = Literal["jsonl", "csv"]
Table = Literal["events", "quotes", "actors", "reports"]
FORMATS: tuple[str, ...] = ("jsonl", "csv")
TABLES: tuple[str, ...] = ("events", "quotes", "actors", "reports")

__all__ = ["FORMATS", "TABLES", "Format", "Table", "export"]


def export(
    store: Store,
    fmt: Format,
    out: TextIO,
    table: Table = "events",
    filters: Mapping[str, Any] | None = None,
) -> int:
    """Write `table` from `store` to `out` as `fmt`; returns the number of rows written.

    "events", "quotes" and "actors" are the rows of the matching `Store` queries (`filters` are
    passed on as keyword arguments); "reports" is one full `Report` JSON per article (jsonl only).
    CSV has a header row; lists and dicts in cells are JSON-encoded.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if table not in TABLES:
        raise ValueError(f"unknown export table {table!r}; expected one of {', '.join(TABLES)}")
    if table == "reports":
        if fmt != "jsonl":
            raise ValueError("reports can only be exported as jsonl: a Report is nested and has no CSV form")
        if filters:
            raise ValueError("reports export takes no filters")
        return _write_lines(out, store.iter_report_json())
    rows = _rows(store, table, dict(filters or {}))
    if fmt == "jsonl":
        return _write_lines(out, (json.dumps(row, ensure_ascii=False) for row in rows))
    return _write_csv(out, rows, store.columns(table))


def _rows(store: Store, table: str, filters: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if table == "events":
        return store.iter_events(**filters)
    if table == "quotes":
        return store.iter_quotes(**filters)
    return store.iter_actors(**filters)


def _write_lines(out: TextIO, lines: Iterable[str]) -> int:
    count = 0
    for line in lines:
        out.write(line)
        out.write("\n")
        count += 1
    return count


def _cell(value: Any) -> Any:
    """A CSV cell: nested values as JSON, None as empty."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def _write_csv(out: TextIO, rows: Iterable[dict[str, Any]], columns: list[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
        count += 1
    return count
