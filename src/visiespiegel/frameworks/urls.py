from django.urls import path

from visiespiegel.frameworks import views

app_name = "frameworks"
urlpatterns = [
    path("", views.placemat_view, name="placemat"),
]
