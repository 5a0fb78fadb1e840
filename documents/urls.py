from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.LibraryView.as_view(), name="library"),
    path("symbol/<path:symbol>/", views.SymbolRedirectView.as_view(), name="by_symbol"),
    path("<slug:slug>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<slug:slug>/<str:language>/download/", views.DownloadView.as_view(), name="download"),
]
