"""Full-text search in the visitor's language: PostgreSQL's text search where available, a plain match elsewhere."""

from functools import reduce
from operator import add, or_

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
    # One vector and one condition per language, OR-ed: each condition can use its own GIN index (see the
    # documents migration), which one vector over every language at once could not.
    annotations, conditions, ranks = {}, [], []
    for code in languages:
        if not translated:
            break
        config = SEARCH_CONFIGS.get(code, "simple")
        vector = SearchVector(*(f"{name}_{code}" for name in translated), config=config)
        query = SearchQuery(text, config=config, search_type="websearch")
        annotations[f"search_{code}"] = vector
        conditions.append(Q(**{f"search_{code}": query}))
        ranks.append(SearchRank(vector, query))
    if plain:
        vector = SearchVector(*plain, config="simple")
        query = SearchQuery(text, config="simple", search_type="websearch")
        annotations["search_plain"] = vector
        conditions.append(Q(search_plain=query))
        conditions += [Q(**{f"{name}__icontains": text}) for name in plain]
        ranks.append(SearchRank(vector, query))
    return queryset.annotate(**annotations).filter(reduce(or_, conditions)).annotate(rank=reduce(add, ranks))
