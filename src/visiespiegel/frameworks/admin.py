"""Platform admin: framework versions are read-only, except the model labels."""

from django.contrib import admin

from visiespiegel.frameworks.models import FrameworkVersion, InclusionModel


class InclusionModelInline(admin.TabularInline):
    model = InclusionModel
    fields = ["position", "key", "label", "working_title"]
    readonly_fields = ["position", "key", "working_title"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "number", "created_at"]
    list_filter = ["key"]
    readonly_fields = [
        "key",
        "number",
        "title",
        "checksum",
        "source",
        "axis_start",
        "axis_end",
        "risks_title",
        "risks_intro",
        "created_at",
    ]
    inlines = [InclusionModelInline]

    def has_add_permission(self, request):
        # New versions come from files: `visiespiegel framework import FILE`.
        return False

    def has_delete_permission(self, request, obj=None):
        # Rounds and their answers point at a version; it must outlive them.
        return False
