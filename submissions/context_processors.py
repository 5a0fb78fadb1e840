from django.db import DatabaseError
from django.db.models import F
from django.utils.functional import SimpleLazyObject

from common.compiled import CompiledQuery

from .models import Call

# The navigation names at most this many open calls; the calls page lists them all.
NAVIGATION_CALLS = 3
# What the navigation and the home page's cards show of an open call (submissions/includes/open_call.html,
# submissions/templatetags/calls.py): every page reads them, so they read these few columns of the call and
# its event, not every translation of every text of both.
NAVIGATION_FIELDS = (
    "slug", "title", "time_zone", "opens_at", "closes_at", "event__title", "event__starts_at"
)  # fmt: skip


# Compiled once (common/compiled.py): every page reads them.
OPEN_CALLS = CompiledQuery(
    lambda: (
        Call.objects.published()
        .open()
        .select_related("event")
        .only(*NAVIGATION_FIELDS)
        .order_by(F("closes_at").asc(nulls_last=True))[:NAVIGATION_CALLS]
    ),
    prepared=True,
)


def _open_calls():
    try:
        return OPEN_CALLS()
    except DatabaseError:  # the error pages render the header too, also while the database is down
        return []


def open_calls(request):
    """The open calls for the main navigation, read only when a page shows the navigation."""
    return {"OPEN_CALLS": SimpleLazyObject(_open_calls)}
