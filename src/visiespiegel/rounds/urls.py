from django.urls import path

from visiespiegel.rounds import views

app_name = "rounds"
urlpatterns = [
    path("org/<slug:slug>/peilingen/nieuw/", views.create, name="create"),
    path("peilingen/<int:round_id>/", views.detail, name="detail"),
    path("peilingen/<int:round_id>/bewerken/", views.edit, name="edit"),
    path("peilingen/<int:round_id>/deelname/", views.participation_partial, name="participation"),
    path("peilingen/<int:round_id>/sluiten/", views.close, name="close"),
    path("peilingen/<int:round_id>/openen/", views.open_, name="open"),
    path("peilingen/<int:round_id>/verwijderen/", views.delete, name="delete"),
    path("peilingen/<int:round_id>/uitnodiging/", views.invitation, name="invitation"),
    path("peilingen/<int:round_id>/qr.<str:kind>", views.qr, name="qr"),
    path(
        "peilingen/<int:round_id>/codes/maken/", views.invitations_create, name="invitations-create"
    ),
    path("peilingen/<int:round_id>/codes/", views.invitations, name="invitations"),
    path("peilingen/<int:round_id>/verwacht/", views.expected, name="expected"),
]
