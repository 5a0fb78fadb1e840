from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from documents.feeds import LatestDocumentsAtomFeed, LatestDocumentsFeed
from portal.editorial import MissingTranslationsView
from portal.sitemaps import SITEMAPS
from portal.views import RobotsView
from submissions.feeds import PublishedSubmissionsAtomFeed, PublishedSubmissionsFeed

urlpatterns = [
    path(
        "admin/translations/",
        admin.site.admin_view(MissingTranslationsView.as_view()),
        name="missing_translations",
    ),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
]

urlpatterns += i18n_patterns(
    path("", include("portal.urls")),
    path("events/", include("events.urls")),
    path("documents/", include("documents.urls")),
    path("", include("submissions.urls")),
    path("api/events/", include("events.api")),
    path("api/documents/", include("documents.api")),
    path("feeds/documents.rss", LatestDocumentsFeed(), name="documents_rss"),
    path("feeds/documents.atom", LatestDocumentsAtomFeed(), name="documents_atom"),
    path("feeds/submissions.rss", PublishedSubmissionsFeed(), name="submissions_rss"),
    path("feeds/submissions.atom", PublishedSubmissionsAtomFeed(), name="submissions_atom"),
)

# Uploaded public files (lead photos) in development; nginx serves /media/ in production. static() adds nothing
# unless DEBUG is on.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "common.views.server_error"
