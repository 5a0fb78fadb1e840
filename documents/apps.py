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

        from django.db.models import Prefetch

        from events import pages as event_page

        event_page.register(
            name="documents",
            prefetch=lambda: Prefetch("document_links", queryset=EventDocument.objects.for_event_page()),
            context=event_documents,
            templates={
                "facts": "documents/includes/event_mandates.html",
                "documents": "documents/includes/event_documents.html",
            },
        )


def event_documents(event):
    """An event page's documents: its mandates, the documents it lists, and apart, under "Other documents", those
    whose role is "other" (as UN pages do), the first EVENT_PAGE_OTHER_DOCUMENTS of them."""
    from .models import EVENT_PAGE_OTHER_DOCUMENTS

    links = event.document_links.all()
    others = [link for link in links if link.role == "other"]
    return {
        "mandates": [link for link in links if link.role == "mandate"],
        "document_links": [link for link in links if link.role != "other"],
        "other_document_links": others[:EVENT_PAGE_OTHER_DOCUMENTS],
        "more_other_documents": len(others) > EVENT_PAGE_OTHER_DOCUMENTS,
    }
