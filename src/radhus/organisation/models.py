"""The organisation in time: units, posts, people, appointments, memberships, contacts and
reorganisations. Every row that can change over time is ``TimeBounded``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from radhus.core.collation import COLLATION
from radhus.core.fields import LineTextField, MultiLineTextField, NameField
from radhus.core.formats import (
    chosen_region,
    current_region,
    display_phone,
    normalise_mobile,
    normalise_phone,
)
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
# Where a Finnish municipality names a kind of unit otherwise than a Swedish one (in Swedish
# as written in Finland, e.g. on Pargas stad's pages, parainen.fi): the administrations under
# the board are sectors (“Bildningssektorn”), the board's own administration a central
# administration, and a body's sub-committee a section (sektion, among the organs listed in the
# Finnish Kommunallag (410/2015) 30 §; paragraph to check). Council, board and committee are
# the same words in both countries. Kept modest: only the kinds whose word differs.
KIND_LABELS_BY_COUNTRY: dict[str, dict[str, Any]] = {
    "FI": {
        "administration": pgettext_lazy("unit kind in Finland", "sector"),
        "executive_office": pgettext_lazy("unit kind in Finland", "central administration"),
        "board_committee": pgettext_lazy("unit kind in Finland", "section"),
    },
}


def kind_label(kind: str, country: str) -> str:
    """The word for a kind of unit in ``country`` (Sweden's unless the country's differs)."""
    label = KIND_LABELS_BY_COUNTRY.get(country, {}).get(kind)
    if label is not None:
        return str(label)
    try:
        return str(UnitKind(kind).label)
    except ValueError:
        return kind


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
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="unit_not_own_parent",
                violation_error_message=_("A unit cannot be part of itself."),
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "parent"], name="unit_tenant_parent"),
            # One organisation's units in id order, for paging a list (migration 0004 says why).
            models.Index(fields=["tenant", "id"], name="unit_tenant_id"),
            models.Index(fields=["tenant", "search_text"], name="unit_tenant_search"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_kind_display(self) -> str:
        """The kind in the words of the organisation's country: its tenant's when loaded, else
        the country of the page being shown (``radhus.core.formats.use_region``)."""
        tenant = self._state.fields_cache.get("tenant")
        return kind_label(self.kind, getattr(tenant, "country", None) or current_region())

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
    # Popolo's facts about a person that a register of politicians and officials shows (issue 8).
    sort_name = NameField(
        _("sort name"), max_length=200, blank=True, help_text=_("For example “Lindberg, Lisa”.")
    )
    gender = NameField(_("gender"), max_length=50, blank=True)
    summary = MultiLineTextField(_("summary"), max_length=LONG_TEXT_LENGTH, blank=True)
    biography = MultiLineTextField(_("biography"), max_length=LONG_TEXT_LENGTH, blank=True)
    image = LineTextField(_("image"), max_length=CONTACT_VALUE_LENGTH, blank=True, help_text=_("A URL."))
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
            # The public people of an organisation in the API's order, and their number:
            # counted from this index alone (issue 7: 10 ms on PostgreSQL for the 20,000-unit
            # city's people when each row was read to see whether it is public).
            models.Index(
                fields=["tenant", "id"], condition=Q(is_public=True), name="person_public_tenant_id"
            ),
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
    sort_order = models.PositiveIntegerField(
        _("rank"),
        default=0,
        help_text=_("Posts are listed by rank, lowest first: the director before the heads of department."),
    )
    # Who employs the holder: the director is employed by the executive board (KL 7 kap. 1 §,
    # S4.1); and the post that stands in when the holder cannot (S1.3).
    employed_by = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employed_posts",
        verbose_name=_("employed by"),
        help_text=_("The body that employs the holder, e.g. the executive board for the director."),
    )
    deputy = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy_for",
        verbose_name=_("deputy"),
        help_text=_("The post whose holder deputises, e.g. the deputy municipal chief."),
    )
    search_text = FoldedSearchField(
        _("search text"), sources=("title",), help_text=_("The title folded for search.")
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["sort_order", "title"]
        constraints = [
            TimeBounded.validity_constraint("post_validity"),
            models.CheckConstraint(
                condition=~Q(reports_to=models.F("id")),
                name="post_not_own_superior",
                violation_error_message=_("A post cannot report to itself."),
            ),
            models.CheckConstraint(
                condition=~Q(deputy=models.F("id")),
                name="post_not_own_deputy",
                violation_error_message=_("A post cannot be its own deputy."),
            ),
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

# The roles whose seats are members unless said otherwise (a secretary may be one too).
MEMBER_ROLES = {MembershipRole.CHAIR, MembershipRole.VICE_CHAIR, MembershipRole.MEMBER}


class Attendance(models.TextChoices):
    """How a seat takes part in the group's meetings; the meetings module reads it to know whom
    to call. ``regular``: called to every meeting; ``optional``: may attend on their own
    initiative (S2.5); ``when_needed``: called when a matter needs them (adjungerad, “kallas
    vid behov”), without being a member."""

    REGULAR = "regular", _("called to every meeting")
    OPTIONAL = "optional", _("may attend")
    WHEN_NEEDED = "when_needed", _("called when needed")


class Membership(TimeBounded):
    """A seat in a group, held by a person (S3.3), by whoever holds a post (S2.2), or by a
    whole other group (the staff inside the management group, S2.4): then the seat stands for
    that group's own members on each date, who are not repeated here. A seat has a role
    (chair, secretary, …) and, separately, whether it is a member: a secretary who is also a
    member has one seat."""

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
    member_group = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="included_in",
        verbose_name=_("included group"),
        help_text=_("A whole group included as it is on each date, e.g. the staff."),
    )
    is_member = models.BooleanField(
        _("member"),
        default=True,
        help_text=_("Whether the seat is a member as well as its role, e.g. a secretary who is a member."),
    )
    attendance = models.CharField(
        _("attendance"),
        max_length=20,
        choices=Attendance.choices,
        default=Attendance.REGULAR,
        help_text=_("How the seat is called to meetings."),
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
                condition=Q(person__isnull=False, post__isnull=True, member_group__isnull=True)
                | Q(person__isnull=True, post__isnull=False, member_group__isnull=True)
                | Q(person__isnull=True, post__isnull=True, member_group__isnull=False),
                name="membership_one_holder",
                violation_error_message=_("A membership is held by one person, one post or one group."),
            ),
            models.CheckConstraint(
                condition=~Q(member_group=models.F("group")),
                name="membership_group_not_in_itself",
                violation_error_message=_("A group cannot include itself."),
            ),
            models.CheckConstraint(
                condition=~Q(role="member") | Q(is_member=True),
                name="membership_member_role_is_member",
                violation_error_message=_("A seat with the role member is a member."),
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
            # Read in the owner's country (a Finnish 040 123 4567 is +358, never +46); a mobile
            # must be one.
            normalise = normalise_mobile if self.kind == ContactKind.MOBILE else normalise_phone
            try:
                self.value = normalise(self.value, self.owner_region())
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

    def owner_region(self) -> str:
        """The country of the organisation the owner belongs to (one query at most per
        relation not yet loaded; for writes, not for lists)."""
        owner: Unit | Post | Person | None = (
            self.unit
            if self.unit_id
            else self.post
            if self.post_id
            else self.person
            if self.person_id
            else None
        )
        return getattr(getattr(owner, "tenant", None), "country", None) or "SE"

    def _loaded_owner_region(self) -> str | None:
        """The owner's country if the owner and its tenant are loaded already (no query)."""
        for name in ("unit", "post", "person"):
            owner = self._state.fields_cache.get(name)
            tenant = owner._state.fields_cache.get("tenant") if owner is not None else None
            if tenant is not None:
                return tenant.country
        return None

    @property
    def display(self) -> str:
        """A phone number in the style of the page's country (``radhus.core.formats``), or,
        outside a page (a service's audit summary), of its owner's when that is at hand."""
        if self.kind not in PHONE_KINDS:
            return self.value
        return display_phone(self.value, chosen_region() or self._loaded_owner_region())

    @property
    def is_phone(self) -> bool:
        return self.kind in PHONE_KINDS


class Responsibility(TimeBounded):
    """An area a unit is responsible for, e.g. public health (S1.4); moves by reorganisation.
    A unit has an area once on any date: the services check the whole timeline; the database
    holds one open row per unit and name (and on PostgreSQL no overlap at all, migration 0005)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="responsibilities")
    name = NameField(_("name"), max_length=200, db_collation=COLLATION)
    description = MultiLineTextField(
        _("description"),
        max_length=LONG_TEXT_LENGTH,
        blank=True,
        help_text=_("What the responsibility covers."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["sort_order", "name"]
        constraints = [
            TimeBounded.validity_constraint("responsibility_validity"),
            models.UniqueConstraint(
                fields=["unit", "name"],
                condition=Q(valid_to__isnull=True),
                name="responsibility_open_once_per_unit",
                violation_error_message=_("The unit already has this responsibility."),
            ),
        ]

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
    # The number of the current version (``PostDocumentVersion``); each save by the services
    # makes a new one.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-adopted_on", "title"]

    def __str__(self) -> str:
        return self.title


class PostDocumentVersion(models.Model):
    """One saved version of a post document, with who saved it and when. The document row
    holds the current version; these rows are its history, never changed."""

    document = models.ForeignKey(
        PostDocument, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("version"))
    title = NameField(_("title"), max_length=300)
    body = MultiLineTextField(_("text"), max_length=DOCUMENT_TEXT_LENGTH)
    adopted_by = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("adopted by")
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    saved_by_name = models.CharField(_("saved by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="post_document_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})"


class OversightKind(models.TextChoices):
    COMMITTEE = "committee", _("committee")
    COMPANY = "company", _("company")
    FEDERATION = "federation", _("federation")


class Oversight(TimeBounded):
    """The executive board's oversight (uppsikt) of a committee, a municipal company or a
    federation (KL 6 kap. 1 §; companies 10 kap. 2–6 §§). A relation of its own: the board
    watches over the overseen body's work, it is not the body politically responsible for it."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    overseer = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="oversees", verbose_name=_("overseeing body")
    )
    overseen = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="overseen_by", verbose_name=_("overseen body")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OversightKind.choices)

    class Meta:
        verbose_name = _("oversight")
        verbose_name_plural = _("oversights")
        ordering = ["kind", "overseen__name", "id"]
        constraints = [
            TimeBounded.validity_constraint("oversight_validity"),
            models.CheckConstraint(
                condition=~Q(overseer=models.F("overseen")),
                name="oversight_not_of_itself",
                violation_error_message=_("A body cannot oversee itself."),
            ),
            models.UniqueConstraint(
                fields=["overseer", "overseen"],
                condition=Q(valid_to__isnull=True),
                name="oversight_open_once",
                violation_error_message=_("This oversight is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.overseer} → {self.overseen}"


# Popolo exchange (issue 8) -------------------------------------------------------------------


class PopoloRecord(models.Model):
    """What a Popolo document said about one object that the registry's own fields do not say,
    so that the export gives it back (``radhus.organisation.popolo``).

    ``data`` maps a Popolo field to what the registry would have written at import (``d``) and
    what the document gave (``g``); either may be missing. The export writes ``g`` while the
    registry would still write ``d``: a field changed in Rådhus since then is written as it is
    now. A record with no owner holds what belongs to the document as a whole (areas, events,
    memberships of the whole organisation)."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    part = models.CharField(max_length=20, blank=True)
    organisation = models.ForeignKey(Tenant, on_delete=models.CASCADE, null=True, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, null=True, related_name="+")
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, null=True, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, null=True, related_name="+")
    collaboration_member = models.ForeignKey(
        "core.CollaborationMember", on_delete=models.CASCADE, null=True, related_name="+"
    )
    data = models.JSONField(default=dict)

    OWNERS = (
        "organisation",
        "unit",
        "person",
        "post",
        "party",
        "appointment",
        "membership",
        "collaboration_member",
    )

    class Meta:
        verbose_name = _("Popolo record")
        verbose_name_plural = _("Popolo records")
        indexes = [models.Index(fields=["tenant"], name="popolo_record_tenant")]

    def __str__(self) -> str:
        return f"{self.tenant}: {self.owner_key}"

    @property
    def owner_key(self) -> tuple[str, int | None]:
        for name in self.OWNERS:
            pk = getattr(self, f"{name}_id")
            if pk is not None:
                return (f"{name}:{self.part}" if self.part else name, pk)
        return ("document", None)
