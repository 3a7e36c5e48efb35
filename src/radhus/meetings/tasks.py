"""Deferred work of meetings, run by `radhus worker` (the tasks framework's database backend).

When minutes, or a paragraph approved at once, are posted on an organisation's notice board,
the public minutes PDF is made and kept in the cache, so the first visitor who opens it from
the notice board does not wait for WeasyPrint. The task is enqueued with
``transaction.on_commit``: a rolled back approval makes nothing, and the worker reads the
committed minutes. Making the PDF changes nothing, so it records no audit event (one would
make the PDF it just kept stale, ``core.cache``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django_tasks import task

from radhus.core.models import Tenant
from radhus.meetings import documents, selectors


@task()
def make_minutes_pdf(meeting_id: int, tenant_id: int) -> bool:
    """Make the public minutes PDF of the meeting as ``tenant_id``'s pages serve it, in each of
    the site's languages (Swedish first), and keep them in the cache. False when there is none to make (the minutes
    not public there, or gone)."""
    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None:
        return False
    meeting = selectors.approved_meeting(tenant, meeting_id)
    if meeting is None:
        return False
    languages = [
        settings.LANGUAGE_CODE,
        *(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE),
    ]
    for language in languages:
        with translation.override(language):
            documents.minutes_pdf(tenant.pk, meeting)
    return True


def make_minutes_pdf_on_commit(meeting_id: int, tenant_id: int) -> None:
    """Enqueue ``make_minutes_pdf`` once the current transaction commits."""
    transaction.on_commit(lambda: make_minutes_pdf.enqueue(meeting_id, tenant_id))
