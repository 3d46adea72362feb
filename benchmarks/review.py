"""Measure the review store at full size: the index build, queues, and a big phrasing approval.

Indexes every pair of the bundled catalog (346,528 articles; composed here, or read from a
batch's ``articles.jsonl`` with ``--articles``), then times, as medians of ``--runs`` runs:
opening each queue (counts by state and a first page, unfiltered and by state, occupation and
fragment; the counts every page shows; the fragment and occupation lists), and approving the
phrasing whose sentences stand in the number of articles closest to 100,000 (rejected again
between runs, so every approval changes the same places).

    python benchmarks/review.py --db /tmp/review-bench.db [--articles out/articles.jsonl]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from narrator.editorial import queries
from narrator.editorial.corpus import Source
from narrator.editorial.publish import states
from narrator.editorial.store import ReviewStore


def median_time(
    action: Callable[[], Any], runs: int, before: Callable[[], Any] | None = None
) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--articles", default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="Reuse an existing index.")
    args = parser.parse_args()
    print(f"python {platform.python_version()} ({sys.executable}), {os.cpu_count()} cores")
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(args.db + suffix):
                os.remove(args.db + suffix)
    store = ReviewStore(args.db)
    if not args.keep:
        source = Source(articles=args.articles)
        composer, catalog = source.composer(), source.catalog()
        start, cpu = time.perf_counter(), time.process_time()
        count = store.index(source.records(composer, catalog), source.indexer(composer, catalog))
        wall, used = time.perf_counter() - start, time.process_time() - cpu
        size = sum(
            os.path.getsize(args.db + s) for s in ("", "-wal") if os.path.exists(args.db + s)
        )
        print(
            f"index build: {count} articles in {wall:.1f} s ({used:.1f} s CPU), {size / 1e6:.0f} MB"
        )
    conn = store.conn
    print("articles by state:", store.counts())
    places = conn.execute("SELECT count(*) FROM places").fetchone()[0]
    contents = conn.execute("SELECT count(*) FROM contents").fetchone()[0]
    print(f"{places} places, {contents} distinct contents")
    busiest = conn.execute("SELECT slug FROM profiles ORDER BY slug LIMIT 1").fetchone()[0]
    fragment = conn.execute(
        "SELECT fragment FROM phrasings ORDER BY n0 + n1 + n2 + n3 DESC LIMIT 1 OFFSET 5"
    ).fetchone()[0]
    opens = {
        "queue, all": queries.Filter(),
        "queue, unreviewed": queries.Filter(state="unreviewed"),
        "queue, approved (empty at first)": queries.Filter(state="approved"),
        f"queue, occupation {busiest}": queries.Filter(occupation=busiest),
        f"queue, fragment {fragment}": queries.Filter(fragment=fragment),
    }
    for name, where in opens.items():
        print(
            f"open {name}: {median_time(lambda w=where: queries.queue(conn, w), args.runs):.3f} s"
        )
    print(f"count by state (each page's header): {median_time(store.counts, args.runs):.3f} s")
    print(f"open fragments list: {median_time(lambda: queries.fragments(conn), args.runs):.3f} s")
    print(
        f"open occupations list: {median_time(lambda: queries.occupations(conn), args.runs):.3f} s"
    )
    print(f"open data notes: {median_time(lambda: queries.notes(conn), args.runs):.3f} s")
    key, label, used = conn.execute(
        "SELECT ph.key, ph.fragment || '#' || ph.idx, count(DISTINCT p.article) AS n"
        " FROM phrasings ph JOIN contents c ON c.phrasing = ph.id JOIN places p ON p.content = c.id"
        " WHERE p.article IS NOT NULL GROUP BY ph.id ORDER BY abs(n - 100000) LIMIT 1"
    ).fetchone()
    print(f"phrasing {label}: used by {used} articles")
    approve = median_time(
        lambda: store.decide("phrasing", [key], "approve"),
        args.runs,
        before=lambda: store.decide("phrasing", [key], "reject"),
    )
    print(f"approve that phrasing (after a reject): {approve:.3f} s")
    print("articles by state:", store.counts())
    key, label, used = conn.execute(
        "SELECT key, fragment || '#' || idx, n0 + n1 + n2 + n3 FROM phrasings"
        " WHERE fragment = 'article.title'"
    ).fetchone()
    approve = median_time(
        lambda: store.decide("phrasing", [key], "approve"),
        args.runs,
        before=lambda: store.decide("phrasing", [key], "reject"),
    )
    print(f"approve {label}, in all {used} articles (after a reject): {approve:.3f} s")
    slugs = [slug for (slug,) in conn.execute("SELECT slug FROM article_names ORDER BY id")]
    store.close()
    took = median_time(lambda: states(args.db, slugs), args.runs)
    print(f"publish.states for all {len(slugs)} slugs: {took:.3f} s")


if __name__ == "__main__":
    main()
