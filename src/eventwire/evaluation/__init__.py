"""Scoring eventwire against gold data and expected facts."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from eventwire.errors import InputError
from eventwire.models import Article, Report

if TYPE_CHECKING:
    from eventwire.analysis.pipeline import Analyzer

log = logging.getLogger(__name__)


def analyze_all(analyzer: Analyzer, articles: Iterable[Article]) -> dict[str, Report]:
    """Article id -> report; an article the analyzer fails on is logged and left out."""
    reports: dict[str, Report] = {}
    for article, result in analyzer.analyze_many(articles):
        if isinstance(result, InputError):
            log.warning("skipped %s", result)
            continue
        reports[article.id] = result
    return reports
