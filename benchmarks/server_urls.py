"""Rådhus's URLs and a hello-world view, for ``benchmarks/server.py`` only."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    """The floor: the least a request through the same server and middleware can cost."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench-hello/", hello), path("", include("radhus.urls"))]
