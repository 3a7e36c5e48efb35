from django.urls import path

from radhus.core import account_views

urlpatterns = [
    path("", account_views.account, name="account"),
    path("losenord/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("nycklar/<int:token_id>/aterkalla/", account_views.token_revoke_view, name="token_revoke"),
]
