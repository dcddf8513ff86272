"""Event coding scored on the PLOVER gold standard records (one coded sentence a line, PLOVER 0.5b1 labels).

Gold. Each line is `{id, date, category, text, events: [{event, mode, source: [{code}], target: [...]}]}`.
Old labels become PLOVER 0.8 ones (`OLD_TYPES`): DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, FIGHT -> ASSAULT,
INVESTIGATE -> ACCUSE with mode "investigate"; other modes are kept as written. A sentence's gold type is its
`category` (mapped; in the data it is always the first event's type), its gold mode the mode of its first event
of that type. Events without an event type are dropped. Actor codes become countries by `gold_country`: the
first three letters, legacy codes mapped (`LEGACY_CODES`: JAP, ITL, VTN), UNO/EUR/IGO -> "IGO"; other
non-country codes (NGO, IMG, ISM) are compared as they are. A `source`/`target` that is not a list of actors
(one record has the string "diplomatic") counts as no actor. A repeated id gets "~2", "~3" ... appended.

Prediction. Every event eventwire reports for the sentence, whatever its flags (negated, future, hypothetical,
historical). The sentence's predicted type is the PLOVER type of the *chosen* event: the first event (by
trigger offset) whose trigger, or one of its further mentions, holds the root token of a sentence of the
parsed text (its main verb; `main_verbs` parses with eventwire's shared spaCy pipeline unless `score` is given
the root offsets); when no event does, the first event; when there is no event, "NONE".

Metrics (over all gold sentences; a sentence the analyzer failed on has no events):

- event-type accuracy: sentences whose predicted type equals the gold type / sentences.
- per-type P/R/F1, for each of the 16 PLOVER 0.8 types T: TP = sentences with gold T predicted T,
  FP = predicted T with another gold type, FN = gold T predicted otherwise (another type, a non-PLOVER
  label or "NONE"). Macro-F1 = the mean F1 over the types that occur as a gold type.
- mode accuracy: among sentences whose gold mode is set and whose type was predicted correctly, the share
  whose chosen event has the same mode (exact string match).
- triples P/R/F1: gold triples are, for each gold event, every (s, type, t) with s among its source
  countries ("-" if none) and t among its target countries ("-" if none); predicted triples are
  (source country, PLOVER type, target country) of every predicted event, the country by
  `predicted_country` ("-" when missing). Compared as sets per sentence; TP/FP/FN summed over sentences.
- main-event triples P/R/F1: the same, with only the events at the chosen (main) event's trigger as
  predictions. The gold codes one event per sentence, its main one, so this compares like with like; the
  all-events figure also charges eventwire for the subordinate events a sentence mentions.
- confusion: sentence counts by (gold type, predicted type).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.evaluation import analyze_all, read_jsonl
from eventwire.evaluation.quotes import Counts, Share
from eventwire.models import Actor, Article, Event, Report

if TYPE_CHECKING:
    from spacy.language import Language

    from eventwire.analysis.pipeline import Analyzer


PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
NONE = "NONE"
NO_ACTOR = "-"
OLD_TYPES: dict[str, tuple[str, str | None]] = {  # PLOVER 0.5b1 label -> (0.8 type, mode it implies)
    "DEMAND": ("REQUEST", None),
    "DISAPPROVE": ("ACCUSE", None),
    "INVESTIGATE": ("ACCUSE", "investigate"),
    "FIGHT": ("ASSAULT", None),
}
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}  # CAMEO-era codes in the gold -> ISO 3166-1 alpha-3
INTERNATIONAL = frozenset({"IGO", "UNO", "EUR"})

Triple = tuple[str, str, str]


@dataclass(frozen=True)
class GoldEvent:
    type: str
    mode: str | None
    source_countries: set[str]
    target_countries: set[str]


@dataclass(frozen=True)
class GoldSentence:
    id: str
    text: str
    date: date | None
    events: list[GoldEvent]
    category: str = NONE  # the sentence's primary type (PLOVER 0.8)

    @property
    def mode(self) -> str | None:
        """The mode of the first gold event of the primary type."""
        return next((e.mode for e in self.events if e.type == self.category), None)


@dataclass(frozen=True)
class SentenceResult:
    """One sentence's gold and predicted type, with the chosen event (None when nothing was predicted)."""

    id: str
    text: str
    gold: str
    predicted: str
    gold_mode: str | None
    event: Event | None

    @property
    def correct(self) -> bool:
        return self.gold == self.predicted

    @property
    def predicted_mode(self) -> str | None:
        return self.event.plover_mode if self.event is not None else None


@dataclass
class EventScores:
    results: list[SentenceResult] = field(default_factory=list)
    per_type: dict[str, Counts] = field(default_factory=dict)
    mode: Share = field(default_factory=Share)
    triples: Counts = field(default_factory=Counts)
    main_triples: Counts = field(default_factory=Counts)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    events: int = 0  # predicted events
    flagged: int = 0  # of which negated, future, hypothetical or historical

    @property
    def accuracy(self) -> Share:
        return Share(sum(r.correct for r in self.results), len(self.results))

    @property
    def macro_f1(self) -> float:
        present = [c.f1 for c in self.per_type.values() if c.gold]
        return sum(present) / len(present) if present else 0.0


# --- gold ----------------------------------------------------------------------------------------------------

def plover_type(label: str) -> tuple[str, str | None]:
    """A PLOVER 0.5b1 or 0.8 label as a 0.8 type and the mode the old label implies."""
    label = label.strip().upper()
    return OLD_TYPES.get(label, (label, None))


def gold_country(code: str | None) -> str | None:
    """A gold actor code as a country: first three letters, legacy codes mapped, UNO/EUR/IGO -> IGO."""
    if not code or not code.strip():
        return None
    head = code.strip().upper()[:3]
    head = LEGACY_CODES.get(head, head)
    return "IGO" if head in INTERNATIONAL else head


def _countries(actors: Any) -> set[str]:
    if not isinstance(actors, list):
        return set()
    codes = (gold_country(a.get("code")) for a in actors if isinstance(a, dict))
    return {c for c in codes if c}


def _gold_event(row: dict[str, Any]) -> GoldEvent | None:
    if not row.get("event"):
        return None
    kind, implied = plover_type(row["event"])
    return GoldEvent(kind, row.get("mode") or implied, _countries(row.get("source")), _countries(row.get("target")))


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _unique(key: str, seen: Counter[str]) -> str:
    seen[key] += 1
    return key if seen[key] == 1 else f"{key}~{seen[key]}"


def load_gold(path: Path) -> list[GoldSentence]:
    """The gold sentences of a PLOVER GSR JSONL file, labels mapped to PLOVER 0.8."""
    sentences: list[GoldSentence] = []
    seen: Counter[str] = Counter()
    for row in read_jsonl(path):
        events = [e for e in map(_gold_event, row.get("events") or []) if e is not None]
        category = plover_type(row["category"])[0] if row.get("category") else (events[0].type if events else NONE)
        sentences.append(GoldSentence(id=_unique(str(row["id"]), seen), text=row["text"],
                                      date=_parse_date(row.get("date")), events=events, category=category))
    return sentences


# --- running -------------------------------------------------------------------------------------------------

def run(analyzer: Analyzer, sentences: Iterable[GoldSentence]) -> dict[str, Report]:
    """Analyse every sentence as a one-sentence article: id -> report. Failed sentences are logged, left out."""
    return analyze_all(analyzer, (Article(id=s.id, text=s.text, published=s.date) for s in sentences))


def main_verbs(sentences: Iterable[GoldSentence], nlp: Language | None = None) -> dict[str, list[int]]:
    """id -> character offsets of the root tokens of the parsed text (eventwire's shared pipeline by default)."""
    if nlp is None:
        from eventwire.analysis.nlp import shared_nlp

        nlp = shared_nlp()
    sentences = list(sentences)
    docs = nlp.pipe(s.text for s in sentences)
    return {s.id: [sent.root.idx for sent in doc.sents] for s, doc in zip(sentences, docs, strict=True)}


# --- scoring -------------------------------------------------------------------------------------------------

def holds(event: Event, offset: int) -> bool:
    """True when the event's trigger or one of its further mentions covers the character offset."""
    return any(t.start <= offset < t.end for t in (event.trigger, *event.mentions))


def chosen_event(events: list[Event], roots: Iterable[int]) -> Event | None:
    """The first event whose trigger holds a root (main verb), else the first event, else None."""
    ordered = sorted(events, key=lambda e: e.trigger.start)
    roots = list(roots)
    return next((e for e in ordered if any(holds(e, r) for r in roots)), ordered[0] if ordered else None)


def predicted_country(actor: Actor | None) -> str:
    """An actor's country, UN/EU/IGO bodies as "IGO", country-less NGOs, militant networks and religious bodies by
    their code's head ("NGO", "IMG", "ISM", as the gold writes them), else "-"."""
    if actor is None:
        return NO_ACTOR
    code = (actor.code or "").upper()
    if actor.country:
        return "IGO" if actor.country.upper() in INTERNATIONAL else actor.country.upper()
    if actor.sector == "IGO" or code.startswith("IGO"):
        return "IGO"
    return code[:3] if code.startswith(("NGO", "IMG", "ISM")) else NO_ACTOR


def gold_triples(sentence: GoldSentence) -> set[Triple]:
    return {
        (s, event.type, t)
        for event in sentence.events
        for s in (event.source_countries or {NO_ACTOR})
        for t in (event.target_countries or {NO_ACTOR})
    }


def predicted_triples(report: Report | None) -> set[Triple]:
    if report is None:
        return set()
    return {
        (predicted_country(report.actor(e.source)), e.plover, predicted_country(report.actor(e.target)))
        for e in report.events
    }


def main_event_triples(report: Report | None, chosen: Event | None) -> set[Triple]:
    """Triples of the chosen event and of the events sharing its trigger (one per coordinated actor)."""
    if report is None or chosen is None:
        return set()
    return {
        (predicted_country(report.actor(e.source)), e.plover, predicted_country(report.actor(e.target)))
        for e in report.events if e.trigger.start == chosen.trigger.start
    }


def _is_flagged(event: Event) -> bool:
    return event.negated or event.future or event.hypothetical or event.historical


def sentence_result(sentence: GoldSentence, report: Report | None, roots: Iterable[int]) -> SentenceResult:
    event = chosen_event(list(report.events) if report else [], roots)
    return SentenceResult(id=sentence.id, text=sentence.text, gold=sentence.category,
                          predicted=event.plover if event else NONE, gold_mode=sentence.mode, event=event)


def per_type_counts(results: list[SentenceResult]) -> dict[str, Counts]:
    """Sentence-level P/R/F1 counts for each PLOVER type."""
    return {
        kind: Counts(
            hits=sum(r.gold == kind and r.predicted == kind for r in results),
            predicted=sum(r.predicted == kind for r in results),
            gold=sum(r.gold == kind for r in results),
        )
        for kind in PLOVER_TYPES
    }


def mode_share(results: list[SentenceResult]) -> Share:
    """Same mode, among correctly typed sentences whose gold mode is set."""
    judged = [r for r in results if r.correct and r.gold_mode]
    return Share(sum(r.predicted_mode == r.gold_mode for r in judged), len(judged))


def score(gold: list[GoldSentence], reports: Mapping[str, Report],
          roots: Mapping[str, Iterable[int]] | None = None) -> EventScores:
    """All metrics (see the module docstring). `roots`: id -> root offsets; parsed with spaCy when not given."""
    if roots is None:
        roots = main_verbs(gold)
    scores = EventScores()
    for sentence in gold:
        report = reports.get(sentence.id)
        result = sentence_result(sentence, report, roots.get(sentence.id, ()))
        scores.results.append(result)
        scores.confusion[result.gold, result.predicted] += 1
        expected, found = gold_triples(sentence), predicted_triples(report)
        scores.triples += Counts(len(expected & found), len(found), len(expected))
        main = main_event_triples(report, result.event)
        scores.main_triples += Counts(len(expected & main), len(main), len(expected))
        events = list(report.events) if report else []
        scores.events += len(events)
        scores.flagged += sum(map(_is_flagged, events))
    scores.per_type = per_type_counts(scores.results)
    scores.mode = mode_share(scores.results)
    return scores


# --- reporting -----------------------------------------------------------------------------------------------

def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _share(share: Share) -> str:
    return f"{_pct(share.value)}% ({share.part}/{share.total})"


def _prf(counts: Counts) -> str:
    return f"{_pct(counts.precision)} / {_pct(counts.recall)} / {_pct(counts.f1)}"


def _summary(scores: EventScores) -> list[str]:
    in_gold = sum(1 for c in scores.per_type.values() if c.gold)
    t = scores.triples
    m = scores.main_triples
    return [
        "| metric | value |",
        "| --- | --- |",
        f"| sentences | {len(scores.results)} |",
        f"| predicted events (flagged negated/future/hypothetical/historical) | {scores.events} ({scores.flagged}) |",
        f"| event-type accuracy | {_share(scores.accuracy)} |",
        f"| macro-F1 over the {in_gold} gold types | {_pct(scores.macro_f1)} |",
        f"| mode accuracy (correct type, gold mode set) | {_share(scores.mode)} |",
        f"| triples P / R / F1 | {_prf(t)} ({t.hits} right, {t.predicted} predicted, {t.gold} gold) |",
        f"| main-event triples P / R / F1 | {_prf(m)} ({m.hits} right, {m.predicted} predicted, {m.gold} gold) |",
    ]


def _per_type(scores: EventScores) -> list[str]:
    lines = ["| type | gold | predicted | right | P | R | F1 |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for kind, c in scores.per_type.items():
        f1 = _pct(c.f1) if c.gold else "n/a"  # not in the macro average
        prf = f"{_pct(c.precision)} | {_pct(c.recall)} | {f1}"
        lines.append(f"| {kind} | {c.gold} | {c.predicted} | {c.hits} | {prf} |")
    return lines


def confusion_labels(scores: EventScores) -> tuple[list[str], list[str]]:
    """Rows: gold types in PLOVER order. Columns: types seen on either side, other predicted labels, NONE."""
    golds = {g for g, _ in scores.confusion}
    seen = golds | {p for _, p in scores.confusion}
    rows = [k for k in PLOVER_TYPES if k in golds] + sorted(golds - set(PLOVER_TYPES))
    columns = [k for k in PLOVER_TYPES if k in seen] + sorted(seen - set(PLOVER_TYPES) - {NONE}) + [NONE]
    return rows, columns


def _confusion(scores: EventScores) -> list[str]:
    rows, columns = confusion_labels(scores)
    lines = ["| gold \\ predicted | " + " | ".join(columns) + " |", "| --- |" + " --- |" * len(columns)]
    for gold in rows:
        cells = (str(scores.confusion.get((gold, p), 0) or ".") for p in columns)
        lines.append(f"| {gold} | " + " | ".join(cells) + " |")
    return lines


def format_scores(scores: EventScores) -> str:
    """Markdown: the summary table, the per-type table and the confusion table (rows gold, columns predicted)."""
    return "\n".join([*_summary(scores), "", *_per_type(scores), "", *_confusion(scores)])
