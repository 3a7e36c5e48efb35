"""One navigation between the staff modules on every staff page: the organisation, the case
register, meetings, the follow-up (the director's page), reports, goals, policy documents and
oversight, with the current module marked; each module keeps its own menu under it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from radhus.core.models import Role
from tests.factories import TenantFactory, TenantRoleFactory

pytestmark = pytest.mark.django_db

MODULES = [
    ("staff_home", "Organisation"),
    ("staff_diarium", "Diarium"),
    ("staff_meetings", "Sammanträden"),
    ("staff_followup", "Uppföljning"),
    ("followup_reports", "Rapporter"),
    ("staff_goals", "Mål"),
    ("staff_policies", "Styrdokument"),
    ("staff_oversight", "Uppsikt"),
]


def module_nav(html: str) -> str:
    return html.split('<nav class="module-nav"', 1)[1].split("</nav>", 1)[0]


@pytest.mark.parametrize("role", [Role.READER, Role.EDITOR])
def test_every_module_links_to_every_other_and_marks_its_own(role):
    tenant = TenantFactory(slug="munkedal")
    client = Client()
    client.force_login(TenantRoleFactory(tenant=tenant, role=role).user)
    for name, label in MODULES:
        response = client.get(reverse(name, args=[tenant.slug]))
        assert response.status_code == 200, name
        nav = module_nav(response.content.decode())
        for other, _label in MODULES:
            assert f'href="{reverse(other, args=[tenant.slug])}"' in nav, (name, other)
        current = re.findall(r'aria-current="page">([^<]+)<', nav)
        assert current == [label], name


def test_the_ad_hoc_links_between_modules_are_gone():
    """The module menus hold only their own pages: the case register no longer links to the
    meetings in its menu, nor the meetings to the case register."""
    tenant = TenantFactory(slug="munkedal")
    client = Client()
    client.force_login(TenantRoleFactory(tenant=tenant, role=Role.EDITOR).user)
    diarium = client.get(reverse("staff_diarium", args=[tenant.slug])).content.decode()
    menu = diarium.split('aria-label="Diarium"', 1)[1].split("</nav>", 1)[0]
    assert reverse("staff_meetings", args=[tenant.slug]) not in menu
    meetings = client.get(reverse("staff_meetings", args=[tenant.slug])).content.decode()
    menu = meetings.split('aria-label="Sammanträden"', 1)[1].split("</nav>", 1)[0]
    assert reverse("staff_diarium", args=[tenant.slug]) not in menu
    # The organisation's own editing menu shows on its pages only.
    assert reverse("staff_reorganisations", args=[tenant.slug]) not in meetings


def test_a_visitor_and_another_organisations_user_get_no_module_nav():
    tenant = TenantFactory(slug="munkedal")
    response = Client().get(reverse("staff_followup", args=[tenant.slug]))
    assert response.status_code == 302
    other = Client()
    other.force_login(TenantRoleFactory(tenant=TenantFactory(slug="dals-ed"), role=Role.EDITOR).user)
    response = other.get(reverse("staff_followup", args=[tenant.slug]))
    assert response.status_code == 403 and b"module-nav" not in response.content
