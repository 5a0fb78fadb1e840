"""What every feed of the portal shares: absolute links from SITE_URL, an author, plain-text summaries, the items
made public last."""

from itertools import chain

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from .identifiers import stable_uuid
from .text import printable
from .urls import absolute_url
from .views import with_content_etag


class PrintableItems:
    """A feed whose items' texts drop the control characters XML 1.0 cannot hold: one pasted into a document's
    title made the whole feed an error page."""

    def add_item(self, **fields):
        super().add_item(
            **{name: printable(value) if isinstance(value, str) else value for name, value in fields.items()}
        )


class PlainTextRss201rev2Feed(PrintableItems, Rss201rev2Feed):
    """RSS whose items' title and description, plain text here, are written as the HTML that RSS readers take them
    for (RSS has no way to say "text", Atom has): a title "R&D <b>" is shown as typed, not half in bold, and a line
    break of a description stays one."""

    def add_item(self, *, title, description, **fields):
        text = escape(description).replace("\n", "<br>\n") if description else description
        super().add_item(title=escape(title), description=text, **fields)


class PlainTextAtom1Feed(PrintableItems, Atom1Feed):
    """Atom whose summaries are plain text (``type="text"``, RFC 4287, 3.1.1.1), so paragraph breaks stay."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class PortalFeed(Feed):
    """A feed of the portal's own pages; ``url_name`` names the feed's own address.

    Django would build absolute links from the request's Host; every link here is absolute already, from SITE_URL.
    """

    @method_decorator(require_safe)
    def __call__(self, request, *args, **kwargs):
        # Django's Feed writes the XML to the response itself, some 900 writes of a few bytes for thirty items, each
        # made bytes and kept apart: a tenth of the feed's time. Here it is written to a string and given whole.
        # Validated by its text, not by Django's Last-Modified (the latest date of an item): see with_content_etag.
        feed = self.get_feed(self.get_object(request, *args, **kwargs), request)
        return with_content_etag(HttpResponse(feed.writeString("utf-8"), content_type=feed.content_type))

    feed_type = PlainTextRss201rev2Feed
    url_name = None

    def author_name(self):
        return gettext(settings.SITE_NAME)

    def author_link(self):
        return absolute_url("/")

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def feed_guid(self):
        # The feed's Atom id, one per feed and language, as lasting as its entries' (RFC 4287, 4.2.6).
        return stable_uuid("feed", self.url_name, get_language()).urn

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        # An IRI (RFC 4287, 4.2.6) from what never changes about the row: an entry keeps its id when the site moves
        # or an editor corrects its address (a document's slug, a statement's session), never shown twice.
        return stable_uuid(item._meta.model_name, item.pk, item.created_at.isoformat()).urn

    item_guid_is_permalink = False


def made_public(item):
    """When a published ``item`` became public: when an editor published it, or its later publish time (rows
    published before that was recorded: their creation)."""
    return max(moment for moment in (item.publish_from, item.published_at or item.created_at) if moment)


def newest_published(queryset, count):
    """The ``count`` items of ``queryset`` made public last, newest first (``made_public``).

    A draft published weeks after it was written, or a scheduled item, goes public long after it was created:
    ordered by creation, it would be missing from a feed that thirty newer items fill. Two reads, each along an
    index (when published for the many, (status, publish_from) for the scheduled few), merged here: one ORDER BY
    over both dates would sort every published row. (A publish time typed in the past, before the item was
    published, is read by the second's order: an editor's back-dating.)
    """
    at_once = queryset.filter(publish_from__isnull=True, published_at__isnull=False).order_by("-published_at")[:count]
    scheduled = queryset.filter(publish_from__isnull=False).order_by("-publish_from")[:count]
    return sorted(chain(at_once, scheduled), key=made_public, reverse=True)[:count]


class PublishedItemsFeed(PortalFeed):
    """A feed of the ``count`` published items made public last, dated from that moment: never updated before."""

    count = 30

    def published_items(self):
        raise NotImplementedError

    def items(self):
        return newest_published(self.published_items(), self.count)

    def item_pubdate(self, item):
        return made_public(item)

    def item_updateddate(self, item):
        return max(item.updated_at, made_public(item))
