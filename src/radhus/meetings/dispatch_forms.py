"""Forms for sending a notice and dispatching a minute extract. They only parse and offer the
organisation's own choices (``TenantForm``); the rules are in ``meetings.sending``."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from radhus.core.models import Tenant
from radhus.core.selectors import today
from radhus.core.staff import TenantForm, TenantMultipleChoiceField
from radhus.diarium.models import CaseParty
from radhus.meetings.models import DispatchChannel, MinutesParagraph
from radhus.organisation.models import Person, Post, Unit

ADDRESSES_LENGTH = 5000


class SendNoticeForm(TenantForm):
    """No fields: sending is one button, sent once (the form's token)."""


class ExtractDispatchForm(TenantForm):
    units = TenantMultipleChoiceField(
        Unit.objects.all(),
        required=False,
        label=_("Units"),
        help_text=_("Sent to the unit's e-mail address."),
    )
    posts = TenantMultipleChoiceField(
        Post.objects.all(),
        required=False,
        label=_("Posts"),
        help_text=_("Sent to whoever holds the post today, or to the post's own address."),
    )
    people = TenantMultipleChoiceField(Person.objects.all(), required=False, label=_("People"))
    parties = TenantMultipleChoiceField(
        CaseParty.objects.none(),
        required=False,
        label=_("Parties to the case"),
        widget=forms.CheckboxSelectMultiple,
    )
    addresses = forms.CharField(
        required=False,
        max_length=ADDRESSES_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Other e-mail addresses"),
        help_text=_("One per line, or separated by commas."),
    )
    channel = forms.ChoiceField(
        choices=DispatchChannel.choices, initial=DispatchChannel.EMAIL, label=_("Channel")
    )

    def __init__(self, *args: Any, tenant: Tenant, paragraph: MinutesParagraph, **kwargs: Any) -> None:
        super().__init__(*args, tenant=tenant, **kwargs)
        day = today()
        self.fields["units"].queryset = Unit.objects.filter(Unit.valid_on_q(day)).order_by("name")
        self.fields["posts"].queryset = Post.objects.filter(Post.valid_on_q(day)).select_related("unit")
        self.fields["people"].queryset = Person.objects.order_by("last_name", "first_name")
        self.fields["parties"].queryset = (
            CaseParty.objects.filter(case_id=paragraph.case_id)
            if paragraph.case_id
            else CaseParty.objects.none()
        )
        if not paragraph.case_id:
            del self.fields["parties"]

    def clean_addresses(self) -> list[str]:
        return [a for a in re.split(r"[\s,;]+", self.cleaned_data.get("addresses") or "") if a]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "units": list(data.get("units") or []),
            "posts": list(data.get("posts") or []),
            "people": list(data.get("people") or []),
            "parties": list(data.get("parties") or []),
            "addresses": data.get("addresses") or [],
            "channel": data["channel"],
        }
