from django.urls import include, path

urlpatterns: list = [
    path("", include("radhus.followup.staff_goals_urls")),  # goals, policy documents, oversight
]
