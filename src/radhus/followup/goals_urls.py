"""Public pages of goals and policy documents, mounted at the site root: no login."""

from django.urls import path

from radhus.followup import goal_views

urlpatterns = [
    path("<slug:tenant>/mal/", goal_views.goal_tree, name="goals_tree"),
    path("<slug:tenant>/mal/<int:goal_id>/", goal_views.goal_detail, name="goals_goal"),
    path("<slug:tenant>/styrdokument/", goal_views.policy_documents, name="policy_documents"),
]
