from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("<key:pk>/<str:language>/download/", views.StatementDownloadView.as_view(), name="download"),
]
