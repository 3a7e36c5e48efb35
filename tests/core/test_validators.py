"""The limits every input meets (``radhus.core.validators``) and the fields that carry them."""

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from radhus.core.models import Tenant
from radhus.core.validators import (
    EARLIEST_DATE,
    LATEST_DATE,
    check_date_in_range,
    normalise_line,
    normalise_text,
    validate_date_in_range,
)
from radhus.organisation.forms import UnitForm
from radhus.organisation.models import ContactPoint, Unit

D = dt.date
INVISIBLES = [chr(c) for c in (0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF)] + [
    chr(c) for r in ((0x202A, 0x202E), (0x2066, 0x2069)) for c in range(r[0], r[1] + 1)
]


# Dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize("date", [EARLIEST_DATE, D(2026, 11, 29), LATEST_DATE])
def test_dates_from_1800_to_2200_are_accepted(date):
    validate_date_in_range(date)


@pytest.mark.parametrize("date", [D(1, 1, 1), D(1799, 12, 31), D(2201, 1, 1), D(9999, 12, 31)])
def test_dates_outside_1800_to_2200_are_refused_in_swedish(date, settings):
    with pytest.raises(ValidationError) as exc:
        validate_date_in_range(date)
    assert exc.value.messages == ["Ange ett datum mellan 1800-01-01 och 2200-12-31."]


def test_a_date_given_to_a_service_is_refused_with_the_field_it_came_in():
    with pytest.raises(ValidationError) as exc:
        check_date_in_range(D(1, 1, 1), "effective_date")
    assert list(exc.value.message_dict) == ["effective_date"]
    check_date_in_range(None, "effective_date")


# One line of text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Kommun\nstyrelsen  ", "Kommun styrelsen"),
        ("Kommun\r\n\tstyrelsen", "Kommun styrelsen"),
        ("Barn-  och   utbildning", "Barn- och utbildning"),
        ("Kommun\u2028styrelsen", "Kommun styrelsen"),
        ("Kommun\x00styrelsen\x7f", "Kommun styrelsen"),
        ("Nyl\u200ben", "Nylen"),
        ("\u202eneléyN reP", "neléyN reP"),
        ("A\u030angermanland", "Ångermanland"),  # decomposed Å made one character (NFC)
        ("\ufeffKS", "KS"),
        ("\ud800KS", "KS"),  # a lone surrogate, which no database stores
    ],
)
def test_one_line_of_text_is_cleaned(typed, kept):
    assert normalise_line(typed) == kept


@pytest.mark.parametrize("invisible", INVISIBLES)
def test_every_invisible_character_is_removed(invisible):
    assert normalise_line(f"{invisible}Ö{invisible}vik{invisible}") == "Övik"


@pytest.mark.parametrize("blank", ["", "   ", "\n\t", "\u200b\u200b", "\u202e", "\ufeff \u2066"])
def test_text_of_only_spaces_and_invisible_characters_is_empty(blank):
    assert normalise_line(blank) == ""
    assert normalise_text(blank) == ""


@given(st.text())
def test_a_cleaned_line_is_one_clean_line_and_cleaning_again_changes_nothing(text):
    line = normalise_line(text)
    assert normalise_line(line) == line
    assert line == line.strip() and "  " not in line
    assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in line)
    assert not any(c in INVISIBLES for c in line)
    assert unicodedata.is_normalized("NFC", line)


# Text of several lines ---------------------------------------------------------------------


def test_several_lines_keep_their_breaks_and_lose_other_control_characters():
    typed = "Uppdrag:\r\n\r\n\r\n\r\n– leda\x07 och\tsamordna \u200b\n– ha uppsikt\x1b  \n"
    assert normalise_text(typed) == "Uppdrag:\n\n– leda och samordna\n– ha uppsikt"


@given(st.text())
def test_cleaned_text_has_no_control_characters_but_line_breaks(text):
    cleaned = normalise_text(text)
    assert normalise_text(cleaned) == cleaned
    assert not any(unicodedata.category(c) in ("Cc", "Cs") and c != "\n" for c in cleaned)
    assert "\n\n\n" not in cleaned


# The fields --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_model_validation_cleans_names_and_refuses_empty_ones():
    tenant = Tenant(name="  Ånge\u200b\nkommun ", slug="ange", kind=Tenant.Kind.MUNICIPALITY)
    tenant.full_clean()
    assert tenant.name == "Ånge kommun"
    tenant.name = "\u202e \u200b"
    with pytest.raises(ValidationError) as exc:
        tenant.full_clean()
    assert list(exc.value.message_dict) == ["name"]


@pytest.mark.django_db
def test_a_row_saved_without_validation_is_still_cleaned(settings):
    tenant = Tenant.objects.create(name="Ånge\tkommun\u200f", slug="ange", kind=Tenant.Kind.MUNICIPALITY)
    tenant.refresh_from_db()
    assert tenant.name == "Ånge kommun"


def test_a_contact_value_is_at_most_500_characters_in_the_model():
    field = ContactPoint._meta.get_field("value")
    assert field.max_length == 500
    with pytest.raises(ValidationError):
        field.clean("x" * 501, ContactPoint())
    assert field.clean(" x " * 200, ContactPoint()) == " ".join(["x"] * 200)


def test_a_purpose_is_at_most_10000_characters_and_keeps_its_lines():
    field = Unit._meta.get_field("purpose")
    with pytest.raises(ValidationError):
        field.clean("x" * 10_001, Unit())
    assert field.clean("Leda\r\nsamordna", Unit()) == "Leda\nsamordna"


@pytest.mark.django_db
def test_a_form_built_from_the_model_cleans_the_same_way():
    form = UnitForm.base_fields["name"]
    assert form.clean(" Kommun\u200bstyrelsen ") == "Kommunstyrelsen"
    with pytest.raises(ValidationError):
        form.clean("\u200b \u202e")
