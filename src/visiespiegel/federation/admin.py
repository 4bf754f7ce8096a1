from django.contrib import admin

from visiespiegel.federation.models import FederatedIdentity, LoginPolicy


@admin.register(FederatedIdentity)
class FederatedIdentityAdmin(admin.ModelAdmin):
    """Platform administrators see which accounts have a school account and can unlink one
    (deleting the row); the subject is kept only as a hash."""

    list_display = ["user", "issuer", "linked_at"]
    search_fields = ["user__username", "user__email"]
    readonly_fields = ["user", "issuer", "subject_digest", "linked_at"]

    def has_add_permission(self, request):
        return False


@admin.register(LoginPolicy)
class LoginPolicyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "password_login"]
