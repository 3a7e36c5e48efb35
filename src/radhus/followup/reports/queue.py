"""A large report's PDF, made by the task queue: the report page offers it, the worker makes it
(WeasyPrint takes seconds for hundreds of rows, too long for a request), and the user who asked
downloads it from ``/konto/rapporter/`` when it is ready. The filters travel as the address's
query string; who may read what secrecy hides is decided when the PDF is made."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from radhus.core import audit
from radhus.core.access import has_role
from radhus.core.models import Role, Tenant
from radhus.core.selectors import today
from radhus.diarium.services import may_see_secrets
from radhus.followup.models import ReportFile, ReportFileStatus
from radhus.followup.reports import prepared
from radhus.followup.reports.base import REGISTRY, Context
from radhus.followup.reports.forms import ReportFilterForm

# A PDF of more rows than this is made by the task queue, not in the request. WeasyPrint lays
# out some 1.8 ms of CPU a row (0.4 s for 253 rows, 1.4 s for 800, 5 s for 2,658 on a quiet
# 2-core machine, 2026-11-30; about a fifth less since ``core.pdf`` holds the garbage collector
# back and the PDF is set in Liberation Sans), so 500 rows keep the request near one second; on
# a machine under a load of 8 it took 3.5–5.6 s for 200.
SYNC_ROWS = 500
# The most rows a PDF holds (a few minutes in the worker); above it the CSV and XLSX remain.
MAX_ROWS = 5_000
# A PDF is kept this long after it was asked for.
KEPT_FOR = dt.timedelta(days=1)
# The same PDF asked for again within this time is the one already made or being made.
REUSED_WITHIN = dt.timedelta(minutes=10)
MAX_QUERY = 2000
ASKED_ACTION = "followup.report.pdf"  # the audit trail's action of asking for a PDF


@transaction.atomic
def report_file_request(*, tenant: Tenant, user: Any, report: str, query: str) -> ReportFile:
    """Ask the worker for a report's PDF with these filters, for ``user`` (a reader of the
    organisation or more). The same request again within ten minutes is the file already asked
    for; the user's files older than a day are removed."""
    if not has_role(user, tenant, Role.READER):
        raise PermissionDenied
    if report not in REGISTRY:
        raise ValidationError({"report": _("No such report.")}, code="report")
    if len(query) > MAX_QUERY or "\x00" in query:
        raise ValidationError({"query": _("The filters are too long.")}, code="query")
    now = timezone.now()
    ReportFile.objects.filter(user=user, created_at__lt=now - KEPT_FOR).delete()
    same = (
        ReportFile.objects.select_for_update()
        .filter(
            user=user,
            tenant=tenant,
            report=report,
            query=query,
            created_at__gte=now - REUSED_WITHIN,
            status__in=[ReportFileStatus.WAITING, ReportFileStatus.READY],
        )
        .defer("data")
        .first()
    )
    if same is not None:
        return same
    row = ReportFile.objects.create(
        tenant=tenant,
        user=user,
        report=report,
        query=query,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    audit.record(
        tenant=tenant,
        actor=user,
        action=ASKED_ACTION,
        subject=row,
        summary=_("Asked for the report “%(question)s” as a PDF.") % {"question": REGISTRY[report].question},
        changes={"report": report, "query": query},
    )
    transaction.on_commit(lambda: make_report_file.enqueue(row.pk))
    return row


def _fail(row: ReportFile, error: str) -> bool:
    row.status, row.error, row.finished_at = ReportFileStatus.FAILED, error[:500], timezone.now()
    row.save(update_fields=["status", "error", "finished_at"])
    return False


@task()
def make_report_file(file_id: int) -> bool:
    """Make the PDF of a report file asked for (run by the worker); ``False`` when it could not
    be made, with the reason on the row."""
    row = ReportFile.objects.select_related("tenant", "user").defer("data").filter(pk=file_id).first()
    if row is None or row.status != ReportFileStatus.WAITING:
        return False
    with translation.override(row.language or settings.LANGUAGE_CODE):
        if not has_role(row.user, row.tenant, Role.READER):
            return _fail(row, _("You no longer have a role in the organisation."))
        report = REGISTRY.get(row.report)
        if report is None:
            return _fail(row, _("No such report."))
        form = ReportFilterForm(QueryDict(row.query) or None, tenant=row.tenant)
        f = form.filters(today())
        ctx = Context(tenant=row.tenant, full=may_see_secrets(row.user, row.tenant))
        try:
            # The kept PDF when made since the last change, else made now and kept for others.
            data = prepared.pdf(report, ctx, f, form.chosen(), MAX_ROWS)
        except prepared.TooManyRows:
            return _fail(
                row,
                _(
                    "More than %(limit)s rows: choose a body or a shorter period, or take the CSV "
                    "or Excel file, which have no limit."
                )
                % {"limit": MAX_ROWS},
            )
    row.data, row.status, row.finished_at = data, ReportFileStatus.READY, timezone.now()
    row.save(update_fields=["data", "status", "finished_at"])
    return True


def files_of(user: Any, limit: int = 20) -> list[ReportFile]:
    """The user's report files, newest first, without their contents."""
    return list(
        ReportFile.objects.filter(user=user, created_at__gte=timezone.now() - KEPT_FOR)
        .select_related("tenant")
        .defer("data")[:limit]
    )
