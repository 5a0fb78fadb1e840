"""Search and library costs on the database at hand, as ratios to compare archives of different sizes.

    DATABASE_URL=... python -m bench.search   # after manage.py generate_archive --documents N

Prints, for each query of goal 2 of issue 17, the median time of what the library does (its first page and its
count) and how many documents match (at most common.search.SEARCH_LIMIT), then on PostgreSQL the size of the
search indexes. Run it on a 10-document and a 100,000-document archive and divide (docs/scaling.md).
"""

import os
import statistics
import time

import django

QUERIES = [
    ("a selective word", "trafficking", "en"),
    ("a word in most documents", "developpement", "fr"),
    ("a two-word query", "protection migrants", "en"),
    ("unaccented, curly apostrophe", "droits de l’homme", "fr"),
    ("part of a symbol", "350/7", "en"),
]


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hldportal.settings")
    django.setup()
    from django.db import connection

    from documents.models import Document

    print(f"{Document.objects.count():,} documents on {connection.vendor}")
    print("| query | text | p50, first page + count | matches |\n| --- | --- | ---: | ---: |")
    for label, text, language in QUERIES:
        found = Document.objects.published().for_lists().search(text, language)
        times = []
        for _ in range(7):
            start = time.perf_counter()
            list(found[:20])
            count = found.count()
            times.append(time.perf_counter() - start)
        print(f"| {label} | `{text}` ({language}) | {statistics.median(times[1:]) * 1000:.1f} ms | {count:,} |")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, pg_relation_size(oid) FROM pg_class "
                "WHERE relname ~ '^documents_document_(search_|symbol_trigram)' ORDER BY relname"
            )
            for name, size in cursor.fetchall():
                print(f"index {name}: {size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
