"""Public views: thin; they parse the request and render a selector's result. No login, and
nothing that is not public (hidden contact points, protected people)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from radhus.core import cache, lookup
from radhus.core.access import has_role, tenant_view
from radhus.core.dates import parse_date
from radhus.core.models import Role, Tenant
from radhus.core.selectors import today
from radhus.organisation import selectors
from radhus.organisation.models import Person, Unit
from radhus.organisation.templatetags.public_pages import unit_tree

DATE_PARAM = "datum"
MAX_QUERY_LENGTH = 200


@dataclass
class AsOf:
    """The date a page is shown as of: ``?datum=YYYY-MM-DD``, else today. A date that cannot be
    read, or lies outside the registry's range, shows today with ``error`` saying why."""

    on: dt.date
    today: dt.date
    given: bool  # a valid date was asked for
    error: str  # why the date asked for was not used

    @property
    def query(self) -> str:
        """The query string that keeps the date on links to other pages."""
        return f"?{DATE_PARAM}={self.on.isoformat()}" if self.given else ""

    @property
    def is_today(self) -> bool:
        return self.on == self.today


def as_of(request: HttpRequest) -> AsOf:
    raw = request.GET.get(DATE_PARAM, "")
    now = today()
    if not raw.strip():
        return AsOf(now, now, False, "")
    try:
        on = parse_date(raw)
    except ValidationError as exc:
        return AsOf(now, now, False, exc.messages[0])
    return AsOf(on, now, True, "")


def date_or_400(request: HttpRequest) -> dt.date | HttpResponse:
    """The date a file is made as of. A file cannot carry a notice, so a bad ``?datum=`` is
    answered 400 with the reason in plain text instead of silently giving today's file."""
    when = as_of(request)
    if when.error:
        return HttpResponseBadRequest(when.error, content_type="text/plain; charset=utf-8")
    return when.on


# A start page draws at most this many units: whole levels from the top, as many as fit (at
# least the top level); deeper units open on demand. A typical municipality fits whole.
TREE_BUDGET = 400


def _tree_html(tenant: Tenant, forest: list[selectors.TreeNode], query: str, levels: int | None) -> str:
    return str(unit_tree(forest, tenant, query, levels)) if forest else ""


@tenant_view()
def tenant_home(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The organisation as a tree, as of a date: a big one its top levels, opening on demand.
    The drawn tree is cached per organisation, date and language until the next change."""
    when = as_of(request)

    def draw() -> str:
        tree = selectors.tree_top_as_of(tenant, when.on, TREE_BUDGET)
        return _tree_html(tenant, tree.forest, when.query, tree.levels)

    # Kept in the process until an organisation or a membership changes (both bump TENANTS).
    members, collaborations = cache.remembered(
        cache.TENANTS,
        ("collaboration-links", tenant.pk, when.on),
        lambda: selectors.collaboration_links(tenant, when.on),
    )
    context = {
        "tenant": tenant,
        "as_of": when,
        "tree_html": SafeString(cache.cached(tenant.pk, "start-tree", [when.on, when.query], draw)),
        "members": members,
        "collaborations": collaborations,
    }
    return render(request, "organisation/tenant_home.html", context)


@tenant_view()
def unit_tree_children(request: HttpRequest, tenant: Tenant, unit: str) -> HttpResponse:
    """The units directly under a unit as of the date, as a fragment of the start page's tree
    (each with its own sub-units on demand). Without JavaScript the tree links to the unit's
    page instead, which lists the same units."""
    pk, read = lookup.id_by_slug(Unit.objects.all(), unit, tenant=tenant)
    if pk is None:
        raise Http404
    when = as_of(request)

    def draw() -> str | None:
        found = read if read is not None else get_object_or_404(lookup.scoped(Unit, tenant), pk=pk)
        children = selectors.children_as_nodes(found, when.on)
        return None if children is None else _tree_html(tenant, children, when.query, 1) or ""

    html = cache.cached(tenant.pk, "tree-children", [pk, when.on, when.query], draw)
    if html is None:
        raise Http404
    return HttpResponse(html)


# Built once: a queryset with subqueries costs more to put together than a page served from the
# cache costs in all (each request clones it).
_PAGE_UNITS = selectors.with_page_sections(
    Unit.objects.select_related("tenant", "responsible_body", "page_owner")
)
_PAGE_PEOPLE = selectors.with_seat_flag(Person.objects.select_related("party", "tenant"))


@tenant_view()
def unit_detail(request: HttpRequest, tenant: Tenant, unit: str) -> HttpResponse:
    """The unit's public page. What it shows is cached per organisation, unit, date and
    language until the next change (in this organisation, or in one whose people it shows)."""
    # The unit's id, kept in the process until the organisation changes: a page served from
    # the cache reads nothing from the database to find it.
    pk, read = lookup.id_by_slug(_PAGE_UNITS, unit, tenant=tenant)
    if pk is None:
        raise Http404
    when = as_of(request)

    def draw() -> tuple[tuple[str, str], set[int]]:
        found = read if read is not None else get_object_or_404(lookup.scoped(_PAGE_UNITS, tenant), pk=pk)
        public = selectors.public_unit_page(found, when.on, when.today)
        context = {
            "tenant": tenant,
            "as_of": when,
            "unit": found,
            "public": public,
            "page": public.page,
            "contact_route": selectors.fallback_contact_route(public.page),
        }
        # Without the request's context processors (the frame's notices are the page's, not
        # the fragment's): only the address is needed.
        html = render_to_string("organisation/_unit_detail_content.html", {**context, "request": request})
        return (found.name, html), selectors.tenants_shown(public)

    parts = [pk, request.path, when.on, when.today, when.query]
    title, html = cache.cached_across(tenant.pk, "unit-page", parts, draw)
    return render(
        request,
        "organisation/unit_detail.html",
        {"tenant": tenant, "as_of": when, "title": title, "content": SafeString(html)},
    )


@tenant_view()
def unit_history(request: HttpRequest, tenant: Tenant, unit: str) -> HttpResponse:
    """Reorganisations and the audit trail. The public sees what changed and when; only a user
    with a role in this organisation sees who made the change. Being a public page, it tells
    nothing that is not public, to staff either (they have the editing pages for that)."""
    found = get_object_or_404(Unit, tenant=tenant, slug=unit)
    when = as_of(request)
    staff = has_role(request.user, tenant, Role.READER)
    around = selectors.neighbourhood_as_of(found, when.today)  # puts ``found`` as of today too
    context = {
        "tenant": tenant,
        "as_of": when,
        "unit": found,
        "ancestors": around.ancestors,
        "reorganisations": selectors.unit_reorganisations(found, when.today),
        "events": selectors.dated_history(selectors.unit_history(found, public_only=True)),
        "show_actor": staff,
    }
    return render(request, "organisation/unit_history.html", context)


@tenant_view()
def person_detail(request: HttpRequest, tenant: Tenant, person: str) -> HttpResponse:
    found = get_object_or_404(_PAGE_PEOPLE, tenant=tenant, slug=person)
    if not found.is_public:
        raise Http404
    when = as_of(request)
    return render(
        request,
        "organisation/person_detail.html",
        {"tenant": tenant, "as_of": when, "person": found, "page": selectors.person_page(found, when.on)},
    )


@tenant_view()
def search(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    # NUL is dropped: no name holds one, and PostgreSQL refuses it in a query.
    query = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]
    when = as_of(request)
    results = selectors.search(tenant, query, when.on) if query else None
    return render(
        request,
        "organisation/search.html",
        {"tenant": tenant, "as_of": when, "query": query, "results": results},
    )
