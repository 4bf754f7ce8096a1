from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    """Log in with the school account: OpenID Connect identities linked to invited accounts,
    and the choice per organisation to allow passwords or not."""

    name = "visiespiegel.federation"
    verbose_name = _("Schoolaccounts")

    def ready(self):
        # The invitation and members pages live in organisations, which knows nothing of this
        # app: it offers them a way to accept with the school account and the log-in setting.
        from visiespiegel.federation import views
        from visiespiegel.organisations.views import INVITATION_OPTIONS, MEMBERS_PAGE_PARTS

        if views.invitation_option not in INVITATION_OPTIONS:
            INVITATION_OPTIONS.append(views.invitation_option)
        if views.members_part not in MEMBERS_PAGE_PARTS:
            MEMBERS_PAGE_PARTS.append(views.members_part)
