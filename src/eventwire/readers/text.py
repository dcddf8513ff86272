"""Plain text files, with an optional JSON sidecar of the same stem for their metadata."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

from eventwire.errors import InputError
from eventwire.models import Article
from eventwire.readers.meta import make_article
from eventwire.readers.validate import decode_text, read_file, validate_article


def read_sidecar(path: str, item: str, max_bytes: int) -> dict[str, Any]:
    """The metadata in `article.json` next to `article.txt`, or {} when there is none.

    Only `.txt` files have sidecars, matching the directory walk, which skips exactly those `.json` files.
    """
    stem, suffix = os.path.splitext(path)
    sidecar = stem + ".json"
    if suffix.lower() != ".txt" or not os.path.isfile(sidecar):
        return {}
    name = os.path.basename(sidecar)
    try:
        meta = json.loads(read_file(sidecar, item, max_bytes).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(item, f"invalid JSON in sidecar {name}: {exc}") from exc
    if not isinstance(meta, dict):
        raise InputError(item, f"invalid sidecar {name}: expected a JSON object")
    return meta


def read_text_file(path: str, max_bytes: int) -> Iterator[Article | InputError]:
    """One article: the file's text exactly as decoded (BOM dropped, CRLF -> LF), titled by the sidecar
    or else by a short first line."""
    try:
        text = decode_text(read_file(path, path, max_bytes), path)
        meta = read_sidecar(path, path, max_bytes)
        article = make_article(text, meta, item=path, guess_headline=True)
        yield validate_article(article, path, max_bytes)
    except InputError as exc:
        yield exc
