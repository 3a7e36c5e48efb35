"""The browser harness of tests/e2e (Debian's Chromium, the demo, axe-core), for the meetings'
browser tests kept beside the module's other tests."""

from tests.e2e.conftest import axe, browser, demo, page  # noqa: F401
