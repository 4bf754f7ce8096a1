from ninja.security import HttpBearer

from visiespiegel.organisations.services import user_for_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a token from `visiespiegel token create`."""

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user
