"""Site-wide public pages. (The public helper fills these in.)"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from radhus.core.models import Tenant


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"tenants": Tenant.objects.all()})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {})
