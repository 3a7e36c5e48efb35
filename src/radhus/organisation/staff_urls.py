"""Editing for logged-in staff with a role in the tenant (see radhus.core.access).

Mounted under ``/<tenant>/redigera/``; every pattern here is walked by tests/core/test_access.py.
"""

from django.urls import path

from radhus.organisation import staff_views as v

urlpatterns = [
    path("", v.staff_home, name="staff_home"),
    path("enhet/ny/", v.unit_create, name="staff_unit_create"),
    path("enhet/<int:unit_id>/", v.unit_detail, name="staff_unit"),
    path("enhet/<int:unit_id>/andra/", v.unit_update, name="staff_unit_update"),
    path("enhet/<int:unit_id>/befattning/ny/", v.post_create, name="staff_post_create"),
    path("enhet/<int:unit_id>/medlem/ny/", v.membership_create, name="staff_membership_create"),
    path("enhet/<int:unit_id>/kontaktuppgift/ny/", v.contact_point_add, name="staff_unit_contact_add"),
    path("enhet/<int:unit_id>/ansvar/nytt/", v.responsibility_add, name="staff_responsibility_add"),
    path("enhet/<int:unit_id>/byt-namn/", v.reorganisation_rename, name="staff_rename"),
    path("enhet/<int:unit_id>/flytta/", v.reorganisation_move, name="staff_move"),
    path("enhet/<int:unit_id>/dela/", v.reorganisation_split, name="staff_split"),
    path("enhet/<int:unit_id>/avveckla/", v.reorganisation_dissolve, name="staff_dissolve"),
    path("befattning/<int:post_id>/", v.post_detail, name="staff_post"),
    path("befattning/<int:post_id>/tillsatt/", v.appointment_create, name="staff_appointment_create"),
    path("befattning/<int:post_id>/kontaktuppgift/ny/", v.contact_point_add, name="staff_post_contact_add"),
    path("tillsattning/<int:appointment_id>/avsluta/", v.appointment_end, name="staff_appointment_end"),
    path("medlemskap/<int:membership_id>/avsluta/", v.membership_end, name="staff_membership_end"),
    path("person/ny/", v.person_create, name="staff_person_create"),
    path("person/<int:person_id>/", v.person_detail, name="staff_person"),
    path("person/<int:person_id>/kontaktuppgift/ny/", v.contact_point_add, name="staff_person_contact_add"),
    path("kontaktuppgift/<int:contact_id>/andra/", v.contact_point_update, name="staff_contact_update"),
    path("parti/nytt/", v.party_create, name="staff_party_create"),
    path("kontaktuppgift/<int:contact_id>/ta-bort/", v.contact_point_remove, name="staff_contact_remove"),
    path("ansvar/<int:responsibility_id>/overfor/", v.reorganisation_transfer, name="staff_transfer"),
    path("omorganisationer/", v.reorganisation_list, name="staff_reorganisations"),
    path("omorganisationer/sammanslagning/", v.reorganisation_merge, name="staff_merge"),
    path("omorganisationer/sammanslagning/berorda/", v.merger_affected, name="staff_merge_affected"),
    path("omorganisationer/<int:reorganisation_id>/", v.reorganisation_detail, name="staff_reorganisation"),
    # Issue 8: oversight, responsibilities, post documents with versions.
    path("enhet/<int:unit_id>/uppsikt/ny/", v.oversight_create, name="staff_oversight_create"),
    path("uppsikt/<int:oversight_id>/avsluta/", v.oversight_end, name="staff_oversight_end"),
    path(
        "ansvar/<int:responsibility_id>/andra/", v.responsibility_update, name="staff_responsibility_update"
    ),
    path(
        "befattning/<int:post_id>/dokument/nytt/", v.post_document_create, name="staff_post_document_create"
    ),
    path("dokument/<int:document_id>/", v.post_document_update, name="staff_post_document"),
]
