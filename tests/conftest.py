import pytest


@pytest.fixture(autouse=True)
def _swedish(settings):
    """Tests see the Swedish interface unless they ask for English."""
    settings.LANGUAGE_CODE = "sv"
