"""The organisation in time: units, posts, people, appointments, memberships, contacts and
reorganisations. Every row that can change over time is ``TimeBounded``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from radhus.core.collation import COLLATION
from radhus.core.fields import LineTextField, MultiLineTextField, NameField
from radhus.core.formats import display_phone, normalise_phone
from radhus.core.models import Tenant, TimeBounded
from radhus.core.search import FoldedSearchField
from radhus.core.validators import (
    CONTACT_VALUE_LENGTH,
    DOCUMENT_TEXT_LENGTH,
    LONG_TEXT_LENGTH,
    validate_date_in_range,
)


class UnitKind(models.TextChoices):
    COUNCIL = "council", _("council")
    EXECUTIVE_BOARD = "executive_board", _("executive board")
    BOARD_COMMITTEE = "board_committee", _("board committee")
    COMMITTEE = "committee", _("committee")
    POLITICAL_COUNCIL = "political_council", _("political council")
    ADMINISTRATION = "administration", _("administration")
    EXECUTIVE_OFFICE = "executive_office", _("executive office")
    DEPARTMENT = "department", _("department")
    STAFF_UNIT = "staff_unit", _("staff unit")
    SECTOR = "sector", _("sector")
    UNIT = "unit", _("unit")
    SERVICE_OFFICE = "service_office", _("service office")
    COMPANY = "company", _("company")
    FEDERATION = "federation", _("federation")
    MANAGEMENT_TEAM = "management_team", _("management team")
    GROUP_MANAGEMENT_TEAM = "group_management_team", _("group management team")
    CHIEF_EXECUTIVES_GROUP = "chief_executives_group", _("chief executives' group")
    WORKING_GROUP = "working_group", _("working group")
    SECRETARIAT = "secretariat", _("secretariat")
    COLLABORATION = "collaboration", _("collaboration")


POLITICAL_KINDS = {
    UnitKind.COUNCIL,
    UnitKind.EXECUTIVE_BOARD,
    UnitKind.BOARD_COMMITTEE,
    UnitKind.COMMITTEE,
    UnitKind.POLITICAL_COUNCIL,
}
GROUP_KINDS = POLITICAL_KINDS | {
    UnitKind.MANAGEMENT_TEAM,
    UnitKind.GROUP_MANAGEMENT_TEAM,
    UnitKind.CHIEF_EXECUTIVES_GROUP,
    UnitKind.WORKING_GROUP,
}


class Party(models.Model):
    """A political party, shown after a politician's name: “Per Nylén (S)”."""

    abbreviation = NameField(_("abbreviation"), max_length=10, unique=True)
    name = NameField(_("name"), max_length=100, db_collation=COLLATION)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.abbreviation


class Unit(TimeBounded):
    """A body, office or group of any kind. ``name`` and ``parent`` are today's values; earlier
    ones are kept by the reorganisations that changed them (see ``UnitChange``)."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="units", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=UnitKind.choices)
    name = NameField(_("name"), max_length=200, db_collation=COLLATION)
    short_name = NameField(_("short name"), max_length=40, blank=True, help_text=_("For example KS or KLG."))
    slug = models.SlugField(_("address"), max_length=120)
    purpose = MultiLineTextField(
        _("purpose"),
        max_length=LONG_TEXT_LENGTH,
        blank=True,
        help_text=_("The unit's assignment (uppdrag)."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    place = NameField(_("place"), max_length=100, blank=True, help_text=_("Town or village, e.g. Vittsjö."))
    responsible_body = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_for",
        verbose_name=_("responsible political body"),
        limit_choices_to={"kind__in": sorted(k.value for k in POLITICAL_KINDS)},
    )
    page_owner = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("page owner"),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("page updated"), default=timezone.now)
    search_text = FoldedSearchField(
        _("search text"), sources=("name", "short_name"), help_text=_("The name folded for search.")
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "slug"], name="unit_slug_unique_in_tenant"),
            TimeBounded.validity_constraint("unit_validity"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="unit_not_own_parent"),
        ]
        indexes = [
            models.Index(fields=["tenant", "parent"], name="unit_tenant_parent"),
            # One organisation's units in id order, for paging a list (migration 0004 says why).
            models.Index(fields=["tenant", "id"], name="unit_tenant_id"),
            models.Index(fields=["tenant", "search_text"], name="unit_tenant_search"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_group(self) -> bool:
        return self.kind in GROUP_KINDS

    @property
    def is_political(self) -> bool:
        return self.kind in POLITICAL_KINDS


class Person(models.Model):
    tenant = models.ForeignKey(
        Tenant,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("organisation"),
        help_text=_("The organisation that keeps this person's record."),
    )
    first_name = NameField(_("first name"), max_length=100, db_collation=COLLATION)
    last_name = NameField(_("last name"), max_length=100, db_collation=COLLATION)
    slug = models.SlugField(_("address"), max_length=120)
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("party"),
    )
    is_public = models.BooleanField(
        _("shown publicly"),
        default=True,
        help_text=_("Untick for a person whose identity is protected."),
    )
    updated_at = models.DateTimeField(default=timezone.now)
    search_text = FoldedSearchField(
        _("search text"), sources=("first_name", "last_name"), help_text=_("The name folded for search.")
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "slug"], name="person_slug_unique_in_tenant")
        ]
        indexes = [
            models.Index(fields=["tenant", "id"], name="person_tenant_id"),
            models.Index(fields=["tenant", "search_text"], name="person_tenant_search"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def name_with_party(self) -> str:
        """“Per Nylén (S)”."""
        return f"{self.name} ({self.party.abbreviation})" if self.party_id else self.name


class Post(TimeBounded):
    """A position in a unit that a person holds for a period (befattning)."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="posts", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="posts", verbose_name=_("unit"))
    title = NameField(_("title"), max_length=200, db_collation=COLLATION)
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reports to"),
    )
    single_holder = models.BooleanField(
        _("one holder at a time"),
        default=True,
        help_text=_("Only an acting holder may overlap the holder of a single-holder post."),
    )
    is_contact = models.BooleanField(_("contact on the unit's page"), default=False)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    search_text = FoldedSearchField(
        _("search text"), sources=("title",), help_text=_("The title folded for search.")
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["sort_order", "title"]
        constraints = [
            TimeBounded.validity_constraint("post_validity"),
            models.CheckConstraint(condition=~Q(reports_to=models.F("id")), name="post_not_own_superior"),
        ]
        indexes = [models.Index(fields=["tenant", "search_text"], name="post_tenant_search")]

    def __str__(self) -> str:
        return self.title


class Appointment(TimeBounded):
    """A person holding a post for a period; ``acting`` marks a stand-in (“vik.”)."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("post")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("person")
    )
    acting = models.BooleanField(
        _("acting"), default=False, help_text=_("Holds the post in someone's place (vik.).")
    )
    # A copy of ``post.single_holder``, so that the database can hold the single-holder rule
    # itself: on PostgreSQL an exclusion constraint (migration 0003) refuses two overlapping
    # holders of a single-holder post, and a constraint sees only the row's own columns.
    # ``save`` copies it from the post; ``services.post_update`` copies a change to every
    # appointment of the post.
    single_holder = models.BooleanField(default=True, editable=False)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["acting", "valid_from"]
        constraints = [TimeBounded.validity_constraint("appointment_validity")]
        indexes = [models.Index(fields=["person"], name="appointment_person")]

    def __str__(self) -> str:
        return f"{self.person} – {self.post}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.single_holder = self.post.single_holder
        super().save(*args, **kwargs)


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice chair")
    SECRETARY = "secretary", _("secretary")
    MEMBER = "member", _("member")
    SUBSTITUTE = "substitute", _("substitute")
    OPTIONAL_ATTENDEE = "optional_attendee", _("may attend")


ROLE_ORDER = {r: i for i, r in enumerate(MembershipRole.values)}


class Membership(TimeBounded):
    """A seat in a group, held by a person (S3.3) or by whoever holds a post (S2.2)."""

    group = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("person"),
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("post"),
        help_text=_("Whoever holds this post on a date is the member."),
    )
    on_behalf_of = models.ForeignKey(
        Tenant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("representing"),
        help_text=_("The municipality the member comes from."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["sort_order", "id"]
        constraints = [
            TimeBounded.validity_constraint("membership_validity"),
            models.CheckConstraint(
                condition=Q(person__isnull=False, post__isnull=True)
                | Q(person__isnull=True, post__isnull=False),
                name="membership_person_xor_post",
                violation_error_message=_("A membership is held either by a person or by a post."),
            ),
        ]
        indexes = [models.Index(fields=["person"], name="membership_person")]


class ContactKind(models.TextChoices):
    PHONE = "phone", _("phone")
    MOBILE = "mobile", _("mobile")
    SWITCHBOARD = "switchboard", _("switchboard")
    FAX = "fax", _("fax")
    EMAIL = "email", _("e-mail")
    WEB = "web", _("web")
    VISITING_ADDRESS = "visiting_address", _("visiting address")
    POSTAL_ADDRESS = "postal_address", _("postal address")


PHONE_KINDS = {ContactKind.PHONE, ContactKind.MOBILE, ContactKind.SWITCHBOARD, ContactKind.FAX}


class ContactPoint(models.Model):
    """One way to reach a unit, a post or a person. Phone numbers are stored in E.164."""

    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    value = LineTextField(_("value"), max_length=CONTACT_VALUE_LENGTH)
    label = NameField(_("label"), max_length=100, blank=True, help_text=_("For example “Kontor”."))
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="contact_points"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="contact_points"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="contact_points"
    )
    is_public = models.BooleanField(_("shown publicly"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(unit__isnull=False, post__isnull=True, person__isnull=True)
                    | Q(unit__isnull=True, post__isnull=False, person__isnull=True)
                    | Q(unit__isnull=True, post__isnull=True, person__isnull=False)
                ),
                name="contact_point_one_owner",
                violation_error_message=_("A contact point belongs to exactly one unit, post or person."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.display}"

    def clean(self) -> None:
        if not isinstance(self.value, str) or len(self.value) > CONTACT_VALUE_LENGTH:
            return  # missing or too long: the field's own error says so
        self.value = self.value.strip()
        if self.kind in PHONE_KINDS:
            try:
                self.value = normalise_phone(self.value)
            except ValidationError as exc:
                raise ValidationError({"value": exc.messages}) from exc
        elif self.kind == ContactKind.EMAIL:
            try:
                validate_email(self.value)
            except ValidationError as exc:
                raise ValidationError({"value": _("Enter a valid e-mail address.")}) from exc
        elif self.kind == ContactKind.WEB:
            try:
                URLValidator()(self.value)
            except ValidationError as exc:
                raise ValidationError({"value": _("Enter a valid web address.")}) from exc
        if not self.value:
            raise ValidationError({"value": _("This field is required.")})

    @property
    def display(self) -> str:
        return display_phone(self.value) if self.kind in PHONE_KINDS else self.value

    @property
    def is_phone(self) -> bool:
        return self.kind in PHONE_KINDS


class Responsibility(TimeBounded):
    """An area a unit is responsible for, e.g. public health (S1.4); moves by reorganisation."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="responsibilities")
    name = NameField(_("name"), max_length=200, db_collation=COLLATION)

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["name"]
        constraints = [TimeBounded.validity_constraint("responsibility_validity")]

    def __str__(self) -> str:
        return self.name


class ReorganisationKind(models.TextChoices):
    CREATE = "create", _("new unit")
    MERGE = "merge", _("merger")
    SPLIT = "split", _("split")
    RENAME = "rename", _("new name")
    MOVE = "move", _("move")
    TRANSFER = "transfer", _("transfer of responsibility")
    DISSOLVE = "dissolve", _("dissolution")


class Reorganisation(models.Model):
    """A change to the organisation from an effective date, with the decision behind it."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="reorganisations")
    kind = models.CharField(_("kind"), max_length=20, choices=ReorganisationKind.choices)
    # Room for the title a rename gives itself: “<old name>” is renamed “<new name>”.
    title = NameField(_("title"), max_length=500)
    description = MultiLineTextField(_("description"), max_length=LONG_TEXT_LENGTH, blank=True)
    effective_date = models.DateField(_("effective from"), validators=[validate_date_in_range])
    decided_by = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decision_date = models.DateField(
        _("decision date"), null=True, blank=True, validators=[validate_date_in_range]
    )
    decision_reference = NameField(
        _("decision reference"),
        max_length=200,
        blank=True,
        help_text=_("Minute item or case number, e.g. KS § 123."),
    )
    units = models.ManyToManyField(Unit, through="ReorganisationUnit", related_name="reorganisations")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")
        ordering = ["effective_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_date__isnull=True) | Q(decision_date__lte=models.F("effective_date")),
                name="reorganisation_decided_before_effect",
                violation_error_message=_("The decision must come on or before the effective date."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class ReorganisationUnit(models.Model):
    class Role(models.TextChoices):
        SOURCE = "source", _("before")
        RESULT = "result", _("after")

    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="unit_links")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reorganisation_links")
    role = models.CharField(max_length=10, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reorganisation", "unit", "role"], name="reorganisation_unit_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reorganisation}: {self.unit} ({self.get_role_display()})"


class UnitChange(models.Model):
    """A rename or move: the values before and after ``reorganisation.effective_date``."""

    class Field(models.TextChoices):
        NAME = "name", _("name")
        SHORT_NAME = "short_name", _("short name")
        PARENT = "parent", _("part of")

    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="unit_changes")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=20, choices=Field.choices)
    # Unbounded, so that a change is recorded before the unit's own field refuses a value too
    # long for it (and the whole change is rolled back with that field's error).
    old_text = LineTextField(blank=True)
    new_text = LineTextField(blank=True)
    old_parent = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    new_parent = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_field_display()}"


class DecisionStep(models.Model):
    """One step of the decision chain behind a reorganisation (S1.1)."""

    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="steps")
    date = models.DateField(_("date"), validators=[validate_date_in_range])
    date_text = NameField(
        _("date as said"),
        max_length=50,
        blank=True,
        help_text=_("When only a season or month is known: “hösten 2007”."),
    )
    body = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    actor_text = NameField(_("by (other)"), max_length=200, blank=True)
    description = NameField(_("what"), max_length=500)
    reference = NameField(_("reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("decision step")
        verbose_name_plural = _("decision steps")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date_text or self.date}: {self.description}"


class PostDocument(models.Model):
    """A document that defines a post, e.g. the director's instruction (KL 7 kap. 2 §; S4.1)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="documents", verbose_name=_("post"))
    title = NameField(_("title"), max_length=300)
    body = MultiLineTextField(_("text"), max_length=DOCUMENT_TEXT_LENGTH)
    adopted_by = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("adopted by")
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True, validators=[validate_date_in_range])

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-adopted_on", "title"]

    def __str__(self) -> str:
        return self.title
