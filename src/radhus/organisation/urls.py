"""Public pages of the organisation registry: no login, nothing secret."""

from django.urls import path

from radhus.organisation import views

urlpatterns = [
    path("<slug:tenant>/", views.tenant_home, name="tenant_home"),
    path("<slug:tenant>/sok/", views.search, name="search"),
    path("<slug:tenant>/enhet/<slug:unit>/", views.unit_detail, name="unit_detail"),
    path(
        "<slug:tenant>/enhet/<slug:unit>/underenheter/", views.unit_tree_children, name="unit_tree_children"
    ),
    path("<slug:tenant>/enhet/<slug:unit>/historik/", views.unit_history, name="unit_history"),
    path("<slug:tenant>/person/<slug:person>/", views.person_detail, name="person_detail"),
]
