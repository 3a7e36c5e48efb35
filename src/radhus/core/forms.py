"""Forms of the site-wide public pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from radhus.core.models import AccessibilityReport


class AccessibilityReportForm(forms.ModelForm):
    """A report of an accessibility problem, or a request for content in an accessible form
    (lag (2018:1937) om tillgänglighet till digital offentlig service; paragraph to check)."""

    class Meta:
        model = AccessibilityReport
        fields = ["page_url", "description", "contact"]
        labels = {
            "page_url": _("Which page is the problem on?"),
            "description": _("Describe the problem"),
            "contact": _("Your e-mail address or phone number"),
        }
        help_texts = {
            "page_url": _("The address of the page, or its name."),
            "description": _(
                "What did you try to do, and what went wrong? Say which aids you use if it helps, "
                "for example a screen reader. You can also ask for content that is not accessible "
                "in another form."
            ),
            "contact": _("Optional. Only if you want an answer; we use it for nothing else."),
        }
        error_messages = {
            "description": {"required": _("Describe the problem, so that we can fix it.")},
        }
        widgets = {
            "page_url": forms.TextInput(attrs={"autocomplete": "url"}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "contact": forms.TextInput(attrs={"autocomplete": "email"}),
        }

    def clean_description(self) -> str:
        description = self.cleaned_data["description"].strip()
        if not description:
            raise forms.ValidationError(_("Describe the problem, so that we can fix it."), code="required")
        if len(description) > 5000:
            raise forms.ValidationError(
                _("The description may be at most 5,000 characters (it has %(count)s).")
                % {"count": len(description)},
                code="too_long",
            )
        return description
