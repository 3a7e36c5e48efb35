"""A visitor sees Hässleholm's organisation chart on a unit page and downloads it as PNG
(issue 3; S0.4, S1.2), in a real Chromium on the demo data."""

import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]


def test_a_visitor_sees_the_chart_and_downloads_it_as_png(page: Page, axe):
    page.goto("/hassleholm/enhet/kommunstyrelsen/?datum=2009-01-01")
    chart = page.get_by_role("region", name="Organisationsschema")
    picture = chart.get_by_role("img", name=re.compile("Organisationsschema för Kommunstyrelsen"))
    expect(picture).to_be_visible()
    # The SVG really loaded and drew something, not a broken-image icon.
    picture.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 300", arg=picture.element_handle())

    with page.expect_download() as download_info:
        chart.get_by_role("link", name="PNG", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "organisationsschema-kommunstyrelsen-2009-01-01.png"
    image = Image.open(download.path())
    assert image.format == "PNG" and image.width > 400 and image.height > 200

    # The chart page holds the same content as a list: the new office, not the three old ones.
    chart.get_by_role("link", name=re.compile("Schemat som lista")).click()
    page.wait_for_load_state("load")
    listing = page.locator("main")
    expect(listing.get_by_role("link", name="Kommunledningskontoret", exact=True).first).to_be_visible()
    expect(listing.get_by_role("link", name="Ekonomikontoret", exact=True)).to_have_count(0)
    axe(page)
