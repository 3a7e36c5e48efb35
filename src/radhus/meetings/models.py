"""Meetings of the registry's bodies and groups: the series and its plan, the meeting, its
attendance and agenda, the minutes with their numbered paragraphs, the approval (justering), the
decisions that go back to their cases, and the notice-board postings.

Who attends is drawn from the organisation registry as of the meeting day and kept as ids; the
names and parties the law wants frozen in approved minutes are kept as text on the rows
(``name``, ``party``) when the attendance is drawn, so a later rename never changes minutes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from radhus.core.fields import MultiLineTextField, NameField
from radhus.core.models import Tenant
from radhus.core.validators import LONG_TEXT_LENGTH, validate_date_in_range

TEXT = LONG_TEXT_LENGTH


class MeetingSeries(models.Model):
    """The meetings of one body or group: its cadence (an iCalendar RRULE read by dateutil,
    e.g. ``FREQ=MONTHLY;BYDAY=+2TU,+4TU`` for every second and fourth Tuesday), time and place,
    and the standing items on every meeting (S2.3)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="meeting_series")
    body = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="meeting_series", verbose_name=_("body")
    )
    name = NameField(_("name"), max_length=200)
    rule = models.CharField(
        _("cadence"),
        max_length=300,
        help_text=_(
            "A recurrence rule, e.g. FREQ=MONTHLY;BYDAY=+2TU,+4TU (every second and fourth Tuesday)."
        ),
    )
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    place = NameField(_("place"), max_length=200, blank=True)
    skip_public_holidays = models.BooleanField(_("skip public holidays"), default=True)
    minutes_kept_at = NameField(
        _("minutes kept at"),
        max_length=200,
        blank=True,
        help_text=_("Where the minutes are kept (KL 8 kap. 12 §)."),
    )

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StandingItem(models.Model):
    """An item on every meeting of the series (stående punkt, S2.3)."""

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="standing_items")
    title = NameField(_("title"), max_length=300)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("standing item")
        verbose_name_plural = _("standing items")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.title


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    NOTICE_SENT = "notice_sent", _("notice sent")
    HELD = "held", _("held")
    APPROVED = "approved", _("minutes approved")
    CANCELLED = "cancelled", _("cancelled")


class Meeting(models.Model):
    """One meeting (sammanträde) of a body, and its minutes once held."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="meetings")
    series = models.ForeignKey(
        MeetingSeries, on_delete=models.PROTECT, related_name="meetings", null=True, blank=True
    )
    body = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    date = models.DateField(_("date"), validators=[validate_date_in_range])
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    place = NameField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    announced_on = models.DateField(
        _("announced on"), null=True, blank=True, validators=[validate_date_in_range]
    )
    approval_place = NameField(_("place of approval"), max_length=200, blank=True)
    approval_date = models.DateField(
        _("date of approval"), null=True, blank=True, validators=[validate_date_in_range]
    )
    approval_time = models.TimeField(
        _("time of approval"),
        null=True,
        blank=True,
        help_text=_("The time of day set at the meeting for the approval, e.g. 10.00."),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    minutes_kept_at = NameField(_("minutes kept at"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "start_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "date", "start_time"], name="meeting_once_per_body_and_time"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "body", "date"], name="meeting_body_date")]

    def __str__(self) -> str:
        return f"{self.body} {self.date.isoformat()}"

    @property
    def is_locked(self) -> bool:
        """Approved minutes are never changed (KL 5 kap. 69 §: the minutes are approved)."""
        return self.status == MeetingStatus.APPROVED


class AttendeeRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice chair")
    MEMBER = "member", _("member")
    SUBSTITUTE = "substitute", _("substitute")
    OPTIONAL = "optional_attendee", _("may attend")
    SECRETARY = "secretary", _("secretary")
    OTHER = "other", _("other present")


DECIDING_ROLES = {AttendeeRole.CHAIR, AttendeeRole.VICE_CHAIR, AttendeeRole.MEMBER}

# Swedish definite endings: “Kommunchefen” is the post “kommunchef”, “Kommunsekreteraren” the
# post “kommunsekreterare”.
DEFINITE_ENDINGS = ("", "n", "en", "et", "t")


def _says(name: str, title: str) -> bool:
    """Whether ``name`` already says ``title``: the post itself, in its definite form or not."""
    name, title = name.strip().casefold(), title.strip().casefold()
    return name.startswith(title) and name[len(title) :] in DEFINITE_ENDINGS


def _in_running_text(title: str) -> str:
    """A title as it reads after a name (“Anna Berg, kommunchef”): a capital first letter made
    small, an abbreviation (“IT-chef”) kept."""
    if len(title) > 1 and title[1].isupper():
        return title
    return title[:1].lower() + title[1:]


class Attendance(models.Model):
    """Who was called to a meeting, and whether they came. Drawn from the group's seats on the
    meeting day; the name and party are frozen as text for the minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "organisation.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="attendances"
    )
    membership = models.ForeignKey(
        "organisation.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=AttendeeRole.choices)
    name = NameField(_("name"), max_length=200)
    party = NameField(_("party"), max_length=10, blank=True)
    title = NameField(
        _("title"), max_length=200, blank=True, help_text=_("The post held, e.g. municipal director.")
    )
    present = models.BooleanField(_("present"), default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name_with_party

    @property
    def name_with_party(self) -> str:
        return f"{self.name} ({self.party})" if self.party else self.name

    @property
    def line(self) -> str:
        """The line of real minutes for someone present who does not decide: the name, the
        title (or, without one, the role) and what the title adds, each said once: “Anna Berg,
        kommunchef, med yttranderätt”. A post present by its title (a vacant post,
        “Kommunchefen”) is not named twice: “Kommunchefen, med yttranderätt”."""
        parts: list[str] = []
        for part in (p.strip() for p in self.title.split(",")):
            if part and not _says(self.name, part) and all(part.casefold() != p.casefold() for p in parts):
                parts.append(_in_running_text(part))
        if not self.title.strip():
            parts.append(str(self.get_role_display()))
        return ", ".join([self.name, *parts])


class ItemKind(models.TextChoices):
    STANDING = "standing", _("standing item")
    CASE = "case", _("case")
    INFORMATION = "information", _("information")
    DELEGATED = "delegated", _("report of delegated decisions")
    OTHER = "other", _("other")


class AgendaItem(models.Model):
    """An item on a meeting's agenda (föredragningslista)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    title = NameField(_("title"), max_length=300)
    case = models.ForeignKey(
        "diarium.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    for_decision = models.BooleanField(_("for decision"), default=False)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    added_at_meeting = models.BooleanField(_("added at the meeting"), default=False)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="case") | Q(case__isnull=False),
                name="agenda_case_item_names_case",
                violation_error_message=_("An agenda item for a case names the case."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class ParagraphCounter(models.Model):
    """The last paragraph number a body gave in a year; locked while a number is given, so the
    paragraphs run through the year without gaps or doubles."""

    body = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="paragraph_counter_once")]

    def __str__(self) -> str:
        return f"{self.body_id} {self.year}: {self.last_number}"


class DecisionKind(models.TextChoices):
    """Who makes a paragraph's decision: the body itself, or, in a group where formal decisions
    rest with the chief (the chief's management group, S2.1), the chief alone."""

    BODY = "body", _("the body's decision")
    CHIEF = "chief", _("the chief's decision")


class MinutesParagraph(models.Model):
    """A numbered item of the minutes (§), numbered through the year per body. What it records
    follows KL 5 kap. 67 §: proposals, the order they were put, votes, decision, dissents."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="paragraphs")
    body = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    number = models.PositiveIntegerField(_("paragraph"))
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="paragraph"
    )
    case = models.ForeignKey(
        "diarium.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="paragraphs"
    )
    title = NameField(_("title"), max_length=300)
    background = MultiLineTextField(_("background"), max_length=TEXT, blank=True)
    proposals = MultiLineTextField(_("proposals"), max_length=TEXT, blank=True)
    decision_text = MultiLineTextField(_("decision"), max_length=TEXT, blank=True)
    is_decision = models.BooleanField(_("decision item"), default=False)
    decision_kind = models.CharField(
        _("who decides"), max_length=10, choices=DecisionKind.choices, default=DecisionKind.BODY
    )
    decided_by = models.ForeignKey(
        "organisation.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
        help_text=_(
            "The chief who made the chief's decision: the holder of the chief's post on the meeting day."
        ),
    )
    decided_by_name = NameField(_("decided by (name)"), max_length=200, blank=True, editable=False)
    decided_by_title = NameField(_("decided by (post)"), max_length=200, blank=True, editable=False)
    secrecy = NameField(
        _("secrecy"),
        max_length=100,
        blank=True,
        help_text=_(
            "The paragraph of OSL its text rests on when the public may not read it, e.g. OSL 39 kap. 3 §."
        ),
    )
    immediately_approved = models.BooleanField(_("approved at once"), default=False)
    approved_at_once_on = models.DateField(
        _("approved at once on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The day the chair and adjusters approved this paragraph at once (omedelbar justering)."),
    )

    class Meta:
        verbose_name = _("minutes paragraph")
        verbose_name_plural = _("minutes paragraphs")
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="paragraph_number_once_per_body_year"
            ),
            models.CheckConstraint(
                condition=Q(decision_kind="body", decided_by__isnull=True, decided_by_name="")
                | (Q(decision_kind="chief", is_decision=True) & ~Q(decided_by_name="")),
                name="paragraph_chief_decision_names_chief",
                violation_error_message=_(
                    "The chief's decision is a decision and names the chief who made it; no other "
                    "paragraph names a decision maker."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"§ {self.number} {self.title}"

    @property
    def is_chief_decision(self) -> bool:
        return self.decision_kind == DecisionKind.CHIEF

    @property
    def decided_by_line(self) -> str:
        """“Anna Berg, kommunchef”: who made the chief's decision, as frozen on the paragraph."""
        if not self.decided_by_name:
            return ""
        return (
            f"{self.decided_by_name}, {self.decided_by_title.lower()}"
            if self.decided_by_title
            else self.decided_by_name
        )


class ParagraphAttendanceKind(models.TextChoices):
    SERVES_FOR = "serves_for", _("serves in place of")
    ABSENT = "absent", _("away")
    CONFLICT = "conflict", _("conflict of interest")


class ParagraphAttendance(models.Model):
    """Attendance for one paragraph: a substitute serving for a member, a member away for the
    paragraph, or a member taking no part for a conflict of interest (jäv, KL 6 kap. 28 §)."""

    paragraph = models.ForeignKey(
        MinutesParagraph, on_delete=models.CASCADE, related_name="attendance_changes"
    )
    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="paragraph_changes")
    kind = models.CharField(max_length=20, choices=ParagraphAttendanceKind.choices)
    serves_for = models.ForeignKey(
        Attendance, on_delete=models.CASCADE, null=True, blank=True, related_name="replaced_in"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "attendance"], name="paragraph_attendance_once"),
            models.CheckConstraint(
                condition=Q(kind="serves_for", serves_for__isnull=False)
                | (~Q(kind="serves_for") & Q(serves_for__isnull=True)),
                name="paragraph_attendance_serves_for_names_member",
                violation_error_message=_(
                    "A substitute who serves names the member served for, and only a serving substitute does."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attendance} {self.kind}"


class VoteChoice(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    ABSTAIN = "abstain", _("abstains")


class Vote(models.Model):
    """A roll-call vote on a paragraph: the question put, and how each member voted (KL 5 kap. 67 §)."""

    paragraph = models.ForeignKey(MinutesParagraph, on_delete=models.CASCADE, related_name="votes")
    question = MultiLineTextField(_("question"), max_length=2000)
    yes_means = NameField(_("yes means"), max_length=300)
    no_means = NameField(_("no means"), max_length=300)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.question

    def count(self, choice: str) -> int:
        return sum(1 for b in self.ballots.all() if b.choice == choice)


class Ballot(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["vote", "attendance"], name="ballot_once_per_member")]

    def __str__(self) -> str:
        return f"{self.attendance}: {self.choice}"


class Dissent(models.Model):
    """A member's dissent (reservation) against a decision, with written reasons given before
    the approval (KL 4 kap. 27 §)."""

    paragraph = models.ForeignKey(MinutesParagraph, on_delete=models.CASCADE, related_name="dissents")
    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="dissents")
    reasons = MultiLineTextField(_("reasons"), max_length=TEXT, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["paragraph", "attendance"], name="dissent_once")]

    def __str__(self) -> str:
        return f"{self.attendance}"


class Note(models.Model):
    """A note to the minutes (protokollsanteckning), e.g. the director's note that a decision
    lacks financing (S4.9). Not regulated by KL; the chair allows it."""

    paragraph = models.ForeignKey(MinutesParagraph, on_delete=models.CASCADE, related_name="notes")
    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="notes")
    text = MultiLineTextField(_("note"), max_length=TEXT)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:50]


class SignerRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    ADJUSTER = "adjuster", _("adjuster")
    SECRETARY = "secretary", _("secretary")


class Signer(models.Model):
    """Who signs the minutes, and when each approved them inside Rådhus."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="signers")
    attendance = models.ForeignKey(Attendance, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=SignerRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "attendance", "role"], name="signer_once")]

    def __str__(self) -> str:
        return f"{self.attendance} ({self.role})"


class Decision(models.Model):
    """A decision of an approved paragraph: the anchor that goes back to its case and that
    assignments are made from."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    paragraph = models.OneToOneField(MinutesParagraph, on_delete=models.PROTECT, related_name="decision")
    case = models.ForeignKey(
        "diarium.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    body = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()
    reference = models.CharField(max_length=100)
    text = MultiLineTextField(max_length=TEXT, blank=True)

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return self.reference


class PostingKind(models.TextChoices):
    APPROVAL = "approval", _("approval of minutes")
    PARAGRAPH = "paragraph", _("paragraph approved at once")
    ANNOUNCEMENT = "announcement", _("meeting announced")


class Posting(models.Model):
    """A notice on an organisation's notice board (anslagstavla): the approval of minutes
    (KL 8 kap. 12 §), the approval of one paragraph approved at once, which has its own notice and
    its own appeal period, or a council meeting announced beforehand (KL 5 kap. 13–15 §§). A joint
    body's approval is posted by each member municipality (``tenant``); the appeal period runs
    from the last of them (KL 13 kap. 5 §)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="postings")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="postings")
    kind = models.CharField(max_length=20, choices=PostingKind.choices)
    paragraph = models.ForeignKey(
        MinutesParagraph,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
        help_text=_("The paragraph approved at once that this notice announces."),
    )
    posted_on = models.DateField(validators=[validate_date_in_range])
    taken_down_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-posted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "meeting", "kind"],
                condition=Q(paragraph__isnull=True),
                name="posting_once",
                violation_error_message=_("The organisation has already posted this notice."),
            ),
            models.UniqueConstraint(
                fields=["tenant", "paragraph"],
                condition=Q(paragraph__isnull=False),
                name="posting_paragraph_once",
                violation_error_message=_("The organisation has already posted this paragraph."),
            ),
            models.CheckConstraint(
                condition=Q(kind="paragraph", paragraph__isnull=False)
                | (~Q(kind="paragraph") & Q(paragraph__isnull=True)),
                name="posting_paragraph_names_paragraph",
                violation_error_message=_(
                    "The notice of a paragraph approved at once names the paragraph, and only it does."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "-posted_on"], name="posting_tenant_newest"),
            # The notice board reads what is up today: by organisation and take-down day
            # (selectors.notice_board), not through every notice it has ever posted.
            models.Index(fields=["tenant", "taken_down_on", "posted_on"], name="posting_tenant_up_until"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.kind} {self.posted_on}"


class CalendarFeed(models.Model):
    """A user's private calendar address: it lists all the meetings the user's people in the
    registry are called to, secret bodies' included, so it is a secret. Only a SHA-256 hash
    of its key is stored; the address is shown once, when it is made. A new address revokes
    the old one; a revoked address answers 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("beginning of the key"), max_length=12)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_active_per_user",
                violation_error_message=_("The user already has a calendar address."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"


class DispatchKind(models.TextChoices):
    NOTICE = "notice", _("notice")
    EXTRACT = "extract", _("minute extract")


class DispatchChannel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    LETTER = "letter", _("letter or by hand")


class DispatchStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    RETRYING = "retrying", _("failed, will be tried again")
    FAILED = "failed", _("failed")
    NO_ADDRESS = "no_address", _("no e-mail address")


class Dispatch(models.Model):
    """One recipient of a meeting's notice (kallelse) or of a minute extract
    (protokollsutdrag): who, by which channel, when, by whom, and what became of it. Auditors
    check the dispatch of extracts; a notice sent again makes a new round of rows."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="dispatches")
    paragraph = models.ForeignKey(
        MinutesParagraph, on_delete=models.PROTECT, null=True, blank=True, related_name="dispatches"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DispatchKind.choices)
    round = models.PositiveIntegerField(_("round"), default=1)
    recipient = NameField(_("recipient"), max_length=300)
    address = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=DispatchChannel.choices, default=DispatchChannel.EMAIL
    )
    attendance = models.ForeignKey(
        Attendance, on_delete=models.SET_NULL, null=True, blank=True, related_name="dispatches"
    )
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        "organisation.Post", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "organisation.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case_party = models.ForeignKey(
        "diarium.CaseParty", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DispatchStatus.choices, default=DispatchStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("dispatched at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by_name = NameField(_("dispatched by"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="notice", paragraph__isnull=True)
                | Q(kind="extract", paragraph__isnull=False),
                name="dispatch_extract_names_paragraph",
                violation_error_message=_("An extract is of a paragraph; a notice is of the whole meeting."),
            ),
        ]
        indexes = [models.Index(fields=["meeting", "kind", "round"], name="dispatch_meeting_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"
