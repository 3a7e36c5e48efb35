"""The demo's motion older than a year (KL 5 kap. 35 §) with an overdue referral, and the
citizen's idea from Umeåregionen's question form (S3.5), with the sender kept private."""

from __future__ import annotations

import datetime as dt

import pytest

from radhus.core.models import Tenant
from radhus.demo.loader import load_demo
from radhus.diarium import search, worklists
from radhus.diarium.demo_extras import IDEA_SUBJECT, MOTION_TITLE
from radhus.diarium.models import Case, Origin

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_motion_to_report_and_a_citizens_idea():
    load_demo()
    hassleholm = Tenant.objects.get(slug="hassleholm")
    report = list(worklists.council_report(hassleholm, dt.date(2026, 11, 30)))
    assert [c.title for c in report] == [MOTION_TITLE]
    overdue = list(worklists.overdue_referrals(hassleholm, dt.date(2026, 11, 30)))
    assert [r.recipient for r in overdue] == ["Tekniska nämnden"]
    region = Tenant.objects.get(slug="umearegionen")
    idea = Case.objects.get(tenant=region, origin=Origin.CITIZEN_PROPOSAL)
    assert IDEA_SUBJECT in idea.title
    record = idea.records.get()
    assert record.counterpart_is_private
    found = search.search_cases(tenant=region, query="busskort")
    assert [c.pk for c in found.cases] == [idea.pk]
    assert search.search_cases(tenant=region, query="Exempel Medborgare").cases == []
    again = load_demo(reset=True)
    assert again.loaded
    assert Case.objects.filter(tenant__slug="umearegionen", origin=Origin.CITIZEN_PROPOSAL).count() == 1
