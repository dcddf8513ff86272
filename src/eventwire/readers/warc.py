"""WARC archives: each HTML `response` with HTTP 200 becomes an article; other records are skipped."""

from __future__ import annotations

from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from eventwire.errors import InputError
from eventwire.models import Article
from eventwire.readers.htmlpage import extract_html
from eventwire.readers.validate import too_large, validate_article

HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_html_response(record: ArcWarcRecord) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return record.http_headers.get_statuscode() == "200" and content_type.startswith(HTML_TYPES)


def read_payload(record: ArcWarcRecord, item: str, max_bytes: int) -> bytes:
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        raise InputError(item, too_large(record.length or len(payload), max_bytes))
    return payload


def page_article(record: ArcWarcRecord, payload: bytes, item: str, max_bytes: int) -> Article | InputError:
    """The page in one response: url from WARC-Target-URI; date the page's own, else WARC-Date."""
    try:
        article = extract_html(
            payload,
            item=item,
            url=record.rec_headers.get_header("WARC-Target-URI"),
            fallback_published=record.rec_headers.get_header("WARC-Date"),
        )
        return validate_article(article, item, max_bytes)
    except InputError as exc:
        return exc


def read_records(records: ArchiveIterator, path: str, max_bytes: int) -> Iterator[Article | InputError]:
    """Articles named `path@OFFSET`; a damaged archive ends with an error at the offset where it broke."""
    while True:
        try:
            record = next(records)
            if not is_html_response(record):
                continue
            item = f"{path}@{records.offset}"
            payload = read_payload(record, item, max_bytes)
        except StopIteration:
            return
        except InputError as exc:
            yield exc
            continue
        except Exception as exc:  # warcio, zlib and gzip raise many kinds on damaged archives
            yield InputError(path, f"corrupt WARC at offset {records.offset}: {exc}")
            return
        yield page_article(record, payload, item, max_bytes)


def read_warc_file(path: str, max_bytes: int) -> Iterator[Article | InputError]:
    try:
        with open(path, "rb") as handle:
            yield from read_records(ArchiveIterator(handle), path, max_bytes)
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc}")
