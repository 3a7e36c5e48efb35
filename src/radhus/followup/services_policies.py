"""Every change to the register of policy documents (styrdokument, S4.4), and the reminders to
their owners before a review is due. The director sees that policy documents are followed and
kept up to date (S4.4); a document past its review date is listed as overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from radhus.core import audit
from radhus.core.audit import Actor
from radhus.core.locking import lock
from radhus.core.models import Tenant
from radhus.followup import selectors_policies
from radhus.followup.models import PolicyDocument, ReviewReminder
from radhus.followup.services_goals import require_editor
from radhus.organisation.models import ContactKind, ContactPoint
from radhus.organisation.selectors import holders_on

POLICY_FIELDS = [
    "title",
    "kind",
    "owner_unit",
    "owner_post",
    "adopted_by",
    "decision",
    "decision_reference",
    "decided_on",
    "valid_from",
    "valid_to",
    "review_on",
    "link",
    "status",
]
# Reminders go out this many days before the review date unless the command says otherwise.
DEFAULT_REMINDER_DAYS = 60
MAX_REMINDER_DAYS = 3650


def _check(document: PolicyDocument) -> None:
    """Owner, adopting body and decision belong to the document's own organisation."""
    errors: dict[str, str] = {}
    for name in ("owner_unit", "owner_post", "adopted_by", "decision"):
        related = getattr(document, name)
        if related is not None and related.tenant_id != document.tenant_id:
            errors[name] = _("Choose one of the organisation's own.")
    if document.review_on and document.valid_from and document.review_on < document.valid_from:
        errors["review_on"] = _("The review date lies on or after the first day the document applies.")
    if document.decision is not None and not document.decided_on:
        document.decided_on = document.decision.decided_on
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def policy_create(*, tenant: Tenant, actor: Actor, title: str, kind: str, **fields: Any) -> PolicyDocument:
    """Register a policy document with its owner, adopting decision and dates."""
    require_editor(actor, tenant)
    unknown = set(fields) - set(POLICY_FIELDS) - {"file"}
    if unknown:
        raise TypeError(", ".join(sorted(unknown)))
    document = PolicyDocument(tenant=tenant, title=title, kind=kind, **fields)
    document.full_clean()
    _check(document)
    document.save()
    audit.record(
        tenant=tenant,
        actor=actor,
        action="followup.policy.create",
        subject=document,
        summary=_("Registered the policy document “%(title)s”.") % {"title": title},
        changes=audit.snapshot(document, POLICY_FIELDS),
    )
    return document


@transaction.atomic
def policy_update(*, document: PolicyDocument, actor: Actor, **changes: Any) -> PolicyDocument:
    require_editor(actor, document.tenant)
    document = lock(document)
    before = audit.snapshot(document, POLICY_FIELDS)
    for name, value in changes.items():
        if name not in POLICY_FIELDS and name != "file":
            raise TypeError(name)
        setattr(document, name, value)
    document.updated_at = timezone.now()
    document.full_clean()
    _check(document)
    document.save()
    audit.record(
        tenant=document.tenant,
        actor=actor,
        action="followup.policy.update",
        subject=document,
        summary=_("Changed the policy document “%(title)s”.") % {"title": document.title},
        changes=audit.diff(before, audit.snapshot(document, POLICY_FIELDS)),
    )
    return document


# Reminders ----------------------------------------------------------------------------------


def owner_email(document: PolicyDocument, day: dt.date) -> str:
    """The e-mail address of the document's owner: the owning post's own, else its holder's
    on ``day``, else its unit's; or the owning unit's."""

    def first(**owner: Any) -> str:
        point = (
            ContactPoint.objects.filter(kind=ContactKind.EMAIL, **owner).order_by("sort_order", "id").first()
        )
        return point.value if point else ""

    if document.owner_unit_id:
        return first(unit=document.owner_unit_id)
    post = document.owner_post
    assert post is not None
    found = first(post=post.pk)
    for appointment in holders_on(post, day):
        found = found or first(person=appointment.person_id)
    return found or first(unit=post.unit_id)


@dataclass
class ReminderRun:
    enqueued: list[PolicyDocument] = field(default_factory=list)
    already_sent: list[PolicyDocument] = field(default_factory=list)
    no_address: list[PolicyDocument] = field(default_factory=list)


@task()
def send_review_reminder(reminder_id: int) -> None:
    """E-mail a document's owner that its review is due (run by the task queue)."""
    reminder = ReviewReminder.objects.select_related("document__tenant").get(pk=reminder_id)
    document = reminder.document
    with translation.override(settings.LANGUAGE_CODE):
        if document.review_on and document.review_on < reminder.sent_on:
            subject = _("Review overdue: %(title)s") % {"title": document.title}
        else:
            subject = _("Review due: %(title)s") % {"title": document.title}
        body = _(
            "The policy document “%(title)s” of %(tenant)s is to be reviewed by %(date)s.\n\n"
            "You receive this reminder as its owner in Rådhus."
        ) % {
            "title": document.title,
            "tenant": document.tenant.name,
            "date": document.review_on.isoformat() if document.review_on else "",
        }
    send_mail(subject, body, None, [reminder.recipient])


def remind_reviews(
    *, day: dt.date, days: int = DEFAULT_REMINDER_DAYS, tenant: Tenant | None = None
) -> ReminderRun:
    """Enqueue an e-mail to the owner of each document in force whose review is due within
    ``days`` days of ``day`` (or overdue): at most one per document and day, however often it
    runs. Each reminder is recorded and audited in its own transaction; its e-mail is sent by
    the task queue once that commits."""
    if not 0 <= days <= MAX_REMINDER_DAYS:
        raise ValidationError({"days": _("Give a number of days from 0 to 3650.")})
    run = ReminderRun()
    for document in selectors_policies.reviews_due_within(day, days, tenant):
        address = owner_email(document, day)
        if not address:
            run.no_address.append(document)
            continue
        try:
            with transaction.atomic():
                reminder, created = ReviewReminder.objects.get_or_create(
                    document=document, sent_on=day, defaults={"recipient": address}
                )
                if created:
                    audit.record(
                        tenant=document.tenant,
                        actor=None,
                        action="followup.policy.reminder",
                        subject=document,
                        summary=_("Reminded %(address)s to review “%(title)s” by %(date)s.")
                        % {"address": address, "title": document.title, "date": document.review_on},
                    )
                    transaction.on_commit(lambda pk=reminder.pk: send_review_reminder.enqueue(pk))
        except IntegrityError:  # another run made the same reminder at the same moment
            created = False
        (run.enqueued if created else run.already_sent).append(document)
    return run
