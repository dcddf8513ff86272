"""Time expressions normalised to TIMEX3 values relative to the publication date.

News conventions these rules follow (where general date parsers differ):
- a bare weekday ("on Thursday") is the most recent such day on or before the publication date, that day
  included; "next Thursday" is the first one after it;
- "next week" / "last week" are ISO weeks (2024-W41); "this month" is the month (2024-10);
- "in March" without a year is March of the publication year;
- "two days" alone is a duration (P2D); "two days ago" is a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Direction = Literal["past", "future"] | None

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    name: n
    for n, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "several": "X", "few": "X", "a few": "X", "some": "X", "many": "X",
}
UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "hour": "H", "minute": "M"}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
VAGUE = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "recently": "PAST_REF", "lately": "PAST_REF",
    "the past": "PAST_REF", "earlier": "PAST_REF", "in the past": "PAST_REF", "soon": "FUTURE_REF",
    "the future": "FUTURE_REF", "in the future": "FUTURE_REF", "the coming days": "FUTURE_REF",
    "the coming weeks": "FUTURE_REF", "the coming months": "FUTURE_REF", "coming days": "FUTURE_REF",
    "recent days": "PAST_REF", "recent weeks": "PAST_REF", "recent months": "PAST_REF",
    "previously": "PAST_REF", "formerly": "PAST_REF", "nowadays": "PRESENT_REF", "future": "FUTURE_REF",
    "the present": "PRESENT_REF", "at present": "PRESENT_REF", "right now": "PRESENT_REF",
    "current": "PRESENT_REF", "recent": "PAST_REF",
}
_LEAD = re.compile(r"^(?:on|in|at|by|for|since|until|from|during|of|the|this past|earlier)\s+", re.I)
_NUM = (r"(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
        r"|several|few|a few|some|many)")
_UNIT = r"(day|week|month|year|decade|hour|minute)s?"


@dataclass(frozen=True)
class Timex:
    type: str  # DATE | TIME | DURATION | SET
    value: str
    rule: str
    first: date | None = None  # first day the value covers, for dates
    last: date | None = None


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_range(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def month_range(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def _day(value: date, rule: str) -> Timex:
    return Timex("DATE", value.isoformat(), rule, value, value)


def _week(day: date, rule: str) -> Timex:
    first, last = week_range(day)
    return Timex("DATE", iso_week(day), rule, first, last)


def _month(year: int, month: int, rule: str) -> Timex:
    first, last = month_range(year, month)
    return Timex("DATE", f"{year:04d}-{month:02d}", rule, first, last)


def _year(year: int, rule: str) -> Timex:
    return Timex("DATE", f"{year:04d}", rule, date(year, 1, 1), date(year, 12, 31))


def _number(word: str) -> int | str | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


def _shift_months(day: date, months: int) -> tuple[int, int]:
    total = day.year * 12 + day.month - 1 + months
    return total // 12, total % 12 + 1


def normalize(text: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    """TIMEX3 type and value for a time expression, or None when no rule applies. `direction` is the tense of the
    clause the expression dates ("past", "future" or None): it picks which Thursday, which March, which Oct. 3."""
    raw = " ".join(text.lower().replace("’", "'").split())
    raw = re.sub(r"'s$", "", raw)  # "last year's", "Friday's"
    phrase = _LEAD.sub("", raw)
    phrase = _LEAD.sub("", phrase).strip(" ,.")
    if not phrase:
        return None
    if phrase in VAGUE or raw in VAGUE:
        return Timex("DATE", VAGUE.get(phrase) or VAGUE[raw], "vague")
    for rule in _RULES:
        result = rule(phrase, anchor, direction)
        if result is not None:
            return result
    return None


def _absolute(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", phrase):
        return _safe_day(int(m[1]), int(m[2]), int(m[3]), "iso-date")
    # October 3, 2024
    if (m := re.fullmatch(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", phrase)) and m[1] in MONTHS:
        return _safe_day(int(m[3]), MONTHS[m[1]], int(m[2]), "month-day-year")
    # 3 October 2024
    if (m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\.?,? (\d{4})", phrase)) and m[2] in MONTHS:
        return _safe_day(int(m[3]), MONTHS[m[2]], int(m[1]), "day-month-year")
    if (m := re.fullmatch(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?", phrase)) and m[1] in MONTHS and anchor:  # Oct. 3
        return _safe_day(_year_of(anchor, MONTHS[m[1]], int(m[2]), direction), MONTHS[m[1]], int(m[2]), "month-day")
    # 3 October
    if (m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\.?", phrase)) and m[2] in MONTHS and anchor:
        return _safe_day(_year_of(anchor, MONTHS[m[2]], int(m[1]), direction), MONTHS[m[2]], int(m[1]), "day-month")
    if (m := re.fullmatch(r"([a-z]+)\.?,? (\d{4})", phrase)) and m[1] in MONTHS:  # March 2022
        return _month(int(m[2]), MONTHS[m[1]], "month-year")
    if phrase in MONTHS and len(phrase) > 3 and anchor:  # in March
        return _month(_year_of(anchor, MONTHS[phrase], None, direction), MONTHS[phrase], "month")
    if (m := re.fullmatch(r"(?:late|early|mid|mid-|the end of|the beginning of|the middle of) ?([a-z]+)", phrase)) \
            and m[1] in MONTHS and len(m[1]) > 3 and anchor:  # late November
        return _month(_year_of(anchor, MONTHS[m[1]], None, direction), MONTHS[m[1]], "month-part")
    if (m := re.fullmatch(r"(last|this|next|past|coming) ([a-z]+)", phrase)) and m[2] in MONTHS and anchor:
        month = MONTHS[m[2]]
        if m[1] == "this":
            return _month(anchor.year, month, "this-month-name")
        backward = m[1] in {"last", "past"}
        year = anchor.year - (month >= anchor.month) if backward else anchor.year + (month <= anchor.month)
        return _month(year, month, "last-next-month-name")
    if m := re.fullmatch(r"fiscal (?:year )?(\d{4})", phrase):
        return _year(int(m[1]), "fiscal-year")
    if m := re.fullmatch(r"(?:the )?(?:end|beginning|start|middle|rest|remainder) of (1[5-9]\d\d|20\d\d)", phrase):
        return _year(int(m[1]), "part-of-year")
    if m := re.fullmatch(r"(1[5-9]\d\d|20\d\d)", phrase):
        return _year(int(m[1]), "year")
    if m := re.fullmatch(r"(1[5-9]\d|20\d)0'?s", phrase):
        return Timex("DATE", m[1], "decade")
    return None


PAST_MONTHS_WINDOW = 9


def _year_of(anchor: date, month: int, day: int | None, direction: Direction) -> int:
    """The year of a month (and day) named without one: the last such date on or before the publication date in
    a past-tense clause, the next one after it in a future one; otherwise the past one unless that is more than
    nine months back (news mostly reports what happened; 'in January' written in November is the coming one)."""
    probe = (month, day or 1)
    before = anchor.year if probe <= (anchor.month, anchor.day if day else 1) else anchor.year - 1
    after = anchor.year if probe >= (anchor.month, anchor.day if day else 1) else anchor.year + 1
    if direction == "past":
        return before
    if direction == "future":
        return after
    months_back = (anchor.year - before) * 12 + anchor.month - month
    return before if months_back <= PAST_MONTHS_WINDOW else after


def _q(year: int, number: int, rule: str) -> Timex:
    first = date(year, 3 * number - 2, 1)
    return Timex("DATE", f"{year}-Q{number}", rule, first, month_range(year, 3 * number)[1])


def _quarter(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    """'the third quarter', 'third-quarter', 'the latest quarter', 'the year-earlier quarter', 'next quarter'."""
    if anchor is None or "quarter" not in phrase and phrase not in {"year-earlier", "year-ago", "the latest period"}:
        return None
    current = (anchor.month - 1) // 3 + 1
    last_done = (anchor.year, current - 1) if current > 1 else (anchor.year - 1, 4)
    words = phrase.replace("-", " ").split()
    if m := re.search(r"\b(first|second|third|fourth)\b", phrase):
        number = ["first", "second", "third", "fourth"].index(m[1]) + 1
        year = anchor.year if (number, 1) <= (current, 1) or direction == "future" else anchor.year - 1
        if "year" in words and ("ago" in words or "earlier" in words):
            year -= 1
        return _q(year, number, "quarter")
    if "ago" in words or "earlier" in words:  # 'the year-ago quarter': the last one a year before
        return _q(last_done[0] - 1, last_done[1], "quarter-year-ago")
    if words[-1] != "quarter" and phrase != "the latest period":
        return None
    if any(w in words for w in ("current", "this")):
        return _q(anchor.year, current, "quarter-current")
    if any(w in words for w in ("next", "coming")):
        year, number = (anchor.year, current + 1) if current < 4 else (anchor.year + 1, 1)
        return _q(year, number, "quarter-next")
    return _q(last_done[0], last_done[1], "quarter-last")  # 'the quarter', 'the latest quarter'


def _hyphenated_duration(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    """'a two-year deal', 'a 16-hour standoff': a duration used as a modifier."""
    m = re.fullmatch(_NUM + r"-" + _UNIT, phrase)
    if not m or not isinstance(count := _number(m[1]), int):
        return None
    prefix = "PT" if m[2] in {"hour", "minute"} else "P"
    return Timex("DURATION", f"{prefix}{count}{UNITS[m[2]]}", "duration-modifier")


def _clock(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    """'10:35 a.m.', '9 p.m. Tuesday', 'midday', 'midnight': a time of the publication day (or of the weekday)."""
    if anchor is None:
        return None
    if phrase in {"midday", "noon", "midnight"}:
        return Timex("TIME", f"{anchor.isoformat()}T{'24:00' if phrase == 'midnight' else '12:00'}", "clock-word")
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))? ?([ap])\.?m\.?(?: (?:on )?([a-z]+))?(?: [a-z]+)?", phrase)
    if not m or int(m[1]) > 12:
        return None
    hour = int(m[1]) % 12 + (12 if m[3] == "p" else 0)
    day = anchor
    if m[4]:
        weekday = _weekday(m[4], anchor, direction)
        if weekday is None or weekday.first is None:
            return None
        day = weekday.first
    return Timex("TIME", f"{day.isoformat()}T{hour:02d}:{m[2] or '00'}", "clock")


def _safe_day(year: int, month: int, day: int, rule: str) -> Timex | None:
    try:
        return _day(date(year, month, day), rule)
    except ValueError:
        return None


def _deictic(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    if anchor is None:
        return None
    simple = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2}
    if phrase in simple:
        return _day(anchor + timedelta(days=simple[phrase]), "deictic-day")
    if m := re.fullmatch(r"(?:late|early) (yesterday|today|tomorrow)", phrase):
        return _day(anchor + timedelta(days=simple[m[1]]), "deictic-day-part")
    if m := re.fullmatch(r"this (morning|afternoon|evening)", phrase):
        part = {"morning": "MO", "afternoon": "AF", "evening": "EV"}[m[1]]
        return Timex("TIME", f"{anchor.isoformat()}T{part}", "deictic-part")
    if m := re.fullmatch(r"(yesterday|today|tomorrow) (morning|afternoon|evening|night)", phrase):
        offset = simple[m[1]]
        part = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}[m[2]]
        return Timex("TIME", f"{(anchor + timedelta(days=offset)).isoformat()}T{part}", "deictic-part")
    if m := re.fullmatch(r"(this|last|next|past|previous|coming) (week|month|year|weekend)", phrase):
        step = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[m[1]]
        if m[2] == "week":
            return _week(anchor + timedelta(weeks=step), "relative-week")
        if m[2] == "weekend":
            saturday = anchor + timedelta(days=(5 - anchor.weekday()) + 7 * step)
            if step == 0 and anchor.weekday() == 6:
                saturday = anchor - timedelta(days=1)
            return Timex("DATE", f"{iso_week(saturday)}-WE", "relative-weekend")
        if m[2] == "month":
            return _month(*_shift_months(anchor, step), "relative-month")
        return _year(anchor.year + step, "relative-year")
    if m := re.fullmatch(r"(?:(this|last|next) )?(spring|summer|autumn|fall|winter)", phrase):
        year = anchor.year + {"last": -1, "next": 1}.get(m[1] or "", 0)
        return Timex("DATE", f"{year}-{SEASONS[m[2]]}", "season")
    if m := re.fullmatch(r"(?:earlier|later|late|early|mid|mid-|the end of|the beginning of) ?(this|next|last) "
                         r"(week|month|year)", phrase):
        return _deictic(f"{m[1]} {m[2]}", anchor, direction)
    return None


def _weekday(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    m = re.fullmatch(r"(?:(last|next|this|coming|past) )?([a-z]+?)(?:'s)?(?: (morning|afternoon|evening|night))?",
                     phrase)
    if not m or m[2] not in WEEKDAYS or anchor is None:
        return None
    target = WEEKDAYS.index(m[2])
    if m[1] in {"next", "coming"}:
        delta = (target - anchor.weekday()) % 7 or 7
        day = anchor + timedelta(days=delta)
    elif m[1] in {"last", "past"}:
        delta = (anchor.weekday() - target) % 7 or 7
        day = anchor - timedelta(days=delta)
    elif direction == "future":  # 'will meet on Thursday': the coming one
        day = anchor + timedelta(days=(target - anchor.weekday()) % 7 or 7)
    else:  # news: the most recent such day, the publication day included
        day = anchor - timedelta(days=(anchor.weekday() - target) % 7)
    if m[3]:
        part = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}[m[3]]
        return Timex("TIME", f"{day.isoformat()}T{part}", "weekday-part")
    return _day(day, "weekday")


def _relative_offset(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    m = re.fullmatch(_NUM + r" " + _UNIT + r" (ago|earlier|before|later|from now)", phrase)
    if not m or anchor is None:
        return None
    count = _number(m[1])
    if not isinstance(count, int):
        return Timex("DATE", "PAST_REF" if m[3] in {"ago", "earlier", "before"} else "FUTURE_REF", "vague-offset")
    sign = -1 if m[3] in {"ago", "earlier", "before"} else 1
    if m[2] == "day":
        return _day(anchor + timedelta(days=sign * count), "offset-days")
    if m[2] == "week":
        return _week(anchor + timedelta(weeks=sign * count), "offset-weeks")
    if m[2] == "month":
        return _month(*_shift_months(anchor, sign * count), "offset-months")
    if m[2] == "year":
        return _year(anchor.year + sign * count, "offset-years")
    return None


def _duration(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    m = re.fullmatch(r"(?:(?:the )?(?:last|past|next|coming|recent|first) )?" + _NUM + r"? ?(?:more )?" + _UNIT,
                     phrase)
    if not m:
        return None
    count = _number(m[1]) if m[1] else "X" if phrase.endswith("s") else 1
    unit = UNITS[m[2]]
    prefix = "PT" if m[2] in {"hour", "minute"} else "P"
    return Timex("DURATION", f"{prefix}{count}{unit}", "duration")


def _set(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    if m := re.fullmatch(r"(?:every|each) ([a-z]+)", phrase):
        if m[1] in WEEKDAYS:
            return Timex("SET", f"XXXX-WXX-{WEEKDAYS.index(m[1]) + 1}", "set-weekday")
        if m[1] in UNITS:
            return Timex("SET", f"P1{UNITS[m[1]]}", "set-unit")
    if phrase in {"daily", "weekly", "monthly", "annually", "yearly"}:
        unit = {"daily": "D", "weekly": "W", "monthly": "M", "annually": "Y", "yearly": "Y"}[phrase]
        return Timex("SET", f"P1{unit}", "set-adverb")
    return None


_RULES = (_absolute, _quarter, _clock, _deictic, _weekday, _relative_offset, _set, _hyphenated_duration,
          _duration)


# Expressions TimeML tags that a general NER model often leaves out: present/past/future references, quarters,
# durations used as modifiers ('a two-year deal') and frequencies. Found by pattern, normalised by the rules above.
UNLABELLED = re.compile(
    r"\b(?:now|currently|recently|lately|formerly|nowadays|right now|at present"
    r"|the (?:future|past|present)"
    r"|(?:the )?(?:(?:first|second|third|fourth|latest|last|current|previous|past|recent|next|coming|same|"
    r"year-ago|year-earlier|fiscal)[ -])+quarter|the quarter"
    r"|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty)-"
    r"(?:year|month|week|day|hour|minute)(?!-old|s? old)"
    r"|every (?:day|week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|daily|weekly|monthly|annually|current|midday|noon|midnight"
    r"|\d{1,2}(?::\d{2})? ?[ap]\.m\."
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\. \d{1,2}"
    r"|(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|several|a few) "
    r"(?:years?|months?|weeks?|days?|hours?|minutes?))",
    re.IGNORECASE,
)


# the alternatives of UNLABELLED end in a letter or in 'a.m.': no word character may follow them
UNLABELLED_END = re.compile(r"(?!\w)")
YEAR_BEFORE = re.compile(r"^(?:a|one) year (?:ago|earlier|before)$", re.I)


def quarter_granularity(expressions: list[tuple[int, int, Timex]], text: str) -> list[tuple[int, int, Timex]]:
    """In a report about a quarter ('third-quarter profit'), 'a year ago' is that quarter a year before (TimeML's
    reading of financial news): 1988-Q3, not 1988."""
    quarters = [t.value for _, _, t in expressions if re.fullmatch(r"\d{4}-Q\d", t.value)]
    if not quarters:
        return expressions
    year, number = quarters[0].split("-Q")
    out = []
    for start, end, timex in expressions:
        if YEAR_BEFORE.match(text[start:end].strip()):
            timex = _q(int(year) - 1, int(number), "year-before-quarter")
        out.append((start, end, timex))
    return out


def unlabelled_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of time expressions found by pattern (see UNLABELLED)."""
    return [(m.start(), m.end()) for m in UNLABELLED.finditer(text) if UNLABELLED_END.match(text, m.end())]
