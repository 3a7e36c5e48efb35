"""Every change to goals, indicators and measured values: keyword-only, one transaction,
audited. The tree of an organisation's goals is changed by one writer at a time (the tenant is
locked), so that no goal ends up under itself."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core.access import has_role
from radhus.core.audit import Actor
from radhus.core.locking import lock, lock_tenant
from radhus.core.lookup import scoped
from radhus.core.models import Role, Tenant
from radhus.core.validators import EARLIEST_DATE, LATEST_DATE
from radhus.followup.models import (
    Assignment,
    Direction,
    Goal,
    GoalAssignment,
    GoalLevel,
    Indicator,
    IndicatorTarget,
    Measurement,
)
from radhus.followup.models.goals import VALUE_LIMIT
from radhus.followup.selectors_goals import goal_forest

GOAL_FIELDS = [
    "title",
    "level",
    "parent",
    "description",
    "target_year",
    "weight",
    "is_public",
    "shared_with_members",
    "sort_order",
]
INDICATOR_FIELDS = [
    "name",
    "description",
    "unit",
    "direction",
    "baseline_value",
    "baseline_year",
    "source",
    "weight",
    "sort_order",
]
# The largest CSV file of measured values taken in one import.
IMPORT_MAX_BYTES = 2_000_000
IMPORT_MAX_ROWS = 20_000


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """``audit.snapshot`` with numbers as text (the audit trail is JSON)."""
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in audit.snapshot(obj, fields).items()}


def require_editor(actor: Actor, tenant: Tenant) -> None:
    """The actor must be an editor in ``tenant``; ``None`` is the system (demo, commands)."""
    if actor is not None and not has_role(actor, tenant, Role.EDITOR):
        raise PermissionDenied


def _check_parent(goal: Goal) -> None:
    """A vision stands at the top; a goal or strategy is never under itself, nor under another
    organisation's goal."""
    if goal.parent_id is None:
        return
    if goal.level == GoalLevel.VISION:
        raise ValidationError({"parent": _("A vision stands at the top: it is part of no other goal.")})
    parent = goal.parent
    if parent.tenant_id != goal.tenant_id:
        raise ValidationError({"parent": _("No goals has this id.")})
    # The tree as stored now (the tenant is locked): walk up from the new parent.
    parents = dict(Goal.objects.filter(tenant_id=goal.tenant_id).values_list("id", "parent_id"))
    node: int | None = parent.pk
    seen: set[int] = set()
    while node is not None and node not in seen:
        if goal.pk is not None and node == goal.pk:
            raise ValidationError({"parent": _("A goal cannot be part of itself or of a goal under it.")})
        seen.add(node)
        node = parents.get(node)


@transaction.atomic
def goal_create(
    *,
    tenant: Tenant,
    actor: Actor,
    title: str,
    level: str = GoalLevel.GOAL,
    parent: Goal | None = None,
    description: str = "",
    target_year: int | None = None,
    weight: int = 1,
    is_public: bool = False,
    shared_with_members: bool = False,
    sort_order: int = 0,
) -> Goal:
    """Add a vision, goal or strategy to the organisation's tree."""
    require_editor(actor, tenant)
    lock_tenant(tenant)
    goal = Goal(
        tenant=tenant,
        title=title,
        level=level,
        parent=parent,
        description=description,
        target_year=target_year,
        weight=weight,
        is_public=is_public,
        shared_with_members=shared_with_members,
        sort_order=sort_order,
    )
    goal.full_clean()
    _check_shared(goal)
    _check_parent(goal)
    goal.save()
    audit.record(
        tenant=tenant,
        actor=actor,
        action="followup.goal.create",
        subject=goal,
        summary=_("Added the goal “%(title)s”.") % {"title": goal.title},
        changes=snapshot(goal, GOAL_FIELDS),
    )
    return goal


def _check_shared(goal: Goal) -> None:
    if goal.shared_with_members and goal.tenant.kind != Tenant.Kind.COLLABORATION:
        raise ValidationError(
            {"shared_with_members": _("Only a collaboration shares its goals with member municipalities.")}
        )


@transaction.atomic
def goal_update(*, goal: Goal, actor: Actor, **changes: Any) -> Goal:
    """Change a goal; moving it under another goal keeps the tree free of cycles."""
    require_editor(actor, goal.tenant)
    lock_tenant(goal.tenant_id)
    goal = lock(goal)
    before = snapshot(goal, GOAL_FIELDS)
    for name, value in changes.items():
        if name not in GOAL_FIELDS:
            raise TypeError(name)
        setattr(goal, name, value)
    goal.full_clean()
    _check_shared(goal)
    _check_parent(goal)
    goal.save()
    audit.record(
        tenant=goal.tenant,
        actor=actor,
        action="followup.goal.update",
        subject=goal,
        summary=_("Changed the goal “%(title)s”.") % {"title": goal.title},
        changes=audit.diff(before, snapshot(goal, GOAL_FIELDS)),
    )
    return goal


def _check_targets(indicator: Indicator, targets: list[IndicatorTarget]) -> None:
    """A target lies on the good side of the baseline: above it when higher is better, below it
    when lower is better (equal keeps a level)."""
    for target in targets:
        if indicator.direction == Direction.HIGHER and target.value < indicator.baseline_value:
            raise ValidationError(
                {"value": _("Higher is better here: a target is at least the baseline value.")}
            )
        if indicator.direction == Direction.LOWER and target.value > indicator.baseline_value:
            raise ValidationError(
                {"value": _("Lower is better here: a target is at most the baseline value.")}
            )


@transaction.atomic
def indicator_create(
    *,
    goal: Goal,
    actor: Actor,
    name: str,
    baseline_value: Decimal,
    baseline_year: int,
    unit: str = "",
    direction: str = Direction.HIGHER,
    description: str = "",
    source: str = "",
    weight: int = 1,
    sort_order: int = 0,
) -> Indicator:
    """Give a goal an indicator with its baseline."""
    require_editor(actor, goal.tenant)
    goal = lock(goal)
    indicator = Indicator(
        tenant=goal.tenant,
        goal=goal,
        name=name,
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        unit=unit,
        direction=direction,
        description=description,
        source=source,
        weight=weight,
        sort_order=sort_order,
    )
    indicator.full_clean()
    indicator.save()
    audit.record(
        tenant=goal.tenant,
        actor=actor,
        action="followup.indicator.create",
        subject=indicator,
        page=goal,
        summary=_("Added the indicator “%(name)s” to “%(goal)s”.") % {"name": name, "goal": goal.title},
        changes=snapshot(indicator, INDICATOR_FIELDS),
    )
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, actor: Actor, **changes: Any) -> Indicator:
    require_editor(actor, indicator.tenant)
    indicator = lock(indicator)
    before = snapshot(indicator, INDICATOR_FIELDS)
    for name, value in changes.items():
        if name not in INDICATOR_FIELDS:
            raise TypeError(name)
        setattr(indicator, name, value)
    indicator.full_clean()
    try:
        _check_targets(indicator, list(indicator.targets.all()))
    except ValidationError as exc:
        raise ValidationError(
            {"direction": _("The targets already set lie on the other side of the baseline.")}
        ) from exc
    indicator.save()
    audit.record(
        tenant=indicator.tenant,
        actor=actor,
        action="followup.indicator.update",
        subject=indicator,
        page=indicator.goal,
        summary=_("Changed the indicator “%(name)s”.") % {"name": indicator.name},
        changes=audit.diff(before, snapshot(indicator, INDICATOR_FIELDS)),
    )
    return indicator


@transaction.atomic
def indicator_set_target(*, indicator: Indicator, actor: Actor, year: int, value: Decimal) -> IndicatorTarget:
    """Set (or change) the value the indicator is to reach by the end of ``year``."""
    require_editor(actor, indicator.tenant)
    indicator = lock(indicator)
    target = IndicatorTarget.objects.filter(indicator=indicator, year=year).first() or IndicatorTarget(
        indicator=indicator, year=year
    )
    old = target.value if target.pk else None
    target.value = value
    target.full_clean(validate_unique=False)
    _check_targets(indicator, [target])
    target.save()
    audit.record(
        tenant=indicator.tenant,
        actor=actor,
        action="followup.indicator.target",
        subject=target,
        page=indicator.goal,
        summary=_("Target of “%(name)s” for %(year)s: %(value)s.")
        % {"name": indicator.name, "year": year, "value": value},
        changes={"value": [str(old) if old is not None else None, str(value)]},
    )
    return target


def _new_measurement(
    indicator: Indicator, measured_on: dt.date, value: Decimal, source: str, comment: str
) -> Measurement:
    measurement = Measurement(
        indicator=indicator, measured_on=measured_on, value=value, source=source, comment=comment
    )
    measurement.full_clean()
    return measurement


@transaction.atomic
def measurement_record(
    *,
    indicator: Indicator,
    actor: Actor,
    measured_on: dt.date,
    value: Decimal,
    source: str = "",
    comment: str = "",
) -> Measurement:
    """Record a measured value of an indicator on a date (one value per date)."""
    require_editor(actor, indicator.tenant)
    indicator = lock(indicator)
    measurement = _new_measurement(indicator, measured_on, value, source, comment)
    measurement.save()
    audit.record(
        tenant=indicator.tenant,
        actor=actor,
        action="followup.measurement.record",
        subject=measurement,
        page=indicator.goal,
        summary=_("“%(name)s” measured %(value)s on %(date)s.")
        % {"name": indicator.name, "value": value, "date": measured_on.isoformat()},
    )
    return measurement


# CSV import ---------------------------------------------------------------------------------

CSV_COLUMNS = ["indikator", "datum", "värde", "källa", "kommentar"]


@dataclass
class ImportResult:
    count: int
    indicators: int


def parse_number(raw: str) -> Decimal:
    """A number as Swedes write it (1 234,5) or as a spreadsheet exports it (1234.5)."""
    text = raw.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or abs(value) > VALUE_LIMIT:
        raise ValueError(text)
    return value.quantize(Decimal("0.0001"))


def _parse_rows(tenant: Tenant, text: str) -> tuple[list[tuple[Indicator, Measurement]], list[str]]:
    problems: list[str] = []
    reader = csv.reader(io.StringIO(text), delimiter=";" if text.split("\n", 1)[0].count(";") else ",")
    rows = list(reader)
    if not rows:
        return [], [_("The file is empty.")]
    header = [h.strip().lower() for h in rows[0]]
    if header[:3] != CSV_COLUMNS[:3]:
        return [], [_("Line 1: the first columns must be %(columns)s.") % {"columns": ", ".join(CSV_COLUMNS)}]
    if len(rows) - 1 > IMPORT_MAX_ROWS:
        return [], [_("The file has more than %(max)s lines.") % {"max": IMPORT_MAX_ROWS}]
    indicators = {i.pk: i for i in scoped(Indicator, tenant)}
    existing = set(
        Measurement.objects.filter(indicator__tenant=tenant).values_list("indicator_id", "measured_on")
    )
    seen: dict[tuple[int, dt.date], int] = {}
    found: list[tuple[Indicator, Measurement]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = [c.strip() for c in row] + [""] * (len(CSV_COLUMNS) - len(row))
        if len(row) > len(CSV_COLUMNS):
            problems.append(_("Line %(line)s: too many columns.") % {"line": number})
            continue
        line_problems: list[str] = []
        raw_id, raw_date, raw_value, source, comment = cells[:5]
        indicator = None
        if raw_id.isascii() and raw_id.isdigit() and len(raw_id) < 19:
            indicator = indicators.get(int(raw_id))
        if indicator is None:
            line_problems.append(_("no indicator has the id “%(id)s”") % {"id": raw_id[:40]})
        day = None
        try:
            day = dt.date.fromisoformat(raw_date)
        except ValueError:
            line_problems.append(_("“%(date)s” is not a date (YYYY-MM-DD)") % {"date": raw_date[:40]})
        if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
            line_problems.append(
                _("the date lies outside %(earliest)s–%(latest)s")
                % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()}
            )
            day = None
        value = None
        try:
            value = parse_number(raw_value)
        except ValueError:
            line_problems.append(_("“%(value)s” is not a number") % {"value": raw_value[:40]})
        if len(source) > 200 or len(comment) > 500:
            line_problems.append(_("the source or the comment is too long"))
        if indicator is not None and day is not None:
            key = (indicator.pk, day)
            if key in existing:
                line_problems.append(_("the indicator already has a value for %(date)s") % {"date": day})
            elif key in seen:
                line_problems.append(
                    _("the same indicator and date as on line %(line)s") % {"line": seen[key]}
                )
            else:
                seen[key] = number
        if line_problems:
            problems.append(
                _("Line %(line)s: %(problems)s.") % {"line": number, "problems": "; ".join(line_problems)}
            )
            continue
        assert indicator is not None and day is not None and value is not None
        try:
            found.append((indicator, _new_measurement(indicator, day, value, source, comment)))
        except ValidationError as exc:
            problems.append(
                _("Line %(line)s: %(problems)s.") % {"line": number, "problems": "; ".join(exc.messages)}
            )
    if not found and not problems:
        problems.append(_("The file has no values."))
    return found, problems


@transaction.atomic
def measurements_import(*, tenant: Tenant, actor: Actor, data: bytes) -> ImportResult:
    """Import measured values from a CSV file (columns indikator;datum;värde;källa;kommentar)
    in one transaction: a file with any problem is refused whole, every problem named with its
    line."""
    require_editor(actor, tenant)
    lock_tenant(tenant)
    if len(data) > IMPORT_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 2 MB.")})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": _("The file is not UTF-8 text.")}) from None
    if "\x00" in text:
        raise ValidationError({"file": _("The file is not a CSV text file.")})
    try:
        found, problems = _parse_rows(tenant, text)
    except csv.Error as exc:
        raise ValidationError({"file": _("The file is not valid CSV: %(error)s") % {"error": exc}}) from None
    if problems:
        raise ValidationError({"file": problems})
    Measurement.objects.bulk_create([m for _i, m in found])
    touched = {i.pk: i for i, _m in found}
    for indicator in touched.values():
        count = sum(1 for i, _m in found if i.pk == indicator.pk)
        audit.record(
            tenant=tenant,
            actor=actor,
            action="followup.measurement.import",
            subject=indicator,
            page=indicator.goal,
            summary=_("Imported %(count)s measured values of “%(name)s”.")
            % {"count": count, "name": indicator.name},
        )
    return ImportResult(count=len(found), indicators=len(touched))


def linkable_goal_ids(tenant: Tenant) -> set[int]:
    """The goals an assignment of ``tenant`` may carry out: every goal of its trees."""
    return {node.goal.pk for root in goal_forest(tenant, public_only=False) for node in root.walk()}


@transaction.atomic
def goal_link_assignment(
    *, goal: Goal, assignment: Assignment, actor: Actor, weight: int = 1
) -> GoalAssignment:
    """Link an assignment to the goal it carries out; its progress then counts in the goal's.
    The goal is one of the assignment's organisation's trees: its own, or one a collaboration
    it is a member of shares with its members (``selectors_goals.goal_forest``)."""
    require_editor(actor, assignment.tenant)
    goal = lock(goal)
    if assignment.tenant_id != goal.tenant_id and goal.pk not in linkable_goal_ids(assignment.tenant):
        raise ValidationError({"assignment": _("No assignments has this id.")})
    link = GoalAssignment(goal=goal, assignment=assignment, weight=weight)
    link.full_clean(validate_constraints=False)
    link.validate_constraints()
    link.save()
    audit.record(
        tenant=assignment.tenant,
        actor=actor,
        action="followup.goal.link",
        subject=link,
        page=goal,
        summary=_("Linked the assignment “%(assignment)s” to the goal “%(goal)s”.")
        % {"assignment": assignment.title, "goal": goal.title},
    )
    return link


@transaction.atomic
def goal_unlink_assignment(*, assignment: Assignment, goal: Goal, actor: Actor) -> None:
    """Take an assignment off a goal it was linked to; its progress no longer counts in the
    goal's. An editor of the assignment's organisation (who links it) or of the goal's (a
    collaboration that shares its tree) may. The assignment is locked, so that two editors at
    once unlink it once and the second hears that it is no longer linked."""
    if actor is not None and not (
        has_role(actor, assignment.tenant, Role.EDITOR) or has_role(actor, goal.tenant, Role.EDITOR)
    ):
        raise PermissionDenied
    assignment = lock(assignment)
    link = GoalAssignment.objects.filter(goal=goal, assignment=assignment).first()
    if link is None:
        raise ValidationError({"goal": _("The assignment is not linked to this goal.")}, code="not_linked")
    link.delete()
    audit.record(
        tenant=assignment.tenant,
        actor=actor,
        action="followup.goal.unlink",
        subject=assignment,
        page=goal,
        summary=_("Unlinked the assignment “%(assignment)s” from the goal “%(goal)s”.")
        % {"assignment": assignment.title, "goal": goal.title},
        changes={"goal": goal.pk, "weight": link.weight},
    )
