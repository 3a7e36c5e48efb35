"""Editing for logged-in staff with a role in the tenant (see radhus.core.access)."""

from django.urls import path

from radhus.organisation import staff_views

urlpatterns = [
    path("", staff_views.staff_home, name="staff_home"),
]
