"""Scenario 3, cache outage: Redis stopped in the middle of a stream of visitors, then started again."""

from reliability import say
from reliability.figures import Result, headline, is_5xx, log_figures, store_checks, store_rows, verify_store
from reliability.stream import attempt_phase, phase_of, phase_table, run_stream


def run(ctx, args):
    before, outage, after = args.before, args.outage, args.after
    say(f"cache outage: {before} s of traffic, Redis stopped for {outage} s, {after} s after its restart")
    offset = ctx.gunicorn.log_size()

    def take_down():
        ctx.redis.stop()
        say("cache outage: Redis stopped")

    def bring_up():
        ctx.redis.start()
        say("cache outage: Redis started again (empty)")

    attempts, submission_hits, page_hits, moments = run_stream(
        ctx, "cache", submitters=2, readers=4, before=before, outage=outage, after=after,
        take_down=take_down, bring_up=bring_up,
    )  # fmt: skip
    store = verify_store(ctx.postgres, ctx.private_root, attempts)
    logs = log_figures(ctx.gunicorn.log_text(offset))
    everything = submission_hits + page_hits
    hits_after = sorted(h.end for h in page_hits if h.start >= moments["up"] and h.cache == "HIT")
    first_hit = hits_after[0] - moments["up"] if hits_after else None

    result = Result(
        "cache",
        "3. Cache outage",
        f"4 visitors read the event page and the library in turn (0.05 s pause), 2 send submissions; after {before} s "
        f"Redis is stopped (SIGTERM), {outage} s later started again, empty, on the same port. While Redis is down "
        "the page cache, the content version and the submission rate limit fail soft; pages then still carry "
        "`X-Cache: MISS` (the middleware tried to store them).",
    )
    header, rows = phase_table(attempts, submission_hits, page_hits, moments, cache_column=True)
    result.tables.append(("Responses by phase", header, rows))
    result.tables.append(
        (
            "Afterwards",
            ["figure", "value"],
            [
                ["submissions sent (whole stream)", store["sent"]],
                ["acknowledged", store["acknowledged"]],
                *store_rows(store),
                ["5xx (any request, any phase)", sum(map(is_5xx, everything))],
                ["first X-Cache: HIT after Redis restarted", "never" if first_hit is None else f"{first_hit:.2f} s"],
                ["cache-unavailable warnings logged", logs["cache-unavailable warnings"]],
                ["worker timeouts", logs["worker timeouts"]],
            ],
        )
    )
    result.headline = headline(
        store,
        outage_5xx=sum(1 for h in everything if is_5xx(h) and phase_of(h, moments) == "outage"),
        recovered_5xx=sum(1 for h in everything if is_5xx(h) and phase_of(h, moments) == "after"),
    )
    outage_pages = [h for h in page_hits if phase_of(h, moments) == "outage"]
    outage_acks = [a for a in attempts if a.acknowledged and attempt_phase(a, moments) == "outage"]
    result.check("no 5xx", not any(map(is_5xx, everything)), sum(map(is_5xx, everything)))
    result.check("every page view answered 200", all(h.status == 200 for h in page_hits))
    result.check("pages served during the outage", outage_pages and all(h.status == 200 for h in outage_pages))
    result.check("submissions acknowledged during the outage", outage_acks, len(outage_acks))
    result.check(
        "every submission acknowledged",
        store["acknowledged"] == store["sent"],
        f"{store['acknowledged']}/{store['sent']}",
    )
    store_checks(result, store)
    result.check("caching resumed after the restart (X-Cache: HIT)", first_hit is not None)
    ctx.all_attempts.extend(attempts)
    return result
