"""Staff pages of goals, policy documents and oversight under
``/<tenant>/redigera/uppfoljning/``: a reader of the organisation may look, an editor may
change. Every change goes through a service, sent once (``core.staff``), and is audited."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from radhus.core.access import has_role
from radhus.core.audit import history_of
from radhus.core.lookup import MAX_ID
from radhus.core.models import Role, Tenant
from radhus.core.selectors import today
from radhus.core.staff import form_data, form_page, object_or_404, staff_view
from radhus.diarium.models import Record
from radhus.followup import (
    selectors_goals,
    selectors_policies,
    services_goals,
    services_oversight,
    services_policies,
)
from radhus.followup.forms import ConfirmForm
from radhus.followup.forms_goals import (
    ExpectationForm,
    GoalForm,
    IndicatorForm,
    MeasurementForm,
    MeasurementImportForm,
    PolicyFilterForm,
    PolicyForm,
    ReceiptForm,
    TargetForm,
)
from radhus.followup.models import Assignment, Goal, GoalAssignment, Indicator, PolicyDocument
from radhus.organisation.models import Oversight

FORM = "followup/staff/form.html"


def _context(request: HttpRequest, tenant: Tenant, **extra: Any) -> dict[str, Any]:
    return {
        "tenant": tenant,
        "can_edit": has_role(request.user, tenant, Role.EDITOR),
        "today": today(),
        **extra,
    }


def goals_url(tenant: Tenant) -> str:
    return reverse("staff_goals", args=[tenant.slug])


def goal_url(tenant: Tenant, goal: Goal) -> str:
    return reverse("staff_goal", args=[tenant.slug, goal.pk])


# Goals ---------------------------------------------------------------------------------------


@staff_view
def goal_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    roots = selectors_goals.goal_forest(tenant, public_only=False)
    return render(request, "followup/staff/goals.html", _context(request, tenant, roots=roots))


@staff_view
def goal_detail(request: HttpRequest, tenant: Tenant, goal_id: int) -> HttpResponse:
    goal = object_or_404(Goal, goal_id, tenant=tenant)
    node = selectors_goals.goal_node(tenant, goal.pk, public_only=False)
    history = list(history_of(goal).order_by("-at", "-id")[:200])
    return render(
        request, "followup/staff/goal.html", _context(request, tenant, goal=goal, node=node, history=history)
    )


@staff_view
def goal_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = GoalForm(form_data(request), tenant=tenant)
    return form_page(
        request,
        form,
        lambda: services_goals.goal_create(tenant=tenant, actor=request.user, **_fields(form)),
        success=lambda goal: _("Added the goal “%(title)s”.") % {"title": goal.title},
        next_url=lambda goal: goal_url(tenant, goal),
        template=FORM,
        context=_context(request, tenant, title=_("New goal"), submit=_("Add")),
    )


@staff_view
def goal_update(request: HttpRequest, tenant: Tenant, goal_id: int) -> HttpResponse:
    goal = object_or_404(Goal, goal_id, tenant=tenant)
    form = GoalForm(form_data(request), tenant=tenant, initial=GoalForm.initial_from(goal))
    return form_page(
        request,
        form,
        lambda: services_goals.goal_update(goal=goal, actor=request.user, **_fields(form)),
        success=lambda goal: _("Changed the goal “%(title)s”.") % {"title": goal.title},
        next_url=lambda goal: goal_url(tenant, goal),
        template=FORM,
        context=_context(
            request, tenant, title=_("Change the goal"), submit=_("Save"), cancel_url=goal_url(tenant, goal)
        ),
    )


def _fields(form: Any) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k != "once"}


@staff_view
def indicator_create(request: HttpRequest, tenant: Tenant, goal_id: int) -> HttpResponse:
    goal = object_or_404(Goal, goal_id, tenant=tenant)
    form = IndicatorForm(form_data(request), tenant=tenant)
    return form_page(
        request,
        form,
        lambda: services_goals.indicator_create(goal=goal, actor=request.user, **_fields(form)),
        success=lambda i: _("Added the indicator “%(name)s”.") % {"name": i.name},
        next_url=lambda i: goal_url(tenant, goal),
        template=FORM,
        context=_context(
            request, tenant, title=_("New indicator of “%(goal)s”") % {"goal": goal.title}, submit=_("Add")
        ),
    )


@staff_view
def indicator_update(request: HttpRequest, tenant: Tenant, indicator_id: int) -> HttpResponse:
    indicator = object_or_404(Indicator.objects.select_related("goal"), indicator_id, tenant=tenant)
    form = IndicatorForm(form_data(request), tenant=tenant, initial=IndicatorForm.initial_from(indicator))
    return form_page(
        request,
        form,
        lambda: services_goals.indicator_update(indicator=indicator, actor=request.user, **_fields(form)),
        success=lambda i: _("Changed the indicator “%(name)s”.") % {"name": i.name},
        next_url=lambda i: goal_url(tenant, indicator.goal),
        template=FORM,
        context=_context(request, tenant, title=_("Change the indicator"), submit=_("Save")),
    )


@staff_view
def target_set(request: HttpRequest, tenant: Tenant, indicator_id: int) -> HttpResponse:
    indicator = object_or_404(Indicator.objects.select_related("goal"), indicator_id, tenant=tenant)
    form = TargetForm(form_data(request), tenant=tenant)
    return form_page(
        request,
        form,
        lambda: services_goals.indicator_set_target(indicator=indicator, actor=request.user, **_fields(form)),
        success=lambda t: _("Set the target for %(year)s.") % {"year": t.year},
        next_url=lambda t: goal_url(tenant, indicator.goal),
        template=FORM,
        context=_context(
            request,
            tenant,
            title=_("Target value of “%(name)s”") % {"name": indicator.name},
            submit=_("Save"),
        ),
    )


@staff_view
def measurement_add(request: HttpRequest, tenant: Tenant, indicator_id: int) -> HttpResponse:
    indicator = object_or_404(Indicator.objects.select_related("goal"), indicator_id, tenant=tenant)
    form = MeasurementForm(form_data(request), tenant=tenant)
    return form_page(
        request,
        form,
        lambda: services_goals.measurement_record(indicator=indicator, actor=request.user, **_fields(form)),
        success=lambda m: _("Recorded the value of %(date)s.") % {"date": m.measured_on.isoformat()},
        next_url=lambda m: goal_url(tenant, indicator.goal),
        template=FORM,
        context=_context(
            request,
            tenant,
            title=_("Measured value of “%(name)s”") % {"name": indicator.name},
            submit=_("Record"),
        ),
    )


@staff_view
def measurement_import(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = MeasurementImportForm(form_data(request), request.FILES or None, tenant=tenant)
    return form_page(
        request,
        form,
        lambda: services_goals.measurements_import(
            tenant=tenant, actor=request.user, data=form.cleaned_data["csv_file"]
        ),
        success=lambda r: _("Imported %(count)s measured values.") % {"count": r.count},
        next_url=lambda r: goals_url(tenant),
        template=FORM,
        context=_context(
            request, tenant, title=_("Import measured values"), submit=_("Import"), multipart=True
        ),
    )


# Policy documents -----------------------------------------------------------------------------


def policies_url(tenant: Tenant) -> str:
    return reverse("staff_policies", args=[tenant.slug])


@staff_view
def policy_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    day = today()
    filters = PolicyFilterForm(request.GET or None)
    chosen: dict[str, Any] = {"kind": "", "status": "", "overdue": False}
    if filters.is_valid():
        chosen.update(filters.cleaned_data)
    documents = list(selectors_policies.register_list(tenant, day=day, **chosen))
    overdue = list(selectors_policies.overdue_reviews(tenant, day))
    return render(
        request,
        "followup/staff/policies.html",
        _context(request, tenant, filters=filters, documents=documents, overdue=overdue),
    )


@staff_view
def policy_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = PolicyForm(form_data(request), request.FILES or None, tenant=tenant)
    return form_page(
        request,
        form,
        lambda: services_policies.policy_create(tenant=tenant, actor=request.user, **form.service_kwargs()),
        success=lambda d: _("Registered the policy document “%(title)s”.") % {"title": d.title},
        next_url=lambda d: policies_url(tenant),
        template=FORM,
        context=_context(
            request, tenant, title=_("New policy document"), submit=_("Register"), multipart=True
        ),
    )


@staff_view
def policy_update(request: HttpRequest, tenant: Tenant, policy_id: int) -> HttpResponse:
    document = object_or_404(PolicyDocument, policy_id, tenant=tenant)
    initial = PolicyForm.initial_from(document)
    initial.pop("file", None)
    form = PolicyForm(form_data(request), request.FILES or None, tenant=tenant, initial=initial)
    return form_page(
        request,
        form,
        lambda: services_policies.policy_update(
            document=document, actor=request.user, **form.service_kwargs()
        ),
        success=lambda d: _("Changed the policy document “%(title)s”.") % {"title": d.title},
        next_url=lambda d: policies_url(tenant),
        template=FORM,
        context=_context(
            request,
            tenant,
            title=_("Change “%(title)s”") % {"title": document.title},
            submit=_("Save"),
            multipart=True,
            cancel_url=policies_url(tenant),
        ),
    )


# Oversight ------------------------------------------------------------------------------------


def oversight_url(tenant: Tenant) -> str:
    return reverse("staff_oversight", args=[tenant.slug])


@staff_view
def oversight(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    day = today()
    statuses = services_oversight.oversight_status(tenant, day)
    return render(
        request,
        "followup/staff/oversight.html",
        _context(request, tenant, statuses=statuses, overdue=services_oversight.overdue_list(statuses)),
    )


@staff_view
def expectation_add(request: HttpRequest, tenant: Tenant, oversight_id: int) -> HttpResponse:
    watched = object_or_404(Oversight.objects.select_related("overseen"), oversight_id, tenant=tenant)
    form = ExpectationForm(form_data(request), tenant=tenant)
    return form_page(
        request,
        form,
        lambda: services_oversight.expectation_create(oversight=watched, actor=request.user, **_fields(form)),
        success=lambda e: (
            _("Recorded what the board expects from “%(body)s”.") % {"body": watched.overseen.name}
        ),
        next_url=lambda e: oversight_url(tenant),
        template=FORM,
        context=_context(
            request,
            tenant,
            title=_("What the board expects from “%(body)s”") % {"body": watched.overseen.name},
            submit=_("Save"),
        ),
    )


@staff_view
def receipt_add(request: HttpRequest, tenant: Tenant, oversight_id: int) -> HttpResponse:
    watched = object_or_404(Oversight.objects.select_related("overseen"), oversight_id, tenant=tenant)
    form = ReceiptForm(form_data(request), tenant=tenant)
    if form.is_bound:
        form.fields["meeting"].queryset = form.fields["meeting"].queryset.filter(body=watched.overseen)

    def perform() -> Any:
        fields = _fields(form)
        number = fields.pop("record_number", "")
        record = None
        if number:
            record = Record.objects.filter(tenant=tenant, number=number).first()
            if record is None:
                from django.core.exceptions import ValidationError

                raise ValidationError({"record_number": _("No record in the register has this number.")})
        return services_oversight.receipt_record(
            oversight=watched, actor=request.user, record=record, **fields
        )

    return form_page(
        request,
        form,
        perform,
        success=lambda r: _("Recorded what was received from “%(body)s”.") % {"body": watched.overseen.name},
        next_url=lambda r: oversight_url(tenant),
        template=FORM,
        context=_context(
            request,
            tenant,
            title=_("Received from “%(body)s”") % {"body": watched.overseen.name},
            submit=_("Record"),
        ),
    )


# An assignment's goals --------------------------------------------------------------------------


def _linked_goal(tenant: Tenant, assignment: Assignment, goal_id: int) -> Goal:
    """The goal the assignment is linked to (perhaps a collaboration's, shared with the
    organisation), else one of the organisation's own goals; any other id is not found."""
    if 0 < goal_id <= MAX_ID:
        link = GoalAssignment.objects.filter(assignment=assignment, goal_id=goal_id).select_related(
            "goal__tenant"
        )
        if found := link.first():
            return found.goal
    return object_or_404(Goal.objects.select_related("tenant"), goal_id, tenant=tenant)


@staff_view
def goal_unlink(request: HttpRequest, tenant: Tenant, assignment_id: int, goal_id: int) -> HttpResponse:
    """Take the assignment off a goal it carries out: a button that confirms it."""
    assignment = object_or_404(Assignment.objects.select_related("tenant"), assignment_id, tenant=tenant)
    goal = _linked_goal(tenant, assignment, goal_id)
    back = reverse("staff_followup_assignment", args=[tenant.slug, assignment.pk]) + "#goals"
    can_edit = has_role(request.user, tenant, Role.EDITOR)
    # A reader sees a secret assignment by its reference only (OSL 5 kap. 5 §).
    title = assignment.reference if assignment.is_secret and not can_edit else assignment.title
    form = ConfirmForm(form_data(request), tenant=tenant)
    return form_page(
        request,
        form,
        lambda: services_goals.goal_unlink_assignment(assignment=assignment, goal=goal, actor=request.user),
        success=lambda _none: _("No longer linked to the goal “%(goal)s”.") % {"goal": goal.title},
        next_url=lambda _none: back,
        template=FORM,
        context=_context(
            request,
            tenant,
            title=_("Unlink from the goal “%(goal)s”: %(title)s") % {"goal": goal.title, "title": title},
            intro=_(
                "The assignment's progress will no longer count in the goal's. The link can be made again."
            ),
            submit=_("Unlink from the goal"),
            cancel_url=back,
        ),
    )
