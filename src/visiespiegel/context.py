"""Settings that templates need everywhere."""

from django.conf import settings


def interface(request) -> dict:
    return {"poll_seconds": settings.POLL_SECONDS}
