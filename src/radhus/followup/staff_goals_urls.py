"""Staff pages of goals, policy documents and oversight, included by ``staff_urls`` under
``/<tenant>/redigera/uppfoljning/``. Every pattern is walked by tests/core/test_access.py."""

from django.urls import path

from radhus.followup import staff_goals_views as v

urlpatterns = [
    path("mal/", v.goal_list, name="staff_goals"),
    path("mal/nytt/", v.goal_create, name="staff_goal_create"),
    path("mal/import/", v.measurement_import, name="staff_goal_import"),
    path("mal/<int:goal_id>/", v.goal_detail, name="staff_goal"),
    path("mal/<int:goal_id>/andra/", v.goal_update, name="staff_goal_update"),
    path("mal/<int:goal_id>/indikator/ny/", v.indicator_create, name="staff_indicator_create"),
    path("indikator/<int:indicator_id>/andra/", v.indicator_update, name="staff_indicator_update"),
    path("indikator/<int:indicator_id>/malvarde/", v.target_set, name="staff_indicator_target"),
    path("indikator/<int:indicator_id>/varde/", v.measurement_add, name="staff_indicator_value"),
    path("styrdokument/", v.policy_list, name="staff_policies"),
    path("styrdokument/nytt/", v.policy_create, name="staff_policy_create"),
    path("styrdokument/<int:policy_id>/andra/", v.policy_update, name="staff_policy_update"),
    path("uppsikt/", v.oversight, name="staff_oversight"),
    path("uppsikt/<int:oversight_id>/forvantat/", v.expectation_add, name="staff_oversight_expect"),
    path("uppsikt/<int:oversight_id>/mottaget/", v.receipt_add, name="staff_oversight_receive"),
    path(
        "uppdrag/<int:assignment_id>/mal/<int:goal_id>/ta-bort/",
        v.goal_unlink,
        name="staff_followup_unlink_goal",
    ),
]
