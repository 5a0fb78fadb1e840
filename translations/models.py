"""What the French and Spanish of every translated field were made from, and what translators already approved."""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import QuickLoading
from common.translation_status import Completeness


def source_hash(text):
    """A short fingerprint of an English text: equal texts, equal fingerprints."""
    return hashlib.sha256((text or "").encode()).hexdigest()[:16]


class TranslationStateQuerySet(models.QuerySet):
    def outdated(self):
        return self.filter(outdated=True)

    def of(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class TranslationState(QuickLoading, models.Model):
    """One field of one item in one language: outdated when its English changed after it was translated.

    ``source`` keeps the English the translation was made from, so that an editor sees the old and the new
    English side by side. Only fields whose English changed have a row.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(_("item"))
    field = models.CharField(_("field"), max_length=100)
    language = models.CharField(_("language"), max_length=10)
    source = models.TextField(_("English translated from"), blank=True)
    outdated = models.BooleanField(_("outdated"), default=False)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = TranslationStateQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation state")
        verbose_name_plural = _("translation states")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="one_state_per_field_language"
            )
        ]
        indexes = [models.Index(fields=["content_type", "language", "outdated"])]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} {self.field} ({self.language})"


class TranslationMemory(QuickLoading, models.Model):
    """An approved translation of one English segment (a whole field), offered again for the same English."""

    source_hash = models.CharField(_("English fingerprint"), max_length=16)
    source = models.TextField(_("English"))
    language = models.CharField(_("language"), max_length=10)
    target = models.TextField(_("translation"))
    approved_at = models.DateTimeField(_("approved"), auto_now=True)

    class Meta:
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory")
        constraints = [models.UniqueConstraint(fields=["source_hash", "language"], name="one_memory_per_source")]

    def __str__(self):
        return f"{self.language}: {self.source[:60]}"


class ItemTranslation(QuickLoading, models.Model):
    """One item in one language: how complete and current its translation is, and whether the item is published.

    Kept by ``translations.tracking`` in the same transaction as the save, delete or review that changes it, and
    rebuilt set-wise by ``refresh_translation_states()`` after bulk loads, so that the editors' counts and lists
    read an index instead of comparing every translated column of every item.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("item"))
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(_("state"), max_length=10, choices=Completeness)
    published = models.BooleanField(_("published"), default=True, help_text=_("The item's status is published."))
    publish_from = models.DateTimeField(_("publish from"), null=True, blank=True)

    class Meta:
        verbose_name = _("item translation")
        verbose_name_plural = _("item translations")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "language"], name="one_progress_per_language")
        ]
        indexes = [
            # The work to do, kind by kind in item order: the editors' list and its bounded count.
            models.Index(
                fields=["content_type", "object_id"],
                condition=models.Q(state__in=["partial", "missing", "outdated"]),
                name="item_translation_work",
            ),
            # Items published for a later time, subtracted from the tallies until their time comes.
            models.Index(
                fields=["publish_from"], condition=models.Q(published=True), name="item_translation_scheduled"
            ),
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} ({self.language}): {self.state}"


class TranslationTally(QuickLoading, models.Model):
    """How many items of one kind with a published status are in one state in one language, kept with the states."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("content type")
    )
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(_("state"), max_length=10, choices=Completeness)
    count = models.BigIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("translation tally")
        verbose_name_plural = _("translation tallies")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "language", "state"], name="one_tally_per_state")
        ]

    def __str__(self):
        return f"{self.content_type.model} ({self.language}) {self.state}: {self.count}"
