from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from radhus.api import api
from radhus.core.account_views import LoginView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/logga-in/", LoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/", include("radhus.core.account_urls")),
    path("api/", api.urls),
    path("", include("radhus.core.urls")),
    path("", include("radhus.diarium.pages_urls")),  # diarium search, question form, work lists
    path("", include("radhus.organisation.chart_urls")),
    path("<slug:tenant>/redigera/diarium/", include("radhus.diarium.staff_urls")),
    path("<slug:tenant>/redigera/sammantraden/", include("radhus.meetings.staff_urls")),
    path("<slug:tenant>/redigera/uppfoljning/", include("radhus.followup.staff_urls")),
    path("", include("radhus.meetings.notice_urls")),  # notices, minute extracts and their dispatch
    path("<slug:tenant>/redigera/", include("radhus.organisation.staff_urls")),
    path("<slug:tenant>/diarium/", include("radhus.diarium.urls")),
    path("", include("radhus.meetings.urls")),
    path("", include("radhus.followup.urls")),
    path("", include("radhus.followup.goals_urls")),
    path("", include("radhus.organisation.directory_urls")),
    path("", include("radhus.organisation.urls")),
]
