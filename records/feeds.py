from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.feeds import PlainTextAtom1Feed, PublishedItemsFeed
from common.urls import absolute_url

from .models import Statement


class LatestStatementsFeed(PublishedItemsFeed):
    """The statements posted last, each linking to its place on its session's list of speakers (RSS 2.0)."""

    url_name = "statements_rss"
    title = _("HLD Portal: new statements")
    description = _("Statements delivered at the meetings of the portal’s events, as they are posted.")

    def link(self):
        return absolute_url(reverse("events:list"))

    def published_items(self):
        return Statement.objects.public().with_files().select_related("session__event")

    def item_title(self, item):
        return f"{item.delegation.display_name} – {item.session.title} ({item.session.event.title})"

    def item_description(self, item):
        speaker = ", ".join(part for part in (item.speaker_name, item.speaker_title) if part)
        languages = " ".join(file.letter for file in item.sorted_files())
        lines = [speaker] if speaker else []
        lines.append(
            gettext("Languages: %(letters)s") % {"letters": languages} if languages else gettext("No text posted")
        )
        return "\n".join(lines)


class LatestStatementsAtomFeed(LatestStatementsFeed):
    feed_type = PlainTextAtom1Feed
    url_name = "statements_atom"
    subtitle = LatestStatementsFeed.description
