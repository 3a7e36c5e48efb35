"""Database constraints in words: a constraint the database holds (unique, check, exclusion)
is refused by ``full_clean`` with its ``violation_error_message`` before anything is written;
this module answers the rare case that slips past the check (two writers at once, a path
without ``full_clean``) with the same sentence, on the field it is about, so that no
constraint's name or SQL ever reaches a user.

Every write path runs through one of ``radhus.core.staff.form_page`` (forms),
``radhus.core.api.perform`` (the API), ``radhus.organisation.services._save`` and the core
services (``constraints_as_errors``; the Popolo import writes through the services) and the
import command; each turns an ``IntegrityError`` into ``constraint_error(exc)``. A new
constraint needs a ``violation_error_message`` (tests/core/test_integrity.py checks every
model's); one written in SQL in a migration is listed in ``SQL_CONSTRAINTS``.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Known:
    """What a constraint is about: the field to blame and the sentence to say."""

    model: type[models.Model]
    name: str
    field: str
    columns: frozenset[str]
    constraint: models.BaseConstraint

    def message(self) -> str:
        if (
            isinstance(self.constraint, models.UniqueConstraint)
            and self.constraint.fields
            and (self.constraint.violation_error_message == self.constraint.default_violation_error_message)
        ):
            return unique_message(self.model, list(self.constraint.fields))
        return str(self.constraint.get_violation_error_message())


def unique_message(model: type[models.Model], fields: list[str]) -> str:
    """“Enhet med samma adress finns redan.” – the fields named, the tenant left out
    (every uniqueness is inside one organisation, which the user is in anyway)."""
    named = [f for f in fields if f != "tenant"] or fields
    labels = [str(model._meta.get_field(f).verbose_name) for f in named]
    return _("There is already a %(model)s with the same %(fields)s.") % {
        "model": model._meta.verbose_name,
        "fields": _(" and ").join(labels),
    }


def _q_fields(q: Q) -> list[str]:
    found: list[str] = []
    for child in q.children:
        if isinstance(child, Q):
            found.extend(_q_fields(child))
        else:
            found.append(child[0].split("__")[0])
    return found


# Checks that name several fields but are about one of them.
BLAMED = {"tenant_municipality_code_format": "municipality_code"}


def _blamed_field(constraint: models.BaseConstraint) -> str:
    """The field a user is told to change: a unique constraint's last field but the tenant, a
    period's end, or the one field a check names; else the form as a whole."""
    if constraint.name in BLAMED:
        return BLAMED[constraint.name]
    if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
        named = [f for f in constraint.fields if f != "tenant"]
        return named[-1] if named else NON_FIELD_ERRORS
    condition = getattr(constraint, "condition", None)
    if isinstance(condition, Q):
        names = {f for f in _q_fields(condition) if f not in {"id", "pk"}}
        if names == {"valid_from", "valid_to"}:
            return "valid_to"
        if len(names) == 1:
            return names.pop()
    return NON_FIELD_ERRORS


# Constraints written in SQL in a migration rather than in ``Meta.constraints`` (PostgreSQL's
# exclusion constraints for single-holder posts, organisation migration 0003): their model,
# the field to blame and the sentence.
SQL_CONSTRAINTS: dict[str, tuple[str, str, Any]] = {
    "appointment_one_holder_at_a_time": (
        "organisation.Appointment",
        "valid_from",
        gettext_lazy("The post has another holder in this period; it has one holder at a time."),
    ),
    "appointment_one_acting_holder_at_a_time": (
        "organisation.Appointment",
        "valid_from",
        gettext_lazy("The post has another acting holder (vik.) in this period."),
    ),
    "responsibility_once_per_unit_on_any_date": (
        "organisation.Responsibility",
        "name",
        gettext_lazy("The unit already has this responsibility."),
    ),
    "oversight_once_on_any_date": (
        "organisation.Oversight",
        "overseen",
        gettext_lazy("This oversight is already recorded."),
    ),
}


@functools.cache
def known_constraints() -> dict[str, Known]:
    """Every constraint of every model by name, and unique ones also by their columns as
    SQLite reports them (``organisation_unit.tenant_id, organisation_unit.slug``)."""
    found: dict[str, Known] = {}
    for model in apps.get_models():
        table = model._meta.db_table
        for constraint in model._meta.constraints:
            columns: frozenset[str] = frozenset()
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
                columns = frozenset(f"{table}.{model._meta.get_field(f).column}" for f in constraint.fields)
            known = Known(model, constraint.name, _blamed_field(constraint), columns, constraint)
            found[constraint.name] = known
            if columns:
                found[", ".join(sorted(columns))] = known
        for field in model._meta.concrete_fields:
            if field.unique and not field.primary_key:
                column = f"{table}.{field.column}"
                unique = models.UniqueConstraint(fields=[field.name], name=column)
                found[column] = Known(model, column, field.name, frozenset([column]), unique)
    for name, (label, field_name, message) in SQL_CONSTRAINTS.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        check = models.CheckConstraint(
            condition=Q(pk__isnull=False), name=name, violation_error_message=message
        )
        found[name] = Known(model, name, field_name, frozenset(), check)
    return found


_PG_KEY = re.compile(r"Key \((.+?)\)=")
_QUOTED = re.compile(r'"([^"]+)"')
_SQLITE = re.compile(r"(?:UNIQUE|CHECK) constraint failed: (.+)$", re.MULTILINE)


def find_constraint(exc: IntegrityError) -> Known | None:
    """The constraint an IntegrityError names: PostgreSQL quotes its name, SQLite gives a
    check constraint's name or a unique constraint's columns."""
    text = str(exc)
    known = known_constraints()
    cause = getattr(exc, "__cause__", None)
    diag = getattr(cause, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name and name in known:
        return known[name]
    # A unique field's index has a name PostgreSQL or Django made up (core_tenant_slug_key):
    # its table and the columns in the detail ("Key (slug)=(pargas) already exists.") say which.
    table = getattr(diag, "table_name", None)
    detail = _PG_KEY.match(getattr(diag, "message_detail", None) or "")
    if table and detail:
        names = [c.strip().strip('"') for c in detail.group(1).split(",")]
        columns = ", ".join(sorted(f"{table}.{c}" for c in names))
        if columns in known:
            return known[columns]
    for candidate in _QUOTED.findall(text):
        if candidate in known:
            return known[candidate]
    match = _SQLITE.search(text)
    if match:
        reported = match.group(1).strip()
        if reported in known:
            return known[reported]
        columns = ", ".join(sorted(c.strip() for c in reported.split(",")))
        if columns in known:
            return known[columns]
    return None


def constraint_error(exc: IntegrityError) -> ValidationError:
    """An IntegrityError as the ValidationError ``full_clean`` would have given: the
    constraint's sentence on its field; a constraint not known here (a foreign key, a value
    missing) as a sentence asking to try again."""
    known = find_constraint(exc)
    if known is None:
        text = str(exc).upper()
        if "FOREIGN KEY" in text or "FOREIGN-KEY" in text or "VIOLATES FOREIGN KEY" in text:
            message = _(
                "Something this refers to has been removed, or something else still refers to it. "
                "Reload the page and try again."
            )
        elif "NOT NULL" in text or "NULL VALUE" in text:
            message = _("A value that is required is missing.")
        else:
            message = _(
                "The change could not be saved: it conflicts with another change made at the same "
                "time. Reload the page and try again."
            )
        return ValidationError({NON_FIELD_ERRORS: [message]}, code="integrity")
    return ValidationError({known.field: [capfirst(known.message())]}, code="constraint")


@contextlib.contextmanager
def constraints_as_errors() -> Iterator[None]:
    """Turn an IntegrityError raised inside the block into ``constraint_error``. Put it
    around an ``atomic`` block (or a savepoint): the failed statement must be rolled back."""
    try:
        yield
    except IntegrityError as exc:
        raise constraint_error(exc) from exc
