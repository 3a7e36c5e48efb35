"""The register's services: records, versions, secrecy, and the status workflow, one action per
step with its permission and audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from radhus.core.audit import history_of
from radhus.core.models import Role
from radhus.diarium import services
from radhus.diarium.models import Direction, RecordKind, SecrecyScope, Status
from tests.diarium.factories import SeriesFactory
from tests.factories import TenantRoleFactory, UnitFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def series():
    return SeriesFactory(code="KS")


@pytest.fixture
def registrar(series):
    return TenantRoleFactory(tenant=series.tenant, role=Role.EDITOR, user__username="registrator").user


def register(series, actor=None, **fields):
    return services.case_register(
        tenant=series.tenant,
        actor=actor,
        series=series,
        title=fields.pop("title", "Ärende"),
        opened_on=DAY,
        **fields,
    )


def test_records_are_numbered_after_their_case_without_gaps(series, registrar):
    case = register(series, registrar)
    first = services.record_add(
        case=case,
        actor=registrar,
        direction=Direction.RECEIVED,
        title="Skrivelse",
        sender="Bolaget AB",
        registered_on=DAY,
    )
    second = services.record_add(
        case=case, actor=registrar, direction=Direction.DRAWN_UP, title="PM", registered_on=DAY
    )
    assert [first.number, second.number] == ["KS 2026/1-1", "KS 2026/1-2"]


def test_a_received_record_names_its_sender_osl_5_kap_2(series, registrar):
    case = register(series, registrar)
    with pytest.raises(ValidationError) as refused:
        services.record_add(
            case=case, actor=registrar, direction=Direction.RECEIVED, title="Brev", registered_on=DAY
        )
    assert "sender" in refused.value.message_dict


def test_versions_carry_a_sha256_checksum_until_the_record_is_final(series, registrar):
    case = register(series, registrar)
    record = services.record_add(
        case=case,
        actor=registrar,
        direction=Direction.DRAWN_UP,
        title="Utkast",
        registered_on=DAY,
        file=ContentFile(b"abc", name="utkast.txt"),
    )
    second = services.record_add_version(
        record=record, actor=registrar, file=ContentFile(b"abcd", name="utkast.txt")
    )
    assert [f.version for f in record.files.all()] == [2, 1]
    assert (
        record.files.get(version=1).sha256
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert second.size == 4 and second.file.read() == b"abcd"
    services.record_finalise(record=record, actor=registrar)
    with pytest.raises(ValidationError):
        services.record_add_version(record=record, actor=registrar, file=ContentFile(b"x", name="sent.txt"))


def test_secrecy_needs_an_osl_paragraph_osl_5_kap_5(series, registrar):
    case = register(series, registrar)
    record = services.record_add(
        case=case, actor=registrar, direction=Direction.DRAWN_UP, title="PM", registered_on=DAY
    )
    with pytest.raises(ValidationError) as refused:
        services.record_mark_secret(record=record, actor=registrar, paragraph="hemligt")
    assert "secrecy" in refused.value.message_dict
    services.record_mark_secret(
        record=record, actor=registrar, paragraph="OSL 21 kap. 1 §", scope=SecrecyScope.CONTENTS
    )
    record.refresh_from_db()
    assert (record.secrecy, record.secrecy_scope) == ("OSL 21 kap. 1 §", SecrecyScope.CONTENTS)
    services.record_lift_secrecy(record=record, actor=registrar)
    record.refresh_from_db()
    assert record.secrecy == ""


def test_a_secret_title_needs_a_public_title(series, registrar):
    with pytest.raises(ValidationError) as refused:
        register(series, registrar, title_secrecy="OSL 26 kap. 1 §")
    assert "public_title" in refused.value.message_dict


def test_the_whole_workflow_one_step_at_a_time_with_an_audit_event_each(series, registrar):
    case = register(series, registrar)
    case = services.case_start_preparation(case=case, actor=registrar)
    case = services.case_send_on_referral(case=case, actor=registrar)
    case = services.case_return_from_referral(case=case, actor=registrar)
    case = services.case_mark_ready(case=case, actor=registrar)
    case = services.case_put_on_agenda(case=case, actor=registrar)
    case = services.case_record_decision(case=case, actor=registrar, decided_on=dt.date(2026, 4, 1))
    case = services.case_start_execution(case=case, actor=registrar)
    case = services.case_close(case=case, actor=registrar, closed_on=dt.date(2026, 6, 1))
    assert (case.status, case.decided_on, case.closed_on) == (
        Status.CLOSED,
        dt.date(2026, 4, 1),
        dt.date(2026, 6, 1),
    )
    actions = [e.action for e in history_of(case).order_by("at", "id")]
    assert actions == [
        "diarium.case.register",
        "diarium.case.prepare",
        "diarium.case.referral",
        "diarium.case.referral_back",
        "diarium.case.ready",
        "diarium.case.agenda",
        "diarium.case.decided",
        "diarium.case.execution",
        "diarium.case.close",
    ]
    assert {e.actor_name for e in history_of(case)} == {"registrator"}


def test_a_step_out_of_order_is_refused(series, registrar):
    case = register(series, registrar)
    with pytest.raises(ValidationError) as refused:
        services.case_put_on_agenda(case=case, actor=registrar)
    assert "status" in refused.value.message_dict
    services.case_withdraw(case=case, actor=registrar)
    with pytest.raises(ValidationError):
        services.case_start_preparation(case=case, actor=registrar)


def test_a_merged_case_names_the_case_it_went_into(series, registrar):
    one, two = register(series, registrar), register(series, registrar)
    merged = services.case_merge(case=one, actor=registrar, into=two)
    assert (merged.status, merged.merged_into) == (Status.MERGED, two)
    with pytest.raises(ValidationError):
        services.case_merge(case=two, actor=registrar, into=two)


def test_a_reader_or_another_organisations_editor_may_not_change_the_register(series):
    reader = TenantRoleFactory(tenant=series.tenant, role=Role.READER).user
    stranger = TenantRoleFactory(role=Role.EDITOR).user
    for user in (reader, stranger):
        with pytest.raises(PermissionDenied):
            register(series, user)
    case = register(series)
    with pytest.raises(PermissionDenied):
        services.case_start_preparation(case=case, actor=reader)


def test_a_unit_of_another_organisation_is_refused(series, registrar):
    foreign = UnitFactory()
    with pytest.raises(ValidationError) as refused:
        register(series, registrar, responsible_unit=foreign)
    assert "responsible_unit" in refused.value.message_dict


def test_a_copy_request_may_be_registered_in_a_closed_case(series, registrar):
    case = register(series, registrar)
    services.case_withdraw(case=case, actor=registrar)
    with pytest.raises(ValidationError):
        services.record_add(
            case=case, actor=registrar, direction=Direction.DRAWN_UP, title="PM", registered_on=DAY
        )
    request = services.record_add(
        case=case,
        actor=None,
        direction=Direction.RECEIVED,
        kind=RecordKind.COPY_REQUEST,
        title="Begäran om kopia",
        sender="Privatperson",
        counterpart_is_private=True,
        registered_on=dt.date.today(),
    )
    assert request.number == "KS 2026/1-1"
