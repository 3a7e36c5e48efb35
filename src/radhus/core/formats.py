"""The formats of a tenant's country: phone numbers, organisation numbers and municipality
codes, parsed and checked by their libraries (``phonenumbers``, ``python-stdnum``).

A phone number is read in the region of the organisation it belongs to (a Finnish
``040 123 4567`` is +358 40 1234567, never +46) and stored in E.164. It is shown in the
national style of the country whose page shows it (``0660-883 00`` in Sweden, ``040 1234567``
in Finland) and in the international style when it belongs to another country. The region
a page is shown in is set for the request by ``use_region`` (``radhus.core.access.tenant_view``
does so for every page of an organisation); without one it is Sweden's.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextvars import ContextVar

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import ytunnus
from stdnum.se import orgnr

DEFAULT_COUNTRY = "SE"

# ISO 3166-1 alpha-2 codes of the countries whose identifiers Rådhus knows.
COUNTRIES = [("SE", gettext_lazy("Sweden")), ("FI", gettext_lazy("Finland"))]
COUNTRY_CODES = [code for code, _name in COUNTRIES]

# A municipality code: Sweden's kommunkod has four digits (SCB, e.g. 2284 Örnsköldsvik),
# Finland's kuntanumero three (Statistics Finland's classification of municipalities, e.g. 445
# Pargas). Neither python-stdnum nor any installed library has a list of either, so the
# format is checked, not whether the code is in use.
MUNICIPALITY_CODE_DIGITS = {"SE": 4, "FI": 3}

_region: ContextVar[str | None] = ContextVar("radhus_region", default=None)


def current_region() -> str:
    """The region pages and files are being shown in (``use_region``), else Sweden."""
    return _region.get() or DEFAULT_COUNTRY


def chosen_region() -> str | None:
    """The region set by ``use_region``, or None outside one."""
    return _region.get()


@contextlib.contextmanager
def use_region(region: str | None) -> Iterator[None]:
    """Show phone numbers as in ``region`` (a country code) inside the ``with`` block."""
    token = _region.set(region or None)
    try:
        yield
    finally:
        _region.reset(token)


# Phone numbers ------------------------------------------------------------------------------


def parse_phone(raw: str, region: str = DEFAULT_COUNTRY) -> phonenumbers.PhoneNumber:
    """A valid phone number written in ``region`` or internationally; ValidationError if not."""
    try:
        number = phonenumbers.parse(raw, region or DEFAULT_COUNTRY)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("“%(value)s” is not a phone number."), code="phone_invalid", params={"value": raw}
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number."),
            code="phone_invalid",
            params={"value": raw},
        )
    return number


def normalise_phone(raw: str, region: str = DEFAULT_COUNTRY) -> str:
    """Parse a number written in ``region`` (``0660-883 00`` in Sweden, ``040 123 4567`` in
    Finland) or internationally, and return it in E.164 (+4666088300)."""
    return phonenumbers.format_number(parse_phone(raw, region), phonenumbers.PhoneNumberFormat.E164)


_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalise_mobile(raw: str, region: str = DEFAULT_COUNTRY) -> str:
    """As ``normalise_phone``, for a number given as a mobile: one that ``phonenumbers``
    knows as a fixed line, a toll-free or a premium number is refused (070-123 45 67 is a
    Swedish mobile, 0660-883 00 is not)."""
    number = parse_phone(raw, region)
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise ValidationError(
            _("“%(value)s” is not a mobile number. Give it as a phone number instead."),
            code="phone_not_mobile",
            params={"value": raw},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str, region: str | None = None) -> str:
    """A stored number in the national style of ``region`` (default: the region being shown,
    ``current_region``) when it belongs to that country, else internationally: in Sweden
    0660-883 00 and +358 40 1234567, in Finland 040 1234567 and +46 660 883 00."""
    region = region or current_region()
    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == phonenumbers.country_code_for_region(region):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# Identifiers of organisations ---------------------------------------------------------------


def normalise_organisation_number(raw: str, country: str = DEFAULT_COUNTRY) -> str:
    """Check an organisation's identifier for its country and format it: a Swedish
    organisationsnummer (Luhn, 212000-1330) or a Finnish business id, FO-nummer / Y-tunnus
    (check digit, 0201256-6)."""
    if country == "FI":
        try:
            return ytunnus.format(ytunnus.validate(raw))
        except StdnumError as exc:
            raise ValidationError(
                _("“%(value)s” is not a valid business id (FO-nummer), for example 0201256-6."),
                code="ytunnus_invalid",
                params={"value": raw},
            ) from exc
    try:
        return orgnr.format(orgnr.validate(raw))
    except StdnumError as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid organisation number."),
            code="orgnr_invalid",
            params={"value": raw},
        ) from exc


def normalise_municipality_code(raw: str, country: str = DEFAULT_COUNTRY) -> str:
    """A municipality code as its country writes it: four digits in Sweden (kommunkod, 2284),
    three in Finland (kommunnummer, 445)."""
    code = raw.strip()
    digits = MUNICIPALITY_CODE_DIGITS.get(country, 4)
    if not re.fullmatch(rf"[0-9]{{{digits}}}", code):
        raise ValidationError(
            _("A municipality code in %(country)s has %(digits)s digits, for example %(example)s."),
            code="municipality_code_invalid",
            params={
                "country": country_name(country),
                "digits": digits,
                "example": "445" if country == "FI" else "2284",
            },
        )
    return code


def country_name(code: str) -> str:
    return str(dict(COUNTRIES).get(code, code))
