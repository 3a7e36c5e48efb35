"""The reports' staff pages under ``/<org>/redigera/uppfoljning/rapporter/``: the list of
reports, each under the question it answers, and one page per report with its filters, a page
of rows and the downloads (PDF, CSV, XLSX). A reader of the organisation may read them (an
auditor needs no more); what secrecy hides needs the editor role, as in the case register."""

from __future__ import annotations

from itertools import islice

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from radhus.core.models import Tenant
from radhus.core.selectors import today
from radhus.core.staff import staff_view
from radhus.diarium.services import may_see_secrets
from radhus.followup.reports import export, prepared, queue
from radhus.followup.reports.base import REGISTRY, Context, Filters, Report, all_reports
from radhus.followup.reports.forms import ReportFilterForm

PAGE_SIZE = 100
MAX_PAGE = 10_000


def _report(slug: str) -> Report:
    try:
        return REGISTRY[slug]
    except KeyError:
        raise Http404 from None


def _page(request: HttpRequest) -> int:
    raw = request.GET.get("sida", "")
    if raw.isascii() and raw.isdigit() and 0 < len(raw) <= 5:
        return max(1, min(int(raw), MAX_PAGE))
    return 1


def _setup(request: HttpRequest, tenant: Tenant) -> tuple[ReportFilterForm, Context]:
    form = ReportFilterForm(request.GET or None, tenant=tenant)
    return form, Context(tenant=tenant, full=may_see_secrets(request.user, tenant))


def _filename(tenant: Tenant, report: Report, on: object, ext: str) -> str:
    return f"{tenant.slug}-{report.slug}-{on}.{ext}"


@staff_view
def report_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return render(request, "followup/reports/list.html", {"tenant": tenant, "reports": all_reports()})


@staff_view
def report_page(request: HttpRequest, tenant: Tenant, report: str) -> HttpResponse:
    found = _report(report)
    form, ctx = _setup(request, tenant)
    f = form.filters(today())
    page = _page(request)
    rows, more = found.window(ctx, f, page, PAGE_SIZE)
    params = request.GET.copy()
    params.pop("sida", None)
    return render(
        request,
        "followup/reports/report.html",
        {
            "tenant": tenant,
            "report": found,
            "form": form,
            "filters": f,
            "head": export.html_head(found),
            "rows": export.html_rows(found, rows),
            "summary": found.summary(ctx, f) if found.summary else None,
            "page": page,
            "more": more,
            "query": params.urlencode(),
        },
    )


@staff_view
def report_csv(request: HttpRequest, tenant: Tenant, report: str) -> StreamingHttpResponse:
    found = _report(report)
    form, ctx = _setup(request, tenant)
    f = form.filters(today())
    response = StreamingHttpResponse(
        export.iter_csv(found, found.rows(ctx, f)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(tenant, found, f.on, "csv")}"'
    return response


@staff_view
def report_xlsx(request: HttpRequest, tenant: Tenant, report: str) -> HttpResponse:
    found = _report(report)
    form, ctx = _setup(request, tenant)
    f = form.filters(today())
    data = export.xlsx(found, found.rows(ctx, f), title=str(found.question))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(tenant, found, f.on, "xlsx")}"'
    return response


@staff_view
def report_pdf(request: HttpRequest, tenant: Tenant, report: str) -> HttpResponse:
    """The PDF at once when it is small or kept since the last change; above ``queue.SYNC_ROWS``
    rows and not kept, a page that offers to have it made by the task queue (it takes
    WeasyPrint seconds), to download when ready."""
    found = _report(report)
    form, ctx = _setup(request, tenant)
    f = form.filters(today())
    # A large PDF made since the last change is kept (``prepared``): given at once, and kept
    # ready from now on; one too large to lay out in a request and not kept is offered to be made.
    kept = prepared.kept(found, ctx, f)
    if kept is not None:
        prepared.note_asked(tenant, found, form.query(), ctx.full)
        return _pdf_response(kept, tenant, found, f)
    rows = list(islice(found.rows(ctx, f), queue.SYNC_ROWS + 1))
    if len(rows) > queue.SYNC_ROWS:
        prepared.note_asked(tenant, found, form.query(), ctx.full)
        return render(
            request,
            "followup/reports/pdf_queue.html",
            {
                "tenant": tenant,
                "report": found,
                "limit": queue.SYNC_ROWS,
                "most": queue.MAX_ROWS,
                "query": request.GET.urlencode(),
            },
        )
    summary = found.summary(ctx, f) if found.summary else None
    return _pdf_response(export.pdf(found, ctx, f, rows, summary, form.chosen()), tenant, found, f)


def _pdf_response(data: bytes, tenant: Tenant, report: Report, f: Filters) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(tenant, report, f.on, "pdf")}"'
    return response
