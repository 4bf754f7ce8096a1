from django.urls import path, register_converter

from visiespiegel.insights import participant, views
from visiespiegel.insights.converters import PublicId

register_converter(PublicId, "public_id")
app_name = "insights"
urlpatterns = [
    path("peilingen/<int:round_id>/resultaten/", views.overview, name="overview"),
    path("peilingen/<int:round_id>/vergelijken/", views.compare, name="compare"),
    path("peilingen/<int:round_id>/signalen/", views.signals_page, name="signals"),
    path("peilingen/<int:round_id>/opmerkingen/", views.remarks, name="remarks"),
    path("peilingen/<int:round_id>/tussenstand/", views.publish, name="publish"),
    path("peilingen/<int:round_id>/afdrukkop.css", views.print_css, name="print-css"),
    path(
        "peilingen/<int:round_id>/opmerkingen/<public_id:public_id>/verbergen/",
        views.remark_visibility,
        {"hidden": True},
        name="remark-hide",
    ),
    path(
        "peilingen/<int:round_id>/opmerkingen/<public_id:public_id>/tonen/",
        views.remark_visibility,
        {"hidden": False},
        name="remark-show",
    ),
    path("d/<str:code>/profiel/", participant.own_profile, name="profile"),
]
