from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from visiespiegel.frameworks.models import FrameworkVersion
from visiespiegel.frameworks.selectors import get_framework, placemat

VIEWS = ("thema", "model")


def placemat_view(request):
    """The whole framework on one page; ?weergave=model lists it model by model."""
    try:
        framework = get_framework(request.GET.get("kader", settings.DEFAULT_FRAMEWORK))
    except FrameworkVersion.DoesNotExist:
        raise Http404 from None
    view = request.GET.get("weergave")
    return render(
        request,
        "frameworks/placemat.html",
        {"placemat": placemat(framework), "view": view if view in VIEWS else "thema"},
    )
