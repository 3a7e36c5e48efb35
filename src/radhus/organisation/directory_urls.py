"""Directory downloads: public, each honouring ``?datum=``."""

from django.urls import path

from radhus.organisation import directory_views

urlpatterns = [
    path(
        "<slug:tenant>/enhet/<slug:unit>/kontakter.csv",
        directory_views.unit_contacts_csv,
        name="unit_contacts_csv",
    ),
    path(
        "<slug:tenant>/enhet/<slug:unit>/kontakter.xlsx",
        directory_views.unit_contacts_xlsx,
        name="unit_contacts_xlsx",
    ),
    path("<slug:tenant>/person/<slug:person>/vcard.vcf", directory_views.person_vcard, name="person_vcard"),
    path("<slug:tenant>/befattning/<int:post_id>/vcard.vcf", directory_views.post_vcard, name="post_vcard"),
]
