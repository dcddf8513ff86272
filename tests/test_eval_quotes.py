"""PolNeAR loader and quote scoring on a tiny synthetic brat dataset (no spaCy, no shared data)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluation import polnear, quotes
from eventwire.evaluation.polnear import GoldAttribution, GoldDocument
from eventwire.models import Article, Quote, Report, Spanned, article_info

ALPHA = (
    "Mayor Ann Lee said the bridge will reopen in May.\n"
    '"We are ready," she told reporters, "and the crews are done."\n'
    "Officials believe the cost\nwill rise.\n"
)
BETA = "According to the report, prices fell sharply.\nThe minister announced new taxes on Monday.\n"


def at(text: str, piece: str) -> tuple[int, int]:
    assert text.count(piece) == 1, piece
    start = text.index(piece)
    return start, start + len(piece)


def t_line(n: int, label: str, text: str, *pieces: str) -> str:
    offsets = ";".join("{} {}".format(*at(text, p)) for p in pieces)
    return f"T{n}\t{label} {offsets}\t{' '.join(pieces)}"


ALPHA_ANN = [
    t_line(1, "Source", ALPHA, "Mayor Ann Lee"),
    t_line(2, "Cue", ALPHA, "said"),
    t_line(3, "Content", ALPHA, "the bridge will reopen in May"),
    t_line(4, "Attribution", ALPHA, "said"),
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
    t_line(5, "Source", ALPHA, "she"),
    t_line(6, "Cue", ALPHA, "told"),
    t_line(7, "Content", ALPHA, '"We are ready,"', '"and the crews are done."'),  # discontinuous
    t_line(8, "Attribution", ALPHA, "told"),
    "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
    t_line(9, "Source", ALPHA, "Officials"),
    t_line(10, "Cue", ALPHA, "believe"),
    t_line(11, "Content", ALPHA, "the cost\nwill rise"),  # runs over two lines
    t_line(12, "Attribution", ALPHA, "believe"),
    "E3\tAttribution:T12 Source:T9 Cue:T10 Content:T11",
    "#1\tAnnotatorNotes T11\ta note",
]
BETA_ANN = [
    "E1\tAttribution-no-source:T3 Cue:T1 Content:T2",  # before the spans it uses
    t_line(1, "Cue", BETA, "According to"),
    t_line(2, "Content", BETA, "prices fell sharply"),
    t_line(3, "Attribution-no-source", BETA, "According to"),
    t_line(4, "Source", BETA, "The minister"),
    t_line(5, "Cue", BETA, "announced"),
    t_line(6, "Content", BETA, "new taxes on Monday"),
    t_line(7, "Attribution", BETA, "announced"),
    t_line(8, "Discard", BETA, "Monday"),
    "E2\tAttribution:T7 Source:T4 Cue:T5 Content:T6",
]
BETA_OTHER_ANN = [t_line(1, "Content", BETA, "prices fell sharply"), "E1\tContent:T1"]
METADATA = (
    "compartment\tfilename\tpublication_date\ttitle\n"
    "dev\talpha\t2016-10-01\tA bridge\n"
    "dev\tbeta\tNone\tTaxes\n"
)


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    for name, text in {"alpha": ALPHA, "beta": BETA, "gamma": "No annotation file.\n"}.items():
        (split / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    for name, lines in {"alpha_bbbb": ALPHA_ANN, "beta_aaaa": BETA_ANN, "beta_zzzz": BETA_OTHER_ANN}.items():
        (split / "attributions" / f"{name}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "metadata.tsv").write_text(METADATA, encoding="utf-8")
    return tmp_path


@pytest.fixture()
def docs(root: Path) -> list[GoldDocument]:
    return polnear.load_split(root, "dev")


def test_loader(docs: list[GoldDocument]) -> None:
    assert [(d.id, d.annotator, len(d.attributions)) for d in docs] == [("alpha", "bbbb", 3), ("beta", "aaaa", 2)]
    alpha, beta = docs
    assert alpha.published == date(2016, 10, 1) and beta.published is None
    first, second, third = alpha.attributions
    assert first.id == "E1" and first.sources == [(0, 13)] and first.cues == [at(ALPHA, "said")]
    assert [alpha.text[s:e] for s, e in second.contents] == ['"We are ready,"', '"and the crews are done."']
    assert [alpha.text[s:e] for s, e in third.contents] == ["the cost\nwill rise"]
    no_source, minister = beta.attributions
    assert no_source.sources == [] and [beta.text[s:e] for s, e in no_source.cues] == ["According to"]
    assert [beta.text[s:e] for s, e in minister.contents] == ["new taxes on Monday"]


def test_missing_split_is_empty(root: Path) -> None:
    assert polnear.load_split(root, "test") == []


def test_content2_counts_as_content() -> None:
    ann = "T1\tContent 0 4\tabcd\nT2\tContent 10 12\tef\nT3\tSource 5 7\tgh\nE1\tSource:T3 Content:T1 Content2:T2\n"
    assert polnear.parse_ann(ann) == [GoldAttribution("E1", sources=[(5, 7)], cues=[], contents=[(0, 4), (10, 12)])]


@pytest.mark.parametrize(("cue", "speech"), [
    ("said", True), ("told", True), ("Adding", True), ("in a statement", True), ("asked", True),
    ("has denied", True), ("According to", False), ("believes", False), ("has learned", False),
    ("addressed", False), ("task", False), ("", False), (None, False),
])
def test_speech_cue(cue: str | None, speech: bool) -> None:
    assert quotes.is_speech_cue(cue) is speech


def span(text: str, piece: str) -> Spanned:
    start, end = at(text, piece)
    return Spanned(start=start, end=end, text=piece)


def quote(n: int, text: str, content: str, cue: str | None, mention: str | None = None) -> Quote:
    body = span(text, content)
    return Quote(id=f"q{n}", start=body.start, end=body.end, text=body.text, kind="direct",
                 cue=span(text, cue) if cue else None, speaker_mention=span(text, mention) if mention else None)


@pytest.fixture()
def predicted() -> dict[str, list[Quote]]:
    return {
        "alpha": [
            quote(3, ALPHA, "the bridge will", "believe", "Officials"),  # half of gold 1, listed first
            quote(1, ALPHA, "the bridge will reopen in May", "said", "Ann Lee"),
            quote(2, ALPHA, '"We are ready,"', "told reporters"),  # 14 of 39 characters of gold 2
        ],
        "beta": [  # covers both gold contents; only the first may use it
            quote(5, BETA, "prices fell sharply.\nThe minister announced new taxes on Monday", "announced", "report"),
        ],
    }


def test_greedy_matching(docs: list[GoldDocument], predicted: dict[str, list[Quote]]) -> None:
    alpha, beta = docs
    found = quotes.match_contents(alpha.attributions, predicted["alpha"], 0.3)
    assert {gold: q.id for gold, q in found.items()} == {"E1": "q1", "E2": "q2"}
    assert {gold: q.id for gold, q in quotes.match_contents(alpha.attributions, predicted["alpha"], 0.8).items()} \
        == {"E1": "q1"}
    assert {gold: q.id for gold, q in quotes.match_contents(beta.attributions, predicted["beta"], 0.3).items()} \
        == {"E1": "q5"}


def test_scores_all(docs: list[GoldDocument], predicted: dict[str, list[Quote]]) -> None:
    s = quotes.score(docs, predicted).all
    assert s.content[0.3] == quotes.Counts(hits=3, predicted=4, gold=5)
    assert s.content[0.3].precision == 0.75 and s.content[0.3].recall == 0.6
    assert s.content[0.3].f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert s.content[0.8] == quotes.Counts(hits=2, predicted=4, gold=5)
    # found at 0.3 with a gold source: E1 ("Ann Lee" inside "Mayor Ann Lee") and E2 (no mention); beta E1 has none
    assert s.source_correct == quotes.Share(1, 2) and s.source_missing == quotes.Share(1, 2)
    assert s.exact_source == quotes.Counts(hits=1, predicted=3, gold=4)  # Officials
    assert s.exact_cue == quotes.Counts(hits=3, predicted=4, gold=5)  # not "told reporters"
    assert s.exact_content == quotes.Counts(hits=2, predicted=4, gold=6)  # both pieces of E2 are gold spans


def test_scores_speech(docs: list[GoldDocument], predicted: dict[str, list[Quote]]) -> None:
    s = quotes.score(docs, predicted).speech
    # gold: said, told, announced (not "believe", not "According to"); predictions: all but the "believe" one
    assert s.content[0.3] == quotes.Counts(hits=3, predicted=3, gold=3)
    assert s.content[0.8] == quotes.Counts(hits=2, predicted=3, gold=3)
    # E1 right, E2 without mention, beta E2 found by q5 whose mention "report" is wrong
    assert s.source_correct == quotes.Share(1, 3) and s.source_missing == quotes.Share(1, 3)
    assert s.exact_source == quotes.Counts(hits=0, predicted=2, gold=3)
    assert s.exact_cue == quotes.Counts(hits=2, predicted=3, gold=3)
    assert s.exact_content == quotes.Counts(hits=2, predicted=3, gold=4)


def test_exact_spans_are_deduplicated_and_missing_documents_count_as_empty() -> None:
    text = "Ann said yes and Ann said no."
    gold = [GoldDocument("d", text, [GoldAttribution("E1", [(0, 3)], [(4, 8)], [(9, 12)]),
                                     GoldAttribution("E2", [(0, 3)], [(21, 25)], [(26, 28)])]),
            GoldDocument("empty", "Nothing here.", [GoldAttribution("E1", [], [], [(0, 7)])])]
    mention = Spanned(start=0, end=3, text="Ann")
    predicted = {"d": [Quote(id="q1", start=9, end=12, text="yes", kind="indirect", speaker_mention=mention),
                       Quote(id="q2", start=26, end=28, text="no", kind="indirect", speaker_mention=mention)]}
    s = quotes.score(gold, predicted).all
    assert s.exact_source == quotes.Counts(hits=1, predicted=1, gold=1)
    assert s.content[0.8] == quotes.Counts(hits=2, predicted=2, gold=3)
    assert s.source_correct == quotes.Share(2, 2)


def test_empty_scores_are_zero() -> None:
    s = quotes.score([], {}).all
    assert (s.content[0.3].precision, s.content[0.3].recall, s.content[0.3].f1, s.source_correct.value) == (0, 0, 0, 0)


def test_format_scores(docs: list[GoldDocument], predicted: dict[str, list[Quote]]) -> None:
    table = quotes.format_scores(quotes.score(docs, predicted)).splitlines()
    assert table[:2] == ["| metric | all | speech |", "| --- | --- | --- |"]
    assert len(table) == 11 and all(line.count("|") == 4 for line in table)
    assert "| gold contents / predicted quotes | 5 / 4 | 3 / 3 |" in table
    assert "| content overlap > 0.3: P / R / F1 | 75.0 / 60.0 / 66.7 (3 found) | 100.0 / 100.0 / 100.0 (3 found) |" \
        in table


class FakeAnalyzer:
    """Stands in for `Analyzer.analyze_many`: one quote per article, an InputError for 'bad'."""

    def __init__(self) -> None:
        self.seen: list[Article] = []

    def analyze_many(self, articles):
        for article in articles:
            self.seen.append(article)
            if article.id == "bad":
                yield article, InputError(article.id, "analysis failed")
                continue
            q = Quote(id="q1", start=0, end=4, text=article.text[:4], kind="direct")
            yield article, Report(article=article_info(article), quotes=[q])


def test_run_collects_quotes_and_skips_errors(docs: list[GoldDocument]) -> None:
    analyzer = FakeAnalyzer()
    predicted = quotes.run(analyzer, [*docs, GoldDocument("bad", "Broken.", [])])
    assert sorted(predicted) == ["alpha", "beta"] and predicted["alpha"][0].text == "Mayo"
    assert [(a.id, a.published) for a in analyzer.seen] == [
        ("alpha", date(2016, 10, 1)), ("beta", None), ("bad", None)]
    assert analyzer.seen[0].text == ALPHA
