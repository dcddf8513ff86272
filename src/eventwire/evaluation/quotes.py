"""Score extracted quotes against gold attributions (PolNeAR, see `eventwire.evaluation.polnear`).

Metrics, each for all attributions and for the "speech" subset:

- content match at overlap 0.3 and 0.8: gold attributions are taken in order (per document, in file order;
  those without content are skipped). A gold content (the union of its content spans) is found when an unused
  predicted quote covers more than that share of its characters; the prediction covering the largest share is
  taken and used up. Precision = found / predictions, recall = found / gold contents.
- source mention: among gold attributions found at 0.3 that have a Source span, the share whose predicted
  `speaker_mention` shares at least one character with a gold Source span, and the share with no speaker mention.
- exact spans: (document, start, end) sets of predicted speaker mentions, cues and quote spans against the
  deduplicated gold Source, Cue and Content span pieces.

"Speech" subset: gold attributions whose cue text has a verb of saying, and predictions whose `cue` text has
one. A cue has one when any of its lower-cased words starts with a stem in `SPEECH_CUES` of at least 4 letters
or equals a shorter form there (say, ask, add, vow ...). "According to", cognition verbs (believe, think,
expect, hope, fear, know, feel) and cue-less attributions are not speech.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from eventwire.errors import InputError
from eventwire.evaluation.polnear import GoldAttribution, GoldDocument, Span
from eventwire.models import Article, Quote

log = logging.getLogger(__name__)

THRESHOLDS = (0.3, 0.8)
SOURCE_THRESHOLD = 0.3
SPEECH_CUES = frozenset({
    "say", "said", "says", "saying", "tell", "told", "add", "adds", "added", "adding", "state", "announc",
    "declar", "claim", "insist", "warn", "stress", "argu", "reply", "replie", "respond", "response", "acknowledg",
    "admit", "confirm", "deny", "denie", "reiterat", "repeat", "emphasi", "suggest", "writ", "wrote", "tweet", "post",
    "predict", "promis", "vow", "vows", "vowed", "pledg", "assert", "contend", "alleg", "recall", "complain",
    "conced", "ask", "asks", "asked", "urge", "urging", "explain", "explanation", "note", "noting", "comment",
    "testif", "testimon", "quot", "speak", "spoke", "remark", "recount",
})
_STEMS = tuple(sorted(s for s in SPEECH_CUES if len(s) >= 4))
_WORD = re.compile(r"[a-z]+")


def is_speech_cue(text: str | None) -> bool:
    """True when the cue text holds a verb of saying (see the module docstring)."""
    if not text:
        return False
    return any(word in SPEECH_CUES or word.startswith(_STEMS) for word in _WORD.findall(text.lower()))


def gold_cue_text(doc: GoldDocument, attribution: GoldAttribution) -> str:
    return " ".join(doc.text[start:end] for start, end in attribution.cues)


def is_speech_attribution(doc: GoldDocument, attribution: GoldAttribution) -> bool:
    return is_speech_cue(gold_cue_text(doc, attribution))


def is_speech_quote(quote: Quote) -> bool:
    return quote.cue is not None and is_speech_cue(quote.cue.text)


@dataclass(frozen=True)
class Counts:
    """Hits against predicted and gold totals: precision, recall and F1."""

    hits: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.hits + other.hits, self.predicted + other.predicted, self.gold + other.gold)


@dataclass(frozen=True)
class Share:
    part: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.part / self.total if self.total else 0.0


@dataclass(frozen=True)
class SubsetScores:
    content: dict[float, Counts]  # by overlap threshold
    source_correct: Share
    source_missing: Share
    speaker_name: Share  # found quotes with a gold source that is a name: our speaker's name holds its surname
    exact_source: Counts
    exact_cue: Counts
    exact_content: Counts


@dataclass(frozen=True)
class QuoteScores:
    all: SubsetScores
    speech: SubsetScores


# --- matching ---------------------------------------------------------------------------------------------------

def merged(spans: Iterable[Span]) -> list[Span]:
    """Sorted, non-overlapping, non-empty spans covering the same characters."""
    out: list[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def covered(gold: list[Span], start: int, end: int) -> int:
    """Characters of the (merged) gold spans inside [start, end)."""
    return sum(max(0, min(end, e) - max(start, s)) for s, e in gold)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return max(a_start, b_start) < min(a_end, b_end)


def match_contents(attributions: list[GoldAttribution], quotes: list[Quote],
                   threshold: float) -> dict[str, Quote]:
    """Greedy matching in gold order: attribution id -> the unused quote covering most (> threshold) of it."""
    used: set[int] = set()
    found: dict[str, Quote] = {}
    for attribution in attributions:
        gold = merged(attribution.contents)
        size = sum(e - s for s, e in gold)
        if not size:
            continue
        best, best_share = None, threshold
        for n, quote in enumerate(quotes):
            if n in used:
                continue
            share = covered(gold, quote.start, quote.end) / size
            if share > best_share:
                best, best_share = n, share
        if best is not None:
            used.add(best)
            found[attribution.id] = quotes[best]
    return found


# --- scoring ----------------------------------------------------------------------------------------------------

def has_content(attribution: GoldAttribution) -> bool:
    return any(end > start for start, end in attribution.contents)


def score(gold: list[GoldDocument], predicted: dict[str, list[Quote]]) -> QuoteScores:
    """All metrics for all attributions and for the speech subset (documents missing from `predicted` have none)."""
    return QuoteScores(
        all=score_subset(gold, predicted, lambda doc, a: True, lambda q: True),
        speech=score_subset(gold, predicted, is_speech_attribution, is_speech_quote),
    )


def score_subset(gold: list[GoldDocument], predicted: dict[str, list[Quote]],
                 keep_gold: Callable[[GoldDocument, GoldAttribution], bool],
                 keep_quote: Callable[[Quote], bool]) -> SubsetScores:
    content = dict.fromkeys(THRESHOLDS, Counts())
    correct = missing = with_source = named = named_right = 0
    exact: dict[str, tuple[set, set]] = {role: (set(), set()) for role in ("source", "cue", "content")}
    for doc in gold:
        attributions = [a for a in doc.attributions if keep_gold(doc, a)]
        quotes = [q for q in predicted.get(doc.id, []) if keep_quote(q)]
        with_content = [a for a in attributions if has_content(a)]
        for threshold in THRESHOLDS:
            found = match_contents(with_content, quotes, threshold)
            content[threshold] += Counts(len(found), len(quotes), len(with_content))
            if threshold == SOURCE_THRESHOLD:
                for attribution in with_content:
                    quote = found.get(attribution.id)
                    if quote is None or not attribution.sources:
                        continue
                    with_source += 1
                    mention = quote.speaker_mention
                    missing += mention is None
                    correct += mention is not None and any(
                        overlaps(mention.start, mention.end, s, e) for s, e in attribution.sources)
                    surname = gold_surname(doc, attribution)
                    if surname:
                        named += 1
                        named_right += surname in (quote.speaker_name or "").lower().split()
        _add_exact(exact, doc.id, attributions, quotes)
    return SubsetScores(
        content=content,
        source_correct=Share(correct, with_source),
        source_missing=Share(missing, with_source),
        speaker_name=Share(named_right, named),
        exact_source=_exact_counts(*exact["source"]),
        exact_cue=_exact_counts(*exact["cue"]),
        exact_content=_exact_counts(*exact["content"]),
    )


NOT_NAMES = frozenset({"he", "she", "they", "we", "i", "it", "the", "a", "an", "his", "her", "their", "this", "that"})


def gold_surname(doc: GoldDocument, attribution: GoldAttribution) -> str | None:
    """The last capitalised word of a gold source that names a person or body ('Sen. Jane Doe' -> 'doe')."""
    if not attribution.sources:
        return None
    start, end = attribution.sources[0]
    head = re.split(r",|\(| of | who | whose | at ", doc.text[start:end])[0]  # the name before any appositive
    head = re.sub(r"['’]s\b.*$", "", head)  # "Ivana Trump's brief" -> "Ivana Trump"
    words = re.findall(r"[A-Za-z][A-Za-z'’.-]*", head)
    if not words or words[0].lower() in NOT_NAMES:
        return None
    capitalised = [w.strip(".'’") for w in words if w[0].isupper()]
    if not capitalised or (len(capitalised) == 1 and capitalised[0].endswith("s")):
        return None  # 'Republicans', 'Authorities': a group, not a person's name
    if any(w[0].islower() for w in words[len(capitalised):]) and len(capitalised) == 1 and words[0] == capitalised[0]:
        return None  # 'Civil rights activists': a sentence-initial capital, not a name
    return capitalised[-1].lower()


def _add_exact(exact: dict[str, tuple[set, set]], doc_id: str, attributions: list[GoldAttribution],
               quotes: list[Quote]) -> None:
    for attribution in attributions:
        exact["source"][1].update((doc_id, s, e) for s, e in attribution.sources)
        exact["cue"][1].update((doc_id, s, e) for s, e in attribution.cues)
        exact["content"][1].update((doc_id, s, e) for s, e in attribution.contents)
    for quote in quotes:
        exact["content"][0].add((doc_id, quote.start, quote.end))
        if quote.speaker_mention is not None:
            exact["source"][0].add((doc_id, quote.speaker_mention.start, quote.speaker_mention.end))
        if quote.cue is not None:
            exact["cue"][0].add((doc_id, quote.cue.start, quote.cue.end))


def _exact_counts(predicted: set, gold: set) -> Counts:
    return Counts(len(predicted & gold), len(predicted), len(gold))


# --- running and reporting --------------------------------------------------------------------------------------

def run(analyzer, documents: list[GoldDocument]) -> dict[str, list[Quote]]:
    """Analyse every document with `analyzer.analyze_many`: doc id -> quotes. Failed documents are logged, left out."""
    articles = (Article(id=doc.id, text=doc.text, published=doc.published) for doc in documents)
    predicted: dict[str, list[Quote]] = {}
    errors = 0
    for article, result in analyzer.analyze_many(articles):
        if isinstance(result, InputError):
            errors += 1
            log.warning("skipped %s", result)
            continue
        predicted[article.id] = list(result.quotes)
    if errors:
        log.warning("%d of %d documents failed analysis", errors, len(documents))
    return predicted


def _prf(counts: Counts) -> str:
    return f"{100 * counts.precision:.1f} / {100 * counts.recall:.1f} / {100 * counts.f1:.1f}"


def _share(share: Share) -> str:
    return f"{100 * share.value:.1f}% ({share.part}/{share.total})"


def _rows(s: SubsetScores) -> list[tuple[str, str]]:
    first = s.content[THRESHOLDS[0]]
    rows = [("gold contents / predicted quotes", f"{first.gold} / {first.predicted}")]
    rows += [(f"content overlap > {t}: P / R / F1", f"{_prf(c)} ({c.hits} found)") for t, c in s.content.items()]
    rows += [
        ("source mention overlaps gold source (found at 0.3)", _share(s.source_correct)),
        ("no speaker mention (found at 0.3)", _share(s.source_missing)),
        ("speaker name holds the gold named source's surname (found at 0.3)", _share(s.speaker_name)),
        ("exact source span: P / R / F1", _prf(s.exact_source)),
        ("exact cue span: P / R / F1", _prf(s.exact_cue)),
        ("exact content span: P / R / F1", _prf(s.exact_content)),
    ]
    return rows


def format_scores(scores: QuoteScores) -> str:
    """A Markdown table: one row per metric, columns all / speech (percentages)."""
    lines = ["| metric | all | speech |", "| --- | --- | --- |"]
    for (name, everything), (_, speech) in zip(_rows(scores.all), _rows(scores.speech), strict=True):
        lines.append(f"| {name} | {everything} | {speech} |")
    return "\n".join(lines)
