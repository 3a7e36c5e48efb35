"""Organisation charts (issue 3, S0.4): public, each honouring ``?datum=``, ``?djup=`` and
``?befattningar=1``."""

from django.urls import path

from radhus.organisation import chart_views

urlpatterns = [
    path("<slug:tenant>/enhet/<slug:unit>/schema/", chart_views.chart_page, name="unit_chart"),
    path("<slug:tenant>/enhet/<slug:unit>/schema.svg", chart_views.chart_svg, name="unit_chart_svg"),
    path("<slug:tenant>/enhet/<slug:unit>/schema.png", chart_views.chart_png, name="unit_chart_png"),
    path("<slug:tenant>/enhet/<slug:unit>/schema.pdf", chart_views.chart_pdf, name="unit_chart_pdf"),
]
