from django.shortcuts import get_object_or_404
from django.urls import path

from common.api import (
    ERROR_RESPONSES,
    LANGUAGE_PARAMETERS,
    PAGINATION_PARAMETERS,
    api_view,
    choice,
    json_answer,
    nullable,
    ok,
    page_of,
    paginated,
)
from common.languages import UNLanguage
from common.urls import absolute_url

from .models import Document, DocumentType, downloads
from .symbols import looks_like_symbol


def document_serializer():
    """A function of each document giving its data, its page's and its files' address shapes looked up once: for a
    list's many documents (common.templatetags.portal.Rows says why)."""
    pages, files = Document.addresses(), downloads()

    def document_data(request, document):
        return {
            "slug": document.slug,
            "symbol": document.symbol or None,
            "title": document.title,
            "type": document.doc_type,
            "date": document.date,
            "original_language": document.original_language or None,
            "official_url": document.official_url or None,
            "url": absolute_url(pages(document)),
            "versions": [
                {
                    "language": version.language,
                    "url": absolute_url(version.address(files)),
                    "size": version.size,
                    "content_type": version.content_type or None,
                }
                for version in document.sorted_versions()
            ],
        }

    return document_data


@api_view
def document_list(request):
    documents = Document.objects.published().with_versions().newest_first()
    if doc_type := choice(request, "type", DocumentType.values):
        documents = documents.filter(doc_type=doc_type)
    if symbol := request.GET.get("symbol"):
        documents = documents.by_symbol(symbol) if looks_like_symbol(symbol) else documents.none()
    return paginated(request, documents, document_serializer(), filters=("type", "symbol"))


@api_view
def document_detail(request, slug):
    document = get_object_or_404(Document.objects.published().with_versions(), slug=slug)
    return json_answer(document_serializer()(request, document))


app_name = "documents_api"

urlpatterns = [
    path("", document_list, name="list"),
    path("<slug:slug>/", document_detail, name="detail"),
]

# The OpenAPI description of the paths above and of what they give (see portal/api.py).

URI = {"type": "string", "format": "uri"}
OPENAPI_SCHEMAS = {
    "Version": {
        "type": "object",
        "required": ["language", "url", "size", "content_type"],
        "properties": {
            "language": {"type": "string", "enum": UNLanguage.values},
            "url": URI,
            "size": nullable({"type": "integer", "minimum": 0}),
            "content_type": nullable({"type": "string"}),
        },
        "additionalProperties": False,
    },
    "Document": {
        "type": "object",
        "required": ["slug", "symbol", "title", "type", "date", "original_language", "official_url", "url", "versions"],
        "properties": {
            "slug": {"type": "string"},
            "symbol": nullable({"type": "string", "description": "The UN symbol, e.g. A/68/292."}),
            "title": {"type": "string"},
            "type": {"type": "string", "enum": DocumentType.values},
            "date": nullable({"type": "string", "format": "date"}),
            "original_language": nullable({"type": "string", "enum": UNLanguage.values}),
            "official_url": nullable(URI),
            "url": URI,
            "versions": {"type": "array", "items": {"$ref": "#/components/schemas/Version"}},
        },
        "additionalProperties": False,
    },
}
OPENAPI_PATHS = {
    "/{lang}/api/documents/": {
        "get": {
            "operationId": "listDocuments",
            "summary": "Published documents, newest first, with their language versions.",
            "parameters": [
                *LANGUAGE_PARAMETERS,
                *PAGINATION_PARAMETERS,
                {
                    "name": "type",
                    "in": "query",
                    "required": False,
                    "description": "Only documents of this type.",
                    "schema": {"type": "string", "enum": DocumentType.values},
                },
                {
                    "name": "symbol",
                    "in": "query",
                    "required": False,
                    "description": "Only the document with this UN symbol, in any case, e.g. A/RES/63/225.",
                    "schema": {"type": "string"},
                },
            ],
            "responses": {"200": ok(page_of("Document"), "A page of documents."), **ERROR_RESPONSES},
        }
    },
    "/{lang}/api/documents/{slug}/": {
        "get": {
            "operationId": "getDocument",
            "summary": "One published document.",
            "parameters": [
                *LANGUAGE_PARAMETERS,
                {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
            ],
            "responses": {"200": ok({"$ref": "#/components/schemas/Document"}, "The document."), **ERROR_RESPONSES},
        }
    },
}
