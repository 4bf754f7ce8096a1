"""`visiespiegel framework validate|import|export`."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from visiespiegel.frameworks.loader import load_framework_file
from visiespiegel.frameworks.models import FrameworkVersion
from visiespiegel.frameworks.schema import FrameworkError
from visiespiegel.frameworks.selectors import framework_as_dict, get_framework
from visiespiegel.frameworks.services import import_framework


class Command(BaseCommand):
    help = "Validate, import and export framework files."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        validate = actions.add_parser(
            "validate", help="Check a framework file; list every problem."
        )
        validate.add_argument("file")
        imp = actions.add_parser("import", help="Store a framework file as a new version.")
        imp.add_argument("file")
        export = actions.add_parser("export", help="Print a stored framework.")
        export.add_argument("--key", default=settings.DEFAULT_FRAMEWORK)
        export.add_argument("--version", type=int, dest="number", help="default: the latest")
        export.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, action, **options):
        if action == "export":
            return self.export(options["key"], options["number"])
        spec = self.load(options["file"])
        if action == "validate":
            self.stdout.write(
                f"{options['file']}: valid framework {spec.key!r} with {len(spec.models)} models, "
                f"{len(spec.themes)} themes, {len(spec.cells)} cells, {len(spec.risks)} risk blocks"
            )
        else:
            version, created = import_framework(spec=spec)
            state = "imported as" if created else "unchanged, already stored as"
            self.stdout.write(f"{spec.key}: {state} version {version.number}")

    def load(self, path):
        try:
            return load_framework_file(path)
        except FrameworkError as error:
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            count = len(error.problems)
            raise CommandError(
                f"{path}: {count} problem{'s' if count != 1 else ''}\n{lines}", returncode=1
            ) from None

    def export(self, key, number):
        try:
            framework = get_framework(key, number)
        except FrameworkVersion.DoesNotExist:
            which = f"version {number} of " if number else ""
            raise CommandError(f"no {which}framework with key {key!r}", returncode=1) from None
        self.stdout.write(json.dumps(framework_as_dict(framework), ensure_ascii=False, indent=2))
