"""The register's answers are built in their schemas' shape and rendered without being validated
again (``radhus.diarium.api.rendered``): each answer is exactly what its schema makes of it,
a case reads the same in the list, in the search and as a whole case, and a registration takes
its number and the organisation's number format in one statement."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from ninja.responses import NinjaJSONEncoder

from radhus.core.tokens import token_create
from radhus.diarium import services
from radhus.diarium.api import CaseDetailOut, CaseOut
from radhus.diarium.api_referrals import SearchOut
from tests.diarium.world import MARKER, PRIVATE_NAME, build_register

pytestmark = pytest.mark.django_db

PAGE_KEYS = ["items", "count", "next_page", "next_cursor", "next"]


_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def instants(value):
    """``value`` with every timestamp read as the instant it names: JSON writes an instant less
    than a millisecond past the second as "…:19.000Z", and read back and written again it is
    "…:19Z", the same instant."""
    if isinstance(value, dict):
        return {name: instants(item) for name, item in value.items()}
    if isinstance(value, list):
        return [instants(item) for item in value]
    if isinstance(value, str) and _TIMESTAMP.fullmatch(value):
        return datetime.fromisoformat(value)
    return value


def as_schema(schema, body: dict) -> dict:
    """``body`` as django-ninja answers it after validating it against ``schema``, its
    timestamps read as instants (``instants``); compare it with ``instants(body)``."""
    return instants(json.loads(json.dumps(schema.model_validate(body).model_dump(), cls=NinjaJSONEncoder)))


def test_each_case_in_the_list_is_what_its_schema_makes_of_it_with_the_secret_title_hidden():
    """OSL 5 kap. 5 §: the public reads the public title and the paragraph, never the title."""
    register = build_register()
    response = Client().get(f"/api/v1/cases?tenant={register.tenant.slug}")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    page = response.json()
    assert list(page) == PAGE_KEYS
    for item in page["items"]:
        assert instants(item) == as_schema(CaseOut, item)
    # Hand-checked: the newest first, KS 2026/2 with its secret title replaced.
    secret, public = page["items"]
    assert (secret["number"], secret["title"], secret["title_secrecy"]) == (
        "KS 2026/2",
        "Säkerhetsskydd",
        "Sekretess enligt OSL 18 kap. 8 §",
    )
    assert (public["number"], public["title"], public["title_secrecy"]) == (
        "KS 2026/1",
        "Ny kommunledningsorganisation",
        "",
    )
    assert public["url"] == f"http://testserver/hassleholm/diarium/arende/{register.case.pk}/"
    assert (public["tenant"], public["series"], public["year"], public["status"], public["opened_on"]) == (
        "hassleholm",
        "KS",
        2026,
        "registered",
        "2026-03-02",
    )
    assert MARKER not in response.content.decode()


def test_a_case_reads_the_same_in_the_list_as_in_the_whole_case():
    register = build_register()
    items = Client().get(f"/api/v1/cases?tenant={register.tenant.slug}").json()["items"]
    for item in items:
        whole = Client().get(f"/api/v1/cases/{item['id']}").json()
        assert item == {name: whole[name] for name in CaseOut.model_fields}


def test_the_whole_case_is_what_its_schema_makes_of_it_with_secret_parts_hidden():
    """OSL 5 kap. 5 §: the secret record's title, the private person and the secret contents'
    files stay out; the rest of the case is public."""
    register = build_register()
    response = Client().get(f"/api/v1/cases/{register.case.pk}")
    whole = response.json()
    assert instants(whole) == as_schema(CaseDetailOut, whole)
    assert MARKER not in response.content.decode() and PRIVATE_NAME not in response.content.decode()
    # Hand-checked: the three records in order, the private sender shown as one, the secret
    # record's title replaced, the file of the public record only.
    assert [(r["number"], r["title"], r["counterpart"]) for r in whole["records"]] == [
        ("KS 2026/1-1", "Skrivelse från medborgare", "Privatperson"),
        ("KS 2026/1-2", "Sekretess enligt OSL 39 kap. 3 §", ""),
        ("KS 2026/1-3", "Anbud från bolag", "Bolaget AB"),
    ]
    assert [[f["file_name"] for f in r["files"]] for r in whole["records"]] == [["skrivelse.pdf"], [], []]
    assert (whole["responsible_unit"], whole["officer"], whole["parties"]) == (
        "Kommunledningskontoret",
        "Anna Handläggare",
        [],
    )


def test_the_search_answer_is_what_its_schema_makes_of_it():
    register = build_register()
    public = Client().get(f"/api/v1/diarium/search?tenant={register.tenant.slug}").json()
    assert instants(public) == as_schema(SearchOut, public)
    assert [(h["number"], h["title"]) for h in public["items"]] == [
        ("KS 2026/2", "Säkerhetsskydd"),
        ("KS 2026/1", "Ny kommunledningsorganisation"),
    ]
    # With the key of an editor the secret title is searched and shown.
    _token, key = token_create(user=register.registrar)
    staff = (
        Client()
        .get(
            f"/api/v1/diarium/search?tenant={register.tenant.slug}&q=sakerhetsarende",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
        .json()
    )
    assert instants(staff) == as_schema(SearchOut, staff)
    assert [h["title"] for h in staff["items"]] == [f"Säkerhetsärende {MARKER}"]


def register_through_api(register, key: str, title: str):
    with CaptureQueriesContext(connection) as captured:
        response = Client().post(
            "/api/v1/cases",
            {"tenant": register.tenant.slug, "series": "KS", "title": title, "opened_on": "2026-05-04"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
    assert response.status_code == 201, response.content
    return response.json(), [q["sql"] for q in captured.captured_queries]


def test_a_registration_takes_its_number_and_the_organisations_format_in_one_statement():
    """The number is written in the organisation's format (OSL 5 kap. 1 §: each case under its
    own number), read in the statement that takes the number; the registration takes no
    savepoint of its own inside the API's transaction."""
    register = build_register()
    _token, key = token_create(user=register.registrar)
    first, _statements = register_through_api(register, key, "Första")
    assert instants(first) == as_schema(CaseDetailOut, first)
    assert first["number"] == "KS 2026/3"
    services.register_settings_update(tenant=register.tenant, actor=None, number_format="{year}-{n:06}")
    second, statements = register_through_api(register, key, "Andra")
    assert second["number"] == "2026-000004"
    settings_reads = [sql for sql in statements if "diarium_registersettings" in sql]
    assert len(settings_reads) == 1 and settings_reads[0].lstrip().upper().startswith("UPDATE")
    # One savepoint: the API's own transaction, nested in the test's.
    assert sum(sql.lstrip().upper().startswith("SAVEPOINT") for sql in statements) == 1
    # The key, the organisation with its series, the roles, the number, the case, its search
    # document and the audit event, inside the savepoint and its release.
    assert len(statements) == 9, statements
