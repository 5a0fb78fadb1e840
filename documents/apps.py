from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from delivery.cache import invalidate_on_change

        from .models import Document, EventDocument, Version

        invalidate_on_change(Document, scheduled=True)
        invalidate_on_change(Version)
        invalidate_on_change(EventDocument)

        from . import link_state

        link_state.keep_sqlite_triggers()

        from events import pages as event_page

        from .event_page import event_documents

        event_page.register(
            name="documents",
            context=event_documents,
            templates={
                "facts": "documents/includes/event_mandates.html",
                "documents": "documents/includes/event_documents.html",
            },
        )
