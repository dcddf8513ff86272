"""HTML pages (files or WARC responses) to `Article`s with trafilatura, offline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import trafilatura
from trafilatura.settings import set_date_params

from eventwire.errors import InputError
from eventwire.models import Article
from eventwire.readers.meta import make_article, parse_date
from eventwire.readers.validate import read_file, validate_article

_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.I)
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_MIDNIGHT = "T00:00:00"


def page_date(found: str | None) -> datetime | date | None:
    """htmldate's answer as a datetime, or a date when the page gave no time (midnight, no zone)."""
    if not found:
        return None
    if found.endswith(_MIDNIGHT):
        return parse_date(found.removesuffix(_MIDNIGHT))
    return parse_date(found)


def page_text(extracted: str) -> str:
    """trafilatura puts one block a line; make each block a paragraph separated by a blank line."""
    return "\n\n".join(line.strip() for line in extracted.split("\n") if line.strip())


def extract_html(
    data: bytes, *, item: str, url: str | None = None, fallback_published: str | None = None
) -> Article:
    """Main text and metadata of an HTML page.

    `url` (a WARC target URI) wins over the page's canonical link; `fallback_published` (a WARC date)
    is used only when the page itself has no date.
    """
    if b"\x00" in data:
        raise InputError(item, "binary content, not text")
    date_params = {**set_date_params(True), "outputformat": _DATE_FORMAT}
    try:
        doc = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, date_extraction_params=date_params
        )
    except Exception as exc:  # a parser failure on one page must not end the run
        raise InputError(item, f"cannot extract HTML: {exc}") from exc
    if doc is None or not (doc.text or "").strip():
        raise InputError(item, "empty text (no main content found in the HTML)")
    lang = _HTML_LANG.search(data[:4096])
    meta: dict[str, Any] = {
        "title": doc.title,
        "url": url or doc.url,
        "published": page_date(doc.date) or parse_date(fallback_published),
        "outlet": doc.sitename,
        "byline": doc.author,
        "language": doc.language or (lang.group(1).decode("ascii") if lang else None),
    }
    return make_article(page_text(doc.text), meta, item=item)


def read_html_file(path: str, max_bytes: int) -> Iterator[Article | InputError]:
    try:
        article = extract_html(read_file(path, path, max_bytes), item=path)
        yield validate_article(article, path, max_bytes)
    except InputError as exc:
        yield exc
