from common.sitemaps import PublishedSitemap

from .models import Document


class DocumentSitemap(PublishedSitemap):
    model = Document
    url_name = "documents:detail"
