"""What every feed of the portal shares: absolute links from SITE_URL, an author, plain-text summaries."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .urls import absolute_url


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose summaries are plain text (``type="text"``, RFC 4287, 3.1.1.1), so paragraph breaks stay."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class PortalFeed(Feed):
    """A feed of the portal's own pages; ``url_name`` names the feed's own address.

    Django would build absolute links from the request's Host; every link here is absolute already, from SITE_URL.
    """

    url_name = None

    def author_name(self):
        return settings.SITE_NAME

    def author_link(self):
        return absolute_url("/")

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())
