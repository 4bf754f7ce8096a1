from django.urls import path

from visiespiegel.organisations import duo_views, views

app_name = "organisations"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<slug:slug>/", views.home, name="home"),
    path("<slug:slug>/eenheden/", views.units, name="units"),
    path("<slug:slug>/eenheden/import/", views.unit_import, name="unit-import"),
    path("<slug:slug>/eenheden/voorbeeld.csv", views.unit_template, name="unit-template"),
    path("<slug:slug>/eenheden/duo/", duo_views.duo_upload, name="duo-upload"),
    path("<slug:slug>/eenheden/duo/controle/", duo_views.duo_preview, name="duo-preview"),
    path("<slug:slug>/eenheden/duo/importeren/", duo_views.duo_apply, name="duo-apply"),
    path("<slug:slug>/eenheden/<int:unit_id>/", views.unit_edit, name="unit-edit"),
    path("<slug:slug>/eenheden/<int:unit_id>/verwijderen/", views.unit_delete, name="unit-delete"),
    path("<slug:slug>/leden/", views.members, name="members"),
    path("<slug:slug>/leden/<int:member_id>/rol/", views.member_role, name="member-role"),
    path(
        "<slug:slug>/leden/uitnodigingen/<int:invitation_id>/intrekken/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path(
        "<slug:slug>/leden/<int:member_id>/verwijderen/", views.member_remove, name="member-remove"
    ),
]
