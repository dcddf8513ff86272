"""JSON Lines (files and stdin) and plain JSON files: one article per object."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, AnyStr, TextIO

from eventwire.errors import InputError
from eventwire.models import Article
from eventwire.readers.meta import make_article
from eventwire.readers.validate import read_file, too_large, validate_article

_CHUNK = 1 << 16


def _ends_line(line: str | bytes) -> bool:
    return line.endswith(b"\n" if isinstance(line, bytes) else "\n")


def bounded_lines(readline: Callable[[int], AnyStr], limit: int) -> Iterator[tuple[int, AnyStr | None, int]]:
    """(line number, line, size) for each line; the line is None when longer than `limit`, which is
    skipped without being held in memory."""
    lineno = 0
    while line := readline(limit + 1):
        lineno += 1
        size = len(line)
        if size <= limit or _ends_line(line):
            yield lineno, line, size
            continue
        while line and not _ends_line(line):
            line = readline(_CHUNK)
            size += len(line)
        yield lineno, None, size


def record_article(record: object, item: str, max_bytes: int) -> Article:
    """An article from one decoded JSON value, which must be an object with a string `text`."""
    if not isinstance(record, dict):
        raise InputError(item, f"invalid record: expected a JSON object, got {type(record).__name__}")
    if "text" not in record:
        raise InputError(item, "missing 'text'")
    text = record["text"]
    if not isinstance(text, str):
        raise InputError(item, f"invalid field 'text': expected a string, got {type(text).__name__}")
    return validate_article(make_article(text, record, item=item), item, max_bytes)


def _parse_line(line: str | bytes, item: str) -> Any:
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(item, f"invalid JSON: not UTF-8 ({exc})") from exc
    try:
        return json.loads(line.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise InputError(item, f"invalid JSON: {exc}") from exc


def read_lines(
    readline: Callable[[int], AnyStr], name: str, max_bytes: int, unit: str = "bytes"
) -> Iterator[Article | InputError]:
    """Articles from JSON Lines; a bad line is an `InputError` for `name:LINE` and reading goes on."""
    for lineno, line, size in bounded_lines(readline, max_bytes):
        item = f"{name}:{lineno}"
        if line is None:
            yield InputError(item, too_large(size, max_bytes, unit))
            continue
        if not line.strip():
            continue
        try:
            yield record_article(_parse_line(line, item), item, max_bytes)
        except InputError as exc:
            yield exc


def read_jsonl_file(path: str, max_bytes: int) -> Iterator[Article | InputError]:
    try:
        with open(path, "rb") as handle:
            yield from read_lines(handle.readline, path, max_bytes)
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc}")


def read_jsonl_stream(stream: TextIO, name: str, max_bytes: int) -> Iterator[Article | InputError]:
    yield from read_lines(stream.readline, name, max_bytes, unit="characters")


def read_json_file(path: str, max_bytes: int) -> Iterator[Article | InputError]:
    """A JSON file holding one article object (item `path`) or a list of them (items `path#N`, from 1)."""
    try:
        data = read_file(path, path, max_bytes)
        value = _parse_line(data.removeprefix(b"\xef\xbb\xbf"), path)
    except InputError as exc:
        yield exc
        return
    records = value if isinstance(value, list) else [value]
    for index, record in enumerate(records, start=1):
        item = f"{path}#{index}" if isinstance(value, list) else path
        try:
            yield record_article(record, item, max_bytes)
        except InputError as exc:
            yield exc
