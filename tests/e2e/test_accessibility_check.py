"""The accessibility check itself: axe-core in Debian's Chromium catches what it should, so that
a green journey really means no WCAG 2.1 AA violation was found."""

import pytest

pytestmark = pytest.mark.e2e

INACCESSIBLE = """<!doctype html><html><head><title>Test</title></head><body>
<main><img src="/karta.png"><p style="color:#bbb;background:#fff">Svag text</p></main></body></html>"""

ACCESSIBLE = """<!doctype html><html lang="sv"><head><title>Kommunen</title></head><body>
<main><h1>Kommunen</h1><img src="/karta.png" alt="Karta över kommunen">
<p>Läsbar text</p></main></body></html>"""


@pytest.fixture
def blank_page(browser):
    context = browser.new_context(locale="sv-SE")
    tab = context.new_page()
    yield tab
    context.close()


def test_axe_lists_each_violation_with_rule_impact_and_place(blank_page, axe):
    blank_page.set_content(INACCESSIBLE)

    with pytest.raises(AssertionError) as failure:
        axe(blank_page)

    report = str(failure.value)
    assert "html-has-lang [serious]" in report
    assert "image-alt [critical]" in report
    assert "color-contrast [serious]" in report
    assert "at img" in report


def test_axe_passes_an_accessible_page(blank_page, axe):
    blank_page.set_content(ACCESSIBLE)

    axe(blank_page)
