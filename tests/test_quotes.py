"""Quotation extraction and attribution on short reports written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.analysis.pipeline import Analyzer
from eventwire.models import Article, Quote, Report


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def quotes_of(analyzer: Analyzer, text: str) -> Report:
    return analyzer.analyze(Article(id="q", text=text, published=date(2025, 3, 6)))


def find(report: Report, fragment: str) -> Quote:
    found = [q for q in report.quotes if fragment in q.text]
    assert found, f"no quote with {fragment!r}: {[q.text for q in report.quotes]}"
    return found[0]


def test_quote_interrupted_by_its_cue_is_one_quotation(analyzer: Analyzer) -> None:
    text = ("“The talks were hard,” said Amina Diallo, a senior negotiator at the African Union. "
            "“But we now have a text that both sides can sign.”\n")
    report = quotes_of(analyzer, text)
    quote = find(report, "The talks were hard")
    assert "both sides can sign" in quote.text
    assert [p.text for p in quote.pieces] == ["The talks were hard,",
                                              "But we now have a text that both sides can sign."]
    assert quote.speaker_name == "Amina Diallo" and quote.cue.text == "said"
    assert len([q for q in report.quotes if q.kind == "direct"]) == 1


def test_speaker_by_pronoun_and_continuation_over_paragraphs(analyzer: Analyzer) -> None:
    text = (
        "Finance Minister Rachel Reeves spoke to reporters in London on Tuesday.\n\n"
        "\"We will not raise income tax,\" she said.\n\n"
        "\"The budget is about growth, and about trust.\"\n"
    )
    report = quotes_of(analyzer, text)
    assert find(report, "We will not raise income tax").speaker_name == "Rachel Reeves"
    continued = find(report, "about growth")
    assert continued.speaker_name == "Rachel Reeves" and continued.rule == "direct: continues the last speaker"


def test_multi_paragraph_quote_with_an_opening_mark_on_each(analyzer: Analyzer) -> None:
    text = (
        "The mayor, Carlos Mendes, was blunt. \"We asked for help three times and nobody came.\n\n"
        "\"Now the river is in the streets,\" Mendes said.\n"
    )
    report = quotes_of(analyzer, text)
    quote = find(report, "nobody came")
    assert "river is in the streets" in quote.text and quote.speaker_name == "Carlos Mendes"


def test_indirect_quotes_clause_parenthetical_object_and_infinitive(analyzer: Analyzer) -> None:
    text = (
        "Prime Minister Kaja Kallas said that Estonia would double its defence budget.\n\n"
        "The plan, Kallas added, would be paid for by a new tax.\n\n"
        "Russia's foreign ministry denied any involvement in the cable damage.\n\n"
        "Kallas vowed to keep the border crossings closed until spring.\n"
    )
    report = quotes_of(analyzer, text)
    clause = find(report, "Estonia would double its defence budget")
    assert clause.kind == "indirect" and clause.speaker_name == "Kaja Kallas" and clause.cue.text == "said"
    parenthetical = find(report, "would be paid for by a new tax")
    assert parenthetical.speaker_name == "Kaja Kallas"
    assert [p.text for p in parenthetical.pieces] == ["The plan", "would be paid for by a new tax"]
    denial = find(report, "any involvement in the cable damage")
    assert denial.cue.text == "denied" and "RUS" in (report.actor(denial.speaker).code or "")
    vow = find(report, "to keep the border crossings closed")
    assert vow.cue.text == "vowed" and vow.speaker_name == "Kaja Kallas"


def test_mixed_quote_and_relative_pronoun_speaker(analyzer: Analyzer) -> None:
    text = ("Pedro Alvarez, who leads the farmers' union, said the new rules were \"a death sentence for small "
            "farms\" and promised more protests.\n")
    report = quotes_of(analyzer, text)
    mixed = find(report, "the new rules were")
    assert mixed.kind == "mixed" and mixed.speaker_name == "Pedro Alvarez"
    assert not any(q.kind == "direct" for q in report.quotes)


def test_typewriter_quotes_and_titles(analyzer: Analyzer) -> None:
    text = ("''This is not over,'' said Governor Tom Hale. He called the film ''State of the Union'' "
            "a fair portrait.\n")
    report = quotes_of(analyzer, text)
    assert find(report, "This is not over").speaker_name == "Tom Hale"
    assert not any(q.text.strip(" .,") == "State of the Union" for q in report.quotes)


def test_according_to(analyzer: Analyzer) -> None:
    report = quotes_of(analyzer, "The convoy was stopped at the border, according to the Red Cross.\n")
    quote = find(report, "The convoy was stopped at the border")
    assert quote.cue.text == "according to" and quote.speaker_name == "International Committee of the Red Cross"


def test_it_as_speaker_is_the_organisation(analyzer: Analyzer) -> None:
    report = quotes_of(analyzer, "The World Health Organization issued a warning on Friday. It said the outbreak "
                                 "was spreading faster than expected.\n")
    quote = find(report, "the outbreak was spreading")
    assert quote.speaker_name == "World Health Organization" and quote.speaker_mention.text == "It"
