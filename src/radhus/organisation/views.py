"""Public views: thin; they parse the request and render a selector's result."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from radhus.core.access import tenant_view
from radhus.core.models import Tenant


@tenant_view()
def tenant_home(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return render(request, "organisation/tenant_home.html", {"tenant": tenant})


@tenant_view()
def search(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    raise NotImplementedError


@tenant_view()
def unit_detail(request: HttpRequest, tenant: Tenant, unit: str) -> HttpResponse:
    raise NotImplementedError


@tenant_view()
def unit_history(request: HttpRequest, tenant: Tenant, unit: str) -> HttpResponse:
    raise NotImplementedError


@tenant_view()
def person_detail(request: HttpRequest, tenant: Tenant, person: str) -> HttpResponse:
    raise NotImplementedError
