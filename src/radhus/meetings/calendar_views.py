"""Calendars of meetings: a body's plan and a person's meetings (public, no login), a user's
private feed at a secret address, and the making and stopping of that address (logged in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from radhus.core import cache
from radhus.core.access import tenant_view
from radhus.core.models import Tenant
from radhus.meetings import calendars, services_calendar
from radhus.organisation.models import Person


def _ics(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


@tenant_view()
def person_calendar(request: HttpRequest, tenant: Tenant, person: str) -> HttpResponse:
    """The meetings of political bodies a person is called to. A protected person (not shown
    publicly in the registry) has no public calendar: 404, as for their page."""
    found = get_object_or_404(Person, tenant=tenant, slug=person)
    if not found.is_public:
        raise Http404
    today = timezone.localdate()

    def make() -> tuple[bytes, list[int]]:
        called = calendars.person_meetings([found], today, public_only=True)
        ical = calendars.build_calendar(
            f"{found.name} – {tenant.name}", [(c.meeting, c.roles) for c in called]
        )
        return ical, [c.meeting.tenant_id for c in called]

    # Cached per day; stale after any change in the person's organisation or in another whose
    # meetings the feed shows (a joint body's).
    body = cache.cached_across(tenant.pk, "person-calendar", [found.pk, today], make)
    return _ics(body, f"{found.slug}-sammantraden")


@never_cache
def private_calendar(request: HttpRequest, key: str) -> HttpResponse:
    """Every meeting the user's people are called to, read with the secret key in the address
    (a calendar program cannot log in). An unknown or stopped key answers 404."""
    user = services_calendar.user_for_key(key)
    if user is None:
        raise Http404
    called = calendars.person_meetings(
        services_calendar.people_of(user), timezone.localdate(), public_only=False
    )
    body = calendars.build_calendar(_("My meetings"), [(c.meeting, c.roles) for c in called])
    response = _ics(body, "mina-sammantraden")
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_create(request: HttpRequest) -> HttpResponse:
    """GET asks for a confirmation; POST makes the address and shows it, once."""
    if request.method == "GET":
        return render(request, "meetings/calendar_feed_confirm.html", {"stop": False})
    _feed, key = services_calendar.calendar_feed_create(user=request.user, actor=request.user)
    url = request.build_absolute_uri(reverse("meetings_private_calendar", args=[key]))
    return render(request, "meetings/calendar_feed_created.html", {"url": url})


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_revoke(request: HttpRequest) -> HttpResponse:
    """GET asks for a confirmation; POST stops the address."""
    if request.method == "GET":
        return render(request, "meetings/calendar_feed_confirm.html", {"stop": True})
    if services_calendar.calendar_feed_revoke(user=request.user, actor=request.user):
        messages.success(request, _("The calendar address is stopped and no longer works."))
    return redirect(reverse("account") + "#kalender")
