from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Submission


class PublishedSubmissionsFeed(Feed):
    """Written submissions as they are published (RSS 2.0); contact details never appear."""

    title = _("HLD Portal: published written submissions")
    description = _("Written submissions from States, organizations and civil society, as they are published.")

    def link(self):
        return reverse("portal:home")

    def items(self):
        return Submission.objects.published().select_related("call").order_by("-updated_at")[:30]

    def item_title(self, item):
        author = item.country.name if item.category == "member_state" and item.country else item.organisation
        return f"{author}: {item.title}"

    def item_description(self, item):
        return f"{item.get_category_display()} – {item.call.title}"

    def item_pubdate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return item.reference

    item_guid_is_permalink = False


class PublishedSubmissionsAtomFeed(PublishedSubmissionsFeed):
    feed_type = Atom1Feed
    subtitle = PublishedSubmissionsFeed.description
