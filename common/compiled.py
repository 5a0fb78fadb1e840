"""Queries whose SQL is built once per process, then run with each request's values (docs/scaling.md, "Queries
compiled once").

On a cold event page Django spent more time building and compiling the SQL of its querysets than PostgreSQL spent
running them, and the SQL was the same on every request but for a few values: the event's key, the clock. A
``CompiledQuery`` builds its queryset once per process, language and database with stand-ins for those values,
compiles it, and records where each stand-in lands among the SQL's parameters; a call runs that SQL with the call's
values and gives Django's own model instances (with the queryset's ``prefetch_related`` done).

The queryset is still written with the models' QuerySet methods (``published()``...), so the publishing rules are
never written twice. What varies must reach the SQL as a value: a build that branches on a value or transforms it
(``slug__icontains``, ``now.date()``) is refused when compiled, unless the slot names the transformations
(``Transformed``: a search's text reaches the SQL as its words and as a LIKE pattern), as is a date or time that
did not come from a stand-in (a ``timezone.now()`` read while building would stay fixed for the process's life:
querysets read the clock through ``common.models.now``, which gives the stand-in while building).
"""

import contextvars
import copy
import datetime
import re
import threading
import weakref
from collections import defaultdict
from functools import cached_property, partial
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.base import TIMESTAMPTZ_OID, ServerBindingCursor, register_tzloader
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.utils import timezone, translation
from psycopg.errors import FeatureNotSupported
from psycopg.pq import Format, TransactionStatus

# The clock the querysets read (common.models.now): the stand-in while a CompiledQuery builds.
building_clock = contextvars.ContextVar("building_clock", default=None)

# Stand-ins no real value takes: keys within 32-bit integers (a larger one makes Django drop the condition), a
# million apart for each slot (its list's keys in between), a moment centuries away, text no slug or name holds.
STAND_IN_KEY = 2_000_000_000
KEYS_APART = 1_000_000
STAND_IN_NOW = datetime.datetime(2468, 2, 29, 13, 57, 31, 246813, tzinfo=datetime.UTC)
STAND_IN_TEXT = "\ue000compiled-query-{}\ue000"
STAND_IN_WORDS = re.compile(r"compiled\W+query\W+\d", re.IGNORECASE)
# The most compiled forms a query keeps, the least recently used forgotten first: a form is about 20 KB, and a list's
# filters, pages and languages multiply into thousands of them that a crawler could ask for one by one.
COMPILED_FORMS = 200
# A date or time as a database takes it as text (SQLite): a constant one would be the clock read while building.
DATE_TEXT = re.compile(r"\d{4}-\d\d-\d\d([ T]\d\d:\d\d(:\d\d(\.\d+)?)?)?")


class Transformed(NamedTuple):
    """A slot of ``kind`` whose value the SQL may also hold transformed by one of ``forms`` (functions of the value),
    each call's parameters then made by the same function from the call's value."""

    kind: str
    forms: tuple


class Slot:
    """A value the SQL takes from each call: ``text`` (a slug), ``key`` (a primary or foreign key), ``date`` or
    ``keys`` (a list of keys; the SQL is compiled once for each length); or a ``choice`` the query is built with
    (whether drafts are previewed), compiled once for each value. A value may be None (a filter not asked for): the
    query is built with None, compiled once for it. The clock is a slot of every query."""

    def __init__(self, name, kind):
        self.name, self.kind, self.forms = name, kind, ()
        if isinstance(kind, Transformed):
            self.kind, self.forms = kind

    def stand_in(self, number, value):
        """The query is built with this in place of ``value``, the slot being the query's ``number``-th."""
        if value is None or self.kind == "choice":
            return value
        if self.kind == "text":
            return STAND_IN_TEXT.format(number)
        if self.kind == "date":
            return STAND_IN_NOW.date() + datetime.timedelta(days=number)
        if self.kind == "key":
            return STAND_IN_KEY + number * KEYS_APART
        if self.kind == "keys":
            return [STAND_IN_KEY + number * KEYS_APART + index for index in range(len(value))]
        raise ValueError(f"{self.name}: no kind of slot is called {self.kind!r}")

    def shape(self, value):
        """What of ``value`` the SQL's text depends on."""
        if self.kind == "choice" or value is None:
            return value
        return len(value) if self.kind == "keys" else True


class Compiled:
    """One compiled form of a query: its SQL, its compiler (what the rows hold), and for each parameter either a
    constant or the slot (and position in a list) it takes, with the adapter the database applied to it; and the
    converters of its columns' values, which Django worked out from the columns at each run (a fifth of a run that
    reads no row)."""

    def __init__(self, queryset, sql, compiler, parameters):
        self.queryset, self.sql, self.compiler, self.parameters = queryset, sql, compiler, parameters

    @cached_property
    def converters(self):
        """What Django's compiler gives for the columns the SQL selects: worked out at the first run, then kept."""
        return self.compiler.get_converters([column for column, *_ in self.compiler.select[: self.compiler.col_count]])

    def params(self, values):
        return [
            taken if slot is None else adapt(values[slot] if index is None else values[slot][index])
            for taken, slot, index, adapt in self.parameters
        ]


class CompiledQuery:
    """``build(**values)`` -> a queryset, compiled once per process, language, database and length of each list.

    ``CompiledQuery(build, slug="text")``, then ``query(slug=...)`` -> the list of what the queryset gives.

    ``prepared=True`` for a query whose best plan is the same whatever its values (rows by key or slug, an event's
    sessions): PostgreSQL then keeps it parsed for the connection (``Preparing``) and, after five runs, may keep
    one plan for every value. Never for a search or a filtered list, whose best plan depends on the values (a
    search reusing another word's plan: 33 -> 209 ms, docs/scaling.md).
    """

    def __init__(self, build, *, prepared=False, **slots):
        self.build, self.prepared = build, prepared
        self.slots = [Slot(name, kind) for name, kind in slots.items()]
        self.compiled = {}
        self.lock = threading.Lock()
        _every_query.add(self)

    def __call__(self, *, using=DEFAULT_DB_ALIAS, **values):
        compiled = self.compiled_for(using, values)
        if compiled.sql is None:  # the condition can hold no row (an empty list of keys)
            return []
        queryset = compiled.queryset._chain()
        compiler = copy.copy(compiled.compiler)
        compiler.connection = self.connection(using)  # this thread's, not the one it was compiled on
        compiler.as_sql = partial(_ready, compiled.sql, compiled.params(values))
        compiler.get_converters = partial(_ready_converters, compiled.converters)
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        # The queryset never leaves: what it is chained into next would run this SQL.
        return list(queryset)

    def count(self, *, using=DEFAULT_DB_ALIAS, **values):
        """How many rows the query gives, counted by the database: for a bounded list (a LIMIT), its length without
        reading its rows (a thousand keys read to be counted cost a page's own rows' time again)."""
        compiled = self.compiled_for(using, values)
        if compiled.sql is None:
            return 0
        with self.connection(using).cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({compiled.sql}) counted", compiled.params(values))
            return cursor.fetchone()[0]

    def connection(self, using):
        """This thread's connection to ``using``, whose cursors prepare their statements for a ``prepared`` query."""
        return Preparing.of(connections[using]) if self.prepared else connections[using]

    def compiled_for(self, using, values):
        """The compiled form for ``values`` (the clock added to them), compiled at its first call."""
        values["now"] = timezone.now()
        key = (using, translation.get_language(), *(slot.shape(values[slot.name]) for slot in self.slots))
        with self.lock:
            compiled = self.compiled.pop(key, None)
        if compiled is None:
            compiled = self.compile(using, values)
        with self.lock:
            self.compiled[key] = compiled  # last: the most recently used
            while len(self.compiled) > COMPILED_FORMS:
                del self.compiled[next(iter(self.compiled))]
        return compiled

    def compile(self, using, values):
        built_with = {slot.name: slot.stand_in(number, values[slot.name]) for number, slot in enumerate(self.slots)}
        token = building_clock.set(STAND_IN_NOW)
        try:
            queryset = self.build(**built_with).using(using)
            compiler = queryset.query.get_compiler(using=using)
            try:
                sql, params = self.statement(queryset, compiler)
            except EmptyResultSet:
                return Compiled(queryset, None, compiler, [])
        finally:
            building_clock.reset(token)
        stand_ins = {
            slot.name: built_with[slot.name]
            for slot in self.slots
            if slot.kind != "choice" and built_with[slot.name] is not None
        }
        stand_ins["now"] = STAND_IN_NOW
        forms = {slot.name: self.forms_of(slot, built_with[slot.name]) for slot in self.slots if slot.forms}
        parameters = [self.place(param, stand_ins, forms, connections[using]) for param in params]
        wanted = {(name, index) for name, value in stand_ins.items() if name != "now" for index in _indexes(value)}
        if missing := wanted - {(slot, index) for _, slot, index, _ in parameters}:
            names = ", ".join(sorted({name for name, _ in missing}))
            raise ImproperlyConfigured(f"{self.build.__qualname__}: {names} never reach the SQL")
        self.check_prefetches(queryset, using)
        return Compiled(queryset, sql, compiler, parameters)

    def statement(self, queryset, compiler):
        """The SQL a call runs and its parameters: the queryset's own."""
        return compiler.as_sql()

    def check_prefetches(self, queryset, using):
        """Refuse prefetches built with a stand-in: they run as built (a stand-in clock would publish everything)."""
        for lookup in queryset._prefetch_related_lookups:
            prefetched = getattr(lookup, "queryset", None)
            if prefetched is not None:
                for param in prefetched.query.get_compiler(using=using).as_sql()[1]:
                    if _is_moment(param) or _holds_stand_in(param):
                        raise ImproperlyConfigured(
                            f"{self.build.__qualname__}: the prefetch {lookup.prefetch_through} holds {param!r}"
                        )
                self.check_prefetches(prefetched, using)

    def forms_of(self, slot, stand_in):
        """A ``Transformed`` slot's forms with what each makes of the stand-in: told apart from each other and from the
        stand-in itself, or a parameter could not be said to come from one of them."""
        made = [(form, form(stand_in)) for form in slot.forms]
        if len({stand_in, *(value for _form, value in made)}) <= len(made):
            raise ImproperlyConfigured(
                f"{self.build.__qualname__}: the forms of {slot.name} give values that cannot be told apart"
            )
        return made

    def place(self, param, stand_ins, forms, connection):
        """(constant, slot, position in the slot's list, adapter) for one of the compiled SQL's parameters."""
        for name, stand_in in stand_ins.items():
            for form, made in forms.get(name, ()):
                if type(param) is type(made) and param == made:
                    return None, name, None, form
            for index, value in enumerate(stand_in) if isinstance(stand_in, list) else [(None, stand_in)]:
                if type(param) is type(value) and param == value:
                    return None, name, index, _same
                if isinstance(param, type(value)) and param == value:  # typed for the database: psycopg's Int4
                    return None, name, index, type(param)
                for adapt in _adapters(value, connection):
                    adapted = adapt(value)
                    if type(param) is type(adapted) and param == adapted:
                        return None, name, index, adapt
        if _is_moment(param) or _holds_stand_in(param):
            raise ImproperlyConfigured(
                f"{self.build.__qualname__}: the SQL holds {param!r}, a value that is neither a slot nor a constant"
            )
        return param, None, None, _same


class Preparing:
    """A PostgreSQL connection whose cursors bind their parameters on the server, as psycopg does for prepared
    statements: a statement run again is then sent by name, parsed and planned once for the connection
    (``prepare_threshold``, hldportal/settings.py). The others' client-side cursors are never prepared. Everything
    but the cursor is the connection's own; its cursors are wrapped and logged as Django's are."""

    def __init__(self, database):
        self.database = database
        self.ops = _ComposedSQL(database.ops)

    @classmethod
    def of(cls, database):
        return cls(database) if database.vendor == "postgresql" else database

    def __getattr__(self, name):
        return getattr(self.database, name)

    def cursor(self):
        database = self.database
        database.close_if_health_check_failed()
        database.ensure_connection()
        database.validate_thread_sharing()
        with database.wrap_database_errors:
            cursor = PreparedCursor(database.connection)
        # As Django's own cursors: the connection reads times in its zone unless the database's differs.
        if database.timezone != database.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT).timezone:
            register_tzloader(database.timezone, cursor)
        return (CursorDebugWrapper if database.queries_logged else CursorWrapper)(cursor, self)


class PreparedCursor(ServerBindingCursor):
    """A cursor whose statements psycopg prepares, made anew when a migration changed what one of them reads.

    A statement prepared before another connection changed the type of a column it selects (a longer
    ``max_length``) fails with "cached plan must not change result type" at every run until its connection closes:
    a minute of errors for each worker after such a deploy. Outside a transaction the connection's statements are
    then forgotten (``DEALLOCATE ALL``, which psycopg also follows) and the statement run again; in a transaction,
    the rollback that follows the error makes psycopg forget them."""

    def execute(self, query, params=None, **kwargs):
        try:
            return super().execute(query, params, **kwargs)
        except FeatureNotSupported as error:
            if "cached plan" not in str(error) or self.connection.info.transaction_status != TransactionStatus.IDLE:
                raise
            self.connection.execute("DEALLOCATE ALL")
            return super().execute(query, params, **kwargs)


class _ComposedSQL:
    """A connection's operations, but for the SQL a debug cursor logs: the statement with its values, as Django
    logs it for server-side binding (psycopg keeps no text of a statement it sends by name)."""

    def __init__(self, ops):
        self.wrapped = ops

    def __getattr__(self, name):
        return getattr(self.wrapped, name)

    def last_executed_query(self, cursor, sql, params):
        return self.wrapped.compose_sql(sql, params)


_every_query = weakref.WeakSet()


def forget_compiled(**kwargs):
    """Compile every query anew at its next call: its SQL may depend on a setting (the languages) that a test
    changed, or on a constant it replaced."""
    for query in _every_query:
        query.compiled.clear()


setting_changed.connect(forget_compiled)


def attach(instances, attribute, rows, field):
    """Give each of ``instances`` the ``rows`` whose foreign key ``field`` points at it, as a list in ``attribute``,
    each row pointing back at it: what a prefetch with ``to_attr`` does, for rows a CompiledQuery read."""
    by_key = defaultdict(list)
    for row in rows:
        by_key[getattr(row, f"{field}_id")].append(row)
    for instance in instances:
        related = by_key.get(instance.pk, [])
        for row in related:
            # The row's cache of its foreign key, as a prefetch fills it: assigning the instance through the field's
            # descriptor checks and copies the key the row already holds (0.2 ms for a library page's hundred rows).
            row._meta.get_field(field).set_cached_value(row, instance)
        setattr(instance, attribute, related)


def _adapters(value, connection):
    """How the database may have taken a date or time (SQLite: as text)."""
    if isinstance(value, datetime.datetime):
        return [connection.ops.adapt_datetimefield_value]
    if isinstance(value, datetime.date):
        return [connection.ops.adapt_datefield_value]
    return []


def _indexes(stand_in):
    return range(len(stand_in)) if isinstance(stand_in, list) else [None]


def _is_moment(param):
    return isinstance(param, datetime.date | datetime.time) or (isinstance(param, str) and DATE_TEXT.fullmatch(param))


def _holds_stand_in(param):
    if isinstance(param, int) and STAND_IN_KEY <= param < 2**31:
        return True
    text = str(param)
    # The stand-in text, or its words (what a search makes of it), or the stand-in date.
    return bool(STAND_IN_WORDS.search(text)) or STAND_IN_NOW.date().isoformat() in text


def _same(value):
    return value


def _ready(sql, params, *args, **kwargs):
    return sql, params


def _ready_converters(converters, expressions):
    return converters
