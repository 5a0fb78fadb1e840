from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.feeds import PlainTextAtom1Feed, PublishedItemsFeed
from common.text import plain_text
from common.urls import absolute_url

from .models import Document


class LatestDocumentsFeed(PublishedItemsFeed):
    """The documents published last, in the visitor's language (RSS 2.0)."""

    url_name = "documents_rss"
    title = _("HLD Portal: new documents")
    description = _(
        "Documents published on the portal of the High-Level Dialogue on International Migration and Development."
    )

    def link(self):
        return absolute_url(reverse("documents:library"))

    def published_items(self):
        return Document.objects.published()

    def item_title(self, item):
        return f"{item.symbol} – {item.title}" if item.symbol else item.title

    def item_description(self, item):
        return plain_text(item.description)


class LatestDocumentsAtomFeed(LatestDocumentsFeed):
    feed_type = PlainTextAtom1Feed
    url_name = "documents_atom"
    subtitle = LatestDocumentsFeed.description
