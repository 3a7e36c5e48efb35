"""Staff views: forms that call services. (The staff helper fills these in.)"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from radhus.core.access import tenant_view
from radhus.core.models import Role, Tenant


@tenant_view(Role.READER)
def staff_home(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return render(request, "organisation/staff/home.html", {"tenant": tenant})
