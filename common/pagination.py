"""Pages of a list that cost the same at ten rows and at a million: the count stops at a bound.

Counting every row of a million-row list takes PostgreSQL tens of milliseconds per request, and the last of forty
thousand pages costs an OFFSET over the whole list. Nobody reads that far: past ``LIST_LIMIT`` rows a reader
narrows the list with its filters or a search. So a list counts at most ``LIST_LIMIT + 1`` rows (a LIMIT
subquery), offers the pages of the first ``LIST_LIMIT`` rows only, and says when there are more.
"""

from collections.abc import Sequence

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from .search import SEARCH_LIMIT, ranked_keys

# The most rows a list counts and pages through; searches rank as many (common.search.SEARCH_LIMIT).
LIST_LIMIT = SEARCH_LIMIT


def count_up_to(rows, limit=LIST_LIMIT):
    """How many ``rows`` there are, counted up to ``limit + 1``: only their keys are read, without ordering or
    annotations (a list, too, for lists already in memory)."""
    if hasattr(rows, "values_list"):
        return rows.order_by().values_list("pk", flat=True)[: limit + 1].count()
    return min(len(rows), limit + 1)


class ByKeys(Sequence):
    """Rows whose order is known by their keys, as a paginator reads them: a page fetches its own rows only, by key,
    from ``rows`` (a queryset with its ``select_related``, ``prefetch_related`` and deferred fields)."""

    def __init__(self, keys, rows):
        self.keys, self.rows, self.model = keys, rows, rows.model

    def __len__(self):
        return len(self.keys)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        keys = self.keys[index]
        found = self.rows.in_bulk(keys) if keys else {}
        return [found[key] for key in keys if key in found]


class KeysFirst(ByKeys):
    """A search's rows (at most SEARCH_LIMIT, ranked) as a paginator reads them: one query ranks them all and
    returns their keys, which also counts them; a page then fetches its own rows only, by key, from ``rows``.

    Counting a search, then ranking it for a page, would find and rank its matches twice, and a thousand matches
    are most of what a searched page costs the database. ``rows`` is the queryset the page's rows come from (with
    its ``select_related``, ``prefetch_related`` and deferred fields), without the search.
    """

    def __init__(self, ranked, rows):
        self.ranked, self.rows, self.model = ranked, rows, rows.model

    @cached_property
    def keys(self):
        return ranked_keys(self.ranked)


class InTurn(Sequence):
    """Ordered querysets read as one list, each after the one before (upcoming events, then past ones), for a
    paginator: a page reads its rows from the one or two querysets it straddles, each along its own order.

    One query ordering them together (``ORDER BY`` upcoming-or-past, then a date ascending for some rows and
    descending for others) sorts every row of the table for each page; each of these walks an index and stops at
    the page. Their lengths are counted once, up to ``limit + 1`` rows in all, as ``count_up_to`` counts.
    """

    def __init__(self, *parts, limit=LIST_LIMIT):
        self.parts, self.limit = parts, limit

    @cached_property
    def lengths(self):
        lengths, left = [], self.limit + 1
        for part in self.parts:
            lengths.append(count_up_to(part, left - 1) if left else 0)
            left -= lengths[-1]
        return lengths

    def __len__(self):
        return sum(self.lengths)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        start, stop, _step = index.indices(len(self))
        rows, offset = [], 0
        for part, length in zip(self.parts, self.lengths, strict=True):
            if start < offset + length and offset < stop:
                rows += part[max(start - offset, 0) : min(stop - offset, length)]
            offset += length
        return rows


class BoundedPaginator(Paginator):
    """A paginator whose ``count`` is at most ``limit``; ``more`` says whether the list holds more rows."""

    limit = LIST_LIMIT

    @cached_property
    def counted(self):
        return count_up_to(self.object_list, self.limit)

    @cached_property
    def count(self):
        return min(self.counted, self.limit)

    @cached_property
    def more(self):
        return self.counted > self.limit


class MoreThan(int):
    """A count that stopped at its bound: compares as the bound, reads "more than 1000"."""

    def __str__(self):
        return _("more than %(count)s") % {"count": int(self)}


def bounded_count(queryset, limit=LIST_LIMIT):
    """How many rows ``queryset`` holds, counted up to ``limit``: past it, ``MoreThan(limit)``."""
    found = count_up_to(queryset, limit)
    return MoreThan(limit) if found > limit else found


class AdminPaginator(BoundedPaginator):
    """The admin's pages of a long list: ``count`` reads "more than 1000" past the bound (in "1000 documents"
    and "Select all 1000 documents"), and the admin offers the pages of the first ``limit`` rows.

    Use with ``show_full_result_count = False``, which spares the admin a second count of the whole table.
    """

    @cached_property
    def count(self):
        return MoreThan(self.limit) if self.more else self.counted
