from common.sitemaps import PublishedSitemap

from .models import Event, Session


class EventSitemap(PublishedSitemap):
    model = Event
    url_name = "events:detail"


class SessionSitemap(PublishedSitemap):
    model = Session

    def items(self):
        return super().items().filter(event__in=Event.objects.published()).select_related("event")
