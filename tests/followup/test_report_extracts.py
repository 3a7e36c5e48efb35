"""The auditors' question Q9: are extracts of the minutes dispatched without delay to those who
are to act on them? On the reports' hand-built world (tests/followup/reports_world.py) with
extracts recorded as the meetings module records them (``meetings.models.Dispatch``); every
expected row is counted by hand from the dates below and the Swedish calendar.

The rule: an extract is late when dispatched more than five working days after the approval,
working days being weekdays that are not public holidays, Midsummer Eve, Christmas Eve or New
Year's Eve (lag (1930:173) 2 § names the days a period may not end on)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from radhus.followup.reports.base import REGISTRY, Context, Filters
from radhus.followup.reports.extracts import extract_due, working_days_after
from radhus.meetings.models import (
    Decision,
    Dispatch,
    DispatchChannel,
    DispatchKind,
    DispatchStatus,
    Meeting,
    MinutesParagraph,
)
from tests.factories import client_for
from tests.followup.reports_world import ON, World, assignment, build_world

pytestmark = pytest.mark.django_db
D = dt.date
STOCKHOLM = ZoneInfo("Europe/Stockholm")
SLUG = "protokollsutdrag"


def dispatched(d: Decision, day: dt.date, recipient: str, **kw: object) -> Dispatch:
    """An extract of ``d``'s paragraph, dispatched at noon on ``day`` (Swedish time)."""
    p = d.paragraph
    return Dispatch.objects.create(
        tenant=d.tenant,
        meeting=p.meeting,
        paragraph=p,
        kind=DispatchKind.EXTRACT,
        recipient=recipient,
        created_at=dt.datetime(day.year, day.month, day.day, 12, tzinfo=STOCKHOLM),
        **kw,
    )


@pytest.fixture
def world() -> World:
    w = build_world()
    # Taxa (KF, approved Tuesday 2026-01-20; nobody given an assignment): a letter to the
    # department on Tuesday 2026-01-27, the fifth working day: in time, on the last day.
    dispatched(
        w.d["taxa"],
        D(2026, 1, 27),
        "Samhällsbyggnad",
        unit=w.sbf,
        channel=DispatchChannel.LETTER,
        status=DispatchStatus.SENT,
    )
    # Förskola (KS, approved Monday 2026-02-02): Anna (the assignee) by e-mail on Wednesday
    # 2026-02-04, two working days on; the department, given a second assignment here, never.
    assignment(w, w.d["forskola"], "Rita förskolan", due=D(2026, 9, 30), assignee_unit=w.sbf)
    dispatched(w.d["forskola"], D(2026, 2, 4), "Anna Andersson", person=w.anna, status=DispatchStatus.SENT)
    # Skjuts (BUN, approved Wednesday 2026-04-15): Bo (the assignee) on Friday 2026-04-24, the
    # seventh working day: late; the headteacher's address failed.
    dispatched(w.d["skjuts"], D(2026, 4, 24), "Bo Berg", person=w.bo, status=DispatchStatus.SENT)
    dispatched(
        w.d["skjuts"],
        D(2026, 4, 16),
        "rektor@skola.se",
        address="rektor@skola.se",
        status=DispatchStatus.FAILED,
    )
    # Justerare (KS, approved Monday 2026-05-04): no extract at all.
    return w


def rows(w: World, *, full: bool = True, **filters: object) -> list[tuple]:
    with translation.override("en"):
        return list(REGISTRY[SLUG].rows(Context(w.tenant, full), Filters(on=ON, **filters)))


def url(w: World, name: str, slug: str = SLUG) -> str:
    return reverse(name, kwargs={"tenant": w.tenant.slug, "report": slug})


def test_working_days_skip_weekends_holidays_and_the_eves() -> None:
    """Lag (1930:173) 2 §: Saturdays, Sundays, public holidays, Midsummer Eve, Christmas Eve
    and New Year's Eve are not working days; the fifth working day after the approval is the
    last day an extract is in time."""
    assert extract_due(D(2026, 2, 2)) == D(2026, 2, 9)  # Monday: the next Monday
    # Ascension Day (Thursday 2026-05-14) does not count; the Friday after it does.
    assert extract_due(D(2026, 5, 12)) == D(2026, 5, 20)
    # Midsummer Eve (Friday 2026-06-19) does not count.
    assert extract_due(D(2026, 6, 17)) == D(2026, 6, 25)
    # Christmas Eve, Christmas Day, New Year's Eve and New Year's Day do not count.
    assert extract_due(D(2026, 12, 22)) == D(2027, 1, 4)
    assert working_days_after(D(2026, 4, 15), D(2026, 4, 15)) == 0
    assert working_days_after(D(2026, 4, 15), D(2026, 4, 24)) == 7
    assert working_days_after(D(2026, 4, 15), D(2026, 4, 1)) == 0  # before the approval


def test_each_decision_of_the_period_with_its_extracts_and_who_has_none(world: World) -> None:
    """Q9: one row per decided paragraph, the earliest first: whom an extract went to, when, by
    which channel and how many working days after the approval; who was to act on it and has
    no extract (or whose e-mail failed); and the assessment."""
    assert rows(world, date_from=D(2026, 1, 1)) == [
        (
            D(2026, 1, 20),
            "KF 2026-01-20 § 3",
            "Kommunfullmäktige",
            "Taxa för bygglov",
            D(2026, 1, 20),
            D(2026, 1, 27),
            "Samhällsbyggnad: 2026-01-27, letter or by hand, 5 working days",
            "",
            5,
            "sent in time",
        ),
        (
            D(2026, 2, 2),
            "KS 2026-02-02 § 7",
            "Kommunstyrelsen",
            "Förskola i Hedekas",
            D(2026, 2, 2),
            D(2026, 2, 9),
            "Anna Andersson: 2026-02-04, e-mail, 2 working days",
            "Samhällsbyggnad (no extract)",
            2,
            "not sent to all who are to act",
        ),
        (
            D(2026, 4, 15),
            "BUN 2026-04-15 § 12",
            "Barn- och utbildningsnämnden",
            "Skolskjutsregler",
            D(2026, 4, 15),
            D(2026, 4, 22),
            "Bo Berg: 2026-04-24, e-mail, 7 working days – late",
            "rektor@skola.se (failed)",
            7,
            "sent late",
        ),
        (
            D(2026, 5, 4),
            "KS 2026-05-04 § 30",
            "Kommunstyrelsen",
            "Val av justerare",
            D(2026, 5, 4),
            D(2026, 5, 11),
            "",
            "",
            None,
            "no extract sent",
        ),
    ]


def test_the_summary_counts_each_assessment(world: World) -> None:
    with translation.override("en"):
        s = REGISTRY[SLUG].summary(Context(world.tenant, True), Filters(on=ON, date_from=D(2026, 1, 1)))
        got = {str(label): value for label, value in s.items}
    assert got == {
        "Decisions": 4,
        "Extracts sent in time": 1,
        "Extracts sent late": 1,
        "Not sent to all who are to act": 1,
        "No extract sent": 1,
    }


def test_a_paragraph_approved_at_once_counts_from_that_day_and_a_post_gets_it_through_its_holder(
    world: World,
) -> None:
    """KL 5 kap. 69 §: a paragraph approved at once may be carried out (and its extract sent)
    from that day, not from the approval of the whole minutes. An extract to a post (the
    holder, as the dispatch records it) reaches an assignment given to the post."""
    plan = world.d["plan"]  # KF Monday 2025-03-10: the post of director and the department
    Meeting.objects.filter(pk=plan.paragraph.meeting_id).update(approved_on=D(2025, 3, 24))
    MinutesParagraph.objects.filter(pk=plan.paragraph_id).update(
        immediately_approved=True, approved_at_once_on=D(2025, 3, 10)
    )
    dispatched(
        plan,
        D(2025, 3, 12),
        "Kommundirektör (Cecilia Chef)",
        post=world.director,
        person=world.cecilia,
        status=DispatchStatus.PENDING,
    )
    dispatched(plan, D(2025, 3, 18), "Samhällsbyggnad", unit=world.sbf, status=DispatchStatus.SENT)
    (row,) = rows(world, date_from=D(2025, 3, 1), date_to=D(2025, 3, 31))
    assert row[4:] == (
        D(2025, 3, 10),
        D(2025, 3, 17),
        "Kommundirektör (Cecilia Chef): 2025-03-12, e-mail, 2 working days (waiting to be sent)\n"
        "Samhällsbyggnad: 2025-03-18, e-mail, 6 working days – late",
        "",
        6,
        "sent late",
    )


def test_a_reader_sees_no_party_or_address_of_a_secret_paragraph(world: World) -> None:
    """OSL 5 kap. 5 §: a reader without the right to secret parts sees the paragraph's secrecy
    marking for its title, and neither the name of an address it was sent to; an assignee's
    own name stays (it is the organisation's own)."""
    skjuts = world.d["skjuts"]
    MinutesParagraph.objects.filter(pk=skjuts.paragraph_id).update(secrecy="OSL 23 kap. 2 §")
    (row,) = rows(world, full=False, date_from=D(2026, 4, 1), date_to=D(2026, 4, 30))
    assert "Skolskjutsregler" not in row[3] and "OSL 23 kap. 2 §" in row[3]
    assert row[6] == "Bo Berg: 2026-04-24, e-mail, 7 working days – late"
    assert row[7] == "an e-mail address (failed)"
    (full,) = rows(world, full=True, date_from=D(2026, 4, 1), date_to=D(2026, 4, 30))
    assert full[7] == "rektor@skola.se (failed)"


def test_the_page_names_the_question_and_the_rule_in_swedish(world: World) -> None:
    page = (
        client_for(world.reader)
        .get(url(world, "followup_report"), {"datum": "2026-06-30", "fran": "2026-01-01"})
        .content.decode()
    )
    assert "<h1>Skickas protokollsutdragen utan dröjsmål till dem som ska verkställa besluten?</h1>" in page
    assert "fem arbetsdagar" in page
    assert "skickat för sent" in page and "inget utdrag skickat" in page
    assert "Samhällsbyggnad (inget utdrag)" in page


def test_the_csv_has_one_column_per_value(world: World) -> None:
    response = client_for(world.reader).get(
        url(world, "followup_report_csv"), {"datum": "2026-06-30", "fran": "2026-04-01", "till": "2026-04-30"}
    )
    lines = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";")
    )
    assert len(lines[0]) == 10
    assert lines[1][:3] == ["2026-04-15", "BUN 2026-04-15 § 12", "Barn- och utbildningsnämnden"]
    assert lines[1][8:] == ["7", "skickat för sent"]


def test_the_figures_are_counted_for_a_period_of_at_most_a_year(
    world: World, django_assert_num_queries
) -> None:
    """Ten years of a large organisation are not counted on every page: without a period, or
    with one longer than a year, the figures ask for a period (and read nothing); within a year
    they read the same three queries as the rows, however many rows."""
    report = REGISTRY[SLUG]
    ctx = Context(world.tenant, True)
    with translation.override("en"), django_assert_num_queries(0):
        for f in (Filters(on=ON), Filters(on=ON, date_from=D(2025, 1, 1))):
            assert [(str(k), v) for k, v in report.summary(ctx, f).items] == [
                ("Figures", "choose a period of at most a year (From, To)")
            ]
    for extra in (0, 5):
        for i in range(extra):
            dispatched(world.d["justerare"], D(2026, 5, 5), f"Mottagare {i}", status=DispatchStatus.SENT)
        with django_assert_num_queries(3):
            report.summary(ctx, Filters(on=ON, date_from=D(2026, 1, 1)))
