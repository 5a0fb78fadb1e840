from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import QuickLoading


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """The emails to send now: never given up, and their next attempt has come."""
        return self.filter(given_up_at=None, next_attempt_at__lte=now or timezone.now())

    def given_up(self):
        return self.exclude(given_up_at=None)


class OutgoingEmail(QuickLoading, models.Model):
    """An email waiting for the worker. Deleted once sent: its addresses and any private link in it are kept
    nowhere else, and the queued task holds only this row's id. A send that fails is tried again later, a bounded
    number of times (outbox.services); an email given up keeps only what staff need to tell its recipients, never
    its body."""

    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    to = models.JSONField(_("to"))
    reply_to = models.JSONField(_("reply to"), default=list)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    given_up_at = models.DateTimeField(_("given up"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")

    def __str__(self):
        return self.subject
