from common.sitemaps import PublishedSitemap

from .models import Call


class CallSitemap(PublishedSitemap):
    model = Call
    url_name = "submissions:call"
