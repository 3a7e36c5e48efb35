"""The reports for the board and the auditors (issue 11, item 3), each on a hand-built world
(tests/followup/reports_world.py) whose expected rows were counted by hand from its dates; the
report's day is 2026-06-30. Then the files (CSV, XLSX, PDF), who may read them, bad filters,
and the number of queries, which must not grow with the rows."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from radhus.followup.models import Assignment, AssignmentStatus, DeviationKind
from radhus.followup.reports.base import REGISTRY, Context, Filters
from tests.factories import TenantRoleFactory, client_for
from tests.followup.reports_world import ON, World, _numbers, add_cases, assignment, build_world, decision

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world() -> World:
    return build_world()


def rows(slug: str, w: World, *, full: bool = True, **filters: object) -> list[tuple]:
    with translation.override("en"):
        return list(REGISTRY[slug].rows(Context(w.tenant, full), Filters(on=ON, **filters)))


def column(slug: str, key: str, table: list[tuple]) -> list[object]:
    i = [c.key for c in REGISTRY[slug].columns].index(key)
    return [r[i] for r in table]


def summary(slug: str, w: World, **filters: object) -> dict[str, object]:
    with translation.override("en"):
        s = REGISTRY[slug].summary(Context(w.tenant, True), Filters(on=ON, **filters))
        return {str(label): value for label, value in s.items}


# The execution report to the board (S4.5, S4.7) ------------------------------------------------


def test_execution_report_lists_every_open_assignment_oldest_decision_first(world: World) -> None:
    """S4.5, S4.7: every decision not yet carried out, oldest first, with the days since the
    decision, the days late and the deviations. Done and cancelled assignments are left out."""
    table = rows("verkstallighet", world)
    assert table == [
        (
            D(2025, 3, 10),
            "KF 2025-03-10 § 5",
            "Kommunfullmäktige",
            "Samråd om översiktsplanen",
            "Kommundirektör, Kommunledningskontoret (Cecilia Chef)",
            D(2025, 12, 31),
            "in progress",
            60,
            477,
            181,
            "1; latest 2026-01-10, late – Samrådet förlängs.",
        ),
        (
            D(2025, 9, 1),
            "KS 2025-09-01 § 40",
            "Kommunstyrelsen",
            "Utred trafiken",
            "Samhällsbyggnad",
            D(2026, 3, 31),
            "not started",
            0,
            302,
            91,
            "",
        ),
        (
            D(2026, 2, 2),
            "KS 2026-02-02 § 7",
            "Kommunstyrelsen",
            "Bygg förskolan",
            "Anna Andersson",
            D(2026, 8, 31),
            "in progress",
            30,
            148,
            0,
            "",
        ),
        (
            D(2026, 3, 1),
            "Delegationsbeslut D 2026/4",
            "Kommunstyrelsen",
            "Köp in cyklar",
            "Anna Andersson",
            D(2026, 6, 1),
            "not started",
            0,
            121,
            29,
            "",
        ),
        (
            D(2026, 4, 15),
            "BUN 2026-04-15 § 12",
            "Barn- och utbildningsnämnden",
            "Nya skjutsregler",
            "Bo Berg",
            D(2026, 5, 31),
            "in progress",
            10,
            76,
            30,
            "1; latest 2026-05-20, late – Ny handläggare.",
        ),
    ]
    assert summary("verkstallighet", world) == {
        "Assignments not carried out": 5,
        "Of them late": 4,
        "Oldest decision": "2025-03-10",
    }


def test_execution_report_hides_a_secret_assignment_from_a_reader(world: World) -> None:
    """OSL 5 kap. 5 §: a reader sees the secrecy marking in place of a secret assignment."""
    titles = column("verkstallighet", "title", rows("verkstallighet", world, full=False))
    assert titles[2] == "Secret under OSL 21 kap. 1 §"
    assert "Bygg förskolan" not in titles


def test_execution_report_filters_by_body_period_and_officer(world: World) -> None:
    refs = lambda **f: column("verkstallighet", "reference", rows("verkstallighet", world, **f))  # noqa: E731
    assert refs(body=world.ks) == ["KS 2025-09-01 § 40", "KS 2026-02-02 § 7", "Delegationsbeslut D 2026/4"]
    assert refs(date_from=D(2026, 2, 2), date_to=D(2026, 3, 1)) == [
        "KS 2026-02-02 § 7",
        "Delegationsbeslut D 2026/4",
    ]
    assert refs(officer=world.anna) == ["KS 2026-02-02 § 7", "Delegationsbeslut D 2026/4"]
    # Cecilia holds the director's post on the report's day: the post's assignment is hers.
    assert refs(officer=world.cecilia) == ["KF 2025-03-10 § 5"]
    # On a day before she held it, it is not.
    with translation.override("en"):
        before = list(
            REGISTRY["verkstallighet"].rows(
                Context(world.tenant, True), Filters(on=D(2019, 12, 31), officer=world.cecilia)
            )
        )
    assert before == []


def test_a_report_as_of_an_earlier_day_leaves_out_later_decisions(world: World) -> None:
    """As of 2026-03-01 the decisions of April onwards were not yet made: the execution report
    counts days to that day and lists only what was decided by then."""
    with translation.override("en"):
        table = list(REGISTRY["verkstallighet"].rows(Context(world.tenant, True), Filters(on=D(2026, 3, 1))))
    assert [(r[1], r[8]) for r in table] == [
        ("KF 2025-03-10 § 5", 356),
        ("KS 2025-09-01 § 40", 181),
        ("KS 2026-02-02 § 7", 27),
        ("Delegationsbeslut D 2026/4", 0),
    ]


def test_execution_report_names_a_vacant_post(world: World) -> None:
    """A post nobody holds on the report's day is shown as vacant."""
    world.director.appointments.update(valid_to=D(2026, 6, 1))
    assert column("verkstallighet", "assignee", rows("verkstallighet", world))[0] == (
        "Kommundirektör, Kommunledningskontoret (vacant)"
    )


# Carried out in a period ------------------------------------------------------------------------


def test_done_report_counts_days_from_decision_to_done(world: World) -> None:
    """Each done assignment with the days from decision to done, the earliest done first; the
    median and the longest above."""
    table = rows("genomforda", world)
    assert [(r[0], r[1], r[7], r[8]) for r in table] == [
        (D(2025, 12, 1), "KS 2025-09-01 § 40", 91, 0),
        (D(2026, 2, 15), "KF 2025-03-10 § 5", 342, 0),
        (D(2026, 4, 30), "KF 2025-11-24 § 80", 157, 30),
    ]
    assert summary("genomforda", world) == {
        "Assignments carried out": 3,
        "Median days from decision to done": 157,
        "Longest days from decision to done": 342,
        "Done by the due date": 2,
    }


def test_done_report_period_is_when_they_were_done(world: World) -> None:
    got = summary("genomforda", world, date_from=D(2026, 1, 1), date_to=D(2026, 12, 31))
    # 342 and 157: the median of two is their mean, 249.5, rounded to the even 250.
    assert got["Assignments carried out"] == 2
    assert got["Median days from decision to done"] == 250
    empty = summary("genomforda", world, date_from=D(2027, 1, 1))
    assert empty["Assignments carried out"] == 0
    assert empty["Median days from decision to done"] is None


# Late with no deviation report ----------------------------------------------------------------


def test_late_without_deviation(world: World) -> None:
    """S4.5: a late assignment needs a deviation report. The plan's consultation is covered
    (its deviation proposed 2026-09-30, still ahead); the school transport's deviation proposed
    2026-06-15, which has passed, so it is listed again. The longest overdue first."""
    table = rows("sena-utan-avvikelse", world)
    assert [(r[0], r[1], r[2]) for r in table] == [
        (D(2026, 3, 31), 91, "KS 2025-09-01 § 40"),
        (D(2026, 5, 31), 30, "BUN 2026-04-15 § 12"),
        (D(2026, 6, 1), 29, "Delegationsbeslut D 2026/4"),
    ]
    # On its due date an assignment is not late yet.
    with translation.override("en"):
        on_due = list(
            REGISTRY["sena-utan-avvikelse"].rows(Context(world.tenant, True), Filters(on=D(2026, 3, 31)))
        )
    assert "KS 2025-09-01 § 40" not in [r[2] for r in on_due]


def test_late_report_shows_the_last_progress_report(world: World) -> None:
    from radhus.followup.models import ProgressReport

    a = world.a["trafik_utred"]
    for day in (D(2026, 4, 2), D(2026, 5, 5)):
        ProgressReport.objects.create(
            tenant=world.tenant,
            assignment=a,
            reported_on=day,
            progress=5,
            status=AssignmentStatus.NOT_STARTED,
        )
    assert column("sena-utan-avvikelse", "last_report", rows("sena-utan-avvikelse", world))[0] == D(
        2026, 5, 5
    )


# Decisions with no assignment ------------------------------------------------------------------


def test_decisions_with_no_assignment(world: World) -> None:
    table = rows("utan-uppdrag", world)
    assert [(r[0], r[1], r[3], r[7]) for r in table] == [
        (D(2026, 1, 20), "KF 2026-01-20 § 3", "Taxa för bygglov", 161),
        (D(2026, 5, 4), "KS 2026-05-04 § 30", "Val av justerare", 57),
    ]
    assert table[0][4] == "Beslut om taxa för bygglov."


def test_decisions_with_no_assignment_hide_a_secret_paragraph(world: World) -> None:
    """OSL 5 kap. 5 §: a secret paragraph's title and text are not shown to a reader."""
    decision(world.tenant, world.ks, D(2026, 6, 1), 44, "Personalärende Stina", secrecy="OSL 39 kap. 3 §")
    reader = rows("utan-uppdrag", world, full=False)[-1]
    assert reader[3] == "Secret under OSL 39 kap. 3 §"
    assert reader[4] == ""
    assert rows("utan-uppdrag", world)[-1][3] == "Personalärende Stina"


# The council's decisions -------------------------------------------------------------------------


def test_council_decisions_and_their_status(world: World) -> None:
    """Every council decision with its assignments: late while an open one is past due, carried
    out when none is open (the days to the last one done), no assignment when none was made."""
    assert rows("fullmaktige", world) == [
        (D(2025, 3, 10), "KF 2025-03-10 § 5", "Ny översiktsplan", "late", 2, 1, D(2025, 12, 31), None, 477),
        (
            D(2025, 11, 24),
            "KF 2025-11-24 § 80",
            "Budget 2026",
            "carried out",
            2,
            0,
            None,
            D(2026, 4, 30),
            157,
        ),
        (D(2026, 1, 20), "KF 2026-01-20 § 3", "Taxa för bygglov", "no assignment", 0, 0, None, None, 161),
    ]


# The case register's lists, reused ------------------------------------------------------------


def test_backlog_per_body_and_officer(world: World) -> None:
    """The register's backlog list: open cases by series, officer, oldest first; a reader sees
    the public title of a secret one (OSL 5 kap. 5 §)."""
    add_cases(world)
    table = rows("arendebalans", world, full=False)
    assert [(r[0], r[1], r[2], r[3], r[6]) for r in table] == [
        ("Barn- och utbildningsnämnden", "Bo Berg", "BUN 2026/4", "Elevärende", 149),
        ("Kommunstyrelsen", "Anna Andersson", "KS 2025/1", "Motion om cykelbanor", 425),
        ("Kommunstyrelsen", "Anna Andersson", "KS 2025/2", "Motion om badplats", 333),
        ("Kommunstyrelsen", "Bo Berg", "KS 2025/3", "Medborgarförslag om parkbänkar", 512),
    ]
    assert column("arendebalans", "number", rows("arendebalans", world, officer=world.bo)) == [
        "BUN 2026/4",
        "KS 2025/3",
    ]
    assert column("arendebalans", "number", rows("arendebalans", world, body=world.bun)) == ["BUN 2026/4"]


def test_motions_not_decided_within_a_year(world: World) -> None:
    """KL 5 kap. 35 §: a motion should be decided within a year of being raised; those raised on
    or before 2025-06-30 and still open are listed, the oldest first. The motion of 2025-08-01
    is not a year old yet; the closed one is done."""
    add_cases(world)
    table = rows("motioner", world)
    assert [(r[0], r[2], r[3], r[4]) for r in table] == [
        ("KS 2025/3", "a citizen proposal", D(2025, 2, 3), 512),
        ("KS 2025/1", "a motion", D(2025, 5, 1), 425),
    ]


# The pages and the files ---------------------------------------------------------------------


def url(w: World, name: str, slug: str | None = None) -> str:
    kwargs = {"tenant": w.tenant.slug}
    if slug:
        kwargs["report"] = slug
    return reverse(name, kwargs=kwargs)


def test_the_list_names_each_question_in_swedish(world: World) -> None:
    page = client_for(world.reader).get(url(world, "followup_reports")).content.decode()
    assert "Vilka beslut har ännu inte verkställts, och hur långt har de kommit?" in page
    assert "Vilka motioner och medborgarförslag har inte avgjorts inom ett år?" in page
    for slug in REGISTRY:
        assert url(world, "followup_report", slug) in page


def test_report_page_heading_is_its_question(world: World) -> None:
    response = client_for(world.reader).get(
        url(world, "followup_report", "verkstallighet"), {"datum": "2026-06-30"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Vilka beslut har ännu inte verkställts, och hur långt har de kommit?</h1>" in page
    assert "Samråd om översiktsplanen" in page
    assert "Sekretess enligt OSL 21 kap. 1 §" in page  # a reader, not an editor
    assert "Bygg förskolan" not in page


def test_report_pages_need_login_and_the_right_organisation(world: World) -> None:
    other = build_world("annanby")
    path = url(world, "followup_report", "verkstallighet")
    anonymous = Client().get(path)
    assert anonymous.status_code == 302 and "/konto/logga-in/" in anonymous["Location"]
    assert client_for(other.editor).get(path).status_code == 403
    assert (
        client_for(other.editor).get(url(world, "followup_report_csv", "verkstallighet")).status_code == 403
    )
    assert client_for(world.reader).get(path).status_code == 200
    assert client_for(world.reader).get(url(world, "followup_report", "finns-inte")).status_code == 404


def test_report_page_pages_through_the_rows(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from radhus.followup.reports import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    c = client_for(world.editor)
    first = c.get(url(world, "followup_report", "verkstallighet"), {"datum": "2026-06-30"}).content.decode()
    assert (
        "Samråd om översiktsplanen" in first and "Utred trafiken" in first and "Bygg förskolan" not in first
    )
    assert "sida=2" in first
    third = c.get(
        url(world, "followup_report", "verkstallighet"), {"datum": "2026-06-30", "sida": "3"}
    ).content.decode()
    assert "Nya skjutsregler" in third and "sida=4" not in third


def test_bad_filters_are_refused_in_swedish_and_never_a_500(world: World) -> None:
    other = build_world("annanby")
    c = client_for(world.reader)
    path = url(world, "followup_report", "verkstallighet")
    for params, words in [
        ({"fran": "9999-99-99"}, "Fyll i ett giltigt datum"),
        ({"fran": "0001-01-01"}, "1800"),
        ({"fran": "2026-05-01", "till": "2026-01-01"}, "Perioden börjar efter att den slutar"),
        ({"organ": str(other.ks.pk)}, "Välj ett giltigt alternativ"),
        ({"handlaggare": "99999999999999999999"}, "Välj ett giltigt alternativ"),
        ({"organ": "KS\nKF"}, "Välj ett giltigt alternativ"),
    ]:
        response = c.get(path, params)
        assert response.status_code == 200, params
        assert words in response.content.decode(), params
    # The files too: they fall back to the whole report.
    assert c.get(url(world, "followup_report_csv", "verkstallighet"), {"fran": "x"}).status_code == 200


def test_csv_is_for_swedish_excel_and_streamed(world: World) -> None:
    response = client_for(world.editor).get(
        url(world, "followup_report_csv", "verkstallighet"),
        {"datum": "2026-06-30", "organ": str(world.bun.pk)},
    )
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="rapportby-verkstallighet-2026-06-30.csv"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:3] == ["Beslutsdatum", "Beslut", "Beslutande organ"]
    with translation.override("sv"):
        # The statuses' and kinds' words are the assignments' own (their translation).
        in_progress, late = str(AssignmentStatus.IN_PROGRESS.label), str(DeviationKind.LATE.label)
    assert lines[1:] == [
        [
            "2026-04-15",
            "BUN 2026-04-15 § 12",
            "Barn- och utbildningsnämnden",
            "Nya skjutsregler",
            "Bo Berg",
            "2026-05-31",
            in_progress,
            "10",
            "76",
            "30",
            f"1; senast 2026-05-20, {late} – Ny handläggare.",
        ]
    ]


def test_csv_defuses_a_formula(world: World) -> None:
    Assignment.objects.filter(pk=world.a["trafik_utred"].pk).update(title='=HYPERLINK("http://x")')
    body = b"".join(
        client_for(world.editor).get(url(world, "followup_report_csv", "verkstallighet")).streaming_content
    )
    assert "'=HYPERLINK" in body.decode("utf-8-sig")


def test_xlsx_has_dates_numbers_and_the_header(world: World) -> None:
    response = client_for(world.editor).get(
        url(world, "followup_report_xlsx", "genomforda"), {"datum": "2026-06-30"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Klart den"
    assert values[0][7] == "Dagar från beslut till klart"
    assert [(r[0].date(), r[1], r[7]) for r in values[1:]] == [
        (D(2025, 12, 1), "KS 2025-09-01 § 40", 91),
        (D(2026, 2, 15), "KF 2025-03-10 § 5", 342),
        (D(2026, 4, 30), "KF 2025-11-24 § 80", 157),
    ]


def test_pdf_has_the_question_organisation_date_and_page_numbers(world: World) -> None:
    response = client_for(world.editor).get(
        url(world, "followup_report_pdf", "genomforda"), {"datum": "2026-06-30"}
    )
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Rapportby kommun" in flat
    assert "Hur lång tid tog det att verkställa besluten?" in flat
    assert "2026-06-30" in flat
    assert "Median antal dagar från beslut till klart 157" in flat
    assert "Sida 1 (1)" in flat
    assert "KF 2025-11-24 § 80" in flat


def test_the_execution_page_fits_seven_columns_and_its_files_keep_eleven(world: World) -> None:
    """The page's table shares cells (the decision with its body and date, the due date with
    the days late, the status with the progress) so that it fits a 1280 px screen; each cell
    carries its label for the phone's one-block-per-row layout. The CSV keeps a column each."""
    page = (
        client_for(world.reader)
        .get(url(world, "followup_report", "verkstallighet"), {"datum": "2026-06-30"})
        .content.decode()
    )
    thead = page.split("<thead>")[1].split("</thead>")[0]
    assert thead.count("<th") == 7
    assert (
        '<td data-label="Beslut">KF 2025-03-10 § 5<span class="part">Kommunfullmäktige</span>'
        '<span class="part">Beslutsdatum: <time datetime="2025-03-10">2025-03-10</time></span></td>'
    ) in page
    assert '<span class="part">Dagar försenat: 181</span>' in page
    assert '<span class="part">Färdigt (%): 60</span>' in page
    # Not late: no “0 days late” line under the due date.
    assert '<td data-label="Klart senast"><time datetime="2026-08-31">2026-08-31</time></td>' in page
    body = b"".join(
        client_for(world.reader).get(url(world, "followup_report_csv", "verkstallighet")).streaming_content
    )
    assert len(next(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))) == 11


def test_the_reports_rules_are_at_the_top_level_of_the_stylesheet() -> None:
    """The reports' table rules stand outside any media query, so that they hold on every
    screen; the phone's and the paper's rules are closed blocks of their own."""
    from pathlib import Path

    import tinycss2

    import radhus

    sheet = Path(radhus.__file__).parent / "core" / "static" / "radhus" / "radhus.css"
    rules = tinycss2.parse_stylesheet(sheet.read_text(encoding="utf-8"), skip_comments=True)
    top = {tinycss2.serialize(r.prelude).strip() for r in rules if r.type == "qualified-rule"}
    for selector in (".report-filters", ".report-table", ".report-table td .part", ".report-summary"):
        assert selector in top, selector
    assert not [r for r in rules if r.type == "error"]


def test_the_execution_report_reads_the_partial_index_condition_verbatim() -> None:
    """SQLite uses a partial index only when the query holds its condition as written: the
    report's condition and the migration's must stay the same text."""
    import importlib

    from radhus.followup.reports.decisions import OPEN_IN_SQL

    migration = importlib.import_module("radhus.followup.migrations.0003_report_indexes")
    condition = OPEN_IN_SQL.sql.removeprefix("followup_assignment.")
    assert migration.OPEN_BY_DECISION.endswith(f"WHERE {condition}")


# Queries do not grow with the rows ---------------------------------------------------------------


def _grow(w: World, n: int) -> None:
    """``n`` more decisions of each kind the reports read: open (to a post, a unit and a person),
    done, late, with deviations, council decisions, decisions with no assignment, and cases."""
    from radhus.followup.models import Deviation, DeviationKind
    from radhus.meetings.models import Dispatch, DispatchKind, DispatchStatus

    for _ in range(n):
        i = next(_numbers)
        day = D(2025, 1, 1) + dt.timedelta(days=i)
        kf = decision(w.tenant, w.kf, day, 500 + i, f"Fullmäktigebeslut {i}")
        ks = decision(w.tenant, w.ks, day, 500 + i, f"Styrelsebeslut {i}")
        decision(w.tenant, w.bun, day, 500 + i, f"Nämndbeslut {i}")
        Dispatch.objects.create(
            tenant=w.tenant,
            meeting=kf.paragraph.meeting,
            paragraph=kf.paragraph,
            kind=DispatchKind.EXTRACT,
            recipient="Kommundirektör",
            post=w.director,
            person=w.cecilia,
            status=DispatchStatus.SENT,
        )
        open_ = assignment(w, kf, f"Öppet {i}", due=D(2025, 12, 1), assignee_post=w.director)
        assignment(w, ks, f"Enhet {i}", due=D(2026, 12, 1), assignee_unit=w.sbf)
        assignment(w, ks, f"Person {i}", due=D(2026, 12, 1), assignee_person=w.bo)
        assignment(
            w,
            kf,
            f"Klart {i}",
            due=D(2026, 1, 1),
            assignee_post=w.director,
            status=AssignmentStatus.DONE,
            progress=100,
            completed_on=D(2025, 6, 1),
        )
        Deviation.objects.create(
            tenant=w.tenant,
            assignment=open_,
            kind=DeviationKind.LATE,
            reason="x",
            reported_on=D(2026, 1, 1),
            proposed_due_on=D(2026, 2, 1),
        )


@pytest.mark.parametrize(
    ("slug", "page_queries", "file_queries", "summary_queries"),
    [
        # the rows, the posts' holders (and the deviations); the summary where there is one
        ("verkstallighet", 3, 3, 1),
        ("genomforda", 2, 2, 1),
        ("sena-utan-avvikelse", 2, 2, 0),
        ("utan-uppdrag", 1, 1, 0),
        ("fullmaktige", 1, 1, 0),
        ("arendebalans", 1, 1, 0),
        ("motioner", 1, 1, 0),
        # the decisions, their extracts and their assignments (the summary: test_report_extracts.py)
        ("protokollsutdrag", 3, 3, 0),
    ],
)
def test_queries_do_not_grow_with_the_rows(
    world: World,
    django_assert_num_queries,
    slug: str,
    page_queries: int,
    file_queries: int,
    summary_queries: int,
) -> None:
    add_cases(world)
    report = REGISTRY[slug]
    ctx, f = Context(world.tenant, True), Filters(on=ON, officer=None)
    for size in (1, 6):
        _grow(world, size)
        with django_assert_num_queries(page_queries):
            page, _more = report.window(ctx, f, 1, 100)
        assert page
        with django_assert_num_queries(file_queries):
            assert list(report.rows(ctx, f))
        if report.summary:
            with django_assert_num_queries(summary_queries):
                report.summary(ctx, f)


def test_the_view_reads_a_fixed_number_of_queries(world: World) -> None:
    """The whole page (session, roles, filters' choices, rows, summary) at two sizes."""
    c = client_for(world.editor)
    path = url(world, "followup_report", "verkstallighet")
    # A first request, as a running server has had: the organisation and the site notices are
    # then kept in the process (core.cache.remembered), for both sizes alike.
    assert c.get(path, {"datum": "2026-06-30"}).status_code == 200
    counts = []
    for size in (1, 8):
        _grow(world, size)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert c.get(path, {"datum": "2026-06-30"}).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_every_report_answers_a_listed_question(world: World) -> None:
    """Each report names the questions of docs/audit-questions.md it answers, and each of those
    questions is in the document."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "audit-questions.md").read_text()
    for report in REGISTRY.values():
        assert report.answers, report.slug
        for q in report.answers:
            assert f"| {q} |" in doc
            assert f"`{report.slug}`" in doc


def test_a_reader_in_another_organisation_with_a_role_here_too_sees_only_this_one(world: World) -> None:
    """A user with roles in two organisations sees each organisation's own rows."""
    other = build_world("annanby")
    TenantRoleFactory(tenant=world.tenant, user=other.editor, role="reader")
    page = client_for(other.editor).get(url(world, "followup_report", "verkstallighet")).content.decode()
    assert page.count("Samråd om översiktsplanen") == 1
