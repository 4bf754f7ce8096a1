"""`visiespiegel serve`: uvicorn (ASGI) for real use, whitenoise for the static files."""

from django.conf import settings
from django.core.management.base import BaseCommand

from visiespiegel.static_files import collect_static


class Command(BaseCommand):
    help = "Serve Visiespiegel with uvicorn (defaults from HOST and PORT)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.HOST)
        parser.add_argument("--port", type=int, default=settings.PORT)
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.WEB_WORKERS,
            help="worker processes (default: WEB_CONCURRENCY, or one per CPU up to 4)",
        )

    def handle(self, *args, host, port, workers, **options):
        import uvicorn

        # Static files are served from STATIC_ROOT with hashed names; collected again only
        # when they changed (an upgrade never serves a stale stylesheet), so a restart answers
        # within seconds.
        collect_static()
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(f"Visiespiegel draait op http://{shown}:{port}/ (stoppen: Ctrl+C)")
        uvicorn.run(
            "visiespiegel.asgi:application",
            host=host,
            port=port,
            workers=workers,
            lifespan="off",
            # Never log client addresses: participants are anonymous.
            access_log=False,
            server_header=False,
            log_level="warning",
        )
