"""A small municipality, hand-built for the reports' tests: a council, a board and a committee,
seven decisions, nine assignments (open, late, done, cancelled, one from a delegated decision),
two deviations and a few cases. Every expected row in tests/followup/test_reports.py is counted
by hand from the dates here. Rows are written with the ORM: the reports read, they do not change.

The report's day is ``ON`` (2026-06-30)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from radhus.core.models import Role, Tenant
from radhus.diarium.models import OfficerLink, Origin, Status
from radhus.followup.models import Assignment, AssignmentStatus, Deviation, DeviationKind, Source
from radhus.meetings.models import Decision, Meeting, MeetingStatus, MinutesParagraph
from radhus.organisation.models import Person, Post, Unit, UnitKind
from tests.diarium.factories import CaseFactory, SeriesFactory
from tests.factories import (
    AppointmentFactory,
    PersonFactory,
    PostFactory,
    TenantFactory,
    TenantRoleFactory,
    UnitFactory,
)

ON = dt.date(2026, 6, 30)
D = dt.date

_numbers = itertools.count(1)


@dataclass
class World:
    tenant: Tenant
    kf: Unit
    ks: Unit
    bun: Unit
    sbf: Unit  # the department given assignments
    anna: Person  # officer, linked to the editor user
    bo: Person
    cecilia: Person  # holds the post of municipal director
    director: Post
    editor: Any
    reader: Any
    d: dict[str, Decision] = field(default_factory=dict)
    a: dict[str, Assignment] = field(default_factory=dict)


def decision(tenant: Tenant, body: Unit, day: dt.date, number: int, title: str, **paragraph: Any) -> Decision:
    meeting, _ = Meeting.objects.get_or_create(
        tenant=tenant,
        body=body,
        date=day,
        start_time=dt.time(9),
        defaults={"status": MeetingStatus.APPROVED, "approved_on": day},
    )
    p = MinutesParagraph.objects.create(
        tenant=tenant,
        meeting=meeting,
        body=body,
        year=day.year,
        number=number,
        title=title,
        is_decision=True,
        decision_text=f"Beslut om {title.lower()}.",
        **paragraph,
    )
    return Decision.objects.create(
        tenant=tenant,
        paragraph=p,
        body=body,
        decided_on=day,
        reference=f"{body.short_name} {day.isoformat()} § {number}",
        text=p.decision_text,
    )


def assignment(world: World, d: Decision | None, title: str, *, due: dt.date, **kw: Any) -> Assignment:
    status = kw.pop("status", AssignmentStatus.NOT_STARTED)
    fields: dict[str, Any] = {
        "tenant": world.tenant,
        "title": title,
        "due_on": due,
        "status": status,
    }
    if d is not None:
        fields |= {
            "source": Source.MINUTES,
            "decision": d,
            "body": d.body,
            "decided_on": d.decided_on,
            "reference": d.reference,
        }
    fields |= kw
    return Assignment.objects.create(**fields)


def build_world(slug: str = "rapportby") -> World:
    tenant = TenantFactory(slug=slug, name=f"{slug.capitalize()} kommun")
    kf = UnitFactory(
        tenant=tenant, kind=UnitKind.COUNCIL, name="Kommunfullmäktige", short_name="KF", slug=f"kf-{slug}"
    )
    ks = UnitFactory(tenant=tenant, board=True, slug=f"ks-{slug}")
    bun = UnitFactory(
        tenant=tenant,
        kind=UnitKind.COMMITTEE,
        name="Barn- och utbildningsnämnden",
        short_name="BUN",
        slug=f"bun-{slug}",
    )
    office = UnitFactory(
        tenant=tenant, kind=UnitKind.EXECUTIVE_OFFICE, name="Kommunledningskontoret", slug=f"klk-{slug}"
    )
    sbf = UnitFactory(tenant=tenant, kind=UnitKind.ADMINISTRATION, name="Samhällsbyggnad", slug=f"sbf-{slug}")
    anna = PersonFactory(tenant=tenant, first_name="Anna", last_name="Andersson", slug=f"anna-{slug}")
    bo = PersonFactory(tenant=tenant, first_name="Bo", last_name="Berg", slug=f"bo-{slug}")
    cecilia = PersonFactory(tenant=tenant, first_name="Cecilia", last_name="Chef", slug=f"cecilia-{slug}")
    director = PostFactory(unit=office, title="Kommundirektör")
    AppointmentFactory(post=director, person=cecilia, valid_from=D(2020, 1, 1))
    editor = TenantRoleFactory(tenant=tenant, role=Role.EDITOR, user__username=f"redaktor-{slug}").user
    reader = TenantRoleFactory(tenant=tenant, role=Role.READER, user__username=f"lasare-{slug}").user
    OfficerLink.objects.create(tenant=tenant, user=editor, person=anna)
    w = World(tenant, kf, ks, bun, sbf, anna, bo, cecilia, director, editor, reader)

    w.d["plan"] = decision(tenant, kf, D(2025, 3, 10), 5, "Ny översiktsplan")
    w.d["trafik"] = decision(tenant, ks, D(2025, 9, 1), 40, "Trafikplan")
    w.d["forskola"] = decision(tenant, ks, D(2026, 2, 2), 7, "Förskola i Hedekas")
    w.d["skjuts"] = decision(tenant, bun, D(2026, 4, 15), 12, "Skolskjutsregler")
    w.d["justerare"] = decision(tenant, ks, D(2026, 5, 4), 30, "Val av justerare")
    w.d["taxa"] = decision(tenant, kf, D(2026, 1, 20), 3, "Taxa för bygglov")
    w.d["budget"] = decision(tenant, kf, D(2025, 11, 24), 80, "Budget 2026")

    w.a["plan_samrad"] = assignment(
        w,
        w.d["plan"],
        "Samråd om översiktsplanen",
        due=D(2025, 12, 31),
        assignee_post=director,
        status=AssignmentStatus.IN_PROGRESS,
        progress=60,
    )
    w.a["trafik_utred"] = assignment(
        w, w.d["trafik"], "Utred trafiken", due=D(2026, 3, 31), assignee_unit=sbf
    )
    w.a["forskola_bygg"] = assignment(
        w,
        w.d["forskola"],
        "Bygg förskolan",
        due=D(2026, 8, 31),
        assignee_person=anna,
        status=AssignmentStatus.IN_PROGRESS,
        progress=30,
        secrecy="OSL 21 kap. 1 §",
    )
    w.a["skjuts_regler"] = assignment(
        w,
        w.d["skjuts"],
        "Nya skjutsregler",
        due=D(2026, 5, 31),
        assignee_person=bo,
        status=AssignmentStatus.IN_PROGRESS,
        progress=10,
    )
    w.a["plan_karta"] = assignment(
        w,
        w.d["plan"],
        "Digital karta",
        due=D(2026, 3, 1),
        assignee_unit=sbf,
        status=AssignmentStatus.DONE,
        progress=100,
        completed_on=D(2026, 2, 15),
    )
    w.a["budget_fordela"] = assignment(
        w,
        w.d["budget"],
        "Fördela budgeten",
        due=D(2026, 3, 31),
        assignee_unit=sbf,
        status=AssignmentStatus.DONE,
        progress=100,
        completed_on=D(2026, 4, 30),
    )
    w.a["trafik_skyltar"] = assignment(
        w,
        w.d["trafik"],
        "Nya skyltar",
        due=D(2025, 12, 31),
        assignee_unit=sbf,
        status=AssignmentStatus.DONE,
        progress=100,
        completed_on=D(2025, 12, 1),
    )
    w.a["budget_inst"] = assignment(
        w,
        w.d["budget"],
        "Inställd åtgärd",
        due=D(2026, 6, 1),
        assignee_unit=sbf,
        status=AssignmentStatus.CANCELLED,
    )
    w.a["delegerat"] = assignment(
        w,
        None,
        "Köp in cyklar",
        due=D(2026, 6, 1),
        assignee_person=anna,
        source=Source.DELEGATED,
        body=ks,
        decided_on=D(2026, 3, 1),
        reference="Delegationsbeslut D 2026/4",
    )
    Deviation.objects.create(
        tenant=tenant,
        assignment=w.a["plan_samrad"],
        kind=DeviationKind.LATE,
        reason="Fler yttranden än väntat.",
        alternative_measure="Samrådet förlängs.",
        proposed_due_on=D(2026, 9, 30),
        reported_on=D(2026, 1, 10),
    )
    Deviation.objects.create(
        tenant=tenant,
        assignment=w.a["skjuts_regler"],
        kind=DeviationKind.LATE,
        reason="Sjukdom.",
        alternative_measure="Ny handläggare.",
        proposed_due_on=D(2026, 6, 15),
        reported_on=D(2026, 5, 20),
    )
    return w


def add_cases(w: World) -> dict[str, Any]:
    """Cases of the board's and the committee's series: open ones for the backlog and two
    motions, one raised more than a year before ``ON``."""
    ks_series = SeriesFactory(tenant=w.tenant, body=w.ks, code="KS", name="Kommunstyrelsen")
    bun_series = SeriesFactory(tenant=w.tenant, body=w.bun, code="BUN", name="Barn- och utbildningsnämnden")
    c = {}
    c["old_motion"] = CaseFactory(
        series=ks_series,
        year=2025,
        sequence=1,
        title="Motion om cykelbanor",
        origin=Origin.MOTION,
        opened_on=D(2025, 5, 1),
        officer=w.anna,
        status=Status.IN_PREPARATION,
    )
    c["new_motion"] = CaseFactory(
        series=ks_series,
        year=2025,
        sequence=2,
        title="Motion om badplats",
        origin=Origin.MOTION,
        opened_on=D(2025, 8, 1),
        officer=w.anna,
        status=Status.IN_PREPARATION,
    )
    c["proposal"] = CaseFactory(
        series=ks_series,
        year=2025,
        sequence=3,
        title="Medborgarförslag om parkbänkar",
        origin=Origin.CITIZEN_PROPOSAL,
        opened_on=D(2025, 2, 3),
        officer=w.bo,
    )
    c["closed_motion"] = CaseFactory(
        series=ks_series,
        year=2024,
        sequence=9,
        title="Motion om gatlyktor",
        origin=Origin.MOTION,
        opened_on=D(2024, 3, 1),
        closed=True,
    )
    c["secret"] = CaseFactory(
        series=bun_series,
        year=2026,
        sequence=4,
        title="Elevärende Kalle",
        title_secrecy="OSL 23 kap. 2 §",
        public_title="Elevärende",
        opened_on=D(2026, 2, 1),
        officer=w.bo,
    )
    return c
