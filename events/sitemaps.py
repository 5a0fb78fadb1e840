from common.sitemaps import PublishedSitemap

from .models import Event, Session


class EventSitemap(PublishedSitemap):
    model = Event
    url_name = "events:detail"


class SessionSitemap(PublishedSitemap):
    model = Session
    url_name = "events:session"
    url_arguments = {"event_slug": "event__slug", "slug": "slug"}

    def items(self):
        return super().items().filter(event__in=Event.objects.published()).select_related("event")
