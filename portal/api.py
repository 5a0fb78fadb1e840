"""The API's OpenAPI 3.1 description, assembled from what each app's api.py says of its own paths."""

from django.conf import settings

from common.api import NUMBERED_PAGES, PAGE_SIZE, SHARED_SCHEMAS, api_view, json_answer
from common.pagination import LIST_LIMIT
from documents import api as documents_api
from events import api as events_api
from records import api as records_api

APIS = (events_api, documents_api, records_api)


def openapi_description():
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.SITE_NAME} API",
            "version": "1",
            "description": (
                "Read-only, no key needed. Texts are in the language of the address (/en/, /fr/, /es/) or of "
                f"?lang=. Lists come {PAGE_SIZE} at a time with absolute links to the next and previous pages, which "
                "carry a cursor: follow them to walk a whole list, each page as fast however deep. ?page= reaches "
                f"the first {NUMBERED_PAGES} pages only. A list's count stops at {LIST_LIMIT}: count_exact says "
                'whether it is exact. Errors are {"error": "..."} with status 400, 404 or 405. Every answer carries '
                "Access-Control-Allow-Origin: *."
            ),
        },
        "servers": [{"url": settings.SITE_URL}],
        "paths": {name: operations for api in APIS for name, operations in api.OPENAPI_PATHS.items()},
        "components": {
            "schemas": {
                **SHARED_SCHEMAS,
                **{name: schema for api in APIS for name, schema in api.OPENAPI_SCHEMAS.items()},
            }
        },
    }


@api_view
def openapi(request):
    return json_answer(openapi_description())
