"""A logged-in user's own follow-up pages: “Att göra”, what is due on their person, their posts
and their units as of today, in every organisation; their choice of e-mail reminders; and the
report PDFs the task queue made for them."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from radhus.core.access import role_in
from radhus.core.models import Tenant
from radhus.core.selectors import today
from radhus.followup import selectors, services
from radhus.followup.forms import NotificationChoiceForm
from radhus.followup.models import ReportFile, ReportFileStatus
from radhus.followup.reminders import choice_of
from radhus.followup.reports import queue
from radhus.followup.reports.base import REGISTRY

TO_DO_LIMIT = 500
SLUG = re.compile(r"[-a-z0-9_]{1,100}")


@login_required
def to_do(request: HttpRequest) -> HttpResponse:
    on = today()
    rows = list(selectors.to_do(request.user, on)[:TO_DO_LIMIT])
    people, posts, units = selectors.who_is(request.user, on)
    return render(
        request,
        "followup/account/to_do.html",
        {
            "today": on,
            "late": [a for a in rows if a.is_late_on(on)],
            "coming": [a for a in rows if not a.is_late_on(on)],
            "linked": bool(people),
            # An assignment handed from another organisation (a collaboration's group) is
            # linked only where the user has a role to open its page.
            "linkable": {a.pk for a in rows if role_in(request.user, a.tenant) is not None},
        },
    )


@login_required
def reminders(request: HttpRequest) -> HttpResponse:
    current = choice_of(request.user)
    form = NotificationChoiceForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in NotificationChoiceForm.Meta.fields}
        try:
            services.notification_choice_set(user=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your choice of reminders is saved."))
            return redirect("followup_reminders")
    return render(request, "followup/account/reminders.html", {"form": form})


@login_required
def report_files(request: HttpRequest) -> HttpResponse:
    """The user's report PDFs made by the task queue: the list (``?fil=<id>`` downloads one that
    is ready, the user's own only), and a POST that asks for one (from a report's PDF page)."""
    if request.method == "POST":
        slug = str(request.POST.get("tenant", ""))
        tenant = Tenant.objects.filter(slug=slug).first() if SLUG.fullmatch(slug) else None
        if tenant is None:
            raise Http404
        try:
            queue.report_file_request(
                tenant=tenant,
                user=request.user,
                report=str(request.POST.get("report", "")),
                query=str(request.POST.get("query", "")),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The PDF is being made. It appears here when it is ready."))
        return redirect("followup_report_files")
    raw = request.GET.get("fil", "")
    if raw:
        found = (
            ReportFile.objects.filter(pk=int(raw), user=request.user, status=ReportFileStatus.READY).first()
            if raw.isascii() and raw.isdigit() and len(raw) <= 18
            else None
        )
        if found is None or found.data is None:
            raise Http404
        response = HttpResponse(bytes(found.data), content_type="application/pdf")
        name = f"{found.tenant.slug}-{found.report}-{found.created_at:%Y-%m-%d}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    files = queue.files_of(request.user)
    for f in files:
        report = REGISTRY.get(f.report)
        f.question = report.question if report else f.report  # type: ignore[attr-defined]
    return render(
        request,
        "followup/account/report_files.html",
        {"files": files, "waiting": any(f.status == ReportFileStatus.WAITING for f in files)},
    )
