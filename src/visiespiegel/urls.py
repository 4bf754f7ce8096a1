from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from visiespiegel.api import api

admin.site.site_header = admin.site.site_title = "Visiespiegel beheer"

urlpatterns = [
    path("", include("visiespiegel.pages.urls")),
    path("kader/", include("visiespiegel.frameworks.urls")),
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("beheer/", admin.site.urls),
]
