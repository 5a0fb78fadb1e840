from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    path("calls/", views.CallListView.as_view(), name="calls"),
    path("calls/<slug:slug>/", views.CallDetailView.as_view(), name="call"),
    path("calls/<slug:slug>/submit/", views.SubmitView.as_view(), name="submit"),
    path("submissions/status/<str:token>/", views.StatusView.as_view(), name="status"),
    path("submissions/files/<uuid:pk>/<str:name>", views.public_file, name="file"),
]
