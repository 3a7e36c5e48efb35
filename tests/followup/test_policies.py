"""The register of policy documents (styrdokument, S4.4): reviews overdue from the day after the
review date, reminders to the owner through the task queue once a day at most, and the public
list of the documents in force."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from radhus.core.integrity import constraint_error
from radhus.core.models import AuditEvent
from radhus.followup import selectors_policies, services_policies
from radhus.followup.models import PolicyDocument, ReviewReminder
from radhus.organisation import services as org
from tests.factories import PostFactory, TenantFactory, UnitFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 5, 4)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def register():
    tenant = TenantFactory(slug="munkedal", name="Munkedals kommun")
    office = UnitFactory(tenant=tenant, name="Kommunledningskontoret", slug="klk")
    org.contact_point_add(owner=office, actor=None, kind="email", value="klk@munkedal.example.se")
    post = PostFactory(unit=office, title="Kanslichef")
    org.contact_point_add(owner=post, actor=None, kind="email", value="kanslichef@munkedal.example.se")
    make = services_policies.policy_create
    docs = {
        "overdue": make(
            tenant=tenant,
            actor=None,
            title="Dokumenthanteringsplan",
            kind="plan",
            owner_unit=office,
            valid_from=dt.date(2020, 1, 1),
            review_on=DAY - dt.timedelta(days=1),
        ),
        "today": make(
            tenant=tenant,
            actor=None,
            title="Delegationsordning",
            kind="delegation_scheme",
            owner_post=post,
            valid_from=dt.date(2022, 1, 1),
            review_on=DAY,
        ),
        "soon": make(
            tenant=tenant,
            actor=None,
            title="Riktlinje för sociala medier",
            kind="guideline",
            owner_unit=office,
            review_on=DAY + dt.timedelta(days=30),
        ),
        "later": make(
            tenant=tenant,
            actor=None,
            title="Näringslivsprogram",
            kind="programme",
            owner_unit=office,
            review_on=DAY + dt.timedelta(days=31),
        ),
        "repealed": make(
            tenant=tenant,
            actor=None,
            title="Gammal policy",
            kind="policy",
            owner_unit=office,
            status="repealed",
            review_on=DAY - dt.timedelta(days=100),
        ),
        "draft": make(
            tenant=tenant,
            actor=None,
            title="Utkast till policy",
            kind="policy",
            owner_unit=office,
            status="draft",
        ),
        "ended": make(
            tenant=tenant,
            actor=None,
            title="Upphörd plan",
            kind="plan",
            owner_unit=office,
            valid_from=dt.date(2020, 1, 1),
            valid_to=DAY - dt.timedelta(days=1),
            review_on=DAY - dt.timedelta(days=10),
        ),
    }
    return tenant, office, post, docs


def test_a_review_is_overdue_from_the_day_after_its_date(register):
    tenant, _office, _post, docs = register
    overdue = list(selectors_policies.overdue_reviews(tenant, DAY))
    assert overdue == [docs["overdue"]]
    assert docs["today"] not in overdue  # the review date itself is still in time
    assert list(selectors_policies.overdue_reviews(tenant, DAY + dt.timedelta(days=1))) == [
        docs["overdue"],
        docs["today"],
    ]


def test_reminders_go_to_the_owner_within_the_days_given_and_once_a_day(
    register, django_capture_on_commit_callbacks
):
    tenant, _office, _post, docs = register
    with django_capture_on_commit_callbacks(execute=True):
        run = services_policies.remind_reviews(day=DAY, days=30, tenant=tenant)
    assert run.enqueued == [docs["overdue"], docs["today"], docs["soon"]]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kanslichef@munkedal.example.se",  # the post that owns it, before its unit
        "klk@munkedal.example.se",
        "klk@munkedal.example.se",
    ]
    subjects = {m.subject for m in mail.outbox}
    assert "Revision försenad: Dokumenthanteringsplan" in subjects
    assert "Dags för revision: Delegationsordning" in subjects
    with django_capture_on_commit_callbacks(execute=True):
        again = services_policies.remind_reviews(day=DAY, days=30, tenant=tenant)
    assert again.enqueued == [] and len(again.already_sent) == 3
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        services_policies.remind_reviews(day=DAY + dt.timedelta(days=1), days=30, tenant=tenant)
    assert len(mail.outbox) == 3 + 4  # the next day: again, and the programme now too
    assert AuditEvent.objects.filter(action="followup.policy.reminder").count() == 7


def test_the_command_reminds_and_runs_twice_without_sending_twice(
    register, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_reviews", "--days", "30", "--date", DAY.isoformat(), "--tenant", "munkedal")
        call_command("remind_reviews", "--days", "30", "--date", DAY.isoformat())
    assert len(mail.outbox) == 3
    out = capsys.readouterr().out
    assert "Påminnelser köade: 3" in out and "redan skickade i dag: 3" in out


def test_the_command_refuses_bad_input_in_swedish(register):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="inget datum"):
        call_command("remind_reviews", "--date", "0000-13-01")
    with pytest.raises(CommandError, match="ingen organisation med adressen"):
        call_command("remind_reviews", "--tenant", "finns-inte")
    with pytest.raises(CommandError, match="0 till 3650"):
        call_command("remind_reviews", "--days", "99999")


def test_a_document_has_exactly_one_owner_and_its_dates_in_order(register):
    tenant, office, post, _docs = register
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        PolicyDocument.objects.create(
            tenant=tenant, title="X", kind="policy", owner_unit=office, owner_post=post
        )
    assert constraint_error(exc.value).messages == [
        "Ett styrdokument har en ägare: en enhet eller en befattning."
    ]
    with pytest.raises(ValidationError):
        services_policies.policy_create(
            tenant=tenant,
            actor=None,
            title="X",
            kind="policy",
            owner_unit=office,
            valid_from=dt.date(2026, 1, 1),
            valid_to=dt.date(2025, 1, 1),
        )
    with pytest.raises(ValidationError):
        services_policies.policy_create(tenant=tenant, actor=None, title="X", kind="policy")


def test_another_organisations_owner_is_refused(register):
    tenant, _office, _post, _docs = register
    stranger = UnitFactory(tenant=TenantFactory(slug="annan"))
    with pytest.raises(ValidationError) as exc:
        services_policies.policy_create(
            tenant=tenant, actor=None, title="X", kind="policy", owner_unit=stranger
        )
    assert "owner_unit" in exc.value.message_dict


def test_the_public_list_shows_only_the_documents_in_force(client, register, time_machine):
    time_machine.move_to(dt.datetime(2026, 5, 4, 12, 0))
    tenant, _office, _post, _docs = register
    body = client.get(reverse("policy_documents", args=[tenant.slug])).content.decode()
    for title in (
        "Dokumenthanteringsplan",
        "Delegationsordning",
        "Riktlinje för sociala medier",
        "Näringslivsprogram",
    ):
        assert title in body
    for title in ("Gammal policy", "Utkast till policy", "Upphörd plan"):
        assert title not in body
    other = TenantFactory(slug="annan")
    assert (
        "Delegationsordning"
        not in client.get(reverse("policy_documents", args=[other.slug])).content.decode()
    )


def test_reminders_are_recorded_once_per_document_and_day(register):
    _tenant, _office, _post, docs = register
    ReviewReminder.objects.create(document=docs["soon"], sent_on=DAY)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        ReviewReminder.objects.create(document=docs["soon"], sent_on=DAY)
    assert constraint_error(exc.value).messages == ["En påminnelse om dokumentet har redan skickats i dag."]
