"""Which reader a file needs: by extension, and by its first bytes when the extension does not say."""

from __future__ import annotations

import os
import re

EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".arc": "warc",
}
COMPRESSED_ARCHIVES = (".warc.gz", ".arc.gz")
SNIFF_BYTES = 1024

_PROLOG = rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
_FEED_ROOT = re.compile(_PROLOG + rb"(?:<!doctype[^>]*>\s*)?<(?:rss|feed|rdf:rdf)\b", re.I | re.S)
_HTML_ROOT = re.compile(_PROLOG + rb"<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def sniff(head: bytes) -> str | None:
    """The format that the first bytes of a file announce, if any."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    if head.startswith(b"WARC/"):
        return "warc"
    if _FEED_ROOT.match(head):
        return "feed"
    if _HTML_ROOT.match(head):
        return "html"
    return None


def detect_format(path: str) -> str:
    """One of "text", "html", "jsonl", "json", "feed", "warc", or "xml" (XML that is no feed).

    Raises OSError when the file must be sniffed and cannot be opened.
    """
    name = path.lower()
    if name.endswith(COMPRESSED_ARCHIVES):
        return "warc"
    suffix = os.path.splitext(name)[1]
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    with open(path, "rb") as handle:
        found = sniff(handle.read(SNIFF_BYTES))
    if suffix == ".xml":
        return found if found in ("feed", "html") else "xml"
    return found or "text"
