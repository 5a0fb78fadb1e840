from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from common.cache import invalidate_on_change

        from .models import Document, EventDocument, Version

        invalidate_on_change(Document, scheduled=True)
        invalidate_on_change(Version)
        invalidate_on_change(EventDocument)
