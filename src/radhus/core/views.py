"""Site-wide public pages: the list of organisations and the accessibility statement."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from radhus.core.forms import AccessibilityReportForm
from radhus.core.models import Tenant

# When the statement was last assessed and updated: the statement must say both (DIGG's
# regulations on its content under lag (2018:1937) om tillgänglighet till digital offentlig service).
STATEMENT_ASSESSED = dt.date(2026, 11, 23)
STATEMENT_UPDATED = dt.date(2026, 11, 23)
# DIGG, the supervisory authority under lag (2018:1937), takes complaints here (paragraph to check).
DIGG_COMPLAINT_URL = "https://www.digg.se/tdosanmalan"


def home(request: HttpRequest) -> HttpResponse:
    tenants = list(Tenant.objects.order_by("name"))
    return render(
        request,
        "core/home.html",
        {
            "municipalities": [t for t in tenants if t.kind == Tenant.Kind.MUNICIPALITY],
            "collaborations": [t for t in tenants if t.kind == Tenant.Kind.COLLABORATION],
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement with its function for reporting problems: lag (2018:1937) om
    tillgänglighet till digital offentlig service, and complaints to DIGG, the supervisory
    authority (the paragraphs are still to be checked against the text of the law)."""
    if request.method == "POST":
        form = AccessibilityReportForm(request.POST)
        if form.is_valid():
            form.save()
            messages.success(request, _("Thank you! We have received your report and will look into it."))
            # To the top of the content, where the message is shown (the form posts to “#rapportera”,
            # which the browser would otherwise keep).
            return redirect(reverse("accessibility") + "#main")
    else:
        form = AccessibilityReportForm(initial={"page_url": request.GET.get("sida", "")[:500]})
    return render(
        request,
        "core/accessibility.html",
        {
            "form": form,
            "assessed": STATEMENT_ASSESSED,
            "updated": STATEMENT_UPDATED,
            "digg_url": DIGG_COMPLAINT_URL,
            "contact_email": settings.RADHUS_ACCESSIBILITY_CONTACT,
            "tenants": Tenant.objects.order_by("name"),
        },
    )


FAVICON = Path(__file__).resolve().parent / "static" / "radhus" / "favicon.ico"


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and feed readers ask for whatever a page links to (the pages
    link the SVG icon): the site's icon itself, not a redirect."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
