"""Forms of the secretary's pages. They only parse and offer choices from the page's
organisation (and the page's meeting); every change goes through a service in ``services.py``
(or ``services_agenda.py``), whose ``ValidationError`` is put back on the form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from radhus.core.staff import TenantMultipleChoiceField
from radhus.diarium.models import Case, Status
from radhus.meetings.models import (
    AgendaItem,
    Attendance,
    AttendeeRole,
    DecisionKind,
    Dissent,
    ItemKind,
    Meeting,
    MeetingSeries,
    MinutesParagraph,
    Vote,
    VoteChoice,
)
from radhus.meetings.services import chief_may_decide
from radhus.organisation.forms import DateInput, StaffForm, _formfield
from radhus.organisation.models import GROUP_KINDS, Person, Unit

# Weekdays as RFC 5545 names them (dateutil reads them in the rule).
WEEKDAYS = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
]

# How often, in the words a secretary uses; each builds the rule's frequency and days for
# the chosen weekday (``{d}``).
CADENCES: dict[str, tuple[Any, str]] = {
    "weekly": (_("every week"), "FREQ=WEEKLY;BYDAY={d}"),
    "fortnightly": (_("every other week"), "FREQ=WEEKLY;INTERVAL=2;BYDAY={d}"),
    "first_third": (_("the first and third in the month"), "FREQ=MONTHLY;BYDAY=+1{d},+3{d}"),
    "second_fourth": (_("the second and fourth in the month"), "FREQ=MONTHLY;BYDAY=+2{d},+4{d}"),
    "first": (_("the first in the month"), "FREQ=MONTHLY;BYDAY=+1{d}"),
    "second": (_("the second in the month"), "FREQ=MONTHLY;BYDAY=+2{d}"),
    "third": (_("the third in the month"), "FREQ=MONTHLY;BYDAY=+3{d}"),
    "last": (_("the last in the month"), "FREQ=MONTHLY;BYDAY=-1{d}"),
}

MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]

MAX_STANDING_ITEMS = 30


def build_rule(cadence: str, weekday: str, months_off: list[int]) -> str:
    """The RRULE for “``cadence`` ``weekday``”, without the months named in ``months_off``
    (e.g. “FREQ=MONTHLY;BYDAY=+2TU,+4TU” for every second and fourth Tuesday)."""
    rule = CADENCES[cadence][1].format(d=weekday)
    if months_off:
        rule += ";BYMONTH=" + ",".join(str(m) for m in range(1, 13) if m not in months_off)
    return rule


def describe_rule(rule: str) -> str:
    """The cadence in the words of the series form (“tisdag, andra och fjärde i månaden; inte i
    juli”), or the rule itself when the form's choices cannot say it."""
    base, _sep, months = rule.partition(";BYMONTH=")
    for label, template in CADENCES.values():
        for weekday, day_label in WEEKDAYS:
            if template.format(d=weekday) != base:
                continue
            text = f"{day_label}, {label}"
            if months:
                try:
                    kept = {int(m) for m in months.split(",")}
                except ValueError:
                    return rule
                off = [str(name) for number, name in MONTHS if number not in kept]
                if off:
                    text += "; " + str(_("not in %(months)s") % {"months": ", ".join(off)})
            return text
    return rule


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return obj.name


def bodies() -> QuerySet[Unit]:
    """The bodies and groups that meet (the form scopes them to the page's organisation)."""
    return Unit.objects.filter(kind__in=[k.value for k in GROUP_KINDS], valid_to__isnull=True).order_by(
        "name"
    )


class SeriesForm(StaffForm):
    body = BodyChoiceField(bodies(), label=_("Body or group"))
    name = _formfield(MeetingSeries, "name")
    cadence = forms.ChoiceField(
        label=_("How often"), choices=[(k, v[0]) for k, v in CADENCES.items()], initial="second_fourth"
    )
    weekday = forms.ChoiceField(label=_("Weekday"), choices=WEEKDAYS, initial="TU")
    months_off = forms.TypedMultipleChoiceField(
        label=_("No meetings in"),
        choices=MONTHS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Months without meetings, e.g. July."),
    )
    rule = forms.CharField(
        label=_("Or a recurrence rule of your own"),
        required=False,
        max_length=300,
        help_text=_("For a cadence the choices above cannot say, e.g. FREQ=MONTHLY;BYDAY=+2TU,+4TU."),
    )
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput, initial=dt.time(9, 0))
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput, required=False)
    place = _formfield(MeetingSeries, "place", label=pgettext_lazy("meeting", "Place"))
    minutes_kept_at = _formfield(MeetingSeries, "minutes_kept_at")
    skip_public_holidays = _formfield(MeetingSeries, "skip_public_holidays")
    standing_items = forms.CharField(
        label=_("Standing items"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item a line, in the order they come on every agenda (S2.3)."),
    )

    groups = [
        (_("The cadence"), ["cadence", "weekday", "months_off", "rule", "skip_public_holidays"]),
        (_("Time and place"), ["start_time", "end_time", "place", "minutes_kept_at"]),
    ]

    def clean_standing_items(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data.get("standing_items", "").splitlines()]
        items = [line for line in lines if line]
        if len(items) > MAX_STANDING_ITEMS:
            raise forms.ValidationError(
                _("At most %(n)s standing items."), params={"n": MAX_STANDING_ITEMS}, code="too_many"
            )
        if any(len(item) > 300 for item in items):
            raise forms.ValidationError(_("An item is at most 300 characters."), code="too_long")
        return items

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting ends after it starts."))
        return cleaned

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        cadence, weekday, months_off = data.pop("cadence"), data.pop("weekday"), data.pop("months_off")
        data["rule"] = data["rule"].strip() or build_rule(cadence, weekday, months_off)
        return data


class PlanForm(StaffForm):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        help_text=_("Every meeting day of the year by the cadence; public holidays are skipped."),
    )


class MeetingForm(StaffForm):
    body = BodyChoiceField(bodies(), label=_("Body or group"))
    series = forms.ModelChoiceField(
        MeetingSeries.objects.order_by("name"), label=_("Meeting series"), required=False
    )
    date = forms.DateField(label=_("Date"), widget=DateInput)
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput, initial=dt.time(9, 0))
    place = _formfield(Meeting, "place", label=pgettext_lazy("meeting", "Place"))


class ConfirmForm(StaffForm):
    """A step confirmed with its button (send the notice, call the members)."""


class MoveForm(StaffForm):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))], label=_("Move"))


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Case) -> str:  # type: ignore[override]
        return f"{obj.number} {obj.title}"


def ready_cases(meeting: Meeting) -> QuerySet[Case]:
    """The cases ready for decision in the register, in the meeting's body's number series."""
    return (
        Case.objects.filter(status=Status.READY, series__body_id=meeting.body_id)
        .select_related("series")
        .order_by("opened_on", "id")
    )


class AgendaCaseForm(StaffForm):
    case = CaseChoiceField(Case.objects.none(), label=_("Case ready for decision"))
    at_meeting = forms.BooleanField(label=_("Added at the meeting"), required=False)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = ready_cases(meeting)


ITEM_KINDS = [
    (ItemKind.INFORMATION, _("Information")),
    (ItemKind.DELEGATED, _("Report of delegated decisions")),
    (ItemKind.OTHER, _("Other item")),
    (ItemKind.STANDING, _("Standing item")),
]


class AgendaItemForm(StaffForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ITEM_KINDS)
    title = forms.CharField(label=_("Title"), max_length=300)
    for_decision = forms.BooleanField(label=_("For decision"), required=False)
    at_meeting = forms.BooleanField(label=_("Added at the meeting"), required=False)

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())


class AttendanceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Attendance) -> str:  # type: ignore[override]
        return f"{obj.name_with_party}, {obj.get_role_display()}"


class AttendanceMultipleChoiceField(TenantMultipleChoiceField):
    def label_from_instance(self, obj: Attendance) -> str:  # type: ignore[override]
        return f"{obj.name_with_party}, {obj.get_role_display()}"


class CalledForm(StaffForm):
    """A form whose choices are the people called to one meeting."""

    # Attendances have no tenant of their own: the choices are the meeting's, set in __init__.
    shared_choices = frozenset({"attendance", "substitute", "serves_for", "chair", "adjusters", "secretary"})

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        called = Attendance.objects.filter(meeting=meeting).order_by("sort_order", "id")
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Attendance:
                field.queryset = called


class AttendanceAddForm(StaffForm):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=AttendeeRole.choices,
        initial=AttendeeRole.OTHER,
    )
    person = forms.ModelChoiceField(
        Person.objects.order_by("last_name", "first_name"), label=_("Person in the registry"), required=False
    )
    name = forms.CharField(
        label=_("Or a name"), max_length=200, required=False, help_text=_("Someone not in the registry.")
    )
    title = _formfield(Attendance, "title")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        name = " ".join((cleaned.get("name") or "").split())
        cleaned["name"] = name
        if not cleaned.get("person") and not name and "name" not in self.errors:
            self.add_error("name", _("Choose a person or give a name."))
        return cleaned


class PresentForm(StaffForm):
    present = forms.BooleanField(label=_("Present"), required=False)


class ParagraphCreateForm(StaffForm):
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(),
        label=_("Agenda item"),
        required=False,
        empty_label=_("— none: a paragraph of its own —"),
    )
    title = forms.CharField(
        label=_("Title"), max_length=300, required=False, help_text=_("Taken from the item when left empty.")
    )
    shared_choices = frozenset({"agenda_item"})

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.filter(
            withdrawn=False, paragraph__isnull=True
        ).order_by("sort_order", "id")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["title"] = " ".join((cleaned.get("title") or "").split())
        if not cleaned.get("agenda_item") and not cleaned["title"] and "title" not in self.errors:
            self.add_error("title", _("Give the paragraph a title or choose an agenda item."))
        return cleaned


class ParagraphForm(StaffForm):
    title = _formfield(MinutesParagraph, "title")
    background = _formfield(MinutesParagraph, "background", widget=forms.Textarea(attrs={"rows": 5}))
    proposals = _formfield(MinutesParagraph, "proposals", widget=forms.Textarea(attrs={"rows": 4}))
    decision_text = _formfield(MinutesParagraph, "decision_text", widget=forms.Textarea(attrs={"rows": 4}))
    is_decision = _formfield(MinutesParagraph, "is_decision")
    decision_kind = forms.ChoiceField(
        label=_("Who decides"),
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "In the chief's management group formal decisions rest with the chief: the minutes name "
            "the holder of the chief's post on the meeting day."
        ),
    )

    @classmethod
    def initial_from(cls, obj: MinutesParagraph, *extra: str) -> dict[str, Any]:
        """The paragraph's text; the choice of who decides only in a group where the chief may
        decide (S2.1), so a political body's paragraph offers none."""
        initial = super().initial_from(obj, *extra)
        if not chief_may_decide(obj.meeting.body):
            initial.pop("decision_kind")
        return initial

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "decision_kind" not in self.initial:
            del self.fields["decision_kind"]


class SecrecyForm(StaffForm):
    osl = forms.CharField(
        label=_("OSL paragraph"),
        max_length=100,
        help_text=_("The paragraph the secrecy rests on, e.g. “OSL 39 kap. 3 §”."),
    )


class SubstituteForm(CalledForm):
    substitute = AttendanceChoiceField(Attendance.objects.none(), label=_("Substitute"))
    serves_for = AttendanceChoiceField(Attendance.objects.none(), label=_("Serves for"))


class NotTakingPartForm(CalledForm):
    attendance = AttendanceChoiceField(Attendance.objects.none(), label=_("Member"))
    conflict_of_interest = forms.BooleanField(
        label=_("Conflict of interest (KL 6 kap. 28 §)"),
        required=False,
        help_text=_("Leave unticked for a member who is away for this paragraph."),
    )


class DissentForm(CalledForm):
    attendance = AttendanceChoiceField(Attendance.objects.none(), label=_("Who dissents"))
    reasons = _formfield(
        Dissent,
        "reasons",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Written reasons may be given until the minutes are approved (KL 4 kap. 27 §)."),
    )

    def __init__(self, *args: Any, deciding: list[Attendance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendance"].queryset = Attendance.objects.filter(pk__in=[a.pk for a in deciding])


class NoteForm(CalledForm):
    attendance = AttendanceChoiceField(Attendance.objects.none(), label=_("Whose note"))
    text = forms.CharField(label=_("Note"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}))


VOTE_CHOICES = [("", _("— did not vote —")), *VoteChoice.choices]


class VoteForm(StaffForm):
    """A roll call: one choice for each member deciding the paragraph (KL 5 kap. 67 §)."""

    question = _formfield(Vote, "question", widget=forms.Textarea(attrs={"rows": 2}))
    yes_means = _formfield(Vote, "yes_means")
    no_means = _formfield(Vote, "no_means")

    def __init__(self, *args: Any, deciding: list[Attendance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deciding = deciding
        for a in deciding:
            self.fields[f"ballot_{a.pk}"] = forms.ChoiceField(
                label=a.name_with_party, choices=VOTE_CHOICES, required=False
            )
        self.groups = [(_("Roll call"), [f"ballot_{a.pk}" for a in deciding])]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        ballots = {a: cleaned.get(f"ballot_{a.pk}") for a in self.deciding}
        cleaned["ballots"] = {a: c for a, c in ballots.items() if c}
        if not cleaned["ballots"] and not self.errors:
            self.add_error(None, _("Record at least one member's vote."))
        return cleaned

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data[k] for k in ("question", "yes_means", "no_means", "ballots")}


class ApprovalForm(CalledForm):
    chair = AttendanceChoiceField(Attendance.objects.none(), label=_("Chair"))
    adjusters = AttendanceMultipleChoiceField(
        Attendance.objects.none(), label=_("Adjusters"), widget=forms.CheckboxSelectMultiple
    )
    secretary = AttendanceChoiceField(Attendance.objects.none(), label=_("Secretary"), required=False)
    place = forms.CharField(label=_("Place of approval"), max_length=200)
    date = forms.DateField(
        label=_("Date of approval"),
        widget=DateInput,
        help_text=_("At the latest 14 days after the meeting (KL 5 kap. 69 §)."),
    )
    time = forms.TimeField(
        label=_("Time of approval"),
        widget=TimeInput,
        required=False,
        help_text=_("The time of day set at the meeting, e.g. 10:00."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        called = self.fields["chair"].queryset
        self.fields["adjusters"].queryset = called
        self.initial.setdefault("time", self.meeting.approval_time)

    def clean_place(self) -> str:
        return " ".join(self.cleaned_data["place"].split())


class SignForm(StaffForm):
    confirm = forms.BooleanField(label="", required=True)

    def __init__(self, *args: Any, name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = _("I, %(name)s, have read the minutes and approve them.") % {
            "name": name
        }
        self.fields["confirm"].error_messages["required"] = _("Tick the box to approve the minutes.")


class OnBehalfSignForm(StaffForm):
    """An administrator approves a line of the minutes on the signer's behalf, with a reason."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Why you approve on the signer's behalf, e.g. “Approved on paper on 13 March”."),
    )

    def __init__(self, *args: Any, name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Reason for approving on behalf of %(name)s") % {"name": name}
