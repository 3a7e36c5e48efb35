"""Directory downloads: a unit's contacts as CSV and XLSX, and vCards for a person and a post."""

import csv
import datetime as dt
import io

import pytest
import vobject
from django.test import Client
from openpyxl import load_workbook

from radhus.organisation import directory, services
from radhus.organisation.models import MembershipRole, UnitKind
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db
D = dt.date
SECRET_NAME = "Hemlighetsfull"
SECRET_PHONE = "+46701112233"


@pytest.fixture
def office():
    """Örnsköldsvik's executive office (S0.5) with a department under it, a staff unit that
    closes, a management team defined by posts (S2.2), and what is not public."""
    tenant = TenantFactory(slug="ornskoldsvik", name="Örnsköldsviks kommun")
    office = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.EXECUTIVE_OFFICE, name="Kommunledningsförvaltningen"
    )
    services.contact_point_add(owner=office, actor=None, kind="switchboard", value="0660-880 00")
    services.contact_point_add(owner=office, actor=None, kind="email", value="klf@ornskoldsvik.se")
    director = services.post_create(unit=office, actor=None, title="Kommundirektör", is_contact=True)
    services.contact_point_add(owner=director, actor=None, kind="phone", value="0660-883 00")
    services.contact_point_add(owner=director, actor=None, kind="mobile", value=SECRET_PHONE, is_public=False)
    magnus = services.person_create(tenant=tenant, actor=None, first_name="Magnus", last_name="Haglund")
    services.contact_point_add(owner=magnus, actor=None, kind="email", value="magnus.haglund@ornskoldsvik.se")
    services.appointment_create(post=director, person=magnus, actor=None, valid_from=D(2015, 1, 1))
    finance = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.DEPARTMENT, name="Ekonomiavdelningen", parent=office
    )
    cfo = services.post_create(unit=finance, actor=None, title="Ekonomichef")
    hidden = services.person_create(
        tenant=tenant, actor=None, first_name=SECRET_NAME, last_name="Skyddad", is_public=False
    )
    services.contact_point_add(owner=hidden, actor=None, kind="email", value="skyddad@ornskoldsvik.se")
    services.appointment_create(post=cfo, person=hidden, actor=None, valid_from=D(2015, 1, 1))
    acting = services.person_create(tenant=tenant, actor=None, first_name="Lena", last_name="Sandlin")
    services.contact_point_add(owner=acting, actor=None, kind="mobile", value="070-336 01 13")
    services.appointment_create(post=cfo, person=acting, actor=None, valid_from=D(2024, 1, 1), acting=True)
    staff = services.unit_create(
        tenant=tenant,
        actor=None,
        kind=UnitKind.STAFF_UNIT,
        name="Staben",
        parent=office,
        valid_from=D(2000, 1, 1),
        valid_to=D(2019, 12, 31),
    )
    services.post_create(unit=staff, actor=None, title="Stabschef", valid_to=D(2019, 12, 31))
    team = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.MANAGEMENT_TEAM, name="Koncernledningsgruppen", parent=office
    )
    services.membership_create(group=team, actor=None, role=MembershipRole.CHAIR, post=director)
    return {"tenant": tenant, "office": office, "director": director, "magnus": magnus, "hidden": hidden}


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "Swedish Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_lists_the_unit_and_its_sub_units_for_swedish_excel(client, office):
    response = client.get(
        "/ornskoldsvik/enhet/kommunledningsforvaltningen/kontakter.csv", {"datum": "2025-06-01"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    content = response.getvalue()  # a streamed answer is read once
    assert content.count(b"\r\n") == len(csv_rows(content))
    rows = csv_rows(content)
    assert len(rows[0]) == 6
    assert rows[1:] == [
        ["Kommunledningsförvaltningen", "", "", "0660-880 00", "", "klf@ornskoldsvik.se"],
        [
            "Kommunledningsförvaltningen",
            "Kommundirektör",
            "Magnus Haglund",
            "0660-883 00",
            "",
            "magnus.haglund@ornskoldsvik.se",
        ],
        ["Ekonomiavdelningen", "Ekonomichef", "", "", "", ""],
        ["Ekonomiavdelningen", "vik. Ekonomichef", "Lena Sandlin", "", "070-336 01 13", ""],
        [
            "Koncernledningsgruppen",
            "Ordförande, Kommundirektör",
            "Magnus Haglund",
            "0660-883 00",
            "",
            "magnus.haglund@ornskoldsvik.se",
        ],
    ]
    body = content.decode("utf-8-sig")
    for secret in (SECRET_NAME, "070-111 22 33", "skyddad@"):
        assert secret not in body


def test_the_directory_is_that_of_the_date_asked_for(office):
    rows = directory.unit_directory(office["office"], D(2018, 1, 1))
    assert [(r.unit, r.title, r.name) for r in rows if r.unit != "Kommunledningsförvaltningen"][:1] == [
        ("Ekonomiavdelningen", "Ekonomichef", "")
    ]
    assert "Staben" in {r.unit for r in rows}
    assert "Staben" not in {r.unit for r in directory.unit_directory(office["office"], D(2020, 1, 1))}
    assert not any(r.name == "Lena Sandlin" for r in rows)  # acting only from 2024


def test_a_cell_that_excel_would_run_as_a_formula_is_written_as_text(office):
    rows = [directory.DirectoryRow('=HYPERLINK("x")', "@SUM(1)", "Anna", ["+47 22 33 44 55"])]
    line = csv_rows(directory.to_csv(rows))[1]
    assert line[:4] == ['\'=HYPERLINK("x")', "'@SUM(1)", "Anna", "+47 22 33 44 55"]


def test_the_xlsx_has_the_same_rows_as_text(client, office):
    response = client.get("/ornskoldsvik/enhet/kommunledningsforvaltningen/kontakter.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == directory_views_xlsx_type()
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    values = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    assert sheet.title == "Kommunledningsförvaltningen"
    assert values[2][:4] == ["Kommunledningsförvaltningen", "Kommundirektör", "Magnus Haglund", "0660-883 00"]
    assert sheet["D2"].data_type == "s"  # a phone number keeps its leading zero
    assert not any(SECRET_NAME in str(v) for row in values for v in row)


def directory_views_xlsx_type() -> str:
    from radhus.organisation.directory_views import XLSX

    return XLSX


def test_a_unit_that_does_not_exist_on_the_date_has_no_directory(client, office):
    assert client.get("/ornskoldsvik/enhet/staben/kontakter.csv").status_code == 404
    assert client.get("/ornskoldsvik/enhet/staben/kontakter.csv", {"datum": "2010-01-01"}).status_code == 200


def test_a_persons_vcard(client, office):
    response = client.get("/ornskoldsvik/person/magnus-haglund/vcard.vcf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vcard")
    card = vobject.readOne(response.content.decode())
    assert card.fn.value == "Magnus Haglund"
    assert (card.n.value.family, card.n.value.given) == ("Haglund", "Magnus")
    assert card.title.value == "Kommundirektör"
    assert card.org.value == ["Örnsköldsviks kommun", "Kommunledningsförvaltningen"]
    assert [t.value for t in card.contents["tel"]] == ["+4666088300"]
    assert [e.value for e in card.contents["email"]] == ["magnus.haglund@ornskoldsvik.se"]
    assert SECRET_PHONE not in response.content.decode()


def test_a_protected_person_has_no_vcard(client, office):
    assert client.get(f"/ornskoldsvik/person/{office['hidden'].slug}/vcard.vcf").status_code == 404


def test_a_posts_vcard_names_its_holder_and_hides_what_is_not_public(client, office):
    response = client.get(f"/ornskoldsvik/befattning/{office['director'].pk}/vcard.vcf")
    assert response.status_code == 200
    card = vobject.readOne(response.content.decode())
    assert card.fn.value == "Kommundirektör"
    assert card.note.value == "Magnus Haglund"
    assert [t.value for t in card.contents["tel"]] == ["+4666088300"]
    assert SECRET_PHONE not in response.content.decode()
    other = TenantFactory(slug="munkedal")
    assert client.get(f"/{other.slug}/befattning/{office['director'].pk}/vcard.vcf").status_code == 404


def test_the_unit_and_person_pages_link_to_their_downloads(client):
    """A visitor finds the contact list and the vCard from the pages themselves."""
    tenant = TenantFactory(name="Örnsköldsviks kommun", slug="ornskoldsvik")
    unit = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.EXECUTIVE_OFFICE, name="Kommunledningsförvaltningen"
    )
    person = services.person_create(tenant=tenant, actor=None, first_name="Maria", last_name="Persson")
    unit_page = client.get(f"/ornskoldsvik/enhet/{unit.slug}/?datum=2024-01-01").content.decode()
    assert f'href="/ornskoldsvik/enhet/{unit.slug}/kontakter.csv?datum=2024-01-01"' in unit_page
    assert f'href="/ornskoldsvik/enhet/{unit.slug}/kontakter.xlsx?datum=2024-01-01"' in unit_page
    person_page = client.get(f"/ornskoldsvik/person/{person.slug}/").content.decode()
    assert "Spara Maria Persson som kontakt (vCard)" in person_page
    assert client.get(f"/ornskoldsvik/person/{person.slug}/vcard.vcf")["Content-Type"].startswith(
        "text/vcard"
    )


def test_the_csv_and_xlsx_are_streamed_a_chunk_of_units_at_a_time(client, office, monkeypatch):
    """A big organisation's directory is made a few units at a time and sent as it is made;
    the rows are the same, in the same order, whatever the size of a chunk."""
    whole = directory.unit_directory(office["office"], D(2025, 6, 1))
    monkeypatch.setattr(directory, "CHUNK", 1)
    assert directory.unit_directory(office["office"], D(2025, 6, 1)) == whole
    response = client.get(
        "/ornskoldsvik/enhet/kommunledningsforvaltningen/kontakter.csv", {"datum": "2025-06-01"}
    )
    assert response.streaming
    assert csv_rows(response.getvalue())[1:] == [[directory._safe(c) for c in row.cells] for row in whole]
    xlsx = client.get(
        "/ornskoldsvik/enhet/kommunledningsforvaltningen/kontakter.xlsx", {"datum": "2025-06-01"}
    )
    assert 'filename="kontakter-kommunledningsforvaltningen-2025-06-01.xlsx"' in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.getvalue())).active
    assert [[c.value or "" for c in row] for row in sheet.iter_rows(min_row=2)] == [
        row.cells for row in whole
    ]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold


def test_the_csv_header_is_in_the_language_of_the_request(client, office):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/ornskoldsvik/enhet/kommunledningsforvaltningen/kontakter.csv").getvalue()
    assert csv_rows(english)[0] == ["Unit", "Title", "Name", "Phone", "Mobile", "E-mail"]
    swedish = Client().get("/ornskoldsvik/enhet/kommunledningsforvaltningen/kontakter.csv").getvalue()
    assert csv_rows(swedish)[0][0] == "Enhet"
