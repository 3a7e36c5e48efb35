"""Logging in, and a logged-in user's own account: their organisations, their password and
their API keys."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from radhus.core.models import ApiToken, TenantRole
from radhus.core.tokens import token_revoke, tokens_of


def roles_of(user: object) -> list[TenantRole]:
    """The user's roles, by the organisation's name (the Swedish way)."""
    return list(TenantRole.objects.filter(user=user).select_related("tenant").order_by("tenant__name"))


def landing_url(user: object) -> str:
    """Where a login without ``?next=`` leads: with a role in one organisation, its staff
    start page, since that is what staff log in for; with roles in several, the account
    page, which lists them to choose from (a first-by-name guess would send the head of a
    collaboration to their home municipality half the time); with none, the start page."""
    roles = TenantRole.objects.filter(user=user).select_related("tenant")[:2]
    if len(roles) == 1:
        return reverse("staff_home", args=[roles[0].tenant.slug])
    if len(roles) > 1:
        return reverse("account")
    return reverse("home")


class LoginView(auth_views.LoginView):
    """Django's login; without ``?next=`` the user lands on their own organisation."""

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/account.html",
        {
            "roles": roles_of(request.user),
            "tokens": tokens_of(request.user),
            "key_days": settings.RADHUS_API_KEY_DAYS,
        },
    )


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the user's own keys; another user's key is not found."""
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    token = token_revoke(token=token, actor=request.user)
    messages.success(
        request, _("The key %(prefix)s… is revoked and no longer works.") % {"prefix": token.prefix}
    )
    return redirect("account")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, checked by AUTH_PASSWORD_VALIDATORS; the session stays logged in."""

    template_name = "core/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response
