from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from .models import Document


class LatestDocumentsFeed(Feed):
    """The documents published last, in the visitor's language (RSS 2.0)."""

    title = _("HLD Portal: new documents")
    description = _(
        "Documents published on the portal of the High-Level Dialogue on International Migration and Development."
    )

    def link(self):
        return reverse("documents:library")

    def items(self):
        return Document.objects.published().order_by("-created_at")[:30]

    def item_title(self, item):
        return f"{item.symbol} – {item.title}" if item.symbol else item.title

    def item_description(self, item):
        return strip_tags(item.description or "")

    def item_pubdate(self, item):
        return item.publish_from or item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class LatestDocumentsAtomFeed(LatestDocumentsFeed):
    feed_type = Atom1Feed
    subtitle = LatestDocumentsFeed.description
