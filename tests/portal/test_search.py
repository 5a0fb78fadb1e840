"""Search finds what people type, with the same rules on PostgreSQL and on the embedded SQLite of ``make run``:
every word in any order, accents, case and apostrophes (straight or curly) ignored, each language's stemming."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common import search
from documents.models import Document
from events.models import Event, Session
from portal.views import searches
from records.models import Delegation, Statement
from submissions.models import Call, Submission
from tests.factories import (
    CallFactory,
    DocumentFactory,
    EventFactory,
    SessionFactory,
    SubmissionFactory,
    VersionFactory,
)

pytestmark = pytest.mark.django_db


def titles(queryset):
    return sorted(str(title) for title in queryset.values_list("title", flat=True))


def in_the_order_created(model):
    """Rewrite ``model``'s table in the order of its keys, on PostgreSQL: a search's first matches are those first in
    the table, which is the order the rows were created in only until space freed by other tests' rows (vacuumed
    in the background) is used again."""
    if connection.vendor == "postgresql":
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the foreign keys' checks, which CLUSTER cannot wait for
            cursor.execute(f"CLUSTER {table} USING {table}_pkey")


def test_library_finds_every_word_in_any_order(client):
    DocumentFactory(slug="rights", title="Migration and Human Rights")
    DocumentFactory(slug="development", title="Migration and development")

    html = client.get("/en/documents/", {"q": "migration human rights"}).content.decode()
    reversed_words = titles(Document.objects.published().search("rights human migration", "en"))

    assert "Migration and Human Rights" in html
    assert "Migration and development" not in html
    assert reversed_words == ["Migration and Human Rights"]


def test_search_page_finds_a_french_title_typed_without_accents(client):
    DocumentFactory(slug="dev", title="Development", title_fr="Migrations internationales et développement")
    DocumentFactory(slug="other", title="Protection", title_fr="Protection des migrants")

    html = client.get("/fr/search/", {"q": "developpement"}).content.decode()

    assert "Migrations internationales et développement" in html
    assert "Protection des migrants" not in html


@pytest.mark.parametrize("query", ["droits de l'homme", "droits de l’homme", "DROITS DE L’HOMME", "l’homme droits"])
def test_apostrophes_accents_and_case_do_not_matter(query):
    DocumentFactory(title="Human rights", title_fr="Les migrations et les droits de l’homme")
    DocumentFactory(title="Human beings", title_fr="L'homme et la société")

    assert titles(Document.objects.published().search(query, "fr")) == ["Human rights"]


def test_spanish_query_without_accents_finds_sessions_and_events():
    event = EventFactory(title="Dialogue", title_es="Diálogo sobre la protección de los migrantes")
    SessionFactory(event=event, title="Round table", title_es="Protección de los trabajadores migratorios")
    SessionFactory(event=event, title="Other table", title_es="Financiación del desarrollo")

    assert titles(Event.objects.published().search("proteccion", "es")) == ["Dialogue"]
    assert titles(Session.objects.published().search("proteccion trabajadores", "es")) == ["Round table"]


@pytest.mark.parametrize("query", ["resoluciones", "resolución", "resolucion", "RESOLUCIÓN"])
def test_spanish_singular_and_plural_in_acion_and_ucion_find_each_other(client, query):
    # The stemmer knows -ación and -ución only with their accent, which goes first: the plural was cut, not the
    # singular, and "resoluciones" found nothing beside a title "Resolución".
    DocumentFactory(slug="one", title="Resolution 67/172", title_es="Resolución 67/172 sobre la organización")
    DocumentFactory(slug="many", title="Two resolutions", title_es="Dos resoluciones de organizaciones")
    DocumentFactory(slug="nation", title="Nations", title_es="Estados y resultados")

    html = client.get("/es/documents/", {"q": query}).content.decode()

    assert "Resolución 67/172" in html
    assert "Dos resoluciones" in html
    assert "Estados y resultados" not in html
    found = Document.objects.published().search(f"{query} organizacion", "es")
    assert sorted(found.values_list("slug", flat=True)) == ["many", "one"]


def test_an_events_summary_after_the_event_is_searched(client):
    EventFactory(
        slug="hld",
        title="High-level Dialogue",
        post_event_summary="<p>An important milestone in fostering cooperation.</p>",
        post_event_summary_es="<p>Un hito importante para fomentar la cooperación.</p>",
    )
    EventFactory(slug="other", title="Expert meeting")

    assert "High-level Dialogue" in client.get("/en/search/", {"q": "milestone cooperation"}).content.decode()
    assert titles(Event.objects.published().search("hito cooperaciones", "es")) == ["High-level Dialogue"]
    assert titles(Event.objects.published().search("milestone", "fr")) == ["High-level Dialogue"]


def test_plural_finds_the_singular_in_english_stemming():
    DocumentFactory(title="The right to development")
    DocumentFactory(title="Remittances")

    assert titles(Document.objects.published().search("rights development", "en")) == ["The right to development"]


def test_english_fallback_is_searched_from_other_languages():
    DocumentFactory(title="Migration and Human Rights", title_fr="", title_es="")

    assert titles(Document.objects.published().search("human rights", "es")) == ["Migration and Human Rights"]


def test_calls_and_published_submissions_are_found_by_every_word(client):
    call = CallFactory(title="Call for written contributions", title_fr="Appel à contributions écrites")
    SubmissionFactory(call=call, organisation="Red de Protección Migrante", title="Aportes", status="published")
    SubmissionFactory(call=call, organisation="Protección secreta", title="Borrador", status="received")

    calls = titles(Call.objects.published().search("written call", "en"))
    submissions = titles(Submission.objects.published().search("red proteccion", "en"))
    html = client.get("/fr/search/", {"q": "contributions ecrites"}).content.decode()

    assert "Appel à contributions écrites" in html
    assert calls == ["Call for written contributions"]
    assert submissions == ["Aportes"]


def test_a_part_of_a_submitters_name_finds_only_published_submissions():
    # Each of a submission's indexes is searched on its own (SearchedFields.each_index): the filters still apply.
    call = CallFactory()
    SubmissionFactory(call=call, organisation="Red de Protección Migrante", title="Aportes", status="published")
    SubmissionFactory(call=call, organisation="Migrantes secretos", title="Borrador", status="received")
    SubmissionFactory(call=call, organisation="Otra red", title="Remesas", status="published")

    assert titles(Submission.objects.published().search("Migra", "en")) == ["Aportes"]
    assert titles(Submission.objects.published().search("remesas", "en")) == ["Remesas"]
    assert titles(Submission.objects.published().search("secreto", "en")) == []


def test_part_of_a_symbol_finds_the_document():
    DocumentFactory(symbol="A/68/292", title="Report of the Secretary-General")
    DocumentFactory(symbol="A/RES/63/225", title="Resolution")

    assert titles(Document.objects.published().search("68/292", "en")) == ["Report of the Secretary-General"]


def test_an_edited_title_is_found_by_its_new_words_only():
    document = DocumentFactory(title="Draft programme")
    document.title = "Final programme of the dialogue"
    document.save()

    assert titles(Document.objects.published().search("final dialogue", "en")) == ["Final programme of the dialogue"]
    assert titles(Document.objects.published().search("draft", "en")) == []


def test_a_deleted_document_is_no_longer_found():
    DocumentFactory(title="Remittances and development").delete()

    assert titles(Document.objects.published().search("remittances", "en")) == []


def test_a_title_match_comes_before_a_newer_match_in_the_body_only(client):
    DocumentFactory(
        title="Annual report",
        title_fr="Rapport annuel",
        description="On remittances and migrations.",
        description_fr="Sur les transferts de fonds et les migrations.",
        date=datetime.date(2024, 1, 1),
    )
    DocumentFactory(title="Remittances", title_fr="Migrations et transferts de fonds", date=datetime.date(2013, 1, 1))

    library = list(Document.objects.published().search("remittances", "en").values_list("title", flat=True))
    page = client.get("/fr/search/", {"q": "migrations"}).content.decode()

    assert library == ["Remittances", "Annual report"]
    assert page.index("Migrations et transferts de fonds") < page.index("Rapport annuel")


def test_search_ranks_at_most_the_search_limit_among_the_filtered_documents(settings, monkeypatch):
    monkeypatch.setattr("common.search.SEARCH_LIMIT", 2)
    for n in range(3):
        DocumentFactory(title=f"Migration report {n}", doc_type="report")
    DocumentFactory(title="Migration resolution", doc_type="resolution")

    everything = Document.objects.published().search("migration", "en")
    resolutions = Document.objects.published().filter(doc_type="resolution").search("migration", "en")

    assert everything.count() == 2
    assert titles(resolutions) == ["Migration resolution"]


def test_the_library_says_when_a_search_stopped_counting(client, monkeypatch):
    monkeypatch.setattr("common.search.SEARCH_LIMIT", 2)
    for n in range(3):
        DocumentFactory(title=f"Migration report {n}")

    html = client.get("/en/documents/", {"q": "migration"}).content.decode()
    fewer = client.get("/en/documents/", {"q": "report 1"}).content.decode()

    assert "The first 2 documents found: add a word to narrow the search." in html
    assert "1 document</p>" in fewer


def old_title_match_and_newer_body_matches(count):
    """A document titled "Remittances" from 2001, and ``count`` newer ones holding the word in their body only."""
    DocumentFactory(title="Remittances", date=datetime.date(2001, 1, 1))
    for n in range(count):
        DocumentFactory(title=f"Annual report {n}", description="On remittances.", date=datetime.date(2020, 1, 1 + n))
    return ["Remittances"] + [f"Annual report {n}" for n in range(count)]


def test_the_library_pages_through_a_search_in_rank_order_each_match_once(client):
    matches = old_title_match_and_newer_body_matches(28)
    DocumentFactory(title="Remittances unrelated", doc_type="resolution", description="Other matters.")
    DocumentFactory(title="Annual report on trade", description="Nothing to find.")

    first = client.get("/en/documents/", {"q": "remittances"})
    second = client.get("/en/documents/", {"q": "remittances", "page": 2})
    resolutions = client.get("/en/documents/", {"q": "remittances", "type": "resolution"}).content.decode()
    listed = [[document.title for document in page.context["page_obj"]] for page in (first, second)]

    assert "30 documents" in first.content.decode()
    assert set(listed[0][:2]) == {"Remittances", "Remittances unrelated"}  # the titles holding the word, even older
    assert listed[0][2:5] == ["Annual report 27", "Annual report 26", "Annual report 25"]  # then the newest
    assert (len(listed[0]), len(listed[1])) == (25, 5)
    assert sorted(listed[0] + listed[1]) == sorted([*matches, "Remittances unrelated"])
    assert "Page 2 of 2" in second.content.decode()
    assert "1 document</p>" in resolutions
    assert "Remittances unrelated" in resolutions


def test_the_search_page_lists_the_best_twenty_documents_of_many_matches(client):
    old_title_match_and_newer_body_matches(24)

    html = client.get("/en/search/", {"q": "remittances"}).content.decode()

    assert html.index(">Remittances</a>") < html.index(">Annual report 23</a>") < html.index(">Annual report 5</a>")
    assert html.count(">Annual report ") == 19  # the title match and the 19 newest matches in the body only
    assert ">Annual report 4</a>" not in html
    # Not all 25 are shown, and the page says so, leading to them all.
    assert "More than 20 results for “remittances”; each kind shows its best 20." in html
    assert '<a href="/en/documents/?q=remittances">Every document found for “remittances”, in the library</a>' in html


def test_the_search_page_says_when_a_kind_has_more_results_than_it_shows(client):
    for n in range(21):
        EventFactory(slug=f"remittances-{n}", title=f"Remittances forum {n}")

    html = client.get("/fr/search/", {"q": "remittances"}).content.decode()

    assert html.count(">Réunion Remittances forum ") == 20
    assert "Plus de 20 résultats pour « remittances »" in html
    assert "Il y en a d’autres : les 20 meilleurs sont affichés. Ajoutez un mot pour affiner la recherche." in html


@pytest.mark.parametrize("purged", [0, 60], ids=["", "statistics-of-a-larger-table"])
def test_the_search_page_ranks_ten_matches_for_each_it_shows_where_the_library_ranks_them_all(
    client, monkeypatch, purged
):
    # Showing one document, the search page ranks the first ten found; the library counts and ranks a thousand.
    # Statistics taken when the table held more documents with the word (``purged``, since deleted) do not make
    # the search rank the newest ten instead.
    monkeypatch.setattr("portal.views.SEARCHES", searches(1))
    gone = [DocumentFactory(title=f"Remittances {n}") for n in range(purged)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE documents_document")
    Document.objects.filter(pk__in=[document.pk for document in gone]).delete()
    for n in range(10):
        DocumentFactory(title=f"Annual report {n}", description="On remittances.", date=datetime.date(2020, 1, 1))
    DocumentFactory(title="Remittances", date=datetime.date(2020, 1, 1))
    in_the_order_created(Document)

    search = client.get("/en/search/", {"q": "remittances"}).content.decode()
    library = client.get("/en/documents/", {"q": "remittances"}).content.decode()

    assert search.count(">Annual report ") == 1
    assert ">Remittances</a>" not in search
    assert "11 documents" in library
    assert library.index(">Remittances</a>") < library.index(">Annual report ")


def protection_submissions():
    """Three published submissions holding "protection migrants": by its words, as a part of a name, and both."""
    call = CallFactory()
    SubmissionFactory(call=call, organisation="Protection migrants", title="Protection migrants", status="published")
    SubmissionFactory(call=call, organisation="Network", title="Child protection migrants", status="published")
    SubmissionFactory(call=call, organisation="Protection migrantsnetz", title="Beitrag", status="published")
    return Submission.objects.published()


def test_a_submission_found_by_its_words_and_by_its_names_is_listed_once():
    found = titles(protection_submissions().search("protection migrants", "en"))

    assert found == ["Beitrag", "Child protection migrants", "Protection migrants"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one FTS5 table answers on SQLite")
def test_names_are_not_read_once_the_words_index_gave_the_matches_ranked(monkeypatch):
    # Each index is read for the rows the ones before did not find, and only while the search wants more.
    submissions = protection_submissions()
    monkeypatch.setattr("common.search.RANKED_PER_SHOWN", 1)

    with CaptureQueriesContext(connection) as queries:
        found = list(submissions.search("protection migrants", "en", top=1))
    plan = [row[0] for row in explain(queries[0]["sql"])]
    # Each plan node whose condition is a part of a name, with the line that says whether it ran.
    names = [
        next(node for node in reversed(plan[:i]) if "->" in node)
        for i, line in enumerate(plan)
        if "upper((organisation)::text) ~~" in line or "upper((title)::text) ~~" in line
    ]

    assert len(found) == 1
    assert len(names) == 2
    assert all("never executed" in node for node in names), plan


def test_a_searched_library_page_finds_its_matches_once_for_its_count_and_its_rows(client):
    old_title_match_and_newer_body_matches(3)

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/en/documents/", {"q": "remittances"}).content.decode()
    searches = [query for query in queries if "plainto_tsquery" in query["sql"] or " MATCH " in query["sql"]]

    assert "4 documents" in html
    assert len(searches) == 1


def test_each_kind_of_result_shows_its_link_title_and_details_in_french_or_marked_english(client):
    event = EventFactory(title="Remittances forum", title_fr="", city="Geneva", city_fr="Genève")
    DocumentFactory(slug="remittances", symbol="A/68/7", title="Remittances <b>& development</b>", title_fr="")
    call = CallFactory(event=event, title="Remittances call", title_fr="Appel sur les envois de fonds")
    SubmissionFactory(call=call, category="member_state", country="MX", title="Remittances", status="published")

    html = client.get("/fr/search/", {"q": "remittances"}).content.decode()

    english = '<span lang="en">{}</span> <span class="fallback-note">(Pas encore disponible en français.)</span>'
    assert (
        f'<li>\n  <a href="{event.get_absolute_url()}">{english.format("Remittances forum")}</a>\n'
        '  <span class="card__meta">3 et 4 octobre 2013 · Genève</span>\n</li>'
    ) in html
    assert (
        '<li>\n  <a href="/fr/documents/remittances/">'
        f"{english.format('Remittances &lt;b&gt;&amp; development&lt;/b&gt;')}</a>"
        ' – <span class="symbol">A/68/7</span>\n  <span class="card__meta">Rapport · 9 août 2013</span>\n  \n</li>'
    ) in html
    assert (
        f'<li>\n  <a href="{call.get_absolute_url()}">Appel sur les envois de fonds</a>\n'
        f'  <span class="card__meta">{english.format("Remittances forum")} · Ouvert</span>\n</li>'
    ) in html
    assert '<span class="card__meta"><bdi lang="en">Remittances</bdi> · État Membre</span>' in html
    assert ">Mexique</a>" in html


@pytest.mark.parametrize("count", [1, 6])
def test_search_page_reads_each_kind_once_whatever_the_number_of_results(client, django_assert_num_queries, count):
    # Each kind reads only the columns its rows show (portal/views.py): one left out would be read once per row.
    states = [Delegation.objects.create(kind="state", country=code, slug=code) for code in ("FR", "MX")]
    iom = Delegation.objects.create(kind="igo", slug="iom", name="International Organization for Migration")
    for n in range(count):
        event = EventFactory(title=f"Remittances forum {n}", city="Geneva")
        session = SessionFactory(event=event, title=f"Remittances round table {n}")
        Statement.objects.create(
            session=session, delegation=[*states, iom][n % 3], order=n, speaker_name="Remittances envoy",
            status="published",
        )  # fmt: skip
        call = CallFactory(event=event, title=f"Remittances call {n}")
        SubmissionFactory(call=call, title=f"Remittances {n}", status="published")
        VersionFactory(document=DocumentFactory(title=f"Remittances report {n}"), language="fr")

    # Six kinds, the documents' versions, the open calls of the header; on PostgreSQL, how common the words are.
    with django_assert_num_queries(8 + (connection.vendor == "postgresql")):
        html = client.get("/en/search/", {"q": "remittances"}).content.decode()

    assert html.count('<span class="card__meta">') == 6 * count
    assert "France: Remittances envoy</a>" in html


def test_search_page_shows_the_first_twenty_events_in_its_order_ranked_then_newest(client):
    for n in range(25):
        day = datetime.date(2000 + n, 10, 3)
        EventFactory(title=f"Remittances forum {n}", start_date=day, end_date=day)

    html = client.get("/en/search/", {"q": "remittances"}).content.decode()

    assert re.findall(r"Remittances forum (\d+)</a>", html) == [str(n) for n in range(24, 4, -1)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT compilation and parallel workers are PostgreSQL's")
def test_pages_run_without_postgresql_compiling_or_parallelising_them_with_room_for_exact_bitmaps():
    # A search for a word in most of a million documents spent 8 ms of 49 compiling itself; an event page's six
    # documents, planned as two thousand, 5.5 ms of 6 starting a parallel worker; a common word under a filter,
    # 500 ms testing every row of a lossy bitmap's pages (docs/scaling.md).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone() == ("16MB",)


def test_equal_matches_keep_one_order_from_page_to_page(client):
    day = datetime.date(2013, 7, 1)
    first, second, third = (
        DocumentFactory(slug=f"report-{n}", title="Report on migration", symbol=f"A/68/{n}", date=day)
        for n in (1, 2, 3)
    )

    pages = [
        [document.slug for document in client.get("/en/documents/", {"q": "report migration"}).context["page_obj"]]
        for _ in range(2)
    ]

    # The same title and date: the newest created comes first, on every request.
    assert pages == [[third.slug, second.slug, first.slug]] * 2


def common_word_archive(monkeypatch, older, newer):
    """``older`` then ``newer`` documents (a title and a type each) holding "migration", with the search's bounds
    made small: ranked at most 3, a common word first looked for among at most the newest 20 documents, in blocks
    of one key (the index's blocks of 1,024 would hold them all: the plan changes, not the rows); then ANALYZE,
    from which PostgreSQL's statistics say "migration" is in most documents."""
    monkeypatch.setattr("common.search.SEARCH_LIMIT", 3)
    monkeypatch.setattr("common.search.NEWEST_ROWS", 20)
    monkeypatch.setattr("common.search.NEWEST_BLOCK", 1)
    documents = [DocumentFactory(title=title, doc_type=kind) for title, kind in [*older, *newer]]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE documents_document")
    return documents


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite ranks every match (FTS5)")
def test_a_word_in_most_documents_ranks_the_newest_that_hold_it(client, monkeypatch):
    # At a million documents the index would give the first thousand in the table's order, the oldest.
    documents = common_word_archive(monkeypatch, [(f"Migration report {n}", "report") for n in range(39)], [])
    # The newest holds the word in its description only.
    documents.append(DocumentFactory(title="Migration report 39", description="On migration."))
    Document.objects.filter(pk=documents[-1].pk).update(title="Report 39")

    with CaptureQueriesContext(connection) as queries:
        found = list(Document.objects.published().search("migration", "en").values_list("pk", flat=True))
    sql = [query["sql"] for query in queries]
    html = client.get("/en/documents/", {"q": "migration"}).content.decode()

    assert sorted(found) == [document.pk for document in documents[-3:]]
    # How common the word is, then the search: the newest 5 documents (1.5 times the 3 ranked) looked in first.
    assert len(sql) == 2
    assert "hld_word_share" in sql[0]
    assert "WITH matches AS MATERIALIZED" in sql[1]
    assert f'"documents_document"."id" / 1) >= ({documents[-1].pk - 5})::bigint' in sql[1]
    assert "The first 3 documents found" in html
    assert re.findall(r"Migration report (\d+)</a>", html) == ["38", "37"]
    assert ">Report 39</a>" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite ranks every match (FTS5)")
def test_a_common_word_the_newest_documents_lack_under_a_filter_is_found_from_the_indexes(monkeypatch):
    older = [(f"Migration report {n}", "report") for n in range(10)]
    newer = [(f"Migration resolution {n}", "resolution") for n in range(30)]
    common_word_archive(monkeypatch, older, newer)
    in_the_order_created(Document)

    reports = Document.objects.published().filter(doc_type="report").search("migration", "en")
    both_words = Document.objects.published().search("migration report", "en")

    assert titles(reports) == ["Migration report 0", "Migration report 1", "Migration report 2"]
    assert titles(both_words) == ["Migration report 0", "Migration report 1", "Migration report 2"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite ranks every match (FTS5)")
def test_a_rare_word_is_found_from_the_indexes_alone(monkeypatch):
    common_word_archive(
        monkeypatch, [("Remittances", "report")], [(f"Migration report {n}", "report") for n in range(40)]
    )

    with CaptureQueriesContext(connection) as queries:
        found = titles(Document.objects.published().search("remittances", "en"))

    assert found == ["Remittances"]
    assert "hld_word_share" in queries[0]["sql"]
    assert "newest" not in queries[1]["sql"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite ranks every match (FTS5)")
def test_the_newest_documents_matches_come_from_the_words_index_by_blocks_of_keys(monkeypatch):
    # The blocks the search asks for must be those the migration put in the index (documents/0014), or PostgreSQL
    # would read every recent row, as it did before: 12 ms for the newest thousand matches at a million documents.
    documents = common_word_archive(monkeypatch, [], [(f"Migration report {n}", "report") for n in range(40)])
    monkeypatch.setattr("common.search.NEWEST_BLOCK", 1024)
    lowest = (documents[-1].pk - 5) // 1024

    with CaptureQueriesContext(connection) as queries:
        found = titles(Document.objects.published().search("migration", "en"))
    plan = words_index_plan(queries[1]["sql"])

    assert sorted(found) == ["Migration report 37", "Migration report 38", "Migration report 39"]
    recent = plan.split("CTE recent")[1].split("CTE newest")[0]
    # Any language's index holds the blocks; PostgreSQL takes the one it likes for forty rows in one or two blocks.
    index = r"Bitmap Index Scan on documents_document_search_(en|fr|es) .*\n *"
    assert re.search(index + rf"Index Cond: \(+id / 1024\) >= '{lowest}'::bigint\)", recent)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite ranks every match (FTS5)")
def test_a_common_word_under_a_type_filter_is_found_in_the_words_index_with_the_type(monkeypatch):
    # A word in one document in eight, in a type that never holds it: two bitmaps of 125,000 and 250,000 entries
    # AND-ed took 120 ms at a million documents; with the type beside the words in the index, 14 ms.
    common_word_archive(monkeypatch, [], [(f"Migration report {n}", "report") for n in range(40)])
    DocumentFactory(title="Statement", doc_type="statement")

    with CaptureQueriesContext(connection) as queries:
        found = titles(Document.objects.published().filter(doc_type="statement").search("migration", "en"))
    plan = words_index_plan(queries[-1]["sql"])

    assert found == []
    matches = plan.split("CTE matches")[1].split("CTE recent")[0]
    # Forty rows: PostgreSQL may test the words on the rows of the type rather than read them from the index too.
    index = r"Bitmap Index Scan on documents_document_search_(en|fr|es) .*\n *"
    assert re.search(index + r"Index Cond: \(+\(doc_type\)::text = 'statement'::text\)", matches)


def words_index_plan(sql):
    """The plan of ``sql`` where only the GIN indexes may answer: forty rows are cheaper to read whole, or from the
    index of their status, than from the words' index, which a million documents need (the indexes dropped come
    back with the test's rollback)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'documents_document' AND indexdef NOT LIKE '%%gin%%' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        for (index,) in cursor.fetchall():
            cursor.execute(f"DROP INDEX {index}")
    return "\n".join(row[0] for row in explain(sql))


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}")
        return cursor.fetchall()


# Texts with words, in every form a search's SQL takes them (words, a part of a name or symbol, a symbol), and texts
# without words, which are built for each request.
COMPILED_TEXTS = ["migration", "Droits de l’homme", "DEVELOPPEMENT", "protección", "68/292", "a/res", "100%", "ab_"]
WORDLESS_TEXTS = ["of the", "%", "’"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite builds each search: its FTS5 query, word by word")
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_searches_compiled_once_find_what_searches_built_for_each_request_find(client, demo, monkeypatch, language):
    pages = [f"/{language}/search/", f"/{language}/documents/", f"/{language}/documents/?type=resolution"]

    def read(texts):
        return {(page, text): client.get(page, {"q": text}).content.decode() for page in pages for text in texts}

    read(["assembly"])
    built = []
    postgresql_search = search._postgresql_search
    monkeypatch.setattr(search, "_postgresql_search", lambda *args: built.append(args[1]) or postgresql_search(*args))

    compiled, wordless = read(COMPILED_TEXTS), read(WORDLESS_TEXTS)
    searched_anew = built[:]
    monkeypatch.setattr(search.CompiledSearch, "compiles", staticmethod(lambda text: False))

    assert (compiled, wordless) == (read(COMPILED_TEXTS), read(WORDLESS_TEXTS))
    assert set(searched_anew) == set(WORDLESS_TEXTS)
    assert 'id="results-1"' in compiled[(pages[0], "migration")]  # found something: not two empty pages
