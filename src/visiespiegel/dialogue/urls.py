from django.urls import path

from visiespiegel.dialogue import live, views

app_name = "dialogue"
urlpatterns = [
    path("peilingen/<int:round_id>/ambitie/", views.ambition, name="ambition"),
    path("peilingen/<int:round_id>/visie/", views.vision_page, name="vision"),
    path("peilingen/<int:round_id>/visie/download/", views.vision_download, name="vision-download"),
    path("peilingen/<int:round_id>/risicoplan/", views.risk_plan, name="plan"),
    path("peilingen/<int:round_id>/risicoplan/nieuw/", views.measure_add, name="measure-add"),
    path("maatregelen/<int:measure_id>/", views.measure_edit, name="measure"),
    path("peilingen/<int:round_id>/sessie/", live.start, name="session-start"),
    path("sessies/<int:session_id>/", live.presenter, name="presenter"),
    path("sessies/<int:session_id>/live/", live.presenter_live, name="presenter-live"),
    path("sessies/<int:session_id>/actie/", live.act, name="act"),
    path("s/", live.phone_join, name="phone-join"),
    path("s/<str:code>/", live.phone, name="phone"),
    path("s/<str:code>/stand/", live.phone_state, name="phone-state"),
    path("s/<str:code>/stem/", live.phone_vote, name="phone-vote"),
]
