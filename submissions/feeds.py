from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.feeds import PlainTextAtom1Feed, PortalFeed
from common.identifiers import stable_uuid
from common.urls import absolute_url

from .models import Submission


class PublishedSubmissionsFeed(PortalFeed):
    """Written submissions as they are published (RSS 2.0); contact details never appear."""

    url_name = "submissions_rss"
    title = _("HLD Portal: published written submissions")
    description = _("Written submissions from States, organizations and civil society, as they are published.")

    def link(self):
        return absolute_url(reverse("portal:home"))

    def items(self):
        # Dated by the decision to publish, not by a later save (contact details erased on request, or by the
        # retention rule months later): read newest first along the index of that moment (submission_published).
        return Submission.objects.published().select_related("call").order_by("-published_at", "-pk")[:30]

    def item_title(self, item):
        return f"{self.item_author_name(item)}: {item.title}"

    def item_author_name(self, item):
        return item.country.name if item.category == "member_state" and item.country else item.organisation

    def item_description(self, item):
        return f"{item.get_category_display()} – {item.call.title}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # Never before it was published (RFC 4287, 4.2.15): a write that publishes stamps published_at microseconds
        # after updated_at, as the other feeds' items (common.feeds.PublishedItemsFeed).
        return max(item.updated_at, item.published_at)

    def item_guid(self, item):
        # An IRI (RFC 4287, 4.2.6) that stays whatever the site's address; the reference is its human name.
        return stable_uuid("submission", item.reference).urn

    item_guid_is_permalink = False


class PublishedSubmissionsAtomFeed(PublishedSubmissionsFeed):
    feed_type = PlainTextAtom1Feed
    url_name = "submissions_atom"
    subtitle = PublishedSubmissionsFeed.description
