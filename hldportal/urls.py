from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from portal.editorial import MissingTranslationsView

urlpatterns = [
    path(
        "admin/translations/",
        admin.site.admin_view(MissingTranslationsView.as_view()),
        name="missing_translations",
    ),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("portal.urls")),
    path("events/", include("events.urls")),
    path("documents/", include("documents.urls")),
    path("", include("submissions.urls")),
)
