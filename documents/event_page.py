"""What documents add to an event page (events/pages.py): its mandates, the documents it lists, and apart, under
"Other documents", those whose role is "other" (as UN pages do), the first EVENT_PAGE_OTHER_DOCUMENTS of them."""

from common.compiled import CompiledQuery

from . import models
from .models import EventDocument, attach_versions

# Compiled once (common/compiled.py): building it cost a cold event page more than running it.
EVENT_LINKS = CompiledQuery(lambda event: EventDocument.objects.for_event_page(event), event="key", prepared=True)


def event_documents(event):
    """The links of ``event``'s page, each document with its versions (the [E | F | S] links)."""
    links = EVENT_LINKS(event=event.pk)
    attach_versions([link.document for link in links])
    others = [link for link in links if link.role == "other"]
    return {
        "mandates": [link for link in links if link.role == "mandate"],
        "document_links": [link for link in links if link.role != "other"],
        "other_document_links": others[: models.EVENT_PAGE_OTHER_DOCUMENTS],
        "more_other_documents": len(others) > models.EVENT_PAGE_OTHER_DOCUMENTS,
    }
