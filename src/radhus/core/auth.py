"""Logging in: failed attempts are counted per user name and address, and a pair with too many
is refused for a while (django-axes, configured in settings)."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check before the password backend.

    A login without a request (the test client's ``login``, a shell) has no address to count
    and cannot be attacked from outside; every login over HTTP has one and is counted."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_address(request: HttpRequest) -> str:
    """The address a request came from. Behind ``RADHUS_PROXY_COUNT`` reverse proxies it is the
    one the outermost proxy saw (each proxy appends to X-Forwarded-For, so only the last
    entries are trustworthy; earlier ones may be forged by the client)."""
    count = settings.RADHUS_PROXY_COUNT
    if count > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page shown instead of a login when the user name and address are locked out: 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "core/locked_out.html", {"lockout_minutes": minutes}, status=429)
