from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("calendar.ics", views.CalendarFeedView.as_view(), name="calendar"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", views.EventCalendarView.as_view(), name="event_calendar"),
    path("<slug:event_slug>/<slug:slug>/", views.SessionDetailView.as_view(), name="session"),
    path("<slug:event_slug>/<slug:slug>/calendar.ics", views.SessionCalendarView.as_view(), name="session_calendar"),
]
