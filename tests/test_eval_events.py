"""The PLOVER event harness on a small synthetic gold file and hand-built reports (no spaCy, no shared data)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from eventwire.errors import InputError
from eventwire.evaluation import events as ev
from eventwire.models import Actor, Article, Event, Report, Trigger, article_info


def gold_row(id_: str, category: str, text: str, events: list[dict], day: str = "2001-05-04") -> dict:
    return {"set": "test", "id": id_, "date": day, "category": category, "text": text, "markup": "", "events": events}


def gold_event(kind: str | None, sources: list[str], targets: list[str] | str, mode: str | None = None) -> dict:
    targets_field = targets if isinstance(targets, str) else [{"actorText": c, "code": c} for c in targets]
    return {"event": kind, "mode": mode, "context": None, "source": [{"actorText": c, "code": c} for c in sources],
            "target": targets_field, "eventText": "", "eventLoc": None}


S1 = "After talks, the United States and Jordan agreed on a pact."
S2 = "Japan demanded that the United Nations act."
S3 = "Italy investigated Human Rights Watch."
S4 = "Serb forces shelled Bosnian towns as Bosnians protested."
S5 = "The French president visited the UN."
S6 = "Russia rejected the plan."

ROWS = [
    gold_row("AGR-1", "AGREE", S1, [gold_event("AGREE", ["USA", "JOR"], [])]),
    gold_row("DEM-1", "DEMAND", S2, [gold_event("DEMAND", ["JAPGOV"], ["IGO"])]),  # old label, legacy code + sector
    gold_row("INV-1", "INVESTIGATE", S3, [gold_event("INVESTIGATE", ["ITL"], ["NGO"])]),
    gold_row("FIG-1", "FIGHT", S4, [gold_event("FIGHT", ["SRB"], ["BIH"], "heavy-weapons"),
                                    gold_event("PROTEST", ["BIH"], "diplomatic")]),  # a target that is not a list
    gold_row("CON-1", "CONSULT", S5, [gold_event("CONSULT", ["FRA"], ["UNO"], "visit"), gold_event(None, [], [])],
             day="sometime"),
    gold_row("AGR-1", "REJECT", S6, [gold_event("REJECT", ["RUS"], [])]),  # a repeated id
]


@pytest.fixture
def gold(tmp_path: Path) -> list[ev.GoldSentence]:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in ROWS) + "\n\n", encoding="utf-8")
    return ev.load_gold(path)


def span(text: str, piece: str) -> Trigger:
    start = text.index(piece)
    return Trigger(start=start, end=start + len(piece), text=piece, sentence=0)


def event(n: int, text: str, trigger: str, plover: str, source: str | None = None, target: str | None = None,
          **fields) -> Event:
    return Event(id=f"e{n}", plover=plover, cameo="000", trigger=span(text, trigger), source=source, target=target,
                 pattern="test", **fields)


def report(id_: str, text: str, events: list[Event], actors: list[Actor]) -> Report:
    return Report(article=article_info(Article(id=id_, text=text)), events=events, actors=actors)


USA = Actor(id="a1", name="United States", kind="country", code="USA", country="USA")
JOR = Actor(id="a2", name="Jordan", kind="country", code="JOR", country="JOR")
JPN = Actor(id="a1", name="Japan government", kind="country", code="JPNGOV", country="JPN", sector="GOV")
UN = Actor(id="a2", name="United Nations", kind="organization", code="IGOUNO", country="UNO", sector="IGO")
ITA = Actor(id="a1", name="Italy", kind="country", code="ITA", country="ITA")
HRW = Actor(id="a2", name="Human Rights Watch", kind="organization", code="NGOHRI", sector="NGO")
SRB = Actor(id="a1", name="Serb forces", kind="group", code="SRBMIL", country="SRB", sector="MIL")

REPORTS = {
    "AGR-1": report("AGR-1", S1, [event(1, S1, "talks", "CONSULT", source="a2"),
                                  event(2, S1, "agreed", "AGREE", source="a1")], [USA, JOR]),
    "DEM-1": report("DEM-1", S2, [event(1, S2, "demanded", "REQUEST", "a1", "a2")], [JPN, UN]),
    "INV-1": report("INV-1", S3, [event(1, S3, "investigated", "ACCUSE", "a1", "a2", plover_mode="investigate")],
                    [ITA, HRW]),
    "FIG-1": report("FIG-1", S4, [event(1, S4, "shelled", "ASSAULT", "a1", negated=True)], [SRB]),
    # CON-1: no report (the analysis failed)
    "AGR-1~2": report("AGR-1~2", S6, [event(1, S6, "rejected", "AGREE")], []),
}
ROOTS = {"AGR-1": [S1.index("agreed")], "DEM-1": [], "INV-1": [], "FIG-1": [S4.index("shelled")],
         "CON-1": [S5.index("visited")], "AGR-1~2": [S6.index("rejected")]}


def test_gold_labels_codes_and_ids_are_normalised(gold: list[ev.GoldSentence]) -> None:
    assert [s.id for s in gold] == ["AGR-1", "DEM-1", "INV-1", "FIG-1", "CON-1", "AGR-1~2"]
    assert [s.category for s in gold] == ["AGREE", "REQUEST", "ACCUSE", "ASSAULT", "CONSULT", "REJECT"]
    assert gold[0].date == date(2001, 5, 4) and gold[4].date is None
    assert gold[1].events == [ev.GoldEvent("REQUEST", None, {"JPN"}, {"IGO"})]
    assert gold[2].events == [ev.GoldEvent("ACCUSE", "investigate", {"ITA"}, {"NGO"})]
    assert gold[2].mode == "investigate" and gold[3].mode == "heavy-weapons" and gold[0].mode is None
    assert [e.type for e in gold[3].events] == ["ASSAULT", "PROTEST"] and gold[3].events[1].target_countries == set()
    assert gold[4].events == [ev.GoldEvent("CONSULT", "visit", {"FRA"}, {"IGO"})]  # the typeless event is dropped


def test_gold_triples_cover_every_source_target_pair(gold: list[ev.GoldSentence]) -> None:
    assert ev.gold_triples(gold[0]) == {("USA", "AGREE", "-"), ("JOR", "AGREE", "-")}
    assert ev.gold_triples(gold[3]) == {("SRB", "ASSAULT", "BIH"), ("BIH", "PROTEST", "-")}


def test_countries() -> None:
    assert [ev.gold_country(c) for c in ("JAP", "ITLGOV", "vtn", "UNO", "EURPAR", "IMG", "", None)] == [
        "JPN", "ITA", "VNM", "IGO", "IGO", "IMG", None, None]
    igo = Actor(id="a", name="OSCE", kind="organization", code="IGOEUROSC", sector="IGO")
    nobody = Actor(id="b", name="rebels", kind="group", sector="REB")
    countries = [ev.predicted_country(a) for a in (UN, igo, HRW, JPN, nobody, None)]
    assert countries == ["IGO", "IGO", "NGO", "JPN", "-", "-"]


def test_chosen_event_prefers_the_main_verb() -> None:
    talks, agreed = REPORTS["AGR-1"].events
    assert ev.chosen_event([agreed, talks], [S1.index("agreed")]) is agreed
    assert ev.chosen_event([agreed, talks], [0]) is talks  # no event on the root: the first one
    assert ev.chosen_event([], [0]) is None
    again = talks.model_copy(update={"mentions": [span(S1, "pact")]})
    assert ev.chosen_event([again, agreed], [S1.index("pact") + 1]) is again  # a further mention holds the root


def test_scores(gold: list[ev.GoldSentence]) -> None:
    scores = ev.score(gold, REPORTS, ROOTS)
    assert [r.predicted for r in scores.results] == ["AGREE", "REQUEST", "ACCUSE", "ASSAULT", "NONE", "AGREE"]
    assert (scores.accuracy.part, scores.accuracy.total) == (4, 6)
    agree = scores.per_type["AGREE"]
    assert (agree.hits, agree.predicted, agree.gold) == (1, 2, 1)
    assert agree.f1 == pytest.approx(2 / 3)
    assert scores.per_type["CONSULT"].f1 == 0.0 and scores.per_type["SUPPORT"].gold == 0
    assert scores.macro_f1 == pytest.approx((2 / 3 + 1 + 1 + 1 + 0 + 0) / 6)  # six types in gold
    assert (scores.mode.part, scores.mode.total) == (1, 2)  # INV-1 right, FIG-1 wrong, CON-1 mistyped
    assert (scores.triples.hits, scores.triples.predicted, scores.triples.gold) == (3, 6, 8)
    assert scores.triples.f1 == pytest.approx(2 * 0.5 * 0.375 / 0.875)
    assert scores.confusion == {("AGREE", "AGREE"): 1, ("REQUEST", "REQUEST"): 1, ("ACCUSE", "ACCUSE"): 1,
                                ("ASSAULT", "ASSAULT"): 1, ("CONSULT", "NONE"): 1, ("REJECT", "AGREE"): 1}
    assert (scores.events, scores.flagged) == (6, 1)


def test_format_scores(gold: list[ev.GoldSentence]) -> None:
    reports = {**REPORTS, "CON-1": report("CON-1", S5, [event(1, S5, "visited", "SEIZE")], [])}
    text = ev.format_scores(ev.score(gold, reports, ROOTS))
    assert "| event-type accuracy | 66.7% (4/6) |" in text
    assert "| macro-F1 over the 6 gold types | 61.1 |" in text
    assert "| mode accuracy (correct type, gold mode set) | 50.0% (1/2) |" in text
    assert "| triples P / R / F1 | 42.9 / 37.5 / 40.0 (3 right, 7 predicted, 8 gold) |" in text
    assert "| AGREE | 1 | 2 | 1 | 50.0 | 100.0 | 66.7 |" in text
    assert "| SUPPORT | 0 | 0 | 0 | 0.0 | 0.0 | n/a |" in text
    assert ("| gold \\ predicted | AGREE | CONSULT | REQUEST | ACCUSE | REJECT | ASSAULT | SEIZE | NONE |"
            in text)
    assert "| CONSULT | . | . | . | . | . | . | 1 | . |" in text
    assert "| REJECT | 1 | . | . | . | . | . | . | . |" in text


class FakeAnalyzer:
    def analyze_many(self, articles):
        for article in articles:
            if article.id == "CON-1":
                yield article, InputError(article.id, "analysis failed")
            else:
                yield article, Report(article=article_info(article))


def test_run_keys_reports_by_sentence_and_skips_failures(gold: list[ev.GoldSentence]) -> None:
    reports = ev.run(FakeAnalyzer(), gold)
    assert list(reports) == ["AGR-1", "DEM-1", "INV-1", "FIG-1", "AGR-1~2"]
    assert reports["AGR-1"].article.published == date(2001, 5, 4)


def test_main_verbs_are_the_roots_of_the_parsed_sentences(gold: list[ev.GoldSentence]) -> None:
    def parse(text: str) -> SimpleNamespace:
        return SimpleNamespace(sents=[SimpleNamespace(root=SimpleNamespace(idx=len(text)))])

    nlp = SimpleNamespace(pipe=lambda texts: (parse(t) for t in texts))
    assert ev.main_verbs(gold[:2], nlp) == {"AGR-1": [len(S1)], "DEM-1": [len(S2)]}


def test_main_event_triples_keep_only_the_events_at_the_main_trigger() -> None:
    text = "Jordan and the United States agreed to hold talks."
    both = report("M-1", text, [event(1, text, "agreed", "AGREE", source="a1"),
                                event(2, text, "agreed", "AGREE", source="a2"),
                                event(3, text, "talks", "CONSULT", source="a2")], [USA, JOR])
    chosen = both.events[0]
    assert ev.main_event_triples(both, chosen) == {("USA", "AGREE", "-"), ("JOR", "AGREE", "-")}
    assert ev.main_event_triples(both, None) == set() and ev.main_event_triples(None, chosen) == set()


CAMEO_RECORDS = """<?xml version='1.0' encoding='utf-8'?>
<Validation><Sentences>
<Sentence date="20240510" id="s1"><EventCoding eventcode="042" sourcecode="FRAGOV" targetcode="DEU" />
<Text>French President Emmanuel Macron visited Germany on Friday.</Text></Sentence>
<Sentence date="20240510" id="s2"><EventCoding eventcode="190" sourcecode="RUS" targetcode="UKR" />
<Text>Russia attacked Ukraine on Friday.</Text></Sentence>
<Sentence date="20240510" id="s3" evaluate="false"><EventCoding noevents="True" />
<Text>Nothing to see here.</Text></Sentence>
<Sentence date="20240510" id="s4"><EventCoding noevents="True" />
<Text>Chile did not attack Peru.</Text></Sentence>
</Sentences></Validation>
"""


def test_cameo_records_scored_by_root_and_countries(tmp_path) -> None:
    from eventwire.analysis.pipeline import Analyzer
    from eventwire.evaluation import cameo

    path = tmp_path / "records.xml"
    path.write_text(CAMEO_RECORDS, encoding="utf-8")
    sentences = cameo.load_records(path)
    assert [s.id for s in sentences] == ["s1", "s2", "s4"]
    assert sentences[0].triples == {("04", "FRA", "DEU")}
    scores = cameo.score(sentences, cameo.run(Analyzer(), sentences))
    assert (scores.triples.hits, scores.triples.gold) == (2, 2)
    assert scores.triples.predicted == 2  # the negated attack is not counted as having happened
