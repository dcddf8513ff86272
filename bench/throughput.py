"""Throughput of eventwire's analysis against bare spaCy on the same texts, in the same run.

    python bench/throughput.py --articles 400 [--rounds 3] [--workers 2]

Builds a corpus of N articles from the bundled sample reports, then alternates rounds of
(a) bare spaCy `nlp.pipe` with the stock English model and (b) eventwire's full analysis
(`Analyzer.analyze_many`), keeping each one's best round. Also times each eventwire stage on
pre-parsed documents, so a stage's cost is a share of bare spaCy time. Prints articles/s, tokens/s,
peak RSS and the ratios; `--json` prints them as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from importlib import resources

from eventwire.models import Article


def build_corpus(count: int) -> list[Article]:
    sample = resources.files("eventwire") / "samples" / "sample.jsonl"
    base = [Article.model_validate_json(line) for line in sample.read_text(encoding="utf-8").splitlines() if line]
    corpus = []
    for n in range(count):
        article = base[n % len(base)]
        corpus.append(article.model_copy(update={"id": f"{article.id}-{n}"}))
    return corpus


def time_bare(nlp, texts: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
    return time.perf_counter() - started, tokens


def time_full(analyzer, corpus: list[Article]) -> float:
    started = time.perf_counter()
    for _ in analyzer.analyze_many(corpus, batch_size=16):
        pass
    return time.perf_counter() - started


def time_stages(analyzer, corpus: list[Article]) -> dict[str, float]:
    """Seconds per stage over the corpus, on documents parsed beforehand."""
    from eventwire.analysis import pipeline as p
    from eventwire.analysis.events import DocContext

    docs = list(analyzer.nlp.pipe((a.text for a in corpus), batch_size=16))
    clock = {"actors+quotes": 0.0, "time+place": 0.0, "events": 0.0, "other": 0.0}
    for article, doc in zip(corpus, docs, strict=True):
        t0 = time.perf_counter()
        matches = analyzer.lexicon.matches(doc)
        sentences = p._sentences(doc, article.title)
        credit = {i for s in sentences if s.kind == "credit" for i in range(s.start, s.end)}
        t1 = time.perf_counter()
        actors = analyzer.actors(doc, matches, credit)
        quotes = analyzer.quotes(doc, actors)
        t2 = time.perf_counter()
        person_tokens = {i for i, m in actors.token_mention.items() if m.form in {"name", "pronoun"}}
        places = analyzer.places(doc, matches, person_tokens)
        times = p._times(doc, article.published_date)
        t3 = time.perf_counter()
        index = {sent.start: n for n, sent in enumerate(doc.sents)}
        analyzer.events(DocContext(doc, actors, places, times, quotes, article.published_date, index))
        t4 = time.perf_counter()
        p._amounts(doc)
        t5 = time.perf_counter()
        clock["other"] += (t1 - t0) + (t5 - t4)
        clock["actors+quotes"] += t2 - t1
        clock["time+place"] += t3 - t2
        clock["events"] += t4 - t3
    return clock


def time_workers(corpus: list[Article], workers: int) -> float:
    from eventwire.runner import analyze_stream

    started = time.perf_counter()
    for _ in analyze_stream(iter(corpus), workers=workers):
        pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="also time the multi-process runner")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from eventwire.analysis.nlp import load_spacy_model
    from eventwire.analysis.pipeline import Analyzer

    corpus = build_corpus(args.articles)
    texts = [a.text for a in corpus]
    load_started = time.perf_counter()
    analyzer = Analyzer()
    load_seconds = time.perf_counter() - load_started
    bare_nlp = load_spacy_model()
    time_full(analyzer, corpus[:8])  # warm caches of both before timing
    time_bare(bare_nlp, texts[:8])

    bare_best = full_best = float("inf")
    tokens = 0
    for _ in range(args.rounds):
        seconds, tokens = time_bare(bare_nlp, texts)
        bare_best = min(bare_best, seconds)
        full_best = min(full_best, time_full(analyzer, corpus))
    stages = time_stages(analyzer, corpus)
    result = {
        "articles": len(corpus),
        "tokens": tokens,
        "rounds": args.rounds,
        "startup_seconds": round(load_seconds, 2),
        "bare_spacy_seconds": round(bare_best, 3),
        "eventwire_seconds": round(full_best, 3),
        "ratio_full_to_bare": round(full_best / bare_best, 3),
        "articles_per_second": round(len(corpus) / full_best, 1),
        "tokens_per_second": round(tokens / full_best),
        "stage_share_of_bare": {name: round(sec / bare_best, 3) for name, sec in stages.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    if args.workers > 1:
        one = time_workers(corpus, 1)
        many = time_workers(corpus, args.workers)
        result["workers"] = {"n": args.workers, "seconds_1": round(one, 2), f"seconds_{args.workers}": round(many, 2),
                             "speedup": round(one / many, 2)}
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:>22}: {value}")


if __name__ == "__main__":
    main()
