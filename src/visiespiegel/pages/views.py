from django.conf import settings
from django.shortcuts import render


def home(request):
    return render(request, "pages/home.html")


def privacy(request):
    return render(request, "pages/privacy.html", {"contact_email": settings.CONTACT_EMAIL})


def accessibility(request):
    return render(request, "pages/accessibility.html", {"contact_email": settings.CONTACT_EMAIL})
