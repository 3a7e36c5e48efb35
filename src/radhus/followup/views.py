"""A logged-in user's own follow-up pages: “Att göra”, what is due for them as of today in every
organisation (the assignments on their person, their posts and their units, their watches, the
referral answers on their cases and units, the policy documents they own that are due for
review); their choice of e-mail reminders; and the report PDFs the task queue made for them."""

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
from radhus.followup.services_policies import DEFAULT_REMINDER_DAYS

TO_DO_LIMIT = 500
SLUG = re.compile(r"[-a-z0-9_]{1,100}")


@login_required
def to_do(request: HttpRequest) -> HttpResponse:
    on = today()
    rows = list(selectors.to_do(request.user, on)[:TO_DO_LIMIT])
    people, posts, units = selectors.who_is(request.user, on)
    watches = list(selectors.open_watches(request.user)[:TO_DO_LIMIT])
    referrals = list(selectors.open_referrals(people, units)[:TO_DO_LIMIT])
    reviews = list(selectors.reviews_due(posts, units, on, DEFAULT_REMINDER_DAYS)[:TO_DO_LIMIT])
    # Days past the due date (the due day itself is not late), for the page to say.
    for a in rows:
        a.days_late = max((on - a.due_on).days, 0) if a.is_late_on(on) else 0  # type: ignore[attr-defined]
    for w in watches:
        w.days_late = max((on - w.due_on).days, 0)  # type: ignore[attr-defined]
    for r in referrals:
        r.days_late = max((on - r.due_on).days, 0)  # type: ignore[attr-defined]
        r.answered_by_you = r.body_id in units  # type: ignore[attr-defined]
    for p in reviews:
        p.days_late = max((on - p.review_on).days, 0)  # type: ignore[attr-defined,operator]
    # Something of another organisation (a collaboration's group) is linked, and a case's
    # title shown, only where the user has a role to open its page.
    tenants = {x.tenant_id: x.tenant for x in [*rows, *watches, *referrals, *reviews]}
    roles = {pk for pk, tenant in tenants.items() if role_in(request.user, tenant) is not None}
    return render(
        request,
        "followup/account/to_do.html",
        {
            "today": on,
            "late": [a for a in rows if a.is_late_on(on)],
            "coming": [a for a in rows if not a.is_late_on(on)],
            "watches": watches,
            "referrals": referrals,
            "reviews": reviews,
            "review_days": DEFAULT_REMINDER_DAYS,
            "linked": bool(people),
            "roles": roles,
            "linkable": {a.pk for a in rows if a.tenant_id in roles},
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
