"""`visiespiegel unit add SLUG NAME [...]`, `visiespiegel unit import SLUG FILE.csv` and
`visiespiegel unit import-duo SLUG FILE... [--swv CODE] [--dry-run]`."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from visiespiegel.organisations.duo import DuoFileError, read
from visiespiegel.organisations.duo_import import apply_duo_import, plan_duo_import
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
        duo = actions.add_parser(
            "import-duo",
            help="Boards and school locations from DUO's CSV files (all locations, all boards, "
            "locations per samenwerkingsverband); prints what changed.",
        )
        duo.add_argument("slug")
        duo.add_argument("files", nargs="+", metavar="FILE")
        duo.add_argument("--swv", default="", help="the samenwerkingsverband, e.g. PO2201")
        duo.add_argument("--dry-run", action="store_true", help="show the changes, make none")

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
        if action == "import-duo":
            self.import_duo(organisation, options)
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

    def import_duo(self, organisation, options):
        files = []
        for name in options["files"]:
            try:
                files.append((Path(name).name, Path(name).read_bytes()))
            except OSError as error:
                raise fail(f"{name}: cannot be read ({error})") from None
        try:
            register = read(files, swv=options["swv"])
        except DuoFileError as error:
            raise fail("nothing imported\n" + "\n".join(map(str, error.problems))) from None
        if options["dry_run"]:
            plan = plan_duo_import(organisation=organisation, register=register)
        else:
            plan = apply_duo_import(organisation=organisation, register=register)
        print_json(self, {**plan.summary(), "applied": not options["dry_run"]})
