"""Meeting times as the venue's clock gives them: a day, a start and an end time."""

import datetime


def end_day(day, start, end):
    """The day a meeting held on ``day`` from ``start`` to ``end`` ends: the next one when the end is earlier than the
    start (a night meeting that runs past midnight, 10 p.m. to 1 a.m.)."""
    return day + datetime.timedelta(days=1) if start and end and end < start else day


def is_skipped(day, time, zone):
    """Whether the clocks skip ``time`` on ``day`` in ``zone`` (the hour lost when summer time starts)."""
    moment = datetime.datetime.combine(day, time, tzinfo=zone)
    return moment.astimezone(datetime.UTC).astimezone(zone).time() != time
