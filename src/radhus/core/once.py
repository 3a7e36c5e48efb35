"""Once-only forms: a form sent twice (a double click, a reload, two tabs) changes the registry
once.

Every staff form carries a random token in a hidden field. Sending the form inserts the token
into ``FormSubmission`` (unique) in the same transaction as the change, so that of two sends of
one form only the first changes anything, even when they arrive at the same moment in two
processes: the database's unique index decides. The second is sent to the page the first led to.
A change the service refuses rolls back with the token, so the corrected form can be sent again.
A user's tokens are kept for ``KEPT_FOR`` (30 days), then pruned when they send the next form.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from radhus.core.models import FormSubmission

T = TypeVar("T")

TOKEN_FIELD = "once"

# How long a sent form's token is kept: a form sent again within this time changes nothing.
KEPT_FOR = dt.timedelta(days=30)

OUTDATED = _("The form could not be sent as it was. Check the fields and send it again.")


class OnceOnlyForm(forms.Form):
    """A form with a once-only token in a hidden field. A form sent without a valid token (a
    hand-made request, a page from before an update) is refused with a clear message, and shown
    again with a fresh token."""

    once = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.token: uuid.UUID | None = None  # the token sent, once the form is valid
        self.token_missing = False
        name = self.add_prefix(TOKEN_FIELD)
        if not self.is_bound:
            self.initial = {**self.initial, TOKEN_FIELD: uuid.uuid4()}
        elif not _is_token(self.data.get(name)):
            self.token_missing = True
            data = self.data.copy()
            data[name] = str(uuid.uuid4())
            self.data = data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # The token is the form's, not the change's: services get the other fields only.
        self.token = cleaned.pop(TOKEN_FIELD, None)
        if self.token_missing:
            self.add_error(None, ValidationError(OUTDATED, code="token_missing"))
        return cleaned


def _is_token(value: Any) -> bool:
    if not isinstance(value, str) or len(value) > 36:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@dataclass
class Sent(Generic[T]):
    """What sending a form did: the result and the page it leads to, or, when the form had
    been sent before, only that earlier page."""

    result: T | None
    url: str
    repeated: bool


def send_once(
    *,
    token: uuid.UUID,
    user: AbstractBaseUser | AnonymousUser,
    perform: Callable[[], T],
    result_url: Callable[[T], str],
) -> Sent[T]:
    """Run ``perform`` (a service call) once for ``token``, in one transaction with the token.

    A token that was sent before returns the earlier result page without running ``perform``.
    A ``ValidationError`` from ``perform`` rolls back the token with the change.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = FormSubmission.objects.create(token=token, user=user)
        except IntegrityError:
            # Sent before. On PostgreSQL the insert waited for the first send to commit; on
            # SQLite the write lock did the same, so the earlier row is visible now.
            earlier = FormSubmission.objects.filter(token=token, user_id=user.pk).first()
            if earlier is None:
                raise ValidationError(OUTDATED, code="token_taken") from None
            return Sent(None, earlier.result_url, True)
        result = perform()
        submission.result_url = result_url(result)
        submission.save(update_fields=["result_url"])
        FormSubmission.objects.filter(
            user_id=user.pk, created_at__lt=submission.created_at - KEPT_FOR
        ).delete()
    return Sent(result, submission.result_url, False)
