"""The legal dates of minutes, each with its paragraph, tested at its edges."""

import datetime as dt

import pytest

from radhus.meetings import law

D = dt.date


def test_three_weeks_end_on_the_same_weekday():
    """KL 13 kap. 5 §; lag (1930:173) 1 §: posted Tuesday 3 March 2026, last day Tuesday 24 March."""
    assert law.appeal_last_day(D(2026, 3, 3)) == D(2026, 3, 24)


def test_appeal_period_ending_on_a_saturday_moves_to_monday():
    """Lag (1930:173) 2 §: posted on a Saturday (a digital notice board), the period ends on a
    Saturday three weeks on, and the appeal may reach the court on the Monday."""
    assert law.appeal_last_day(D(2026, 3, 7)) == D(2026, 3, 30)
    assert law.appeal_last_day(D(2026, 3, 8)) == D(2026, 3, 30)  # a Sunday likewise


@pytest.mark.parametrize(
    ("posted", "last"),
    [
        (D(2026, 3, 13), D(2026, 4, 7)),  # ends on Good Friday 3 April → Easter Monday too → Tuesday 7 April
        (D(2026, 5, 29), D(2026, 6, 22)),  # ends on Friday 19 June, Midsummer Eve → Monday 22 June
        (D(2026, 12, 3), D(2026, 12, 28)),  # ends on Thursday 24 December, Christmas Eve → Monday 28
        (D(2026, 12, 10), D(2027, 1, 4)),  # ends on Thursday 31 December, New Year's Eve → Monday 4 January
        (D(2026, 12, 16), D(2027, 1, 7)),  # ends on Wednesday 6 January, Epiphany → Thursday 7
        (D(2026, 4, 10), D(2026, 5, 4)),  # ends on Friday 1 May → Monday 4 May
    ],
)
def test_appeal_period_ending_on_a_holiday_or_an_eve_moves_to_the_next_weekday(posted, last):
    """Lag (1930:173) 2 §: Sunday, another public holiday, Saturday, Midsummer Eve, Christmas Eve,
    New Year's Eve."""
    assert law.appeal_last_day(posted) == last


def test_the_day_before_a_holiday_is_an_ordinary_last_day():
    """23 December 2026 is a Wednesday and no holiday: the period ends there (lag (1930:173) 2 §
    names only the eves)."""
    assert law.appeal_last_day(D(2026, 12, 2)) == D(2026, 12, 23)


def test_joint_body_counts_from_the_last_member_municipalitys_posting():
    """KL 13 kap. 5 §: for a joint committee, from the day the approval was posted in all the
    collaborating municipalities."""
    assert law.appeal_last_day([D(2026, 3, 3), D(2026, 3, 5), D(2026, 3, 4)]) == D(2026, 3, 26)


def test_no_posting_no_appeal_period():
    with pytest.raises(ValueError):
        law.appeal_last_day([])


def test_posting_is_due_the_second_day_after_approval():
    """KL 8 kap. 12 §: at the latest the second day after the approval."""
    assert law.posting_due(D(2026, 3, 2)) == D(2026, 3, 4)  # Monday → Wednesday
    # approved on a Thursday: the second day is a Saturday → Monday (lag (1930:173) 2 §)
    assert law.posting_due(D(2026, 3, 5)) == D(2026, 3, 9)


def test_notice_stays_for_the_whole_appeal_period():
    """KL 8 kap. 12 §, KL 13 kap. 5 §: it may come down the day after the last day to appeal."""
    assert law.take_down_on(D(2026, 3, 3)) == D(2026, 3, 25)


def test_minutes_approved_within_fourteen_days():
    """KL 5 kap. 69 §."""
    assert law.approval_due(D(2026, 3, 3)) == D(2026, 3, 17)


def test_council_meeting_announced_a_week_before():
    """KL 5 kap. 13–15 §§."""
    assert law.council_notice_due(D(2026, 3, 10)) == D(2026, 3, 3)


def test_public_holidays_for_the_plan():
    assert law.is_public_holiday(D(2026, 6, 6))  # National Day, a Saturday
    assert law.is_public_holiday(D(2026, 5, 14))  # Ascension Day
    assert not law.is_public_holiday(D(2026, 6, 19))  # Midsummer Eve is not a public holiday
    assert not law.is_public_holiday(D(2026, 5, 12))
