"""Article metadata shared by all readers: dates, titles, credit lines and building the record."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from eventwire.errors import InputError
from eventwire.models import Article, article_id

try:  # python-dateutil comes with htmldate; use it as the last resort when present
    from dateutil import parser as _dateutil_parser
except ImportError:  # pragma: no cover - depends on the environment
    _dateutil_parser = None

MAX_TITLE_CHARS = 200
STRING_FIELDS = ("id", "title", "url", "outlet", "byline", "language")

_AGENCY_NAMES = (
    "AP|Associated Press|AFP|Agence France-Presse|Reuters|dpa|epd|KNA|EFE|ANSA|Xinhua|TASS|Interfax|"
    "RIA Novosti|Ukrinform|UNIAN|UPI|PA|Press Association|Kyodo|Yonhap|Anadolu|AA|PTI|IANS|ANI|AAP|CP|"
    "Canadian Press|Bloomberg|APA|SDA|Keystone-SDA|ANP|Belga|TT|NTB|Ritzau|PAP|CTK|MTI|BTA|Lusa|"
    "Europa Press|KUNA|WAFA|IRNA|SPA|WAM|MENA|Bernama|Antara|SID|KCNA|ISNA|Tasnim|Fars"
)
KNOWN_AGENCIES: frozenset[str] = frozenset(name.lower() for name in _AGENCY_NAMES.split("|"))

_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\b\d{4}\b")
_CREDIT_LINE = re.compile(r"^(?P<byline>[^()\n]*?)\s*\((?P<agencies>[^()\n]{2,120})\)$")
_INITIALS = re.compile(r"^[a-z]{1,5}(?:/[a-z]{1,5})+$")
_NAMES = re.compile(r"^[A-Z][\w'’.-]*(?:(?:\s+|\s*,\s*)(?:[A-Z][\w'’.-]*|and|&))*$")
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z .'’-]{1,40}(?:,[^()\n]{1,40})?\s*\((?P<agencies>[^()\n]{2,60})\)\s*(?:--|[-–—])",
    re.MULTILINE,
)
_AGENCY_SPLIT = re.compile(r"\s*(?:,|/|;|\band\b|&)\s*")


def normalise_text(text: str) -> str:
    """Drop a leading BOM and turn CRLF into LF; nothing else changes, so offsets stay meaningful."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def parse_date(value: object) -> datetime | date | None:
    """A timezone-aware datetime (UTC when no zone is given), a date when only a date is given, else None."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if _DATE_ONLY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    for parse in (datetime.fromisoformat, parsedate_to_datetime, _parse_with_dateutil):
        try:
            parsed = parse(text)
        except (ValueError, TypeError, OverflowError):
            continue
        if isinstance(parsed, datetime):
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        if parsed is not None:
            return parsed
    return None


def _parse_with_dateutil(text: str) -> datetime | date | None:
    """Free-form dates ("Oct 3, 2024 10:15 CET"); needs a four-digit year to avoid guessing."""
    if _dateutil_parser is None or not _YEAR.search(text):
        return None
    parsed = _dateutil_parser.parse(text)
    if ":" not in text and parsed.time() == datetime.min.time() and parsed.tzinfo is None:
        return parsed.date()
    return parsed


def guess_title(text: str) -> str | None:
    """The first non-empty line when it reads like a headline: short and without a final period."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            if len(line) <= MAX_TITLE_CHARS and not line.endswith("."):
                return line
            return None
    return None


def split_agencies(text: str) -> list[str]:
    return [part.strip() for part in _AGENCY_SPLIT.split(text) if part.strip()]


def credit_line(text: str) -> tuple[str | None, list[str]]:
    """Byline and agencies from a closing credit line such as "rc/sms (dpa, AP)" or "(Reuters)"."""
    last = next((line.strip() for line in reversed(text.splitlines()) if line.strip()), "")
    match = _CREDIT_LINE.match(last)
    if not match:
        return None, []
    byline = match["byline"].strip(" -–—") or None
    agencies = split_agencies(match["agencies"])
    known = all(agency.lower() in KNOWN_AGENCIES for agency in agencies)
    initials = byline is not None and _INITIALS.match(byline) is not None
    if not agencies or not (known or initials) or any(len(agency) > 40 for agency in agencies):
        return None, []
    if byline is not None and not initials and (len(byline) > 60 or not _NAMES.match(byline)):
        byline = None  # the text before "(AFP)" is a sentence, not a byline
    return byline, agencies


def dateline_agencies(text: str) -> list[str]:
    """Agencies from an opening dateline such as "KYIV, Oct 3 (Reuters) -"."""
    match = _DATELINE.search(text[:1000])
    if not match:
        return []
    agencies = split_agencies(match["agencies"])
    return agencies if all(len(agency) <= 40 for agency in agencies) else []


def language_code(value: str | None) -> str:
    """The primary language subtag, lower-cased ("en-US" -> "en"); English when not given."""
    code = (value or "").strip().lower().replace("_", "-").split("-")[0]
    return {"": "en", "eng": "en"}.get(code, code)


def _str_field(meta: Mapping[str, Any], key: str, item: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(item, f"invalid field {key!r}: expected a string, got {type(value).__name__}")
    return value.strip() or None


def _agencies_field(meta: Mapping[str, Any], item: str) -> list[str]:
    value = meta.get("agencies")
    if value is None:
        return []
    if isinstance(value, str):
        return split_agencies(value)
    if not isinstance(value, list) or not all(isinstance(agency, str) for agency in value):
        raise InputError(item, "invalid field 'agencies': expected a list of strings")
    return [agency.strip() for agency in value if agency.strip()]


def make_article(text: str, meta: Mapping[str, Any], *, item: str, guess_headline: bool = False) -> Article:
    """Build an `Article` from text and metadata (sidecar, JSON line, feed entry or HTML page).

    Missing agencies (and byline) are filled from a closing credit line or an opening dateline;
    the id is the metadata's `id` if given, else `article_id(text, url)`.
    """
    text = normalise_text(text)
    fields = {key: _str_field(meta, key, item) for key in STRING_FIELDS}
    agencies = _agencies_field(meta, item)
    byline = fields["byline"]
    if not agencies:
        credit_byline, agencies = credit_line(text)
        byline = byline or credit_byline
        agencies = agencies or dateline_agencies(text)
    title = fields["title"] or (guess_title(text) if guess_headline else None)
    return Article(
        id=fields["id"] or article_id(text, fields["url"]),
        text=text,
        title=title,
        url=fields["url"],
        published=parse_date(meta.get("published")),
        outlet=fields["outlet"],
        byline=byline,
        agencies=list(dict.fromkeys(agencies)),
        language=language_code(fields["language"]),
        source=item,
    )
