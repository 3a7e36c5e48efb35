"""The public REST API under /api/v1/ (django-ninja; OpenAPI at /api/schema/)."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Rådhus API",
    version="1",
    urls_namespace="api",
    openapi_url="/schema/",
    docs_url="/docs/",
)
