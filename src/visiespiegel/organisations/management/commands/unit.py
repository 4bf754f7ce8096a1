"""`visiespiegel unit add SLUG NAME [...]` and `visiespiegel unit import SLUG FILE.csv`."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from visiespiegel.organisations.management.commands._common import (
    fail,
    organisation_or_fail,
    print_json,
)
from visiespiegel.organisations.services import UnitImportError, add_unit, import_units


class Command(BaseCommand):
    help = "Add units to an organisation, one by one or from a CSV file."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Add one unit; prints its id.")
        add.add_argument("slug")
        add.add_argument("name")
        add.add_argument("--type", dest="kind", default="school")
        add.add_argument("--parent", type=int, help="id of the parent unit")
        add.add_argument("--brin", default="")
        imp = actions.add_parser("import", help="Import units from CSV: name,type,parent,brin.")
        imp.add_argument("slug")
        imp.add_argument("file")

    def handle(self, *args, action, slug, **options):
        organisation = organisation_or_fail(slug)
        if action == "add":
            parent = None
            if options["parent"] is not None:
                parent = organisation.units.filter(pk=options["parent"]).first()
                if parent is None:
                    raise fail(f"no unit {options['parent']} in {slug!r}")
            try:
                unit = add_unit(
                    organisation=organisation,
                    name=options["name"],
                    kind=options["kind"],
                    parent=parent,
                    brin=options["brin"],
                )
            except ValidationError as error:
                raise fail(error) from None
            print_json(self, {"id": unit.pk})
            return
        try:
            text = Path(options["file"]).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise fail(f"{options['file']}: cannot be read ({error})") from None
        try:
            units = import_units(organisation=organisation, text=text)
        except UnitImportError as error:
            raise fail("nothing imported\n" + "\n".join(map(str, error.errors))) from None
        print_json(self, {"created": len(units), "ids": [u.pk for u in units]})
