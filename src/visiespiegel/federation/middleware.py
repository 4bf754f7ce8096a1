"""A page with a form that leads to the provider (accepting an invitation or linking one's own
account with the school account: the POST answers with a redirect there) may send forms to the
provider's origin. Browsers check the Content Security Policy's form-action along the redirects
of a form, so without this the strict policy stops the browser on its way to the log-in."""

from __future__ import annotations

from visiespiegel.federation import provider

MARK = "federation_form_action"  # set on the request by whatever renders such a form


def mark(request) -> None:
    setattr(request, MARK, True)


class ProviderFormsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, MARK, False) and (origin := provider.authorization_origin()):
            response._csp_update = {"form-action": [origin]}
        return response
