"""Phone and organisation numbers are parsed by their libraries and shown the Swedish way."""

import pytest
from django.core.exceptions import ValidationError

from radhus.core.formats import display_phone, normalise_organisation_number, normalise_phone


@pytest.mark.parametrize(
    ("raw", "stored", "shown"),
    [
        ("0660-883 00", "+4666088300", "0660-883 00"),  # S0.5, Örnsköldsvik's director
        ("0660 - 882 64", "+4666088264", "0660-882 64"),
        ("090-16 13 32", "+4690161332", "090-16 13 32"),  # S3.3, Umeåregionen's office
        ("070-644 11 47", "+46706441147", "070-644 11 47"),
        ("+46 524 180 00", "+4652418000", "0524-180 00"),  # S2.6, Munkedal
    ],
)
def test_phone_numbers_are_stored_normalised_and_shown_in_swedish_style(raw, stored, shown):
    assert normalise_phone(raw) == stored
    assert display_phone(stored) == shown


def test_foreign_numbers_are_shown_internationally():
    assert display_phone(normalise_phone("+47 22 24 90 90")) == "+47 22 24 90 90"


@pytest.mark.parametrize("raw", ["", "abc", "0660-88", "12345678901234567"])
def test_a_broken_phone_number_is_refused_with_a_message(raw):
    with pytest.raises(ValidationError) as exc:
        normalise_phone(raw)
    assert raw in exc.value.messages[0]


def test_munkedals_organisation_number_is_valid_and_formatted():
    """S2.6: 21 20 00-13 30 as written on Munkedal's page."""
    assert normalise_organisation_number("21 20 00-13 30") == "212000-1330"
    assert normalise_organisation_number("2120001330") == "212000-1330"


def test_an_organisation_number_with_a_wrong_check_digit_is_refused():
    with pytest.raises(ValidationError):
        normalise_organisation_number("212000-1331")
