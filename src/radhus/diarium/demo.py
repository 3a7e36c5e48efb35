"""The case register's demo data, for Hässleholm (S1.1 and issue 9, item 13).

The decision chain of S1.1 as cases with records on the seed's dates: the council decides in
the autumn of 2007 to create a strategic function (KF 2007/1); a pre-study and the assignment
to the municipal chief in April 2008 (KS 2007/1); the board adopts the chief's proposal in
October 2008 and the new office exists from 2009-01-01 (KS 2008/1, with a secret record on the
staff's placements). The seed gives months and a season, not days: each date is the first day
of the period it names, as in the organisation's demo.

Beside it, a case from a municipal company that the preparation rule (S4.6) first refuses and
then lets through once the statement and the financing are in, and one that still waits for
its financing, so that the refusal can be seen in the staff pages.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from radhus.core.models import Tenant
from radhus.diarium import services
from radhus.diarium.models import (
    Case,
    CaseParty,
    Classification,
    Direction,
    OfficersReport,
    Origin,
    Record,
    RecordFile,
    RecordKind,
    RegisterSettings,
    SeriesYear,
)
from radhus.diarium.models import Series as NumberSeries
from radhus.organisation import services as organisation_services
from radhus.organisation.models import Person, Unit, UnitKind

SYSTEM = None
D = dt.date

# A few classes in the style of SKR's KLASSA (process-based classification), as a CSV import.
CLASSIFICATION_CSV = """code;title;parent
1;Styra verksamheten;
1.1;Styra och leda;1
1.1.1;Organisera verksamheten;1.1
1.2;Ekonomistyrning;1
1.2.1;Investera;1.2
2;Stödja verksamheten;
"""


def _text_file(name: str, text: str) -> ContentFile:
    return ContentFile(text.encode(), name=name)


def _decided(case: Case, day: dt.date, closed: dt.date) -> Case:
    case = services.case_start_preparation(case=case, actor=SYSTEM)
    case = services.case_mark_ready(case=case, actor=SYSTEM)
    case = services.case_put_on_agenda(case=case, actor=SYSTEM)
    case = services.case_record_decision(case=case, actor=SYSTEM, decided_on=day)
    case = services.case_start_execution(case=case, actor=SYSTEM)
    return services.case_close(case=case, actor=SYSTEM, closed_on=closed)


def load(tenant: Tenant) -> list[Case]:
    """Hässleholm's register. Call after the organisation's demo of Hässleholm is loaded."""
    council = Unit.objects.get(tenant=tenant, kind=UnitKind.COUNCIL)
    board = Unit.objects.get(tenant=tenant, kind=UnitKind.EXECUTIVE_BOARD)
    office = Unit.objects.filter(tenant=tenant, kind=UnitKind.EXECUTIVE_OFFICE).order_by("-id").first()
    chief = Person.objects.get(tenant=tenant, first_name="Johan", last_name="Eriksson")
    deputy = Person.objects.get(tenant=tenant, first_name="Bengt-Arne", last_name="Persson")
    classes = services.classification_import(tenant=tenant, actor=SYSTEM, csv_text=CLASSIFICATION_CSV)
    organise = classes["1.1.1"]
    kf = services.series_create(tenant=tenant, actor=SYSTEM, body=council, code="KF")
    ks = services.series_create(tenant=tenant, actor=SYSTEM, body=board, code="KS")

    # S1.1, autumn 2007: the council decides that a strategic function is to be created.
    function = services.case_register(
        tenant=tenant,
        actor=SYSTEM,
        series=kf,
        title="Inrättande av en strategisk funktion på kommunledningskontoret",
        opened_on=D(2007, 9, 1),
        classification=organise,
        responsible_unit=office,
    )
    services.record_add(
        case=function,
        actor=SYSTEM,
        direction=Direction.DRAWN_UP,
        kind=RecordKind.MINUTES_EXTRACT,
        title="Protokollsutdrag: kommunfullmäktige beslutar att en strategisk funktion ska inrättas",
        registered_on=D(2007, 9, 1),
        document_date=D(2007, 9, 1),
    )
    _decided(function, D(2007, 9, 1), D(2008, 4, 1))

    # Before April 2008: a pre-study; April 2008: the assignment to the municipal chief.
    study = services.case_register(
        tenant=tenant,
        actor=SYSTEM,
        series=ks,
        title="Förstudie och uppdrag att bilda en ny förvaltning",
        opened_on=D(2007, 9, 1),
        classification=organise,
        responsible_unit=office,
        officer=chief,
    )
    services.record_add(
        case=study,
        actor=SYSTEM,
        direction=Direction.DRAWN_UP,
        kind=RecordKind.OTHER,
        title="Förstudie om en strategisk funktion",
        registered_on=D(2008, 3, 1),
        file=_text_file("forstudie.txt", "Förstudie om en strategisk funktion på kommunledningskontoret."),
    )
    services.record_add(
        case=study,
        actor=SYSTEM,
        direction=Direction.DRAWN_UP,
        kind=RecordKind.DECISION,
        title="Uppdrag till kommunchefen Johan Eriksson att bilda en helt ny förvaltning",
        registered_on=D(2008, 4, 1),
    )
    _decided(study, D(2008, 4, 1), D(2008, 10, 1))
    services.case_relate(case=study, actor=SYSTEM, other=function)

    # October 2008: the board adopts the chief's proposal; the office exists from 2009-01-01.
    proposal = services.case_register(
        tenant=tenant,
        actor=SYSTEM,
        series=ks,
        title="Nytt kommunledningskontor",
        description="Kommunledningskontoret, ekonomikontoret och personalkontoret läggs samman "
        "till ett nytt kommunledningskontor med en stab och sex avdelningar.",
        opened_on=D(2008, 4, 1),
        classification=organise,
        responsible_unit=office,
        officer=chief,
    )
    services.officers_report_save(
        case=proposal,
        actor=SYSTEM,
        background="Kommunfullmäktige beslutade hösten 2007 att en strategisk funktion ska inrättas. "
        "Kommunchefen fick i april 2008 i uppdrag att bilda en helt ny förvaltning.",
        assessment="Tre kontor blir ett: en stab leds av kommunchefen och sex avdelningar samordnas "
        "av en biträdande kommunchef.",
        financing="Inom befintlig ram: de tre kontorens budgetar förs samman.",
        proposed_decision="Kommunstyrelsen fastställer förslaget till nytt kommunledningskontor från "
        "den 1 januari 2009.",
        officer=chief,
        signed_by=chief,
        dated=D(2008, 9, 15),
    )
    services.record_add(
        case=proposal,
        actor=SYSTEM,
        direction=Direction.DRAWN_UP,
        kind=RecordKind.OFFICERS_REPORT,
        title="Kommunchefens förslag till nytt kommunledningskontor",
        registered_on=D(2008, 9, 15),
        file=_text_file("tjansteskrivelse.txt", "Kommunchefens förslag till nytt kommunledningskontor."),
    )
    services.record_add(
        case=proposal,
        actor=SYSTEM,
        direction=Direction.DRAWN_UP,
        kind=RecordKind.OTHER,
        title="Underlag om enskilda medarbetares placering i den nya organisationen",
        registered_on=D(2008, 9, 20),
        secrecy="OSL 39 kap. 3 §",
        file=_text_file("placeringar.txt", "Uppgifter om enskilda medarbetare."),
    )
    services.record_add(
        case=proposal,
        actor=SYSTEM,
        direction=Direction.DRAWN_UP,
        kind=RecordKind.MINUTES_EXTRACT,
        title="Protokollsutdrag: kommunstyrelsen fastställer förslaget till nytt kommunledningskontor",
        registered_on=D(2008, 10, 1),
        document_date=D(2008, 10, 1),
    )
    services.record_add(
        case=proposal,
        actor=SYSTEM,
        direction=Direction.SENT,
        kind=RecordKind.OTHER,
        title="Pressmeddelande: nytt kommunledningskontor",
        recipient="Media",
        registered_on=D(2009, 1, 22),
    )
    _decided(proposal, D(2008, 10, 1), D(2009, 1, 22))
    services.case_relate(case=proposal, actor=SYSTEM, other=study)
    services.case_relate(case=proposal, actor=SYSTEM, other=function)

    # S4.6: a case from a municipal company, refused until it has a statement and its financing.
    company = organisation_services.unit_create(
        tenant=tenant, actor=SYSTEM, kind=UnitKind.COMPANY, name="Hässleholm Miljö AB", parent=council
    )
    investment = services.case_register(
        tenant=tenant,
        actor=SYSTEM,
        series=ks,
        title="Hässleholm Miljö AB: investering i en ny återvinningscentral",
        opened_on=D(2025, 10, 6),
        origin=Origin.COMPANY,
        origin_unit=company,
        classification=classes["1.2.1"],
        responsible_unit=office,
        officer=deputy,
    )
    services.record_add(
        case=investment,
        actor=SYSTEM,
        direction=Direction.RECEIVED,
        kind=RecordKind.APPLICATION,
        title="Begäran om kommunstyrelsens ställningstagande till investering",
        sender="Hässleholm Miljö AB",
        registered_on=D(2025, 10, 6),
        file=_text_file("begaran.txt", "Bolaget begär kommunstyrelsens ställningstagande."),
    )
    investment = services.case_start_preparation(case=investment, actor=SYSTEM)
    try:
        services.case_mark_ready(case=investment, actor=SYSTEM)
    except ValidationError:
        pass  # refused, as S4.6 says: no statement, no financing yet
    else:  # pragma: no cover - the rule is tested in tests/diarium/test_preparation.py
        raise AssertionError("The preparation rule let an incomplete company case through.")
    services.record_add(
        case=investment,
        actor=SYSTEM,
        direction=Direction.DRAWN_UP,
        kind=RecordKind.STATEMENT,
        title="Kommunledningskontorets yttrande över bolagets begäran",
        registered_on=D(2025, 11, 3),
    )
    services.record_add(
        case=investment,
        actor=SYSTEM,
        direction=Direction.DRAWN_UP,
        kind=RecordKind.FINANCING,
        title="Finansiering: lån inom bolagets låneram med kommunal borgen",
        registered_on=D(2025, 11, 3),
    )
    services.case_mark_ready(case=investment, actor=SYSTEM)

    waiting = services.case_register(
        tenant=tenant,
        actor=SYSTEM,
        series=ks,
        title="Hässleholm Miljö AB: ändrad renhållningstaxa",
        opened_on=D(2025, 11, 10),
        origin=Origin.COMPANY,
        origin_unit=company,
        responsible_unit=office,
        officer=deputy,
    )
    services.record_add(
        case=waiting,
        actor=SYSTEM,
        direction=Direction.RECEIVED,
        kind=RecordKind.LETTER,
        title="Förslag till ändrad renhållningstaxa",
        sender="Hässleholm Miljö AB",
        registered_on=D(2025, 11, 10),
    )
    services.record_add(
        case=waiting,
        actor=SYSTEM,
        direction=Direction.DRAWN_UP,
        kind=RecordKind.PROPOSED_DECISION,
        title="Förslag till beslut om ändrad taxa",
        registered_on=D(2025, 11, 20),
    )
    services.case_start_preparation(case=waiting, actor=SYSTEM)
    return [function, study, proposal, investment, waiting]


def wipe(tenants: list[Tenant]) -> None:
    """Remove the register of the demo organisations (before the organisations themselves)."""
    cases = Case.objects.filter(tenant__in=tenants)
    files = RecordFile.objects.filter(record__tenant__in=tenants)
    for row in files:
        row.file.delete(save=False)
    files.delete()
    OfficersReport.objects.filter(case__in=cases).delete()
    Record.objects.filter(tenant__in=tenants).delete()
    CaseParty.objects.filter(case__in=cases).delete()
    Case.related.through.objects.filter(from_case__in=cases).delete()
    while cases.exists():  # a case merged into another goes before the one it went into
        cases.exclude(pk__in=Case.objects.filter(merged_into__isnull=False).values("merged_into")).delete()
    SeriesYear.objects.filter(series__tenant__in=tenants).delete()
    NumberSeries.objects.filter(tenant__in=tenants).delete()
    Classification.objects.filter(tenant__in=tenants).update(parent=None)
    Classification.objects.filter(tenant__in=tenants).delete()
    RegisterSettings.objects.filter(tenant__in=tenants).delete()
