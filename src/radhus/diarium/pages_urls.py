"""Addresses of the register's search, the public's question form and the staff's work lists."""

from django.urls import path

from radhus.diarium import pages

urlpatterns = [
    path("<slug:tenant>/diarium/sok/", pages.search_page, name="diarium_search"),
    path("<slug:tenant>/fragor-och-ideer/", pages.question_form, name="diarium_question"),
    path("<slug:tenant>/fragor-och-ideer/tack/", pages.question_thanks, name="diarium_question_thanks"),
    path("<slug:tenant>/redigera/diarium/arbetslistor/", pages.work_lists, name="diarium_work_lists"),
]
