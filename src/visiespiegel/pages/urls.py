from django.urls import path

from visiespiegel.pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("privacy/documenten/<slug:name>/", views.document, name="document"),
]
