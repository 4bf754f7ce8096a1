"""`visiespiegel setup`: make a database ready to use. Safe to run at every start."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from visiespiegel.frameworks.loader import load_framework_file
from visiespiegel.frameworks.services import import_framework


class Command(BaseCommand):
    help = "Migrate the database and import the shipped framework (a new version only if changed)."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        for path in settings.SHIPPED_FRAMEWORKS:
            version, created = import_framework(spec=load_framework_file(path))
            state = "geïmporteerd" if created else "aanwezig"
            self.stdout.write(f"Kader {version.key} versie {version.number}: {state}")
