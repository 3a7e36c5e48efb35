"""Rådhus's URLs with the floor and a registration endpoint, for ``benchmarks/diarium.py`` only.

``/bench-diarium-register/`` registers a case with one received record through the register's
own service (``services.case_register`` + ``services.record_add``), for measuring registrations
a second through a real server while the branch has no ``POST /api/v1/cases`` of its own (the
benchmark uses that API instead whenever it answers)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
def register(request: HttpRequest) -> HttpResponse:
    from django.db import transaction

    from radhus.diarium import services
    from radhus.diarium.models import Direction, Series

    if request.method != "POST":
        return HttpResponse(status=405)
    series = Series.objects.select_related("tenant").get(tenant__slug="diariestad", code="KS")
    with transaction.atomic():
        case = services.case_register(
            tenant=series.tenant, actor=None, series=series, title="Ansökan om bidrag till föreningslokal"
        )
        services.record_add(
            case=case, actor=None, direction=Direction.RECEIVED, title="Ansökan", sender="Föreningen"
        )
    return HttpResponse(case.number, status=201, content_type="text/plain")


urlpatterns = [
    path("bench-hello/", hello),
    path("bench-diarium-register/", register),
    path("", include("radhus.urls")),
]
