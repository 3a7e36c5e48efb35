"""E-mail through the task queue, written once for every module.

A service calls ``send_on_commit(...)`` inside its transaction: when the change commits, one
``send_email`` task per message is put on the queue (django-tasks; ``radhus worker`` runs it),
never sent from the request. A task takes only JSON: the subject, the text (and optional HTML),
the recipients, and *references* to its attachments (``{"kind": "meetings.notice", "id": 12}``)
that the task rebuilds when it runs from a builder its module registered with
``attachment_builder`` — a PDF is never stored in the queue.

Nothing is lost silently. A message that cannot be sent (the mail server refuses it, an
attachment cannot be built) is tried again, up to ``MAX_ATTEMPTS`` times and later each time,
when the queue's backend can run a task later (the database backend can); each failed attempt
ends as a FAILED task result carrying the error (django-tasks keeps its class and traceback),
and the module that asked for the message hears of each outcome (queued, sent, retrying,
failed) through the handler it registered with ``outcome_handler`` and records it on its own
rows (e.g. a meeting notice's recipients).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

logger = logging.getLogger(__name__)

# A message is tried this many times in all; the waits before the second and third attempts.
MAX_ATTEMPTS = 3
RETRY_DELAYS = (dt.timedelta(minutes=1), dt.timedelta(minutes=10))
# An error kept on a row is cut to this length.
ERROR_LENGTH = 500


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/pdf"


@dataclass(frozen=True)
class Outcome:
    """What became of one message: ``queued`` (with the task's id), ``sent``, ``retrying``
    (with the next attempt's task id) or ``failed`` (no attempt left), with the error."""

    status: str
    attempt: int
    task_id: str = ""
    error: str = ""


Builder = Callable[[int], Attachment]
Handler = Callable[[int, Outcome], None]
_BUILDERS: dict[str, Builder] = {}
_HANDLERS: dict[str, Handler] = {}


def attachment_builder(kind: str) -> Callable[[Builder], Builder]:
    """Register how to build the attachment ``{"kind": kind, "id": n}`` when a task runs."""

    def register(builder: Builder) -> Builder:
        _BUILDERS[kind] = builder
        return builder

    return register


def outcome_handler(kind: str) -> Callable[[Handler], Handler]:
    """Register what to do when a message with ``outcome={"kind": kind, "id": n}`` is queued,
    sent, retried or given up."""

    def register(handler: Handler) -> Handler:
        _HANDLERS[kind] = handler
        return handler

    return register


def build_attachment(reference: dict[str, Any]) -> Attachment:
    """The attachment a reference names; only kinds a module registered can be built."""
    kind = reference.get("kind")
    if kind not in _BUILDERS:
        raise LookupError(f"No attachment builder for {kind!r}.")
    return _BUILDERS[kind](int(reference["id"]))


def _report(outcome: dict[str, Any] | None, result: Outcome) -> None:
    if outcome is None:
        return
    handler = _HANDLERS.get(outcome.get("kind", ""))
    if handler is None:
        logger.error("No outcome handler for %r: %s", outcome, result)
        return
    handler(int(outcome["id"]), result)


def _can_retry_later() -> bool:
    return bool(send_email.get_backend().supports_defer)


@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    attachments: list[dict[str, Any]] | None = None,
    outcome: dict[str, Any] | None = None,
    language: str = "",
    attempt: int = 1,
) -> dict[str, Any]:
    """Send one e-mail through Django's mail backend (``EMAIL_*`` settings). On failure the
    error is reported, a later attempt is queued while attempts are left, and the error is
    raised again so that this task's result is FAILED with it."""
    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            files = [build_attachment(ref) for ref in attachments or []]
            message = EmailMultiAlternatives(
                subject=" ".join(subject.split()), body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
            )
            if html:
                message.attach_alternative(html, "text/html")
            for f in files:
                message.attach(f.filename, f.content, f.mimetype)
            message.send()
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH]
            if attempt < MAX_ATTEMPTS and _can_retry_later():
                delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
                retry = send_email.using(run_after=timezone.now() + delay).enqueue(
                    subject=subject,
                    body=body,
                    to=to,
                    html=html,
                    attachments=attachments,
                    outcome=outcome,
                    language=language,
                    attempt=attempt + 1,
                )
                _report(outcome, Outcome("retrying", attempt, task_id=retry.id, error=error))
            else:
                _report(outcome, Outcome("failed", attempt, error=error))
            raise
    _report(outcome, Outcome("sent", attempt))
    return {"to": to, "attempt": attempt}


def send_on_commit(
    *,
    subject: str,
    body: str,
    to: Iterable[str],
    html: str = "",
    attachments: Iterable[dict[str, Any]] = (),
    outcome: dict[str, Any] | None = None,
) -> None:
    """Queue one e-mail when the current transaction commits (at once outside one); nothing is
    queued when it rolls back. The text is written in the site's language by the caller."""
    kwargs = {
        "subject": subject,
        "body": body,
        "to": list(to),
        "html": html,
        "attachments": [dict(a) for a in attachments],
        "outcome": outcome,
        "language": translation.get_language() or settings.LANGUAGE_CODE,
    }

    def enqueue() -> None:
        result = send_email.enqueue(**kwargs)
        _report(outcome, Outcome("queued", 1, task_id=result.id))

    transaction.on_commit(enqueue)
