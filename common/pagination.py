"""Pages of a list that cost the same at ten rows and at a million: the count stops at a bound.

Counting every row of a million-row list takes PostgreSQL tens of milliseconds per request, and the last of forty
thousand pages costs an OFFSET over the whole list. Nobody reads that far: past ``LIST_LIMIT`` rows a reader
narrows the list with its filters or a search. So a list counts at most ``LIST_LIMIT + 1`` rows (a LIMIT
subquery), offers the pages of the first ``LIST_LIMIT`` rows only, and says when there are more. A program that
walks a whole list (the JSON API's clients) goes from page to page by position instead (``Keyset``).
"""

from collections.abc import Sequence
from functools import reduce
from operator import and_, or_

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, OrderBy, Q
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.http import MAX_URL_REDIRECT_LENGTH
from django.utils.translation import gettext as _

from .compiled import CompiledQuery
from .search import SEARCH_LIMIT

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
    from ``rows``: a queryset (with its ``select_related``, ``prefetch_related`` and deferred fields), or a
    CompiledQuery of ``keys`` (common/compiled.py) giving rows of ``model``."""

    def __init__(self, keys, rows, model=None):
        self.keys, self.rows, self.model = keys, rows, model or rows.model

    def __len__(self):
        return len(self.keys)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        keys = self.keys[index]
        if not keys:
            return []
        found = (
            self.rows.in_bulk(keys) if hasattr(self.rows, "in_bulk") else {row.pk: row for row in self.rows(keys=keys)}
        )
        return [found[key] for key in keys if key in found]


class CompiledList:
    """An ordered list compiled once (common/compiled.py), for a paginator: ``build(**values)`` gives its queryset,
    ``slots`` name its values; ``pages(**values)`` gives what a paginator reads (``CompiledPages``): the rows of a
    page and the list's length, counted from its first ``LIST_LIMIT + 1`` keys: those of ``build``'s queryset, or
    of ``keys`` (given the same values) where the keys can be read from fewer tables than the rows; ``prepared`` as
    CompiledQuery's."""

    def __init__(self, model, build, *, keys=None, prepared=False, **slots):
        self.model = model
        keys = keys or (lambda **values: build(**values).values_list("pk", flat=True))
        self.rows = CompiledQuery(
            lambda start, stop, **values: build(**values)[start:stop],
            start="choice",
            stop="choice",
            prepared=prepared,
            **slots,
        )
        self.keys = CompiledQuery(
            lambda **values: keys(**values).order_by()[: LIST_LIMIT + 1],
            prepared=prepared,
            **slots,
        )

    def pages(self, **values):
        return CompiledPages(self.model, self.rows, self.keys, **values)


class CompiledPages(Sequence):
    """A list read by a paginator through a CompiledQuery (common/compiled.py) given ``values``: ``rows`` gives its
    rows from ``start`` to ``stop`` (two choices: a list pages through at most ``LIST_LIMIT`` rows), and counted
    (``CompiledQuery.count``) its length, as ``count_up_to`` counts: its first ``LIST_LIMIT + 1`` keys."""

    def __init__(self, model, rows, keys, **values):
        self.model, self.rows, self.keys, self.values = model, rows, keys, values

    @cached_property
    def length(self):
        return self.keys.count(**self.values)

    def __len__(self):
        return self.length

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        return self.rows(start=index.start or 0, stop=index.stop, **self.values)


class InTurn(Sequence):
    """Ordered lists (querysets, or a ``CompiledList``'s pages) read as one, each after the one before (upcoming
    events, then past ones), for a paginator: a page reads its rows from the one or two it straddles, each along its
    own order.

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


class NearestPageMixin:
    """For a view that shows a list in pages (a ListView, or ``nearest_page`` called with its paginator): a ``page``
    past the list's end, before its start or not a number leads to the nearest page the list has (a redirect, its
    other parameters kept), where Django answered "page not found": a link kept from a longer list, or a mistyped
    one, still lands on the list and its filters."""

    page_kwarg = "page"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except _Elsewhere as nearest:
            return redirect(nearest.address)

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=self.get_allow_empty()
        )
        page = self.nearest_page(paginator)
        return paginator, page, page.object_list, page.has_other_pages()

    def nearest_page(self, paginator):
        """The page of ``paginator`` the request asks for, if it has it; else the way to the nearest one."""
        asked = self.request.GET.get(self.page_kwarg)
        if asked == "last":
            number = paginator.num_pages
        else:
            try:
                number = int(asked or 1)
            except ValueError:
                number = 0
        # What ListView reads as a page ("2", "02", "last") shows it; any other asks for the nearest one.
        page = paginator.get_page(max(number, 1))
        if page.number != number:
            query = self.request.GET.copy()
            query[self.page_kwarg] = page.number
            if page.number == 1:
                del query[self.page_kwarg]
            address = f"{self.request.path}?{query.urlencode()}" if query else self.request.path
            # Past what a redirect may carry (a query thousands of characters long, refused anyway): the page.
            if len(address) <= MAX_URL_REDIRECT_LENGTH:
                raise _Elsewhere(address)
        return page


class _Elsewhere(Exception):
    """Not an error: the way out of paginate_queryset, with the address of the nearest page."""

    def __init__(self, address):
        super().__init__(address)
        self.address = address


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


class Keyset:
    """The pages of ``rows`` that continue from a row (keyset pagination): each is an index walk of one page,
    however deep, where an OFFSET walks every row before it.

    ``rows`` is ordered by fields of its own model (names, or orders placing NULL: common/ordering.py) ending with
    the primary key, so that the order is total: rows sharing a date keep one place between requests, none skipped
    or given twice. A position is the values of those fields in one row.
    """

    def __init__(self, rows):
        self.rows = rows
        features = connections[rows.db].features
        # Each field's name, direction, and whether NULL sorts after its values: as said (common.ordering), or
        # where the database puts it.
        self.order = [_ordered_field(item, features.nulls_order_largest) for item in rows.query.order_by]
        if not self.order or self.order[-1][0] != "pk":
            raise ValueError(f"{rows.model.__name__} rows must be ordered by fields ending with pk: {self.order}")
        # The order in words, for the cursors' signature: a cursor from a list ordered otherwise is refused.
        self.names = [item if isinstance(item, str) else _order_name(item) for item in rows.query.order_by]
        meta = rows.model._meta
        self.fields = [meta.pk if name == "pk" else meta.get_field(name) for name, _descending, _largest in self.order]

    def position(self, row):
        """Where ``row`` stands: its values of the order's fields, as text (JSON holds no date) or None."""
        return [None if field.value_from_object(row) is None else field.value_to_string(row) for field in self.fields]

    def following(self, position, size, backwards=False):
        """The ``size`` rows after ``position`` in the order, or before it, nearest first, when ``backwards``."""
        values = [
            None if text is None else field.to_python(text) for field, text in zip(self.fields, position, strict=True)
        ]
        order = [(name, descending != backwards, largest) for name, descending, largest in self.order]
        ordering = [
            _order_by(name, descending, largest if field.null else None)
            for (name, descending, largest), field in zip(order, self.fields, strict=True)
        ]
        features = connections[self.rows.db].features
        # Conditions by field: the rows equal to the position on the fields before it and past it on this one. Each
        # is a range of the list's index, where their disjunction is not: PostgreSQL would walk the index from the
        # list's start (its end, backwards) and filter out every row before the position.
        levels = [
            same(order[:depth], values[:depth]) & past
            for depth, ((name, descending, largest), field, value) in enumerate(
                zip(order, self.fields, values, strict=True)
            )
            for past in rows_past(name, value, descending, field.null and largest != descending)
        ]
        if not levels:
            return []
        ordered = self.rows.order_by(*ordering)
        # SQLite cannot cut the parts of a union (its lists are the demo's and the tests'): it takes the disjunction.
        if len(levels) == 1 or not features.supports_slicing_ordering_in_compound:
            return list(ordered.filter(reduce(or_, levels))[:size])
        # Each level walks its own range for a page at most; their union is ordered again and cut to a page.
        parts = [ordered.filter(level)[:size] for level in levels]
        return list(parts[0].union(*parts[1:], all=True).order_by(*ordering)[:size])


def _ordered_field(item, nulls_largest):
    """(name, descending, whether NULL sorts after the values) of ``item`` of a queryset's order: a field's name,
    or its order with NULL placed (common.ordering); ``nulls_largest``: the database's own placement."""
    if isinstance(item, str):
        return item.removeprefix("-"), item.startswith("-"), nulls_largest
    if not isinstance(item, OrderBy) or not isinstance(item.expression, F):
        raise ValueError(f"Not a field's order: {item}")
    if item.nulls_first or item.nulls_last:
        nulls_largest = bool(item.nulls_first if item.descending else item.nulls_last)
    return item.expression.name, item.descending, nulls_largest


def _order_name(item):
    name, descending, _largest = _ordered_field(item, None)
    nulls = " nulls first" if item.nulls_first else " nulls last" if item.nulls_last else ""
    return f"{'-' if descending else ''}{name}{nulls}"


def _order_by(name, descending, nulls_largest):
    """The order of field ``name``, with NULL after its values if ``nulls_largest``, before them if False, where
    the database puts it if None (a field that is never NULL: its order as a name, the SQL unchanged)."""
    if nulls_largest is None:
        return f"-{name}" if descending else name
    if descending:
        return F(name).desc(nulls_first=nulls_largest or None, nulls_last=not nulls_largest or None)
    return F(name).asc(nulls_last=nulls_largest or None, nulls_first=not nulls_largest or None)


def same(order, values):
    """Rows whose ``order`` fields equal ``values``."""
    return reduce(and_, (Q(**{name: value}) for (name, *_direction), value in zip(order, values, strict=True)), Q())


def rows_past(name, value, descending, nulls_follow):
    """The ranges of the rows after ``value`` of field ``name`` in its direction, as conditions: none, one, or the
    values past it and NULL. ``nulls_follow``: whether the field's NULLs come after its values in this direction."""
    if value is None:
        return [] if nulls_follow else [Q(**{f"{name}__isnull": False})]
    past = Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
    return [past, Q(**{f"{name}__isnull": True})] if nulls_follow else [past]
