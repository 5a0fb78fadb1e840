"""What the French and Spanish of every translated field were made from, and what translators already approved."""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def source_hash(text):
    """A short fingerprint of an English text: equal texts, equal fingerprints."""
    return hashlib.sha256((text or "").encode()).hexdigest()[:16]


class TranslationStateQuerySet(models.QuerySet):
    def outdated(self):
        return self.filter(outdated=True)

    def of(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class TranslationState(models.Model):
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


class TranslationMemory(models.Model):
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
