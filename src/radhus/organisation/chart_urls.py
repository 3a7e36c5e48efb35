"""Organisation charts (issue 3)."""

urlpatterns: list = []
