from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from radhus.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    # Browsers and feed readers ask for /favicon.ico whatever the page says.
    path(
        "favicon.ico", RedirectView.as_view(url=static("radhus/favicon.ico"), permanent=True), name="favicon"
    ),
]
