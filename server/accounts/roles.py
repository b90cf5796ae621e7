"""Roles are Django groups holding Django permissions; this table is the one place that
says which role may do what.  Code asks for permissions (``user.has_perm``), never for a
role's name, so a desk can grant one permission to someone without changing code.

- requester: submits tickets and follows their own (may edit their text and close them)
- agent: sees and works every ticket, sees the statistics
- admin: an agent who also manages users (Django admin at /admin)

A superuser (``createsuperuser``) has every permission and counts as an admin.
"""

from __future__ import annotations

from enum import StrEnum

from core.permissions import Perm


class Role(StrEnum):
    REQUESTER = "requester"
    AGENT = "agent"
    ADMIN = "admin"


_REQUESTER = (
    Perm.SUBMIT_TICKET,
    Perm.VIEW_OWN_TICKETS,
    Perm.EDIT_OWN_TICKET,
    Perm.CLASSIFY,
)
_AGENT = (
    Perm.SUBMIT_TICKET,
    Perm.VIEW_OWN_TICKETS,
    Perm.VIEW_ALL_TICKETS,
    Perm.CHANGE_ANY_TICKET,
    Perm.VIEW_STATS,
    Perm.CLASSIFY,
)
_ADMIN = (
    *_AGENT,
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.view_user",
    "auth.view_group",
    "accounts.view_apitoken",
    "accounts.change_apitoken",
)

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.REQUESTER: _REQUESTER,
    Role.AGENT: _AGENT,
    Role.ADMIN: _ADMIN,
}
# Checked from the most to the least powerful: a user in two groups has the higher role.
ROLE_ORDER = (Role.ADMIN, Role.AGENT, Role.REQUESTER)


def group_name(role: Role) -> str:
    return role.value


def role_of(user) -> Role | None:
    """The user's role; None for anonymous users and users in no role group."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    names = _group_names(user)
    for role in ROLE_ORDER:
        if group_name(role) in names:
            return role
    return None


def _group_names(user) -> set[str]:
    cached = getattr(user, "_desk_group_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._desk_group_names = cached
    return cached


def sync_role_groups(*, using: str = "default", apps=None) -> None:
    """Create the role groups and give each exactly its permissions (idempotent).

    ``apps`` is a migration's app registry, or None for the real models.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name(role))
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            found = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if found is not None:
                wanted.append(found)
        group.permissions.set(wanted)
