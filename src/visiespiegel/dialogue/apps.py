from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    """From results to a choice: live sessions, the shared ambition, the vision text and the
    risk plan."""

    name = "visiespiegel.dialogue"
    verbose_name = _("Dialoog")

    def ready(self):
        # The ambition and the measures go into a round's archive and into its PDF report;
        # those live in lower layers, which know nothing of this app.
        from visiespiegel.dialogue import archive, report_section
        from visiespiegel.insights import report
        from visiespiegel.rounds.archive import PARTS

        PARTS.extend(p for p in archive.PARTS if p not in PARTS)
        if report_section.section not in report.SECTIONS:
            report.SECTIONS.append(report_section.section)
