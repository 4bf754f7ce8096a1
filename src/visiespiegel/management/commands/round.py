"""`visiespiegel round create|fill|close|recount|publish|results|archive|restore ...`: rounds
from the command line.

It lives in the project, above the apps, because it uses rounds and insights alike."""

import secrets
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from visiespiegel.frameworks.models import FrameworkVersion
from visiespiegel.frameworks.selectors import get_framework
from visiespiegel.insights import report, reports, selectors
from visiespiegel.insights.services import AnswersKept, delete_raw_answers, publish
from visiespiegel.organisations.management.commands._common import (
    fail,
    organisation_or_fail,
    print_json,
)
from visiespiegel.organisations.models import Unit
from visiespiegel.rounds import archive, synthetic, tally
from visiespiegel.rounds.enums import DEFAULT_THRESHOLD, Role
from visiespiegel.rounds.lifecycle import ANSWERS_GONE, close_round, create_round
from visiespiegel.rounds.models import Round
from visiespiegel.rounds.submission import RoundClosed

MAX_FILL = 1_000_000


class Command(BaseCommand):
    help = "Create and close rounds."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create an open round.")
        create.add_argument("slug")
        create.add_argument("--title", required=True)
        create.add_argument("--threshold", type=int, default=DEFAULT_THRESHOLD)
        create.add_argument(
            "--framework",
            default=settings.DEFAULT_FRAMEWORK,
            help="framework key; its latest version is used",
        )
        create.add_argument(
            "--synthetic",
            action="store_true",
            help="mark the round as test data (made-up answers; shown as such everywhere)",
        )
        create.add_argument("--json", action="store_true", help="print {id, code} as JSON")
        fill = actions.add_parser(
            "fill",
            help="Add made-up responses to a round created with --synthetic, in bulk through "
            "the same checks and inserts as real ones.",
        )
        fill.add_argument("round_id", type=int)
        fill.add_argument("--responses", type=int, required=True, help="how many people")
        fill.add_argument(
            "--seed",
            type=int,
            help="the same seed draws the same people: filling again adds nobody twice "
            "(default: a new seed, printed)",
        )
        close = actions.add_parser(
            "close", help="Close a round: it accepts nothing more; its final results are published."
        )
        close.add_argument("round_id", type=int)
        recount = actions.add_parser(
            "recount",
            help="Rebuild a round's tally (the counts behind its results) from its answers.",
        )
        recount.add_argument("round_id", type=int)
        forget = actions.add_parser(
            "delete-answers",
            help="Delete a closed round's raw answers after the retention period "
            "(ANSWER_RETENTION_DAYS), keeping its published results.",
        )
        forget.add_argument("round_id", type=int)
        interim = actions.add_parser(
            "publish", help="Publish an interim snapshot (tussenstand) of an open round."
        )
        interim.add_argument("round_id", type=int)
        interim.add_argument("--json", action="store_true", help="print JSON (the default)")
        results = actions.add_parser(
            "results", help="The round's figures for a unit (subtree) and role, as JSON."
        )
        results.add_argument("round_id", type=int)
        results.add_argument("--unit", type=int, help="unit id; its whole subtree counts")
        results.add_argument("--role", help="role key, e.g. leraar")
        results.add_argument("--json", action="store_true", help="print JSON (the default)")
        pdf = actions.add_parser(
            "report", help="Write the PDF report of a unit (subtree) and role, or the whole round."
        )
        pdf.add_argument("round_id", type=int)
        pdf.add_argument("--unit", type=int, help="unit id; its whole subtree counts")
        pdf.add_argument("--role", help="role key, e.g. leraar")
        pdf.add_argument("--lang", choices=["nl", "en"], default="nl")
        pdf.add_argument("--output", required=True, help="file to write")
        every = actions.add_parser(
            "reports",
            help="Queue the reports of every unit as one ZIP for `visiespiegel worker`; "
            "prints {job}.",
        )
        every.add_argument("round_id", type=int)
        every.add_argument("--lang", choices=["nl", "en"], default="nl")
        every.add_argument("--json", action="store_true", help="print JSON (the default)")
        saved = actions.add_parser(
            "archive",
            help="Write a whole round (framework version, units, answers) as a sealed archive "
            "that only this installation's archive key opens.",
        )
        saved.add_argument("round_id", type=int)
        saved.add_argument(
            "--output",
            required=True,
            help="file to write, e.g. peiling.vsarchive ('-': standard out)",
        )
        restored = actions.add_parser(
            "restore",
            help="A new round in an organisation from a sealed archive of this installation; "
            "all or nothing.",
        )
        restored.add_argument("slug")
        restored.add_argument("file", help="archive file ('-': standard input)")
        restored.add_argument(
            "--threshold", type=int, help="raise the archived anonymity threshold (never lower)"
        )
        restored.add_argument("--json", action="store_true", help="print {id} (the default)")

    def handle(self, *args, action, **options):
        if action in ("archive", "restore", "report", "reports", "delete-answers"):
            action = action.replace("-", "_")
            return getattr(self, action)(options)
        if action == "results":
            round_, _unit = self.group(options)
            found = selectors.results(round_, unit_id=options["unit"], role=options["role"])
            print_json(self, found.figures)
            return
        if action == "fill":
            return self.fill(options)
        if action == "recount":
            round_ = Round.objects.filter(pk=options["round_id"]).first()
            if round_ is None:
                raise fail(f"no round {options['round_id']}")
            if round_.answers_deleted_at:
                raise fail(str(ANSWERS_GONE))
            cells = tally.recount(round_)
            self.stdout.write(f"round {round_.pk}: tally rebuilt, {cells} cells")
            return
        if action in ("close", "publish"):
            round_ = Round.objects.filter(pk=options["round_id"]).first()
            if round_ is None:
                raise fail(f"no round {options['round_id']}")
            if action == "close":
                close_round(round_=round_)
                selectors.snapshot_publishing_final(round_)  # publishes the final snapshot
                self.stdout.write(f"round {round_.pk} closed; final results published")
                return
            if not round_.is_open():
                raise fail(f"round {round_.pk} is closed; its final results are published")
            snapshot = publish(round_=round_)
            print_json(
                self,
                {
                    "number": snapshot.number,
                    "responses": snapshot.responses,
                    "created_at": snapshot.created_at.isoformat(),
                },
            )
            return
        organisation = organisation_or_fail(options["slug"])
        try:
            framework = get_framework(options["framework"])
        except FrameworkVersion.DoesNotExist:
            raise fail(f"no framework {options['framework']!r}") from None
        try:
            round_ = create_round(
                organisation=organisation,
                title=options["title"],
                framework=framework,
                threshold=options["threshold"],
                synthetic=options["synthetic"],
            )
        except ValidationError as error:
            raise fail(error) from None
        if options["json"]:
            print_json(self, {"id": round_.pk, "code": round_.code, "synthetic": round_.synthetic})
        else:
            self.stdout.write(f"round {round_.pk}: join code {round_.display_code}")

    def fill(self, options) -> None:
        round_ = Round.objects.select_related("framework").filter(pk=options["round_id"]).first()
        if round_ is None:
            raise fail(f"no round {options['round_id']}")
        if not 1 <= options["responses"] <= MAX_FILL:
            raise fail(f"--responses must be between 1 and {MAX_FILL:,}")
        seed = options["seed"] if options["seed"] is not None else secrets.randbits(32)
        started = time.monotonic()
        try:
            added = synthetic.fill(round_, options["responses"], seed=seed)
        except ValidationError as error:
            raise fail(" ".join(error.messages)) from None
        except RoundClosed:
            raise fail(f"round {round_.pk} is not open") from None
        seconds = time.monotonic() - started
        skipped = options["responses"] - added
        self.stdout.write(
            f"round {round_.pk}: {added} made-up responses added in {seconds:.1f} s (seed {seed})"
            + (f"; {skipped} drawn before with this seed were already there" if skipped else "")
        )

    def group(self, options) -> tuple[Round, Unit | None]:
        """The round, unit and role that --unit and --role name (or a clear error)."""
        round_ = Round.objects.select_related("organisation").filter(pk=options["round_id"]).first()
        if round_ is None:
            raise fail(f"no round {options['round_id']}")
        unit = None
        if options["unit"] is not None:
            unit = round_.organisation.units.filter(pk=options["unit"]).first()
            if unit is None:
                raise fail(f"no unit {options['unit']} in this round's organisation")
        if options["role"] is not None and options["role"] not in Role.values:
            raise fail(f"unknown role {options['role']!r}; one of {', '.join(Role.values)}")
        return round_, unit

    def report(self, options):
        round_, unit = self.group(options)
        content = report.pdf(round_, unit=unit, role=options["role"], language=options["lang"])
        Path(options["output"]).write_bytes(content)
        self.stderr.write(f"report written to {options['output']}")

    def reports(self, options):
        round_ = Round.objects.filter(pk=options["round_id"]).first()
        if round_ is None:
            raise fail(f"no round {options['round_id']}")
        job = reports.start(round_, language=options["lang"])
        print_json(self, {"job": str(job.pk)})

    def delete_answers(self, options):
        round_ = Round.objects.filter(pk=options["round_id"]).first()
        if round_ is None:
            raise fail(f"no round {options['round_id']}")
        try:
            deleted = delete_raw_answers(round_=round_)
        except AnswersKept as refused:
            raise fail(str(refused)) from None
        self.stdout.write(f"round {round_.pk}: {deleted} responses deleted; results kept")

    def archive(self, options):
        round_ = Round.objects.filter(pk=options["round_id"]).first()
        if round_ is None:
            raise fail(f"no round {options['round_id']}")
        if round_.answers_deleted_at:
            raise fail(str(ANSWERS_GONE))
        sealed = archive.seal(archive.archive(round_))
        if options["output"] == "-":
            sys.stdout.buffer.write(sealed)
        else:
            Path(options["output"]).write_bytes(sealed)
            self.stderr.write(f"round {round_.pk} written to {options['output']} (sealed)")

    def restore(self, options):
        organisation = organisation_or_fail(options["slug"])
        try:
            if options["file"] == "-":
                sealed = sys.stdin.buffer.read()
            else:
                sealed = Path(options["file"]).read_bytes()
        except OSError as error:
            raise fail(f"cannot read {options['file']}: {error}") from None
        try:
            round_ = archive.restore(organisation, sealed, threshold=options["threshold"])
        except archive.ArchiveInvalid as invalid:
            raise fail(
                "\n".join(
                    f"{'.'.join(map(str, loc)) or 'file'}: {msg}" for loc, msg in invalid.errors
                )
            ) from None
        except archive.ArchiveRefused as refused:
            raise fail(str(refused)) from None
        print_json(self, {"id": round_.pk})
