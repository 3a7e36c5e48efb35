from django.urls import path

from radhus.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("favicon.ico", views.favicon, name="favicon"),
]
