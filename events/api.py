from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from common.api import api_view, paginated
from common.urls import absolute_url

from .models import Event


def session_data(request, session):
    return {
        "slug": session.slug,
        "kind": session.kind,
        "number": session.number,
        "title": session.title,
        "theme": session.theme,
        "date": session.date,
        "start_time": session.start_time,
        "end_time": session.end_time,
        "url": absolute_url(session.get_absolute_url()),
    }


def event_data(request, event):
    return {
        "slug": event.slug,
        "title": event.title,
        "theme": event.theme,
        "start_date": event.start_date,
        "end_date": event.end_date,
        "time_zone": event.time_zone,
        "state": event.state,
        "venue": event.venue,
        "city": event.city,
        "country": event.country.code or None,
        "organiser": event.organiser,
        "session_label": event.session_label,
        "live_stream_url": event.live_stream_url or None,
        "hashtag": event.hashtag or None,
        "video_summary_url": event.video_summary_url or None,
        "url": absolute_url(event.get_absolute_url()),
        "sessions": [session_data(request, session) for session in event.sessions.all()],
    }


def _events():
    return Event.objects.published().with_sessions()


@api_view
def event_list(request):
    return paginated(request, _events().order_by("-start_date", "pk"), event_data)


@api_view
def event_detail(request, slug):
    event = get_object_or_404(_events(), slug=slug)
    return JsonResponse(event_data(request, event), json_dumps_params={"ensure_ascii": False})


app_name = "events_api"

urlpatterns = [
    path("", event_list, name="list"),
    path("<slug:slug>/", event_detail, name="detail"),
]
