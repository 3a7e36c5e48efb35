"""The register's staff pages: a registrar registers a case and adds a record with a file, the
preparation rule's refusal shows on the step's page with the missing parts named (S4.6), the
officer's report is drafted and rendered as PDF (WeasyPrint); a reader may look, not change."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from radhus.diarium import services
from radhus.diarium.models import Case, Origin, RecordFile, Status
from radhus.organisation.models import Unit, UnitKind
from tests.diarium.world import build_register
from tests.factories import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    return build_register()


def form_token(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    return html.split('name="once" value="', 1)[1].split('"', 1)[0]


def test_a_registrar_registers_a_case_and_a_record_with_a_file(register):
    client = client_for(register.registrar)
    slug = register.tenant.slug
    url = reverse("staff_diarium_register", kwargs={"tenant": slug})
    response = client.post(
        url,
        {
            "once": form_token(client, url),
            "series": register.series.pk,
            "title": "Ny förskola",
            "origin": "citizen",
        },
    )
    case = Case.objects.get(title="Ny förskola")
    assert response.status_code == 302 and response["Location"].endswith(f"/arende/{case.pk}/")
    url = reverse("staff_diarium_record_add", kwargs={"tenant": slug, "case_id": case.pk})
    client.post(
        url,
        {
            "once": form_token(client, url),
            "direction": "received",
            "kind": "letter",
            "title": "Medborgarförslag",
            "sender": "Namn Namnsson",
            "counterpart_is_private": "on",
            "secrecy_scope": "record",
            "file": SimpleUploadedFile("forslag.txt", b"Bygg en ny forskola."),
        },
    )
    stored = RecordFile.objects.get(record__case=case)
    assert (stored.file_name, stored.size) == ("forslag.txt", 20)
    assert stored.record.number == f"{case.number}-1"


def test_the_refusal_shows_on_the_step_page_with_the_missing_parts(register):
    company = Unit.objects.create(
        tenant=register.tenant, kind=UnitKind.COMPANY, name="Bolaget AB", slug="bolaget"
    )
    case = services.case_register(
        tenant=register.tenant,
        actor=None,
        series=register.series,
        title="Från bolaget",
        origin=Origin.COMPANY,
        origin_unit=company,
        opened_on=dt.date(2026, 3, 2),
    )
    client = client_for(register.registrar)
    url = reverse(
        "staff_diarium_step", kwargs={"tenant": register.tenant.slug, "case_id": case.pk, "step": "ready"}
    )
    page = client.post(url, {"once": form_token(client, url)}).content.decode()
    assert "kan inte bli klart för beslut i kommunstyrelsen" in page
    assert "ett yttrande eller ett beslutsförslag och ett underlag om hur det finansieras" in page
    case.refresh_from_db()
    assert case.status == Status.REGISTERED


def test_the_officers_report_is_drafted_and_rendered_as_pdf(register):
    client = client_for(register.registrar)
    slug, case = register.tenant.slug, register.case
    url = reverse("staff_diarium_report", kwargs={"tenant": slug, "case_id": case.pk})
    client.post(
        url,
        {
            "once": form_token(client, url),
            "background": "Bakgrund",
            "assessment": "Bedömning",
            "financing": "Inom ram",
            "proposed_decision": "Godkänn",
            "dated": "2026-03-10",
        },
    )
    assert case.officers_report.financing == "Inom ram"
    pdf = client.get(reverse("staff_diarium_report_pdf", kwargs={"tenant": slug, "case_id": case.pk}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for part in (
        "Tjänsteskrivelse",
        case.number,
        "Kommunstyrelsen",
        "Godkänn",
        "Inom ram",
        "Anna Handläggare",
    ):
        assert part in text


def test_a_reader_may_look_but_not_register(register):
    client = client_for(register.reader)
    url = reverse("staff_diarium_register", kwargs={"tenant": register.tenant.slug})
    assert client.get(url).status_code == 200
    assert client.post(url, {"series": register.series.pk, "title": "X"}).status_code == 403
    assert not Case.objects.filter(title="X").exists()


def test_an_administrator_creates_a_series_sets_the_format_and_imports_the_scheme(register):
    from radhus.core.models import Role
    from radhus.diarium.models import Classification, Series
    from tests.factories import TenantRoleFactory

    admin = TenantRoleFactory(tenant=register.tenant, role=Role.ADMINISTRATOR).user
    client = client_for(admin)
    slug = register.tenant.slug
    url = reverse("staff_diarium_series_create", kwargs={"tenant": slug})
    client.post(
        url,
        {
            "once": form_token(client, url),
            "body": register.series.body_id,
            "code": "KF",
            "name": "Fullmäktige",
        },
    )
    assert Series.objects.filter(tenant=register.tenant, code="KF").exists()
    url = reverse("staff_diarium_number_format", kwargs={"tenant": slug})
    client.post(url, {"once": form_token(client, url), "number_format": "{year}-{n:06}"})
    assert services.settings_of(register.tenant).number_format == "{year}-{n:06}"
    url = reverse("staff_diarium_classification", kwargs={"tenant": slug})
    upload = SimpleUploadedFile(
        "klassa.csv", b"code;title;parent\n1;Styra verksamheten;\n1.1;Styra och leda;1\n"
    )
    client.post(url, {"once": form_token(client, url), "csv_file": upload})
    assert Classification.objects.get(tenant=register.tenant, code="1.1").parent.code == "1"
    page = client.get(reverse("staff_diarium_settings", kwargs={"tenant": slug})).content.decode()
    assert "{year}-{n:06}" in page and "Styra och leda" in page


def test_an_editor_may_not_change_the_settings(register):
    client = client_for(register.registrar)
    url = reverse("staff_diarium_number_format", kwargs={"tenant": register.tenant.slug})
    response = client.post(url, {"once": form_token(client, url), "number_format": "{n}"})
    assert response.status_code == 403
    assert services.settings_of(register.tenant).number_format == "{code} {year}/{n}"


def test_a_registrar_changes_a_case_adds_a_party_and_relates_it(register):
    client = client_for(register.registrar)
    slug, case = register.tenant.slug, register.case
    url = reverse("staff_diarium_case_update", kwargs={"tenant": slug, "case_id": case.pk})
    client.post(url, {"once": form_token(client, url), "title": "Ny rubrik", "origin": "committee"})
    case.refresh_from_db()
    assert (case.title, case.origin) == ("Ny rubrik", "committee")
    url = reverse("staff_diarium_party_add", kwargs={"tenant": slug, "case_id": case.pk})
    client.post(url, {"once": form_token(client, url), "kind": "organisation", "name": "Föreningen Ideell"})
    assert case.parties.filter(name="Föreningen Ideell").exists()
    url = reverse("staff_diarium_relate", kwargs={"tenant": slug, "case_id": case.pk})
    client.post(url, {"once": form_token(client, url), "other": register.secret_case.pk})
    assert register.secret_case in case.related.all()
    public = (
        Client().get(reverse("diarium_case", kwargs={"tenant": slug, "case_id": case.pk})).content.decode()
    )
    assert "Föreningen Ideell" in public and register.secret_case.number in public


def test_a_reader_cannot_open_the_form_of_a_case_with_a_secret_title(register):
    url = reverse(
        "staff_diarium_case_update",
        kwargs={"tenant": register.tenant.slug, "case_id": register.secret_case.pk},
    )
    assert client_for(register.reader).get(url).status_code == 404
    assert client_for(register.registrar).get(url).status_code == 200


def test_a_registrar_lifts_a_records_secrecy_and_makes_it_final_on_their_pages(register):
    """Two confirmed steps on a record (OSL 5 kap. 5 §: a marking is lifted when the secrecy no
    longer applies): each page names the record's number, and the step is taken once."""
    client = client_for(register.registrar)
    slug = register.tenant.slug
    record = register.secret
    url = reverse("staff_diarium_lift_secrecy", kwargs={"tenant": slug, "record_id": record.pk})
    assert record.number in client.get(url).content.decode()
    response = client.post(url, {"once": form_token(client, url)})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.secrecy == ""
    url = reverse("staff_diarium_finalise", kwargs={"tenant": slug, "record_id": record.pk})
    page = client.get(url).content.decode()
    assert record.number in page
    client.post(url, {"once": form_token(client, url)})
    record.refresh_from_db()
    assert record.is_final and record.finalised_at is not None
    # A reader opens neither page.
    reader = client_for(register.reader)
    assert reader.post(url, {}).status_code in (403, 404)
