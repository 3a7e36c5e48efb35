"""Demo of the register's referrals, work lists and the public's form (issue 9, item 13):
a motion in Hässleholm older than a year, not decided (KL 5 kap. 35 §), with a referral whose
answer is overdue; and a citizen's idea sent through Umeåregionen's question form (S3.5).

Called by the demo loader after the seeds; ``wipe`` removes what it made."""

from __future__ import annotations

import datetime as dt

from radhus.core.models import Tenant
from radhus.diarium import public_form, services, services_referrals
from radhus.diarium.models import (
    Case,
    CaseSearch,
    Direction,
    OfficerLink,
    Origin,
    PublicForm,
    RecordKind,
    Referral,
    Series,
    Watch,
)
from radhus.organisation.models import Unit, UnitKind

MOTION_TITLE = "Motion om cykelväg mellan Hässleholm och Tyringe"
IDEA_SUBJECT = "Gemensamt busskort för hela Umeåregionen"


def _series(tenant: Tenant, body: Unit, code: str) -> Series:
    found = Series.objects.filter(tenant=tenant, code=code).first()
    return found or services.series_create(tenant=tenant, actor=None, body=body, code=code, name=body.name)


def load() -> None:
    hassleholm = Tenant.objects.filter(slug="hassleholm").first()
    if hassleholm is not None:
        council = Unit.objects.filter(tenant=hassleholm, kind=UnitKind.COUNCIL).order_by("id").first()
        if council is not None:
            series = _series(hassleholm, council, "KF")
            motion = services.case_register(
                tenant=hassleholm,
                actor=None,
                series=series,
                title=MOTION_TITLE,
                origin=Origin.MOTION,
                opened_on=dt.date(2024, 10, 21),
                description="Motionären föreslår att kommunen bygger en cykelväg längs väg 21.",
            )
            services.record_add(
                case=motion,
                actor=None,
                direction=Direction.RECEIVED,
                kind=RecordKind.MOTION,
                title=MOTION_TITLE,
                sender="Ledamot i kommunfullmäktige",
                registered_on=dt.date(2024, 10, 21),
            )
            services.case_start_preparation(case=motion, actor=None)
            services_referrals.referral_send(
                case=motion,
                actor=None,
                recipient="Tekniska nämnden",
                sent_on=dt.date(2024, 11, 4),
                due_on=dt.date(2025, 1, 31),
            )
    region = Tenant.objects.filter(slug="umearegionen").first()
    if region is not None:
        council = Unit.objects.filter(tenant=region, kind=UnitKind.POLITICAL_COUNCIL).order_by("id").first()
        office = Unit.objects.filter(tenant=region, kind=UnitKind.SECRETARIAT).order_by("id").first()
        if council is not None:
            series = _series(region, council, "UR")
            PublicForm.objects.update_or_create(
                tenant=region,
                defaults={
                    "series": series,
                    "responsible_unit": office,
                    "intro": "Har du en fråga eller en idé om samarbetet i Umeåregionen? Skriv till oss.",
                },
            )
            public_form.submit(
                tenant=region,
                kind="idea",
                subject=IDEA_SUBJECT,
                message="Jag pendlar mellan Vännäs och Umeå och vill kunna använda ett busskort i hela regionen.",
                name="Exempel Medborgare",
                email="medborgare@example.org",
                send_receipt=False,
            )


def wipe(tenants: list[Tenant]) -> None:
    """Remove the register's rows of the demo organisations (before the organisations go)."""
    from radhus.diarium.models import (
        CaseParty,
        OfficersReport,
        Record,
        RecordFile,
        RegisterSettings,
        SeriesYear,
    )

    Watch.objects.filter(tenant__in=tenants).delete()
    Referral.objects.filter(tenant__in=tenants).delete()
    OfficerLink.objects.filter(tenant__in=tenants).delete()
    PublicForm.objects.filter(tenant__in=tenants).delete()
    CaseSearch.objects.filter(tenant__in=tenants).delete()
    cases = Case.objects.filter(tenant__in=tenants)
    RecordFile.objects.filter(record__case__in=cases).delete()
    Record.objects.filter(case__in=cases).delete()
    CaseParty.objects.filter(case__in=cases).delete()
    OfficersReport.objects.filter(case__in=cases).delete()
    cases.update(merged_into=None)
    cases.delete()
    SeriesYear.objects.filter(series__tenant__in=tenants).delete()
    Series.objects.filter(tenant__in=tenants).delete()
    RegisterSettings.objects.filter(tenant__in=tenants).delete()
