from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from common.api import api_view, paginated
from common.urls import absolute_url

from .models import Document, DocumentType
from .symbols import looks_like_symbol


def document_data(request, document):
    return {
        "slug": document.slug,
        "symbol": document.symbol or None,
        "title": document.title,
        "type": document.doc_type,
        "date": document.date,
        "original_language": document.original_language or None,
        "official_url": document.official_url or None,
        "url": absolute_url(document.get_absolute_url()),
        "versions": [
            {
                "language": version.language,
                "url": absolute_url(version.get_absolute_url()),
                "size": version.size,
                "content_type": version.content_type or None,
            }
            for version in document.sorted_versions()
        ],
    }


@api_view
def document_list(request):
    documents = Document.objects.published().with_versions().order_by("-date", "symbol", "pk")
    if doc_type := request.GET.get("type"):
        documents = documents.filter(doc_type=doc_type) if doc_type in DocumentType.values else documents.none()
    if symbol := request.GET.get("symbol"):
        documents = documents.by_symbol(symbol) if looks_like_symbol(symbol) else documents.none()
    return paginated(request, documents, document_data)


@api_view
def document_detail(request, slug):
    document = get_object_or_404(Document.objects.published().with_versions(), slug=slug)
    return JsonResponse(document_data(request, document), json_dumps_params={"ensure_ascii": False})


app_name = "documents_api"

urlpatterns = [
    path("", document_list, name="list"),
    path("<slug:slug>/", document_detail, name="detail"),
]
