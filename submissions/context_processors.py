from django.db import DatabaseError
from django.db.models import F
from django.utils.functional import SimpleLazyObject

from .models import Call

# The navigation names at most this many open calls; the calls page lists them all.
NAVIGATION_CALLS = 3


def _open_calls():
    try:
        calls = Call.objects.published().open().select_related("event")
        return list(calls.order_by(F("closes_at").asc(nulls_last=True))[:NAVIGATION_CALLS])
    except DatabaseError:  # the error pages render the header too, also while the database is down
        return []


def open_calls(request):
    """The open calls for the main navigation, read only when a page shows the navigation."""
    return {"OPEN_CALLS": SimpleLazyObject(_open_calls)}
