"""Pages of the case register's search, the public's question form (S3.5) and the staff's work
lists. Thin: the services and selectors do the work."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from radhus.core.access import has_role, tenant_view
from radhus.core.models import Role, Tenant
from radhus.core.staff import staff_view
from radhus.core.validators import EARLIEST_DATE, LATEST_DATE
from radhus.diarium import public_form, search, services, worklists
from radhus.diarium.models import Case, Classification, PublicForm, Series, Status
from radhus.diarium.search import Filters
from radhus.organisation.models import Person

MAX_PAGE = 1000
MAX_INT = 2**31 - 1


def small_int(raw: str | None, *, low: int = 1, high: int = MAX_INT) -> int | None:
    """A number from a query string, or None for anything else (text, huge, negative)."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
        return None
    value = int(raw)
    return value if low <= value <= high else None


def filters_from(params: dict[str, str] | object) -> Filters:
    get = params.get  # type: ignore[attr-defined]
    status = (get("status") or "").strip()
    return Filters(
        body=small_int(get("organ")),
        year=small_int(get("ar"), low=1800, high=2200),
        status=status if status in Status.values else None,
        classification=small_int(get("klass")),
        officer=small_int(get("handlaggare")),
    )


def clean_query(raw: str) -> str:
    return " ".join((raw or "").replace("\x00", " ").split())[: search.MAX_QUERY_LENGTH]


@tenant_view()
def search_page(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Search the register: the public searches what is public; registrars and officers (who may
    read secrets) search everything."""
    query = clean_query(request.GET.get("q", ""))
    filters = filters_from(request.GET)
    page = small_int(request.GET.get("sida"), high=MAX_PAGE) or 1
    asked = bool(query) or any(v is not None for v in vars(filters).values())
    secrets = services.may_see_secrets(request.user, tenant)
    results = None
    if asked:
        results = search.search_cases(
            tenant=tenant,
            query=query,
            secrets=secrets,
            filters=filters,
            limit=search.PAGE_SIZE,
            offset=(page - 1) * search.PAGE_SIZE,
        )
    # The officers who have cases: one probe of the (officer, status) index each, not a scan of cases.
    officers = (
        Person.objects.filter(tenant=tenant)
        .filter(Exists(Case.objects.filter(officer=OuterRef("pk"))))
        .order_by("last_name", "first_name")
    )
    if not secrets:
        officers = officers.filter(is_public=True)
    context = {
        "tenant": tenant,
        # Each hit links to its case: the staff page for those who may open it (a role in the
        # organisation), the public page for everybody else.
        "case_link": "staff_diarium_case" if has_role(request.user, tenant, Role.READER) else "diarium_case",
        "search_query": query,
        "filters": filters,
        "results": results,
        "secrets": secrets,
        "page": page,
        "bodies": Series.objects.filter(tenant=tenant).select_related("body").order_by("code"),
        "classes": Classification.objects.filter(tenant=tenant).order_by("code")[:500],
        "officers": officers[:500],
        "statuses": Status.choices,
        "years": range(timezone.localdate().year, timezone.localdate().year - 15, -1),
    }
    return render(request, "diarium/search/search.html", context)


@tenant_view()
def question_form(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The public's questions and ideas (S3.5): no login; throttled, with a honeypot."""
    settings = PublicForm.objects.filter(tenant=tenant, is_open=True).first()
    if settings is None:
        raise Http404
    form = public_form.QuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        address = request.META.get("REMOTE_ADDR", "") or ""
        if public_form.throttled(tenant, address):
            form.is_valid()
            form.add_error(
                None, _("Too many messages have been sent from your address. Try again in an hour.")
            )
            return render(
                request,
                "diarium/public_form/form.html",
                {"tenant": tenant, "form": form, "settings": settings},
                status=429,
            )
        if form.is_valid():
            thanks = reverse("diarium_question_thanks", kwargs={"tenant": tenant.slug})
            if form.cleaned_data.get(public_form.HONEYPOT):
                return redirect(thanks)  # a robot: thanked, nothing registered
            data = form.cleaned_data
            try:
                case = public_form.submit(
                    tenant=tenant,
                    kind=data["kind"],
                    subject=data["subject"],
                    message=data["message"],
                    name=data["name"],
                    email=data["email"],
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                request.session["diarium_receipt"] = case.number
                return redirect(thanks)
    return render(
        request, "diarium/public_form/form.html", {"tenant": tenant, "form": form, "settings": settings}
    )


@tenant_view()
def question_thanks(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    number = request.session.pop("diarium_receipt", None)
    return render(request, "diarium/public_form/thanks.html", {"tenant": tenant, "number": number})


@staff_view
def work_lists(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The staff's work lists: my cases, my unit's cases, my watches, overdue referrals, the
    backlog and the motions to report to the council (KL 5 kap. 35 §)."""
    today = timezone.localdate()
    raw = request.GET.get("datum", "")
    try:
        on = dt.date.fromisoformat(raw) if raw else today
    except ValueError:
        on = today
    if not EARLIEST_DATE <= on <= LATEST_DATE:
        on = today
    context = {
        "tenant": tenant,
        "today": on,
        "link": worklists.officer_link(tenant, request.user),
        # A reader sees the lists but not what secrecy hides (OSL 5 kap. 5 §).
        "secrets": services.may_see_secrets(request.user, tenant),
        "my_cases": worklists.my_cases(tenant, request.user)[:200],
        "unit_cases": worklists.unit_cases(tenant, request.user)[:200],
        "watches": worklists.my_watches(tenant, request.user)[:200],
        "overdue": worklists.overdue_referrals(tenant, on)[:200],
        "council": worklists.council_report(tenant, on)[:200],
        "backlog": worklists.backlog(tenant)[:500],
    }
    if not context["link"]:
        messages.info(request, _("You are not linked to a person of the registry: ask an administrator."))
    return render(request, "diarium/worklists/lists.html", context)
