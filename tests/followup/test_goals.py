"""Goals (S3.4): progress rolled up the tree, weighted, with hand-checked values; the public
pages show only what is published; measured values imported from CSV or refused whole."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from radhus.core.models import AuditEvent, CollaborationMember, Role
from radhus.followup import charts, selectors_goals, services_goals
from radhus.followup.models import Assignment, Goal, GoalAssignment, GoalLevel, IndicatorTarget, Measurement
from radhus.followup.selectors_goals import indicator_progress
from tests.factories import TenantFactory, TenantRoleFactory
from tests.followup.goals_world import build_goal_world

pytestmark = pytest.mark.django_db
D = Decimal
NBSP = "\u00a0"


@pytest.fixture
def world():
    return build_goal_world(TenantFactory(slug="umearegionen", name="Umeåregionen", collaboration=True))


def _node(roots, goal):
    return selectors_goals.find_node(roots, goal.pk)


def test_progress_rolls_up_the_tree_weighted(world):
    roots = selectors_goals.goal_forest(world.tenant, public_only=False)
    growth = _node(roots, world.growth)
    by_name = {v.indicator.name: v for v in growth.indicators}
    # Residents: (165 000,5 − 150 000) / (250 000 − 150 000), the last target counts.
    assert by_name["Invånare"].progress == pytest.approx(0.150005)
    # Emissions, lower is better: (70 − 100) / (40 − 100) = 0,5.
    assert by_name["Utsläpp av växthusgaser"].progress == pytest.approx(0.5)
    # No value yet: no progress, left out of the mean.
    assert by_name["Nöjda medborgare"].progress is None
    assert growth.progress == pytest.approx((1 * 0.150005 + 3 * 0.5) / 4)
    # Done 1, 40 % 0,4, the cancelled one (weight 5) left out.
    assert _node(roots, world.work).progress == pytest.approx(0.7)
    assert _node(roots, world.hidden).progress == pytest.approx(1.0)
    assert roots[0].progress == pytest.approx((2 * 0.4125001 + 0.7 + 1.0) / 4, abs=1e-6)
    assert roots[0].percent == 63


def test_the_public_tree_leaves_out_unpublished_goals_and_their_progress(world):
    roots = selectors_goals.goal_forest(world.tenant, public_only=True)
    assert _node(roots, world.hidden) is None
    assert roots[0].progress == pytest.approx((2 * 0.4125001 + 0.7) / 3, abs=1e-6)
    assert roots[0].percent == 51


@pytest.mark.parametrize(
    ("baseline", "target", "latest", "direction", "expected"),
    [
        (D(100), D(200), D(150), "higher", 0.5),
        (D(100), D(200), D(250), "higher", 1.0),  # beyond the target: reached, no more
        (D(100), D(200), D(90), "higher", 0.0),  # worse than the baseline: nothing yet
        (D(100), D(40), D(85), "lower", 0.25),
        (D(100), D(40), D(120), "lower", 0.0),
        (D(50), D(50), D(50), "higher", 1.0),  # a level kept
        (D(50), D(50), D(49), "higher", 0.0),
        (D(50), D(50), D(49), "lower", 1.0),
        (D(100), None, D(150), "higher", None),  # no target: no progress
        (D(100), D(200), None, "higher", None),  # no value yet
    ],
)
def test_indicator_progress(baseline, target, latest, direction, expected):
    assert indicator_progress(baseline, target, latest, direction) == expected


def test_a_goal_with_nothing_measured_has_no_progress():
    tenant = TenantFactory(slug="tom")
    vision = services_goals.goal_create(tenant=tenant, actor=None, title="Vision", level=GoalLevel.VISION)
    services_goals.goal_create(tenant=tenant, actor=None, title="Mål", parent=vision)
    roots = selectors_goals.goal_forest(tenant, public_only=False)
    assert roots[0].progress is None
    assert roots[0].children[0].progress is None


def test_the_tree_is_read_in_the_same_number_of_queries_however_large(world):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            selectors_goals.goal_forest(world.tenant, public_only=False)
        return len(queries)

    small = count()
    for n in range(5):
        goal = services_goals.goal_create(
            tenant=world.tenant, actor=None, title=f"Mål {n}", parent=world.growth
        )
        indicator = services_goals.indicator_create(
            goal=goal, actor=None, name=f"Indikator {n}", baseline_value=D(1), baseline_year=2020
        )
        services_goals.indicator_set_target(indicator=indicator, actor=None, year=2030, value=D(2))
        services_goals.measurement_record(
            indicator=indicator, actor=None, measured_on=dt.date(2024, 1, 1), value=D(1)
        )
    assert count() == small <= 6


def test_a_goal_cannot_be_moved_under_itself_or_a_goal_below_it(world):
    with pytest.raises(ValidationError) as exc:
        services_goals.goal_update(goal=world.vision, actor=None, parent=world.growth)
    assert "vision" in str(exc.value).lower() or "ingå" in str(exc.value).lower()
    services_goals.goal_update(goal=world.work, actor=None, parent=world.growth)
    with pytest.raises(ValidationError, match="under det"):
        services_goals.goal_update(goal=world.growth, actor=None, parent=world.work)


def test_a_target_lies_on_the_good_side_of_the_baseline(world):
    with pytest.raises(ValidationError, match="Lägre är bättre"):
        services_goals.indicator_set_target(indicator=world.emissions, actor=None, year=2040, value=D(101))
    with pytest.raises(ValidationError, match="Högre är bättre"):
        services_goals.indicator_set_target(indicator=world.residents, actor=None, year=2040, value=D(1))


def test_the_database_refuses_a_second_value_on_the_same_day_with_a_sentence(world):
    from radhus.core.integrity import constraint_error

    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        Measurement.objects.create(indicator=world.emissions, measured_on=dt.date(2024, 12, 31), value=D(1))
    assert constraint_error(exc.value).messages == ["Indikatorn har redan ett värde för detta datum."]
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        IndicatorTarget.objects.create(indicator=world.emissions, year=2030, value=D(1))
    assert constraint_error(exc.value).messages == ["Indikatorn har redan ett mål för detta år."]


def test_changes_need_the_editor_role_and_are_audited(world):
    reader = TenantRoleFactory(tenant=world.tenant, role=Role.READER).user
    with pytest.raises(PermissionDenied):
        services_goals.goal_create(tenant=world.tenant, actor=reader, title="Nytt mål")
    editor = TenantRoleFactory(tenant=world.tenant, role=Role.EDITOR).user
    goal = services_goals.goal_create(
        tenant=world.tenant, actor=editor, title="Nytt mål", parent=world.vision
    )
    event = AuditEvent.objects.get(action="followup.goal.create", subject_id=goal.pk)
    assert event.actor == editor
    assert "Nytt mål" in event.summary


def test_a_shared_goal_of_a_collaboration_shows_in_its_members_tree(world):
    member = TenantFactory(slug="vannas", name="Vännäs kommun")
    CollaborationMember.objects.create(collaboration=world.tenant, municipality=member)
    assert selectors_goals.goal_forest(member, public_only=True) == []
    services_goals.goal_update(goal=world.vision, actor=None, shared_with_members=True)
    roots = selectors_goals.goal_forest(member, public_only=True)
    assert [r.goal.title for r in roots] == [world.vision.title]
    with pytest.raises(ValidationError):
        services_goals.goal_update(
            goal=services_goals.goal_create(tenant=member, actor=None, title="Eget"),
            actor=None,
            shared_with_members=True,
        )


# Public pages ---------------------------------------------------------------------------------


def test_the_public_tree_shows_published_goals_with_their_progress(client, world):
    response = client.get(reverse("goals_tree", args=[world.tenant.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Världens bästa livsmiljö" in body
    assert f"Framsteg: 51{NBSP}%" in body or "Framsteg: 51 %" in body
    assert "Hemligt utkast" not in body


def test_a_goal_page_draws_its_indicators_as_charts_and_tables(client, world):
    response = client.get(reverse("goals_goal", args=[world.tenant.slug, world.growth.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    # Three indicators, each drawn for a wide screen and for a phone (the CSS shows one).
    assert body.count('<svg class="chart-wide"') == 3 and body.count('<svg class="chart-narrow"') == 3
    assert f'<title id="chart-title-{world.residents.pk}-narrow">Invånare</title>' in body
    assert "Målvärde" in body or "Mål" in body
    # Swedish numbers: a space between thousands, a decimal comma.
    assert f"165{NBSP}000,5" in body
    assert f"250{NBSP}000" in body
    assert "Lägre är bättre" in body
    assert "Inget värde uppmätt ännu." in body
    assert "<table" in body and "<caption>" in body


def test_the_phone_chart_has_fewer_ticks_and_text_that_is_not_scaled_down(world):
    """An SVG scales its text with its width: drawn 640 units wide, a chart on a 390 px phone
    (about 358 px for it) writes 13 px text at 7 px. The phone's chart is drawn 340 units wide
    with 14 px text, every tenth year and four values on its axes, and room for the widest."""
    node = selectors_goals.goal_node(world.tenant, world.growth.pk, public_only=True)
    view = next(v for v in node.indicators if v.indicator == world.residents)
    with translation.override("sv"):
        wide, narrow = charts.indicator_charts(view)
    # From the baseline at the end of 2020 to the target at the end of 2050.
    assert [t.label for t in wide.x_ticks] == ["2025", "2030", "2035", "2040", "2045", "2050"]
    assert [t.label for t in narrow.x_ticks] == ["2030", "2040", "2050"]
    thousands = [f"{n}{NBSP}000" for n in (50, 100, 150, 200, 250)]
    assert [t.label for t in wide.y_ticks] == ["0", *thousands]
    assert [t.label for t in narrow.y_ticks] == ["0", f"100{NBSP}000", f"200{NBSP}000", f"300{NBSP}000"]
    assert (wide.width, narrow.width, narrow.height) == (640, 340, 300)
    # "300 000" is seven characters of about 0.6 em at 14 px: 59 units, with 4 before and 10 after.
    assert narrow.left == 73
    assert wide.left == 93  # 28 for the unit along the axis, 55 for "250 000" at 13 px, 10
    assert not narrow.rotated_y_label and narrow.y_label == "invånare"
    # The lowest tick sits on the x axis and the highest at the top of the plot.
    assert (narrow.y_ticks[0].at, narrow.y_ticks[-1].at) == (f"{narrow.bottom:.1f}", f"{narrow.top:.1f}")


def test_an_unpublished_goal_and_another_organisations_goal_are_not_found(client, world):
    assert client.get(reverse("goals_goal", args=[world.tenant.slug, world.hidden.pk])).status_code == 404
    other = TenantFactory(slug="annan")
    assert client.get(reverse("goals_goal", args=[other.slug, world.growth.pk])).status_code == 404
    assert client.get(reverse("goals_goal", args=[world.tenant.slug, 2**63 - 1])).status_code == 404


# CSV import -----------------------------------------------------------------------------------


def test_a_csv_file_of_measured_values_is_imported_in_one_go(world):
    data = (
        "indikator;datum;värde;källa;kommentar\n"
        f"{world.unmeasured.pk};2025-06-30;62,5;Enkät;Första mätningen\n"
        f"{world.residents.pk};2025-12-31;1 70 000;SCB;\n"
    ).encode()
    result = services_goals.measurements_import(tenant=world.tenant, actor=None, data=data)
    assert (result.count, result.indicators) == (2, 2)
    assert Measurement.objects.get(indicator=world.unmeasured).value == D("62.5")
    assert Measurement.objects.get(indicator=world.residents, measured_on=dt.date(2025, 12, 31)).value == D(
        170000
    )


def test_a_bad_csv_file_is_refused_whole_with_every_problem_by_line(world):
    other = build_goal_world(TenantFactory(slug="annan"))
    before = Measurement.objects.count()
    data = (
        "indikator;datum;värde;källa;kommentar\n"
        f"{world.unmeasured.pk};2025-06-30;62,5;;\n"  # good, but the file is refused whole
        f"{world.residents.pk};2025-13-01;10;;\n"
        f"{world.residents.pk};2025-01-01;många;;\n"
        f"{other.residents.pk};2025-01-01;5;;\n"
        f"{world.emissions.pk};2024-12-31;5;;\n"
        f"{world.unmeasured.pk};2025-06-30;63;;\n"
        f"{world.unmeasured.pk};0001-01-01;63;;\n"
    ).encode()
    with pytest.raises(ValidationError) as exc:
        services_goals.measurements_import(tenant=world.tenant, actor=None, data=data)
    messages = exc.value.message_dict["file"]
    assert [m.split(":")[0] for m in messages] == ["Rad 3", "Rad 4", "Rad 5", "Rad 6", "Rad 7", "Rad 8"]
    assert "inte ett datum" in messages[0]
    assert "inte ett tal" in messages[1]
    assert f"ingen indikator har id:t ”{other.residents.pk}”" in messages[2].lower()
    assert "redan ett värde" in messages[3]
    assert "rad 2" in messages[4]
    assert Measurement.objects.count() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "tom"),
        (b"id;date;value\n1;2025-01-01;1\n", "Rad 1"),
        (b"\xff\xfe\x00", "UTF-8"),
        (b"indikator;datum;v\xc3\xa4rde\n", "inga värden"),
    ],
)
def test_files_that_are_not_value_lists_are_refused(world, data, message):
    with pytest.raises(ValidationError, match=message):
        services_goals.measurements_import(tenant=world.tenant, actor=None, data=data)


def test_goal_levels_are_kept_straight(world):
    with pytest.raises(ValidationError):
        services_goals.goal_create(
            tenant=world.tenant, actor=None, title="Ny vision", level=GoalLevel.VISION, parent=world.vision
        )
    assert Goal.objects.filter(title="Ny vision").count() == 0


# API and staff pages ----------------------------------------------------------------------------


def _headers(user) -> dict[str, str]:
    from radhus.core.tokens import token_create

    _token, key = token_create(user=user)
    return {"Authorization": f"Bearer {key}"}


def test_the_api_gives_the_published_tree_with_progress(client, world):
    answer = client.get("/api/v1/goals", {"tenant": world.tenant.slug})
    assert answer.status_code == 200
    goals = {g["title"]: g for g in answer.json()}
    assert "Hemligt utkast till mål" not in goals
    assert goals[world.vision.title]["progress"] == pytest.approx((2 * 0.4125001 + 0.7) / 3, abs=1e-6)
    detail = client.get(f"/api/v1/goals/{world.growth.pk}", {"tenant": world.tenant.slug}).json()
    residents = next(i for i in detail["indicators"] if i["name"] == "Invånare")
    assert residents["values"][-1] == {
        "date": "2024-12-31",
        "value": 165000.5,
        "source": "SCB",
        "comment": "",
    }
    assert residents["targets"] == [{"year": 2030, "value": 200000.0}, {"year": 2050, "value": 250000.0}]
    hidden = client.get(f"/api/v1/goals/{world.hidden.pk}", {"tenant": world.tenant.slug})
    assert hidden.status_code == 404


def test_a_measured_value_is_recorded_through_the_api_by_an_editor_only(client, world):
    editor = TenantRoleFactory(tenant=world.tenant, role=Role.EDITOR).user
    stranger = TenantRoleFactory(tenant=TenantFactory(slug="annan"), role=Role.EDITOR).user
    path = f"/api/v1/indicators/{world.unmeasured.pk}/values"
    body = {"date": "2025-06-30", "value": "62.5", "source": "Enkät"}
    assert client.post(path, body, content_type="application/json").status_code == 401
    refused = client.post(path, body, content_type="application/json", headers=_headers(stranger))
    assert refused.status_code == 403
    answer = client.post(path, body, content_type="application/json", headers=_headers(editor))
    assert answer.status_code == 201
    assert answer.json()["values"] == [
        {"date": "2025-06-30", "value": 62.5, "source": "Enkät", "comment": ""}
    ]
    again = client.post(path, body, content_type="application/json", headers=_headers(editor))
    assert again.status_code == 400
    assert again.json()["errors"]["__all__"] == ["Indikatorn har redan ett värde för detta datum."]
    # An indicator under an unpublished goal is unknown outside its organisation.
    secret = world.hidden.indicators.get()
    hidden = client.post(
        f"/api/v1/indicators/{secret.pk}/values",
        body,
        content_type="application/json",
        headers=_headers(stranger),
    )
    assert hidden.status_code == 404


def test_an_editor_imports_a_csv_file_on_the_staff_page(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    editor = TenantRoleFactory(tenant=world.tenant, role=Role.EDITOR).user
    client.force_login(editor)
    url = reverse("staff_goal_import", args=[world.tenant.slug])
    page = client.get(url)
    token = page.context["form"]["once"].value()
    bad = SimpleUploadedFile("v.csv", b"indikator;datum;v\xc3\xa4rde\n999999;2025-01-01;x\n", "text/csv")
    refused = client.post(url, {"once": token, "csv_file": bad})
    assert refused.status_code == 200
    assert "Rad 2: ingen indikator har id:t ”999999”; ”x” är inte ett tal." in refused.content.decode()
    good = SimpleUploadedFile(
        "v.csv", f"indikator;datum;värde\n{world.unmeasured.pk};2025-01-01;61\n".encode(), "text/csv"
    )
    done = client.post(url, {"once": page.context["form"]["once"].value(), "csv_file": good})
    assert done.status_code == 302
    assert Measurement.objects.filter(indicator=world.unmeasured).count() == 1
    assert AuditEvent.objects.filter(action="followup.measurement.import", actor=editor).count() == 1


def test_an_editor_adds_a_goal_and_an_indicator_and_records_a_value_on_the_staff_pages(client, world):
    editor = TenantRoleFactory(tenant=world.tenant, role=Role.EDITOR).user
    client.force_login(editor)

    def send(url: str, data: dict) -> object:
        token = client.get(url).context["form"]["once"].value()
        return client.post(url, {"once": token, **data})

    answer = send(
        reverse("staff_goal_create", args=[world.tenant.slug]),
        {
            "title": "Attraktiva centrum",
            "level": "goal",
            "parent": world.vision.pk,
            "weight": "2",
            "sort_order": "0",
        },
    )
    goal = Goal.objects.get(title="Attraktiva centrum")
    assert answer.status_code == 302 and goal.parent == world.vision and not goal.is_public
    added = send(
        reverse("staff_indicator_create", args=[world.tenant.slug, goal.pk]),
        {
            "name": "Besökare",
            "unit": "besök",
            "direction": "higher",
            "baseline_value": "1 200,5",
            "baseline_year": "2024",
            "weight": "1",
            "sort_order": "0",
        },
    )
    assert added.status_code == 302, added.context["form"].errors
    indicator = goal.indicators.get()
    assert indicator.baseline_value == D("1200.5")
    send(
        reverse("staff_indicator_value", args=[world.tenant.slug, indicator.pk]),
        {"measured_on": "2025-03-01", "value": "1 300"},
    )
    assert indicator.measurements.get().value == D(1300)
    page = client.get(reverse("staff_goal", args=[world.tenant.slug, goal.pk])).content.decode()
    assert f"1{NBSP}300" in page and "inte publicerat" in page
    # The goal's history: who changed what, newest first (the audit trail of the goal's page).
    history = page.split("<h2>Historik</h2>")[1]
    entries = [e.split("</time>")[1].split("</li>")[0].strip() for e in history.split("<li>")[1:]]
    name = editor.get_username()
    assert entries == [
        f"{name}: ”Besökare” uppmättes till 1300 den 2025-03-01.",
        f"{name}: Lade till indikatorn ”Besökare” för målet ”Attraktiva centrum”.",
        f"{name}: Lade till målet ”Attraktiva centrum”.",
    ]
    # Another organisation's goal as the parent is not a choice.
    other = build_goal_world(TenantFactory(slug="annan"))
    refused = send(
        reverse("staff_goal_create", args=[world.tenant.slug]),
        {"title": "Lånat", "level": "goal", "parent": other.vision.pk, "weight": "1", "sort_order": "0"},
    )
    assert refused.status_code == 200 and not Goal.objects.filter(title="Lånat").exists()


# Unlinking an assignment from a goal -------------------------------------------------------------


def test_an_assignment_unlinked_from_a_goal_no_longer_counts_in_it_and_the_change_is_audited(world):
    """The goal B of the world: done (1) and 40 % (0,4) count, 0,7; without the done one only
    the 40 % is left: 0,4. Only an editor may, once; the assignment's history tells it."""
    done = Assignment.objects.get(title="Gemensam översiktsplan")
    reader = TenantRoleFactory(tenant=world.tenant, role=Role.READER).user
    with pytest.raises(PermissionDenied):
        services_goals.goal_unlink_assignment(assignment=done, goal=world.work, actor=reader)
    editor = TenantRoleFactory(tenant=world.tenant, role=Role.EDITOR).user
    services_goals.goal_unlink_assignment(assignment=done, goal=world.work, actor=editor)
    roots = selectors_goals.goal_forest(world.tenant, public_only=False)
    assert _node(roots, world.work).progress == pytest.approx(0.4)
    event = AuditEvent.objects.get(action="followup.goal.unlink")
    assert event.actor == editor and event.subject_id == done.pk
    assert "Gemensam översiktsplan" in event.summary and world.work.title in event.summary
    with pytest.raises(ValidationError) as again:
        services_goals.goal_unlink_assignment(assignment=done, goal=world.work, actor=editor)
    assert again.value.message_dict == {"goal": ["Uppdraget är inte kopplat till det här målet."]}


def test_an_editor_unlinks_a_goal_on_the_assignment_page(client, world):
    done = Assignment.objects.get(title="Gemensam översiktsplan")
    editor = TenantRoleFactory(tenant=world.tenant, role=Role.EDITOR).user
    client.force_login(editor)
    page = reverse("staff_followup_assignment", args=[world.tenant.slug, done.pk])
    unlink = reverse("staff_followup_unlink_goal", args=[world.tenant.slug, done.pk, world.work.pk])
    assert f'href="{unlink}"' in client.get(page).content.decode()
    form = client.get(unlink)
    assert "Koppla bort från målet" in form.content.decode()
    answer = client.post(unlink, {"once": form.context["form"]["once"].value()})
    assert answer.status_code == 302 and answer["Location"] == page + "#goals"
    assert not GoalAssignment.objects.filter(assignment=done).exists()
    after = client.get(page).content.decode()
    assert "Inte kopplat till något mål." in after and f'href="{unlink}"' not in after
    # Sent again, or for a goal it is no longer linked to: nothing more happens, never a 500.
    fresh = client.get(unlink)
    refused = client.post(unlink, {"once": fresh.context["form"]["once"].value()})
    assert refused.status_code == 200
    assert "Uppdraget är inte kopplat till det här målet." in refused.content.decode()
    # Another organisation's goal is not found.
    other = build_goal_world(TenantFactory(slug="annan"))
    foreign = reverse("staff_followup_unlink_goal", args=[world.tenant.slug, done.pk, other.work.pk])
    assert client.get(foreign).status_code == 404
    assert client.get(f"{page}mal/{2**64}/ta-bort/").status_code == 404
