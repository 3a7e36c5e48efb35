"""The public's questions and ideas (S3.5): a form per organisation that registers what is sent
as a received record in a new case, and sends the sender a receipt with the case number.

The sender is a private person: their name and e-mail address are kept as a party of the case
and as the record's sender marked ``counterpart_is_private``, so that the public register and
the public API leave them out. The message itself is kept as the record's file, not in a title
or description the public register shows.

Against spam: a honeypot field that people never see (a form with it filled in is thanked and
dropped), and a throttle of ``THROTTLE_COUNT`` messages per address and organisation and
``ORGANISATION_THROTTLE_COUNT`` per organisation in ``THROTTLE_SECONDS`` (Django's cache, shared
by the server's workers). A request for a copy of a record, which registers too, is throttled
the same way.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from radhus.core import audit
from radhus.core.audit import Actor
from radhus.core.locking import lock_tenant
from radhus.core.models import Role, Tenant
from radhus.core.validators import normalise_line, normalise_text
from radhus.diarium import services, tasks
from radhus.diarium.models import Case, Direction, Origin, PartyKind, PublicForm, RecordKind, Series
from radhus.organisation.models import Unit

THROTTLE_COUNT = 5
THROTTLE_SECONDS = 3600
ORGANISATION_THROTTLE_COUNT = 200
HONEYPOT = "webbplats"
MESSAGE_MAX = 10_000
SUBJECT_MAX = 150


KINDS = [("question", _("A question")), ("idea", _("An idea or a proposal")), ("comment", _("A comment"))]


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you want to send?"), choices=KINDS, initial="question")
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX,
        help_text=_("A few words on what it is about. The subject is shown in the public case register."),
    )
    message = forms.CharField(
        label=_("Your message"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )
    name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_(
            "We send a receipt with the case number here. Your name and address are not shown publicly."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # The honeypot: hidden from people (and from screen readers), filled in by robots.
    webbplats = forms.CharField(required=False, label=_("Leave this field empty"))

    def _line(self, name: str) -> str:
        value = normalise_line(self.cleaned_data.get(name, "") or "")
        if not value:
            raise ValidationError(_("Fill in this field."), code="required")
        return value

    def clean_subject(self) -> str:
        return self._line("subject")

    def clean_name(self) -> str:
        return self._line("name")

    def clean_message(self) -> str:
        value = normalise_text(self.cleaned_data.get("message", "") or "")
        if not value.strip():
            raise ValidationError(_("Write your message."), code="required")
        return value

    def clean(self) -> dict:
        data = super().clean() or {}
        for key, value in list(data.items()):
            if isinstance(value, str) and "\x00" in value:
                self.add_error(key, _("The text contains characters that cannot be stored."))
        return data


def _count(key: str, limit: int) -> bool:
    """Count one more in ``key`` for ``THROTTLE_SECONDS``; True when the count passes ``limit``."""
    if cache.add(key, 1, timeout=THROTTLE_SECONDS):
        return 1 > limit
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=THROTTLE_SECONDS)
        return 1 > limit
    return count > limit


def throttled(tenant: Tenant, address: str, *, what: str = "question") -> bool:
    """Count one message (``what``: ``question`` for this form, ``copy`` for a copy request)
    from ``address`` to ``tenant``; True when it is over either limit: ``THROTTLE_COUNT`` from
    one address to one organisation, or ``ORGANISATION_THROTTLE_COUNT`` to one organisation from
    all addresses together (a flood from many addresses), in ``THROTTLE_SECONDS``."""
    digest = hashlib.sha256(f"{tenant.pk}:{address}".encode()).hexdigest()[:32]
    one = _count(f"radhus:diarium:{what}:addr:{digest}", THROTTLE_COUNT)
    every = _count(f"radhus:diarium:{what}:org:{tenant.pk}", ORGANISATION_THROTTLE_COUNT)
    return one or every


TITLES = {
    "question": _("Question from the public: %(subject)s"),
    "idea": _("Idea from the public: %(subject)s"),
    "comment": _("Comment from the public: %(subject)s"),
}


@transaction.atomic
def submit(
    *, tenant: Tenant, kind: str, subject: str, message: str, name: str, email: str, send_receipt: bool = True
) -> Case:
    """Register a message from the public as a received record in a new case (the system
    registers it: OSL 5 kap. 1 §, without delay), the sender kept as a private person, and queue
    the receipt (``tasks.send_question_receipt``) once the registration has committed."""
    form = PublicForm.objects.select_related("series", "responsible_unit").filter(tenant=tenant).first()
    if form is None or not form.is_open:
        raise ValidationError(_("This organisation does not take questions through the form."), code="closed")
    title = (gettext(str(TITLES.get(kind, TITLES["question"]))) % {"subject": subject})[:300]
    today = timezone.localdate()
    case = services.case_register(
        tenant=tenant,
        actor=None,
        series=form.series,
        title=title,
        opened_on=today,
        origin=Origin.CITIZEN_PROPOSAL if kind == "idea" else Origin.CITIZEN,
        responsible_unit=form.responsible_unit,
        parties=[{"kind": PartyKind.PRIVATE_PERSON, "name": name, "email": email}],
    )
    content = f"{subject}\n\n{message}\n".encode()
    services.record_add(
        case=case,
        actor=None,
        direction=Direction.RECEIVED,
        kind=RecordKind.LETTER,
        title=title,
        sender=name,
        counterpart_is_private=True,
        registered_on=today,
        document_date=today,
        file=ContentFile(content, name="meddelande.txt"),
        file_name="meddelande.txt",
    )
    if send_receipt:
        party = case.parties.get()
        # The receipt goes through the task queue once the registration has committed: a mail
        # server that is slow or away never holds up or undoes the registration.
        transaction.on_commit(
            lambda: tasks.send_question_receipt.enqueue(case.pk, party.pk, subject), robust=True
        )
    return case


@transaction.atomic
def settings_set(
    *,
    tenant: Tenant,
    actor: Actor,
    series: Series,
    responsible_unit: Unit | None = None,
    is_open: bool = True,
    intro: str = "",
    receipt_text: str = "",
) -> PublicForm:
    """Set up the organisation's question form (S3.5): the series its cases are registered in,
    the unit responsible for them, whether it is open, its introduction and the opening of the
    receipt. Needs the editor role in the organisation."""
    services._require(actor, tenant, Role.EDITOR)
    lock_tenant(tenant)
    services._check_same_tenant(tenant, "series", series)
    services._check_same_tenant(tenant, "responsible_unit", responsible_unit)
    form = PublicForm.objects.filter(tenant=tenant).first() or PublicForm(tenant=tenant)
    before = {"series": form.series_id, "is_open": form.is_open} if form.pk else {}
    form.series = series
    form.responsible_unit = responsible_unit
    form.is_open = is_open
    form.intro = intro
    form.receipt_text = receipt_text
    form.full_clean()
    form.save()
    audit.record(
        tenant=tenant,
        actor=actor,
        action="diarium.public_form.settings",
        subject=form,
        summary=(gettext("Opened the question form") if is_open else gettext("Closed the question form"))
        + gettext(" (cases in %(code)s).") % {"code": series.code},
        changes={"before": before, "series": series.pk, "is_open": is_open},
    )
    return form
