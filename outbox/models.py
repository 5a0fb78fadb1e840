from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import QuickLoading


class OutgoingEmail(QuickLoading, models.Model):
    """An email waiting for the worker. Deleted once sent: its addresses and any private link in it are kept
    nowhere else, and the queued task holds only this row's id."""

    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    to = models.JSONField(_("to"))
    reply_to = models.JSONField(_("reply to"), default=list)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")

    def __str__(self):
        return self.subject
