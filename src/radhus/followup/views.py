"""A logged-in user's own follow-up pages: “Att göra”, what is due on their person, their posts
and their units as of today, in every organisation; and their choice of e-mail reminders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from radhus.core.access import role_in
from radhus.core.selectors import today
from radhus.followup import selectors, services
from radhus.followup.forms import NotificationChoiceForm
from radhus.followup.reminders import choice_of

TO_DO_LIMIT = 500


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
