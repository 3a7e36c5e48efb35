"""The limits every input meets, in one place: the range of dates and how text is cleaned.

Model fields carry them (see ``radhus.core.fields``), so ``full_clean`` in the services, the
forms, the API and the imports all refuse the same things with the same field error.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Dates a user may give. The registry describes municipal organisation since the 19th century
# and plans some years ahead; anything outside is a typing error (0001-01-01, 9999-12-31) and
# would overflow date arithmetic (“the day before”) in exports and views.
EARLIEST_DATE = dt.date(1800, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)

# Lengths of text, in characters after cleaning (names and titles keep their fields' own).
CONTACT_VALUE_LENGTH = 500  # a phone number, e-mail, web or postal address
LONG_TEXT_LENGTH = 10_000  # a unit's purpose, a reorganisation's description
DOCUMENT_TEXT_LENGTH = 100_000  # the text of a post's document, e.g. the director's instruction

# Invisible characters that change how text reads without showing: zero-width spaces and
# joiners, direction marks, bidirectional embeddings, overrides and isolates, the byte order
# mark. They let two names that look the same differ, or turn a name around on screen.
INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")


def _is_control(char: str) -> bool:
    """Control characters (C0, C1, DEL) and lone surrogates, which no database stores."""
    return unicodedata.category(char) in ("Cc", "Cs")


def normalise_line(value: str) -> str:
    """One line of text as it is kept: Unicode NFC, invisible characters removed, line breaks,
    tabs and runs of white space made one space, no space at either end."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", value))
    text = "".join(" " if _is_control(c) else c for c in text)
    return " ".join(text.split())


def normalise_text(value: str) -> str:
    """Text of several lines as it is kept: like ``normalise_line`` for each line, but the line
    breaks stay (as ``\\n``), with at most one empty line in a row."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", value))
    text = _LINE_BREAKS.sub("\n", text)
    lines = [
        " ".join("".join(" " if _is_control(c) else c for c in line).split()) for line in text.split("\n")
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def validate_date_in_range(value: dt.date) -> None:
    """A date a user gives lies between ``EARLIEST_DATE`` and ``LATEST_DATE``."""
    if isinstance(value, dt.date) and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )


def check_date_in_range(value: dt.date | None, field: str) -> None:
    """``validate_date_in_range`` for a date a service takes as a parameter rather than a
    model field (a reorganisation's effective date): the error names ``field``."""
    if value is None:
        return
    try:
        validate_date_in_range(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from exc
