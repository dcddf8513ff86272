"""Scoring eventwire against gold data and expected facts."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.errors import InputError
from eventwire.models import Article, Report

if TYPE_CHECKING:
    from eventwire.analysis.pipeline import Analyzer

log = logging.getLogger(__name__)


def read_jsonl(path: Path) -> Iterator[dict]:
    """The records of a JSON Lines file. Lines end at newlines only: texts may hold U+0085 or U+2028, which
    `str.splitlines` would also break at."""
    with path.open(encoding="utf-8", newline="\n") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def analyze_all(analyzer: Analyzer, articles: Iterable[Article]) -> dict[str, Report]:
    """Article id -> report; an article the analyzer fails on is logged and left out."""
    reports: dict[str, Report] = {}
    for article, result in analyzer.analyze_many(articles):
        if isinstance(result, InputError):
            log.warning("skipped %s", result)
            continue
        reports[article.id] = result
    return reports
