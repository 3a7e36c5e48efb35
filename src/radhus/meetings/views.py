"""Public pages of meetings, no login: the notice board (anslagstavla), the approved minutes as
a page and a PDF, a feed of the notice board and each body's meeting plan as iCalendar. They
show minutes only through ``selectors.minutes_view(full=False)``, so nothing secret leaks."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from radhus.core import cache
from radhus.core.access import tenant_view
from radhus.core.models import Tenant
from radhus.meetings import calendars, documents, selectors
from radhus.organisation.models import Unit


@tenant_view()
def notice_board(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The notice board; its list is cached per organisation and day, made stale by any change
    (every approval and posting is audited, ``core.cache``)."""
    today = timezone.localdate()

    def draw() -> str:
        approvals, announcements = selectors.notice_board(tenant, today)
        return render_to_string(
            "meetings/_notice_board_list.html",
            {"tenant": tenant, "approvals": approvals, "announcements": announcements, "today": today},
        )

    board = SafeString(cache.cached(tenant.pk, "notice-board", [today], draw))
    return render(request, "meetings/notice_board.html", {"tenant": tenant, "board": board, "today": today})


def _minutes(tenant: Tenant, meeting_id: int) -> selectors.MinutesView:
    meeting = selectors.approved_meeting(tenant, meeting_id)
    if meeting is None:
        raise Http404
    return selectors.minutes_view(meeting, full=False)


@tenant_view()
def minutes(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    view = _minutes(tenant, meeting_id)
    return render(request, "meetings/minutes.html", {"tenant": tenant, "m": view})


@tenant_view()
def minutes_pdf(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    """The public minutes as a PDF, kept in the cache between changes (``documents.minutes_pdf``);
    the worker makes it when the minutes or a paragraph are approved and posted, so the first
    visitor does not wait for WeasyPrint."""
    meeting = selectors.approved_meeting(tenant, meeting_id)
    if meeting is None:
        raise Http404
    response = HttpResponse(documents.minutes_pdf(tenant.pk, meeting), content_type="application/pdf")
    name = f"protokoll-{meeting.body.slug}-{meeting.date.isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


class NoticeBoardFeed(Feed):
    """The notice board as an Atom feed: each approval with its last day to appeal."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, tenant: str) -> Tenant:  # type: ignore[override]
        return get_object_or_404(Tenant, slug=tenant)

    def title(self, obj: Tenant) -> str:
        return _("Notice board of %(name)s") % {"name": obj.name}

    def link(self, obj: Tenant) -> str:
        return reverse("meetings_notice_board", args=[obj.slug])

    def subtitle(self, obj: Tenant) -> str:
        return _("Approved minutes and announced meetings.")

    def items(self, obj: Tenant) -> list[selectors.BoardNotice]:
        approvals, announcements = selectors.notice_board(obj, timezone.localdate())
        return approvals + announcements

    def item_title(self, item: selectors.BoardNotice) -> str:
        title = f"{item.meeting.body.name} {item.meeting.date.isoformat()}: {item.posting.get_kind_display()}"
        return f"{title}, § {item.paragraph_number}" if item.paragraph_number else title

    def item_description(self, item: selectors.BoardNotice) -> str:
        parts = [_("Posted %(day)s.") % {"day": item.posting.posted_on.isoformat()}]
        if item.appeal_last_day:
            parts.append(_("Last day to appeal: %(day)s.") % {"day": item.appeal_last_day.isoformat()})
        return " ".join(parts)

    def item_link(self, item: selectors.BoardNotice) -> str:
        if item.posting.kind == "approval":
            return reverse("meetings_minutes", args=[item.posting.tenant.slug, item.meeting.pk])
        if item.paragraph_number:
            minutes = reverse("meetings_minutes", args=[item.posting.tenant.slug, item.meeting.pk])
            return f"{minutes}#p{item.paragraph_number}"
        return reverse("meetings_notice_board", args=[item.posting.tenant.slug]) + f"#m{item.meeting.pk}"

    def item_guid(self, item: selectors.BoardNotice) -> str:
        return f"posting-{item.posting.pk}"

    def item_pubdate(self, item: selectors.BoardNotice) -> dt.datetime:
        return dt.datetime.combine(item.posting.posted_on, dt.time(), tzinfo=dt.UTC)


@tenant_view()
def meeting_plans(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The organisation's bodies that meet, each linking to its yearly plan."""
    bodies = selectors.bodies_that_meet(tenant)
    return render(request, "meetings/plans.html", {"tenant": tenant, "bodies": bodies})


@tenant_view()
def meeting_plan(request: HttpRequest, tenant: Tenant, unit: str) -> HttpResponse:
    """A body's meetings in a year (``?ar=2027``; this year by default): date, time, place,
    whether it is cancelled, and its notice and minutes once they exist."""
    body = get_object_or_404(Unit, tenant=tenant, slug=unit)
    today = timezone.localdate()
    asked = request.GET.get("ar", "")
    year, refused = today.year, ""
    if asked:
        if asked.isascii() and asked.isdigit() and dt.MINYEAR <= int(asked[:5]) <= dt.MAXYEAR:
            year = int(asked)
        else:
            refused = asked
    years = selectors.plan_years(tenant, body)
    context = {
        "tenant": tenant,
        "body": body,
        "year": year,
        "refused": refused,
        "plan": selectors.yearly_plan(tenant, body, year),
        "earlier": max((y for y in years if y < year), default=None),
        "later": min((y for y in years if y > year), default=None),
        "today": today,
    }
    return render(request, "meetings/plan.html", context, status=400 if refused else 200)


@tenant_view()
def body_calendar(request: HttpRequest, tenant: Tenant, unit: str) -> HttpResponse:
    """A body's meeting plan as iCalendar (RFC 5545), built with `icalendar`; cached per
    organisation and day, made stale by any change (``core.cache``). It covers the meetings
    of the last twelve months and every meeting planned ahead (``calendars.window_start``)."""
    body = get_object_or_404(Unit, tenant=tenant, slug=unit)
    today = timezone.localdate()

    def make() -> bytes:
        meetings = selectors.plan_of(body, tenant, calendars.window_start(today))
        return calendars.build_calendar(f"{body.name} – {tenant.name}", ((m, []) for m in meetings))

    ical = cache.cached(tenant.pk, "body-calendar", [body.pk, today], make)
    response = HttpResponse(ical, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{body.slug}.ics"'
    return response
