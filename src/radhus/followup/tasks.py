"""Deferred work of the follow-up (the task queue; ``radhus worker`` runs it): the e-mails."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from radhus.followup.models import Assignment, Deviation, OversightExpectation, ReminderKind, SentReminder

# Other modules' reminders (the policy register's reviews): subject type ("followup.policydocument")
# → a function giving the mail's subject and body in the active language, or None.
TEXTS: dict[str, Callable[[SentReminder], tuple[str, str] | None]] = {}


def register_text(subject_type: str, build: Callable[[SentReminder], tuple[str, str] | None]) -> None:
    """Let ``send_reminder`` write the mail of another module's reminder (see ``reminders.remind``)."""
    TEXTS[subject_type] = build


def _text(reminder: SentReminder) -> tuple[str, str] | None:
    """The subject and body of a reminder, in Swedish; ``None`` when what it was about is gone."""
    if reminder.subject_type == "followup.deviation":
        deviation = (
            Deviation.objects.select_related("assignment", "agenda_item__meeting")
            .filter(pk=reminder.subject_id)
            .first()
        )
        if deviation is None:
            return None
        a = deviation.assignment
        where = (
            _("It is on the agenda of %(meeting)s.") % {"meeting": deviation.agenda_item.meeting}
            if deviation.agenda_item_id
            else _("It is not yet on an agenda: the deciding body has no planned meeting.")
        )
        return (
            _("Deviation in an assignment: %(reference)s") % {"reference": a.reference},
            _("A deviation (%(kind)s) was reported on %(day)s in the assignment “%(title)s” (%(reference)s).")
            % {
                "kind": deviation.get_kind_display(),
                "day": deviation.reported_on,
                "title": a.title,
                "reference": a.reference,
            }
            + "\n\n"
            + where,
        )
    if reminder.subject_type == "followup.oversightexpectation":
        return _oversight_text(reminder)
    if reminder.subject_type in TEXTS:
        return TEXTS[reminder.subject_type](reminder)
    if reminder.subject_type != "followup.assignment":
        return None
    a = Assignment.objects.filter(pk=reminder.subject_id).first()
    if a is None:
        return None
    if reminder.kind == ReminderKind.LATE:
        subject = _("Late assignment: %(title)s") % {"title": a.title}
        body = _(
            "The assignment “%(title)s” (%(reference)s) was due on %(due)s and is not done. "
            "A late assignment needs a deviation report with a proposed alternative measure."
        ) % {"title": a.title, "reference": a.reference, "due": a.due_on}
    else:
        subject = _("Assignment due soon: %(title)s") % {"title": a.title}
        body = _("The assignment “%(title)s” (%(reference)s) is due on %(due)s.") % {
            "title": a.title,
            "reference": a.reference,
            "due": a.due_on,
        }
    return subject, body


def _oversight_text(reminder: SentReminder) -> tuple[str, str] | None:
    """What the board is to receive from an overseen body, and by when (KL 6 kap. 1 §)."""
    expectation = (
        OversightExpectation.objects.select_related("oversight__overseen", "tenant")
        .filter(pk=reminder.subject_id)
        .first()
    )
    if expectation is None:
        return None
    values = {
        "what": expectation.get_kind_display(),
        "body": expectation.oversight.overseen.name,
        "due": reminder.about_date.isoformat(),
        "tenant": expectation.tenant.name,
    }
    subject = _("Due on %(due)s from %(body)s: %(what)s") % values
    body = (
        _(
            "%(tenant)s expects %(what)s from “%(body)s” by %(due)s, and has not recorded it as "
            "received. Record it under Oversight on the follow-up's pages when it arrives."
        )
        % values
    )
    return subject, body


@task()
def send_reminder(reminder_id: int) -> bool:
    """Send one reminder by e-mail; ``False`` when there was nothing to send."""
    reminder = SentReminder.objects.select_related("user").filter(pk=reminder_id).first()
    if reminder is None or not reminder.user.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        text = _text(reminder)
        if text is None:
            return False
        subject, body = text
        footer = _("You get this because you chose it under Reminders on your account page.")
    send_mail(subject[:200], f"{body}\n\n{footer}\n", None, [reminder.user.email])
    return True


@task()
def send_deviation_notices(deviation_id: int) -> int:
    """Tell a new deviation to those who chose to hear of deviations; how many were queued."""
    from radhus.followup.reminders import remind_deviation

    deviation = Deviation.objects.select_related("assignment__tenant").filter(pk=deviation_id).first()
    if deviation is None:
        return 0
    return remind_deviation(deviation, timezone.localdate()).total
