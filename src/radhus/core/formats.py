"""Swedish formats: phone numbers and organisation numbers, parsed by their libraries."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr


def normalise_phone(raw: str) -> str:
    """Parse a Swedish or international phone number and return it in E.164 (+4666088300)."""
    try:
        number = phonenumbers.parse(raw, "SE")
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
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """Swedish numbers in the national style (0660-883 00), others internationally."""
    number = phonenumbers.parse(e164, "SE")
    if number.country_code == 46:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def normalise_organisation_number(raw: str) -> str:
    """Check a Swedish organisation number (Luhn checksum) and format it as 212000-1330."""
    try:
        return orgnr.format(orgnr.validate(raw))
    except StdnumError as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid organisation number."),
            code="orgnr_invalid",
            params={"value": raw},
        ) from exc
