from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from common.api import not_found as api_not_found
from common.sitemaps import index_view, page_view
from documents.feeds import LatestDocumentsAtomFeed, LatestDocumentsFeed
from events.views import lead_image
from portal.api import openapi
from portal.editorial import MissingTranslationsView
from portal.sitemaps import SITEMAPS
from portal.views import RobotsView
from records.feeds import LatestStatementsAtomFeed, LatestStatementsFeed
from records.views import SessionPageView
from submissions.feeds import PublishedSubmissionsAtomFeed, PublishedSubmissionsFeed

urlpatterns = [
    path(
        "admin/translations/",
        admin.site.admin_view(MissingTranslationsView.as_view()),
        name="missing_translations",
    ),
    path("admin/translations/", include("translations.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", index_view(SITEMAPS), name="sitemap"),
    path("sitemap-<slug:section>-<int:page>.xml", page_view(SITEMAPS), name="sitemap_page"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("api/openapi.json", openapi, name="openapi"),
    # Lead photos go through a view that serves them while their page is public, never as plain files.
    path("images/<str:name>", lead_image, name="lead_image"),
]

urlpatterns += i18n_patterns(
    path("", include("portal.urls")),
    # A session's page shows its statements and records, which sit above events: composed by records, at the
    # address events gives its sessions (events:session), so this comes first.
    path("events/<slug:event_slug>/<slug:slug>/", SessionPageView.as_view(), name="session_page"),
    path("events/", include("events.urls")),
    path("statements/", include("records.urls")),
    path("documents/", include("documents.urls")),
    path("", include("submissions.urls")),
    path("api/events/", include("events.api")),
    path("api/documents/", include("documents.api")),
    path("api/sessions/", include("records.api")),
    path("feeds/documents.rss", LatestDocumentsFeed(), name="documents_rss"),
    path("feeds/documents.atom", LatestDocumentsAtomFeed(), name="documents_atom"),
    path("feeds/statements.rss", LatestStatementsFeed(), name="statements_rss"),
    path("feeds/statements.atom", LatestStatementsAtomFeed(), name="statements_atom"),
    path("feeds/submissions.rss", PublishedSubmissionsFeed(), name="submissions_rss"),
    path("feeds/submissions.atom", PublishedSubmissionsAtomFeed(), name="submissions_atom"),
)

# After every other address: an unknown one under api/, with or without a language, is answered in JSON.
urlpatterns += [re_path(r"^(?:[^/]+/)?api/", api_not_found)]

handler400 = "common.views.bad_request"
handler500 = "common.views.server_error"
