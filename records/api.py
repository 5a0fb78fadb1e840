"""Statements in the JSON API: each session's list of speakers, with its files per language."""

from django.shortcuts import get_object_or_404
from django.urls import path

from common.api import (
    ERROR_RESPONSES,
    LANGUAGE_PARAMETERS,
    PAGINATION_PARAMETERS,
    api_view,
    nullable,
    ok,
    page_of,
    paginated,
)
from common.urls import absolute_url
from events.models import Event, Session

from .models import DelegationKind, Statement


def statement_data(request, statement):
    delegation = statement.delegation
    return {
        "order": statement.order,
        "delegation": {
            "slug": delegation.slug,
            "kind": delegation.kind,
            "name": str(delegation.display_name),
            "country": delegation.country.code or None,
        },
        "speaker_name": statement.speaker_name,
        "speaker_title": statement.speaker_title,
        "delivered_at": statement.delivered_at,
        "check_against_delivery": statement.check_against_delivery,
        "files": [
            {"language": item.language, "url": item.url or absolute_url(item.get_absolute_url())}
            for item in statement.sorted_files()
        ],
        "url": absolute_url(statement.get_absolute_url()),
    }


@api_view
def session_statements(request, event_slug, slug):
    session = get_object_or_404(
        Session.objects.published().filter(event__in=Event.objects.published()), event__slug=event_slug, slug=slug
    )
    statements = Statement.objects.published().filter(session=session).select_related("session__event").with_files()
    return paginated(request, statements.order_by("order", "pk"), statement_data)


app_name = "records_api"

urlpatterns = [path("<slug:event_slug>/<slug:slug>/statements/", session_statements, name="session_statements")]

TEXT = {"type": "string"}
URI = {"type": "string", "format": "uri"}
OPENAPI_SCHEMAS = {
    "Statement": {
        "type": "object",
        "required": [
            "order",
            "delegation",
            "speaker_name",
            "speaker_title",
            "delivered_at",
            "check_against_delivery",
            "files",
            "url",
        ],
        "properties": {
            "order": {"type": "integer", "minimum": 0, "description": "The place on the list of speakers."},
            "delegation": {
                "type": "object",
                "required": ["slug", "kind", "name", "country"],
                "properties": {
                    "slug": TEXT,
                    "kind": {"type": "string", "enum": DelegationKind.values},
                    "name": TEXT,
                    "country": nullable({"type": "string", "pattern": "^[A-Z]{2}$"}),
                },
                "additionalProperties": False,
            },
            "speaker_name": TEXT,
            "speaker_title": TEXT,
            "delivered_at": nullable({"type": "string", "format": "date-time"}),
            "check_against_delivery": {"type": "boolean"},
            "files": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["language", "url"],
                    "properties": {
                        "language": {"type": "string", "enum": ["ar", "zh", "en", "fr", "ru", "es"]},
                        "url": URI,
                    },
                    "additionalProperties": False,
                },
            },
            "url": URI,
        },
        "additionalProperties": False,
    },
}
OPENAPI_PATHS = {
    "/{lang}/api/sessions/{event}/{session}/statements/": {
        "get": {
            "operationId": "listSessionStatements",
            "summary": "A published session's list of speakers, in order, with each statement's files.",
            "parameters": [
                *LANGUAGE_PARAMETERS,
                {"name": "event", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "session", "in": "path", "required": True, "schema": {"type": "string"}},
                *PAGINATION_PARAMETERS,
            ],
            "responses": {"200": ok(page_of("Statement"), "A page of statements."), **ERROR_RESPONSES},
        }
    },
}
