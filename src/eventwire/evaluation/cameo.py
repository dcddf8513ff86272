"""CAMEO coding scored against CAMEO-coded sentences in the PETRARCH validation-record format.

Input. An XML file of `<Sentence id=... date=YYYYMMDD>` records, each with a `<Text>` and zero or more
`<EventCoding eventcode="042" sourcecode="USAGOV" targetcode="CHN"/>` (or `noevents="True"`): the format
PETRARCH-2 and UniversalPetrarch validation suites use, so the same file scores both coders. Other elements
(parses, comments) are ignored; `evaluate="false"` sentences are skipped.

Unit. A (CAMEO root, source country, target country) triple: the first two digits of the code, and the first
three letters of each actor code (legacy and international codes mapped as in the PLOVER evaluation: IGO, UNO,
EUR -> IGO). eventwire contributes every event it reports whose flags are clear (not negated, hypothetical,
future or requested; coders like PETRARCH code only what happened), with the country of its source and target
actors. Precision, recall and F1 over the sets per sentence, summed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.errors import InputError
from eventwire.evaluation import analyze_all
from eventwire.evaluation.events import gold_country, predicted_country
from eventwire.evaluation.quotes import Counts
from eventwire.models import Article, Event, Report

if TYPE_CHECKING:
    from eventwire.analysis.pipeline import Analyzer


Triple = tuple[str, str, str]
NO_ACTOR = "-"


@dataclass(frozen=True)
class CodedSentence:
    id: str
    text: str
    date: date | None
    triples: frozenset[Triple]


@dataclass
class CameoScores:
    triples: Counts = field(default_factory=Counts)
    roots: Counts = field(default_factory=Counts)  # the root alone, actors ignored
    sentences: int = 0


def _date(value: str | None) -> date | None:
    try:
        return datetime.strptime(value, "%Y%m%d").date() if value else None
    except ValueError:
        return None


def _triple(coding: ET.Element) -> Triple | None:
    code = (coding.get("eventcode") or "").strip()
    if not code or coding.get("noevents"):
        return None
    return (code[:2], gold_country(coding.get("sourcecode")) or NO_ACTOR,
            gold_country(coding.get("targetcode")) or NO_ACTOR)


def load_records(path: Path) -> list[CodedSentence]:
    """The sentences of a PETRARCH validation-record file, with their coded triples."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise InputError(str(path), f"not a PETRARCH validation XML file: {error}") from error
    sentences = []
    for node in root.iter("Sentence"):
        if (node.get("evaluate") or "true").lower() == "false":
            continue
        text = " ".join((node.findtext("Text") or "").split())
        if not text:
            continue
        triples = frozenset(t for t in map(_triple, node.iter("EventCoding")) if t is not None)
        sentences.append(CodedSentence(node.get("id") or f"s{len(sentences) + 1}", text, _date(node.get("date")),
                                       triples))
    return sentences


def _happened(event: Event) -> bool:
    return not (event.negated or event.hypothetical or event.future or event.requested)


def predicted(report: Report | None) -> frozenset[Triple]:
    if report is None:
        return frozenset()
    return frozenset(
        (e.cameo_root or e.cameo[:2], predicted_country(report.actor(e.source)),
         predicted_country(report.actor(e.target)))
        for e in report.events if _happened(e)
    )


def score(sentences: Iterable[CodedSentence], reports: dict[str, Report]) -> CameoScores:
    scores = CameoScores()
    for sentence in sentences:
        found = predicted(reports.get(sentence.id))
        scores.triples += Counts(len(sentence.triples & found), len(found), len(sentence.triples))
        gold_roots = {t[0] for t in sentence.triples}
        found_roots = {t[0] for t in found}
        scores.roots += Counts(len(gold_roots & found_roots), len(found_roots), len(gold_roots))
        scores.sentences += 1
    return scores


def run(analyzer: Analyzer, sentences: list[CodedSentence]) -> dict[str, Report]:
    return analyze_all(analyzer, (Article(id=s.id, text=s.text, published=s.date) for s in sentences))


def format_scores(scores: CameoScores) -> str:
    def prf(c: Counts) -> str:
        return (f"{100 * c.precision:.1f} / {100 * c.recall:.1f} / {100 * c.f1:.1f} "
                f"({c.hits} right, {c.predicted} predicted, {c.gold} gold)")

    return "\n".join([
        "| metric | value |",
        "| --- | --- |",
        f"| sentences | {scores.sentences} |",
        f"| (root, source country, target country) P / R / F1 | {prf(scores.triples)} |",
        f"| root codes alone P / R / F1 | {prf(scores.roots)} |",
    ])
