"""`visiespiegel setup [--demo]`: make a database ready to use. Safe to run at every start."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from visiespiegel.demo import describe, is_empty, load_demo
from visiespiegel.frameworks.loader import load_framework_file
from visiespiegel.frameworks.services import import_framework
from visiespiegel.rounds.drafts import purge_drafts
from visiespiegel.rounds.enums import DRAFT_DAYS
from visiespiegel.static_files import collect_static


class Command(BaseCommand):
    help = (
        "Migrate, remove stale drafts, collect the static files (when they changed), import the "
        "shipped framework (a new version only if changed), and with --demo load demo data "
        "into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="load a demo organisation, login and round if there are none",
        )

    def handle(self, *args, demo: bool = False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if collect_static():
            self.stdout.write("Statische bestanden verzameld")
        purge_drafts(days=DRAFT_DAYS)
        for path in settings.SHIPPED_FRAMEWORKS:
            version, created = import_framework(spec=load_framework_file(path))
            state = "geïmporteerd" if created else "aanwezig"
            self.stdout.write(f"Kader {version.key} versie {version.number}: {state}")
        if demo and is_empty():
            load_demo()
            self.stdout.write(
                "Demo geladen: twee gesloten peilingen met antwoorden en een open peiling."
            )
        if demo and (how := describe()):
            self.stdout.write(how)
