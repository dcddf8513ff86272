"""Pure rules: time normalisation, amounts, quotation marks, line kinds, datelines, knowledge files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.analysis.amounts import parse_amount
from eventwire.analysis.layout import find_dateline, line_kinds
from eventwire.analysis.quotes import find_quoted
from eventwire.analysis.times import normalize
from eventwire.knowledge import Knowledge

THURSDAY = date(2024, 10, 3)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Thursday", "2024-10-03"),  # the publication day itself
        ("on Monday", "2024-09-30"),
        ("last Thursday", "2024-09-26"),
        ("next Monday", "2024-10-07"),
        ("next week", "2024-W41"),
        ("last week", "2024-W39"),
        ("yesterday", "2024-10-02"),
        ("two days ago", "2024-10-01"),
        ("Oct. 3", "2024-10-03"),
        ("3 October 2024", "2024-10-03"),
        ("October 3, 2024", "2024-10-03"),
        ("2024-10-03", "2024-10-03"),
        ("in March", "2024-03"),
        ("March 2022", "2022-03"),
        ("2022", "2022"),
        ("this month", "2024-10"),
        ("next month", "2024-11"),
        ("two days", "P2D"),
        ("for three weeks", "P3W"),
        ("the last few weeks", "PXW"),
        ("every Monday", "XXXX-WXX-1"),
        ("recently", "PAST_REF"),
        ("Wednesday night", "2024-10-02"),  # the day, as TempEval writes it mostly
        ("this summer", "2024-SU"),
    ],
)
def test_time_normalisation(text: str, value: str) -> None:
    timex = normalize(text, THURSDAY)
    assert timex is not None and timex.value == value


def test_week_value_covers_its_days() -> None:
    timex = normalize("next week", THURSDAY)
    assert (timex.first, timex.last) == (date(2024, 10, 7), date(2024, 10, 13))


@pytest.mark.parametrize(
    ("text", "value", "currency", "qualifier"),
    [
        ("nearly $8 billion", 8e9, "USD", "approximate"),
        ("8bn euros", 8e9, "EUR", "exact"),
        ("EUR 1.4 billion", 1.4e9, "EUR", "exact"),
        ("two million", 2e6, None, "exact"),
        ("$500m", 5e8, "USD", "exact"),
        ("at least 12", 12, None, "at_least"),
        ("up to £40 million", 4e7, "GBP", "at_most"),
        ("about 3,000", 3000, None, "approximate"),
    ],
)
def test_amounts(text: str, value: float, currency: str | None, qualifier: str) -> None:
    parsed = parse_amount(text)
    assert parsed is not None
    assert (parsed.value, parsed.currency, parsed.qualifier) == (pytest.approx(value), currency, qualifier)


def quoted(text: str) -> list[str]:
    return [text[s.start:s.end] for s in find_quoted(text)]


def test_quotes_straight_curly_and_nested() -> None:
    text = 'He said: "We are ready." She replied: “It is ‘not’ enough,” and left.'
    assert quoted(text) == ["We are ready.", "It is ‘not’ enough,"]


def test_quote_over_paragraphs_with_opening_mark_on_each() -> None:
    text = '"The first part goes on\n\n"and the second part ends here," she said.\n\n"A new quote."'
    spans = quoted(text)
    assert len(spans) == 2
    assert spans[0].startswith("The first part") and spans[0].endswith("ends here,")
    assert spans[1] == "A new quote."


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = '"Never closed here\n\nPlain paragraph with a "scare quote" inside.'
    assert quoted(text) == ["Never closed here", "scare quote"]


def test_line_kinds() -> None:
    text = "Big headline here\n\nBody sentence one. Body two.\n\nA caption without a period\nrc/sms (dpa, AP)"
    kinds = [kind for _, _, kind in line_kinds(text, None)]
    assert kinds == ["headline", "body", "caption", "credit"]


def test_dateline() -> None:
    match = find_dateline("KYIV, Oct 3 (Reuters) - Ukraine said ...")
    assert match is not None and match.group("place") == "KYIV" and match.group("agency") == "(Reuters)"
    assert find_dateline("NATO chief visits Kyiv") is None


def test_user_knowledge_file_extends_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "organizations:\n"
        "  - {name: Example Alliance, code: IGOEXA, sector: IGO, aliases: [EXA]}\n"
        "event_patterns:\n"
        "  - {id: visit-verb, lemmas: [visit], pos: VERB, cameo: '043', plover: CONSULT, mode: visit}\n",
        encoding="utf-8",
    )
    knowledge = Knowledge.load(extra=[extra])
    assert knowledge.organizations["Example Alliance"].code == "IGOEXA"
    assert knowledge.patterns["visit-verb"].cameo == "043"
    assert "UKR" in knowledge.countries and "NATO" in knowledge.organizations


def test_unknown_knowledge_section_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("colours: [red]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown section 'colours'"):
        Knowledge.load(extra=[bad])


@pytest.mark.parametrize(
    ("text", "direction", "value"),
    [
        ("the third quarter", None, "2024-Q3"),
        ("third-quarter", None, "2024-Q3"),
        ("the latest quarter", None, "2024-Q3"),
        ("the year-ago quarter", None, "2023-Q3"),
        ("the current quarter", None, "2024-Q4"),
        ("a two-year", None, None),  # 'a two-year' is not an expression; 'two-year' is
        ("two-year", None, "P2Y"),
        ("16-hour", None, "PT16H"),
        ("late November", "past", "2023-11"),
        ("late November", "future", "2024-11"),
        ("early next year", None, "2025"),
        ("last April", None, "2024-04"),
        ("fiscal 2023", None, "2023"),
        ("Thursday", "future", "2024-10-10"),  # 'will meet on Thursday' in a Thursday report: next week's
        ("Oct. 10", "past", "2023-10-10"),
        ("last year's", None, "2023"),
        ("currently", None, "PRESENT_REF"),
        ("almost four years ago", None, "2020"),  # a hedge does not change the date
        ("a week or so ago", None, "2024-W39"),
        ("Monday, Oct. 7", None, "2024-10-07"),  # the date says which Monday
        ("February this year", None, "2024-02"),
        ("4 a.m. EDT Thursday", None, "2024-10-03T04:00"),
        ("noon Tuesday", None, "2024-10-01T12:00"),
        ("mid-afternoon yesterday", None, "2024-10-02TAF"),
        ("later today", None, "2024-10-03"),
        ("the weekend", None, "2024-W39-WE"),
        ("the weekend", "future", "2024-W40-WE"),
        ("the 1988 second quarter", None, "1988-Q2"),
        ("the third quarter of 1984", None, "1984-Q3"),
        ("next year's first quarter", None, "2025-Q1"),
        ("2 1/2 years", None, "P2Y6M"),
        ("5 1/2 hours", None, "PT5H30M"),
        ("the past two quarters", None, "P2Q"),
        ("two decades", None, "P20Y"),
        ("the last twenty four hours", None, "PT24H"),
        ("nineteen ninety-six", None, "1996"),
        ("the year two thousand", None, "2000"),
        ("each July", None, "XXXX-07"),
        ("the current fiscal year", None, "2024"),
        ("Thanksgiving Day", None, "2024-11-28"),  # the coming one: last year's is more than nine months back
        ("last Thanksgiving", None, "2023-11-23"),
        ("Christmas", None, "2024-12-25"),  # the coming one: last year's is more than nine months back
        ("Easter", None, "2024-03-31"),  # the last one, six months back
        ("an hour and a half", None, "PT1H30M"),
        ("the week", None, "2024-W40"),  # the week reported on, not a length
        ("the week of Oct. 10", None, "2024-W41"),
        ("January nineteen ninety-seven", None, "1997-01"),
        ("this coming Sunday", None, "2024-10-06"),
        ("last night", None, "2024-10-02TNI"),
        ("year-end", "future", "2024-12-31"),
        ("year-end", "past", "2023-12-31"),
        ("the full year", None, "2024"),
        ("the fiscal year", None, "P1Y"),
        ("midday", None, "2024-10-03T12:00"),
        ("midnight", None, "2024-10-03T24:00"),
        ("mid-afternoon", None, "2024-10-03TAF"),
        ("4 in the morning", None, "2024-10-03T04:00"),
        ("the 20th century", None, "19"),
        ("the winter of 1994", None, "1994-WI"),
        ("at least 20 more years", None, "P20Y"),
        ("a couple of years", None, "P2Y"),
        ("hourly", None, "PT1H"),
    ],
)
def test_time_normalisation_with_tense(text: str, direction, value: str | None) -> None:
    timex = normalize(text, THURSDAY, direction)
    assert (timex.value if timex else None) == value


def test_expressions_ner_leaves_out_are_found_by_pattern() -> None:
    from eventwire.analysis.times import unlabelled_spans

    text = "Profit in the third quarter rose; the two-year deal runs now, but a 6-year-old boy is fine."
    found = {text[s:e] for s, e in unlabelled_spans(text)}
    assert {"the third quarter", "two-year", "now"} <= found and "6-year" not in found


def test_neighbouring_expressions_join_and_ranges_split() -> None:
    from eventwire.analysis.times import join_adjacent

    text = "at 9 a.m. Tuesday"
    clock, day = normalize("9 a.m.", THURSDAY), normalize("Tuesday", THURSDAY)
    joined = join_adjacent([(3, 9, clock), (10, 17, day)], text)
    assert [(s, e, t.value) for s, e, t in joined] == [(3, 17, "2024-10-01T09:00")]
