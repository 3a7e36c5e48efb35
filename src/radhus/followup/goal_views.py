"""Public pages of goals and policy documents, no login: the goal tree with its progress, one
page per goal with its indicators as charts and tables, and the policy documents in force.
Only published goals are shown (``public_only``), and nothing under an unpublished one."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from radhus.core.access import tenant_view
from radhus.core.models import Tenant
from radhus.core.selectors import today
from radhus.followup import selectors_goals, selectors_policies
from radhus.followup.charts import indicator_charts


@tenant_view()
def goal_tree(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    roots = selectors_goals.goal_forest(tenant, public_only=True)
    return render(request, "followup/goal_tree.html", {"tenant": tenant, "roots": roots})


@tenant_view()
def goal_detail(request: HttpRequest, tenant: Tenant, goal_id: int) -> HttpResponse:
    node = selectors_goals.goal_node(tenant, goal_id, public_only=True)
    if node is None:
        raise Http404
    charts = [(view, indicator_charts(view)) for view in node.indicators]
    return render(request, "followup/goal_detail.html", {"tenant": tenant, "node": node, "charts": charts})


@tenant_view()
def policy_documents(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    day = today()
    documents = selectors_policies.in_force(tenant, day)
    return render(
        request, "followup/policy_documents.html", {"tenant": tenant, "documents": documents, "today": day}
    )
