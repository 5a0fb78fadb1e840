"""Scenario 2, database outage: PostgreSQL stopped in the middle of a stream of visitors, then started again."""

from collections import Counter

from reliability import say
from reliability.figures import Result, headline, is_5xx, log_figures, store_checks, store_rows, verify_store
from reliability.stream import phase_of, phase_table, recovery_figures, run_stream


def run(ctx, args):
    before, outage, after = args.before, args.outage, args.after
    say(f"database outage: {before} s of traffic, PostgreSQL stopped ({args.pg_stop_mode}) for {outage} s, {after} s")
    offset = ctx.gunicorn.log_size()
    master = ctx.gunicorn.pid

    def take_down():
        ctx.postgres.stop(args.pg_stop_mode)
        say("database outage: PostgreSQL stopped")

    def bring_up():
        ctx.postgres.start()
        say("database outage: PostgreSQL started again")

    attempts, submission_hits, page_hits, moments = run_stream(
        ctx, "db", submitters=6, readers=1, before=before, outage=outage, after=after,
        take_down=take_down, bring_up=bring_up,
    )  # fmt: skip
    store = verify_store(ctx.postgres, ctx.private_root, attempts)
    logs = log_figures(ctx.gunicorn.log_text(offset))
    everything = submission_hits + page_hits
    recovery, fivexx_recovering, fivexx_recovered = recovery_figures(attempts, submission_hits, page_hits, moments)
    non_503 = [h for h in everything if is_5xx(h) and not h.try_again]
    bare_503 = [h for h in everything if h.status == 503 and not h.try_again]

    result = Result(
        "database",
        "2. Database outage",
        "6 visitors send submissions one after another (GET the form, POST it, 0.1 s pause; a visitor whose form "
        "does not load sends the one still open in the browser), 1 visitor reads the "
        f"event page and the library; after {before} s PostgreSQL is stopped (`pg_ctl stop -m {args.pg_stop_mode}`"
        f"{', a crash: no shutdown checkpoint, crash recovery on restart' if args.pg_stop_mode == 'immediate' else ''}"
        f"), {outage} s later started again; gunicorn keeps running throughout. A request belongs to the outage "
        "when any part of it falls between the stop command and the moment PostgreSQL accepts connections again.",
    )
    header, rows = phase_table(attempts, submission_hits, page_hits, moments, cache_column=True)
    result.tables.append(("Responses by phase", header, rows))
    same_master = ctx.gunicorn.running() and ctx.gunicorn.pid == master
    # Posts being handled while the server went down: the ones that may have written files before their
    # transaction failed (the files must then be deleted) or whose commit raced the stop.
    in_flight = [
        attempt
        for attempt in attempts
        if (post := attempt.hit("post")) and post.start <= moments["down_done"] and post.end >= moments["down"]
    ]
    in_flight_outcomes = Counter(attempt.outcome for attempt in in_flight)
    with_text = sum(h.try_again and h.retry_after for h in everything)
    all_503 = sum(h.status == 503 for h in everything)
    rows = [
        ["submissions sent (whole stream)", store["sent"]],
        ["acknowledged", store["acknowledged"]],
        *store_rows(store),
        ['5xx other than the 503 "try again" page', len(non_503)],
        ['503 responses with the "try again" text and Retry-After', f"{with_text} of {all_503}"],
        [
            "submissions in flight when PostgreSQL stopped",
            f"{len(in_flight)}"
            + (f" ({', '.join(f'{k}: {v}' for k, v in in_flight_outcomes.items())})" if in_flight else ""),
        ],
        ["first acknowledged submission after restart", "never" if recovery is None else f"{recovery:.2f} s"],
        ["5xx after restart, before the first success", fivexx_recovering],
        ["5xx after recovery (after the first success)", "-" if fivexx_recovered is None else fivexx_recovered],
        ["gunicorn restarted", "no (same master process)" if same_master else "yes"],
        ["worker timeouts / workers booted", f"{logs['worker timeouts']} / {logs['workers booted']}"],
        [
            "errors logged by Django (503 / 500)",
            f"{logs['logged 503 (Service Unavailable)']} / {logs['logged 500 (Internal Server Error)']}",
        ],
    ]
    result.tables.append(("Afterwards", ["figure", "value"], rows))
    outage_5xx = Counter(h.status for h in everything if is_5xx(h) and phase_of(h, moments) == "outage")
    result.headline = headline(
        store,
        outage_5xx=", ".join(f"{count} x {status}" for status, count in sorted(outage_5xx.items())) or "0",
        recovered_5xx="-" if fivexx_recovered is None else fivexx_recovered,
    )
    if logs["exceptions"]:
        result.notes.append(
            "Exceptions in gunicorn's log during the scenario (most frequent first): "
            + "; ".join(f"`{text}` x{count}" for text, count in logs["exceptions"])
            + "."
        )
    outage_posts = [h for h in submission_hits if phase_of(h, moments) == "outage"]
    result.check("the outage was seen by visitors (503 during the outage)", any(h.try_again for h in outage_posts))
    result.check("no 500 (every 5xx is the 503 try-again page)", not non_503, Counter(h.status for h in non_503))
    result.check("every 503 shows the try-again text", not bare_503, len(bare_503))
    result.check("no request left without a response", not any(h.status is None for h in everything))
    store_checks(result, store)
    result.check(
        f"recovered by itself within {args.recovery_limit} s of the restart",
        recovery is not None and recovery <= args.recovery_limit,
        "never" if recovery is None else f"{recovery:.2f} s",
    )
    result.check("no 5xx after recovery", fivexx_recovered == 0, fivexx_recovered)
    result.check("gunicorn never restarted", same_master)
    result.check("no worker timeout", logs["worker timeouts"] == 0, logs["worker timeouts"])
    ctx.all_attempts.extend(attempts)
    return result
