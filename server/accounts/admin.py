"""Admins manage users here (/admin).  Roles are the groups requester, agent and admin.

An admin who is not a superuser cannot make anyone a superuser nor hand out single
permissions (those fields are read-only for them, so the role groups stay the only way
to grant access), and cannot change or delete a superuser (nor set their password).
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone

from accounts.models import ApiToken

User = get_user_model()


class DeskUserAdmin(UserAdmin):
    list_display = ("username", "email", "is_active", "is_staff", "role_groups", "last_login")
    list_filter = ("groups", "is_active", "is_staff", "is_superuser")

    @admin.display(description="roles")
    def role_groups(self, obj) -> str:
        return ", ".join(group.name for group in obj.groups.all())

    def has_change_permission(self, request, obj=None):
        # Otherwise an admin could set a superuser's password and become one.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly


admin.site.unregister(User)
admin.site.register(User, DeskUserAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are created by their owner, who alone sees the secret

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
