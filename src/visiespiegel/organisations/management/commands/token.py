"""`visiespiegel token create USERNAME` (the token is the last line), `list`, `revoke`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from visiespiegel.organisations.management.commands._common import fail, print_json
from visiespiegel.organisations.models import ApiToken
from visiespiegel.organisations.services import create_token, revoke_token


class Command(BaseCommand):
    help = "Create, list and revoke API tokens. Tokens are stored hashed and shown only once."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token; it is the last line.")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for")
        listing = actions.add_parser("list", help="List a user's tokens (prefixes only).")
        listing.add_argument("username")
        revoke = actions.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        if action == "revoke":
            tokens = ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True)
            if tokens.count() != 1:
                raise fail(f"no single active token with prefix {options['prefix']!r}")
            revoke_token(token=tokens.get())
            self.stdout.write(f"revoked {options['prefix']}")
            return
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise fail(f"no user {options['username']!r}")
        if action == "list":
            print_json(
                self,
                [
                    {
                        "prefix": t.prefix,
                        "name": t.name,
                        "created_at": t.created_at.isoformat(),
                        "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                        "revoked": t.revoked_at is not None,
                    }
                    for t in user.api_tokens.order_by("created_at")
                ],
            )
            return
        token = create_token(user=user, name=options["name"])
        self.stdout.write(f"API token for {user.get_username()} (shown once; keep it secret):")
        self.stdout.write(token)
