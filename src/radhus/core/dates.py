"""Dates a person may ask for or enter: one range and one way to read ``YYYY-MM-DD``.

Dates far outside the registry's time (year 1 or 9999) break date arithmetic and exports, so
the registry takes dates from 1800-01-01 to 2200-12-31 only.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from radhus.core.validators import validate_date_in_range

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SHOWN_LENGTH = 40  # how much of a bad value a message repeats


def parse_date(raw: str) -> dt.date:
    """Read a date written exactly as ``YYYY-MM-DD`` within the registry's range, or raise a
    ValidationError saying in Swedish what was wrong."""
    value = raw.strip()
    if ISO_DATE.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
        if day is not None:
            validate_date_in_range(day)
            return day
    shown = value[:SHOWN_LENGTH] + ("…" if len(value) > SHOWN_LENGTH else "")
    raise ValidationError(
        _("“%(value)s” is not a date. Write the date as YYYY-MM-DD, for example 2009-01-01.")
        % {"value": shown},
        code="invalid_date",
    )
