"""The public REST API under /api/v1/ (django-ninja; OpenAPI at /api/schema/, docs at /api/docs/).

The docs page (Swagger UI) loads its script and styles from django-ninja's own static files
(``ninja`` is in INSTALLED_APPS), never from a CDN: it works without internet access.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from radhus.organisation.api import ROUTERS, Problems, problems_response

DESCRIPTION = """\
The organisation registry of Swedish municipalities and their collaborations: units, posts,
people, appointments, seats in groups, contact points and reorganisations, each as of any date.

**Reading** needs no login and shows only public data. Every list takes `tenant` (the
organisation's short name, e.g. `ornskoldsvik`) and `as_of` (a date, `YYYY-MM-DD`; default
today), and is paginated with `page` and `page_size`.

**Writing** needs `Authorization: Bearer <key>` (a key from `radhus create_token USERNAME`) of a
user with the editor role in the organisation written to. A request that breaks a rule gets
400 with every problem listed by field, and changes nothing.

`/api/v1/popolo/{tenant}` gives an organisation as a [Popolo](https://www.popoloproject.com/)
document, the same as `radhus export-popolo TENANT` writes.
"""

api = NinjaAPI(
    title="Rådhus API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/schema/",
    docs_url="/docs/",
)

for router in ROUTERS:
    api.add_router("/v1/", router)

# Where a parameter sits is told by the status and the field name; "body"/"query" and the
# name of the handler's argument are not the client's business.
_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}


def _field(loc: list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _LOCATIONS:
        where = parts.pop(0)
        if where == "body" and parts and parts[0] == "payload":
            parts.pop(0)
    return ".".join(parts) or "__all__"


@api.exception_handler(NinjaValidationError)
def _invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """Input of the wrong type or shape: 400 with every problem by field, like the rules'."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field(list(error.get("loc", []))), []).append(str(error.get("msg", "")))
    return api.create_response(request, problems_response(errors), status=400)


@api.exception_handler(Problems)
def _problems(request: HttpRequest, exc: Problems) -> HttpResponse:
    return api.create_response(request, problems_response(exc.errors), status=400)
