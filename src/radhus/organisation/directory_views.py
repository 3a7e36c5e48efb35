"""Directory downloads (issue 3): a unit's contacts as CSV and XLSX, a person's or a post's
vCard. Public, no login, public data only; each honours ``?datum=YYYY-MM-DD``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify

from radhus.core.access import tenant_view
from radhus.core.models import Tenant
from radhus.organisation import directory, selectors
from radhus.organisation.models import Person, Post, Unit
from radhus.organisation.views import as_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _directory(
    request: HttpRequest, tenant: Tenant, unit: str
) -> tuple[Unit, list[directory.DirectoryRow], str]:
    found = get_object_or_404(Unit.objects.select_related("tenant"), tenant=tenant, slug=unit)
    on = as_of(request).on
    if not found.is_valid_on(on):
        raise Http404
    rows = directory.unit_directory(found, on)
    return found, rows, f"kontakter-{found.slug}-{on.isoformat()}"


@tenant_view()
def unit_contacts_csv(request: HttpRequest, tenant: Tenant, unit: str) -> HttpResponse:
    _found, rows, name = _directory(request, tenant, unit)
    return _download(directory.to_csv(rows), "text/csv; charset=utf-8", f"{name}.csv")


@tenant_view()
def unit_contacts_xlsx(request: HttpRequest, tenant: Tenant, unit: str) -> HttpResponse:
    found, rows, name = _directory(request, tenant, unit)
    title = selectors.unit_as_of(found, as_of(request).on).name
    return _download(directory.to_xlsx(rows, title), XLSX, f"{name}.xlsx")


@tenant_view()
def person_vcard(request: HttpRequest, tenant: Tenant, person: str) -> HttpResponse:
    found = get_object_or_404(Person.objects.select_related("tenant"), tenant=tenant, slug=person)
    if not found.is_public:
        raise Http404
    url = request.build_absolute_uri(
        reverse("person_detail", kwargs={"tenant": tenant.slug, "person": found.slug})
    )
    card = directory.person_vcard(found, as_of(request).on, url)
    return _download(card, "text/vcard; charset=utf-8", f"{found.slug}.vcf")


@tenant_view()
def post_vcard(request: HttpRequest, tenant: Tenant, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("tenant", "unit"), tenant=tenant, pk=post_id)
    url = request.build_absolute_uri(
        reverse("unit_detail", kwargs={"tenant": tenant.slug, "unit": post.unit.slug})
    )
    card = directory.post_vcard(post, as_of(request).on, url)
    return _download(card, "text/vcard; charset=utf-8", f"{slugify(post.title) or 'befattning'}.vcf")
