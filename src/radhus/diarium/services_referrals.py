"""Referrals (remisser), watches (bevakningar) and who a staff user is in the registry: every
change keyword-only, in one transaction, with the case locked and an audit event.

A referral registers its letter as a sent record in the case and puts the case “out on
referral”; when the last open referral is answered, the answer is registered as a received
record and the case goes back to preparation. The records are registered by the register's own
service (``services.record_add``), so they are numbered and audited as every other record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core.access import has_role
from radhus.core.audit import Actor
from radhus.core.locking import lock, lock_tenant
from radhus.core.models import Role, Tenant
from radhus.core.validators import check_date_in_range, normalise_line
from radhus.diarium import services
from radhus.diarium.models import (
    Case,
    Direction,
    OfficerLink,
    RecordKind,
    Referral,
    Status,
    Watch,
)
from radhus.organisation.models import Person, Unit

# A case may be sent on referral while it is prepared; once ready, on an agenda or decided, the
# round of statements is over.
REFERRAL_FROM = {Status.REGISTERED, Status.IN_PREPARATION, Status.ON_REFERRAL}


def _require(actor: Actor, tenant: Tenant, needed: Role = Role.EDITOR) -> None:
    """``None`` is the system itself (the demo, the operator's commands)."""
    if actor is not None and not has_role(actor, tenant, needed):
        raise PermissionDenied


def _locked(case: Case) -> Case:
    lock_tenant(case.tenant_id)
    return lock(case)


def _same_tenant(tenant: Tenant, field: str, obj: Any) -> None:
    if obj is not None and obj.tenant_id != tenant.pk:
        raise ValidationError({field: _("Must belong to the same organisation.")}, code="other_tenant")


# Referrals -----------------------------------------------------------------------------------


@transaction.atomic
def referral_send(
    *,
    case: Case,
    actor: Actor,
    due_on: dt.date,
    recipient: str = "",
    body: Unit | None = None,
    sent_on: dt.date | None = None,
) -> Referral:
    """Send ``case`` on referral to ``body`` (a unit of the registry) or a ``recipient`` outside
    it, to answer by ``due_on``. The referral letter is registered as a sent record."""
    _require(actor, case.tenant)
    check_date_in_range(sent_on, "sent_on")
    check_date_in_range(due_on, "due_on")
    case = _locked(case)
    _same_tenant(case.tenant, "body", body)
    if case.status not in REFERRAL_FROM:
        raise ValidationError(
            {
                "case": _("A case that is %(status)s cannot be sent on referral.")
                % {"status": case.get_status_display()}
            },
            code="status",
        )
    recipient = normalise_line(recipient or "") or (body.name if body is not None else "")
    if not recipient:
        raise ValidationError({"recipient": _("Name the body the case is sent to.")}, code="required")
    sent_on = sent_on or timezone.localdate()
    if due_on is None or due_on < sent_on:
        raise ValidationError(
            {"due_on": _("The answer cannot be due before the referral is sent.")}, code="date_order"
        )
    referral = Referral(
        tenant=case.tenant, case=case, body=body, recipient=recipient, sent_on=sent_on, due_on=due_on
    )
    referral.full_clean()
    if case.status != Status.ON_REFERRAL:
        case = services.case_send_on_referral(case=case, actor=actor)
    referral.sent_record = services.record_add(
        case=case,
        actor=actor,
        direction=Direction.SENT,
        kind=RecordKind.REFERRAL,
        title=_("Referral to %(recipient)s") % {"recipient": recipient},
        recipient=recipient,
        registered_on=max(sent_on, case.opened_on),
        document_date=sent_on,
    )
    referral.save()
    audit.record(
        tenant=case.tenant,
        actor=actor,
        action="diarium.referral.send",
        subject=referral,
        page=case,
        summary=_("%(number)s sent on referral to %(recipient)s, answer due %(due)s.")
        % {"number": case.number, "recipient": recipient, "due": due_on.isoformat()},
        changes={"recipient": recipient, "sent_on": sent_on.isoformat(), "due_on": due_on.isoformat()},
    )
    return referral


@transaction.atomic
def referral_answer(
    *,
    referral: Referral,
    actor: Actor,
    answered_on: dt.date | None = None,
    summary: str = "",
) -> Referral:
    """Record the answer to a referral: registered as a received record from the recipient.
    When no referral of the case is left open, the case goes back to preparation."""
    _require(actor, referral.tenant)
    check_date_in_range(answered_on, "answered_on")
    case = _locked(referral.case)
    referral = lock(referral)
    if referral.answered_on is not None:
        raise ValidationError({"referral": _("This referral has been answered already.")}, code="answered")
    answered_on = answered_on or timezone.localdate()
    if answered_on < referral.sent_on:
        raise ValidationError(
            {"answered_on": _("The answer cannot come before the referral was sent.")}, code="date_order"
        )
    referral.answered_on = answered_on
    referral.answer_summary = summary or ""
    referral.full_clean()
    referral.answer_record = services.record_add(
        case=case,
        actor=actor,
        direction=Direction.RECEIVED,
        kind=RecordKind.REFERRAL_RESPONSE,
        title=_("Referral response from %(recipient)s") % {"recipient": referral.recipient},
        sender=referral.recipient,
        registered_on=max(answered_on, case.opened_on),
        document_date=answered_on,
    )
    referral.save()
    audit.record(
        tenant=case.tenant,
        actor=actor,
        action="diarium.referral.answer",
        subject=referral,
        page=case,
        summary=_("%(recipient)s answered the referral of %(number)s.")
        % {"recipient": referral.recipient, "number": case.number},
        changes={"answered_on": answered_on.isoformat()},
    )
    case.refresh_from_db()
    still_open = case.referrals.filter(answered_on__isnull=True).exists()
    if case.status == Status.ON_REFERRAL and not still_open:
        services.case_return_from_referral(case=case, actor=actor)
    return referral


# Watches -------------------------------------------------------------------------------------


@transaction.atomic
def watch_create(*, case: Case, actor: Actor, note: str, due_on: dt.date, user: Any = None) -> Watch:
    """A watch on ``case`` for ``user`` (the actor by default) by ``due_on``."""
    _require(actor, case.tenant)
    check_date_in_range(due_on, "due_on")
    user = user or actor
    if user is None or not getattr(user, "is_authenticated", False):
        raise ValidationError({"user": _("A watch belongs to a user.")}, code="required")
    if not has_role(user, case.tenant, Role.READER):
        raise ValidationError({"user": _("The user has no role in this organisation.")}, code="other_tenant")
    case = _locked(case)
    watch = Watch(tenant=case.tenant, case=case, user=user, note=note, due_on=due_on)
    watch.full_clean()
    watch.save()
    audit.record(
        tenant=case.tenant,
        actor=actor,
        action="diarium.watch.create",
        subject=watch,
        page=case,
        summary=_("Watch on %(number)s due %(due)s.") % {"number": case.number, "due": due_on.isoformat()},
        changes={"note": watch.note, "due_on": due_on.isoformat()},
    )
    return watch


@transaction.atomic
def watch_done(*, watch: Watch, actor: Actor, done_on: dt.date | None = None) -> Watch:
    """Mark a watch done. Only its own user (or the system) marks it."""
    _require(actor, watch.tenant)
    if actor is not None and actor.pk != watch.user_id:
        raise PermissionDenied
    check_date_in_range(done_on, "done_on")
    _locked(watch.case)
    watch = lock(watch)
    if watch.done_on is not None:
        raise ValidationError({"watch": _("This watch is done already.")}, code="done")
    watch.done_on = done_on or timezone.localdate()
    watch.save(update_fields=["done_on"])
    audit.record(
        tenant=watch.tenant,
        actor=actor,
        action="diarium.watch.done",
        subject=watch,
        page=watch.case,
        summary=_("Watch on %(number)s done.") % {"number": watch.case.number},
        changes={"done_on": watch.done_on.isoformat()},
    )
    return watch


# Who a user is ------------------------------------------------------------------------------


@transaction.atomic
def officer_link_set(
    *, tenant: Tenant, actor: Actor, user: Any, person: Person, unit: Unit | None = None
) -> OfficerLink:
    """Say which person of the registry ``user`` is (and in which unit) in ``tenant``; an
    administrator's action."""
    _require(actor, tenant, Role.ADMINISTRATOR)
    lock_tenant(tenant)
    _same_tenant(tenant, "person", person)
    _same_tenant(tenant, "unit", unit)
    link, _created = OfficerLink.objects.update_or_create(
        tenant=tenant, user=user, defaults={"person": person, "unit": unit}
    )
    audit.record(
        tenant=tenant,
        actor=actor,
        action="diarium.officer_link",
        subject=link,
        page=tenant,
        summary=_("%(user)s is %(person)s in the case register.") % {"user": user, "person": person},
    )
    return link
