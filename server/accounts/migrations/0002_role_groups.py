"""The role groups (requester, agent, admin) with their permissions (accounts.roles)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_role_groups(apps, schema_editor):
    from accounts.roles import sync_role_groups

    # Permissions are normally created after all migrations (post_migrate); the groups
    # need them now.
    for label in ("auth", "tickets", "accounts"):
        create_permissions(
            global_apps.get_app_config(label),
            verbosity=0,
            using=schema_editor.connection.alias,
            apps=apps,
        )
    sync_role_groups(using=schema_editor.connection.alias, apps=apps)


def remove_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=["requester", "agent", "admin"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("tickets", "0005_ticket_requester"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
