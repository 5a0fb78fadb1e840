from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("export/", admin.site.admin_view(views.export_view), name="translations_export"),
    path("import/", admin.site.admin_view(views.import_view), name="translations_import"),
    path("review/", admin.site.admin_view(views.review_view), name="translations_review"),
    path("memory.tmx", admin.site.admin_view(views.memory_view), name="translations_memory"),
    path("status/", admin.site.admin_view(views.status_view), name="translations_status"),
]
