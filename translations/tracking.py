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
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from modeltranslation.translator import translator

from .models import TranslationMemory, TranslationState, source_hash

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


def translated_fields(model):
    return tuple(translator.get_options_for_model(model).fields)


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


def work_filter(model, language):
    """Items whose ``language`` translation is missing in part or outdated."""
    return missing_filter(model, language) | Q(outdated_exists(model, language))


def status_counts(queryset, languages):
    """{language: {"total", "missing", "outdated", "translated"}} for ``queryset``, in one aggregate query.

    An item missing a field counts as missing even when another field is outdated, as in the status column.
    """
    model = queryset.model
    aggregates = {"total": Count("pk")}
    for language in languages:
        missing = missing_filter(model, language)
        aggregates[f"missing_{language}"] = Count("pk", filter=missing)
        aggregates[f"outdated_{language}"] = Count("pk", filter=Q(outdated_exists(model, language)) & ~missing)
    row = queryset.order_by().aggregate(**aggregates)
    counts = {}
    for language in languages:
        missing, outdated = row[f"missing_{language}"], row[f"outdated_{language}"]
        counts[language] = {
            "total": row["total"],
            "missing": missing,
            "outdated": outdated,
            "translated": row["total"] - missing - outdated,
        }
    return counts


def outdated_keys(language):
    """{(model label, pk, field)} of every outdated ``language`` translation, in one query."""
    return {
        (f"{app_label}.{model}", object_id, field)
        for app_label, model, object_id, field in TranslationState.objects.outdated()
        .filter(language=language)
        .values_list("content_type__app_label", "content_type__model", "object_id", "field")
    }
