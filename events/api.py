from django.shortcuts import get_object_or_404
from django.urls import path

from common.api import (
    ERROR_RESPONSES,
    LANGUAGE_PARAMETERS,
    PAGINATION_PARAMETERS,
    api_view,
    json_answer,
    nullable,
    ok,
    page_of,
    paginated,
)
from common.urls import absolute_url

from .models import Event, EventState, SessionKind


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
    return json_answer(event_data(request, get_object_or_404(_events(), slug=slug)))


app_name = "events_api"

urlpatterns = [
    path("", event_list, name="list"),
    path("<slug:slug>/", event_detail, name="detail"),
]

# The OpenAPI description of the paths above and of what they give (see portal/api.py).

TIME = nullable({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$"})
TEXT = {"type": "string"}
OPENAPI_SCHEMAS = {
    "Session": {
        "type": "object",
        "required": ["slug", "kind", "number", "title", "theme", "date", "start_time", "end_time", "url"],
        "properties": {
            "slug": TEXT,
            "kind": {"type": "string", "enum": SessionKind.values},
            "number": nullable({"type": "integer", "minimum": 0}),
            "title": TEXT,
            "theme": TEXT,
            "date": nullable({"type": "string", "format": "date"}),
            "start_time": TIME,
            "end_time": {
                **TIME,
                "description": "The venue's local time; earlier than start_time for a meeting that runs past "
                "midnight, which ends the next day.",
            },
            "url": {"type": "string", "format": "uri"},
        },
        "additionalProperties": False,
    },
    "Event": {
        "type": "object",
        "required": [
            "slug",
            "title",
            "theme",
            "start_date",
            "end_date",
            "time_zone",
            "state",
            "venue",
            "city",
            "country",
            "organiser",
            "session_label",
            "live_stream_url",
            "hashtag",
            "video_summary_url",
            "url",
            "sessions",
        ],
        "properties": {
            "slug": TEXT,
            "title": TEXT,
            "theme": TEXT,
            "start_date": {"type": "string", "format": "date"},
            "end_date": {"type": "string", "format": "date"},
            "time_zone": {"type": "string", "description": "The IANA time zone of the venue, e.g. America/New_York."},
            "state": {"type": "string", "enum": EventState.values},
            "venue": TEXT,
            "city": TEXT,
            "country": nullable({"type": "string", "pattern": "^[A-Z]{2}$"}),
            "organiser": TEXT,
            "session_label": TEXT,
            "live_stream_url": nullable({"type": "string", "format": "uri"}),
            "hashtag": nullable(TEXT),
            "video_summary_url": nullable({"type": "string", "format": "uri"}),
            "url": {"type": "string", "format": "uri"},
            "sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}},
        },
        "additionalProperties": False,
    },
}
OPENAPI_PATHS = {
    "/{lang}/api/events/": {
        "get": {
            "operationId": "listEvents",
            "summary": "Published events, newest first, each with its published sessions.",
            "parameters": [*LANGUAGE_PARAMETERS, *PAGINATION_PARAMETERS],
            "responses": {"200": ok(page_of("Event"), "A page of events."), **ERROR_RESPONSES},
        }
    },
    "/{lang}/api/events/{slug}/": {
        "get": {
            "operationId": "getEvent",
            "summary": "One published event.",
            "parameters": [
                *LANGUAGE_PARAMETERS,
                {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
            ],
            "responses": {"200": ok({"$ref": "#/components/schemas/Event"}, "The event."), **ERROR_RESPONSES},
        }
    },
}
