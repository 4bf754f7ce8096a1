"""The product's URLs plus /bare/<round id>/responses (bench/bare.py)."""

from bare import insert
from django.urls import include, path

urlpatterns = [
    path("bare/<int:round_id>/responses", insert),
    path("", include("visiespiegel.urls")),
]
