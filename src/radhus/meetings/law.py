"""The legal dates of meetings and minutes: one function per rule, each citing its source.

Kommunallagen (2017:725) sets the periods; lagen (1930:173) om beräkning av lagstadgad tid says
how a period in weeks is counted and which days do not count as the last day of a period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays

# KL 13 kap. 5 §: an appeal must reach the court within three weeks of the posting.
APPEAL_WEEKS = 3
# KL 8 kap. 12 §: the approval is posted at the latest the second day after the approval.
POSTING_DAYS_AFTER_APPROVAL = 2
# KL 5 kap. 69 §: the minutes are approved within 14 days of the meeting; the council's rule,
# which KL 6 kap. 35 § applies to the minutes of the board and the committees too. The same
# paragraph lets a paragraph be approved at once once it is written out (omedelbar justering).
APPROVAL_DAYS = 14
# KL 5 kap. 13–15 §§ (tillkännagivande): time and place of a council meeting are posted at
# least one week before.
COUNCIL_NOTICE_DAYS = 7


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    """Sweden's public holidays (lag (1989:253) om allmänna helgdagar), from `holidays`,
    without ordinary Sundays."""
    return frozenset(holidays.Sweden(years=year, include_sundays=False))


def is_public_holiday(day: dt.date) -> bool:
    """A Swedish public holiday (a meeting plan skips these)."""
    return day in _public_holidays(day.year)


def is_closed_day(day: dt.date) -> bool:
    """A day on which a period may not end (lag (1930:173) om beräkning av lagstadgad tid 2 §):
    Saturday, Sunday, another public holiday, Midsummer Eve, Christmas Eve or New Year's Eve."""
    if day.weekday() >= 5 or day in _public_holidays(day.year):
        return True
    if (day.month, day.day) in {(12, 24), (12, 31)}:
        return True
    midsummer_day = day + dt.timedelta(days=1)
    return day.month == 6 and midsummer_day in _public_holidays(day.year) and midsummer_day.weekday() == 5


def next_working_day(day: dt.date) -> dt.date:
    """``day``, or the next weekday when a period ends on a closed day (lag (1930:173) 2 §)."""
    while is_closed_day(day):
        day += dt.timedelta(days=1)
    return day


def approval_due(meeting_date: dt.date) -> dt.date:
    """The last day to approve the minutes: 14 days after the meeting (KL 5 kap. 69 §, for
    committees through KL 6 kap. 35 §)."""
    return meeting_date + dt.timedelta(days=APPROVAL_DAYS)


def council_notice_due(meeting_date: dt.date) -> dt.date:
    """The last day to post a council meeting's time and place: one week before (KL 5 kap. 13–15 §§)."""
    return meeting_date - dt.timedelta(days=COUNCIL_NOTICE_DAYS)


def posting_due(approved_on: dt.date) -> dt.date:
    """The last day to post the approval on the notice board: the second day after the approval
    (KL 8 kap. 12 §), moved to the next weekday when it is a closed day (lag (1930:173) 2 §)."""
    return next_working_day(approved_on + dt.timedelta(days=POSTING_DAYS_AFTER_APPROVAL))


def appeal_last_day(posted_on: dt.date | Iterable[dt.date]) -> dt.date:
    """The last day an appeal may reach the court: three weeks from the day the approval was
    posted (KL 13 kap. 5 §), for a joint body from the last member municipality's posting. The
    period ends on the same weekday three weeks on (lag (1930:173) 1 §), or the next weekday
    when that is a closed day (2 §)."""
    days = [posted_on] if isinstance(posted_on, dt.date) else list(posted_on)
    if not days:
        raise ValueError("No posting: the appeal period has not begun.")
    start = max(days)
    return next_working_day(start + dt.timedelta(weeks=APPEAL_WEEKS))


def take_down_on(posted_on: dt.date | Iterable[dt.date]) -> dt.date:
    """The first day the notice may come down: it stays for the whole appeal period
    (KL 8 kap. 12 §, KL 13 kap. 5 §), so the day after the last day to appeal."""
    return appeal_last_day(posted_on) + dt.timedelta(days=1)
