"""The migrations that made the search's vectors again (search_words_again) kept what earlier ones had tuned."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="stored vectors are PostgreSQL's"),
]

VECTORS = ["search_en", "search_fr", "search_es", "search_plain"]
TITLES = ["search_title_en", "search_title_fr", "search_title_es"]


def query(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def test_a_documents_vectors_stay_in_its_row():
    # documents/0010 and 0007: ranking a thousand matches must not read each one's vectors from TOAST.
    storage = query(
        "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'documents_document'::regclass "
        "AND attname = ANY(%s)",
        [VECTORS + TITLES],
    )

    assert storage == dict.fromkeys(VECTORS + TITLES, "m")


def test_a_documents_word_indexes_keep_their_blocks_and_types():
    # documents/0014: each language's index holds the row's block of keys and its type beside its words.
    indexes = query(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'documents_document' AND indexname = ANY(%s)",
        [[f"documents_document_{column}" for column in VECTORS]],
    )

    assert len(indexes) == 4
    for code in ("en", "fr", "es"):
        assert indexes[f"documents_document_search_{code}"].endswith(
            f"USING gin (((id / 1024)), doc_type, search_{code})"
        )
    assert indexes["documents_document_search_plain"].endswith("USING gin (search_plain)")


def test_every_vector_reads_its_text_without_markup():
    generated = query(
        "SELECT table_name || '.' || column_name, generation_expression FROM information_schema.columns "
        "WHERE column_name LIKE 'search%%' AND is_generated = 'ALWAYS'",
        [],
    )

    tables = [name.split(".")[0] for name in generated]
    assert {table: tables.count(table) for table in tables} == {
        "documents_document": 7,
        "events_event": 4,
        "events_session": 3,
        "records_statement": 4,
        "submissions_call": 4,
        "submissions_submission": 1,
    }
    # A Spanish vector's text goes through hld_spanish_text, which reads it through hld_search_text first.
    assert {
        name: "hld_spanish_text" if name.endswith("_es") else "hld_search_text"
        for name, expression in generated.items()
        if "hld_spanish_text(" in expression or ("hld_search_text(" in expression and not name.endswith("_es"))
    } == {name: "hld_spanish_text" if name.endswith("_es") else "hld_search_text" for name in generated}
