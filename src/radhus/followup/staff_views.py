"""The follow-up's staff pages under ``/<org>/redigera/uppfoljning/``: the director's page of
what is late and due soon (S4.5, S4.7), an assignment with its progress and history, and the
forms that make, report on, complete and cancel assignments and report deviations. A reader of
the organisation may look; an editor may change (``core.staff``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from radhus.core.access import has_role
from radhus.core.models import Role, Tenant
from radhus.core.selectors import today
from radhus.core.staff import form_data, form_page, object_or_404, staff_view, step_view
from radhus.followup import selectors, selectors_goals, services, services_goals
from radhus.followup.forms import (
    AssignmentForm,
    CancelForm,
    CompleteForm,
    ConfirmForm,
    DeviationDecisionForm,
    DeviationForm,
    ProgressForm,
    SourceAssignmentForm,
)
from radhus.followup.forms_goals import GoalLinkForm
from radhus.followup.models import Assignment, Deviation, Goal
from radhus.meetings.models import Decision

# How far ahead the director's page looks for what is due soon.
DUE_SOON_DAYS = 30
LIST_LIMIT = 200

ASSIGNMENTS = Assignment.objects.select_related(
    "tenant",
    "body",
    "case",
    "decision__paragraph__meeting",
    "assignee_unit",
    "assignee_post",
    "assignee_person",
)


def _context(request: HttpRequest, tenant: Tenant, **extra: Any) -> dict[str, Any]:
    return {
        "tenant": tenant,
        "can_edit": has_role(request.user, tenant, Role.EDITOR),
        "today": today(),
        **extra,
    }


def _shown_title(request: HttpRequest, tenant: Tenant, assignment: Assignment) -> str:
    """The title, or for a reader of a secret assignment its reference (OSL 5 kap. 5 §)."""
    if assignment.is_secret and not has_role(request.user, tenant, Role.EDITOR):
        return assignment.reference
    return assignment.title


def assignment_url(assignment: Assignment) -> str:
    return reverse(
        "staff_followup_assignment", kwargs={"tenant": assignment.tenant.slug, "assignment_id": assignment.pk}
    )


@staff_view
def overview(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """What is late (and whether it has its deviation), what is due within 30 days, and the
    deviations waiting for an agenda."""
    on = today()
    late = list(selectors.late(tenant, on)[:LIST_LIMIT])
    without = set(selectors.late_without_deviation(tenant, on).values_list("pk", flat=True))
    rows = [(a, (on - a.due_on).days, a.pk in without) for a in late]
    return render(
        request,
        "followup/staff/overview.html",
        _context(
            request,
            tenant,
            late=rows,
            late_without=len(without),
            due_soon=list(selectors.due_soon(tenant, on, DUE_SOON_DAYS)[:LIST_LIMIT]),
            due_soon_days=DUE_SOON_DAYS,
            waiting=list(selectors.waiting_deviations(tenant)[:LIST_LIMIT]),
            recent=list(selectors.assignments(tenant).order_by("-created_at", "-id")[:20]),
        ),
    )


@staff_view
def decisions(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The organisation's decisions that no assignment has been made from yet."""
    return render(
        request,
        "followup/staff/decisions.html",
        _context(
            request, tenant, decisions=list(selectors.decisions_without_assignments(tenant)[:LIST_LIMIT])
        ),
    )


@staff_view
def assignment_detail(request: HttpRequest, tenant: Tenant, assignment_id: int) -> HttpResponse:
    assignment = object_or_404(ASSIGNMENTS, assignment_id, tenant=tenant)
    on = today()
    return render(
        request,
        "followup/staff/assignment.html",
        _context(
            request,
            tenant,
            assignment=assignment,
            # What a secrecy marking hides is read by editors only (OSL 5 kap. 5 §), as in the
            # case register.
            hidden=assignment.is_secret and not has_role(request.user, tenant, Role.EDITOR),
            late=assignment.is_late_on(on),
            days_late=(on - assignment.due_on).days,
            reports=list(assignment.progress_reports.all()),
            deviations=list(assignment.deviations.select_related("agenda_item__meeting", "decision")),
            history=selectors.history(assignment),
            goal_links=list(assignment.goal_links.select_related("goal__tenant").order_by("goal__title")),
            goal_form=_goal_form(request, tenant) if has_role(request.user, tenant, Role.EDITOR) else None,
        ),
    )


def _goal_choices(tenant: Tenant) -> list[tuple[Goal, int]]:
    """The goals of the organisation's trees and of those its collaborations share with it,
    in tree order, each with its depth."""
    found: list[tuple[Goal, int]] = []

    def walk(node: selectors_goals.GoalNode, depth: int) -> None:
        found.append((node.goal, depth))
        for child in node.children:
            walk(child, depth + 1)

    for root in selectors_goals.goal_forest(tenant, public_only=False):
        walk(root, 0)
    return found


def _goal_form(request: HttpRequest, tenant: Tenant, data: Any = None) -> GoalLinkForm:
    return GoalLinkForm(data, tenant=tenant, goals=_goal_choices(tenant), auto_id="goal_%s")


@staff_view
def link_goal(request: HttpRequest, tenant: Tenant, assignment_id: int) -> HttpResponse:
    """Link the assignment to the goal it carries out; its progress then counts in the goal's."""
    assignment = object_or_404(ASSIGNMENTS, assignment_id, tenant=tenant)
    form = _goal_form(request, tenant, form_data(request))
    return form_page(
        request,
        form,
        lambda: services_goals.goal_link_assignment(
            goal=form.cleaned_data["goal"],
            assignment=assignment,
            actor=request.user,
            weight=form.cleaned_data["weight"],
        ),
        success=lambda link: _("Linked to the goal “%(goal)s”.") % {"goal": link.goal.title},
        next_url=lambda _link: assignment_url(assignment),
        template="followup/staff/form.html",
        context=_context(
            request,
            tenant,
            assignment=assignment,
            title=_("Link to a goal: %(title)s") % {"title": _shown_title(request, tenant, assignment)},
            submit=_("Link to the goal"),
            cancel_url=assignment_url(assignment),
        ),
    )


def _create_page(
    request: HttpRequest, tenant: Tenant, form: Any, perform: Callable[[], Assignment], **ctx: Any
) -> HttpResponse:
    return form_page(
        request,
        form,
        perform,
        success=lambda a: _("Made the assignment “%(title)s”.") % {"title": a.title},
        next_url=assignment_url,
        template="followup/staff/form.html",
        context=_context(request, tenant, submit=_("Make the assignment"), **ctx),
    )


@staff_view
def assignment_create(request: HttpRequest, tenant: Tenant, decision_id: int) -> HttpResponse:
    decision = object_or_404(Decision.objects.select_related("paragraph", "case"), decision_id, tenant=tenant)
    form = AssignmentForm(form_data(request), tenant=tenant)
    return _create_page(
        request,
        tenant,
        form,
        lambda: services.assignment_create(decision=decision, actor=request.user, **form.cleaned_data),
        title=_("New assignment from %(reference)s") % {"reference": decision.reference},
        intro=decision.text,
        cancel_url=reverse("staff_followup_decisions", kwargs={"tenant": tenant.slug}),
    )


@staff_view
def assignment_create_from_source(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = SourceAssignmentForm(form_data(request), tenant=tenant)
    return _create_page(
        request,
        tenant,
        form,
        lambda: services.assignment_create_from_source(
            tenant=tenant, actor=request.user, **form.cleaned_data
        ),
        title=_("New assignment from another decision"),
        intro=_(
            "A delegated decision, a decision of the chief's management group or of a collaboration's group."
        ),
        cancel_url=reverse("staff_followup", kwargs={"tenant": tenant.slug}),
    )


def _action_page(
    request: HttpRequest,
    tenant: Tenant,
    assignment_id: int,
    form_class: type,
    call: Callable[[Assignment, dict[str, Any]], Any],
    *,
    title: str,
    submit: str,
    success: str,
) -> HttpResponse:
    return step_view(
        request,
        tenant,
        ASSIGNMENTS,
        assignment_id,
        form=lambda _assignment: form_class(form_data(request), tenant=tenant),
        perform=lambda assignment, form: call(assignment, form.cleaned_data),
        success=lambda _assignment, _result: success,
        back=assignment_url,
        template="followup/staff/form.html",
        context=lambda assignment: _context(
            request,
            tenant,
            assignment=assignment,
            title=f"{title}: {_shown_title(request, tenant, assignment)}",
            submit=submit,
        ),
    )


@staff_view
def progress(request: HttpRequest, tenant: Tenant, assignment_id: int) -> HttpResponse:
    return _action_page(
        request,
        tenant,
        assignment_id,
        ProgressForm,
        lambda a, data: services.progress_report(assignment=a, actor=request.user, **data),
        title=_("Report progress"),
        submit=_("Report"),
        success=_("Progress reported."),
    )


@staff_view
def complete(request: HttpRequest, tenant: Tenant, assignment_id: int) -> HttpResponse:
    return _action_page(
        request,
        tenant,
        assignment_id,
        CompleteForm,
        lambda a, data: services.assignment_complete(assignment=a, actor=request.user, **data),
        title=_("Mark as done"),
        submit=_("Mark as done"),
        success=_("The assignment is done."),
    )


@staff_view
def cancel(request: HttpRequest, tenant: Tenant, assignment_id: int) -> HttpResponse:
    return _action_page(
        request,
        tenant,
        assignment_id,
        CancelForm,
        lambda a, data: services.assignment_cancel(assignment=a, actor=request.user, **data),
        title=_("Cancel the assignment"),
        submit=_("Cancel the assignment"),
        success=_("The assignment is cancelled."),
    )


@staff_view
def reassign(request: HttpRequest, tenant: Tenant, assignment_id: int) -> HttpResponse:
    from radhus.followup.forms import AssigneeForm

    return _action_page(
        request,
        tenant,
        assignment_id,
        AssigneeForm,
        lambda a, data: services.assignment_reassign(assignment=a, actor=request.user, **data),
        title=_("Hand over"),
        submit=_("Hand over"),
        success=_("The assignment is handed over."),
    )


@staff_view
def deviation(request: HttpRequest, tenant: Tenant, assignment_id: int) -> HttpResponse:
    def report(a: Assignment, data: dict[str, Any]) -> Deviation:
        return services.deviation_report(assignment=a, actor=request.user, **data)

    return _action_page(
        request,
        tenant,
        assignment_id,
        DeviationForm,
        report,
        title=_("Report a deviation"),
        submit=_("Report the deviation"),
        success=_("The deviation is reported. It goes on the deciding body's next agenda."),
    )


@staff_view
def deviation_agenda(request: HttpRequest, tenant: Tenant, deviation_id: int) -> HttpResponse:
    found = object_or_404(Deviation.objects.select_related("assignment__tenant"), deviation_id, tenant=tenant)
    form = ConfirmForm(form_data(request), tenant=tenant)
    return form_page(
        request,
        form,
        lambda: services.deviation_put_on_agenda(deviation=found, actor=request.user),
        success=lambda d: _("Put on the agenda of %(meeting)s.") % {"meeting": d.agenda_item.meeting},
        next_url=lambda d: assignment_url(found.assignment),
        template="followup/staff/form.html",
        context=_context(
            request,
            tenant,
            title=_("Put the deviation on the next agenda: %(title)s")
            % {"title": _shown_title(request, tenant, found.assignment)},
            intro=_(
                "The deciding body's next planned meeting after the report takes it as an item for decision."
            ),
            submit=_("Put on the agenda"),
            cancel_url=assignment_url(found.assignment),
        ),
    )


@staff_view
def deviation_decision(request: HttpRequest, tenant: Tenant, deviation_id: int) -> HttpResponse:
    """Record the deciding body's decision on a deviation; an adopted new due date moves it."""
    found = object_or_404(Deviation.objects.select_related("assignment__tenant"), deviation_id, tenant=tenant)
    form = DeviationDecisionForm(form_data(request), tenant=tenant)
    return form_page(
        request,
        form,
        lambda: services.deviation_decide(deviation=found, actor=request.user, **form.cleaned_data),
        success=lambda d: _("The decision on the deviation is recorded."),
        next_url=lambda d: assignment_url(found.assignment),
        template="followup/staff/form.html",
        context=_context(
            request,
            tenant,
            title=_("The decision on the deviation: %(title)s")
            % {"title": _shown_title(request, tenant, found.assignment)},
            submit=_("Record the decision"),
            cancel_url=assignment_url(found.assignment),
        ),
    )
