"""A large report's PDF kept ready, so that the PDF link gives it at once.

WeasyPrint lays the whole organisation's execution report out in some 6.5 s of CPU (2,658
rows, 140 pages, 2026-11-30): too long for a request, which therefore offers to have it made by
the task queue (``queue``). But the same few large PDFs are asked for again and again (the
director's and the auditors' execution report before each board meeting), and they change only
when the organisation does. So each PDF made is kept in the shared cache under the version of
every organisation whose rows it shows (``core.cache.cached_across``), and the PDF link gives a
kept copy made since the last change at once, to a reader with the same access to secrets.

What was asked for in the last days is noted (per organisation, in the cache: a hint, which
may be lost). After a change in the organisation the worker makes those PDFs again, once, a
little later (``REFRESH_AFTER``, so that a burst of changes costs one layout), and
``radhus prepare-reports`` makes them for the new day (the days counted in them change at
midnight): run it daily before office hours, like ``send-reminders``."""

from __future__ import annotations

import datetime as dt
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.cache import cache as store
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django_tasks import task

from radhus.core import cache
from radhus.core.models import AuditEvent, Tenant
from radhus.core.selectors import today
from radhus.followup.reports.base import REGISTRY, Context, Filters, Report
from radhus.followup.reports.forms import ReportFilterForm
from radhus.followup.services import assignee_tenants

NAME = "report-pdf"
# A PDF asked for within this many days is made again after a change and for each new day.
ASKED_WITHIN = dt.timedelta(days=7)
# After a change, the PDFs asked for are made again this long after it (later changes within
# this time wait for the same run).
REFRESH_AFTER = dt.timedelta(minutes=2)
MAX_ASKED = 20  # per organisation: the filters people choose are few; more are not kept


class TooManyRows(Exception):
    """The report has more rows than a PDF holds (``queue.MAX_ROWS``)."""


def _asked_key(tenant_id: int) -> str:
    return cache.store_key("report-pdf-asked", tenant_id)


def _parts(report: Report, ctx: Context, f: Filters) -> list[object]:
    # What tells one PDF from another besides the organisation, its version and the language
    # (``cache.key`` adds those): the report, the access to secrets and the filters.
    return [
        report.slug,
        ctx.full,
        f.on,
        f.body.pk if f.body else "",
        f.date_from or "",
        f.date_to or "",
        f.officer.pk if f.officer else "",
    ]


def kept(report: Report, ctx: Context, f: Filters) -> bytes | None:
    """The PDF of the report with these filters, in the active language, when one was made since
    the last change; ``None`` otherwise."""
    found: bytes | None = cache.kept_across(ctx.tenant.pk, NAME, _parts(report, ctx, f))
    return found


def pdf(report: Report, ctx: Context, f: Filters, chosen: list[tuple[str, str]], max_rows: int) -> bytes:
    """The PDF of the report with these filters, in the active language: the kept one when made
    since the last change, else made now and kept. ``TooManyRows`` above ``max_rows``."""

    from radhus.followup.reports import export  # openpyxl and Pillow: only when a PDF is made

    def make() -> tuple[bytes, list[int]]:
        rows = list(islice(report.rows(ctx, f), max_rows + 1))
        if len(rows) > max_rows:
            raise TooManyRows
        summary = report.summary(ctx, f) if report.summary else None
        # Units, posts and people of the organisations assignments may be handed to are shown.
        return export.pdf(report, ctx, f, rows, summary, chosen), sorted(assignee_tenants(ctx.tenant, f.on))

    return cache.cached_across(ctx.tenant.pk, NAME, _parts(report, ctx, f), make)


def note_asked(tenant: Tenant, report: Report, query: str | None, full: bool) -> None:
    """Note that this PDF (the report, its filters as a query string of the filter form's
    fields, the access to secrets, the active language) was asked for today, so that it is kept
    ready. Filters that are not valid (``None``) are not noted."""
    if query is None:
        return
    key = _asked_key(tenant.pk)
    asked: dict[tuple[str, str, bool, str], str] = store.get(key) or {}
    entry = (report.slug, query, full, translation.get_language() or settings.LANGUAGE_CODE)
    day = today().isoformat()
    if asked.get(entry) == day:
        return
    oldest = (today() - ASKED_WITHIN).isoformat()
    asked = {k: v for k, v in asked.items() if v >= oldest}
    if entry not in asked and len(asked) >= MAX_ASKED:
        return
    asked[entry] = day
    store.set(key, asked, timeout=int(ASKED_WITHIN.total_seconds()) + 86_400)


def asked_for(tenant_id: int, on: dt.date) -> list[tuple[str, str, bool, str]]:
    """The PDFs of the organisation asked for within ``ASKED_WITHIN`` before ``on``."""
    asked: dict[tuple[str, str, bool, str], str] = store.get(_asked_key(tenant_id)) or {}
    oldest = (on - ASKED_WITHIN if on > dt.date.min + ASKED_WITHIN else dt.date.min).isoformat()
    return sorted(k for k, v in asked.items() if v >= oldest)


def make_asked(tenant_id: int, on: dt.date, max_rows: int) -> int:
    """Make (or find kept) every PDF of the organisation asked for lately, as of ``on`` where its
    filters name no day; the number made or found."""
    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None:
        return 0
    done = 0
    for slug, query, full, language in asked_for(tenant_id, on):
        report = REGISTRY.get(slug)
        if report is None:
            continue
        with translation.override(language):
            form = ReportFilterForm(QueryDict(query) or None, tenant=tenant)
            try:
                pdf(report, Context(tenant=tenant, full=full), form.filters(on), form.chosen(), max_rows)
            except TooManyRows:
                continue
        done += 1
    return done


@task()
def refresh(tenant_id: int) -> int:
    """Make the organisation's PDFs asked for lately again, after a change (run by the worker)."""
    from radhus.followup.reports.queue import MAX_ROWS

    return make_asked(tenant_id, today(), MAX_ROWS)


def _refresh_key(tenant_id: int) -> str:
    return cache.store_key("report-pdf-refresh", tenant_id)


def changed(tenant_id: int) -> None:
    """The organisation changed: when PDFs of it were asked for lately, have them made again
    ``REFRESH_AFTER`` from now, once for every change until then."""
    if not refresh.get_backend().supports_defer:
        return  # tasks run inside the request (``RADHUS_TASKS=immediate``): none is kept ready
    if not asked_for(tenant_id, today()):
        return
    if not store.add(_refresh_key(tenant_id), 1, timeout=int(REFRESH_AFTER.total_seconds())):
        return
    refresh.using(run_after=timezone.now() + REFRESH_AFTER).enqueue(tenant_id)


def audit_event_saved(sender: type[AuditEvent], instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    if created and instance.action not in cache.UNSEEN_ACTIONS and instance.tenant_id is not None:
        tenant_id = instance.tenant_id
        # Robust: the change is committed; a queue that cannot take the task only means the
        # PDFs are not made again before someone asks (it is logged), never a failed request.
        transaction.on_commit(lambda: changed(tenant_id), robust=True)
