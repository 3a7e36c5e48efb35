"""The case register (diarium): number series, cases, records and their files.

Official records received or drawn up are registered without delay with a date, a case number
or sender/recipient, and a short description (OSL 5 kap. 1–2 §§); secret information is marked
with the paragraph it rests on, and the rest stays public (OSL 5 kap. 5 §).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from radhus.core.collation import COLLATION
from radhus.core.fields import MultiLineTextField, NameField
from radhus.core.models import Tenant
from radhus.core.validators import LONG_TEXT_LENGTH, validate_date_in_range

# How a case number is written, a setting of each organisation. ``{code}`` is the series'
# code (KS), ``{year}`` the year, ``{n}`` the running number; ``{n:06}`` pads it with zeros.
DEFAULT_NUMBER_FORMAT = "{code} {year}/{n}"
NUMBER_FORMAT_PATTERN = re.compile(r"^(?:[^{}]|\{code\}|\{year\}|\{n(?::0[1-9])?\})+$")
OSL_PARAGRAPH_LENGTH = 100
YEAR_MIN, YEAR_MAX = 1800, 2200


def validate_number_format(value: str) -> None:
    """A number format names the running number once, and only the known placeholders."""
    if not NUMBER_FORMAT_PATTERN.fullmatch(value or "") or len(re.findall(r"\{n(?::0[1-9])?\}", value)) != 1:
        raise ValidationError(
            _("Write the format with {code}, {year} and {n} (or {n:06}), e.g. “{code} {year}/{n}”."),
            code="number_format",
        )


def format_number(pattern: str, *, code: str, year: int, n: int) -> str:
    """``format_number("{code} {year}/{n}", code="KS", year=2026, n=123)`` → ``KS 2026/123``."""

    def fill(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{code}":
            return code
        if token == "{year}":
            return str(year)
        width = int(token[4:-1]) if ":" in token else 0
        return str(n).zfill(width)

    return re.sub(r"\{code\}|\{year\}|\{n(?::0[1-9])?\}", fill, pattern)


class RegisterSettings(models.Model):
    """An organisation's settings for its case register."""

    tenant = models.OneToOneField(
        Tenant, on_delete=models.CASCADE, related_name="register_settings", verbose_name=_("organisation")
    )
    number_format = models.CharField(
        _("case number format"),
        max_length=40,
        default=DEFAULT_NUMBER_FORMAT,
        validators=[validate_number_format],
        help_text=_("For example “{code} {year}/{n}” (KS 2026/123), “{code}/{year}:{n}” or “{year}-{n:06}”."),
    )

    class Meta:
        verbose_name = _("register settings")
        verbose_name_plural = _("register settings")

    def __str__(self) -> str:
        return f"{self.tenant}: {self.number_format}"


class Series(models.Model):
    """A number series of one body (a unit of the organisation registry), e.g. KS."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="case_series", verbose_name=_("organisation")
    )
    body = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="case_series", verbose_name=_("body")
    )
    code = NameField(_("code"), max_length=20, help_text=_("Written in the case number, e.g. KS."))
    name = NameField(_("name"), max_length=200, blank=True, db_collation=COLLATION)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="series_code_unique_in_tenant"),
        ]

    def __str__(self) -> str:
        return self.code


class SeriesYear(models.Model):
    """The counter of one series in one year: the last number given. Registration locks this
    row, so numbers are gapless and never given twice (OSL 5 kap. 1 §: registered without
    delay, each case under its own number)."""

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="years", verbose_name=_("series")
    )
    year = models.PositiveIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("year of a number series")
        verbose_name_plural = _("years of number series")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="series_year_once"),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN) & Q(year__lte=YEAR_MAX),
                name="series_year_in_range",
                violation_error_message=_("The year is outside the years the register accepts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last_number}"


class Classification(models.Model):
    """A class of the organisation's classification scheme (a process in the style of SKR's
    KLASSA, e.g. 1.2.3 “Planera verksamhet”), imported from CSV."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="classifications", verbose_name=_("organisation")
    )
    code = models.CharField(_("code"), max_length=40)
    title = NameField(_("title"), max_length=300, db_collation=COLLATION)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    description = MultiLineTextField(_("description"), max_length=LONG_TEXT_LENGTH, blank=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classification scheme")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="classification_code_unique_in_tenant"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="classification_not_own_parent",
                violation_error_message=_("A class cannot be under itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Status(models.TextChoices):
    """Where a case stands. It changes only through the services' actions, one per step."""

    REGISTERED = "registered", _("registered")
    IN_PREPARATION = "in_preparation", _("in preparation")
    ON_REFERRAL = "on_referral", _("out on referral")
    READY = "ready", _("ready for decision")
    ON_AGENDA = "on_agenda", _("on an agenda")
    DECIDED = "decided", _("decided")
    BEING_CARRIED_OUT = "being_carried_out", _("being carried out")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    MERGED = "merged", _("merged into another case")


ENDED = {Status.CLOSED, Status.WITHDRAWN, Status.MERGED}


def status_label(value: str) -> str:
    """The name of a status in the reader's language (a row read without its model)."""
    return str(Status(value).label) if value in Status.values else value


def shown_title(title: str, title_secrecy: str, public_title: str) -> str:
    """The title of a case the public may read: its public title when the title itself is secret
    (OSL 5 kap. 5 §: the rest stays public)."""
    return public_title if title_secrecy else title


class Origin(models.TextChoices):
    """Where a case comes from. A case from another committee, a company or a federation must be
    completed with a statement or proposed decision, and its financing, before the board
    decides (S4.6; KL 6 kap. 1 §)."""

    OWN_INITIATIVE = "own_initiative", _("own initiative")
    COMMITTEE = "committee", _("another committee")
    COMPANY = "company", _("a municipal company")
    FEDERATION = "federation", _("a federation")
    CITIZEN = "citizen", _("a citizen")
    AUTHORITY = "authority", _("an authority")
    MOTION = "motion", _("a motion")
    CITIZEN_PROPOSAL = "citizen_proposal", _("a citizen proposal")


NEEDS_COMPLETION = {Origin.COMMITTEE, Origin.COMPANY, Origin.FEDERATION}


class Case(models.Model):
    """A matter handled by the organisation (ärende), under a case number such as KS 2026/123."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="cases", verbose_name=_("organisation")
    )
    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="cases", verbose_name=_("series")
    )
    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("running number"))
    number = models.CharField(_("case number"), max_length=60, editable=False)
    title = NameField(_("title"), max_length=300, db_collation=COLLATION)
    title_secrecy = NameField(
        _("secrecy of the title"),
        max_length=OSL_PARAGRAPH_LENGTH,
        blank=True,
        help_text=_("The OSL paragraph when the title itself is secret, e.g. “OSL 21 kap. 1 §”."),
    )
    public_title = NameField(
        _("public title"),
        max_length=300,
        blank=True,
        help_text=_("Shown to the public instead of a secret title."),
    )
    description = MultiLineTextField(_("description"), max_length=LONG_TEXT_LENGTH, blank=True)
    classification = models.ForeignKey(
        Classification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("class"),
    )
    responsible_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("responsible unit"),
    )
    officer = models.ForeignKey(
        "organisation.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("case officer"),
    )
    origin = models.CharField(
        _("origin"), max_length=30, choices=Origin.choices, default=Origin.OWN_INITIATIVE
    )
    origin_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
        help_text=_("The committee, company or federation the case comes from."),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.REGISTERED, editable=False
    )
    opened_on = models.DateField(
        _("registered on"), validators=[validate_date_in_range], help_text=_("The day the case was opened.")
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_cases",
        editable=False,
        verbose_name=_("merged into"),
    )
    related = models.ManyToManyField("self", blank=True, verbose_name=_("related cases"))
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "sequence"], name="case_number_once_per_series"
            ),
            models.UniqueConstraint(fields=["tenant", "number"], name="case_number_unique_in_tenant"),
            models.CheckConstraint(
                condition=Q(sequence__gte=1),
                name="case_sequence_positive",
                violation_error_message=_("A case's running number starts at 1."),
            ),
            models.CheckConstraint(
                condition=Q(title_secrecy="") | ~Q(public_title=""),
                name="case_secret_title_has_public_title",
                violation_error_message=_("A case whose title is secret needs a public title."),
            ),
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False)
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="case_merged_names_case",
                violation_error_message=_(
                    "A merged case names the case it was merged into, and only a merged case does."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")),
                name="case_not_merged_into_itself",
                violation_error_message=_("A case cannot be merged into itself."),
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "-year", "-sequence"], name="case_tenant_newest"),
            models.Index(fields=["tenant", "status", "-year", "-sequence"], name="case_tenant_status"),
            models.Index(fields=["series", "-year", "-sequence"], name="case_series_newest"),
            models.Index(fields=["officer", "status"], name="case_officer_status"),
            models.Index(fields=["responsible_unit", "status"], name="case_unit_status"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.shown_title}"

    @property
    def is_title_secret(self) -> bool:
        return bool(self.title_secrecy)

    @property
    def shown_title(self) -> str:
        return shown_title(self.title, self.title_secrecy, self.public_title)

    @property
    def is_open(self) -> bool:
        return self.status not in ENDED


class PartyKind(models.TextChoices):
    PRIVATE_PERSON = "private_person", _("private person")
    ORGANISATION = "organisation", _("organisation or company")
    AUTHORITY = "authority", _("authority")


class CaseParty(models.Model):
    """A party to a case (motpart). A private person's name and contact details are personal
    data: never shown to the public or in the public API."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind.choices)
    name = NameField(_("name"), max_length=200)
    address = MultiLineTextField(_("address"), max_length=500, blank=True)
    email = NameField(_("e-mail"), max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_private_person(self) -> bool:
        return self.kind == PartyKind.PRIVATE_PERSON


class Direction(models.TextChoices):
    RECEIVED = "received", _("received")
    DRAWN_UP = "drawn_up", _("drawn up")
    SENT = "sent", _("sent")


class RecordKind(models.TextChoices):
    LETTER = "letter", _("letter or e-mail")
    APPLICATION = "application", _("application or request")
    OFFICERS_REPORT = "officers_report", _("officer's report")
    STATEMENT = "statement", _("statement")
    PROPOSED_DECISION = "proposed_decision", _("proposed decision")
    FINANCING = "financing", _("financing statement")
    REFERRAL = "referral", _("referral")
    REFERRAL_RESPONSE = "referral_response", _("referral response")
    MINUTES_EXTRACT = "minutes_extract", _("extract from the minutes")
    DECISION = "decision", _("decision")
    MOTION = "motion", _("motion")
    COPY_REQUEST = "copy_request", _("request for a copy")
    OTHER = "other", _("other")


class SecrecyScope(models.TextChoices):
    """What a secrecy marking hides: the whole record (its title, sender or recipient and
    files), or its contents only (the files; the title stays public)."""

    RECORD = "record", _("the whole record")
    CONTENTS = "contents", _("the contents (files)")


class Record(models.Model):
    """An official record in a case (handling), numbered KS 2026/123-4."""

    # The case's organisation, kept on the record too so that the register's lists of records
    # are narrowed and ordered by one index (set by the services from the case).
    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="records", verbose_name=_("organisation")
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="records", verbose_name=_("case"))
    sequence = models.PositiveIntegerField(_("record number"))
    number = models.CharField(_("number"), max_length=70, editable=False)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    kind = models.CharField(_("type"), max_length=30, choices=RecordKind.choices, default=RecordKind.OTHER)
    title = NameField(_("title"), max_length=300, db_collation=COLLATION)
    description = MultiLineTextField(_("description"), max_length=LONG_TEXT_LENGTH, blank=True)
    document_date = models.DateField(
        _("dated"),
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text=_("The date the record bears."),
    )
    registered_on = models.DateField(
        _("registered on"),
        validators=[validate_date_in_range],
        help_text=_("Received or drawn up records are registered without delay (OSL 5 kap. 1 §)."),
    )
    sender = NameField(_("sender"), max_length=200, blank=True)
    recipient = NameField(_("recipient"), max_length=200, blank=True)
    counterpart_is_private = models.BooleanField(
        _("sender or recipient is a private person"),
        default=False,
        help_text=_("The name is then left out of the public register."),
    )
    secrecy = NameField(
        _("secrecy"),
        max_length=OSL_PARAGRAPH_LENGTH,
        blank=True,
        help_text=_("The OSL paragraph the secrecy rests on, e.g. “OSL 21 kap. 1 §”; empty: public."),
    )
    secrecy_scope = models.CharField(
        _("what is secret"), max_length=20, choices=SecrecyScope.choices, default=SecrecyScope.RECORD
    )
    is_final = models.BooleanField(_("final"), default=False, editable=False)
    finalised_at = models.DateTimeField(_("made final"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("record")
        verbose_name_plural = _("records")
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="record_number_once_per_case"),
            models.CheckConstraint(
                condition=Q(sequence__gte=1),
                name="record_sequence_positive",
                violation_error_message=_("A record's number starts at 1."),
            ),
            models.CheckConstraint(
                condition=Q(is_final=False) | Q(finalised_at__isnull=False),
                name="record_final_has_time",
                violation_error_message=_("A final record has the time it was made final."),
            ),
        ]
        indexes = [
            models.Index(fields=["case", "registered_on"], name="record_case_date"),
            models.Index(fields=["tenant", "-registered_on", "-id"], name="record_tenant_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_secret(self) -> bool:
        return bool(self.secrecy)

    @property
    def is_wholly_secret(self) -> bool:
        return bool(self.secrecy) and self.secrecy_scope == SecrecyScope.RECORD

    @property
    def counterpart(self) -> str:
        return self.sender if self.direction == Direction.RECEIVED else self.recipient


def record_file_path(instance: RecordFile, filename: str) -> str:
    """Files are kept under an opaque path: the record's id and the version, never the
    (possibly secret) file name."""
    return f"diarium/{instance.record.tenant_id}/{instance.record_id}/v{instance.version}"


class RecordFile(models.Model):
    """One version of a record's file; a new version may be added until the record is final."""

    record = models.ForeignKey(
        Record, on_delete=models.PROTECT, related_name="files", verbose_name=_("record")
    )
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=record_file_path, max_length=300)
    file_name = NameField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("file of a record")
        verbose_name_plural = _("files of records")
        ordering = ["record", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["record", "version"], name="record_file_version_once"),
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="record_file_version_positive",
                violation_error_message=_("A file's version starts at 1."),
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="record_file_sha256_hex",
                violation_error_message=_("The checksum must be a SHA-256 in hexadecimal."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} v{self.version}"


class OfficersReport(models.Model):
    """An officer's report (tjänsteskrivelse) drafted in the browser for a case (S4.6, S4.8).
    The officer and the signing manager are people of the registry; the PDF is rendered from
    these fields."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="officers_report", verbose_name=_("case")
    )
    background = MultiLineTextField(_("background"), max_length=LONG_TEXT_LENGTH, blank=True)
    assessment = MultiLineTextField(_("assessment"), max_length=LONG_TEXT_LENGTH, blank=True)
    financing = MultiLineTextField(_("financing"), max_length=LONG_TEXT_LENGTH, blank=True)
    proposed_decision = MultiLineTextField(_("proposed decision"), max_length=LONG_TEXT_LENGTH, blank=True)
    officer = models.ForeignKey(
        "organisation.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer"),
    )
    signed_by = models.ForeignKey(
        "organisation.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signing manager"),
    )
    dated = models.DateField(_("dated"), validators=[validate_date_in_range])
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("officer's report")
        verbose_name_plural = _("officer's reports")

    def __str__(self) -> str:
        label = _("officer's report")
        return f"{self.case.number}: {label}"


# --- referrals, watches (second helper) ------------------------------------------------------
# Referrals (remisser), watches (bevakningar), who a staff user is in the registry (for “my
# cases”), the public's question form (S3.5) and the search index of cases.


class Referral(models.Model):
    """A case sent out for a statement (remiss) to a body, inside the organisation or outside
    it, with a due date; the answer is recorded when it comes."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("case"))
    body = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("body in the registry"),
    )
    recipient = NameField(_("recipient"), max_length=200)
    sent_on = models.DateField(_("sent on"), validators=[validate_date_in_range])
    due_on = models.DateField(_("answer due"), validators=[validate_date_in_range])
    answered_on = models.DateField(_("answered on"), null=True, blank=True, editable=False)
    answer_summary = MultiLineTextField(_("answer"), max_length=LONG_TEXT_LENGTH, blank=True, editable=False)
    sent_record = models.ForeignKey(
        Record, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    answer_record = models.ForeignKey(
        Record, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("sent_on")),
                name="referral_due_after_sent",
                violation_error_message=_("The answer cannot be due before the referral is sent."),
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=models.F("sent_on")),
                name="referral_answer_after_sent",
                violation_error_message=_("The answer cannot come before the referral was sent."),
            ),
        ]
        indexes = [models.Index(fields=["tenant", "answered_on", "due_on"], name="referral_open_due")]

    def __str__(self) -> str:
        return f"{self.case.number} → {self.recipient}"

    def is_overdue(self, on: object = None) -> bool:
        today = on or timezone.localdate()
        return self.answered_on is None and self.due_on < today  # type: ignore[operator]


class Watch(models.Model):
    """A watch (bevakning): something to follow up in a case by a due date."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="watches", verbose_name=_("case"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("watched by")
    )
    note = NameField(_("what to follow up"), max_length=300)
    due_on = models.DateField(_("due"), validators=[validate_date_in_range])
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["user", "done_on", "due_on"], name="watch_user_open_due")]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.note}"


class OfficerLink(models.Model):
    """Who a staff user is in the organisation registry: the person whose cases are “my cases”
    and whose unit's cases are “my unit's cases”."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("organisation.Person", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("officer of a user")
        verbose_name_plural = _("officers of users")
        constraints = [models.UniqueConstraint(fields=["tenant", "user"], name="officer_link_once")]

    def __str__(self) -> str:
        return f"{self.user} = {self.person}"


class PublicForm(models.Model):
    """The public's form for questions and ideas (S3.5): what it registers, in which series."""

    tenant = models.OneToOneField(
        Tenant, on_delete=models.CASCADE, related_name="public_form", verbose_name=_("organisation")
    )
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="+", verbose_name=_("series"))
    responsible_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible unit"),
    )
    is_open = models.BooleanField(
        _("open"),
        default=True,
        help_text=_("When closed, the form's page is gone and nothing is registered."),
    )
    intro = MultiLineTextField(
        _("introduction"), max_length=2000, blank=True, help_text=_("Shown above the form.")
    )
    receipt_text = MultiLineTextField(
        _("receipt text"),
        max_length=2000,
        blank=True,
        help_text=_(
            "The opening of the receipt mailed to the sender; the case number and the subject "
            "always follow. Empty: a standard thank-you."
        ),
    )

    class Meta:
        verbose_name = _("question form")
        verbose_name_plural = _("question forms")

    def __str__(self) -> str:
        return str(self.tenant)


class CaseSearch(models.Model):
    """The search document of a case, kept by ``radhus.diarium.search``: the text anyone may
    search (the public title, description and the titles of records not wholly secret) and the
    whole text for those who may read secrets. Both are folded (lower case, no accents), so that
    ``forskola`` finds ``förskola``. Full-text indexes over them are made by the migration:
    FTS5 on SQLite, GIN over ``to_tsvector('swedish', …)`` on PostgreSQL."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="search_doc")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    public_text = models.TextField(blank=True)
    full_text = models.TextField(blank=True)
    # The case's order in the register (newest first), copied so that a search picks its page of
    # matches from the documents alone and reads only those cases (a case's number never changes).
    # Nullable so that adding them is a plain ADD COLUMN (SQLite would otherwise copy the table
    # and lose the FTS5 triggers on it); every document written since has them.
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [models.Index(fields=["tenant", "-year", "-sequence"], name="casesearch_newest")]

    def __str__(self) -> str:
        return str(self.case_id)
