"""The register's demo (S1.1; issue 9, item 13): Hässleholm's decision chain as cases with
records on the seed's dates, a company's case that passed the preparation rule (S4.6) and one
that still lacks its financing, and a secret record (OSL 39 kap. 3 §)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client

from radhus.diarium import services
from radhus.diarium.models import Case, Record, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_the_decision_chain_of_s1_1_is_in_the_register(demo):
    cases = {c.number: c for c in Case.objects.filter(tenant__slug="hassleholm")}
    council = cases["KF 2007/1"]
    study = cases["KS 2007/1"]
    proposal = cases["KS 2008/1"]
    assert (council.decided_on, study.decided_on, proposal.decided_on) == (
        dt.date(2007, 9, 1),
        dt.date(2008, 4, 1),
        dt.date(2008, 10, 1),
    )
    assert proposal.status == Status.CLOSED
    assert {c.number for c in proposal.related.all()} == {"KF 2007/1", "KS 2007/1"}
    assert proposal.records.filter(registered_on=dt.date(2009, 1, 22), direction="sent").exists()


def test_the_company_cases_show_the_preparation_rule(demo):
    cases = {c.number: c for c in Case.objects.filter(tenant__slug="hassleholm")}
    assert cases["KS 2025/1"].status == Status.READY
    waiting = cases["KS 2025/2"]
    assert waiting.status == Status.IN_PREPARATION
    assert set(services.preparation_gaps(waiting)) == {"financing"}


def test_the_secret_record_is_hidden_in_the_public_register(demo):
    secret = Record.objects.get(case__tenant__slug="hassleholm", secrecy="OSL 39 kap. 3 §")
    page = Client().get(f"/hassleholm/diarium/arende/{secret.case_id}/").content.decode()
    assert "Sekretess enligt OSL 39 kap. 3 §" in page
    assert secret.title not in page
    assert "Nytt kommunledningskontor" in page


def test_the_demo_loads_again_from_scratch(demo):
    before = sorted(Case.objects.filter(tenant__slug="hassleholm").values_list("number", flat=True))
    assert {"KF 2007/1", "KS 2007/1", "KS 2008/1", "KS 2025/1", "KS 2025/2"} <= set(before)
    call_command("load_demo", "--reset", verbosity=0)
    after = sorted(Case.objects.filter(tenant__slug="hassleholm").values_list("number", flat=True))
    assert after == before
