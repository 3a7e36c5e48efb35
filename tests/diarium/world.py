"""A small register with every kind of thing the public must not see, written through the
services: a secret record (title, description, file name), a record whose contents are
secret, a case with a secret title, a private person as party and as sender."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile

from radhus.core.models import Role, Tenant
from radhus.diarium import services
from radhus.diarium.models import Case, Direction, Origin, PartyKind, Record, RecordKind, SecrecyScope, Series
from radhus.organisation.models import UnitKind
from tests.factories import PersonFactory, TenantFactory, TenantRoleFactory, UnitFactory

MARKER = "HEMLIGMARKOR7731"
PRIVATE_NAME = "Privatpersonsson"
DAY = dt.date(2026, 3, 2)


@dataclass
class Register:
    tenant: Tenant
    series: Series
    case: Case
    secret_case: Case
    secret: Record
    contents_secret: Record
    public: Record
    registrar: object
    reader: object
    stranger: object


def build_register(slug: str = "hassleholm") -> Register:
    tenant = TenantFactory(slug=slug, name=f"{slug.capitalize()}s kommun")
    board = UnitFactory(
        tenant=tenant, kind=UnitKind.EXECUTIVE_BOARD, name="Kommunstyrelsen", slug=f"ks-{slug}"
    )
    office = UnitFactory(
        tenant=tenant, kind=UnitKind.EXECUTIVE_OFFICE, name="Kommunledningskontoret", slug=f"klk-{slug}"
    )
    officer = PersonFactory(tenant=tenant, first_name="Anna", last_name="Handläggare", slug=f"anna-{slug}")
    series = services.series_create(tenant=tenant, actor=None, body=board, code="KS")
    case = services.case_register(
        tenant=tenant,
        actor=None,
        series=series,
        title="Ny kommunledningsorganisation",
        opened_on=DAY,
        origin=Origin.OWN_INITIATIVE,
        responsible_unit=office,
        officer=officer,
        parties=[{"kind": PartyKind.PRIVATE_PERSON, "name": PRIVATE_NAME, "email": "privat@example.se"}],
    )
    public = services.record_add(
        case=case,
        actor=None,
        direction=Direction.RECEIVED,
        kind=RecordKind.LETTER,
        title="Skrivelse från medborgare",
        sender=PRIVATE_NAME,
        counterpart_is_private=True,
        registered_on=DAY,
        file=ContentFile(b"offentlig", name="skrivelse.pdf"),
    )
    secret = services.record_add(
        case=case,
        actor=None,
        direction=Direction.DRAWN_UP,
        kind=RecordKind.OTHER,
        title=f"Personalutredning {MARKER}",
        description=f"Beskrivning {MARKER}",
        registered_on=DAY,
        secrecy="OSL 39 kap. 3 §",
        file=ContentFile(MARKER.encode(), name=f"utredning-{MARKER}.pdf"),
    )
    contents_secret = services.record_add(
        case=case,
        actor=None,
        direction=Direction.RECEIVED,
        kind=RecordKind.LETTER,
        title="Anbud från bolag",
        description=f"Innehåll {MARKER}",
        sender="Bolaget AB",
        registered_on=DAY,
        secrecy="OSL 31 kap. 16 §",
        secrecy_scope=SecrecyScope.CONTENTS,
        file=ContentFile(MARKER.encode(), name=f"anbud-{MARKER}.pdf"),
    )
    secret_case = services.case_register(
        tenant=tenant,
        actor=None,
        series=series,
        title=f"Säkerhetsärende {MARKER}",
        description=f"Beskrivning av ärendet {MARKER}",
        title_secrecy="OSL 18 kap. 8 §",
        public_title="Säkerhetsskydd",
        opened_on=DAY,
    )
    registrar = TenantRoleFactory(tenant=tenant, role=Role.EDITOR, user__username=f"registrator-{slug}").user
    reader = TenantRoleFactory(tenant=tenant, role=Role.READER, user__username=f"lasare-{slug}").user
    stranger = TenantRoleFactory(role=Role.EDITOR, user__username=f"annan-{slug}").user
    return Register(
        tenant, series, case, secret_case, secret, contents_secret, public, registrar, reader, stranger
    )


def add_small_register(tenant: Tenant, board) -> Case:
    """One case with a public record, a file and an officer's report: enough for every address
    of the register to find something (tests/core/test_access.py)."""
    series = services.series_create(tenant=tenant, actor=None, body=board, code="KS")
    case = services.case_register(tenant=tenant, actor=None, series=series, title="Ärende", opened_on=DAY)
    services.record_add(
        case=case,
        actor=None,
        direction=Direction.DRAWN_UP,
        title="PM",
        registered_on=DAY,
        file=ContentFile(b"pm", name="pm.txt"),
    )
    services.officers_report_save(case=case, actor=None, background="Bakgrund", dated=DAY)
    return case
