"""Deferred work of the case register, run by `radhus worker` (the tasks framework's database
backend): nothing here runs inside a request. Tasks take ids, read what they need, and are
enqueued with ``transaction.on_commit`` so that a rolled back registration sends nothing."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import task

from radhus.diarium.models import Case, CaseParty, PublicForm

log = logging.getLogger(__name__)


def receipt_body(case: Case, subject: str, opening: str) -> str:
    """The receipt of a message from the public: the organisation's own opening (or a standard
    thank-you), then always the case number and the subject."""
    opening = opening.strip() or gettext("Thank you for your message to %(tenant)s.") % {
        "tenant": case.tenant.name
    }
    return gettext(
        "%(opening)s\n\nYour message has been registered under the case number %(number)s. Give "
        "the number if you contact us about it.\n\nSubject: %(subject)s\n"
    ) % {"opening": opening, "number": case.number, "subject": subject}


@task()
def send_question_receipt(case_id: int, party_id: int, subject: str) -> bool:
    """Mail the receipt with the case number to the sender of a message from the public (S3.5).
    The address is read from the case's party, not carried in the task. False when there is
    nobody to send to (the case or party gone, no address)."""
    party = CaseParty.objects.select_related("case__tenant").filter(pk=party_id, case_id=case_id).first()
    if party is None or not party.email:
        return False
    case = party.case
    form = PublicForm.objects.filter(tenant_id=case.tenant_id).first()
    opening = form.receipt_text if form is not None else ""
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            gettext("Receipt: %(number)s") % {"number": case.number},
            receipt_body(case, subject, opening),
            None,
            [party.email],
        )
    return True
