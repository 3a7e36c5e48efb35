"""Directory downloads (issue 3): a unit's contacts as CSV and XLSX, a person's or a post's
vCard. Public, no login, public data only; each honours ``?datum=YYYY-MM-DD``."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from radhus.core.access import tenant_view
from radhus.core.formats import use_region
from radhus.core.models import Tenant
from radhus.organisation import directory, selectors
from radhus.organisation.models import Person, Post, Unit
from radhus.organisation.views import date_or_400

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_IN_MEMORY = 2 * 1024 * 1024  # a bigger workbook goes to a temporary file


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _found(tenant: Tenant, unit: str, on: dt.date) -> tuple[Unit, str]:
    found = get_object_or_404(Unit.objects.select_related("tenant"), tenant=tenant, slug=unit)
    if not found.is_valid_on(on):
        raise Http404
    return found, f"kontakter-{found.slug}-{on.isoformat()}"


def _in_language(rows: Iterator[bytes], language: str, region: str | None) -> Iterator[bytes]:
    """``rows`` made in ``language``, with phone numbers shown as in ``region`` (the
    organisation's country): a streamed answer is made after the view has returned."""
    with translation.override(language), use_region(region):
        yield from rows


@tenant_view()
def unit_contacts_csv(request: HttpRequest, tenant: Tenant, unit: str) -> HttpResponseBase:
    """Streamed a few hundred units at a time: a whole municipality's directory is never all
    in memory."""
    on = date_or_400(request)
    if isinstance(on, HttpResponse):
        return on
    found, name = _found(tenant, unit, on)
    lines = directory.iter_csv(directory.iter_unit_directory(found, on))
    response = StreamingHttpResponse(
        _in_language(lines, translation.get_language() or settings.LANGUAGE_CODE, tenant.country),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@tenant_view()
def unit_contacts_xlsx(request: HttpRequest, tenant: Tenant, unit: str) -> HttpResponseBase:
    """Written row by row to a temporary file (in memory while it is small), then sent."""
    on = date_or_400(request)
    if isinstance(on, HttpResponse):
        return on
    found, name = _found(tenant, unit, on)
    title = selectors.unit_as_of(found, on).name
    out = tempfile.SpooledTemporaryFile(max_size=XLSX_IN_MEMORY)  # noqa: SIM115 (FileResponse closes it)
    directory.write_xlsx(directory.iter_unit_directory(found, on), title, out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=f"{name}.xlsx", content_type=XLSX)


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
