"""Full-text search in the visitor's language: PostgreSQL's text search where available, a plain match elsewhere."""

from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import FloatField, Q, Value

# PostgreSQL text search configurations: stemming and stop words of each language.
SEARCH_CONFIGS = {"en": "english", "fr": "french", "es": "spanish"}


def text_search(queryset, text, language, *, translated=(), plain=()):
    """Rows of ``queryset`` matching ``text``, annotated with ``rank`` (higher is better).

    ``translated`` fields are searched in ``language`` with its stemming, and in
    English, the fallback the page shows where a translation is missing;
    ``plain`` fields (names, symbols) are searched as they are.
    """
    text = text.strip()
    if not text:
        return queryset.none()
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    languages = [language] if language == default else [language, default]
    if connection.vendor == "postgresql":
        return _postgresql_search(queryset, text, languages, translated, plain)
    lookups = [f"{name}_{code}__icontains" for name in translated for code in languages]
    lookups += [f"{name}__icontains" for name in plain]
    condition = reduce(or_, (Q(**{lookup: text}) for lookup in lookups))
    return queryset.filter(condition).annotate(rank=Value(1.0, output_field=FloatField()))


def _postgresql_search(queryset, text, languages, translated, plain):
    vector = None
    query = None
    for code in languages:
        config = SEARCH_CONFIGS.get(code, "simple")
        part = SearchVector(*(f"{name}_{code}" for name in translated), config=config) if translated else None
        vector = part if vector is None else vector + part
        language_query = SearchQuery(text, config=config, search_type="websearch")
        query = language_query if query is None else query | language_query
    if plain:
        simple = SearchVector(*plain, config="simple")
        vector = simple if vector is None else vector + simple
        query = query | SearchQuery(text, config="simple", search_type="websearch")
    contains = reduce(or_, (Q(**{f"{name}__icontains": text}) for name in plain), Q(pk__in=[]))
    return queryset.annotate(search=vector, rank=SearchRank(vector, query)).filter(Q(search=query) | contains)
