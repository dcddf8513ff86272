"""The readers stage: input paths in, `Article` records (or `InputError`s saying why not) out.

Formats are chosen by extension, and by sniffing the first bytes when the extension is ambiguous
(`.xml`) or unknown: plain text (+ JSON sidecar), HTML, JSON Lines, JSON, RSS/Atom and WARC.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from eventwire.errors import InputError
from eventwire.models import Article
from eventwire.readers.feeds import read_feed_file
from eventwire.readers.formats import detect_format
from eventwire.readers.htmlpage import read_html_file
from eventwire.readers.jsonl import read_json_file, read_jsonl_file, read_jsonl_stream
from eventwire.readers.meta import parse_date
from eventwire.readers.paths import STDIN, expand_paths
from eventwire.readers.text import read_text_file
from eventwire.readers.warc import read_warc_file

__all__ = ["read_inputs", "read_path", "detect_format", "parse_date"]

Reader = Callable[[str, int], Iterator[Article | InputError]]

READERS: dict[str, Reader] = {
    "text": read_text_file,
    "html": read_html_file,
    "jsonl": read_jsonl_file,
    "json": read_json_file,
    "feed": read_feed_file,
    "warc": read_warc_file,
}


def read_path(path: str, max_bytes: int = 5_000_000) -> Iterator[Article | InputError]:
    """Articles (or errors) from one file."""
    try:
        fmt = detect_format(path)
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc}")
        return
    reader = READERS.get(fmt)
    if reader is None:
        yield InputError(path, "unsupported XML: not an RSS or Atom feed")
        return
    yield from reader(path, max_bytes)


def read_inputs(
    paths: Iterable[str], *, stdin: TextIO | None = None, max_bytes: int = 5_000_000
) -> Iterator[Article | InputError]:
    """Stream an `Article` or an `InputError` for every item under `paths`, in order.

    A path is a file, a directory (walked recursively in sorted order), a glob, or "-" for JSON Lines
    on `stdin` (default `sys.stdin`). Multi-record items are named `path:LINE` (JSON Lines),
    `path#N` (feed entries, from 1) and `path@OFFSET` (WARC records).
    """
    for path in expand_paths(paths):
        if isinstance(path, InputError):
            yield path
        elif path == STDIN:
            yield from read_jsonl_stream(stdin if stdin is not None else sys.stdin, "<stdin>", max_bytes)
        else:
            yield from read_path(path, max_bytes)
