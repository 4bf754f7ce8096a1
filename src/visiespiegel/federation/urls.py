from django.urls import path

from visiespiegel.federation import views

app_name = "federation"
urlpatterns = [
    path("schoolaccount/inloggen/", views.StartView.as_view(), name="login"),
    path("oidc/callback/", views.CallbackView.as_view(), name="callback"),
    path("schoolaccount/uitnodiging/<str:token>/", views.accept, name="accept"),
    path("org/<slug:slug>/leden/schoolaccount/", views.link, name="link"),
    path("org/<slug:slug>/leden/inlogbeleid/", views.login_policy, name="login-policy"),
]
