"""Time expressions normalised to TIMEX3 values relative to the publication date.

News conventions these rules follow (where general date parsers differ):
- a bare weekday ("on Thursday") is the most recent such day on or before the publication date, that day
  included; "next Thursday" is the first one after it;
- "next week" / "last week" are ISO weeks (2024-W41); "this month" is the month (2024-10);
- "in March" without a year is March of the publication year;
- "two days" alone is a duration (P2D); "two days ago" is a date;
- a weekday or date looks ahead in a future clause, after a deadline word ("payable Dec. 7"), in a plan or a
  postponement ("plans to meet Tuesday", "postponed until Friday"), after "as soon as", and in the news present
  ("they meet Monday"); otherwise it is the past one;
- "the weekend" is the last one (the coming one in a future clause); "a year ago" in a report about a quarter is
  that quarter a year before (TimeML's reading of financial news), and "the quarter" is the one it named last;
- "the year ended June 30" and "the fiscal year" are lengths (P1Y), "the full year" is the report's year;
  "year-end" is this year's (last year's in a past clause); "last night" is the evening before (`TNI`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from string import capwords
from typing import Literal

from dateutil.easter import easter

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
    "thirty": 30, "several": "X", "few": "X", "a few": "X", "some": "X", "many": "X", "a couple of": 2,
    "a hundred": 100, "an additional": 1, "another": 1,
}
UNITS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "hour": "H",
         "minute": "M"}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
VAGUE = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "recently": "PAST_REF", "lately": "PAST_REF",
    "the past": "PAST_REF", "earlier": "PAST_REF", "in the past": "PAST_REF", "soon": "FUTURE_REF",
    "the future": "FUTURE_REF", "in the future": "FUTURE_REF", "the coming days": "FUTURE_REF",
    "the coming weeks": "FUTURE_REF", "the coming months": "FUTURE_REF", "coming days": "FUTURE_REF",
    "recent years": "PAST_REF", "past years": "PAST_REF",
    "previously": "PAST_REF", "formerly": "PAST_REF", "nowadays": "PRESENT_REF", "future": "FUTURE_REF",
    "the present": "PRESENT_REF", "at present": "PRESENT_REF", "right now": "PRESENT_REF",
    "current": "PRESENT_REF", "recent": "PAST_REF",
}
_LEAD = re.compile(r"^(?:on|in|at(?! least| most)|by|for|since|until|from|during|of|the|this past|earlier)\s+", re.I)
_NUM = (r"(\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven"
        r"|eight|nine))?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
        r"|fifteen|sixteen|seventeen|eighteen|nineteen|several|few|a few|some|many|a couple of|a hundred"
        r"|an additional|another)")
_UNIT = r"(day|week|month|quarter|year|decade|hour|minute)s?"


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
    if (m := re.fullmatch(r"(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]([a-z]+)", word)) \
            and m[2] in ONES:  # 'twenty four'
        return TENS[m[1]] + ONES[m[2]]
    return NUMBERS.get(word) or TENS.get(word)


def _shift_months(day: date, months: int) -> tuple[int, int]:
    total = day.year * 12 + day.month - 1 + months
    return total // 12, total % 12 + 1


def normalize(text: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    """TIMEX3 type and value for a time expression, or None when no rule applies. `direction` is the tense of the
    clause the expression dates ("past", "future" or None): it picks which Thursday, which March, which Oct. 3."""
    raw = " ".join(text.lower().replace("’", "'").split())
    raw = re.sub(r"'s$", "", raw)  # "last year's", "Friday's"
    if m := WEEK_OF.fullmatch(raw):  # 'the week of March 6': the ISO week that day is in
        day = normalize(m["day"], anchor, direction)
        return _week(day.first, "week-of") if day is not None and _single_day(day) else None
    phrase = _LEAD.sub("", raw)
    phrase = _LEAD.sub("", phrase).strip(" ,.")
    if not phrase:
        return None
    if phrase in VAGUE or raw in VAGUE:
        return Timex("DATE", VAGUE.get(phrase) or VAGUE[raw], "vague")
    if raw in DEFINITE_UNITS and anchor is not None:  # 'the day', 'the week': the one reported on, not a length
        return DEFINITE_UNITS[raw](anchor)
    for candidate in _readings(phrase):
        for rule in _RULES:
            result = rule(candidate, anchor, direction)
            if result is not None:
                return result
    return None


WEEK_OF = re.compile(r"(?:the )?week of (?P<day>.+)")


DEFINITE_UNITS = {
    "the full year": lambda anchor: _year(anchor.year, "definite-unit"),  # 'earnings for the full year'
    "the fiscal year": lambda anchor: Timex("DURATION", "P1Y", "definite-unit"),  # 'the fiscal year ended June 30'
    "the day": lambda anchor: _day(anchor, "definite-unit"),
    "the week": lambda anchor: _week(anchor, "definite-unit"),
    "the month": lambda anchor: _month(anchor.year, anchor.month, "definite-unit"),
}
HEDGES = re.compile(r"^(?:almost|nearly|about|some|roughly|approximately|around|more than|less than|no more than|"
                    r"over|under|"
                    r"just|only|at least|at most|both|late|early|later|earlier)\s+")
SPELLED_YEAR = re.compile(r"(?:(?:the )?year )?(?:(nineteen|eighteen|twenty) ([a-z]+)(?:-([a-z]+))?"
                          r"|two thousand(?: and)?(?: ([a-z]+))?)")


def _readings(phrase: str) -> list[str]:
    """The phrase, then the same without a hedge ('almost four years ago', 'late Monday') or a trailing 'or so'
    ('a week or so ago'), then with a spelled-out year written in digits ('nineteen ninety-six')."""
    out = [phrase]
    plain = re.sub(r" or so\b", "", HEDGES.sub("", phrase))
    if plain != phrase:
        out.append(plain)
    words = plain.split()
    for size in range(min(4, len(words)), 1, -1):  # 'january nineteen ninety-seven' -> 'january 1997'
        year = _spelled_year(" ".join(words[-size:]))
        if year is not None:
            out.append(" ".join([*words[:-size], year]))
            break
    return out


TENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def _spelled_year(phrase: str) -> str | None:
    """'nineteen ninety-six' -> '1996', 'the year two thousand' -> '2000' (broadcast transcripts spell years)."""
    m = SPELLED_YEAR.fullmatch(phrase)
    if not m:
        return None
    if m[1]:
        if m[2] not in TENS or (m[3] and m[3] not in ONES):
            return None
        return str(TENS[m[1]] * 100 + TENS[m[2]] + ONES.get(m[3] or "", 0))
    if m[4] and m[4] not in ONES:
        return None
    return str(2000 + ONES.get(m[4] or "", 0))


def _absolute(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", phrase):
        return _safe_day(int(m[1]), int(m[2]), int(m[3]), "iso-date")
    if (m := re.fullmatch(r"([a-z]+),? (.+)", phrase)) and m[1] in WEEKDAYS and m[2][:3] in MONTHS:
        return _absolute(m[2], anchor, direction)  # 'Monday, Oct. 26': the date says which Monday
    if (m := re.fullmatch(r"([a-z]+) (this|last|next) year", phrase)) and m[1] in MONTHS and anchor:
        year = anchor.year + {"this": 0, "last": -1, "next": 1}[m[2]]
        return _month(year, MONTHS[m[1]], "month-relative-year")  # 'February this year', 'April next year'
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
    if anchor is None or "quarter" not in phrase and phrase not in {"year-earlier", "year-ago"} \
            and not re.fullmatch(r"(?:the )?(?:1[5-9]\d\d|20\d\d|latest|year-earlier|year-ago) period", phrase):
        return None
    current = (anchor.month - 1) // 3 + 1
    last_done = (anchor.year, current - 1) if current > 1 else (anchor.year - 1, 4)
    words = phrase.replace("-", " ").replace("'s", "").split()
    stated = _stated_year(words, anchor)  # 'the 1988 second quarter', 'the third quarter of 1984', "next year's"
    if m := re.search(r"\b(first|second|third|fourth)\b", phrase):
        number = ["first", "second", "third", "fourth"].index(m[1]) + 1
        if stated is not None:
            return _q(stated, number, "quarter-of-year")
        year = anchor.year if (number, 1) <= (current, 1) or direction == "future" else anchor.year - 1
        if "year" in words and ("ago" in words or "earlier" in words):
            year -= 1
        return _q(year, number, "quarter")
    if stated is not None and words[-1] in {"quarter", "period"}:  # 'the 1988 quarter': the same quarter then
        return _q(stated, last_done[1], "quarter-of-year")
    if "ago" in words or "earlier" in words:  # 'the year-ago quarter': the last one a year before
        return _q(last_done[0] - 1, last_done[1], "quarter-year-ago")
    if words[-1] not in {"quarter", "period"}:
        return None
    if any(w in words for w in ("current", "this")):
        return _q(anchor.year, current, "quarter-current")
    if any(w in words for w in ("next", "coming")):
        year, number = (anchor.year, current + 1) if current < 4 else (anchor.year + 1, 1)
        return _q(year, number, "quarter-next")
    return _q(last_done[0], last_done[1], "quarter-last")  # 'the quarter', 'the latest quarter'


def _stated_year(words: list[str], anchor: date) -> int | None:
    for i, word in enumerate(words):
        if re.fullmatch(r"(1[5-9]\d\d|20\d\d)", word):
            return int(word)
        if word == "year" and i > 0 and words[i - 1] in {"last", "next", "this"}:
            return anchor.year + {"last": -1, "next": 1, "this": 0}[words[i - 1]]
    return None


def _hyphenated_duration(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    """'a two-year deal', 'a 16-hour standoff': a duration used as a modifier."""
    m = re.fullmatch(_NUM + r"-(day|week|month|quarter|year|decade|hour|minute)", phrase)
    if not m or not isinstance(count := _number(m[1]), int):
        return None
    prefix = "PT" if m[2] in {"hour", "minute"} else "P"
    return Timex("DURATION", f"{prefix}{count}{UNITS[m[2]]}", "duration-modifier")


def _clock(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    """'10:35 a.m.', '9 p.m. Tuesday', 'midday', 'midnight': a time of the publication day (or of the weekday)."""
    if anchor is None:
        return None
    if m := re.fullmatch(r"(midday|noon|midnight|(mid[- ]?)?(?:morning|afternoon|evening|night))"
                         r"(?: (?:on )?([a-z]+))?", phrase):
        day = _day_named(m[3], anchor, direction)
        if day is None:
            return None
        word = m[1][len(m[2]):] if m[2] else m[1]  # 'mid-afternoon' -> 'afternoon'; 'midnight' stays
        clock = {"midnight": "24:00", "midday": "12:00", "noon": "12:00"}.get(word) or DAY_PARTS.get(word)
        if clock is None or (m[3] is None and word in DAY_PARTS and not m[2]):
            return None  # 'morning' alone is not an expression; 'mid-afternoon' is
        return Timex("TIME", f"{day.isoformat()}T{clock}", "clock-word" if m[3] is None else "clock-on-day")
    if m := re.fullmatch(r"(\d{1,2}|" + "|".join(ONES) + r"|ten|eleven|twelve)(?: o'clock)? in the "
                         r"(morning|afternoon|evening)", phrase):  # '4 in the morning'
        hour = _number(m[1]) % 12 + (0 if m[2] == "morning" else 12)
        return Timex("TIME", f"{anchor.isoformat()}T{hour:02d}:00", "clock-part")
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))? ?([ap])\.?m\.?(?: " + ZONES + r")?(?: (?:on )?([a-z]+))?(?: [a-z]+)?",
                     phrase)
    if not m or int(m[1]) > 12:
        return None
    hour = int(m[1]) % 12 + (12 if m[3] == "p" else 0)
    day = _day_named(m[4], anchor, direction)
    if day is None:
        return None
    return Timex("TIME", f"{day.isoformat()}T{hour:02d}:{m[2] or '00'}", "clock" if m[4] is None else "clock-on-day")


DAY_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
ZONES = r"(?:[ecmp][sd]t|gmt|utc|bst|cet|et)"


def _day_named(word: str | None, anchor: date, direction: Direction) -> date | None:
    """The day a clock time is on: the publication day, or the weekday or 'yesterday' after it."""
    if word is None:
        return anchor
    named = _weekday(word, anchor, direction) or _deictic(word, anchor, direction)
    return named.first if named is not None and named.rule in {"weekday", "deictic-day"} else None


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
    if phrase in {"the weekend", "weekend"}:  # past unless the clause looks ahead
        coming = direction == "future" or anchor.weekday() >= 5  # the one ahead, or the one the report is in
        return _deictic(f"{'this' if coming else 'last'} weekend", anchor, direction)
    if m := re.fullmatch(r"(?:late|early|later|earlier) (yesterday|today|tomorrow|tonight)", phrase):
        return _day(anchor + timedelta(days=simple[m[1]]), "deictic-day-part")
    if phrase == "last night":
        return Timex("TIME", f"{(anchor - timedelta(days=1)).isoformat()}TNI", "deictic-part")
    if phrase in {"year-end", "year end", "the year-end", "the end of the year"}:  # 'by year-end', 'since year-end'
        year = anchor.year - (direction == "past")
        return _day(date(year, 12, 31), "year-end")
    if m := re.fullmatch(r"this (morning|afternoon|evening)", phrase):
        part = {"morning": "MO", "afternoon": "AF", "evening": "EV"}[m[1]]
        return Timex("TIME", f"{anchor.isoformat()}T{part}", "deictic-part")
    if m := re.fullmatch(r"(yesterday|today|tomorrow) (morning|afternoon|evening|night)", phrase):
        offset = simple[m[1]]
        part = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}[m[2]]
        return Timex("TIME", f"{(anchor + timedelta(days=offset)).isoformat()}T{part}", "deictic-part")
    if m := re.fullmatch(r"(this|last|next|past|previous|coming|current) (?:fiscal )?(week|month|year|weekend)",
                         phrase):
        step = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[m[1]]
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
    if m := re.fullmatch(r"(?:the )?(spring|summer|autumn|fall|winter) of (\d{4})", phrase):  # 'the winter of 1994'
        return Timex("DATE", f"{m[2]}-{SEASONS[m[1]]}", "season-of-year")
    if m := re.fullmatch(r"(?:(this|last|next) )?(spring|summer|autumn|fall|winter)", phrase):
        year = anchor.year + {"last": -1, "next": 1}.get(m[1] or "", 0)
        return Timex("DATE", f"{year}-{SEASONS[m[2]]}", "season")
    if m := re.fullmatch(r"(?:earlier|later|late|early|mid|mid-|the end of|the beginning of) ?(this|next|last) "
                         r"(week|month|year)", phrase):
        return _deictic(f"{m[1]} {m[2]}", anchor, direction)
    return None


def _weekday(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    m = re.fullmatch(r"(?:(last|next|this|coming|past|this coming) )?([a-z]+?)(?:'s)?"
                     r"(?: (morning|afternoon|evening|night))?",
                     phrase)
    if not m or m[2] not in WEEKDAYS or anchor is None:
        return None
    target = WEEKDAYS.index(m[2])
    if m[1] in {"next", "coming", "this coming"}:
        delta = (target - anchor.weekday()) % 7 or 7
        day = anchor + timedelta(days=delta)
    elif m[1] in {"last", "past"}:
        delta = (anchor.weekday() - target) % 7 or 7
        day = anchor - timedelta(days=delta)
    elif direction == "future":  # 'will meet on Thursday': the coming one
        day = anchor + timedelta(days=(target - anchor.weekday()) % 7 or 7)
    else:  # news: the most recent such day, the publication day included
        day = anchor - timedelta(days=(anchor.weekday() - target) % 7)
    if m[3]:  # 'Friday night': the day (TempEval's annotators mostly write the date, 19 times of 29)
        return _day(day, "weekday-part")
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


HALF = {"Y": "6M", "M": "15D", "D": "T12H", "H": "30M", "W": "3DT12H", "DE": "5Y"}


def _duration(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    m = re.fullmatch(r"(\d+) 1/2 " + _UNIT, phrase) or re.fullmatch(_NUM + " " + _UNIT + " and a half", phrase)
    if m and isinstance(_number(m[1]), int):  # '2 1/2 years' -> P2Y6M, 'a minute and a half' -> PT1M30S
        unit = UNITS[m[2]]
        half = "30S" if m[2] == "minute" else HALF.get(unit, "")
        time = "T" if m[2] in {"hour", "minute"} else ""
        return Timex("DURATION", f"P{time}{_number(m[1])}{unit}{half}", "duration-half")
    m = re.fullmatch(r"(?:(?:each of )?(?:the )?(?:last|past|next|coming|recent|first) )?" + _NUM
                     + r"? ?(?:more )?" + _UNIT, phrase)
    if not m:
        return None
    count = _number(m[1]) if m[1] else "X" if phrase.endswith("s") else 1
    unit = UNITS[m[2]]
    if unit == "DE":  # TimeML writes decades in years: 'two decades' P20Y
        count, unit = (count * 10 if isinstance(count, int) else count), "Y"
    prefix = "PT" if m[2] in {"hour", "minute"} else "P"
    return Timex("DURATION", f"{prefix}{count}{unit}", "duration")


def _set(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    if m := re.fullmatch(r"(?:every|each) ([a-z]+)", phrase):
        if m[1] in WEEKDAYS:
            return Timex("SET", f"XXXX-WXX-{WEEKDAYS.index(m[1]) + 1}", "set-weekday")
        if m[1] in MONTHS and len(m[1]) > 3:
            return Timex("SET", f"XXXX-{MONTHS[m[1]]:02d}", "set-month")
        if m[1] in UNITS:
            return Timex("SET", f"P1{UNITS[m[1]]}", "set-unit")
    if phrase == "hourly":
        return Timex("SET", "PT1H", "set-frequency")
    if phrase in {"daily", "weekly", "monthly", "annually", "yearly"}:
        unit = {"daily": "D", "weekly": "W", "monthly": "M", "annually": "Y", "yearly": "Y"}[phrase]
        return Timex("SET", f"P1{unit}", "set-adverb")
    return None


# Holidays news dates by name: fixed days (month, day) and rules (month, weekday 0=Monday, nth; -1 = last).
FIXED_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
                  "new year's day": (1, 1), "new year's eve": (12, 31), "new year": (1, 1),
                  "independence day": (7, 4), "halloween": (10, 31), "valentine's day": (2, 14),
                  "boxing day": (12, 26), "bastille day": (7, 14), "may day": (5, 1), "veterans day": (11, 11)}
RULE_HOLIDAYS = {"thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4), "labor day": (9, 0, 1),
                 "memorial day": (5, 0, -1), "martin luther king day": (1, 0, 3), "presidents day": (2, 0, 3)}


HOLIDAY_NAMES = {*FIXED_HOLIDAYS, *RULE_HOLIDAYS, "easter", "easter sunday", "election day"}


def _holiday(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    """'Thanksgiving Day', 'Christmas', 'Easter', 'Election Day' (US): the day, in the year the tense points to."""
    name = re.sub(r"^(?:last|this|next) ", "", phrase)
    if anchor is None or name not in HOLIDAY_NAMES:
        return None
    step = {"last": -1, "next": 1}.get(phrase.split()[0], 0)
    if step:
        return _day(_holiday_in(name, anchor.year + step), "holiday")
    before = _holiday_in(name, anchor.year)
    if before > anchor:
        before = _holiday_in(name, anchor.year - 1)
    after = _holiday_in(name, anchor.year)
    if after < anchor:
        after = _holiday_in(name, anchor.year + 1)
    recent = direction == "past" or (direction is None and (anchor - before).days <= PAST_MONTHS_WINDOW * 30.5)
    return _day(before if recent else after, "holiday")


def _holiday_in(name: str, year: int) -> date:
    if name in FIXED_HOLIDAYS:
        return date(year, *FIXED_HOLIDAYS[name])
    if name.startswith("easter"):
        return easter(year)
    if name == "election day":  # the Tuesday after the first Monday of November
        first_monday = date(year, 11, 1) + timedelta(days=(0 - date(year, 11, 1).weekday()) % 7)
        return first_monday + timedelta(days=1)
    month, weekday, nth = RULE_HOLIDAYS[name]
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = month_range(year, month)[1]
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _era(phrase: str, anchor: date | None, direction: Direction = None) -> Timex | None:
    """Centuries: 'the 20th century' -> 19, 'this century'."""
    if m := re.fullmatch(r"(?:the )?(\d{1,2})(?:st|nd|rd|th) century", phrase):
        return Timex("DATE", f"{int(m[1]) - 1:02d}", "century")
    if anchor is not None and (m := re.fullmatch(r"(this|the last|last|the next|next) century", phrase)):
        step = {"this": 0, "the last": -1, "last": -1, "the next": 1, "next": 1}[m[1]]
        return Timex("DATE", f"{anchor.year // 100 + step:02d}", "century")
    return None


_RULES = (_absolute, _quarter, _clock, _deictic, _weekday, _relative_offset, _set, _hyphenated_duration,
          _duration, _holiday, _era)


# Expressions TimeML tags that a general NER model often leaves out: present/past/future references, quarters,
# durations used as modifiers ('a two-year deal') and frequencies. Found by pattern, normalised by the rules above.
UNLABELLED = re.compile(
    r"\b(?:now|currently|recently|lately|formerly|nowadays|right now|at present"
    r"|(?:the )?(?:past|last|next|coming|first) (?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|several|"
    r"few) (?:years|months|weeks|days|quarters)"
    r"|the (?:future|past|present|weekend)|today|tonight|tomorrow|yesterday"
    r"|the (?:current|coming|next|past|previous) (?:fiscal )?(?:year|month|week)"
    r"|the (?:latest|year-earlier|year-ago|comparable|same) period"
    r"|the (?:fiscal )?year(?= end(?:ed|ing)\b)|the full year"
    r"|(?:the )?(?:(?:first|second|third|fourth|latest|last|current|previous|past|recent|next|coming|same|"
    r"year-ago|year-earlier|fiscal)[ -])+quarter|the quarter"
    r"|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty)-"
    r"(?:year|month|week|day|hour|minute)(?!-old|s? old)"
    r"|(?:every|each) (?:day|week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january"
    r"|february|march|april|may|june|july|august|september|october|november|december)"
    r"|daily|weekly|monthly|annually|current|midday|noon|midnight"
    r"|\d{1,2}(?::\d{2})? ?[ap]\.m\."
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\. \d{1,2}"
    r"|(?:\d+(?: 1/2)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|several"
    r"|a few) "
    r"(?:years?|months?|weeks?|days?|hours?|minutes?))",
    re.IGNORECASE,
)


# Day, month and holiday names NER misses ('During the day Friday', 'in April', 'on Thanksgiving Day'); capitalised,
# so 'may' the verb is not one
NAMED = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|(?:January|February|March|April|June|July|August|September|October|November|December)(?: \d{1,2}\b)?"
    r"|(?:(?<=\bin )|(?<=\bby )|(?<=\bsince )|(?<=\buntil )|(?<=\blast )|(?<=\bnext )|(?<=\bearly )|(?<=\blate )"
    r"|(?<=\bmid-))May(?: \d{1,2}\b)?|May(?= \d{1,2}\b) \d{1,2}"
    r"|" + "|".join(re.escape(capwords(name)) for name in sorted(HOLIDAY_NAMES, key=len, reverse=True))
    + r")(?!\w)"
)
# the alternatives of UNLABELLED end in a letter or in 'a.m.': no word character may follow them
UNLABELLED_END = re.compile(r"(?!\w)")
YEAR_BEFORE = re.compile(r"^(?:a|one) year (?:ago|earlier|before)$", re.I)


JOIN_GAP = re.compile(r"\s*,?\s*(?:on\s+)?")


def join_adjacent(expressions: list[tuple[int, int, Timex]], text: str) -> list[tuple[int, int, Timex]]:
    """One expression from neighbours NER splits: '4 a.m. EDT' + 'Thursday' (a time on that day), 'Friday' +
    'Oct. 13' (the date)."""
    out: list[tuple[int, int, Timex]] = []
    for start, end, timex in expressions:
        if out and JOIN_GAP.fullmatch(text, out[-1][1], start):
            joined = _join(out[-1][2], timex)
            if joined is not None:
                out[-1] = (out[-1][0], end, joined)
                continue
        out.append((start, end, timex))
    return out


def clock_days(expressions: list[tuple[int, int, Timex]], sentence_starts: list[int]) -> list[tuple[int, int, Timex]]:
    """A clock time with no day of its own ('at 10 p.m.') is on the day the sentence named before it ('On Oct. 23,
    ... at 10 p.m.'), else on the publication day."""
    out: list[tuple[int, int, Timex]] = []
    for start, end, timex in expressions:
        if timex.rule in {"clock", "clock-word"}:
            sentence = max((s for s in sentence_starts if s <= start), default=0)
            day = next((t for s, _, t in reversed(out) if s >= sentence and _single_day(t)), None)
            if day is not None and day.first is not None:
                clock = timex.value.split("T", 1)[1]
                timex = Timex("TIME", f"{day.first.isoformat()}T{clock}", "clock-day-before", day.first, day.first)
        out.append((start, end, timex))
    return out


def _single_day(timex: Timex) -> bool:
    return timex.type == "DATE" and timex.first is not None and timex.first == timex.last


def _clock_part(timex: Timex) -> str | None:
    return timex.value.split("T", 1)[1] if timex.type == "TIME" and "T" in timex.value else None


def _join(first: Timex, second: Timex) -> Timex | None:
    for clock, day in ((first, second), (second, first)):
        if _clock_part(clock) and _single_day(day):
            return Timex("TIME", f"{day.first.isoformat()}T{_clock_part(clock)}", "clock-day", day.first, day.first)
    if _single_day(first) and _single_day(second) and (first.rule == "weekday") != (second.rule == "weekday"):
        return second if first.rule == "weekday" else first  # the date says which Friday
    if first.rule in {"month-day", "day-month"} and second.rule == "year" and first.first and second.first:
        return _safe_day(second.first.year, first.first.month, first.first.day, "month-day-year")  # 'Aug. 10, 1988'
    return None


def quarter_granularity(expressions: list[tuple[int, int, Timex]], text: str) -> list[tuple[int, int, Timex]]:
    """In a report about a quarter ('third-quarter profit'), 'a year ago' is that quarter a year before (TimeML's
    reading of financial news): 1988-Q3, not 1988; 'the quarter', 'the latest period' is the quarter named before
    it."""
    quarters = [t for _, _, t in expressions if re.fullmatch(r"\d{4}-Q\d", t.value)]
    if not quarters:
        return expressions
    current = [t.value for t in quarters if t.rule != "quarter-of-year"]  # not 'the third quarter of 1984'
    values = current or [t.value for t in quarters]
    year, number = max(values, key=values.count).split("-Q")
    out = []
    named = None  # the quarter last named ('the fiscal first quarter'): what 'the quarter' after it refers to
    for start, end, timex in expressions:
        if YEAR_BEFORE.match(text[start:end].strip()):
            timex = _q(int(year) - 1, int(number), "year-before-quarter")
        elif timex.rule == "quarter-last" and named is not None:
            named_year, named_number = named.value.split("-Q")
            timex = _q(int(named_year), int(named_number), "quarter-named-before")
        elif timex.rule == "quarter":
            named = timex
        out.append((start, end, timex))
    return out


def unlabelled_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of time expressions found by pattern (see UNLABELLED)."""
    found = [(m.start(), m.end()) for m in UNLABELLED.finditer(text) if UNLABELLED_END.match(text, m.end())]
    return found + [(m.start(), m.end()) for m in NAMED.finditer(text)]
