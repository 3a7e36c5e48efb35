"""Goals and their follow-up (S3.4): a tree of vision → goals → strategies per organisation,
indicators with a baseline, target values per year and measured values over time, and the
assignments that carry a goal out. Progress rolls up the tree, weighted
(``radhus.followup.goal_selectors``)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from radhus.core.fields import MultiLineTextField, NameField
from radhus.core.models import Tenant
from radhus.core.validators import LONG_TEXT_LENGTH, validate_date_in_range

# Measured values, baselines and targets: up to 12 digits before the decimal comma, 4 after.
VALUE_DIGITS = 16
VALUE_PLACES = 4
VALUE_LIMIT = Decimal("999999999999.9999")
WEIGHT_LIMIT = 1000
YEAR_MIN = 1900
YEAR_MAX = 2200


def value_field(verbose_name: str, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        validators=[MinValueValidator(-VALUE_LIMIT), MaxValueValidator(VALUE_LIMIT)],
        **kwargs,  # type: ignore[arg-type]
    )


def weight_field() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(WEIGHT_LIMIT)],
        help_text=_("How much it counts in the progress of the goal above it (1–1000)."),
    )


def weight_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(weight__gte=1, weight__lte=WEIGHT_LIMIT),
        name=name,
        violation_error_message=_("The weight is a whole number from 1 to 1000."),
    )


class GoalLevel(models.TextChoices):
    VISION = "vision", _("vision")
    GOAL = "goal", _("goal")
    STRATEGY = "strategy", _("strategy")


class Goal(models.Model):
    """A vision, a goal or a strategy (a sub-goal) of an organisation. A collaboration's goals
    may be shared with its member municipalities, whose goal pages show them too."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="goals", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    level = models.CharField(_("level"), max_length=20, choices=GoalLevel.choices, default=GoalLevel.GOAL)
    title = NameField(_("title"), max_length=300)
    description = MultiLineTextField(_("description"), max_length=LONG_TEXT_LENGTH, blank=True)
    target_year = models.PositiveIntegerField(
        _("target year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)],
        help_text=_("The year the goal is to be reached, e.g. 2050."),
    )
    weight = weight_field()
    is_public = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public goal pages.")
    )
    shared_with_members = models.BooleanField(
        _("shared with the member municipalities"),
        default=False,
        help_text=_("A collaboration's goal that its member municipalities show as their own."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="goal_not_own_parent",
                violation_error_message=_("A goal cannot be part of itself."),
            ),
            models.CheckConstraint(
                condition=Q(target_year__isnull=True)
                | Q(target_year__gte=YEAR_MIN, target_year__lte=YEAR_MAX),
                name="goal_target_year_range",
                violation_error_message=_("The target year lies between 1900 and 2200."),
            ),
            weight_constraint("goal_weight_range"),
        ]
        indexes = [models.Index(fields=["tenant", "parent"], name="goal_tenant_parent")]

    def __str__(self) -> str:
        return self.title


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class Indicator(models.Model):
    """A measure of a goal: a baseline, target values per year and measured values."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("organisation")
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("goal")
    )
    name = NameField(_("name"), max_length=300)
    description = MultiLineTextField(_("description"), max_length=LONG_TEXT_LENGTH, blank=True)
    unit = NameField(
        _("unit"), max_length=40, blank=True, help_text=_("For example “invånare”, “%” or “ton”.")
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline_value = value_field(_("baseline value"))
    baseline_year = models.PositiveIntegerField(
        _("baseline year"), validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]
    )
    source = NameField(_("source"), max_length=200, blank=True, help_text=_("Where the values come from."))
    weight = weight_field()
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "id"]
        constraints = [
            weight_constraint("indicator_weight_range"),
            models.CheckConstraint(
                condition=Q(baseline_year__gte=YEAR_MIN, baseline_year__lte=YEAR_MAX),
                name="indicator_baseline_year_range",
                violation_error_message=_("The baseline year lies between 1900 and 2200."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(models.Model):
    """The value an indicator is to reach by the end of a year."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]
    )
    value = value_field(_("target value"))

    class Meta:
        verbose_name = _("target value")
        verbose_name_plural = _("target values")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="indicator_target_once_a_year",
                violation_error_message=_("The indicator already has a target for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                name="indicator_target_year_range",
                violation_error_message=_("The target year lies between 1900 and 2200."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.year}"


class Measurement(models.Model):
    """A measured value of an indicator on a date."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("indicator")
    )
    measured_on = models.DateField(_("date"), validators=[validate_date_in_range])
    value = value_field(_("value"))
    source = NameField(_("source"), max_length=200, blank=True)
    comment = NameField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")
        ordering = ["measured_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"],
                name="measurement_once_a_day",
                violation_error_message=_("The indicator already has a value for this date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.measured_on}"


class GoalAssignment(models.Model):
    """An assignment that carries a goal out; its progress counts in the goal's."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="assignment_links", verbose_name=_("goal")
    )
    assignment = models.ForeignKey(
        "followup.Assignment",
        on_delete=models.CASCADE,
        related_name="goal_links",
        verbose_name=_("assignment"),
    )
    weight = weight_field()

    class Meta:
        verbose_name = _("assignment linked to a goal")
        verbose_name_plural = _("assignments linked to goals")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "assignment"],
                name="goal_assignment_once",
                violation_error_message=_("The assignment is already linked to this goal."),
            ),
            weight_constraint("goal_assignment_weight_range"),
        ]

    def __str__(self) -> str:
        return f"{self.goal} – {self.assignment}"
