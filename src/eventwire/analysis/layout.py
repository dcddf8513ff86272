"""What each line of a report is: headline, caption or sub-heading, body, or the closing credit line."""

from __future__ import annotations

import re

from eventwire.models import LineKind

CREDIT = re.compile(r"^[\w/ .&-]{0,40}\((?:[A-Za-z][\w.-]*)(?:\s*[,/]\s*[A-Za-z][\w.-]*)*\)\s*$")
FINAL_PUNCT = tuple('.?!"”’:;…)')
SHORT_LINE_WORDS = 25


def line_kinds(text: str, title: str | None) -> list[tuple[int, int, LineKind]]:
    """(start, end, kind) for each non-blank line."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    seen: set[str] = set()
    out: list[tuple[int, int, LineKind]] = []
    for n, (start, end) in enumerate(lines):
        line = text[start:end].strip()
        kind: LineKind = "body"
        unpunctuated = not line.endswith(FINAL_PUNCT) and len(line.split()) <= SHORT_LINE_WORDS
        if n == len(lines) - 1 and CREDIT.match(line):
            kind = "credit"
        elif (title and line == title.strip()) or (n == 0 and unpunctuated):
            kind = "headline"
        elif line in seen or unpunctuated:
            kind = "caption"
        seen.add(line)
        out.append((start, end, kind))
    return out


# "GENEVA, March 14 (Example Wire) - ", "KYIV, Ukraine (AP) — ", "WASHINGTON (Reuters) -- "
DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][A-Z.'’ -]{1,40}?)(?:,[ \t]+(?P<region>[A-Z][\w.’' -]{1,30}?))??"
    r"(?:,[ \t]+(?P<date>[A-Z][a-z]{2,9}\.?[ \t]+\d{1,2}(?:,[ \t]+\d{4})?))?"
    r"[ \t]*(?P<agency>\([^)\n]{1,60}\))?[ \t]*[-–—]{1,2}[ \t]+(?=\S)"
)
DATELINE_SEARCH_CHARS = 600


def find_dateline(text: str) -> re.Match[str] | None:
    """The dateline that opens a wire report's body, if any (first lines only)."""
    match = DATELINE.search(text, 0, DATELINE_SEARCH_CHARS)
    if match is None:
        return None
    if match.group("date") or match.group("agency") or match.group("region"):
        return match
    # 'WASHINGTON — President ...': a place in capitals and a dash (not a hyphen) alone
    dash = match.group(0).rstrip()[-1]
    return match if dash in "—–" or match.group(0).rstrip().endswith("--") and len(match.group("place")) >= 4 else None
