from django.urls import path

from visiespiegel.insights import views

app_name = "insights"
urlpatterns = [
    path("peilingen/<int:round_id>/resultaten/", views.overview, name="overview"),
    path("peilingen/<int:round_id>/vergelijken/", views.compare, name="compare"),
    path("peilingen/<int:round_id>/signalen/", views.signals_page, name="signals"),
    path("peilingen/<int:round_id>/opmerkingen/", views.remarks, name="remarks"),
    path(
        "peilingen/<int:round_id>/opmerkingen/<int:remark_id>/verbergen/",
        views.remark_visibility,
        {"hidden": True},
        name="remark-hide",
    ),
    path(
        "peilingen/<int:round_id>/opmerkingen/<int:remark_id>/tonen/",
        views.remark_visibility,
        {"hidden": False},
        name="remark-show",
    ),
]
