"""Runs the pipeline over a stream of inputs: read -> analyse (in N processes) -> hand each result on.

Analysis happens in worker processes when `workers > 1`; storing stays in the calling process so that one
writer owns the database transaction for each article.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from eventwire.errors import InputError
from eventwire.models import Article, Report

Result = tuple[Article, Report | InputError]

_worker_analyzer = None


@dataclass
class RunSummary:
    read: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    events: int = 0
    quotes: int = 0
    errors: list[InputError] = field(default_factory=list)

    def fail(self, error: InputError) -> None:
        self.failed += 1
        self.errors.append(error)


def _init_worker() -> None:
    global _worker_analyzer
    from eventwire.analysis.pipeline import Analyzer

    _worker_analyzer = Analyzer()


def _analyze_batch(articles: list[Article]) -> list[Result]:
    assert _worker_analyzer is not None
    return list(_worker_analyzer.analyze_many(articles))


def analyze_stream(articles: Iterable[Article], workers: int = 1, batch_size: int = 16) -> Iterator[Result]:
    """(article, report or error) for each article, in input order."""
    if workers <= 1:
        from eventwire.analysis.pipeline import Analyzer

        yield from Analyzer().analyze_many(articles, batch_size=batch_size)
        return
    context = multiprocessing.get_context("spawn" if multiprocessing.get_start_method() != "fork" else "fork")
    with context.Pool(workers, initializer=_init_worker) as pool:
        batches = _batched(articles, batch_size)
        # bounded look-ahead: at most 2 batches per worker in flight, so large inputs stream
        window = workers * 2
        pending = []
        for batch in batches:
            pending.append(pool.apply_async(_analyze_batch, (batch,)))
            if len(pending) >= window:
                yield from pending.pop(0).get()
        for job in pending:
            yield from job.get()


def _batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def run(
    inputs: Iterable[Article | InputError],
    handle: Callable[[Article, Report], bool],
    *,
    is_known: Callable[[str], bool] = lambda _id: False,
    workers: int = 1,
    on_item: Callable[[RunSummary], None] = lambda _s: None,
    on_error: Callable[[InputError], None] = lambda _e: None,
) -> RunSummary:
    """Drive a run. `handle` stores or prints one result and says whether it was new."""
    summary = RunSummary()
    seen: set[str] = set()

    def articles() -> Iterator[Article]:
        for item in inputs:
            summary.read += 1
            if isinstance(item, InputError):
                summary.fail(item)
                on_error(item)
                on_item(summary)
                continue
            if item.id in seen or is_known(item.id):
                summary.duplicate += 1
                on_item(summary)
                continue
            seen.add(item.id)
            yield item

    for article, result in analyze_stream(articles(), workers=workers):
        if isinstance(result, InputError):
            summary.fail(result)
            on_error(result)
        elif handle(article, result):
            summary.new += 1
            summary.events += len(result.events)
            summary.quotes += len(result.quotes)
        else:
            summary.duplicate += 1
        on_item(summary)
    return summary
