"""The admin's date hierarchy for a list too long to read every date of (the moderation queue)."""

import copy
import datetime

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.db.models import Max, Min
from django.utils import timezone

register = template.Library()


@register.tag(name="spanned_date_hierarchy")
def spanned_date_hierarchy_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=spanned_date_hierarchy, template_name="date_hierarchy.html", takes_context=False
    )


def spanned_date_hierarchy(cl):
    """Django's date hierarchy, offering every year, month or day from the list's first date to its last: two reads
    of the date's index, where Django's lists the distinct days of every row (a sort of them all). A day or month
    without rows may be offered; choosing it lists none."""
    spanned = copy.copy(cl)
    spanned.queryset = DateSpan(cl.queryset)
    return date_hierarchy(spanned)


class DateSpan:
    """What the date hierarchy asks of a list's queryset (``aggregate`` and ``dates`` or ``datetimes``), answered
    from its first and last date."""

    def __init__(self, queryset):
        self.queryset = queryset
        self.span = None

    def aggregate(self, **aggregates):
        # Asked once by the hierarchy for its level and once here for the periods: read once.
        if self.span is None:
            self.span = self.queryset.aggregate(**aggregates)
        return self.span

    def datetimes(self, field_name, kind):
        span = self.aggregate(first=Min(field_name), last=Max(field_name))
        if span["first"] is None:
            return []
        first, last = (timezone.localtime(moment) if timezone.is_aware(moment) else moment for moment in span.values())
        return list(periods(first, last, kind))

    dates = datetimes


def periods(first, last, kind):
    """The first day of each year, month or day (``kind``) from ``first`` to ``last``."""
    if kind == "year":
        yield from (datetime.date(year, 1, 1) for year in range(first.year, last.year + 1))
    elif kind == "month":
        for index in range(first.year * 12 + first.month - 1, last.year * 12 + last.month):
            yield datetime.date(index // 12, index % 12 + 1, 1)
    else:
        day, end = to_date(first), to_date(last)
        while day <= end:
            yield day
            day += datetime.timedelta(days=1)


def to_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value
