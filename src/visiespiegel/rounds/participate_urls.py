from django.urls import path

from visiespiegel.rounds import participate

app_name = "participate"
urlpatterns = [
    path("", participate.join, name="join"),
    path("<str:code>/", participate.intro, name="intro"),
    path("<str:code>/e/<int:unit_id>/", participate.intro, name="intro-unit"),
    path("<str:code>/c/<str:personal>/", participate.intro, name="intro-personal"),
    path("<str:code>/begin/", participate.start, name="start"),
    path("<str:code>/rol/", participate.role, name="role"),
    path("<str:code>/school/", participate.unit, name="unit"),
    path("<str:code>/thema/<int:number>/", participate.theme, name="theme"),
    path("<str:code>/overzicht/", participate.review, name="review"),
    path("<str:code>/versturen/", participate.submit, name="submit"),
    path("<str:code>/mijn/<str:token>/", participate.private_link, name="private"),
]
