from django.contrib.sitemaps import Sitemap


class PublishedSitemap(Sitemap):
    """Published items of ``model`` in every language, each with its hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at
