import functools

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from visiespiegel.apierrors import is_json
from visiespiegel.rounds import entry


class LanguageMiddleware:
    """Dutch unless the visitor chose another language with the switch in the header.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which turns the
    interface English on the many Dutch phones set to English. Here only the language cookie
    (set by the switch, /i18n/setlang/) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.codes else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class ApiBodyMiddleware:
    """API bodies: too large is a 413 before anything reads it; a body that does not say it is
    JSON is refused by the API's parser, and that refusal is answered as the 415 it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/") or request.method not in ("POST", "PUT", "PATCH"):
            return self.get_response(request)
        if int(request.META.get("CONTENT_LENGTH") or 0) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return JsonResponse({"detail": "Het verzoek is te groot."}, status=413)
        response = self.get_response(request)
        if response.status_code == 400 and not is_json(request):
            detail = "Stuur de inhoud als JSON (Content-Type: application/json)."
            return JsonResponse({"detail": detail}, status=415)
        return response


@functools.cache
def participant_prefixes() -> tuple[str, ...]:
    """Where participants answer, see their own profile and vote: /d/ and /s/."""
    return (reverse("participate:join"), reverse("dialogue:phone-join"))


class PrivateResponsesMiddleware:
    """Results and answers stay out of every cache, the browser's own and any proxy's: each
    response to a signed-in user (a session or an API token: the pages, downloads and API
    answers with figures, remarks, the vision and the presenter) and every participant page
    is `private, no-store`. Public pages (home, framework) stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.path.startswith(participant_prefixes()):
            patch_cache_control(response, private=True, no_store=True)
        return response


class TooManyTriesMiddleware:
    """A network over its budget of wrong codes (rounds/entry.py) gets the same 429 page from
    every page that raises TooManyTries, such as the phones of a live session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, entry.TooManyTries):
            return render(request, "rounds/participate/busy.html", status=429)
        return None
