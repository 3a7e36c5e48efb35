"""The follow-up's demo (issue 11, item 9): the Hässleholm chain of S1.1 carried out on the
seed's dates, an Umeåregionen task from the chiefs' group to a working group followed to done
(S3.2), and a late assignment in Munkedal with its deviation on the board's next agenda (S4.5)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from radhus.followup import selectors
from radhus.followup.models import Assignment, Deviation
from radhus.meetings.models import MeetingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_the_hassleholm_chain_is_carried_out_on_the_seeds_dates(demo):
    rows = list(
        Assignment.objects.filter(tenant__slug="hassleholm")
        .order_by("decided_on")
        .values_list("reference", "decided_on", "due_on", "completed_on", "status", "case__number")
    )
    assert rows == [
        ("KF § 1/2007", dt.date(2007, 9, 1), dt.date(2008, 4, 1), dt.date(2008, 3, 1), "done", "KF 2007/1"),
        ("KS § 1/2008", dt.date(2008, 4, 1), dt.date(2008, 10, 1), dt.date(2008, 9, 15), "done", "KS 2007/1"),
        ("KS § 2/2008", dt.date(2008, 10, 1), dt.date(2009, 1, 1), dt.date(2009, 1, 1), "done", "KS 2008/1"),
    ]
    chief_task = Assignment.objects.get(tenant__slug="hassleholm", reference="KS § 1/2008")
    assert chief_task.assignee_post.title == "Kommunchef"


def test_the_chiefs_group_hands_a_task_to_a_working_group_followed_to_done(demo):
    task = Assignment.objects.get(tenant__slug="umearegionen")
    assert task.body.name == "Kommunchefsgruppen"
    assert task.assignee_unit.name == "Arbetsgruppen för kompetensförsörjning"
    assert [r.progress for r in task.progress_reports.order_by("reported_on")] == [30, 70, 100]
    assert (task.status, task.completed_on) == ("done", dt.date(2026, 2, 20))


def test_munkedal_has_a_late_assignment_with_its_deviation_on_the_boards_next_agenda(demo):
    today = timezone.localdate()
    late = list(selectors.late(Assignment.objects.get(title__startswith="Skicka budget").tenant, today))
    # The demo login's late revision of the document plan (radhus.demo.officer), and the budget.
    assert [a.title for a in late] == [
        "Revidera dokumenthanteringsplanen för kommunstyrelsen",
        "Skicka budgetförslaget till sektorerna för synpunkter",
    ]
    deviation = Deviation.objects.get(assignment=late[1])
    meeting = deviation.agenda_item.meeting
    assert meeting.status == MeetingStatus.PLANNED and meeting.date > deviation.reported_on
    assert meeting.body.name == "Kommunstyrelsen"
    assert deviation.agenda_item.for_decision
    assert list(selectors.late_without_deviation(meeting.tenant, today)) == []


def test_loading_again_with_reset_gives_the_same_follow_up(demo):
    before = Assignment.objects.count()
    call_command("load_demo", "--reset", verbosity=0)
    assert Assignment.objects.count() == before == 8
