"""`visiespiegel user create USERNAME --organisation SLUG [--role R] [--email E]`."""

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from visiespiegel.organisations.enums import MemberRole
from visiespiegel.organisations.management.commands._common import (
    fail,
    organisation_or_fail,
    print_json,
)
from visiespiegel.organisations.services import create_user


class Command(BaseCommand):
    help = "Create a coordinator account in an organisation."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser(
            "create",
            help="Create an account. The password comes from VISIESPIEGEL_PASSWORD; without "
            "it the account has none until it is set via 'wachtwoord vergeten'.",
        )
        create.add_argument("username")
        create.add_argument("--organisation", required=True)
        create.add_argument("--role", choices=MemberRole.values, default=MemberRole.COORDINATOR)
        create.add_argument("--email", default="")

    def handle(self, *args, action, username, organisation, role, email, **options):
        org = organisation_or_fail(organisation)
        try:
            user = create_user(
                username=username,
                organisation=org,
                role=role,
                email=email,
                password=os.environ.get("VISIESPIEGEL_PASSWORD") or None,
            )
        except ValidationError as error:
            raise fail(error) from None
        print_json(self, {"id": user.pk, "username": user.get_username(), "role": role})
