"""`visiespiegel organisation create SLUG --name NAME`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from visiespiegel.organisations.management.commands._common import fail, print_json
from visiespiegel.organisations.services import create_organisation


class Command(BaseCommand):
    help = "Create an organisation."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create an organisation; prints its id.")
        create.add_argument("slug")
        create.add_argument("--name", required=True)

    def handle(self, *args, action, slug, name, **options):
        try:
            organisation = create_organisation(slug=slug, name=name)
        except ValidationError as error:
            raise fail(error) from None
        print_json(self, {"id": organisation.pk, "slug": organisation.slug})
