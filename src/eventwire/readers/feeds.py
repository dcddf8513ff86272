"""RSS and Atom feeds: one article per entry, read with feedparser from the file's bytes (no network)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import feedparser
from lxml import etree, html

from eventwire.errors import InputError
from eventwire.models import Article
from eventwire.readers.meta import make_article, parse_date
from eventwire.readers.validate import read_file, validate_article

BLOCK_TAGS = frozenset(
    {"p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"blockquote", "pre", "table", "tr", "section", "article", "header", "footer", "aside", "figure"}
    | {"figcaption", "address"}
)
SKIP_TAGS = frozenset({"script", "style", "template", "noscript"})
_EMAIL_AND_NAME = re.compile(r"\S+@\S+\s*\(([^()]+)\)")


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment: whitespace collapsed, blocks as paragraphs split by blank lines."""
    if not markup.strip():
        return ""
    try:
        root = html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return markup
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        joined = " ".join("".join(current).split())
        if joined:
            paragraphs.append(joined)
        current.clear()

    for event, element in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if element.tag in BLOCK_TAGS:
            flush()
        if event == "start" and element.tag not in SKIP_TAGS and element.text:
            current.append(element.text)
        if event != "start" and element is not root and element.tail:  # comments: keep only the tail
            current.append(element.tail)
    flush()
    return "\n\n".join(paragraphs)


def entry_author(entry: Any) -> str | None:
    """The author's name; RSS gives "email (Name)", which feedparser does not always split well."""
    author = entry.get("author")
    if isinstance(author, str) and (match := _EMAIL_AND_NAME.fullmatch(author.strip())):
        return match[1].strip()
    return author


def entry_text(entry: Any) -> str:
    """The entry's content (else its summary) as text."""
    contents = entry.get("content") or []
    detail = contents[0] if contents else entry.get("summary_detail")
    if not detail:
        return entry.get("summary", "")
    value = detail.get("value", "")
    return html_to_text(value) if "html" in detail.get("type", "text/html") else value


def entry_published(entry: Any) -> datetime | date | None:
    """Published (else updated) time: the feed's own string first, feedparser's UTC struct as fallback."""
    for key in ("published", "updated"):
        parsed = parse_date(dict.get(entry, key))  # plain dict access: no feedparser key aliasing
        if parsed is not None:
            return parsed
        struct = dict.get(entry, f"{key}_parsed")
        if struct:
            return datetime(*struct[:6], tzinfo=UTC)
    return None


def read_feed_file(path: str, max_bytes: int) -> Iterator[Article | InputError]:
    """Articles for a feed's entries, named `path#N` with N counted from 1."""
    try:
        parsed = feedparser.parse(io.BytesIO(read_file(path, path, max_bytes)))
    except InputError as exc:
        yield exc
        return
    if not parsed.entries:
        if parsed.get("bozo"):
            yield InputError(path, f"invalid feed: {parsed.get('bozo_exception')}")
        elif not parsed.get("version"):
            yield InputError(path, "not an RSS or Atom feed")
        return
    feed = parsed.feed
    for index, entry in enumerate(parsed.entries, start=1):
        item = f"{path}#{index}"
        meta = {
            "title": entry.get("title"),
            "url": entry.get("link"),
            "published": entry_published(entry),
            "outlet": feed.get("title"),
            "byline": entry_author(entry),
            "language": feed.get("language"),
        }
        try:
            yield validate_article(make_article(entry_text(entry), meta, item=item), item, max_bytes)
        except InputError as exc:
            yield exc
