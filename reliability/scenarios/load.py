"""Scenario 1, load: many visitors fetch the form, then all post one submission with a PDF at once."""

import threading
import time
from collections import Counter

from reliability import say
from reliability.figures import (
    Result,
    headline,
    is_5xx,
    log_figures,
    ms,
    percentile,
    store_checks,
    store_rows,
    verify_store,
)


def run(ctx, args):
    concurrency, time_limit = args.concurrency, args.load_timeout
    say(f"load: {concurrency} concurrent submissions (at most {time_limit} s)")
    offset = ctx.gunicorn.log_size()
    deadline = time.monotonic() + time_limit
    attempts = [ctx.site.new_attempt("load") for _ in range(concurrency)]
    barrier = threading.Barrier(concurrency)
    hits = []
    threads = [
        threading.Thread(
            target=ctx.site.submit,
            args=(attempt, hits),
            kwargs={"deadline": deadline, "barrier": barrier, "status_page": True},
            daemon=True,
        )
        for attempt in attempts
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    unfinished = sum(thread.is_alive() for thread in threads)
    wall = time.monotonic() - started
    posts = [hit for hit in hits if hit.kind == "post"]
    post_window = (max(h.end for h in posts) - min(h.start for h in posts)) if posts else 0.0
    latencies = [hit.latency for hit in posts if hit.status is not None]
    store = verify_store(ctx.postgres, ctx.private_root, attempts)
    statuses = Counter(hit.status or hit.error for hit in posts)
    outcomes = Counter(attempt.outcome for attempt in attempts)
    references = [attempt.reference for attempt in attempts if attempt.reference]
    logs = log_figures(ctx.gunicorn.log_text(offset))

    result = Result(
        "load",
        "1. Load: concurrent submissions with files",
        f"{concurrency} visitors each fetch the form, wait at a barrier, then all post at once one submission with "
        "a unique PDF of 20-200 KB; each then reads its status page. Checked afterwards in PostgreSQL and in "
        "PRIVATE_MEDIA_ROOT.",
    )
    rows = [
        ["submissions sent", len(posts)],
        ["acknowledged (302 to the status page)", store["acknowledged"]],
        *store_rows(store),
        ["references read on the status pages, all distinct", f"{len(references)}, {len(set(references))} distinct"],
        ["POST responses", ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str))],
        ["POST latency p50 / p90 / p99 / max", " / ".join(ms(percentile(latencies, p)) for p in (0.5, 0.9, 0.99, 1))],
        [
            f"all {len(posts)} POSTs answered within",
            f"{post_window:.1f} s ({len(posts) / post_window:.1f} submissions/s)",
        ]
        if post_window
        else ["all POSTs answered within", "-"],
        ["wall time (forms, posts, status pages)", f"{wall:.1f} s"],
        ["5xx responses / worker timeouts", f"{sum(map(is_5xx, hits))} / {logs['worker timeouts']}"],
    ]
    result.tables.append(("", ["figure", "value"], rows))
    result.headline = headline(store)
    result.check("every submission sent", len(posts) == concurrency and not unfinished, f"{unfinished} unfinished")
    result.check("every submission acknowledged", store["acknowledged"] == concurrency, dict(outcomes))
    store_checks(result, store)
    result.check(
        "status pages show the stored, distinct references",
        len(references) == store["acknowledged"] and len(set(references)) == len(references),
    )
    result.check("no 5xx", not any(map(is_5xx, hits)))
    ctx.all_attempts.extend(attempts)
    return result
