"""Case numbers: one series per body and year, written in the organisation's format, gapless and
never given twice (OSL 5 kap. 1 §: each case registered without delay under its own number)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from radhus.core.models import AuditEvent
from radhus.diarium import services
from radhus.diarium.models import Case, SeriesYear, format_number, validate_number_format
from tests.diarium.factories import SeriesFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("{code} {year}/{n}", "KS 2026/123"),
        ("{code}/{year}:{n}", "KS/2026:123"),
        ("{year}-{n:06}", "2026-000123"),
    ],
)
def test_the_organisation_writes_its_numbers_in_its_own_format(pattern, expected):
    validate_number_format(pattern)
    assert format_number(pattern, code="KS", year=2026, n=123) == expected


@pytest.mark.parametrize("pattern", ["{code} {year}", "{n}-{n}", "{x} {n}", "{n:6}", ""])
def test_a_format_without_exactly_one_running_number_is_refused(pattern):
    with pytest.raises(ValidationError):
        validate_number_format(pattern)


def test_numbers_run_per_series_and_year_and_start_again_each_year():
    series = SeriesFactory(code="KS")
    other = SeriesFactory(tenant=series.tenant, code="KF", body=series.body)
    numbers = [
        services.case_register(
            tenant=series.tenant, actor=None, series=series, title=f"Ärende {i}", opened_on=DAY
        ).number
        for i in range(3)
    ]
    assert numbers == ["KS 2026/1", "KS 2026/2", "KS 2026/3"]
    assert (
        services.case_register(
            tenant=series.tenant, actor=None, series=other, title="KF", opened_on=DAY
        ).number
        == "KF 2026/1"
    )
    next_year = services.case_register(
        tenant=series.tenant, actor=None, series=series, title="Nytt år", opened_on=dt.date(2027, 1, 2)
    )
    assert next_year.number == "KS 2027/1"
    assert AuditEvent.objects.filter(action="diarium.case.register").count() == 5


def test_the_tenant_format_applies_to_new_numbers_only():
    series = SeriesFactory(code="KSKF")
    first = services.case_register(
        tenant=series.tenant, actor=None, series=series, title="Före", opened_on=DAY
    )
    services.register_settings_update(tenant=series.tenant, actor=None, number_format="{code}/{year}:{n}")
    second = services.case_register(
        tenant=series.tenant, actor=None, series=series, title="Efter", opened_on=DAY
    )
    first.refresh_from_db()
    assert (first.number, second.number) == ("KSKF 2026/1", "KSKF/2026:2")


def test_a_refused_registration_leaves_no_gap():
    series = SeriesFactory()
    services.case_register(tenant=series.tenant, actor=None, series=series, title="Ett", opened_on=DAY)
    with pytest.raises(ValidationError) as refused:
        services.case_register(tenant=series.tenant, actor=None, series=series, title="   ", opened_on=DAY)
    assert "title" in refused.value.message_dict
    third = services.case_register(
        tenant=series.tenant, actor=None, series=series, title="Två", opened_on=DAY
    )
    assert third.number == "KS 2026/2"
    assert SeriesYear.objects.get(series=series, year=2026).last_number == 2


def test_the_database_refuses_a_number_given_twice():
    series = SeriesFactory()
    case = services.case_register(tenant=series.tenant, actor=None, series=series, title="Ett", opened_on=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            tenant=case.tenant,
            series=series,
            year=2026,
            sequence=1,
            number="KS 2026/1b",
            title="Dubblett",
            opened_on=DAY,
        )


@given(
    prefix=st.text(alphabet="ABCKSF/- :", max_size=5),
    width=st.integers(min_value=0, max_value=9),
    year=st.integers(min_value=1800, max_value=2200),
    n=st.integers(min_value=1, max_value=10**7),
)
def test_any_valid_format_writes_the_year_and_the_running_number(prefix, width, year, n):
    token = "{n}" if width == 0 else f"{{n:0{width}}}"
    pattern = f"{prefix}{{code}} {{year}}/{token}"
    validate_number_format(pattern)
    written = format_number(pattern, code="KS", year=year, n=n)
    assert written == f"{prefix}KS {year}/{str(n).zfill(width)}"
