"""Organisation charts (S0.4): the geometry a reader relies on, and the chart on the web."""

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest
from django.db import connection
from PIL import Image

from radhus.demo.synthetic import build_organisation
from radhus.organisation import charts, selectors, services
from radhus.organisation.charts import ChartNode, Layout
from radhus.organisation.models import Unit, UnitKind
from tests.factories import AppointmentFactory, PersonFactory, PostFactory, TenantFactory, UnitFactory

D = dt.date
SVG = "{http://www.w3.org/2000/svg}"


# Geometry checks ---------------------------------------------------------------------------


def overlapping_pairs(layout: Layout) -> list[tuple[str, str]]:
    boxes = sorted(layout.boxes, key=lambda b: b.x)
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if b.x >= a.right:
                break
            if a.overlaps(b):
                pairs.append((a.node.name, b.node.name))
    return pairs


def lines_through_boxes(layout: Layout) -> list[str]:
    """Connector lines that run through a box (touching its edge is how they connect)."""
    cell = 200.0
    grid: dict[tuple[int, int], list[charts.Box]] = defaultdict(list)
    for b in layout.boxes:
        for gx in range(int(b.x // cell), int(b.right // cell) + 1):
            for gy in range(int(b.y // cell), int(b.bottom // cell) + 1):
                grid[gx, gy].append(b)
    hits = set()
    for s in layout.segments:
        x1, x2 = sorted((s.x1, s.x2))
        y1, y2 = sorted((s.y1, s.y2))
        near = {
            id(b): b
            for gx in range(int(x1 // cell), int(x2 // cell) + 1)
            for gy in range(int(y1 // cell), int(y2 // cell) + 1)
            for b in grid.get((gx, gy), [])
        }
        for b in near.values():
            inside_x = b.x + 0.5 < x2 + (0.001 if x1 == x2 else 0) and x1 < b.right - 0.5
            inside_y = b.y + 0.5 < y2 + (0.001 if y1 == y2 else 0) and y1 < b.bottom - 0.5
            if inside_x and inside_y:
                hits.add(b.node.name)
    return sorted(hits)


def assert_chart_reads(layout: Layout) -> None:
    """What a reader needs: no box on another, no line through a box, every parent above its
    children, staff units beside the line above the row of departments, every label inside
    its box, siblings in their order, everything on the canvas."""
    assert overlapping_pairs(layout) == []
    assert lines_through_boxes(layout) == []
    children: dict[int, list[charts.Box]] = defaultdict(list)
    for box in layout.boxes:
        assert 0 <= box.x and box.right <= layout.width and 0 <= box.y and box.bottom <= layout.height
        used = sum(line.style.line_height for line in box.lines)
        assert used <= box.h - 2 * charts.PAD_Y + 0.01, box.node.name
        for line in box.lines:
            assert charts.text_width(line.text, line.style) <= box.w - 2 * charts.PAD_X + 0.01, line.text
        if box.parent is not None:
            assert box.parent.bottom < box.y, (box.parent.node.name, box.node.name)
            children[id(box.parent)].append(box)
    lines = [(s.x1, s.y1, s.x2, s.y2) for s in layout.segments]
    for parent in layout.boxes:
        kids = children.get(id(parent), [])
        staff = [b for b in kids if b.node.is_staff]
        regular = [b for b in kids if not b.node.is_staff]
        for b in staff:
            assert b.right < parent.cx or b.x > parent.cx, f"{b.node.name} sits on the line"
            assert all(b.bottom < r.y for r in regular), f"{b.node.name} is in the row of departments"
            mid = b.y + b.h / 2
            edge = b.x if b.x > parent.cx else b.right
            assert (parent.cx, mid, edge, mid) in lines, f"{b.node.name} is not joined to the line"
        order = [c.name for c in parent.node.children if not c.is_staff]
        by_rows = [b.node.name for b in sorted(regular, key=lambda b: (b.y, b.x))]
        by_columns = [b.node.name for b in sorted(regular, key=lambda b: (b.x, b.y))]
        assert order in (by_rows, by_columns), parent.node.name


def ornskoldsvik() -> ChartNode:
    departments = ["Ekonomiavdelningen", "Personalavdelningen", "Kommunikationsavdelningen"]
    departments += ["Tillväxtavdelningen", "Utvecklingsavdelningen"]
    return ChartNode(
        "Kommunledningsförvaltningen",
        kind=UnitKind.ADMINISTRATION,
        posts=["Kommundirektör: Magnus Haglund", "Chefssekreterare: Maria Persson"],
        children=[ChartNode("Stab", kind=UnitKind.STAFF_UNIT)]
        + [ChartNode(name, kind=UnitKind.DEPARTMENT) for name in departments],
    )


# Layout, pure ------------------------------------------------------------------------------


def test_a_small_chart_reads():
    layout = charts.layout(ornskoldsvik())
    assert_chart_reads(layout)
    root = layout.root
    stab = next(b for b in layout.boxes if b.node.name == "Stab")
    departments = [b for b in layout.boxes if b.node.kind == UnitKind.DEPARTMENT]
    assert len({b.y for b in departments}) == 1, "five departments fit in one row"
    assert root.bottom < stab.y < stab.bottom < departments[0].y
    assert [b.node.name for b in sorted(departments, key=lambda b: b.x)][0] == "Ekonomiavdelningen"


def test_a_box_grows_to_hold_its_longest_word_and_wraps_long_names():
    long_word = ChartNode("Samhällsbyggnadsförvaltningsavdelningen")
    long_name = ChartNode("Avdelningen för medborgarservice, reception, växel och turistbyrå")
    layout = charts.layout(ChartNode("Kommunledningskontoret", children=[long_word, long_name]))
    assert_chart_reads(layout)
    by_name = {b.node.name: b for b in layout.boxes}
    assert len(by_name[long_name.name].lines) >= 3
    assert by_name[long_word.name].w > charts.NAME_WRAP


def test_staff_units_in_pairs_beside_the_line_even_with_their_own_units():
    staff = [
        ChartNode("Stab", kind=UnitKind.STAFF_UNIT, children=[ChartNode("Strategienheten")]),
        ChartNode("Kansliet", kind=UnitKind.SECRETARIAT),
        ChartNode("Kommunikationsstaben", kind=UnitKind.STAFF_UNIT),
    ]
    root = ChartNode("Kommunledningskontoret", children=[*staff, ChartNode("Ekonomiavdelningen")])
    layout = charts.layout(root)
    assert_chart_reads(layout)
    by_name = {b.node.name: b for b in layout.boxes}
    centre = layout.root.cx
    assert by_name["Stab"].right < centre < by_name["Kansliet"].x
    assert by_name["Stab"].y == by_name["Kansliet"].y < by_name["Kommunikationsstaben"].y


def test_a_big_subtree_beside_a_few_small_ones_stays_in_one_row():
    """KF: KS with its administrations, and the committees beside it, as Swedish charts draw it."""
    administrations = [
        ChartNode(f"Förvaltning {i}", children=[ChartNode(f"Avdelning {i}.{j}") for j in range(4)])
        for i in range(7)
    ]
    ks = ChartNode("Kommunstyrelsen", kind=UnitKind.EXECUTIVE_BOARD, children=administrations)
    committees = [
        ChartNode(n, kind=UnitKind.COMMITTEE) for n in ["Socialnämnden", "Byggnadsnämnden", "Valnämnden"]
    ]
    layout = charts.layout(ChartNode("Kommunfullmäktige", kind=UnitKind.COUNCIL, children=[ks, *committees]))
    assert_chart_reads(layout)
    second_level = [b for b in layout.boxes if b.level == 1]
    assert len(second_level) == 4 and len({b.y for b in second_level}) == 1


def test_a_depth_limit_shows_how_many_units_are_hidden():
    root = ChartNode("Förvaltningen", children=[ChartNode("Avdelningen", hidden=12)])
    layout = charts.layout(root)
    assert [line.text for line in layout.boxes[1].lines][-1] == "+12"
    assert_chart_reads(layout)


def test_many_leaves_stack_in_columns_instead_of_one_endless_row():
    root = ChartNode("Avdelningen", children=[ChartNode(f"Enhet {i:02}") for i in range(60)])
    layout = charts.layout(root)
    assert_chart_reads(layout)
    assert layout.width < 3 * layout.height + 600
    assert len({b.x for b in layout.boxes[1:]}) < 10


def test_many_wide_subtrees_wrap_into_rows_around_the_line():
    administrations = [
        ChartNode(f"Förvaltning {i}", children=[ChartNode(f"Avdelning {i}.{j}") for j in range(4)])
        for i in range(12)
    ]
    layout = charts.layout(ChartNode("Kommunstyrelsen", children=administrations))
    assert_chart_reads(layout)
    rows = {b.y for b in layout.boxes if b.node.name.startswith("Förvaltning")}
    assert len(rows) >= 2
    assert layout.width < charts.ROW_LIMIT * 3


@pytest.fixture
def without_fonts(monkeypatch):
    monkeypatch.setattr(charts, "font", lambda size, bold=False: None)
    charts.text_width.cache_clear()
    yield
    charts.text_width.cache_clear()


def test_without_dejavu_labels_still_fit_with_a_fixed_width_per_character(without_fonts):
    layout = charts.layout(ornskoldsvik())
    assert_chart_reads(layout)
    image = Image.open(io.BytesIO(charts.render_png(layout)))
    assert image.width > layout.width


# From the registry -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_chart_of_2000_units_reads():
    tenant = TenantFactory(slug="storstad")
    root = build_organisation(tenant)
    tree = charts.chart_tree(root, D(2024, 1, 1))
    assert len(tree) == 2000
    layout = charts.layout(tree)
    assert len(layout.boxes) == 2000
    assert_chart_reads(layout)
    # Readable on a screen or a large print: landscape-ish, not a 2000-box ribbon.
    assert 0.3 < layout.width / layout.height < 5


@pytest.mark.django_db
def test_a_depth_limit_counts_every_hidden_unit():
    tenant = TenantFactory(slug="storstad")
    root = build_organisation(tenant)
    tree = charts.chart_tree(root, D(2024, 1, 1), depth=2)
    shown = list(tree.walk())
    assert {n.kind for n in shown} == {UnitKind.COUNCIL, UnitKind.COMMITTEE, UnitKind.ADMINISTRATION}
    assert len(shown) + sum(n.hidden for n in shown) == 2000
    assert_chart_reads(charts.layout(tree))


@pytest.fixture
def editor():
    from tests.factories import UserFactory

    return UserFactory(username="registrator")


@pytest.fixture
def hassleholm(editor):
    """Hässleholm's three offices under KS, merged from 2009-01-01 into a new
    kommunledningskontor with a staff unit and six departments (S1.2)."""
    tenant = TenantFactory(name="Hässleholms kommun", slug="hassleholm")
    ks = services.unit_create(
        tenant=tenant, actor=editor, kind=UnitKind.EXECUTIVE_BOARD, name="Kommunstyrelsen", short_name="KS"
    )
    offices = [
        services.unit_create(tenant=tenant, actor=editor, kind=kind, name=name, parent=ks)
        for kind, name in [
            (UnitKind.EXECUTIVE_OFFICE, "Kommunledningskontoret"),
            (UnitKind.ADMINISTRATION, "Ekonomikontoret"),
            (UnitKind.ADMINISTRATION, "Personalkontoret"),
        ]
    ]
    finance_chief = PostFactory(unit=offices[1], title="Ekonomichef")
    bengt_arne = PersonFactory(tenant=tenant, first_name="Bengt-Arne", last_name="Persson")
    AppointmentFactory(post=finance_chief, person=bengt_arne, valid_from=D(2001, 1, 1))
    _, new_office = services.reorganisation_merge(
        sources=offices,
        actor=editor,
        effective_date=D(2009, 1, 1),
        title="Nytt kommunledningskontor",
        result={"kind": UnitKind.EXECUTIVE_OFFICE, "name": "Kommunledningskontoret", "parent": ks},
        decided_by=ks,
        decision_date=D(2008, 10, 15),
    )
    new_units = [
        services.unit_create(
            tenant=tenant, actor=editor, kind=kind, name=name, parent=new_office, valid_from=D(2009, 1, 1)
        )
        for kind, name in [
            (UnitKind.STAFF_UNIT, "Stab"),
            (UnitKind.DEPARTMENT, "Avdelningen för medborgarservice"),
            (UnitKind.DEPARTMENT, "Ekonomiavdelningen"),
            (UnitKind.DEPARTMENT, "Personalavdelningen"),
            (UnitKind.DEPARTMENT, "Kansliavdelningen"),
            (UnitKind.DEPARTMENT, "IT-avdelningen"),
            (UnitKind.DEPARTMENT, "Upphandlingsavdelningen"),
        ]
    ]
    chief = PostFactory(unit=new_office, title="Kommunchef", sort_order=1)
    AppointmentFactory(
        post=chief,
        person=PersonFactory(tenant=tenant, first_name="Johan", last_name="Eriksson"),
        valid_from=D(2009, 1, 1),
    )
    deputy = PostFactory(unit=new_office, title="Biträdande kommunchef", sort_order=2)
    AppointmentFactory(post=deputy, person=bengt_arne, valid_from=D(2009, 1, 1))
    return {"tenant": tenant, "ks": ks, "offices": offices, "new_office": new_office, "new_units": new_units}


def pks(tree: ChartNode) -> set[str]:
    return {n.slug for n in tree.walk()}


@pytest.mark.django_db
def test_hassleholm_before_and_after_the_merger(hassleholm):
    """S1.2: on 2008-12-31 KS has the three old offices; on 2009-01-01 only the new office,
    with its staff unit beside the line and six departments below."""
    ks, offices, new = hassleholm["ks"], hassleholm["offices"], hassleholm["new_office"]
    before = charts.chart_tree(ks, D(2008, 12, 31))
    after = charts.chart_tree(ks, D(2009, 1, 1))
    assert pks(before) == {ks.slug, *(o.slug for o in offices)}
    assert pks(after) == {ks.slug, new.slug, *(u.slug for u in hassleholm["new_units"])}
    for tree, on in [(before, D(2008, 12, 31)), (after, D(2009, 1, 1))]:
        on_the_date = selectors.units_as_of(hassleholm["tenant"], on)
        assert pks(tree) == {u.slug for u in on_the_date.values()}
        assert_chart_reads(charts.layout(tree))
    layout = charts.layout(after)
    boxes = {b.node.name: b for b in layout.boxes}
    office = next(b for b in layout.boxes if b.node.slug == new.slug)
    assert boxes["Stab"].parent is office and boxes["Stab"].x > office.cx
    assert boxes["Stab"].bottom < boxes["Ekonomiavdelningen"].y


@pytest.mark.django_db
def test_posts_and_holders_in_the_box_on_the_date(hassleholm):
    new = hassleholm["new_office"]
    tree = charts.chart_tree(new, D(2009, 1, 1), show_posts=True)
    assert tree.posts == ["Kommunchef: Johan Eriksson", "Biträdande kommunchef: Bengt-Arne Persson"]
    old = charts.chart_tree(hassleholm["offices"][1], D(2008, 12, 31), show_posts=True)
    assert old.posts == ["Ekonomichef: Bengt-Arne Persson"]
    assert charts.chart_tree(new, D(2009, 1, 1)).posts == []


@pytest.mark.django_db
def test_a_person_who_is_not_public_is_left_out_but_the_post_stays():
    unit = UnitFactory(name="Socialkontoret")
    post = PostFactory(unit=unit, title="Utredare")
    AppointmentFactory(
        post=post, person=PersonFactory(tenant=unit.tenant, last_name="Hemligsson", protected=True)
    )
    acting = PostFactory(unit=unit, title="Socialchef")
    AppointmentFactory(
        post=acting, person=PersonFactory(tenant=unit.tenant, first_name="Eva", last_name="Ek"), acting=True
    )
    tree = charts.chart_tree(unit, D(2024, 1, 1), show_posts=True)
    assert tree.posts[0].startswith("Socialchef: Eva Ek")
    assert tree.posts[1] == "Utredare"


# On the web --------------------------------------------------------------------------------


def url(h, unit, suffix="/", **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/{h['tenant'].slug}/enhet/{unit.slug}/schema{suffix}" + (f"?{query}" if query else "")


@pytest.mark.django_db
def test_the_svg_is_an_accessible_image_with_a_link_per_unit(client, hassleholm):
    ks = hassleholm["ks"]
    response = client.get(url(hassleholm, ks, ".svg", datum="2009-01-01"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert 'filename="organisationsschema-kommunstyrelsen-2009-01-01.svg"' in response["Content-Disposition"]
    svg = ET.fromstring(response.content)
    assert svg.get("role") == "img"
    labelled_by = svg.get("aria-labelledby").split()
    assert {el.get("id") for el in svg.iter() if el.get("id")} >= set(labelled_by)
    assert "Kommunstyrelsen" in svg.find(f"{SVG}title").text
    links = {a.get("href").split("/enhet/")[1].split("/")[0] for a in svg.iter(f"{SVG}a")}
    assert links == pks(charts.chart_tree(ks, D(2009, 1, 1)))
    texts = " ".join(t.text for t in svg.iter(f"{SVG}text"))
    assert "Avdelningen för medborgarservice" in texts and "Ekonomikontoret" not in texts


@pytest.mark.django_db
def test_the_date_in_the_address_changes_the_chart(client, hassleholm):
    ks = hassleholm["ks"]
    before = client.get(url(hassleholm, ks, ".svg", datum="2008-12-31")).content.decode()
    after = client.get(url(hassleholm, ks, ".svg", datum="2009-01-01")).content.decode()
    assert "Ekonomikontoret" in before and "Personalkontoret" in before and "Stab" not in before
    assert "Ekonomikontoret" not in after and "Stab" in after


@pytest.mark.django_db
def test_the_png_is_a_picture_of_sensible_size(client, hassleholm):
    response = client.get(url(hassleholm, hassleholm["ks"], ".png", datum="2009-01-01", befattningar=1))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert (
        'attachment; filename="organisationsschema-kommunstyrelsen-2009-01-01.png"'
        == response["Content-Disposition"]
    )
    image = Image.open(io.BytesIO(response.content))
    image.load()
    assert 600 < image.width < 8000 and 200 < image.height < 8000
    assert len(image.getcolors(1 << 16) or []) > 10, "text and lines, not a blank picture"


@pytest.mark.django_db
def test_the_pdf_is_a_page_to_print(client, hassleholm):
    response = client.get(url(hassleholm, hassleholm["new_office"], ".pdf", datum="2009-01-01"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "organisationsschema-kommunledningskontoret-2009-01-01.pdf" in response["Content-Disposition"]


@pytest.mark.django_db
def test_large_charts_go_on_a3():
    small = charts.layout(ornskoldsvik())
    administrations = [
        ChartNode(f"Förvaltning {i}", children=[ChartNode(f"Avdelning {i}.{j}") for j in range(6)])
        for i in range(8)
    ]
    big = charts.layout(ChartNode("Kommunstyrelsen", children=administrations))
    assert charts.paper_for(small)[0] == "A4"
    assert charts.paper_for(big)[0] == "A3"


@pytest.mark.django_db
def test_the_page_has_the_chart_a_list_with_the_same_units_and_downloads(client, hassleholm):
    ks = hassleholm["ks"]
    response = client.get(url(hassleholm, ks, datum="2009-01-01", befattningar=1))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'aria-hidden="true"' in html
    listed = html.split('class="chart-list"')[1]
    for slug in pks(charts.chart_tree(ks, D(2009, 1, 1))):
        assert f'/hassleholm/enhet/{slug}/?datum=2009-01-01"' in listed
    assert "Kommunchef: Johan Eriksson" in listed
    assert "djup=2" not in html, "a small chart needs no offer of fewer levels"
    for ext in ("svg", "png", "pdf"):
        assert f"schema.{ext}?datum=2009-01-01&amp;befattningar=1" in html


@pytest.mark.django_db
def test_people_who_are_not_public_never_appear(client, hassleholm):
    office = hassleholm["new_office"]
    post = PostFactory(unit=office, title="Säkerhetssamordnare")
    AppointmentFactory(
        post=post,
        person=PersonFactory(tenant=office.tenant, first_name="Hemlig", last_name="Skyddad", protected=True),
        valid_from=D(2009, 1, 1),
    )
    for suffix in ("/", ".svg"):
        body = client.get(
            url(hassleholm, office, suffix, datum="2009-06-01", befattningar=1)
        ).content.decode()
        assert "Säkerhetssamordnare" in body
        assert "Skyddad" not in body and "Hemlig" not in body


@pytest.mark.django_db
def test_an_unknown_unit_is_not_found(client, hassleholm):
    for suffix in ("/", ".svg", ".png", ".pdf"):
        assert client.get(f"/hassleholm/enhet/finns-inte/schema{suffix}").status_code == 404
    assert client.get("/finns-inte/enhet/x/schema/").status_code == 404


@pytest.mark.django_db
def test_a_unit_that_did_not_exist_on_the_date_says_so(client, hassleholm):
    new = hassleholm["new_office"]
    response = client.get(url(hassleholm, new, datum="2008-12-31"))
    assert response.status_code == 404
    text = response.content.decode()
    assert "Kommunledningskontoret" in text and "2008-12-31" in text and "2009-01-01" in text
    assert client.get(url(hassleholm, new, ".png", datum="2008-12-31")).status_code == 404


@pytest.mark.django_db
def test_a_broken_date_or_depth_is_refused(client, hassleholm):
    ks = hassleholm["ks"]
    assert client.get(url(hassleholm, ks, ".svg", datum="2009-13-45")).status_code == 400
    assert client.get(url(hassleholm, ks, ".svg", djup="-1")).status_code == 400
    page = client.get(url(hassleholm, ks, datum="igår"))
    assert page.status_code == 400 and 'class="errorlist' in page.content.decode()


@pytest.mark.django_db
def test_depth_in_the_address_collapses_levels(client, hassleholm):
    ks = hassleholm["ks"]
    svg = client.get(url(hassleholm, ks, ".svg", datum="2009-01-01", djup=1)).content.decode()
    assert "Kommunledningskontoret" in svg and "Stab" not in svg and "+7" in svg


@pytest.mark.django_db
def test_names_are_escaped_everywhere(client):
    unit = UnitFactory(name='Avdelning <script>alert("x")</script> & co', slug="avd")
    for suffix in ("/", ".svg"):
        body = client.get(f"/{unit.tenant.slug}/enhet/avd/schema{suffix}").content.decode()
        assert "<script>alert" not in body
    ET.fromstring(client.get(f"/{unit.tenant.slug}/enhet/avd/schema.svg").content)


@pytest.mark.django_db
def test_the_chart_needs_no_login(client, hassleholm):
    response = client.get(url(hassleholm, hassleholm["ks"]))
    assert response.status_code == 200


# Names stored before names were cleaned (issue 6, item 5) ----------------------------------


def test_a_name_with_a_line_break_or_control_characters_still_draws():
    tree = ChartNode(
        name="Kultur-\noch fritid\x01",
        children=[ChartNode(name="Bibliotek\r\n\u202e"), ChartNode(name="\t")],
    )
    tree.posts = ["Chef:\nAnna\x00 Ek"]
    layout = charts.layout(tree)
    assert [line.text for line in layout.root.lines] == ["Kultur- och fritid", "Chef: Anna Ek"]
    heading = charts.Heading("Organisationsschema: Kultur-\noch fritid", "2026\x0b")
    ET.fromstring(
        charts.render_svg(layout, title="A\x02", description="B\n", href=lambda n: "#", heading=heading)
    )
    Image.open(io.BytesIO(charts.render_png(layout, heading=heading)))


@pytest.mark.django_db
def test_the_chart_of_a_unit_stored_with_a_line_break_answers_in_every_format(client):
    """A name with a line break and a control character, stored before the rule: the page,
    the SVG and the PNG still answer, and the SVG is well-formed XML."""
    unit = UnitFactory(slug="kultur", name="Kultur")
    with connection.cursor() as cursor:  # as stored before: past the field's own cleaning
        cursor.execute(
            f"UPDATE {Unit._meta.db_table} SET name = %s WHERE id = %s",
            ["Kultur-\noch\x01 fritid\u202e", unit.pk],
        )
    base = f"/{unit.tenant.slug}/enhet/kultur/schema"
    for suffix in ("/", ".svg", ".png"):
        response = client.get(base + suffix)
        assert response.status_code == 200, suffix
    svg = ET.fromstring(client.get(base + ".svg").content)
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Kultur- och fritid" in texts


# Big charts: bounded pictures, PDFs with text, renders cached (issue 7) ----------------------


def test_a_png_of_a_huge_chart_stays_within_the_pixel_cap():
    """20 administrations of 10 departments of 12 units: far wider than any screen."""
    tree = ChartNode(
        "Kommunstyrelsen",
        children=[
            ChartNode(
                f"Förvaltning {i}",
                children=[
                    ChartNode(
                        f"Avdelning {i}.{j}", children=[ChartNode(f"Enhet {i}.{j}.{k}") for k in range(12)]
                    )
                    for j in range(10)
                ],
            )
            for i in range(20)
        ],
    )
    layout = charts.layout(tree)
    heading = charts.Heading("Organisationsschema: Kommunstyrelsen", "Organisationen den 1 januari 2024")
    image = Image.open(io.BytesIO(charts.render_png(layout, heading=heading)))
    image.load()
    assert max(image.size) <= charts.MAX_PNG_SIDE
    assert image.width * image.height <= charts.MAX_PNG_PIXELS
    assert 4 * layout.width * layout.height > 5 * charts.MAX_PNG_PIXELS, "at twice its size, far too big"
    assert len(image.getcolors(1 << 16) or []) > 10, "boxes and lines, not a blank picture"


@pytest.fixture
def big_city():
    tenant = TenantFactory(slug="storstad")
    return {"tenant": tenant, "root": build_organisation(tenant, 400)}


@pytest.mark.django_db
def test_the_pdf_of_a_big_chart_has_the_picture_and_every_name_as_text(client, big_city):
    pypdf = pytest.importorskip("pypdf")
    response = client.get(url(big_city, big_city["root"], ".pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert list(reader.pages[0].images), "the chart is drawn on the first page"
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    names = Unit.objects.filter(tenant=big_city["tenant"]).values_list("name", flat=True)
    missing = [name for name in names if name not in text]
    assert missing == [], "every unit's name can be read, searched and copied"


@pytest.mark.django_db
def test_the_pdf_of_a_small_chart_keeps_its_names_as_text(client, hassleholm):
    pypdf = pytest.importorskip("pypdf")
    response = client.get(url(hassleholm, hassleholm["new_office"], ".pdf", datum="2009-01-01"))
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Ekonomiavdelningen" in text.replace("\n", " ")


@pytest.mark.django_db
def test_a_chart_file_is_made_once_and_again_after_a_change(
    client, hassleholm, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    office = hassleholm["new_office"]
    first = client.get(url(hassleholm, office, ".svg"))
    with django_assert_max_num_queries(3):  # the organisation, the unit; nothing of the tree
        again = client.get(url(hassleholm, office, ".svg"))
    assert again.content == first.content
    with django_capture_on_commit_callbacks(execute=True):
        services.unit_update(unit=office, actor=None, name="Stadsledningskontoret")
    changed = client.get(url(hassleholm, office, ".svg")).content.decode()
    assert "Stadsledningskontoret" in changed


@pytest.mark.django_db
def test_the_chart_page_is_drawn_once_and_again_after_a_change(
    client, hassleholm, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    office = hassleholm["new_office"]
    first = client.get(url(hassleholm, office, "/", datum="2010-01-01"))
    assert first.status_code == 200
    with django_assert_max_num_queries(3):  # the organisation, the unit; nothing of the tree
        again = client.get(url(hassleholm, office, "/", datum="2010-01-01"))
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')  # new on every answer
    assert token.sub(b"", again.content) == token.sub(b"", first.content)
    before = client.get(url(hassleholm, hassleholm["offices"][1], "/", datum="2008-06-01")).content.decode()
    assert "<h1>Organisationsschema: Ekonomikontoret</h1>" in before, "the name on the date, not a cached one"
    with django_capture_on_commit_callbacks(execute=True):
        services.unit_update(unit=hassleholm["new_units"][2], actor=None, name="Avdelningen för ekonomi")
    changed = client.get(url(hassleholm, office, "/", datum="2010-01-01")).content.decode()
    assert "Avdelningen för ekonomi" in changed and "Ekonomiavdelningen" not in changed
    assert client.get(url(hassleholm, office, "/", datum="2008-06-01")).status_code == 404
