"""Rådhus's URLs with the floor (``/bench-hello/``), for ``benchmarks/diarium.py`` only: the
registrations go through the real ``POST /api/v1/cases``."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench-hello/", hello),
    path("", include("radhus.urls")),
]
