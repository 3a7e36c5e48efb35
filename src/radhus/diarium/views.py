"""The public register at ``/<org>/diarium/``: no login. Every page shows the public view of
cases and records (``selectors.CaseView``): secret parts read “Sekretess enligt OSL …” and
private persons' names are left out (OSL 5 kap. 5 §), whoever is logged in; the staff pages
show the rest to those with the right."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from radhus.core.access import tenant_view
from radhus.core.models import Tenant
from radhus.core.staff import object_or_404
from radhus.diarium import public_form, selectors, services
from radhus.diarium.forms import CopyRequestForm, RegisterFilterForm
from radhus.diarium.models import Case, Record, RecordFile, Series
from radhus.organisation.models import Unit

PAGE_SIZE = 50
MAX_PAGE = 10_000


def page_number(request: HttpRequest) -> int:
    raw = request.GET.get("sida", "")
    if raw.isascii() and raw.isdigit() and 0 < len(raw) <= 5:
        return max(1, min(int(raw), MAX_PAGE))
    return 1


def window(queryset: Any, page: int) -> tuple[list[Any], bool]:
    """One page read in SQL, with one row more to tell whether another page follows (no COUNT)."""
    offset = (page - 1) * PAGE_SIZE
    rows = list(queryset[offset : offset + PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def bodies_of(tenant: Tenant) -> list[Unit]:
    ids = Series.objects.filter(tenant=tenant).values("body_id")
    return list(Unit.objects.filter(pk__in=ids).order_by("name"))


def register_filters(request: HttpRequest, tenant: Tenant) -> tuple[RegisterFilterForm, dict[str, Any]]:
    bodies = bodies_of(tenant)
    form = RegisterFilterForm(request.GET or None, bodies=bodies, years=selectors.years_of(tenant))
    chosen: dict[str, Any] = {"body_id": None, "year": None, "status": None}
    if form.is_bound and form.is_valid():
        chosen = {
            "body_id": form.cleaned_data["organ"],
            "year": form.cleaned_data["ar"],
            "status": form.cleaned_data["status"] or None,
        }
    return form, chosen


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("sida", None)
    return params.urlencode()


@tenant_view()
def register(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The cases of the register, newest first, with filters by body, year and status."""
    form, chosen = register_filters(request, tenant)
    page = page_number(request)
    rows, more = window(selectors.case_rows(selectors.case_list(tenant, **chosen)), page)
    return render(
        request,
        "diarium/register.html",
        {
            "tenant": tenant,
            "form": form,
            "cases": [selectors.case_row(c, False) for c in rows],
            "page": page,
            "more": more,
            "query": query_without_page(request),
        },
    )


@tenant_view()
def records(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The records of the register, newest registration first."""
    page = page_number(request)
    rows, more = window(selectors.record_list(tenant), page)
    return render(
        request,
        "diarium/records.html",
        {
            "tenant": tenant,
            "records": [selectors.record_row(r, False) for r in rows],
            "page": page,
            "more": more,
            "query": "",
        },
    )


@tenant_view()
def case_detail(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    case = object_or_404(Case.objects.select_related("series", "merged_into"), case_id, tenant=tenant)
    return render(
        request,
        "diarium/case.html",
        {"tenant": tenant, "view": selectors.case_page(case, full=False)},
    )


@tenant_view()
def copy_request(request: HttpRequest, tenant: Tenant, record_id: int) -> HttpResponse:
    """Ask for a copy of a public record; the request is registered as a record itself."""
    record = object_or_404(Record.objects.select_related("case"), record_id, tenant=tenant)
    view = selectors.RecordView(record=record, full=False)
    if not view.may_request_copy:
        raise Http404
    form = CopyRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and public_form.throttled(
        tenant, request.META.get("REMOTE_ADDR", "") or "", what="copy"
    ):
        form.is_valid()
        form.add_error(None, _("Too many requests have been sent from your address. Try again in an hour."))
        return render(
            request,
            "diarium/copy_request.html",
            {"tenant": tenant, "record": view, "form": form},
            status=429,
        )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:  # a robot filled the hidden trap: register nothing
            return redirect(
                reverse("diarium_case", kwargs={"tenant": tenant.slug, "case_id": record.case_id})
            )
        try:
            with transaction.atomic():
                registered = services.copy_request_register(
                    record=record,
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                    message=form.cleaned_data["message"],
                )
        except ValidationError as exc:
            for field, errors in (
                exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
            ):
                form.add_error(field if field in form.fields else None, errors)
        else:
            return render(
                request,
                "diarium/copy_request_done.html",
                {"tenant": tenant, "record": view, "registered": registered},
            )
    return render(request, "diarium/copy_request.html", {"tenant": tenant, "record": view, "form": form})


@tenant_view()
def file_download(request: HttpRequest, tenant: Tenant, file_id: int) -> HttpResponse:
    """A record's file. A secret one answers as a missing one to whoever lacks the right."""
    found = object_or_404(RecordFile.objects.select_related("record"), file_id, tenant=tenant)
    if found.record.is_secret and not services.may_see_secrets(request.user, tenant):
        raise Http404
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.file_name,
        content_type=found.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
