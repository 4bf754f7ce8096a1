"""`visiespiegel worker`: runs the background jobs (all reports of a round as one ZIP).

django-tasks' database worker, plus what this project needs before it starts: jobs whose worker
died (a restart, a crash) are queued again and resume where they stopped, old report files are
removed, and housekeeping is planned to do the same every few minutes.
"""

from django_tasks_db.management.commands import db_worker

from visiespiegel.insights import reports


class Command(db_worker.Command):
    help = "Run background jobs (reports of a round as a ZIP) until stopped."

    def handle(self, *args, **options):
        for job in reports.recover():
            self.stdout.write(f"Job {job.pk} hervat.")
        reports.prune()
        reports.schedule_housekeeping()
        super().handle(*args, **options)
