"""Does every list, count and search cost the same at any archive size? Goal 1 of issue 17, page by page.

    DATABASE_URL=... python -m bench.flat            # after manage.py generate_archive --documents N
    DATABASE_URL=... python -m bench.flat --repeat 9 --explain

Requests each page through Django's test client (DEBUG off, page cache off, every cache cleared before each
request, so each answer is computed as an editor or a new query string gets it) and prints a Markdown table: the
median time of the requests after a warm-up, the number of queries and the slowest query's time. Run it on a
10-document and a 100,000-document archive and divide (docs/scaling.md). ``--explain`` also prints PostgreSQL's
``EXPLAIN ANALYZE`` of each page's slowest query. Admin pages are requested as a superuser made for the purpose
(``bench-flat``), the only row this script writes.
"""

import argparse
import os
import statistics
import time

STATIC_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"


def pages(document, last_sitemap_page):
    """(label, path, as an editor?) of every page goal 1 names."""
    return [
        ("library", "/en/documents/", False),
        ("library, a type", "/en/documents/?type=report", False),
        ("library, a year", "/en/documents/?year=2015", False),
        ("library, searched", "/en/documents/?q=migration", False),
        ("library, last page", "/en/documents/?page=last", False),
        ("a document", f"/en/documents/{document}/", False),
        ("search, a selective word", "/en/search/?q=trafficking", False),
        ("search, a word in most documents", "/en/search/?q=migration", False),
        ("search, two words", "/en/search/?q=protection+migrants", False),
        ("search, unaccented (fr)", "/fr/search/?q=developpement", False),
        ("sitemap index", "/sitemap.xml", False),
        ("sitemap, documents page 1", "/sitemap-documents-1.xml", False),
        ("sitemap, documents last page", f"/sitemap-documents-{last_sitemap_page}.xml", False),
        ("admin, documents", "/admin/documents/document/", True),
        ("admin, documents of a type", "/admin/documents/document/?doc_type__exact=report", True),
        ("admin, documents searched", "/admin/documents/document/?q=migration", True),
        ("admin, submissions", "/admin/submissions/submission/", True),
        ("admin, dashboard", "/admin/", True),
        ("admin, translations to do", "/admin/translations/", True),
        ("admin, translation status", "/admin/translations/status/", True),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="requests per page after the warm-up (default 7)")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each page's slowest query")
    parser.add_argument("--only", default="", help="only the pages whose label contains this text")
    arguments = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hldportal.settings")
    os.environ.setdefault("SECRET_KEY", "bench-flat-not-secret-" + "0123456789" * 3)
    os.environ["DEBUG"] = "false"
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment

    from common.sitemaps import page_numbers
    from documents.models import Document
    from documents.sitemaps import DocumentSitemap

    setup_test_environment()
    overrides = {
        "ALLOWED_HOSTS": ["*"],
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        "SECURE_SSL_REDIRECT": False,
        # Hashed names need collectstatic; a plain storage costs the same per page.
        "STORAGES": {**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_STORAGE}},
    }
    with override_settings(**overrides):
        published = Document.objects.published()
        document = published.order_by("-pk").values_list("slug", flat=True).first()
        last_page = page_numbers(DocumentSitemap())[-1]
        editor, _created = get_user_model().objects.get_or_create(
            username="bench-flat", defaults={"is_staff": True, "is_superuser": True}
        )
        visitor, admin = Client(), Client()
        admin.force_login(editor)
        library_pages = None
        print(f"{published.count():,} published documents on {connection.vendor}\n")
        print("| page | path | p50 | queries | slowest query |\n| --- | --- | ---: | ---: | ---: |")
        for label, path, as_editor in pages(document, last_page):
            if arguments.only not in label:
                continue
            client = admin if as_editor else visitor
            if path.endswith("page=last"):
                library_pages = library_pages or visitor.get("/en/documents/").context["page_obj"].paginator.num_pages
                path = path.replace("last", str(library_pages))
            times = []
            for attempt in range(arguments.repeat + 1):
                for cache in caches.all():
                    cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(path)
                    elapsed = time.perf_counter() - start
                if response.status_code != 200:
                    raise SystemExit(f"{path}: {response.status_code}")
                if attempt:
                    times.append(elapsed)
            slowest = max(queries.captured_queries, key=lambda query: float(query["time"]))
            print(
                f"| {label} | `{path}` | {statistics.median(times) * 1000:.1f} ms | {len(queries)} "
                f"| {float(slowest['time']) * 1000:.1f} ms |"
            )
            if arguments.explain and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest['sql']}")
                    print("\n".join(f"    {row[0]}" for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
