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
    path("sessies/<int:session_id>/regie/", live.control, name="control"),
    path("sessies/<int:session_id>/regie/verder/", live.go_next, name="next"),
    path("sessies/<int:session_id>/regie/terug/", live.go_back, name="back"),
    path("sessies/<int:session_id>/regie/naar/", live.go_to, name="goto"),
    path("sessies/<int:session_id>/regie/onthullen/", live.reveal, name="reveal"),
    path("sessies/<int:session_id>/regie/timer/", live.timer, name="timer"),
    path("sessies/<int:session_id>/regie/stemming-open/", live.open_vote, name="vote-open"),
    path("sessies/<int:session_id>/regie/stemming-dicht/", live.close_vote, name="vote-close"),
    path("sessies/<int:session_id>/regie/besluit/", live.decide, name="decide"),
    path("sessies/<int:session_id>/regie/afsluiten/", live.end, name="end"),
    path("s/", live.phone_join, name="phone-join"),
    path("s/<str:code>/", live.phone, name="phone"),
    path("s/<str:code>/wie/", live.phone_audience, name="phone-audience"),
    path("s/<str:code>/stand/", live.phone_state, name="phone-state"),
    path("s/<str:code>/stem/", live.phone_vote, name="phone-vote"),
]
