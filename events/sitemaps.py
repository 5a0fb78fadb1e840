from django.contrib.sitemaps import Sitemap

from .models import Event, Session


class EventSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Event.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class SessionSitemap(EventSitemap):
    def items(self):
        return (
            Session.objects.published()
            .filter(event__in=Event.objects.published())
            .select_related("event")
            .order_by("pk")
        )
