"""Queries compiled once per process and run with each call's values (common/compiled.py)."""

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections
from django.db.models import Prefetch
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from common.compiled import CompiledQuery, Transformed, attach
from common.models import PublicationStatus
from common.search import like_pattern, search_words
from events.models import Event, Session
from tests.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2013, 9, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def compilations(monkeypatch):
    """The events queries Django compiled SQL for."""
    count = []
    compile_sql = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        if self.query.model is Event:
            count.append(self.query)
        return compile_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    return count


def by_slug():
    return CompiledQuery(lambda slug: Event.objects.published().filter(slug=slug), slug="text")


def test_a_compiled_query_finds_what_its_queryset_finds_with_each_calls_values(compilations):
    EventFactory(slug="hld", title="The dialogue")
    EventFactory(slug="geneva", title="Geneva meeting")
    EventFactory(slug="draft", status=PublicationStatus.DRAFT)
    query = by_slug()

    found = [[event.title for event in query(slug=slug)] for slug in ("hld", "geneva", "draft", "nowhere")]

    assert found == [["The dialogue"], ["Geneva meeting"], [], []]
    assert len(compilations) == 1


def test_a_compiled_query_runs_as_many_queries_as_its_queryset(django_assert_num_queries):
    EventFactory(slug="hld")
    query = by_slug()
    query(slug="hld")

    with django_assert_num_queries(1):
        assert [event.slug for event in query(slug="hld")] == ["hld"]


@pytest.mark.django_db(transaction=True)
def test_a_query_compiled_in_one_thread_runs_on_another_threads_connection():
    # A threaded server (runserver) answers each request in a thread of its own, each with its own connection.
    EventFactory(slug="hld")
    query = by_slug()
    query(slug="hld")
    found = []

    thread = threading.Thread(target=lambda: (found.extend(query(slug="hld")), connection.close()))
    thread.start()
    thread.join()

    assert [event.slug for event in found] == ["hld"]


def test_the_clock_is_read_at_each_call_not_when_the_query_was_compiled():
    EventFactory(slug="later", publish_from=NOON)
    query = by_slug()

    with time_machine.travel(NOON - datetime.timedelta(seconds=1), tick=False):
        before = query(slug="later")
    with time_machine.travel(NOON, tick=False):
        at_noon = query(slug="later")

    assert (before, [event.slug for event in at_noon]) == ([], ["later"])


def test_each_language_has_its_own_sql(compilations):
    EventFactory(slug="a", title="Alpha", title_fr="Zêta")
    EventFactory(slug="b", title="Beta", title_fr="Bêta")
    query = CompiledQuery(lambda: Event.objects.published().order_by("title"))

    orders = {}
    for language in ("en", "fr", "en"):
        with translation.override(language):
            orders[language] = [event.slug for event in query()]

    assert orders == {"en": ["a", "b"], "fr": ["b", "a"]}
    assert len(compilations) == 2


def test_a_list_of_keys_is_compiled_once_for_each_length_and_an_empty_one_reads_nothing(
    compilations, django_assert_num_queries
):
    keys = [event.pk for event in EventFactory.create_batch(3)]
    query = CompiledQuery(lambda events: Event.objects.filter(pk__in=events).order_by("pk"), events="keys")

    found = [[event.pk for event in query(events=asked)] for asked in (keys[:1], keys[2:], keys)]
    with django_assert_num_queries(0):
        assert query(events=[]) == []

    assert found == [keys[:1], keys[2:], keys]
    assert len(compilations) == 3  # one key, three keys, none


def test_a_bounded_list_is_counted_by_the_database_with_the_sql_compiled_once(compilations):
    EventFactory.create_batch(4, status=PublicationStatus.PUBLISHED)
    EventFactory(status=PublicationStatus.DRAFT)
    first = CompiledQuery(lambda limit: Event.objects.published().values_list("pk")[:limit], limit="choice")

    with CaptureQueriesContext(connection) as queries:
        counts = [first.count(limit=limit) for limit in (3, 10, 10)]

    assert counts == [3, 4, 4]
    assert [query["sql"].startswith("SELECT COUNT(*) FROM (SELECT") for query in queries] == [True] * 3
    assert len(compilations) == 2  # once for each limit
    assert CompiledQuery(lambda events: Event.objects.filter(pk__in=events), events="keys").count(events=[]) == 0


def test_a_query_keeps_its_most_recently_used_forms_up_to_a_bound(monkeypatch, compilations):
    monkeypatch.setattr("common.compiled.COMPILED_FORMS", 2)
    EventFactory.create_batch(3)
    query = CompiledQuery(lambda limit: Event.objects.order_by("pk")[:limit], limit="choice")

    found = [len(query(limit=limit)) for limit in (1, 2, 1, 3, 1, 2)]

    assert found == [1, 2, 1, 3, 1, 2]
    # 1 and 2 compiled; 1 kept; 3 compiled, 2 (the least recently used) forgotten; 1 kept; 2 compiled again.
    assert len(compilations) == 4
    assert len(query.compiled) == 2


def test_a_choice_builds_a_query_of_its_own_for_each_value():
    EventFactory(slug="draft", status=PublicationStatus.DRAFT)
    query = CompiledQuery(
        lambda slug, preview: Event.objects.visible(preview).filter(slug=slug), slug="text", preview="choice"
    )

    assert [len(query(slug="draft", preview=preview)) for preview in (False, True, False)] == [0, 1, 0]


def test_the_querysets_prefetches_are_done_for_the_rows():
    event = EventFactory(slug="hld")
    SessionFactory(event=event, title="Round table 1")
    query = CompiledQuery(lambda slug: Event.objects.filter(slug=slug).prefetch_related("sessions"), slug="text")

    (found,) = query(slug="hld")

    assert [session.title for session in found.sessions.all()] == ["Round table 1"]


@pytest.mark.parametrize(
    ("build", "refused"),
    [
        # A value that does not reach the SQL as it was given: the stand-in would be the only value ever asked.
        (lambda slug: Event.objects.filter(slug__icontains=slug), "neither a slot nor a constant"),
        (lambda slug: Event.objects.filter(slug=slug.upper()), "neither a slot nor a constant"),
        (lambda slug: Event.objects.filter(title=search_words(slug)), "neither a slot nor a constant"),
        (lambda slug: Event.objects.all(), "slug never reach the SQL"),
        # The clock read directly: it would stay at the moment of compiling.
        (lambda slug: Event.objects.filter(slug=slug, ends_at__lte=timezone.now()), "neither a slot nor a constant"),
        (
            lambda slug: Event.objects.filter(slug=slug).prefetch_related(
                Prefetch("sessions", queryset=Session.objects.published())
            ),
            "the prefetch sessions holds",
        ),
    ],
)
def test_a_query_whose_sql_would_not_follow_its_values_is_refused(build, refused):
    EventFactory(slug="hld")

    with pytest.raises(ImproperlyConfigured, match=refused):
        CompiledQuery(build, slug="text")(slug="hld")


def test_a_value_the_sql_holds_transformed_takes_each_calls_value_through_the_same_transformation(compilations):
    EventFactory(slug="hld", title="The 100% dialogue")
    EventFactory(slug="geneva", title="Geneva meeting")
    query = CompiledQuery(
        lambda text: Event.objects.filter(title__icontains=text).order_by("slug"),
        text=Transformed("text", (like_pattern,)),
    )

    found = [[event.slug for event in query(text=text)] for text in ("DIALOGUE", "e", "0%", "%", "_", "nowhere")]

    assert found == [["hld"], ["geneva", "hld"], ["hld"], ["hld"], [], []]
    assert len(compilations) == 1


@pytest.mark.parametrize("forms", [(str.upper, str.upper), (str.strip,)], ids=["the same twice", "the value itself"])
def test_forms_that_cannot_be_told_apart_are_refused(forms):
    query = CompiledQuery(lambda text: Event.objects.filter(title=text), text=Transformed("text", forms))

    with pytest.raises(ImproperlyConfigured, match="the forms of text give values that cannot be told apart"):
        query(text="hld")


def test_attached_rows_are_each_instances_list_and_point_back_at_it(django_assert_num_queries):
    second = EventFactory.create_batch(2)[1]
    SessionFactory(event=second, title="Round table 2")
    events = list(Event.objects.order_by("pk"))
    sessions = list(Session.objects.all())

    with django_assert_num_queries(0):
        attach(events, "listed", sessions, "event")
        listed = [[(session.title, session.event.slug) for session in event.listed] for event in events]

    assert listed == [[], [("Round table 2", second.slug)]]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize(
    "path",
    [
        "",
        "events/hld-2013/",
        "events/hld-2013/plenary-1/",
        "events/hld-2013/plenary-1/?delegation=united-nations",
        "documents/a-68-292/",
        "documents/a-res-67-219/",
        "documents/",
        "documents/?type=resolution&year=2013&language=fr&event=hld-2013",
        "events/",
        "calls/",
        "calls/protection-of-migrants-2013/",
    ],
)
def test_a_page_read_with_compiled_queries_builds_no_sql_after_its_first_visit(
    client, demo, monkeypatch, language, path
):
    first = client.get(f"/{language}/{path}").content.decode()
    compiled = []
    compile_sql = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda compiler: compiled.append(compiler) or compile_sql(compiler))

    second = client.get(f"/{language}/{path}").content.decode()

    assert (second, compiled) == (first, [])


postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")


def prepared_statements(text):
    """The statements this connection holds prepared whose SQL holds ``text``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall() if text in statement]


@postgresql
def test_a_prepared_query_is_prepared_at_its_second_run_and_finds_each_calls_rows_after():
    EventFactory(slug="hld", title="The dialogue")
    EventFactory(slug="geneva", title="Geneva meeting")
    query = CompiledQuery(lambda slug: Event.objects.published().filter(slug=slug), slug="text", prepared=True)

    query(slug="hld")
    assert prepared_statements('"events_event"') == []
    # Past its fifth run PostgreSQL may keep one plan for every value: each slug still finds its own event.
    found = [event.title for slug in ["geneva", "hld", "nowhere"] * 4 for event in query(slug=slug)]

    assert found == ["Geneva meeting", "The dialogue"] * 4
    assert len(prepared_statements('"events_event"')) == 1


@postgresql
def test_a_query_not_marked_prepared_is_never_prepared():
    EventFactory(slug="hld")
    query = by_slug()

    for _ in range(6):
        query(slug="hld")

    assert prepared_statements('"events_event"') == []


@postgresql
def test_a_prepared_query_is_logged_with_its_values():
    EventFactory(slug="hld")
    query = CompiledQuery(lambda slug: Event.objects.published().filter(slug=slug), slug="text", prepared=True)

    with CaptureQueriesContext(connection) as captured:
        query(slug="hld")
        query(slug="hld")

    assert [entry["sql"].count("'hld'") for entry in captured] == [1, 1]


@postgresql
def test_a_pages_lookups_by_key_are_prepared_and_a_searchs_never_are(client, demo):
    for _ in range(2):
        assert client.get("/en/events/hld-2013/").status_code == 200
        assert client.get("/en/events/").status_code == 200
        for _ in range(3):
            assert b"A/RES/67/219" in client.get("/en/documents/?q=migration").content

    # The event by its slug, its sessions, its documents and their versions: planned once for the connection.
    assert len(prepared_statements('"events_session"."event_id" = $')) == 1
    assert len(prepared_statements('"documents_version"."document_id" IN ($')) >= 1
    # The events list's parts, and their lengths counted (CompiledList).
    assert len(prepared_statements("SELECT COUNT(*) FROM (SELECT")) == 2
    # A search's best plan depends on its words (a plan made for another word: 33 -> 209 ms, docs/scaling.md).
    assert prepared_statements("ts_rank") == []


@postgresql
@pytest.mark.django_db(transaction=True)
def test_a_prepared_query_is_prepared_anew_after_a_migration_changed_a_column_it_reads():
    EventFactory(slug="hld", title="The dialogue")
    query = CompiledQuery(lambda slug: Event.objects.published().filter(slug=slug), slug="text", prepared=True)
    query(slug="hld")
    query(slug="hld")
    length = Event._meta.get_field("slug").max_length
    migrating = connections.create_connection("default")  # a deploy's migrate, beside this worker's connection
    try:
        with migrating.cursor() as cursor:
            cursor.execute(f"ALTER TABLE events_event ALTER COLUMN slug TYPE varchar({length + 1})")

        assert [event.title for event in query(slug="hld")] == ["The dialogue"]
    finally:
        with migrating.cursor() as cursor:
            cursor.execute(f"ALTER TABLE events_event ALTER COLUMN slug TYPE varchar({length})")
        migrating.close()
