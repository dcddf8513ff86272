"""Time expressions scored against TimeML gold (TempEval-3 style, on character spans).

Gold. JSON Lines, one document a line: `{doc_id, dct, text, timexes: [{start, end, type, value}]}` (the layout of
`../shared/data/time/tbaq_*_timex.jsonl`); offsets index `text`. The document creation time (`dct`) is the
publication date eventwire normalises against.

Metrics (the definitions of the TempEval-3 scorer, on character spans):
- strict: predicted spans equal to a gold span; P = R = matches over predicted / gold;
- relaxed: recall counts gold expressions overlapped by a prediction, precision counts the predictions taken as
  the match of some gold expression (each gold expression takes the prediction with its exact span, else the
  first overlapping one, unless an earlier gold expression took it);
- value and type: among those matched pairs, the ones whose TIMEX3 value (type) is equal; P over predictions,
  R over gold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.evaluation import analyze_all, read_jsonl
from eventwire.evaluation.quotes import Counts
from eventwire.models import Article

if TYPE_CHECKING:
    from eventwire.analysis.pipeline import Analyzer

@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str
    value: str
    text: str = ""


@dataclass(frozen=True)
class TimexDocument:
    id: str
    text: str
    dct: date | None
    timexes: tuple[Span, ...]


@dataclass
class TimexScores:
    strict: Counts = field(default_factory=Counts)
    relaxed_gold: int = 0  # gold expressions overlapped by a prediction
    relaxed_predicted: int = 0  # predictions taken as some gold expression's match
    value: int = 0
    type: int = 0
    gold: int = 0
    predicted: int = 0
    misses: list[str] = field(default_factory=list)  # wrong values, for reading

    def prf(self, hits_p: int, hits_r: int) -> tuple[float, float, float]:
        p = hits_p / self.predicted if self.predicted else 0.0
        r = hits_r / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_gold(paths: Iterable[Path]) -> list[TimexDocument]:
    documents = []
    for path in paths:
        for row in read_jsonl(path):
            try:
                dct = date.fromisoformat(row["dct"][:10]) if row.get("dct") else None
            except ValueError:
                dct = None
            spans = tuple(Span(t["start"], t["end"], t.get("type", ""), str(t.get("value", "")),
                               row["text"][t["start"]:t["end"]]) for t in row.get("timexes", []))
            documents.append(TimexDocument(str(row["doc_id"]), row["text"], dct, spans))
    return documents


def predict(analyzer: Analyzer, documents: list[TimexDocument]) -> dict[str, list[Span]]:
    reports = analyze_all(analyzer, (Article(id=d.id, text=d.text, published=d.dct) for d in documents))
    return {doc_id: [Span(t.start, t.end, t.type, t.value, t.text) for t in report.times]
            for doc_id, report in reports.items()}


def score(documents: Iterable[TimexDocument], predictions: dict[str, list[Span]]) -> TimexScores:
    scores = TimexScores()
    for document in documents:
        gold, system = list(document.timexes), predictions.get(document.id, [])
        scores.gold += len(gold)
        scores.predicted += len(system)
        exact = {(s.start, s.end) for s in system}
        scores.strict += Counts(sum((g.start, g.end) in exact for g in gold), len(system), len(gold))
        used: set[int] = set()
        for g in gold:
            overlapping = [i for i, s in enumerate(system) if s.start < g.end and g.start < s.end]
            if not overlapping:
                continue
            scores.relaxed_gold += 1
            i = next((i for i in overlapping if (system[i].start, system[i].end) == (g.start, g.end)), overlapping[0])
            if i in used:
                continue
            used.add(i)
            s = system[i]
            scores.value += s.value == g.value
            scores.type += s.type == g.type
            if s.value != g.value:
                scores.misses.append(f"{document.id}\t{g.text!r}\tgold {g.value}\tfound {s.value} ({s.text!r})")
        scores.relaxed_predicted += len(used)
    return scores


def format_scores(scores: TimexScores) -> str:
    def row(name: str, hits_p: int, hits_r: int) -> str:
        p, r, f = scores.prf(hits_p, hits_r)
        return f"| {name} | {100 * p:.1f} | {100 * r:.1f} | {100 * f:.1f} |"

    return "\n".join([
        f"gold expressions: {scores.gold}, found: {scores.predicted}",
        "",
        "| measure | P | R | F1 |",
        "| --- | --- | --- | --- |",
        row("strict span", scores.strict.hits, scores.strict.hits),
        row("relaxed span", scores.relaxed_predicted, scores.relaxed_gold),
        row("value", scores.value, scores.value),
        row("type", scores.type, scores.type),
    ])
