"""A steady stream of visitors with a fault in the middle (the database and cache outages), and its phases."""

import threading
import time

from reliability.figures import is_5xx, ms, percentile
from reliability.visitors import PAGES

MAX_STREAM_ITERATIONS = 2000  # per client thread of an outage scenario


def run_stream(ctx, scenario, *, submitters, readers, before, outage, after, take_down, bring_up):
    """Clients send submissions and read pages steadily; ``take_down`` after ``before`` s, ``bring_up`` after
    ``outage`` s more, then ``after`` s more. Returns the attempts, the page hits and the moments of the fault."""
    stop = threading.Event()
    hard_deadline = time.monotonic() + before + outage + after + 120
    attempts, submission_hits, page_hits = [], [], []

    def submitter():
        open_form = {}
        for _ in range(MAX_STREAM_ITERATIONS):
            if stop.is_set() or time.monotonic() > hard_deadline:
                return
            attempt = ctx.site.new_attempt(scenario)
            attempts.append(attempt)
            ctx.site.submit(attempt, submission_hits, deadline=hard_deadline, open_form=open_form)
            stop.wait(0.1)

    def reader(offset):
        for index in range(offset, offset + MAX_STREAM_ITERATIONS):
            if stop.is_set() or time.monotonic() > hard_deadline:
                return
            ctx.site.request("page", "GET", PAGES[index % len(PAGES)], page_hits, deadline=hard_deadline)
            stop.wait(0.05)

    threads = [threading.Thread(target=submitter, daemon=True) for _ in range(submitters)]
    threads += [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(readers)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        time.sleep(before)
        down = time.monotonic()
        take_down()
        down_done = time.monotonic()
        time.sleep(outage)
        up_begin = time.monotonic()
        bring_up()
        up = time.monotonic()
        time.sleep(after)
    finally:
        stop.set()
        for thread in threads:
            thread.join(max(0.0, hard_deadline - time.monotonic()))
    moments = {
        "started": started,
        "down": down,
        "down_done": down_done,
        "up_begin": up_begin,
        "up": up,
        "ended": time.monotonic(),
        "unfinished": sum(thread.is_alive() for thread in threads),
    }
    return attempts, submission_hits, page_hits, moments


def phase_of(hit, moments):
    if hit.end < moments["down"]:
        return "before"
    if hit.start >= moments["up"]:
        return "after"
    return "outage"


def attempt_phase(attempt, moments):
    hit = attempt.hit("post") or attempt.hit("form")
    return phase_of(hit, moments) if hit else "after"


PHASES = ("before", "outage", "after")


def phase_table(attempts, submission_hits, page_hits, moments, *, cache_column=False):
    durations = {
        "before": moments["down"] - moments["started"],
        "outage": moments["up"] - moments["down"],
        "after": moments["ended"] - moments["up"],
    }
    header = ["", "before", "outage", "after restart"]
    rows = [["duration", *(f"{durations[p]:.1f} s" for p in PHASES)]]

    def per_phase(items, key, predicate):
        return [sum(1 for item in items if key(item) == p and predicate(item)) for p in PHASES]

    def by_attempt(attempt):
        return attempt_phase(attempt, moments)

    def by_hit(hit):
        return phase_of(hit, moments)

    forms = [h for h in submission_hits if h.kind == "form"]
    posts = [h for h in submission_hits if h.kind == "post"]
    rows.append(["forms loaded (GET, 200)", *per_phase(forms, by_hit, lambda h: h.status == 200)])
    rows.append(['forms answered 503 "try again"', *per_phase(forms, by_hit, lambda h: h.try_again)])
    rows.append(["submissions sent (POST)", *per_phase(posts, by_hit, lambda h: True)])
    rows.append(["acknowledged (302)", *per_phase(attempts, by_attempt, lambda a: a.acknowledged)])
    rows.append(['submissions answered 503 "try again"', *per_phase(posts, by_hit, lambda h: h.try_again)])
    everything = submission_hits + page_hits
    rows.append(
        ["500 or other 5xx (any request)", *per_phase(everything, by_hit, lambda h: is_5xx(h) and not h.try_again)]
    )
    rows.append(["no response / timeout (any request)", *per_phase(everything, by_hit, lambda h: h.status is None)])
    rows.append(["page views (event page, library)", *per_phase(page_hits, by_hit, lambda h: True)])
    rows.append(["page views answered 200", *per_phase(page_hits, by_hit, lambda h: h.status == 200)])
    rows.append(['page views answered 503 "try again"', *per_phase(page_hits, by_hit, lambda h: h.try_again)])
    if cache_column:
        rows.append(["page views X-Cache: HIT", *per_phase(page_hits, by_hit, lambda h: h.cache == "HIT")])
    for label, hits in (("page view", page_hits), ("POST", posts)):
        cells = []
        for p in PHASES:
            values = [h.latency for h in hits if by_hit(h) == p and h.status is not None]
            cells.append(f"{ms(percentile(values, 0.5))} / {ms(percentile(values, 0.99))}")
        rows.append([f"{label} latency p50 / p99", *cells])
    return header, rows


def recovery_figures(attempts, submission_hits, page_hits, moments):
    """After the service is back: how long until the first acknowledged submission, and the 5xx before/after it."""
    after_acks = sorted(
        attempt.hit("post").end
        for attempt in attempts
        if attempt.acknowledged and attempt.hit("post").start >= moments["up"]
    )
    first_ack = after_acks[0] if after_acks else None
    later = [h for h in submission_hits + page_hits if h.start >= moments["up"]]
    if first_ack is None:
        return None, sum(map(is_5xx, later)), None
    before_first = [h for h in later if h.start < first_ack]
    after_first = [h for h in later if h.start >= first_ack]
    return first_ack - moments["up"], sum(map(is_5xx, before_first)), sum(map(is_5xx, after_first))
