import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Files of records go to a directory of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
