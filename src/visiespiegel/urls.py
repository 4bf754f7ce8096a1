from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from visiespiegel.api import api
from visiespiegel.federation.auth import AdminLoginForm
from visiespiegel.federation.views import PasswordLoginView
from visiespiegel.organisations.auth import AccountResetForm, ResetConfirmView
from visiespiegel.organisations.views import accept_invitation, token_revoke, tokens

admin.site.site_header = admin.site.site_title = "Visiespiegel beheer"
admin.site.login_form = AdminLoginForm  # the same pause and password rule as /inloggen/

urlpatterns = [
    path("", include("visiespiegel.pages.urls")),
    path("kader/", include("visiespiegel.frameworks.urls")),
    path("d/", include("visiespiegel.rounds.participate_urls")),
    path("org/", include("visiespiegel.organisations.urls")),
    path("", include("visiespiegel.rounds.urls")),
    path("", include("visiespiegel.insights.urls")),
    path("", include("visiespiegel.dialogue.urls")),
    path("inloggen/", PasswordLoginView.as_view(), name="login"),
    path("", include("visiespiegel.federation.urls")),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "wachtwoord/vergeten/",
        auth_views.PasswordResetView.as_view(
            form_class=AccountResetForm,
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord/nieuw/<uidb64>/<token>/",
        ResetConfirmView.as_view(template_name="accounts/password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/klaar/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("uitnodiging/<str:token>/", accept_invitation, name="accept-invitation"),
    path("api-sleutels/", tokens, name="tokens"),
    path("api-sleutels/<int:token_id>/intrekken/", token_revoke, name="token-revoke"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("beheer/", admin.site.urls),
]
