"""A big municipality's start page in a real Chromium (issue 7): its deeper units open on
demand from the keyboard, under the Content-Security-Policy, and the page stays WCAG 2.1 AA."""

import re

import pytest
from playwright.sync_api import Page, expect

from radhus.demo.synthetic import build_organisation
from radhus.organisation.models import Unit
from tests.factories import TenantFactory

pytestmark = pytest.mark.e2e


def test_a_department_opens_its_units_from_the_keyboard(page: Page, axe):
    tenant = TenantFactory(slug="storstad", name="Storstads kommun")
    build_organisation(tenant, 2000)
    department = Unit.objects.get(tenant=tenant, name="Avdelning 1.1")
    first = Unit.objects.filter(parent=department).order_by("id").first()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto("/storstad/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Storstads kommun")
    expect(page.get_by_role("link", name=first.name, exact=True)).to_have_count(0)
    page.locator("summary").filter(has_text=re.compile(r"^Ingående enheter i Förvaltning 1 \(")).focus()
    page.keyboard.press("Enter")
    page.locator("summary").filter(has_text=re.compile(r"^Ingående enheter i Avdelning 1\.1 \(")).focus()
    with page.expect_response(re.compile(f"/storstad/enhet/{department.slug}/underenheter/")):
        page.keyboard.press("Enter")
    expect(page.get_by_role("link", name=first.name, exact=True)).to_be_visible()
    axe(page)
    assert violations == []
