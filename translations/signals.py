"""The change tracker, connected once for every model django-modeltranslation knows, now or later."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from modeltranslation.translator import translator

from .models import TranslationState
from .tracking import record_progress, track_english_changes, translated_fields


def _tracked(sender):
    return sender in translator.get_registered_models()


@receiver(pre_save, dispatch_uid="translations_track_english")
def track(sender, instance, raw=False, update_fields=None, **kwargs):
    # Fixtures (raw) load history as it was; a save limited to other fields cannot change any English.
    if raw or instance.pk is None or not _tracked(sender):
        return
    if update_fields is not None:
        text_fields = set(translated_fields(sender))
        if not any(name.rsplit("_", 1)[0] in text_fields or name in text_fields for name in update_fields):
            return
    track_english_changes(instance)


@receiver(post_save, dispatch_uid="translations_record_progress")
def record(sender, instance, **kwargs):
    # Fixtures too: a loaded item is counted like a saved one (its outdated marks may load after it: see
    # ``refresh_translation_states``).
    if _tracked(sender):
        record_progress(instance)


@receiver(post_delete, dispatch_uid="translations_forget_deleted")
def forget(sender, instance, **kwargs):
    if _tracked(sender):
        record_progress(instance, deleted=True)
        TranslationState.objects.filter(
            content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
        ).delete()
