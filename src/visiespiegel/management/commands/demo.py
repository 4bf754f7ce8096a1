"""`visiespiegel demo`: say how to log in to the demo and join its open round (loading the demo
first into an empty database)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from visiespiegel.demo import describe


class Command(BaseCommand):
    help = "Print the demo login and the code of its open round; load the demo when empty."

    def handle(self, *args, **options):
        call_command("setup", demo=True, stdout=self.stdout)
        if describe() is None:
            raise CommandError(
                "Deze database heeft al andere gegevens en geen demo; start met een lege "
                "DATA_DIR om de demo te zien."
            )
