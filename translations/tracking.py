"""Which translations no longer match their English, for every model registered with django-modeltranslation.

The rules: a change of a field's English text marks its French and Spanish outdated, unless the editor says
the change is minor (``translations_stay_current``); a save that leaves the English as it was (a draft saved,
sessions reordered, an item published or unpublished) marks nothing; a translation revised in the same save
as its English, or marked reviewed, is current again.
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone
from modeltranslation.translator import translator

from common.compiled import CompiledQuery
from common.translation_status import Completeness, language_status, translated_fields

from .models import ItemTranslation, TranslationMemory, TranslationState, TranslationTally, source_hash

# The states that leave work to do: the editors' list and the dashboard count items in them.
TO_DO = (Completeness.PARTIAL, Completeness.MISSING, Completeness.OUTDATED)

_minor_change = contextvars.ContextVar("minor_change", default=False)


@contextmanager
def translations_stay_current():
    """Saves inside this block change English without marking any translation outdated."""
    token = _minor_change.set(True)
    try:
        yield
    finally:
        _minor_change.reset(token)


def default_language():
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def other_languages():
    return [code for code, _name in settings.LANGUAGES if code != default_language()]


def tracked_models():
    """Every model with translated fields, in a stable order."""
    return sorted(translator.get_registered_models(), key=lambda model: model._meta.label_lower)


def track_english_changes(instance):
    """Compare ``instance``'s English with the stored one; mark or clear the translations' states accordingly."""
    model = type(instance)
    english = default_language()
    names = translated_fields(model)
    columns = [f"{name}_{language}" for name in names for language in (english, *other_languages())]
    stored = model._default_manager.filter(pk=instance.pk).values(*columns).first()
    if stored is None:
        return
    content_type = ContentType.objects.get_for_model(model)
    for name in names:
        before, after = stored[f"{name}_{english}"] or "", getattr(instance, f"{name}_{english}") or ""
        for language in other_languages():
            old_translation = stored[f"{name}_{language}"] or ""
            new_translation = getattr(instance, f"{name}_{language}") or ""
            key = {"content_type": content_type, "object_id": instance.pk, "field": name, "language": language}
            if before != after and not _minor_change.get() and old_translation and new_translation == old_translation:
                state, created = TranslationState.objects.get_or_create(
                    **key, defaults={"source": before, "outdated": True}
                )
                if not created and not state.outdated:
                    # Translated from ``before``: keep the oldest English it was made from while it stays outdated.
                    state.source, state.outdated = before, True
                    state.save(update_fields=["source", "outdated", "changed_at"])
            elif new_translation != old_translation and new_translation:
                # A revised translation is made from the English saved with it.
                TranslationState.objects.filter(**key, outdated=True).update(outdated=False, source=after)


@transaction.atomic
def mark_reviewed(obj, *, languages=None, fields=None):
    """Clear the outdated flags of ``obj`` (all or some ``languages`` and ``fields``) and remember its translations.

    Returns the number of flags cleared.
    """
    states = TranslationState.objects.of(obj).outdated()
    if languages:
        states = states.filter(language__in=languages)
    if fields:
        states = states.filter(field__in=fields)
    english = default_language()
    count = 0
    for state in states:
        state.outdated = False
        state.source = getattr(obj, f"{state.field}_{english}") or ""
        state.save(update_fields=["outdated", "source", "changed_at"])
        count += 1
    if count:
        record_progress(obj)
    for name in fields or translated_fields(type(obj)):
        for language in languages or other_languages():
            remember(getattr(obj, f"{name}_{english}"), language, getattr(obj, f"{name}_{language}"))
    return count


def remember(source, language, target):
    """Keep ``target`` as the approved ``language`` translation of the English ``source`` (a whole field)."""
    if not source or not target:
        return
    TranslationMemory.objects.update_or_create(
        source_hash=source_hash(source), language=language, defaults={"source": source, "target": target}
    )


def memory_matches(sources, language):
    """The remembered ``language`` translations of the English ``sources``, as {source: translation}, one query."""
    hashes = {source_hash(source): source for source in sources if source}
    found = TranslationMemory.objects.filter(language=language, source_hash__in=hashes)
    return {hashes[entry.source_hash]: entry.target for entry in found}


def outdated_fields(objects, language=None):
    """{(model, pk): {(field, language), ...}} for ``objects`` (items of one model), in one query."""
    objects = list(objects)
    if not objects:
        return {}
    model = type(objects[0])
    states = TranslationState.objects.outdated().filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=[obj.pk for obj in objects]
    )
    if language:
        states = states.filter(language=language)
    found = {}
    for object_id, field, lang in states.values_list("object_id", "field", "language"):
        found.setdefault((model, object_id), set()).add((field, lang))
    return found


def outdated_exists(model, language):
    """Whether an item of ``model`` has an outdated ``language`` field: a subquery, so no query per item."""
    return Exists(
        TranslationState.objects.outdated().filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_id=OuterRef("pk"),
            language=language,
        )
    )


def missing_filter(model, language):
    """Items with a field that has English but no ``language`` text, as a condition the database evaluates."""
    english = default_language()
    condition = Q(pk__in=[])
    for name in translated_fields(model):
        has_english = Q(**{f"{name}_{english}__isnull": False}) & ~Q(**{f"{name}_{english}": ""})
        lacks_translation = Q(**{f"{name}_{language}__isnull": True}) | Q(**{f"{name}_{language}": ""})
        condition |= has_english & lacks_translation
    return condition


# Every public page in French or Spanish reads them: compiled once (common/compiled.py).
OUTDATED = CompiledQuery(
    lambda language: (
        TranslationState.objects.outdated()
        .filter(language=language)
        .values_list("content_type__app_label", "content_type__model", "object_id", "field")
    ),
    language="text",
    prepared=True,
)


def outdated_keys(language):
    """{(model label, pk, field)} of every outdated ``language`` translation, in one query."""
    return {
        (f"{app_label}.{model}", object_id, field) for app_label, model, object_id, field in OUTDATED(language=language)
    }


def _publication(obj):
    """(status is published, publish_from) of ``obj``; items without a publishing switch are always published."""
    if not hasattr(obj, "publish_from"):
        return True, None
    return obj.status == "published", obj.publish_from


def _adjust_tallies(content_type, deltas):
    """Add ``deltas`` ({(language, state): change}) to the tallies of ``content_type``, rows created as needed."""
    for (language, state), change in deltas.items():
        if not change:
            continue
        key = {"content_type": content_type, "language": language, "state": state}
        if not TranslationTally.objects.filter(**key).update(count=F("count") + change):
            TranslationTally.objects.get_or_create(**key)
            TranslationTally.objects.filter(**key).update(count=F("count") + change)


@transaction.atomic
def record_progress(obj, *, deleted=False):
    """Store how complete and current ``obj``'s translations are (``ItemTranslation``) and keep the tallies.

    Called after every save, delete and review of a tracked item, in the same transaction. Writes only the rows
    whose state or publication changed, so a save that changes nothing costs two reads.
    """
    model = type(obj)
    content_type = ContentType.objects.get_for_model(model)
    stored = {row.language: row for row in ItemTranslation.objects.filter(content_type=content_type, object_id=obj.pk)}
    if deleted:
        wanted = {}
    else:
        outdated = set(TranslationState.objects.of(obj).outdated().values_list("field", "language"))
        published, publish_from = _publication(obj)
        wanted = {
            language: language_status(obj, language, outdated).completeness.value for language in other_languages()
        }
    deltas = {}
    for language, row in stored.items():
        if row.published:
            deltas[(language, row.state)] = deltas.get((language, row.state), 0) - 1
        if language not in wanted:
            row.delete()
    for language, state in wanted.items():
        if published:
            deltas[(language, state)] = deltas.get((language, state), 0) + 1
        row = stored.get(language)
        values = {"state": state, "published": published, "publish_from": publish_from}
        if row is None:
            ItemTranslation.objects.create(content_type=content_type, object_id=obj.pk, language=language, **values)
        elif any(getattr(row, name) != value for name, value in values.items()):
            ItemTranslation.objects.filter(pk=row.pk).update(**values)
    _adjust_tallies(content_type, deltas)


def _state_counts(model, language):
    """For each item of ``model`` in ``language``, what its ``Completeness`` is made of, as the database computes
    it: the fields with English (``_expected``), those of them without ``language`` text (``_missing``), and whether
    one is marked outdated though translated (``_stale``). ``STATE_SQL`` makes the state of them.

    The same rule as ``common.translation_status.language_status``: fields with English count; missing when all of
    them lack ``language`` text, partial when some do, outdated when none do and one is marked outdated.
    """
    english = default_language()
    content_type = ContentType.objects.get_for_model(model)
    expected, missing, stale = Value(0), Value(0), Q(pk__in=[])
    for name in translated_fields(model):
        has_english = Q(**{f"{name}_{english}__isnull": False}) & ~Q(**{f"{name}_{english}": ""})
        has_translation = Q(**{f"{name}_{language}__isnull": False}) & ~Q(**{f"{name}_{language}": ""})
        expected = expected + Case(When(has_english, then=1), default=0)
        missing = missing + Case(When(has_english & ~has_translation, then=1), default=0)
        outdated = TranslationState.objects.outdated().filter(
            content_type=content_type, object_id=OuterRef("pk"), language=language, field=name
        )
        stale |= has_english & has_translation & Q(Exists(outdated))
    return {
        "_expected": Cast(expected, IntegerField()),
        "_missing": Cast(missing, IntegerField()),
        "_stale": Case(When(stale, then=Value(True)), default=Value(False)),
    }


# The state made of _state_counts' columns, written outside their query: a CASE in Django's terms there repeats each
# count's whole expression at each mention (a document's query 21 -> 14 KB; the demo's refresh 0.19 -> 0.15 s of CPU).
STATE_SQL = (
    "CASE WHEN _missing = 0 AND _stale THEN %s WHEN _missing = 0 THEN %s WHEN _missing = _expected THEN %s ELSE %s END"
)
# What STATE_SQL gives, in the order of its placeholders.
STATE_RESULTS = (Completeness.OUTDATED, Completeness.COMPLETE, Completeness.MISSING, Completeness.PARTIAL)


@transaction.atomic
def refresh_translation_states(models=None):
    """Rebuild the stored states and tallies of ``models`` (all tracked models by default) set-wise, in SQL.

    For bulk loads that bypass saves (``bulk_create``, COPY, ``update()``): a few INSERT ... SELECT statements per
    model and language, whatever the number of rows.
    """
    models = models or tracked_models()
    table, tallies = ItemTranslation._meta.db_table, TranslationTally._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            content_type = ContentType.objects.get_for_model(model)
            ItemTranslation.objects.filter(content_type=content_type).delete()
            TranslationTally.objects.filter(content_type=content_type).delete()
            publishable = hasattr(model, "publish_from")
            for language in other_languages():
                rows = (
                    model._base_manager.order_by()
                    .annotate(**_state_counts(model, language))
                    .annotate(
                        _content_type=Cast(Value(content_type.pk), IntegerField()),
                        _object_id=F("pk"),
                        _language=Value(language, output_field=CharField()),
                        _published=Case(When(status="published", then=Value(True)), default=Value(False))
                        if publishable
                        else Value(True, output_field=BooleanField()),
                        _publish_from=F("publish_from") if publishable else Cast(Value(None), DateTimeField()),
                    )
                    .values_list(
                        "_content_type",
                        "_object_id",
                        "_language",
                        "_expected",
                        "_missing",
                        "_stale",
                        "_published",
                        "_publish_from",
                    )
                )
                sql, params = rows.query.sql_with_params()
                # Django orders a SELECT's annotations as it likes: name them in the table's order outside.
                names = ("_content_type", "_object_id", "_language", STATE_SQL, "_published", "_publish_from")
                columns = ("content_type_id", "object_id", "language", "state", "published", "publish_from")
                cursor.execute(
                    f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "
                    f"SELECT {', '.join(names)} FROM ({sql}) AS item_states",
                    [*(state.value for state in STATE_RESULTS), *params],
                )
            cursor.execute(
                f"INSERT INTO {quote(tallies)} (content_type_id, language, state, {quote('count')}) "
                f"SELECT content_type_id, language, state, COUNT(*) FROM {quote(table)} "
                "WHERE published AND content_type_id = %s GROUP BY content_type_id, language, state",
                [content_type.pk],
            )


def _content_type_id(model):
    """``model``'s content type id as a subquery: no lookup (the same queries with a cold cache), and PostgreSQL
    still reads the id before the scan (an InitPlan), so the index on (content type, item) gives items in order."""
    return Subquery(
        ContentType.objects.filter(app_label=model._meta.app_label, model=model._meta.model_name).values("pk")[:1]
    )


def work_items(model, languages):
    """The ids of ``model``'s published items with ``languages`` work to do, each once, in id order (an index scan
    that a LIMIT stops early, whatever the archive holds)."""
    return (
        ItemTranslation.objects.filter(content_type=_content_type_id(model), state__in=TO_DO, language__in=languages)
        .filter(published=True)
        .filter(Q(publish_from__isnull=True) | Q(publish_from__lte=timezone.now()))
        .values_list("object_id", flat=True)
        .distinct()
        .order_by("object_id")
    )


def progress_counts(models, languages):
    """{model: {language: {"total", "missing", "outdated", "translated"}}} of published items, exactly, in two
    queries whatever the archive holds: the tallies, less the items whose publication time is still to come.

    An item missing a field (partial or missing) counts as missing even when another field is outdated.
    """
    # Content types named by a join, not looked up: the same two queries with a cold cache.
    by_name = {(model._meta.app_label, model._meta.model_name): model for model in models}
    kinds = Q(pk__in=[])
    for app_label, name in by_name:
        kinds |= Q(content_type__app_label=app_label, content_type__model=name)
    found = {(model, language): dict.fromkeys(Completeness.values, 0) for model in models for language in languages}
    names = ("content_type__app_label", "content_type__model", "language", "state")
    tallies = TranslationTally.objects.filter(kinds, language__in=languages).values_list(*names, "count")
    scheduled = (
        ItemTranslation.objects.filter(kinds, language__in=languages, published=True)
        .filter(publish_from__gt=timezone.now())
        .values_list(*names)
        .annotate(count=Count("pk"))
        .order_by()
    )
    for sign, rows in ((1, tallies), (-1, scheduled)):
        for app_label, name, language, state, count in rows:
            found[(by_name[(app_label, name)], language)][state] += sign * count
    counts = {}
    for (model, language), states in found.items():
        missing = states[Completeness.MISSING] + states[Completeness.PARTIAL]
        counts.setdefault(model, {})[language] = {
            "total": sum(states.values()),
            "missing": missing,
            "outdated": states[Completeness.OUTDATED],
            "translated": states[Completeness.COMPLETE],
        }
    return counts
