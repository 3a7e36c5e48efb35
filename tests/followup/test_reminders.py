"""E-mail reminders: what is due within each user's chosen days, late assignments and new
deviations, queued through the task queue and never sent twice."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from radhus.core.models import Role
from radhus.diarium.models import OfficerLink
from radhus.followup import services
from radhus.followup.models import NotificationChoice, SentReminder
from radhus.followup.reminders import send_due
from radhus.organisation.models import UnitKind
from tests.factories import PersonFactory, TenantRoleFactory, UnitFactory
from tests.followup.world import build_decided_board

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def world():
    world = build_decided_board()
    world.office = UnitFactory(tenant=world.tenant, kind=UnitKind.EXECUTIVE_OFFICE, name="Kansliet")
    person = PersonFactory(tenant=world.tenant, first_name="Anna", last_name="Andersson")
    world.officer = TenantRoleFactory(
        tenant=world.tenant, role=Role.READER, user__email="anna@example.se"
    ).user
    OfficerLink.objects.create(tenant=world.tenant, user=world.officer, person=person, unit=world.office)
    world.soon = services.assignment_create(
        decision=world.decisions[1],
        actor=None,
        title="Ta fram anvisningar",
        due_on=dt.date(2026, 6, 30),
        assignee_unit=world.office,
    )
    world.late = services.assignment_create(
        decision=world.decisions[2],
        actor=None,
        title="Upphandla",
        due_on=dt.date(2026, 6, 1),
        assignee_person=person,
    )
    return world


def test_due_soon_and_late_are_sent_once(world, django_capture_on_commit_callbacks):
    day = dt.date(2026, 6, 23)  # 2026-06-30 is 7 days ahead: inside the default week
    with django_capture_on_commit_callbacks(execute=True):
        run = send_due(day)
    assert run.queued == {"due_soon": 1, "late": 1}
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["Försenat uppdrag: Upphandla", "Uppdrag snart klart: Ta fram anvisningar"]
    assert mail.outbox[0].to == ["anna@example.se"]
    with django_capture_on_commit_callbacks(execute=True):
        again = send_due(day)
        later = send_due(day + dt.timedelta(days=1))
    assert again.total == 0 and later.total == 0
    assert len(mail.outbox) == 2
    assert SentReminder.objects.count() == 2


def test_the_users_choice_decides_what_and_how_early(world, django_capture_on_commit_callbacks):
    NotificationChoice.objects.create(user=world.officer, days_before=3, late=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due(dt.date(2026, 6, 26)).total == 0  # 4 days before; late ones not wanted
        assert send_due(dt.date(2026, 6, 27)).queued == {"due_soon": 1}


def test_a_new_deviation_is_told_at_once_to_the_deciding_organisations_editors(
    world, django_capture_on_commit_callbacks
):
    TenantRoleFactory(tenant=world.tenant, role=Role.EDITOR, user__email="direktor@example.se")
    with django_capture_on_commit_callbacks(execute=True):
        services.deviation_report(
            assignment=world.late,
            actor=None,
            kind="late",
            reason="Anbuden dröjer.",
            reported_on=dt.date(2026, 6, 2),
        )
    told = {m.to[0]: m for m in mail.outbox}
    assert set(told) == {"direktor@example.se", "anna@example.se"}
    assert told["direktor@example.se"].subject == "Avvikelse i ett uppdrag: KS § 3/2026"
    assert "inget planerat sammanträde" in told["direktor@example.se"].body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due(dt.date(2026, 6, 3)).queued.get("deviation", 0) == 0


def test_the_command_runs_for_a_day_and_refuses_a_bad_date(world, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2026-06-23", stdout=out)
    assert out.getvalue().strip() == "2 påminnelser köade för 2026-06-23."
    with pytest.raises(CommandError) as exc:
        call_command("send_reminders", "--date", "9999-99-99")
    assert str(exc.value).startswith("”9999-99-99” är inget datum.")


def test_another_module_reminds_through_remind_with_its_own_mail(world, django_capture_on_commit_callbacks):
    """The policy register's reviews use the same once-only reminders (issue 11, items 5 and 7)."""
    from radhus.followup import tasks
    from radhus.followup.reminders import remind

    tasks.register_text("organisation.unit", lambda r: ("Revidera styrdokumentet", f"Senast {r.about_date}."))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = remind(
                user=world.officer,
                kind="policy_review",
                subject=world.office,
                about_date=dt.date(2026, 9, 1),
                on=dt.date(2026, 8, 1),
            )
            again = remind(
                user=world.officer,
                kind="policy_review",
                subject=world.office,
                about_date=dt.date(2026, 9, 1),
                on=dt.date(2026, 8, 2),
            )
    finally:
        tasks.TEXTS.pop("organisation.unit")
    assert (first, again) == (True, False)
    assert [(m.subject, m.to) for m in mail.outbox] == [("Revidera styrdokumentet", ["anna@example.se"])]


# What the board is to receive from the bodies it oversees ------------------------------------------


@pytest.fixture
def overseen():
    """Umeå's board oversees Umeå Energi AB: annual accounts every year by 31 March, and the
    audit report by the same day, which arrived on 10 March 2026."""
    from radhus.followup import services_oversight as oversight
    from radhus.organisation import services as org
    from tests.factories import TenantFactory

    tenant = TenantFactory(slug="umea", name="Umeå kommun")
    board = UnitFactory(tenant=tenant, kind=UnitKind.EXECUTIVE_BOARD, slug="ks-umea")
    company = UnitFactory(tenant=tenant, kind=UnitKind.COMPANY, name="Umeå Energi AB", slug="energi")
    link = org.oversight_create(overseer=board, overseen=company, actor=None, valid_from=dt.date(2020, 1, 1))
    for kind in ("annual_accounts", "audit_report"):
        oversight.expectation_create(
            oversight=link, actor=None, kind=kind, rule="yearly", due_month=3, due_day=31, first_year=2026
        )
    oversight.receipt_record(
        oversight=link, actor=None, kind="audit_report", received_on=dt.date(2026, 3, 10)
    )
    editor = TenantRoleFactory(tenant=tenant, role=Role.EDITOR, user__email="kansli@umea.se").user
    declined = TenantRoleFactory(tenant=tenant, role=Role.EDITOR, user__email="nej@umea.se").user
    NotificationChoice.objects.create(user=declined, oversight_due=False)
    TenantRoleFactory(tenant=tenant, role=Role.READER, user__email="lasare@umea.se")
    return link, editor


def test_what_an_overseen_body_owes_is_reminded_14_days_before_once(
    overseen, django_capture_on_commit_callbacks
):
    """KL 6 kap. 1 § and 10 kap. 2–6 §§: the board follows what its companies are to send it.
    The editors who chose it hear 14 days before the due date (not 15), once per thing and due
    date, through the task queue; what was received already is not reminded of."""
    link, _editor = overseen
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due(dt.date(2026, 3, 16)).total == 0  # 15 days before
        out = io.StringIO()
        call_command("send_reminders", "--date", "2026-03-17", stdout=out)
    assert out.getvalue().strip() == "1 påminnelser köade för 2026-03-17."
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["kansli@umea.se"], "Senast 2026-03-31 från Umeå Energi AB: årsredovisning")
    ]
    assert "Umeå kommun väntar årsredovisning från ”Umeå Energi AB” senast 2026-03-31" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due(dt.date(2026, 3, 18)).total == 0
        assert send_due(dt.date(2026, 3, 31)).total == 0
        assert send_due(dt.date(2026, 4, 1)).total == 0  # overdue now: the oversight page shows it
    reminder = SentReminder.objects.get()
    assert (reminder.kind, reminder.about_date) == ("oversight_due", dt.date(2026, 3, 31))
    # Next year's due date is a new one.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due(dt.date(2027, 3, 17)).queued == {"oversight_due": 2}


def test_the_account_page_offers_the_oversight_reminder(client, overseen):
    _link, editor = overseen
    client.force_login(editor)
    url = reverse("followup_reminders")
    page = client.get(url).content.decode()
    assert "14 dagar före" in page
    assert client.post(url, {"days_before": "7", "late": "on"}).status_code == 302
    assert NotificationChoice.objects.get(user=editor).oversight_due is False
