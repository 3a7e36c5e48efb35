"""Directory downloads (issue 3): a unit's contacts as CSV and XLSX, a person's or a post's
vCard. Public, no login, public data only; each honours ``?datum=YYYY-MM-DD``."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify

from radhus.core.access import tenant_view
from radhus.core.models import Tenant
from radhus.organisation import directory, selectors
from radhus.organisation.models import Person, Post, Unit
from radhus.organisation.views import date_or_400

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _directory(
    request: HttpRequest, tenant: Tenant, unit: str, on: dt.date
) -> tuple[Unit, list[directory.DirectoryRow], str]:
    found = get_object_or_404(Unit.objects.select_related("tenant"), tenant=tenant, slug=unit)
    if not found.is_valid_on(on):
        raise Http404
    rows = directory.unit_directory(found, on)
    return found, rows, f"kontakter-{found.slug}-{on.isoformat()}"


@tenant_view()
def unit_contacts_csv(request: HttpRequest, tenant: Tenant, unit: str) -> HttpResponse:
    on = date_or_400(request)
    if isinstance(on, HttpResponse):
        return on
    _found, rows, name = _directory(request, tenant, unit, on)
    return _download(directory.to_csv(rows), "text/csv; charset=utf-8", f"{name}.csv")


@tenant_view()
def unit_contacts_xlsx(request: HttpRequest, tenant: Tenant, unit: str) -> HttpResponse:
    on = date_or_400(request)
    if isinstance(on, HttpResponse):
        return on
    found, rows, name = _directory(request, tenant, unit, on)
    title = selectors.unit_as_of(found, on).name
    return _download(directory.to_xlsx(rows, title), XLSX, f"{name}.xlsx")


@tenant_view()
def person_vcard(request: HttpRequest, tenant: Tenant, person: str) -> HttpResponse:
    found = get_object_or_404(Person.objects.select_related("tenant"), tenant=tenant, slug=person)
    if not found.is_public:
        raise Http404
    url = request.build_absolute_uri(
        reverse("person_detail", kwargs={"tenant": tenant.slug, "person": found.slug})
    )
    on = date_or_400(request)
    if isinstance(on, HttpResponse):
        return on
    card = directory.person_vcard(found, on, url)
    return _download(card, "text/vcard; charset=utf-8", f"{found.slug}.vcf")


@tenant_view()
def post_vcard(request: HttpRequest, tenant: Tenant, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("tenant", "unit"), tenant=tenant, pk=post_id)
    url = request.build_absolute_uri(
        reverse("unit_detail", kwargs={"tenant": tenant.slug, "unit": post.unit.slug})
    )
    on = date_or_400(request)
    if isinstance(on, HttpResponse):
        return on
    card = directory.post_vcard(post, on, url)
    return _download(card, "text/vcard; charset=utf-8", f"{slugify(post.title) or 'befattning'}.vcf")
