"""Where the OpenID Connect provider is: the OIDC_* settings, with the endpoints that are not
set one by one taken from the issuer's discovery document (kept an hour in the cache).

mozilla-django-oidc reads its settings through `setting`, so it never sees an empty endpoint.
"""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

# mozilla-django-oidc's setting -> the discovery document's key
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
}
DISCOVERY_SECONDS = 3600

logger = logging.getLogger(__name__)


def configured() -> bool:
    """Log-in with the school account is on: an issuer and a client id are set."""
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def discovery_url() -> str:
    return (
        settings.OIDC_DISCOVERY_URL
        or settings.OIDC_ISSUER.rstrip("/") + "/.well-known/openid-configuration"
    )


def _discovery() -> dict:
    url = discovery_url()
    key = "federation:discovery:" + hashlib.sha256(url.encode()).hexdigest()
    document = cache.get(key)
    if document is None:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
        if document.get("issuer") != settings.OIDC_ISSUER:
            raise ImproperlyConfigured(
                f"{url} names the issuer {document.get('issuer')!r}, not OIDC_ISSUER "
                f"{settings.OIDC_ISSUER!r}"
            )
        cache.set(key, document, DISCOVERY_SECONDS)
    return document


def setting(name: str, *default):
    """A setting for mozilla-django-oidc. The discovery document is read only when one of the
    endpoints the log-in needs (authorization, token, keys) is not set."""
    if name in ENDPOINTS:
        if value := getattr(settings, name):
            return value
        needed = [n for n in ENDPOINTS if n != "OIDC_OP_USER_ENDPOINT"]
        if name == "OIDC_OP_USER_ENDPOINT" and all(getattr(settings, n) for n in needed):
            return ""  # every endpoint set by hand, without user info: the ID token suffices
        return _discovery().get(ENDPOINTS[name], "")
    if default:
        return getattr(settings, name, default[0])
    return getattr(settings, name)


def authorization_origin() -> str:
    """scheme://host[:port] of the authorization endpoint; the issuer's while the provider
    cannot be reached (its log-in then fails with a page that says so)."""
    try:
        url = setting("OIDC_OP_AUTHORIZATION_ENDPOINT") or settings.OIDC_ISSUER
    except (requests.RequestException, ValueError, ImproperlyConfigured) as error:
        logger.error("OpenID Connect provider unavailable: %s", error)
        url = settings.OIDC_ISSUER
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
